/**
 * A registry the app has never heard of, mounted next to the app's features through the feature list alone (its
 * renderer side, test/fixtures/example-registry/feature.ts): the explorer renders its payload in words with its own
 * renderer, the outbox card says what it does, and an unknown type still never reads raw — with no edit to shared
 * renderer code. Screens are rendered on the server (no browser), with the app's catalogue built from the list.
 */
import { NMessageProvider } from 'naive-ui'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { createSSRApp, defineComponent, h, type Component } from 'vue'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter } from 'vue-router'
import { renderToString } from 'vue/server-renderer'
import { resolveParticlesIn } from '../../src/shared/particles'
import { FEATURES, provideRegistries } from '../../src/renderer/features/registry'
import PayloadView from '../../src/renderer/features/explorer/PayloadView.vue'
import OutboxView from '../../src/renderer/features/outbox/OutboxView.vue'
import { buildCatalogue } from '../../src/renderer/lib/features'
import en from '../../src/renderer/i18n/messages/en'
import ko, { type MessageSchema } from '../../src/renderer/i18n/messages/ko'
import { setConnectionEnv } from '../../src/renderer/stores/connection'
import { useOutboxStore } from '../../src/renderer/stores/outbox'
import type { Feature } from '../../src/renderer/nav'
import { memoFeature } from '../fixtures/example-registry/feature'

// no node here: the screens ask for agencies' names and get none (ids stand in)
setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))

const MEMO = { id: 'm-1', text: 'The archive moves on Monday' }
const KEY = 'ab'.repeat(32)

async function mount(features: Feature[], screen: Component, props: Record<string, unknown>, locale: 'ko' | 'en', before?: () => void): Promise<string> {
  const pinia = createPinia()
  setActivePinia(pinia)
  before?.()
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: buildCatalogue({ ko, en }, features) as Record<'ko' | 'en', MessageSchema>, postTranslation: resolveParticlesIn })
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
