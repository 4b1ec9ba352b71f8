/**
 * A registry the app has never heard of, mounted next to the app's features through the feature list alone (its
 * renderer side, test/fixtures/example-registry/feature.ts): the explorer renders its payload in words with its own
 * renderer, the outbox card says what it does, an unknown type still never reads raw, and the Verify screen verifies
 * its certified records with the verifier its registry declares, shown by the generic result panel — with no edit to
 * shared renderer code. Screens are rendered on the server (no browser), with the app's catalogue built from the list.
 */
import { NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h, type Component } from 'vue'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import { renderToString } from 'vue/server-renderer'
import { resolveParticlesIn } from '../../src/shared/particles'
import { FEATURES, provideRegistries } from '../../src/renderer/features/registry'
import PayloadView from '../../src/renderer/features/explorer/PayloadView.vue'
import OutboxView from '../../src/renderer/features/outbox/OutboxView.vue'
import { buildCatalogue } from '../../src/renderer/lib/features'
import { type MessageTarget, loadScreenMessages } from '../../src/renderer/i18n/screen-messages'
import en from '../../src/renderer/i18n/messages/en'
import ko, { type MessageSchema } from '../../src/renderer/i18n/messages/ko'
import { setConnectionEnv } from '../../src/renderer/stores/connection'
import { useOutboxStore } from '../../src/renderer/stores/outbox'
import type { Feature } from '../../src/renderer/nav'
import GenericVerifyResult from '../../src/renderer/features/verify/GenericVerifyResult.vue'
import { verifyRegistriesOf } from '../../src/renderer/features/verify/registries'
import { withFullRegistries } from '../../src/renderer/features/verify-features'
import { type RunInputs, runVerification } from '../../src/renderer/features/verify/run'
import { makeTx } from '../../src/ledger/types/tx'
import { memoFeature } from '../fixtures/example-registry/feature'
import { MEMO_TX, memoHashOf, memoQrText } from '../fixtures/example-registry/verifier'
import { certChain, handBuiltProof } from '../cert/fixture'
import { Cleanup, signerFor } from '../ledger/helpers'

// no node here: the screens ask for agencies' names and get none (ids stand in)
setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))

const MEMO = { id: 'm-1', text: 'The archive moves on Monday' }
const KEY = 'ab'.repeat(32)

async function mount(features: Feature[], screen: Component, props: Record<string, unknown>, locale: 'ko' | 'en', before?: () => void): Promise<string> {
  const pinia = createPinia()
  setActivePinia(pinia)
  before?.()
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: buildCatalogue({ ko, en }, features) as Record<'ko' | 'en', MessageSchema>, postTranslation: resolveParticlesIn })
  // the Verify screen's words arrive with its route (i18n/screen-messages.ts): loaded here as the route would
  await loadScreenMessages('verify', () => import('../../src/renderer/features/verify/messages'), i18n.global as unknown as MessageTarget)
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: { render: () => null } }] })
  await router.push('/')
  await router.isReady()
  const Host = defineComponent({
    setup() {
      provideRegistries(features)
      return () => h(NMessageProvider, null, { default: () => h(screen, props) })
    },
  })
  const html = await renderToString(createSSRApp(Host).use(pinia).use(i18n).use(router))
  // the text a reader sees, tags and comments taken out
  return html.replace(/<!--[^]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

/** This device's outbox holding one memo, waiting to be sent. */
function fill(): void {
  const tx = { v: 1, chainId: 'test', type: 'memo.note', payload: MEMO, signer: KEY, nonce: 1, time: Date.UTC(2026, 0, 5), sig: 'cd'.repeat(64) }
  const outbox = useOutboxStore()
  outbox.items = [{ id: 'i1', hash: 'ef'.repeat(32), tx, status: 'pending', createdAt: tx.time, updatedAt: tx.time, attempts: 0 }]
  outbox.loaded = true
}

describe('an example registry mounted through the feature list', () => {
  const features = [...FEATURES, memoFeature]

  it('renders its payload in the explorer with its own renderer and words, in English and Korean', async () => {
    const enText = await mount(features, PayloadView, { type: 'memo.note', payload: MEMO }, 'en')
    expect(enText).toContain('Memo m-1 reads: “The archive moves on Monday”')
    expect(enText).toContain('Memo number')
    expect(enText).not.toMatch(/Other field/)
    const koText = await mount(features, PayloadView, { type: 'memo.note', payload: MEMO }, 'ko')
    expect(koText).toContain('메모 m-1: 「The archive moves on Monday」')
    expect(koText).toContain('메모 번호')
    expect(koText).toContain('내용')
  })

  it('says what a payload its renderer does not take does by the registry’s one line (describe)', async () => {
    const fallback = await mount([...FEATURES, { ...memoFeature, renderers: {} }], PayloadView, { type: 'memo.note', payload: MEMO }, 'en')
    expect(fallback).toContain('Records memo m-1')
  })

  it('says what it does on the outbox card', async () => {
    const text = await mount(features, OutboxView, {}, 'en', fill)
    expect(text).toContain('Records memo m-1')
    expect(text).toContain('Memo number')
    const ko = await mount(features, OutboxView, {}, 'ko', fill)
    expect(ko).toContain('메모 기록')
    expect(ko).toContain('메모 m-1')
    expect(ko).toContain('메모 번호')
  })

  it('shows nothing of it by its code in an app without the feature', async () => {
    const text = await mount(FEATURES, PayloadView, { type: 'memo.note', payload: MEMO }, 'en')
    expect(text).not.toContain('Records memo')
    expect(text).not.toContain('Memo number')
    expect(text).not.toContain('memo.note')
    const card = await mount(FEATURES, OutboxView, {}, 'en', fill)
    expect(card).toContain('Transaction of another kind')
    expect(card).not.toContain('memo.note')
  })
})

describe('the Verify screen with the example registry mounted through the feature list', () => {
  const cleanup = new Cleanup()
  afterEach(() => cleanup.run())

  /** A memo certified in a block signed by the chain's validator, as its QR text, and the inputs of one verification. */
  async function memoInputs(text: string): Promise<{ qr: string; inputs: Omit<RunInputs, 'verifiers'> }> {
    const c = await certChain(cleanup, 'memo-ui')
    const tx = makeTx(signerFor('memo-ui/author'), { chainId: c.fx.chainId, type: MEMO_TX, payload: { id: 'm-1', text }, nonce: 1, time: 1 })
    const qr = memoQrText(handBuiltProof(c, tx))
    const inputs = {
      node: null,
      trustFile: { name: 'trust.json', list: c.trust, error: null },
      cert: null,
      documentHash: Promise.resolve(memoHashOf(text)),
      qr,
      number: '',
      time: (ms: number) => new Date(ms).toISOString(),
      noTrust: 'no trust list',
    }
    return { qr, inputs }
  }

  it('takes the memo’s verifier from its feature’s registry, and shows its record by the generic panel in words', async () => {
    const registries = verifyRegistriesOf(await withFullRegistries([...FEATURES, memoFeature]))
    expect(registries.verifiers.map((v) => v.registry)).toEqual(['land', 'notary', 'livestock', 'memo'])
    // the notary's feature declares its panel; the memo's declares none
    expect(registries.panels.has('notary')).toBe(true)
    expect(registries.panels.has('memo')).toBe(false)

    const { inputs } = await memoInputs('The archive moves on Monday')
    const out = await runVerification({ ...inputs, verifiers: registries.verifiers })
    if (out.kind !== 'certified') throw new Error(out.kind)
    expect(out).toMatchObject({ registry: 'memo', verification: { verdict: 'valid-as-of', record: { number: 'm-1' } } })
    expect(out.verification.checks.text!.result).toBe('pass')

    const props = { outcome: out, verifier: registries.verifiers.find((v) => v.registry === 'memo'), title: registries.titles.get('memo') }
    const en = await mount(features(), GenericVerifyResult, props, 'en')
    expect(en).toMatch(/Valid as of block \d+ \(.+\) — later changes not checked/)
    expect(en).toContain('A record of the Memo register')
    expect(en).toMatch(/Text Pass .*Not withdrawn Pass/)
    const ko = await mount(features(), GenericVerifyResult, props, 'ko')
    expect(ko).toContain('메모 등록부의 기록')
    expect(ko).toMatch(/내용 통과 .*철회 여부 통과/)
    expect(ko).toMatch(/블록 \d+\(.+\) 시점에 유효/)

    // another text than the one recorded: the memo's own check fails, and the verdict says so
    const other = await runVerification({ ...inputs, documentHash: Promise.resolve(memoHashOf('The archive stays')), verifiers: registries.verifiers })
    if (other.kind !== 'certified') throw new Error(other.kind)
    expect(other.verification.verdict).toBe('invalid')
    const bad = await mount(features(), GenericVerifyResult, { ...props, outcome: other }, 'en')
    expect(bad).toMatch(/Not valid .*Text Fail/)
  })

  it('refuses a memo’s QR text in an app without the memo feature, as a registry it does not know', async () => {
    const { inputs } = await memoInputs('x')
    const without = verifyRegistriesOf(await withFullRegistries(FEATURES))
    await expect(runVerification({ ...inputs, verifiers: without.verifiers })).rejects.toMatchObject({ reason: 'unknown-registry' })
  })
})

function features(): Feature[] {
  return [...FEATURES, memoFeature]
}
