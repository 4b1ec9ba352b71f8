/**
 * The outbox as the UI sees it (engine: lib/outbox.ts). Every transaction the UI signs goes through `send`: stored in
 * IndexedDB before it is sent, retried while the node is unreachable, followed until committed or rejected.
 * `count` — what the status bar shows — is every item not yet committed or rejected. `add`/`settle` keep their
 * meaning for transactions sent by other means (tracked by hash, in memory) and for the node's events.
 * Other windows of the app share the store: their changes arrive on the BroadcastChannel (and, as a fallback, are
 * re-read when this window gets the focus or becomes visible).
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { TxJsonDto } from '../../shared/api'
import { appDb } from '../lib/idb'
import { broadcastSync, dbPersistence, isUnsettled, Outbox, type OutboxItem } from '../lib/outbox'
import { useConnectionStore } from './connection'

export const useOutboxStore = defineStore('outbox', () => {
  const connection = useConnectionStore()

  const items = shallowRef<OutboxItem[]>([])
  const loaded = ref(false)
  const loadError = ref<string | null>(null)
  /** hashes of transactions sent by other means (not signed through the outbox), until settled */
  const external = ref<string[]>([])

  const unsettled = computed(() => items.value.filter(isUnsettled))
  /** hashes not yet committed or rejected */
  const pending = computed(() => [...unsettled.value.map((i) => i.hash), ...external.value])
  const count = computed(() => pending.value.length)
  /** items of this device's outbox that are committed (kept across reloads until cleared from the outbox) */
  const committedCount = computed(() => items.value.filter((i) => i.status === 'committed').length)

  let engine: Outbox | null = null
  let starting: Promise<Outbox> | null = null

  function start(): Promise<Outbox> {
    if (engine) return Promise.resolve(engine)
    starting ??= appDb()
      .then(async (db) => {
        const e = new Outbox({
          persistence: dbPersistence(db),
          client: () => connection.ensureClient(),
          onChange: (list) => (items.value = list),
          sync: broadcastSync(),
        })
        engine = e
        watchOtherWindows(e)
        await e.load()
        loaded.value = true
        loadError.value = null
        return e
      })
      .catch((err: unknown) => {
        starting = null
        loadError.value = err instanceof Error ? err.message : String(err)
        throw err
      })
    return starting
  }

  /** Fallback for missed or impossible messages: re-read everything when the user comes back to this window. */
  function watchOtherWindows(e: Outbox): void {
    if (typeof window === 'undefined' || typeof document === 'undefined') return
    const reread = (): void => void e.refresh().catch(() => undefined)
    window.addEventListener('focus', reread)
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') reread()
    })
  }

  watch(
    () => connection.reachable,
    (reachable) => engine?.setReachable(reachable),
  )
  // signed in again (a new link after the node restarted): send what waits now, not at the next retry
  watch(
    () => connection.client,
    (client) => {
      if (client) void engine?.kick()
    },
  )

  /** Stores the signed transaction, then sends it. Resolves once it is safely stored (not when committed). */
  async function send(tx: TxJsonDto, form?: string): Promise<OutboxItem> {
    return (await start()).enqueue(tx, form)
  }

  /** Edit & re-submit; `seenHash` is the version the user edited (OutboxConflictError if another window changed it). */
  async function replace(id: string, tx: TxJsonDto, seenHash?: string): Promise<OutboxItem> {
    return (await start()).replace(id, tx, seenHash)
  }

  async function discard(id: string, seenHash?: string): Promise<void> {
    await (await start()).discard(id, seenHash)
  }

  async function clearCommitted(): Promise<number> {
    return (await start()).clearCommitted()
  }

  function retry(): void {
    engine?.retryNow()
  }

  function lastNonce(signer: string): number | null {
    return engine?.lastNonce(signer) ?? null
  }

  /** Whether this window sent the transaction (through the outbox or `add`), for notifications. */
  function tracks(hash: string): boolean {
    return external.value.includes(hash) || items.value.some((i) => i.hash === hash || (i.previous ?? []).includes(hash))
  }

  /** A transaction sent by other means: count it until the node settles it. */
  function add(hash: string): void {
    if (!external.value.includes(hash)) external.value = [...external.value, hash]
  }

  /** The node says the transaction was committed or rejected. */
  function settle(hash: string): void {
    external.value = external.value.filter((h) => h !== hash)
    engine?.settle(hash)
  }

  // Load at once (in the page): pending items are sent even if the outbox screen is never opened.
  if (typeof window !== 'undefined') void start().catch(() => undefined)

  return {
    items,
    loaded,
    loadError,
    pending,
    count,
    committedCount,
    start,
    send,
    replace,
    discard,
    clearCommitted,
    retry,
    lastNonce,
    tracks,
    add,
    settle,
  }
})
