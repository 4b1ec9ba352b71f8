/**
 * Send and follow (composables/useSendAndFollow.ts), the state every signing form shows: signing (`sending`), why
 * signing failed (`error`), the outbox item as it moves to committed or rejected (`sent`, `inFlight`, `onSettled`),
 * and a rejected item re-opened from the outbox re-signed in place. The composable runs in a live component (a
 * renderer that draws nothing, so watchers run as in the app) on a test pinia whose key store signs nothing. Then
 * FormSent.vue, which shows `sent` in words in both languages.
 */
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createRenderer, createSSRApp, defineComponent, h, nextTick, type PropType, type VNodeChild } from 'vue'
import { createI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { renderToString } from 'vue/server-renderer'
import { resolveParticlesIn } from '../../src/shared/particles'
import FormSent from '../../src/renderer/components/FormSent.vue'
import { useSendAndFollow, type Settled } from '../../src/renderer/composables/useSendAndFollow'
import { FEATURES, provideRegistries } from '../../src/renderer/features/registry'
import en from '../../src/renderer/i18n/messages/en'
import ko, { type MessageSchema } from '../../src/renderer/i18n/messages/ko'
import { buildCatalogue } from '../../src/renderer/lib/features'
import { RESUBMIT_QUERY } from '../../src/renderer/lib/forms'
import type { OutboxItem, OutboxStatus } from '../../src/renderer/lib/outbox'
import { setConnectionEnv } from '../../src/renderer/stores/connection'
import { useKeysStore } from '../../src/renderer/stores/keys'
import { useOutboxStore } from '../../src/renderer/stores/outbox'

// no node here: the words of a rejection need no agency names
setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))

const KEY = 'ab'.repeat(32)
const PAYLOAD = { number: 'A-1/002', action: 'suspend', reason: 'under review' }

function item(id: string, status: OutboxStatus, extra: Partial<OutboxItem> = {}): OutboxItem {
  const tx = { v: 1, chainId: 'test', type: 'notary.status', payload: PAYLOAD, signer: KEY, nonce: 1, time: Date.UTC(2026, 0, 5), sig: 'cd'.repeat(64) }
  return { id, hash: `${id}-hash`, tx, status, createdAt: tx.time, updatedAt: tx.time, attempts: 0, ...extra }
}

const catalogue = buildCatalogue({ ko, en }, FEATURES) as Record<'ko' | 'en', MessageSchema>
const i18nFor = (locale: 'ko' | 'en') =>
  createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: catalogue, postTranslation: resolveParticlesIn })

/** a renderer that draws nothing: the component lives, its watchers run */
const { createApp: liveApp } = createRenderer<object, object>({
  patchProp: () => undefined,
  insert: () => undefined,
  remove: () => undefined,
  createElement: () => ({}),
  createText: () => ({}),
  createComment: () => ({}),
  setText: () => undefined,
  setElementText: () => undefined,
  parentNode: () => null,
  nextSibling: () => null,
})

/** every test's component: runs `use` in its setup and renders what that returns */
const Host = defineComponent({
  props: { use: { type: Function as PropType<() => () => VNodeChild>, required: true } },
  setup: (props) => props.use(),
})

let pinia: Pinia
let router: Router
beforeEach(async () => {
  pinia = createPinia()
  setActivePinia(pinia)
  router = createRouter({ history: createMemoryHistory(), routes: ['/', '/outbox'].map((path) => ({ path, component: { render: () => null } })) })
})

/** useSendAndFollow as the status form uses it, at `path`; what `fill` was given */
async function follow(path = '/') {
  await router.push(path)
  await router.isReady()
  const filled: Record<string, unknown>[] = []
  let state!: ReturnType<typeof useSendAndFollow>
  const use = () => {
    state = useSendAndFollow('notary.status', (p) => void filled.push(p))
    return () => null
  }
  liveApp(Host, { use }).use(pinia).use(i18nFor('en')).use(router).mount({})
  return { state, filled }
}

/** the outbox as the store would hold it after the item changed */
function outboxHolds(...items: OutboxItem[]): void {
  useOutboxStore().items = items
}

const failed = (reason: string): string => `Cannot sign: ${reason}`

describe('send and follow', () => {
  it('is sending while the key signs, then follows the new item; a second send meanwhile is refused', async () => {
    const keys = useKeysStore()
    let sign!: (it: OutboxItem) => void
    const signAndSend = vi.fn(() => new Promise<OutboxItem>((resolve) => (sign = resolve)))
    keys.signAndSend = signAndSend
    const { state } = await follow()

    expect(state.sent.value).toBeNull()
    const first = state.send('notary.status', PAYLOAD, failed)
    expect(state.sending.value).toBe(true)
    expect(await state.send('notary.status', PAYLOAD, failed)).toBeNull()
    expect(signAndSend).toHaveBeenCalledTimes(1)
    expect(signAndSend).toHaveBeenCalledWith('notary.status', PAYLOAD, 'notary.status')

    outboxHolds(item('i1', 'pending'))
    sign(item('i1', 'pending'))
    expect((await first)?.id).toBe('i1')
    expect(state.sending.value).toBe(false)
    expect(state.error.value).toBeNull()
    expect(state.sent.value?.status).toBe('pending')
    expect(state.inFlight.value).toBe(true)

    state.forget()
    expect(state.sent.value).toBeNull()
    expect(state.inFlight.value).toBe(false)
  })

  it('says in the form’s sentence why signing failed, and follows nothing', async () => {
    useKeysStore().signAndSend = vi.fn(() => Promise.reject(new Error('the disk is full')))
    const { state } = await follow()

    expect(await state.send('notary.status', PAYLOAD, failed)).toBeNull()
    expect(state.error.value).toBe('Cannot sign: the disk is full')
    expect(state.sending.value).toBe(false)
    expect(state.sent.value).toBeNull()

    // the next attempt starts without the old reason
    useKeysStore().signAndSend = vi.fn(() => Promise.resolve(item('i2', 'pending')))
    outboxHolds(item('i2', 'pending'))
    await state.send('notary.status', PAYLOAD, failed)
    expect(state.error.value).toBeNull()
    expect(state.sent.value?.id).toBe('i2')
  })

  it('follows the item through the node to committed, and says so once', async () => {
    useKeysStore().signAndSend = vi.fn(() => Promise.resolve(item('i1', 'pending')))
    const { state } = await follow()
    const settled: [Settled, number | undefined][] = []
    state.onSettled((status, it) => settled.push([status, it.height]))
    outboxHolds(item('i1', 'pending'))
    await state.send('notary.status', PAYLOAD, failed)

    outboxHolds(item('i1', 'submitted'))
    await nextTick()
    expect(state.inFlight.value).toBe(true)
    expect(settled).toEqual([])

    outboxHolds(item('i1', 'committed', { height: 42 }))
    await nextTick()
    expect(state.sent.value?.status).toBe('committed')
    expect(state.inFlight.value).toBe(false)
    expect(settled).toEqual([['committed', 42]])

    // another item of the outbox changing does not call again
    outboxHolds(item('i1', 'committed', { height: 42 }), item('other', 'rejected'))
    await nextTick()
    expect(settled).toEqual([['committed', 42]])
  })

  it('follows the item to rejected, with the node’s reason', async () => {
    useKeysStore().signAndSend = vi.fn(() => Promise.resolve(item('i1', 'submitted')))
    const { state } = await follow()
    const settled: Settled[] = []
    state.onSettled((status) => settled.push(status))
    outboxHolds(item('i1', 'submitted'))
    await state.send('notary.status', PAYLOAD, failed)

    outboxHolds(item('i1', 'rejected', { rejection: { code: 'NOT_AUTHORIZED', message: 'no role' } }))
    await nextTick()
    expect(settled).toEqual(['rejected'])
    expect(state.inFlight.value).toBe(false)
    expect(state.sent.value?.rejection?.code).toBe('NOT_AUTHORIZED')
  })

  it('re-opens a rejected item of its form, pre-filled, and re-signs it in place instead of signing a new one', async () => {
    const keys = useKeysStore()
    const rejected = item('i1', 'rejected', { form: 'notary.status', rejection: { code: 'NOT_AUTHORIZED', message: 'no role' } })
    outboxHolds(rejected)
    const signAndSend = vi.fn(() => Promise.resolve(item('new', 'pending')))
    const resign = vi.fn((it: OutboxItem, payload: unknown) => {
      const next = item(it.id, 'pending', { hash: 'i1-hash-2', previous: [it.hash], tx: { ...it.tx, payload: payload as never, nonce: 2 } })
      outboxHolds(next)
      return Promise.resolve(next)
    })
    keys.signAndSend = signAndSend
    keys.resign = resign
    const { state, filled } = await follow(`/?${RESUBMIT_QUERY}=i1`)

    expect(filled).toEqual([PAYLOAD])
    expect(state.correcting.value?.id).toBe('i1')

    const corrected = { ...PAYLOAD, reason: 'under review by the board' }
    const sent = await state.send('notary.status', corrected, failed)
    expect(signAndSend).not.toHaveBeenCalled()
    expect(resign).toHaveBeenCalledWith(rejected, corrected)
    expect(sent?.id).toBe('i1')
    expect(state.sent.value?.status).toBe('pending')
    expect(state.inFlight.value).toBe(true)
    // the form leaves correcting mode: the route no longer names the item
    expect(router.currentRoute.value.query[RESUBMIT_QUERY]).toBeUndefined()
    expect(state.correcting.value).toBeNull()
  })

  it('without a rejected item of its own form, signs a new one', async () => {
    outboxHolds(item('i1', 'rejected', { form: 'roles.revoke' }))
    const keys = useKeysStore()
    keys.signAndSend = vi.fn(() => Promise.resolve(item('new', 'pending')))
    keys.resign = vi.fn()
    const { state, filled } = await follow(`/?${RESUBMIT_QUERY}=i1`)

    expect(filled).toEqual([])
    expect(state.correcting.value).toBeNull()
    await state.send('notary.status', PAYLOAD, failed)
    expect(keys.resign).not.toHaveBeenCalled()
    expect(keys.signAndSend).toHaveBeenCalledTimes(1)
  })
})

describe('where the sent transaction stands, in words', () => {
  function render(sent: OutboxItem | null, locale: 'ko' | 'en'): Promise<string> {
    const use = () => {
      provideRegistries(FEATURES)
      return () => h(FormSent, { sent, testid: 'x-result' })
    }
    return renderToString(createSSRApp(Host, { use }).use(pinia).use(i18nFor(locale)).use(router))
  }
  async function text(sent: OutboxItem | null, locale: 'ko' | 'en'): Promise<string> {
    const html = await render(sent, locale)
    return html.replace(/<!--[^]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
  }

  it('says each state in both languages, with the way to the outbox', async () => {
    expect(await text(item('i1', 'pending'), 'en')).toBe('Signed and placed in the outbox; being sent to the node… Open the outbox')
    expect(await text(item('i1', 'submitted'), 'en')).toBe('The node holds it; waiting for a block… Open the outbox')
    expect(await text(item('i1', 'committed', { height: 42 }), 'en')).toBe('Committed in block 42. Open the outbox')
    expect(await text(item('i1', 'pending'), 'ko')).toBe('서명해서 보낼 편지함에 넣었습니다. 노드로 보내는 중… 보낼 편지함 열기')
    expect(await text(item('i1', 'committed', { height: 42 }), 'ko')).toBe('블록 42에 기록되었습니다. 보낼 편지함 열기')
  })

  it('gives a rejection’s reason in words, not its code', async () => {
    const rejected = item('i1', 'rejected', { rejection: { code: 'NOT_AUTHORIZED', message: 'no role' } })
    for (const locale of ['en', 'ko'] as const) {
      const said = await text(rejected, locale)
      expect(said.startsWith(locale === 'en' ? 'The node rejected it: ' : '노드가 거부했습니다: ')).toBe(true)
      // the sentence in words; the code only in the details
      expect(said.split(locale === 'en' ? 'Details' : '자세히')[0]).not.toContain('NOT_AUTHORIZED')
    }
  })

  it('shows nothing before the form sent anything; marks the state and the transaction', async () => {
    expect(await text(null, 'en')).toBe('')
    const html = await render(item('i1', 'submitted'), 'en')
    expect(html).toContain('data-testid="x-result"')
    expect(html).toContain('data-status="submitted"')
    expect(html).toContain('data-hash="i1-hash"')
  })
})
