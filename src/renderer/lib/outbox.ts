/**
 * The outbox (docs/adr/0010): every transaction the UI signs is written to IndexedDB BEFORE it is sent, sent to
 * POST /api/v1/txs, retried with backoff while the node cannot take it, and followed until committed or rejected.
 *
 *   pending ──202──▶ submitted ──tx.committed / GET──▶ committed
 *      │  ▲              │
 *      │  └─unreachable, └──tx.rejected / GET──▶ rejected ──edit (re-signed, new nonce)──▶ pending
 *      │    503, 401        (node lost it: NOT_FOUND → pending, re-sent; the same bytes, so never twice)
 *      └──refused with a stable code (422, 409 …)──▶ rejected
 *
 * A 202 means the node holds the transaction durably (ADR 0003); DUPLICATE_TX means it already does. The engine is
 * plain TypeScript over small interfaces (persistence, API, timers), so it is tested without a browser.
 */
import type { TxDto, TxJsonDto } from '../../shared/api'
import type { ErrorCode } from '../../shared/errors'
import { backoffDelay } from '../api/backoff'
import { ApiError, type ApiClient } from '../api/client'
import { getTx, submitTx } from '../api/ledger'
import { STORES, type Db } from './idb'

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
}

export const UNSETTLED: ReadonlySet<OutboxStatus> = new Set(['pending', 'submitted'])

export function isUnsettled(item: OutboxItem): boolean {
  return UNSETTLED.has(item.status)
}

/** Where items live. The real one is IndexedDB (dbPersistence); tests may use a Map. */
export interface OutboxPersistence {
  loadAll(): Promise<OutboxItem[]>
  save(item: OutboxItem): Promise<void>
  remove(id: string): Promise<void>
}

export function dbPersistence(db: Db): OutboxPersistence {
  return {
    loadAll: () => db.getAll<OutboxItem>(STORES.outbox.name),
    save: (item) => db.put(STORES.outbox.name, item),
    remove: (id) => db.delete(STORES.outbox.name, id),
  }
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
  private retryTimer: unknown = null
  private pollTimer: unknown = null
  private running: Promise<void> | null = null
  private again = false
  private disposed = false
  private loaded: Promise<void> | null = null

  constructor(options: OutboxOptions) {
    this.o = {
      now: () => Date.now(),
      random: Math.random,
      timers: DEFAULT_TIMERS,
      newId: defaultId,
      pollMs: 2_000,
      ...options,
    }
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

  /** Stores a signed transaction (durably, before anything is sent), then sends it. */
  async enqueue(tx: TxJsonDto): Promise<OutboxItem> {
    const now = this.o.now()
    const item: OutboxItem = {
      id: this.o.newId(),
      hash: await hashOf(tx),
      tx,
      status: 'pending',
      createdAt: now,
      updatedAt: now,
      attempts: 0,
    }
    await this.o.persistence.save(item)
    this.items.set(item.id, item)
    this.emit()
    this.kick()
    return item
  }

  /**
   * Replaces the transaction of a REJECTED item by a re-signed one, and sends it. Only a rejection is final: a
   * pending item may already be held by the node (an answer lost on the way), so replacing it could commit both.
   */
  async replace(id: string, tx: TxJsonDto): Promise<OutboxItem> {
    const hash = await hashOf(tx)
    const old = this.items.get(id)
    if (!old) throw new Error('No such outbox item.')
    if (old.status !== 'rejected') {
      throw new Error('Only a rejected transaction can be edited: the node may still hold this one.')
    }
    const item: OutboxItem = {
      id,
      hash,
      tx,
      status: 'pending',
      createdAt: old.createdAt,
      updatedAt: this.o.now(),
      attempts: 0,
      previous: [...(old.previous ?? []), old.hash],
    }
    await this.o.persistence.save(item)
    this.items.set(id, item)
    this.emit()
    this.kick()
    return item
  }

  /** Forgets an item that is pending (not yet acknowledged) or rejected. */
  async discard(id: string): Promise<void> {
    const item = this.items.get(id)
    if (!item) return
    if (item.status === 'submitted') throw new Error('The node already holds this transaction; wait for its outcome.')
    await this.o.persistence.remove(id)
    this.items.delete(id)
    this.emit()
  }

  /** Removes committed items from the list (they stay on the ledger, of course). */
  async clearCommitted(): Promise<number> {
    const done = [...this.items.values()].filter((i) => i.status === 'committed')
    for (const i of done) {
      await this.o.persistence.remove(i.id)
      this.items.delete(i.id)
    }
    if (done.length > 0) this.emit()
    return done.length
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
    const item = this.byHash(hash)
    if (!item || item.status === 'committed') return
    await this.update(item, { status: 'committed', height, lastError: undefined, rejection: undefined })
  }

  /** The node reported this transaction rejected — from the event stream. */
  async markRejected(hash: string, code: string, message: string): Promise<void> {
    const item = this.byHash(hash)
    if (!item || item.status === 'committed' || item.status === 'rejected') return
    await this.update(item, { status: 'rejected', rejection: { code, message }, lastError: undefined })
  }

  /** The event stream said "settled" without details: look the transaction up. */
  settle(hash: string): void {
    if (this.byHash(hash)) this.kick()
  }

  dispose(): void {
    this.disposed = true
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
          await this.pass()
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

  private async update(item: OutboxItem, patch: Partial<OutboxItem>): Promise<OutboxItem> {
    const current = this.items.get(item.id)
    // the item was edited or discarded meanwhile: this news is about an older transaction
    if (!current || current.hash !== item.hash) return item
    const next: OutboxItem = { ...current, ...patch, updatedAt: this.o.now() }
    for (const k of Object.keys(next) as (keyof OutboxItem)[]) if (next[k] === undefined) delete next[k]
    await this.o.persistence.save(next)
    if (this.items.get(item.id)?.hash === item.hash) this.items.set(item.id, next)
    this.emit()
    return next
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
    for (const item of pending) {
      if (this.disposed) return
      const outcome = await this.send(client, item)
      if (outcome === 'unreachable') {
        unreachable = true
        break // the node is down: the rest would fail alike
      }
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

  private async send(client: ApiClient, item: OutboxItem): Promise<'ok' | 'unreachable' | 'retry'> {
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
        // The node does not know it (e.g. rejected before a restart, which forgets rejections): send the very same
        // bytes again; the node either admits it (and says what becomes of it) or refuses it with the reason.
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
    const delay = backoffDelay(this.failures++, this.o.random)
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
