/**
 * The outbox (docs/adr/0010): every transaction the UI signs is written to IndexedDB BEFORE it is sent, sent to
 * POST /api/v1/txs, retried with backoff while the node cannot take it, and followed until committed or rejected.
 *
 *   pending ──202──▶ submitted ──tx.committed / GET──▶ committed
 *      │  ▲              │
 *      │  └─unreachable, └──tx.rejected / GET──▶ rejected ──edit (re-signed, new nonce)──▶ pending
 *      │    503, 401        (node lost it: NOT_FOUND → pending, re-sent; the same bytes, so never twice)
 *      │    (a 503 — MEMPOOL_FULL, NODE_STOPPING — holds all sending until its Retry-After has passed)
 *      └──refused with a stable code (422, 409 …)──▶ rejected
 *
 * A 202 means the node holds the transaction durably (ADR 0003); DUPLICATE_TX means it already does. The engine is
 * plain TypeScript over small interfaces (persistence, API, timers, locks, a change channel), so it is tested without
 * a browser.
 *
 * Several windows of the same origin each run an engine over the same IndexedDB store. So that they never undo each
 * other's work (two edits of one rejected transaction would BOTH commit):
 * - every state change is a compare-and-set in one IndexedDB readwrite transaction: it applies only if the stored
 *   item still has the hash and status this window saw; otherwise this window takes the stored version, and a user
 *   action fails with OutboxConflictError;
 * - the sending loop runs under the Web Lock `daejang-outbox` (one window sends at a time) and re-reads the store
 *   first; without `navigator.locks` it runs unguarded as before (the compare-and-set still holds);
 * - after each change a message on the BroadcastChannel `daejang-outbox` names the changed items, and the other
 *   windows reload them from the store.
 */
import type { TxDto, TxJsonDto } from '../../shared/api'
import type { ErrorCode } from '../../shared/errors'
import { backoffDelay } from '../api/backoff'
import { ApiError, type ApiClient } from '../api/client'
import { getTx, submitTx } from '../api/ledger'
import { DELETE, KEEP, STORES, type Db } from './idb'

/** The Web Lock held while a window sends, and the BroadcastChannel on which windows announce changes. */
export const OUTBOX_LOCK = 'daejang-outbox'
export const OUTBOX_CHANNEL = 'daejang-outbox'

/** The transaction code (zod, cborg, noble) loads only when something is signed or queued, not at app start. */
async function hashOf(tx: TxJsonDto): Promise<string> {
  const { txHashHex } = await import('./signing')
  return txHashHex(tx)
}

export type OutboxStatus = 'pending' | 'submitted' | 'committed' | 'rejected'

export interface OutboxItem {
  /** stable across edits */
  id: string
  /** hash of the current signed transaction */
  hash: string
  tx: TxJsonDto
  status: OutboxStatus
  createdAt: number
  updatedAt: number
  /** submission attempts of the current transaction */
  attempts: number
  /** why the last attempt did not reach the node (shown while pending) */
  lastError?: string
  height?: number
  rejection?: { code: string; message: string }
  /** hashes of earlier versions (edited and re-signed) */
  previous?: string[]
  /** the form that made it (lib/forms.ts), which re-opens it pre-filled when it is rejected */
  form?: string
}

/**
 * A rejected item this app can edit and re-sign. Not a co-signed one (docs/adr/0020): re-signing it here would drop
 * its co-signers and send a single-signer transaction; it is made again in its form and signed by every party.
 */
export function isEditable(item: Pick<OutboxItem, 'status' | 'tx'>): boolean {
  return item.status === 'rejected' && item.tx.cosigners === undefined
}

/** A co-signed item was to be edited and re-signed by one key (isEditable). */
export class CosignedEditError extends Error {
  constructor() {
    super('A transaction signed by several parties cannot be edited here: make it again and have every party sign it.')
    this.name = 'CosignedEditError'
  }
}

export const UNSETTLED: ReadonlySet<OutboxStatus> = new Set(['pending', 'submitted'])

export function isUnsettled(item: OutboxItem): boolean {
  return UNSETTLED.has(item.status)
}

/** A user action met a version of the item changed by another window (this window now shows the stored one). */
export class OutboxConflictError extends Error {
  constructor() {
    super('This transaction was changed in another window; the list has been refreshed.')
    this.name = 'OutboxConflictError'
  }
}

/** What this window saw of an item: a change applies only if the stored item still matches. */
export interface Expected {
  hash: string
  status: OutboxStatus
}

export interface SwapResult {
  /** whether the stored item matched and the change was written */
  ok: boolean
  /** the item as stored afterwards (undefined: there is none) */
  stored: OutboxItem | undefined
}

/** Where items live. The real one is IndexedDB (dbPersistence). */
export interface OutboxPersistence {
  loadAll(): Promise<OutboxItem[]>
  load(id: string): Promise<OutboxItem | undefined>
  /** stores a NEW item */
  save(item: OutboxItem): Promise<void>
  /**
   * Compare-and-set, atomically: if the stored item has the expected hash and status, writes `change(stored)` (null:
   * removes it); else writes nothing. `change` must be synchronous.
   */
  swap(id: string, expected: Expected, change: (stored: OutboxItem) => OutboxItem | null): Promise<SwapResult>
}

export function dbPersistence(db: Db): OutboxPersistence {
  return {
    loadAll: () => db.getAll<OutboxItem>(STORES.outbox.name),
    load: (id) => db.get<OutboxItem>(STORES.outbox.name, id),
    save: (item) => db.put(STORES.outbox.name, item),
    async swap(id, expected, change) {
      let ok = false
      const r = await db.modify<OutboxItem>(STORES.outbox.name, id, (stored) => {
        if (!stored || stored.hash !== expected.hash || stored.status !== expected.status) return KEEP
        ok = true
        return change(stored) ?? DELETE
      })
      return { ok, stored: r.stored }
    },
  }
}

/** The part of the Web Locks API the engine uses (navigator.locks). */
export interface LockManagerLike {
  request(name: string, callback: () => Promise<void>): Promise<unknown>
}

/** How windows tell each other which items changed (BroadcastChannel in the app). */
export interface OutboxSync {
  post(ids: string[]): void
  /** returns the unsubscribe function */
  subscribe(fn: (ids: string[]) => void): () => void
  close(): void
}

/** The app's change channel, or null where BroadcastChannel is missing (then windows re-read on focus). */
export function broadcastSync(name = OUTBOX_CHANNEL): OutboxSync | null {
  if (typeof BroadcastChannel === 'undefined') return null
  const channel = new BroadcastChannel(name)
  return {
    post: (ids) => channel.postMessage({ type: 'changed', ids }),
    subscribe(fn) {
      const handler = (e: MessageEvent): void => {
        const d: unknown = e.data
        if (typeof d !== 'object' || d === null) return
        const { type, ids } = d as { type?: unknown; ids?: unknown }
        if (type === 'changed' && Array.isArray(ids)) fn(ids.filter((x): x is string => typeof x === 'string'))
      }
      channel.addEventListener('message', handler)
      return () => channel.removeEventListener('message', handler)
    },
    close: () => channel.close(),
  }
}

function defaultLocks(): LockManagerLike | null {
  return (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks ?? null
}

export interface Timers {
  set(fn: () => void, ms: number): unknown
  clear(handle: unknown): void
}

export interface OutboxOptions {
  persistence: OutboxPersistence
  /** the API client; rejects when there is none (no token yet): the items then wait */
  client(): Promise<ApiClient>
  onChange(items: OutboxItem[]): void
  now?: () => number
  random?: () => number
  timers?: Timers
  newId?: () => string
  /** how often submitted items are looked up while waiting for the commit event (fallback) */
  pollMs?: number
  /** the Web Locks API (default: navigator.locks; null: no cross-window exclusion, as in old engines) */
  locks?: LockManagerLike | null
  /** the channel to other windows (owned by the engine: closed on dispose); null: none */
  sync?: OutboxSync | null
}

/** Codes that say nothing about the transaction itself: keep it and try again later. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'MEMPOOL_FULL',
  'NODE_STOPPING',
  'INTERNAL',
  'UNAUTHENTICATED',
  'FORBIDDEN_HOST',
  'FORBIDDEN_ORIGIN',
  'NODE_NOT_RUNNING',
])

/** What a failed POST means for the item. */
export function classifySubmitError(err: unknown): 'retry' | 'held' | { code: string; message: string } {
  if (!(err instanceof ApiError)) return 'retry'
  if (err.kind !== 'api' || err.code === undefined) return 'retry'
  if (err.code === 'DUPLICATE_TX') return 'held'
  if (TRANSIENT_CODES.has(err.code)) return 'retry'
  return { code: err.code, message: err.message }
}

const DEFAULT_TIMERS: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}

function defaultId(): string {
  const c = globalThis.crypto
  if (c?.randomUUID) return c.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export class Outbox {
  private items = new Map<string, OutboxItem>()
  private readonly o: Required<Omit<OutboxOptions, 'persistence' | 'client' | 'onChange'>> &
    Pick<OutboxOptions, 'persistence' | 'client' | 'onChange'>
  private failures = 0
  /** no sending before this time: the node said it is full or stopping (503), and when to come back (Retry-After) */
  private busyUntil = 0
  private retryTimer: unknown = null
  private pollTimer: unknown = null
  private running: Promise<void> | null = null
  private again = false
  private disposed = false
  private loaded: Promise<void> | null = null
  private unsubscribe: (() => void) | null = null

  constructor(options: OutboxOptions) {
    this.o = {
      now: () => Date.now(),
      random: Math.random,
      timers: DEFAULT_TIMERS,
      newId: defaultId,
      pollMs: 2_000,
      locks: defaultLocks(),
      sync: null,
      ...options,
    }
    this.unsubscribe = this.o.sync?.subscribe((ids) => void this.refresh(ids).catch(() => undefined)) ?? null
  }

  /** Reads the stored items, then starts sending what is pending. */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const stored = await this.o.persistence.loadAll()
      for (const item of stored) if (!this.items.has(item.id)) this.items.set(item.id, item)
      this.emit()
      this.kick()
    })()
    return this.loaded
  }

  list(): OutboxItem[] {
    return [...this.items.values()].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1))
  }

  get(id: string): OutboxItem | undefined {
    return this.items.get(id)
  }

  /** Highest nonce this device used for a signer (for the next nonce, also offline). */
  lastNonce(signer: string): number | null {
    let max: number | null = null
    for (const i of this.items.values()) if (i.tx.signer === signer && (max === null || i.tx.nonce > max)) max = i.tx.nonce
    return max
  }

  /** Stores a signed transaction (durably, before anything is sent), then sends it. `form`: the form that made it. */
  async enqueue(tx: TxJsonDto, form?: string): Promise<OutboxItem> {
    const now = this.o.now()
    const item: OutboxItem = {
      id: this.o.newId(),
      hash: await hashOf(tx),
      tx,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      attempts: 0,
      ...(form !== undefined && { form }),
    }
    await this.o.persistence.save(item)
    this.items.set(item.id, item)
    this.emit()
    this.announce([item.id])
    this.kick()
    return item
  }

  /**
   * Replaces the transaction of a REJECTED item by a re-signed one, and sends it. Only a rejection is final: a
   * pending item may already be held by the node (an answer lost on the way), so replacing it could commit both.
   * `seenHash` is the version the user edited (default: the one this window shows); if the stored item is no longer
   * that rejected version (another window edited, discarded or resent it), nothing is written and OutboxConflictError
   * is thrown — of two windows editing the same item, exactly one succeeds.
   */
  async replace(id: string, tx: TxJsonDto, seenHash?: string): Promise<OutboxItem> {
    const hash = await hashOf(tx)
    const seen = seenHash ?? this.items.get(id)?.hash
    await this.refresh([id], false)
    const old = this.items.get(id)
    if (!old) {
      if (seen !== undefined) throw new OutboxConflictError()
      throw new Error('No such outbox item.')
    }
    if (seen !== undefined && old.hash !== seen) throw new OutboxConflictError()
    if (old.status !== 'rejected') {
      throw new Error('Only a rejected transaction can be edited: the node may still hold this one.')
    }
    const now = this.o.now()
    const r = await this.o.persistence.swap(id, { hash: old.hash, status: 'rejected' }, (stored) => ({
      id,
      hash,
      tx,
      status: 'pending',
      createdAt: stored.createdAt,
      updatedAt: now,
      attempts: 0,
      previous: [...(stored.previous ?? []), stored.hash],
      ...(stored.form !== undefined && { form: stored.form }),
    }))
    this.adopt(id, r.stored, old)
    this.emit()
    if (!r.ok || !r.stored) throw new OutboxConflictError()
    this.announce([id])
    this.kick()
    return r.stored
  }

  /**
   * Forgets an item that is pending (not yet acknowledged) or rejected. `seenHash`: the version the user chose to
   * discard (default: the one shown); OutboxConflictError if another window changed or removed it meanwhile.
   */
  async discard(id: string, seenHash?: string): Promise<void> {
    const seen = seenHash ?? this.items.get(id)?.hash
    await this.refresh([id], false)
    const item = this.items.get(id)
    if (!item) {
      if (seen !== undefined) throw new OutboxConflictError()
      return
    }
    if (seen !== undefined && item.hash !== seen) throw new OutboxConflictError()
    if (item.status === 'submitted') throw new Error('The node already holds this transaction; wait for its outcome.')
    const r = await this.o.persistence.swap(id, { hash: item.hash, status: item.status }, () => null)
    this.adopt(id, r.stored, item)
    this.emit()
    if (!r.ok) throw new OutboxConflictError()
    this.announce([id])
  }

  /** Removes committed items from the list (they stay on the ledger, of course). */
  async clearCommitted(): Promise<number> {
    const done = [...this.items.values()].filter((i) => i.status === 'committed')
    let n = 0
    const changed: string[] = []
    for (const i of done) {
      const r = await this.o.persistence.swap(i.id, { hash: i.hash, status: 'committed' }, () => null)
      this.adopt(i.id, r.stored, i)
      if (r.ok) changed.push(i.id)
      if (r.stored === undefined) n++
    }
    if (done.length > 0) this.emit()
    this.announce(changed)
    return n
  }

  /**
   * Reloads items from the store (all, or those named — another window said they changed). An item changed in this
   * window meanwhile keeps its newer in-memory version. Sends at once what became pending (enqueued or edited
   * elsewhere), unless `kick` is false.
   */
  async refresh(ids?: readonly string[], kick = true): Promise<void> {
    if (this.disposed) return
    const snapshot = new Map(this.items)
    const stored = ids ? (await Promise.all(ids.map((id) => this.o.persistence.load(id)))).filter((i) => i !== undefined) : await this.o.persistence.loadAll()
    const seen = new Set<string>()
    let changed = false
    let newlyPending = false
    for (const s of stored) {
      seen.add(s.id)
      const before = snapshot.get(s.id)
      if (this.items.get(s.id) !== before) continue // changed here meanwhile: ours is newer
      if (before && JSON.stringify(before) === JSON.stringify(s)) continue
      if (s.status === 'pending' && (before?.status !== 'pending' || before.hash !== s.hash)) newlyPending = true
      this.items.set(s.id, s)
      changed = true
    }
    for (const id of ids ?? snapshot.keys()) {
      if (seen.has(id) || !snapshot.has(id)) continue
      if (this.items.get(id) !== snapshot.get(id)) continue
      this.items.delete(id)
      changed = true
    }
    if (changed) this.emit()
    if (newlyPending && kick) void this.kick().catch(() => undefined)
  }

  /** Try now: after the user asked, or when the node is reachable again. Resets the backoff. */
  retryNow(): void {
    this.failures = 0
    this.kick()
  }

  /** The connection store's view of the node changed. */
  setReachable(reachable: boolean | null): void {
    if (reachable) this.retryNow()
  }

  /** The node reported this transaction committed (with its height) — from the event stream. */
  async markCommitted(hash: string, height: number): Promise<void> {
    // twice: if another window changed the item first, look again at the stored version
    for (let i = 0; i < 2; i++) {
      const item = this.byHash(hash)
      if (!item || item.status === 'committed') return
      if (await this.update(item, { status: 'committed', height, lastError: undefined, rejection: undefined })) return
    }
  }

  /** The node reported this transaction rejected — from the event stream. */
  async markRejected(hash: string, code: string, message: string): Promise<void> {
    for (let i = 0; i < 2; i++) {
      const item = this.byHash(hash)
      if (!item || item.status === 'committed' || item.status === 'rejected') return
      if (await this.update(item, { status: 'rejected', rejection: { code, message }, lastError: undefined })) return
    }
  }

  /** The event stream said "settled" without details: look the transaction up. */
  settle(hash: string): void {
    if (this.byHash(hash)) this.kick()
  }

  dispose(): void {
    this.disposed = true
    this.unsubscribe?.()
    this.unsubscribe = null
    this.o.sync?.close()
    if (this.retryTimer !== null) this.o.timers.clear(this.retryTimer)
    if (this.pollTimer !== null) this.o.timers.clear(this.pollTimer)
    this.retryTimer = this.pollTimer = null
  }

  /** Runs one pass (send pending, look up submitted) now, or once more after the current pass. */
  kick(): Promise<void> {
    if (this.disposed) return Promise.resolve()
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      try {
        do {
          this.again = false
          await this.exclusive(() => this.pass())
        } while (this.again && !this.disposed)
      } finally {
        this.running = null
      }
    })()
    return this.running
  }

  /** Waits until no pass is running (tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  private byHash(hash: string): OutboxItem | undefined {
    for (const i of this.items.values()) if (i.hash === hash) return i
    return undefined
  }

  /**
   * One pass at a time across windows: under the Web Lock (waiting for another window's pass to end), after re-reading
   * the store so that what another window already sent is not sent again. Without Web Locks: as before, unguarded.
   */
  private async exclusive(fn: () => Promise<void>): Promise<void> {
    const run = async (): Promise<void> => {
      if (this.disposed) return
      try {
        await this.refresh(undefined, false)
      } catch {
        // the store could not be read: work from memory; every write is still a compare-and-set
      }
      await fn()
    }
    const locks = this.o.locks
    if (!locks) return run()
    await locks.request(OUTBOX_LOCK, run)
  }

  /** Takes the stored version of an item, unless this window changed it since `seen`. */
  private adopt(id: string, stored: OutboxItem | undefined, seen: OutboxItem | undefined): void {
    if (this.items.get(id) !== seen) return
    if (stored) this.items.set(id, stored)
    else this.items.delete(id)
  }

  private announce(ids: string[]): void {
    if (ids.length === 0 || !this.o.sync) return
    try {
      this.o.sync.post(ids)
    } catch {
      // the channel is closed (disposed): the other windows re-read on focus
    }
  }

  /**
   * Applies `patch` to the stored item if it still has the hash and status this window saw (compare-and-set in one
   * IndexedDB transaction). Returns the new item, or null when it was changed elsewhere (then the stored version is
   * taken: a stale window never overwrites a newer record) or edited/discarded here meanwhile.
   */
  private async update(item: OutboxItem, patch: Partial<OutboxItem>): Promise<OutboxItem | null> {
    const current = this.items.get(item.id)
    // the item was edited or discarded meanwhile: this news is about an older transaction
    if (!current || current.hash !== item.hash) return null
    const now = this.o.now()
    const r = await this.o.persistence.swap(item.id, { hash: current.hash, status: current.status }, (stored) => {
      const next: OutboxItem = { ...stored, ...patch, updatedAt: now }
      for (const k of Object.keys(next) as (keyof OutboxItem)[]) if (next[k] === undefined) delete next[k]
      return next
    })
    this.adopt(item.id, r.stored, current)
    this.emit()
    if (!r.ok || !r.stored) return null
    this.announce([item.id])
    return r.stored
  }

  private async pass(): Promise<void> {
    if (this.retryTimer !== null) {
      this.o.timers.clear(this.retryTimer)
      this.retryTimer = null
    }
    const pending = [...this.items.values()].filter((i) => i.status === 'pending').sort((a, b) => a.createdAt - b.createdAt)
    const submitted = [...this.items.values()].filter((i) => i.status === 'submitted')
    if (pending.length === 0 && submitted.length === 0) {
      this.failures = 0
      return
    }
    let client: ApiClient
    try {
      client = await this.o.client()
    } catch (err) {
      for (const item of pending) await this.update(item, { lastError: errorText(err) })
      this.scheduleRetry()
      return
    }

    let unreachable = false
    // while the node is full (or stopping), sending waits: each refusal would only add to its load
    for (const item of this.o.now() < this.busyUntil ? [] : pending) {
      if (this.disposed) return
      const current = this.items.get(item.id)
      // discarded, edited or sent by another window meanwhile
      if (current?.hash !== item.hash || current.status !== 'pending') continue
      const outcome = await this.send(client, item)
      if (outcome === 'unreachable') {
        unreachable = true
        break // the node is down: the rest would fail alike
      }
      if (outcome === 'busy') break // the node is full: the rest would be refused alike
    }
    if (!unreachable) {
      for (const item of [...this.items.values()].filter((i) => i.status === 'submitted')) {
        if (this.disposed) return
        if ((await this.check(client, item)) === 'unreachable') {
          unreachable = true
          break
        }
      }
    }
    if (unreachable || [...this.items.values()].some((i) => i.status === 'pending')) {
      this.scheduleRetry()
    } else {
      this.failures = 0
    }
    this.schedulePoll()
  }

  private async send(client: ApiClient, item: OutboxItem): Promise<'ok' | 'unreachable' | 'retry' | 'busy'> {
    try {
      const r = await submitTx(client, item.tx)
      const patch: Partial<OutboxItem> = { status: 'submitted', attempts: item.attempts + 1, lastError: undefined }
      if (r.hash !== item.hash) patch.hash = r.hash // never expected: the node's hash is the one events carry
      await this.update(item, patch)
      return 'ok'
    } catch (err) {
      const kind = classifySubmitError(err)
      if (kind === 'held') {
        await this.update(item, { status: 'submitted', attempts: item.attempts + 1, lastError: undefined })
        return 'ok'
      }
      if (kind === 'retry') {
        await this.update(item, { attempts: item.attempts + 1, lastError: errorText(err) })
        if (err instanceof ApiError && err.status === 503) {
          // full (MEMPOOL_FULL) or stopping: kept as it is, sent again once the node's Retry-After has passed
          this.busyUntil = Math.max(this.busyUntil, this.o.now() + (err.retryAfterMs ?? 0))
          return 'busy'
        }
        return err instanceof ApiError && err.unreachable ? 'unreachable' : 'retry'
      }
      await this.update(item, { status: 'rejected', attempts: item.attempts + 1, rejection: kind, lastError: undefined })
      return 'ok'
    }
  }

  private async check(client: ApiClient, item: OutboxItem): Promise<'ok' | 'unreachable'> {
    let tx: TxDto
    try {
      tx = await getTx(client, item.hash)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') {
        // The node does not know it (e.g. another node's, or a rejection old enough to be forgotten): send the very
        // same bytes again; the node either admits it (and says what becomes of it) or refuses it with the reason.
        await this.update(item, { status: 'pending' })
        return 'ok'
      }
      return err instanceof ApiError && err.unreachable ? 'unreachable' : 'ok'
    }
    if (tx.status === 'committed') {
      await this.update(item, {
        status: 'committed',
        lastError: undefined,
        ...(tx.height !== undefined && { height: tx.height }),
      })
    } else if (tx.status === 'rejected') {
      await this.update(item, {
        status: 'rejected',
        rejection: tx.rejection ?? { code: 'RULE_VIOLATION', message: 'The node rejected the transaction.' },
      })
    }
    return 'ok'
  }

  private scheduleRetry(): void {
    if (this.disposed || this.retryTimer !== null) return
    // the backoff, and never before the time the node asked for
    const delay = Math.max(backoffDelay(this.failures++, this.o.random), this.busyUntil - this.o.now())
    this.retryTimer = this.o.timers.set(() => {
      this.retryTimer = null
      void this.kick()
    }, delay)
  }

  private schedulePoll(): void {
    if (this.disposed || this.pollTimer !== null) return
    if (![...this.items.values()].some((i) => i.status === 'submitted')) return
    this.pollTimer = this.o.timers.set(() => {
      this.pollTimer = null
      void this.kick()
    }, this.o.pollMs)
  }

  private emit(): void {
    this.o.onChange(this.list())
  }
}
