/// <reference lib="dom" />
/**
 * The outbox state machine (src/renderer/lib/outbox.ts) against a fake node API and fake-indexeddb: stored before it
 * is sent; pending → submitted → committed; rejected at admission or at execution with the code and reason; edit and
 * re-submit with a new nonce; offline, 503 and 401 keep it pending with backoff until the node is back; a reload
 * resumes from IndexedDB.
 */
import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, it, vi } from 'vitest'
import type { TxDto, TxJsonDto } from '../../src/shared/api'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { ApiError, type ApiClient } from '../../src/renderer/api/client'
import { openDb } from '../../src/renderer/lib/idb'
import { generateSeed } from '../../src/renderer/lib/keystore'
import {
  broadcastSync,
  classifySubmitError,
  dbPersistence,
  CosignedEditError,
  isEditable,
  isUnsettled,
  Outbox,
  OUTBOX_LOCK,
  OutboxConflictError,
  type LockManagerLike,
  type OutboxItem,
  type OutboxOptions,
  type OutboxPersistence,
  type OutboxSync,
  type Timers,
} from '../../src/renderer/lib/outbox'
import { signTransaction, txHashHex } from '../../src/renderer/lib/signing'
import { createPinia, setActivePinia } from 'pinia'
import { useKeysStore } from '../../src/renderer/stores/keys'

const seed = generateSeed()
const signer = toHex(publicKeyFromSeed(seed))
const subject = toHex(publicKeyFromSeed(generateSeed()))

function grant(nonce: number, role = 'registrar'): TxJsonDto {
  return signTransaction(seed, {
    chainId: 'test-chain',
    type: 'identity.role.grant',
    payload: { agency: 'local', subject, role, expiresAt: null },
    nonce,
    time: 1_000,
  })
}

/** A node API: admits transactions while up, remembers their fate, can be taken down. */
class FakeNode {
  up = true
  /** answer the next POSTs with this error instead (one per call) */
  submitErrors: ApiError[] = []
  txs = new Map<string, TxDto>()
  posted: TxJsonDto[] = []
  onPost: ((tx: TxJsonDto) => void) | null = null
  /** a POST takes this long (to see whether two windows post at the same time) */
  postDelayMs = 0
  inFlight = 0
  maxInFlight = 0
  /** forget the rejections (a node keeps only the latest ones) */
  forgetRejections(): void {
    for (const [h, t] of this.txs) if (t.status === 'rejected') this.txs.delete(h)
  }
  commit(hash: string, height: number): void {
    this.txs.set(hash, { hash, status: 'committed', height })
  }
  reject(hash: string, code: string, message: string): void {
    this.txs.set(hash, { hash, status: 'rejected', rejection: { code: code as never, message } })
  }
  client(): ApiClient {
    const request = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      if (!this.up) throw new ApiError('network', 'fetch failed')
      if (method === 'POST' && path === '/txs') {
        const tx = body as TxJsonDto
        this.onPost?.(tx)
        this.posted.push(tx)
        if (this.postDelayMs > 0) {
          this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight)
          await new Promise((r) => setTimeout(r, this.postDelayMs))
          this.inFlight--
        }
        const err = this.submitErrors.shift()
        if (err) throw err
        const hash = txHashHex(tx)
        const known = this.txs.get(hash)
        if (known && known.status !== 'rejected') throw new ApiError('api', 'this transaction is already pending', 409, 'DUPLICATE_TX')
        this.txs.set(hash, { hash, status: 'pending' })
        return { hash, status: 'pending' }
      }
      const m = /^\/txs\/([0-9a-f]{64})$/.exec(path)
      if (method === 'GET' && m) {
        const t = this.txs.get(m[1]!)
        if (!t) throw new ApiError('api', `no transaction ${m[1]}`, 404, 'NOT_FOUND')
        return t
      }
      throw new Error(`unexpected ${method} ${path}`)
    }
    return {
      baseUrl: 'http://fake',
      status: () => Promise.reject(new Error('unused')),
      blocks: () => Promise.reject(new Error('unused')),
      events: () => ({ connected: false, close: () => undefined }),
      request,
    }
  }
}

/** Timers run only when the test says so. */
class ManualTimers implements Timers {
  private next = 1
  pending = new Map<number, { fn: () => void; ms: number }>()
  set(fn: () => void, ms: number): unknown {
    const id = this.next++
    this.pending.set(id, { fn, ms })
    return id
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number)
  }
  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms)
  }
  /** Fire every timer set so far. */
  fireAll(): void {
    const all = [...this.pending.values()]
    this.pending.clear()
    for (const t of all) t.fn()
  }
}

async function setup(persistence?: OutboxPersistence, options: Partial<OutboxOptions> = {}) {
  const node = new FakeNode()
  const timers = new ManualTimers()
  const store = persistence ?? dbPersistence(await openDb(new IDBFactory(), 'outbox-test'))
  let snapshots: OutboxItem[][] = []
  const outbox = new Outbox({
    persistence: store,
    client: async () => node.client(),
    onChange: (items) => snapshots.push(items),
    timers,
    random: () => 0.5,
    ...options,
  })
  await outbox.load()
  const latest = (): OutboxItem[] => snapshots.at(-1) ?? []
  return { node, timers, store, outbox, latest, reset: () => (snapshots = []) }
}

describe('outbox', () => {
  it('stores a transaction before sending it, then follows it from submitted to committed', async () => {
    const { node, store, outbox, latest } = await setup()
    const tx = grant(100)
    let storedAtPost: OutboxItem[] | null = null
    node.onPost = () => {
      void store.loadAll().then((all) => (storedAtPost = all))
    }
    const item = await outbox.enqueue(tx)
    expect(item.hash).toBe(txHashHex(tx))
    // already durable when enqueue resolves, still pending
    expect((await store.loadAll()).map((i) => i.id)).toEqual([item.id])
    await outbox.idle()
    expect(storedAtPost).not.toBeNull()
    expect(storedAtPost!.map((i) => i.hash)).toEqual([item.hash])

    expect(outbox.get(item.id)?.status).toBe('submitted')
    expect(latest().filter(isUnsettled)).toHaveLength(1)

    node.commit(item.hash, 7)
    outbox.settle(item.hash) // the event stream said so
    await outbox.idle()
    expect(outbox.get(item.id)).toMatchObject({ status: 'committed', height: 7 })
    expect(latest().filter(isUnsettled)).toHaveLength(0)
    expect((await store.loadAll())[0]).toMatchObject({ status: 'committed', height: 7 })
  })

  it('polls submitted items when no event arrives', async () => {
    const { node, timers, outbox } = await setup()
    const item = await outbox.enqueue(grant(101))
    await outbox.idle()
    expect(outbox.get(item.id)?.status).toBe('submitted')
    expect(timers.pending.size).toBe(1) // the poll
    node.commit(item.hash, 3)
    timers.fireAll()
    await outbox.idle()
    expect(outbox.get(item.id)).toMatchObject({ status: 'committed', height: 3 })
    expect(timers.pending.size).toBe(0)
  })

  it('marks a transaction rejected at admission with its code and reason', async () => {
    const { node, outbox } = await setup()
    node.submitErrors.push(new ApiError('api', 'no active "auditor" credential', 422, 'RULE_VIOLATION'))
    const item = await outbox.enqueue(grant(102))
    await outbox.idle()
    expect(outbox.get(item.id)).toMatchObject({
      status: 'rejected',
      rejection: { code: 'RULE_VIOLATION', message: 'no active "auditor" credential' },
    })
    expect(isUnsettled(outbox.get(item.id)!)).toBe(false)
  })

  it('marks a transaction rejected at execution (tx.rejected event, or looked up)', async () => {
    const { node, outbox } = await setup()
    const a = await outbox.enqueue(grant(103))
    const b = await outbox.enqueue(grant(104))
    await outbox.idle()
    await outbox.markRejected(a.hash, 'RULE_VIOLATION', 'no active credential')
    expect(outbox.get(a.id)).toMatchObject({ status: 'rejected', rejection: { code: 'RULE_VIOLATION' } })
    node.reject(b.hash, 'UNAUTHORIZED_ROLE', 'only an administrator may do this')
    outbox.settle(b.hash)
    await outbox.idle()
    expect(outbox.get(b.id)).toMatchObject({
      status: 'rejected',
      rejection: { code: 'UNAUTHORIZED_ROLE', message: 'only an administrator may do this' },
    })
    // a late "committed" never overrides the outcome of a different version, and a rejected one stays put
    await outbox.markCommitted('f'.repeat(64), 9)
    expect(outbox.get(b.id)?.status).toBe('rejected')
  })

  it('edits and re-submits a rejected transaction re-signed with a new nonce', async () => {
    const { node, outbox } = await setup()
    node.submitErrors.push(new ApiError('api', 'nonce 105 was already used', 409, 'NONCE_REPLAYED'))
    const item = await outbox.enqueue(grant(105))
    await outbox.idle()
    expect(outbox.get(item.id)?.status).toBe('rejected')

    const fixed = grant(106, 'notary')
    const next = await outbox.replace(item.id, fixed)
    expect(next.id).toBe(item.id)
    expect(next.hash).toBe(txHashHex(fixed))
    expect(next.hash).not.toBe(item.hash)
    expect(next.previous).toEqual([item.hash])
    expect(next.rejection).toBeUndefined()
    await outbox.idle()
    expect(outbox.get(item.id)).toMatchObject({ status: 'submitted', tx: { nonce: 106 } })
    expect(node.posted.map((t) => t.nonce)).toEqual([105, 106])
    // news about the old version no longer applies
    await outbox.markRejected(item.hash, 'X', 'old')
    expect(outbox.get(item.id)?.status).toBe('submitted')
    // a submitted transaction cannot be replaced or discarded
    await expect(outbox.replace(item.id, grant(107))).rejects.toThrow()
    await expect(outbox.discard(item.id)).rejects.toThrow()
  })

  it('records the form that made an item, kept when it is re-signed (it re-opens in that form)', async () => {
    const { node, outbox } = await setup()
    node.submitErrors.push(new ApiError('api', 'nonce 108 was already used', 409, 'NONCE_REPLAYED'))
    const item = await outbox.enqueue(grant(108), 'roles.grant')
    await outbox.idle()
    expect(outbox.get(item.id)).toMatchObject({ status: 'rejected', form: 'roles.grant' })
    const next = await outbox.replace(item.id, grant(109, 'notary'))
    expect(next.form).toBe('roles.grant')
    expect((await outbox.enqueue(grant(112))).form).toBeUndefined()
  })

  it('refuses to replace a pending transaction: the node may already hold it', async () => {
    const { node, outbox } = await setup()
    node.up = false
    const item = await outbox.enqueue(grant(110))
    await outbox.idle()
    expect(outbox.get(item.id)?.status).toBe('pending')
    await expect(outbox.replace(item.id, grant(111))).rejects.toThrow(/rejected/)
    expect(outbox.get(item.id)).toMatchObject({ status: 'pending', tx: { nonce: 110 } })
  })

  it('keeps transactions pending while the node is unreachable and sends them with backoff, then at once when it is back', async () => {
    const { node, timers, outbox, latest } = await setup()
    node.up = false
    const a = await outbox.enqueue(grant(110))
    const b = await outbox.enqueue(grant(111))
    await outbox.idle()
    expect(outbox.get(a.id)).toMatchObject({ status: 'pending', lastError: 'fetch failed' })
    expect(outbox.get(b.id)?.status).toBe('pending')
    expect(latest().filter(isUnsettled)).toHaveLength(2)
    // one retry timer, growing
    expect(timers.pending.size).toBe(1)
    const first = timers.delays()[0]!
    timers.fireAll()
    await outbox.idle()
    const second = timers.delays()[0]!
    expect(second).toBeGreaterThan(first)
    expect(outbox.get(a.id)?.status).toBe('pending')

    node.up = true
    outbox.setReachable(true) // the connection store noticed
    await outbox.idle()
    expect(outbox.get(a.id)?.status).toBe('submitted')
    expect(outbox.get(b.id)?.status).toBe('submitted')
    expect(outbox.get(a.id)?.lastError).toBeUndefined()
    // sent in the order they were signed
    expect(node.posted.map((t) => t.nonce)).toEqual([110, 111])
  })

  it('treats a full mempool, a stopping node and a stale session token as "try again later"', async () => {
    const { node, timers, outbox } = await setup()
    node.submitErrors.push(
      new ApiError('api', 'full', 503, 'MEMPOOL_FULL'),
      new ApiError('api', 'stopping', 503, 'NODE_STOPPING'),
      new ApiError('api', 'token', 401, 'UNAUTHENTICATED'),
    )
    const item = await outbox.enqueue(grant(120))
    for (let i = 0; i < 3; i++) {
      await outbox.idle()
      expect(outbox.get(item.id)?.status).toBe('pending')
      timers.fireAll()
    }
    await outbox.idle()
    expect(outbox.get(item.id)).toMatchObject({ status: 'submitted', attempts: 4 })
  })

  it('backs off from a full node (MEMPOOL_FULL, 503) for its Retry-After, sends nothing meanwhile, never rejects', async () => {
    let now = 1_000_000
    const { node, timers, outbox } = await setup(undefined, { now: () => now })
    node.submitErrors.push(new ApiError('api', 'full', 503, 'MEMPOOL_FULL', 30_000))
    const a = await outbox.enqueue(grant(125))
    await outbox.idle()
    const b = await outbox.enqueue(grant(126))
    await outbox.idle()
    // the refusal held all sending: b was not posted to a node that said it is full
    expect(node.posted.map((t) => t.nonce)).toEqual([125])
    expect(outbox.get(a.id)).toMatchObject({ status: 'pending', lastError: 'full' })
    expect(outbox.get(b.id)?.status).toBe('pending')
    // the next try comes no sooner than the node asked (the plain backoff would be under a second)
    expect(Math.min(...timers.delays())).toBeGreaterThanOrEqual(30_000)
    // asked again too early (the user, or a timer): still nothing is sent
    now += 10_000
    outbox.retryNow()
    await outbox.idle()
    expect(node.posted).toHaveLength(1)
    now += 20_000
    timers.fireAll()
    await outbox.idle()
    expect(node.posted.map((t) => t.nonce)).toEqual([125, 125, 126])
    expect(outbox.get(a.id)?.status).toBe('submitted')
    expect(outbox.get(b.id)?.status).toBe('submitted')
  })

  it('takes DUPLICATE_TX as "the node already holds it" (an answer lost in a crash)', async () => {
    const { node, outbox } = await setup()
    const tx = grant(130)
    node.txs.set(txHashHex(tx), { hash: txHashHex(tx), status: 'pending' })
    const item = await outbox.enqueue(tx)
    await outbox.idle()
    expect(outbox.get(item.id)?.status).toBe('submitted')
  })

  it('sends a submitted transaction again when the node no longer knows it (e.g. a rejection old enough to be forgotten)', async () => {
    const { node, timers, outbox } = await setup()
    const item = await outbox.enqueue(grant(140))
    await outbox.idle()
    node.reject(item.hash, 'RULE_VIOLATION', 'nope')
    node.forgetRejections()
    timers.fireAll()
    await outbox.idle()
    expect(outbox.get(item.id)?.status).toBe('pending')
    timers.fireAll()
    await outbox.idle()
    expect(node.posted).toHaveLength(2)
    expect(outbox.get(item.id)?.status).toBe('submitted')
  })

  it('survives a reload: a new outbox over the same IndexedDB resumes pending items and sends them', async () => {
    const db = await openDb(new IDBFactory(), 'outbox-reload')
    const persistence = dbPersistence(db)
    const first = await setup(persistence)
    first.node.up = false
    const item = await first.outbox.enqueue(grant(150))
    await first.outbox.idle()
    first.outbox.dispose()

    const second = await setup(persistence) // the page was reloaded
    await second.outbox.idle()
    expect(second.latest().map((i) => i.id)).toEqual([item.id])
    expect(second.outbox.get(item.id)?.status).toBe('submitted')
    expect(second.node.posted.map((t) => t.nonce)).toEqual([150])
    expect(second.outbox.lastNonce(signer)).toBe(150)
  })

  it('clears committed items and discards pending or rejected ones', async () => {
    const { node, outbox, store } = await setup()
    const a = await outbox.enqueue(grant(160))
    await outbox.idle()
    node.commit(a.hash, 2)
    outbox.settle(a.hash)
    await outbox.idle()
    node.up = false
    const b = await outbox.enqueue(grant(161))
    await outbox.idle()
    expect(await outbox.clearCommitted()).toBe(1)
    expect(outbox.get(a.id)).toBeUndefined()
    await outbox.discard(b.id)
    expect(outbox.list()).toEqual([])
    expect(await store.loadAll()).toEqual([])
  })

  it('classifies submit errors', () => {
    expect(classifySubmitError(new ApiError('network', 'x'))).toBe('retry')
    expect(classifySubmitError(new ApiError('timeout', 'x'))).toBe('retry')
    expect(classifySubmitError(new ApiError('http', 'HTTP 502', 502))).toBe('retry')
    expect(classifySubmitError(new Error('boom'))).toBe('retry')
    expect(classifySubmitError(new ApiError('api', 'x', 409, 'DUPLICATE_TX'))).toBe('held')
    expect(classifySubmitError(new ApiError('api', 'bad sig', 422, 'BAD_SIGNATURE'))).toEqual({ code: 'BAD_SIGNATURE', message: 'bad sig' })
    expect(classifySubmitError(new ApiError('api', 'pending', 409, 'NONCE_PENDING'))).toEqual({ code: 'NONCE_PENDING', message: 'pending' })
  })
})

/** navigator.locks as far as the engine uses it: exclusive, queued, and counting who holds it. */
class FakeLocks implements LockManagerLike {
  held = false
  names: string[] = []
  private queue: (() => void)[] = []
  async request(name: string, callback: () => Promise<void>): Promise<unknown> {
    this.names.push(name)
    while (this.held) await new Promise<void>((r) => this.queue.push(r))
    this.held = true
    try {
      return await callback()
    } finally {
      this.held = false
      this.queue.shift()?.()
    }
  }
}

describe('outbox in several windows of the same origin', () => {
  let dbCount = 0

  /** Two windows: two engines, each with its own connection to the same IndexedDB database, and one node. */
  async function twoWindows(opts: { locks?: LockManagerLike | null; sync?: () => OutboxSync | null } = {}) {
    const factory = new IDBFactory()
    const name = `outbox-tabs-${++dbCount}`
    const node = new FakeNode()
    const make = async () => {
      const timers = new ManualTimers()
      const persistence = dbPersistence(await openDb(factory, name))
      const outbox = new Outbox({
        persistence,
        client: async () => node.client(),
        onChange: () => undefined,
        timers,
        random: () => 0.5,
        locks: opts.locks ?? null,
        sync: opts.sync?.() ?? null,
      })
      return { outbox, timers, persistence }
    }
    return { node, a: await make(), b: await make() }
  }

  /** An item rejected at admission, stored by window A and shown by both. */
  async function rejectedInBoth(w: Awaited<ReturnType<typeof twoWindows>>, nonce: number): Promise<OutboxItem> {
    await w.a.outbox.load()
    w.node.submitErrors.push(new ApiError('api', 'no active credential', 422, 'RULE_VIOLATION'))
    const item = await w.a.outbox.enqueue(grant(nonce))
    await w.a.outbox.idle()
    await w.b.outbox.load()
    await w.b.outbox.idle()
    expect(w.a.outbox.get(item.id)?.status).toBe('rejected')
    expect(w.b.outbox.get(item.id)?.status).toBe('rejected')
    return w.a.outbox.get(item.id)!
  }

  it('lets exactly one of two windows edit and re-sign the same rejected item; the other is refused and sees the winner', async () => {
    const w = await twoWindows()
    const item = await rejectedInBoth(w, 200)
    const txA = grant(201, 'notary')
    const txB = grant(202, 'auditor')
    const results = await Promise.allSettled([w.a.outbox.replace(item.id, txA, item.hash), w.b.outbox.replace(item.id, txB, item.hash)])
    const won = results.filter((r) => r.status === 'fulfilled')
    const lost = results.filter((r) => r.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(OutboxConflictError)
    expect(String((lost[0] as PromiseRejectedResult).reason)).toMatch(/changed in another window; the list has been refreshed/)

    const winner = (won[0] as PromiseFulfilledResult<OutboxItem>).value
    const stored = await w.a.persistence.load(item.id)
    expect(stored).toMatchObject({ hash: winner.hash, previous: [item.hash] })
    // both windows now show the winner's version
    expect(w.a.outbox.get(item.id)?.hash).toBe(winner.hash)
    expect(w.b.outbox.get(item.id)?.hash).toBe(winner.hash)

    await Promise.all([w.a.outbox.idle(), w.b.outbox.idle()])
    // only the winner's transaction ever reaches the node
    expect(w.node.posted.map((t) => t.nonce)).toEqual([200, winner.tx.nonce])
    // a second try of the loser (from the stale dialog) is refused too
    await expect(w.b.outbox.replace(item.id, grant(203), item.hash)).rejects.toBeInstanceOf(OutboxConflictError)
  })

  it('compare-and-set: of two concurrent swaps on separate connections exactly one applies', async () => {
    const w = await twoWindows()
    const item = await rejectedInBoth(w, 210)
    const expected = { hash: item.hash, status: 'rejected' as const }
    const [ra, rb] = await Promise.all([
      w.a.persistence.swap(item.id, expected, (s) => ({ ...s, status: 'pending', hash: 'a'.repeat(64) })),
      w.b.persistence.swap(item.id, expected, (s) => ({ ...s, status: 'pending', hash: 'b'.repeat(64) })),
    ])
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1)
    // the loser is told what is stored: the winner's version
    expect(ra.stored?.hash).toBe(rb.stored?.hash)
    expect((await w.a.persistence.load(item.id))?.hash).toBe(ra.stored?.hash)
  })

  it('lets exactly one of two windows discard an item', async () => {
    const w = await twoWindows()
    const item = await rejectedInBoth(w, 220)
    const results = await Promise.allSettled([w.a.outbox.discard(item.id, item.hash), w.b.outbox.discard(item.id, item.hash)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(OutboxConflictError)
    expect(await w.a.persistence.loadAll()).toEqual([])
    expect(w.a.outbox.list()).toEqual([])
    expect(w.b.outbox.list()).toEqual([])
  })

  it('refuses to discard what another window has edited meanwhile', async () => {
    const w = await twoWindows()
    const item = await rejectedInBoth(w, 230)
    const next = await w.a.outbox.replace(item.id, grant(231, 'notary'))
    await expect(w.b.outbox.discard(item.id, item.hash)).rejects.toBeInstanceOf(OutboxConflictError)
    expect(w.b.outbox.get(item.id)?.hash).toBe(next.hash)
    expect((await w.a.persistence.load(item.id))?.hash).toBe(next.hash)
  })

  it("never lets a stale window's status update overwrite a newer stored record", async () => {
    const w = await twoWindows()
    await w.a.outbox.load()
    w.node.up = false
    const item = await w.a.outbox.enqueue(grant(240))
    await w.a.outbox.idle()
    await w.b.outbox.load()
    await w.b.outbox.idle()
    expect(w.b.outbox.get(item.id)?.status).toBe('pending') // B's view, soon stale

    // window A gets it committed
    w.node.up = true
    w.a.outbox.retryNow()
    await w.a.outbox.idle()
    w.node.commit(item.hash, 5)
    w.a.outbox.settle(item.hash)
    await w.a.outbox.idle()
    expect(await w.a.persistence.load(item.id)).toMatchObject({ status: 'committed', height: 5 })

    // stale window B hears an old "rejected" for it: the stored record stays committed, and B takes it
    expect(w.b.outbox.get(item.id)?.status).toBe('pending')
    await w.b.outbox.markRejected(item.hash, 'RULE_VIOLATION', 'stale news')
    expect(await w.a.persistence.load(item.id)).toMatchObject({ status: 'committed', height: 5 })
    expect(w.b.outbox.get(item.id)).toMatchObject({ status: 'committed', height: 5 })

    // nor does B's sending loop post it again or move it back
    w.b.outbox.retryNow()
    await w.b.outbox.idle()
    expect(w.node.posted.map((t) => t.nonce)).toEqual([240])
    expect(await w.a.persistence.load(item.id)).toMatchObject({ status: 'committed', height: 5 })
  })

  it('with navigator.locks, only one window posts at a time, and nothing is posted twice', async () => {
    const locks = new FakeLocks()
    const w = await twoWindows({ locks })
    w.node.up = false
    await w.a.outbox.load()
    await w.a.outbox.enqueue(grant(250))
    await w.a.outbox.enqueue(grant(251))
    await w.a.outbox.idle()
    await w.b.outbox.load()
    await w.b.outbox.enqueue(grant(252))
    await w.b.outbox.idle()

    w.node.up = true
    w.node.postDelayMs = 5
    w.a.outbox.retryNow()
    w.b.outbox.retryNow()
    await Promise.all([w.a.outbox.idle(), w.b.outbox.idle()])
    expect(w.node.maxInFlight).toBe(1)
    expect(w.node.posted.map((t) => t.nonce).sort()).toEqual([250, 251, 252])
    expect(new Set(locks.names)).toEqual(new Set([OUTBOX_LOCK]))
    for (const i of await w.a.persistence.loadAll()) expect(i.status).toBe('submitted')
  })

  it('without navigator.locks (old engines) both windows still send, as before', async () => {
    const w = await twoWindows({ locks: null })
    w.node.up = false
    await w.a.outbox.load()
    const item = await w.a.outbox.enqueue(grant(260))
    await w.a.outbox.idle()
    await w.b.outbox.load()
    w.node.up = true
    w.a.outbox.retryNow()
    w.b.outbox.retryNow()
    await Promise.all([w.a.outbox.idle(), w.b.outbox.idle()])
    expect((await w.a.persistence.load(item.id))?.status).toBe('submitted')
  })

  it('tells the other windows on the BroadcastChannel, which reload the changed items', async () => {
    const channel = `daejang-outbox-test-${Math.random()}`
    const w = await twoWindows({ sync: () => broadcastSync(channel) })
    try {
      const item = await rejectedInBoth(w, 270)
      const next = await w.a.outbox.replace(item.id, grant(271, 'notary'))
      await vi.waitFor(() => expect(w.b.outbox.get(item.id)?.hash).toBe(next.hash))
      // B shows the new version: an edit of what it showed before is refused
      await expect(w.b.outbox.replace(item.id, grant(272), item.hash)).rejects.toBeInstanceOf(OutboxConflictError)

      const fresh = await w.b.outbox.enqueue(grant(273))
      await vi.waitFor(() => expect(w.a.outbox.get(fresh.id)).toBeDefined())
      await Promise.all([w.a.outbox.idle(), w.b.outbox.idle()])
      await w.b.outbox.discard(fresh.id).catch(() => undefined) // submitted by now: refused, stays
      await w.a.outbox.clearCommitted()
    } finally {
      w.a.outbox.dispose()
      w.b.outbox.dispose()
    }
  })
})

describe('a rejected co-signed item (review finding 6)', () => {
  const seed = generateSeed()
  const base = signTransaction(seed, { chainId: 'daejang-test', type: 'governance.proposal.approve', payload: { proposal: 'ab'.repeat(32) }, nonce: 7 })
  const item = (cosigned: boolean): OutboxItem => ({
    id: 'x',
    tx: cosigned ? { ...base, v: 2, cosigners: [{ key: 'cd'.repeat(32), sig: 'ef'.repeat(64) }] } : base,
    hash: 'ab'.repeat(32),
    status: 'rejected',
    createdAt: 0,
    attempts: 1,
  } as OutboxItem)

  it('is not offered for editing, and the keys store refuses to re-sign it by one key', async () => {
    expect(isEditable(item(false))).toBe(true)
    expect(isEditable(item(true))).toBe(false)
    expect(isEditable({ ...item(false), status: 'committed' })).toBe(false)
    setActivePinia(createPinia())
    await expect(useKeysStore().resign(item(true), { proposal: 'ab'.repeat(32) })).rejects.toBeInstanceOf(CosignedEditError)
  })
})
