/// <reference lib="dom" />
/**
 * The outbox state machine (src/renderer/lib/outbox.ts) against a fake node API and fake-indexeddb: stored before it
 * is sent; pending → submitted → committed; rejected at admission or at execution with the code and reason; edit and
 * re-submit with a new nonce; offline, 503 and 401 keep it pending with backoff until the node is back; a reload
 * resumes from IndexedDB.
 */
import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import type { TxDto, TxJsonDto } from '../../src/shared/api'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { ApiError, type ApiClient } from '../../src/renderer/api/client'
import { openDb } from '../../src/renderer/lib/idb'
import { generateSeed } from '../../src/renderer/lib/keystore'
import {
  classifySubmitError,
  dbPersistence,
  isUnsettled,
  Outbox,
  type OutboxItem,
  type OutboxPersistence,
  type Timers,
} from '../../src/renderer/lib/outbox'
import { signTransaction, txHashHex } from '../../src/renderer/lib/signing'

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
  /** forget everything (a restart loses remembered rejections) */
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

async function setup(persistence?: OutboxPersistence) {
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

  it('takes DUPLICATE_TX as "the node already holds it" (an answer lost in a crash)', async () => {
    const { node, outbox } = await setup()
    const tx = grant(130)
    node.txs.set(txHashHex(tx), { hash: txHashHex(tx), status: 'pending' })
    const item = await outbox.enqueue(tx)
    await outbox.idle()
    expect(outbox.get(item.id)?.status).toBe('submitted')
  })

  it('sends a submitted transaction again when the node no longer knows it (rejection forgotten in a restart)', async () => {
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
