/**
 * The mempool: transactions acknowledged but not yet committed. Admission runs every check that can be run before
 * ordering (stateless checks, then nonce, duplicates, the signer's roles and the type's own admission check against
 * the latest committed state) and persists the transaction before acknowledging it, with many admissions sharing one
 * synced write (group commit), so an acknowledged transaction survives a crash. It is bounded (MempoolLimits).
 */
import { DaejangError } from '../../shared/errors'
import type { Store } from '../store/store'
import type { CheckedTx, TxChecker } from './checker'
import { authorize, authorizeCosigners, checkActAge, checkNonceUnused } from '../state/execute'
import type { Genesis } from '../types/genesis'
import { toHex } from '../codec/bytes'

export interface MempoolLimits {
  maxTxs: number
  maxBytes: number
  maxPerSigner: number
}

/**
 * The default bounds (a node's config.json may set others: `mempool`). A validator's memory grows with what it holds
 * pending (each transaction also lives in gossip, verification and proposals): at twice the saturation rate, under
 * the former bound of 50,000 (never reached), every transaction was acknowledged and each validator peaked at over
 * 500 MB. Two default blocks' worth (maxBlockTxs 5,000) keeps every proposal full while the backlog stays within a
 * few seconds of work; past the bound clients are told to come back (MEMPOOL_FULL, 503 with Retry-After) instead of
 * queueing in the node's memory. Bytes are bounded too, because a transaction may be up to 64 KiB.
 */
export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = {
  maxTxs: 10_000,
  maxBytes: 32 << 20,
  maxPerSigner: 5_000,
}

interface Entry {
  c: CheckedTx
  seq: number
  /** persisted: only durable transactions go into blocks, so none commits before its pending copy is written */
  durable: boolean
  /** the pending claim it holds (TxTypeDef.pendingClaim), if any */
  claim?: string
}

export class Mempool {
  private readonly byHash = new Map<string, Entry>()
  /** signer → nonce → hash */
  private readonly bySigner = new Map<string, Map<number, string>>()
  /** a pending claim (TxTypeDef.pendingClaim) → the hash of the transaction holding it */
  private readonly byClaim = new Map<string, string>()
  private bytesTotal = 0
  private seq = 0
  private flushQueue: Array<{ c: CheckedTx; resolve: () => void; reject: (e: unknown) => void }> = []
  private flushing: Promise<void> | null = null
  private readonly waiters = new Set<() => void>()

  constructor(
    private readonly genesis: Genesis,
    private readonly store: Store,
    private readonly checker: TxChecker,
    private readonly limits: MempoolLimits = DEFAULT_MEMPOOL_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.byHash.size
  }

  get bytes(): number {
    return this.bytesTotal
  }

  /** the bounds past which admission refuses (MEMPOOL_FULL) */
  get bounds(): Readonly<MempoolLimits> {
    return this.limits
  }

  has(hashHex: string): boolean {
    return this.byHash.has(hashHex)
  }

  get(hashHex: string): CheckedTx | undefined {
    return this.byHash.get(hashHex)?.c
  }

  /** Admit a transaction given in JSON form. Resolves once it is durably stored. */
  async addJson(input: unknown): Promise<CheckedTx> {
    return this.admit(await this.checker.verifyOne(await this.cheapFirst(this.roomFor(this.checker.parseJson(input)))))
  }

  /** Admit a transaction given as canonical bytes. */
  async addBytes(bytes: Uint8Array): Promise<CheckedTx> {
    const c = this.checker.parseBytes(bytes)
    // a copy of one already pending (gossip sent again) costs a lookup, not a signature verification
    if (this.byHash.has(c.hashHex)) throw new DaejangError('DUPLICATE_TX', 'this transaction is already pending')
    return this.admit(await this.checker.verifyOne(await this.cheapFirst(this.roomFor(c))))
  }

  /** The pending transactions, in arrival order (admitted, or being made durable). */
  pending(): IterableIterator<CheckedTx> {
    return (function* (m: Map<string, Entry>) {
      for (const e of m.values()) yield e.c
    })(this.byHash)
  }

  /**
   * Refuse a new transaction at once when the mempool is full, before its signature is verified: under overload
   * the node should not spend its CPU on work it will turn away. (admit checks every bound again.)
   */
  private roomFor(c: CheckedTx): CheckedTx {
    if (!this.byHash.has(c.hashHex) && (this.byHash.size >= this.limits.maxTxs || this.bytesTotal + c.bytes.length > this.limits.maxBytes)) {
      throw new DaejangError('MEMPOOL_FULL')
    }
    return c
  }

  /**
   * A co-signed transaction costs a signature verification per party: its age and each co-signer's standing (state
   * reads) are checked before any of them is verified, so a bogus one is turned away cheaply. (admit checks again.)
   */
  private async cheapFirst(c: CheckedTx): Promise<CheckedTx> {
    if (c.tx.cosigners === undefined) return c
    const now = this.now()
    checkActAge(c, now)
    await authorizeCosigners(this.store, c, now)
    return c
  }

  private async admit(c: CheckedTx): Promise<CheckedTx> {
    if (this.byHash.has(c.hashHex)) throw new DaejangError('DUPLICATE_TX', 'this transaction is already pending')
    if (await this.store.getTxLocation(c.hash)) {
      throw new DaejangError('DUPLICATE_TX', 'this transaction is already committed')
    }
    const now = this.now()
    if (c.tx.time > now + this.genesis.params.maxFutureMs) {
      throw new DaejangError('TX_FROM_FUTURE', 'the transaction is dated too far in the future; check the clock')
    }
    checkActAge(c, now)
    await checkNonceUnused(this.store, c.signerHex, c.tx.nonce)
    const claim = c.def.pendingClaim?.(c.payload as never)
    this.checkClaim(c, claim)
    const { adminOf } = await authorize(this.store, c.signerHex, c.def.permission, now, c.tx.type)
    await authorizeCosigners(this.store, c, now)
    const cosigners = (c.tx.cosigners ?? []).map((co) => toHex(co.key))
    await c.def.admit?.({ payload: c.payload as never, signer: c.signerHex, state: this.store, genesis: this.genesis, time: now, adminOf, cosigners })
    // Synchronous from here on: no other admission can interleave between these checks and the insert.
    if (this.byHash.has(c.hashHex)) throw new DaejangError('DUPLICATE_TX', 'this transaction is already pending')
    const mine = this.bySigner.get(c.signerHex)
    if (mine?.has(c.tx.nonce)) {
      throw new DaejangError('NONCE_PENDING', `a pending transaction of this signer already uses nonce ${c.tx.nonce}`)
    }
    this.checkClaim(c, claim)
    if (
      this.byHash.size >= this.limits.maxTxs ||
      this.bytesTotal + c.bytes.length > this.limits.maxBytes ||
      (mine?.size ?? 0) >= this.limits.maxPerSigner
    ) {
      throw new DaejangError('MEMPOOL_FULL')
    }
    this.insert(c, false)
    try {
      await this.persist(c)
    } catch (e) {
      this.remove([c.hashHex])
      throw e
    }
    const e = this.byHash.get(c.hashHex)
    if (e) e.durable = true
    for (const w of this.waiters) w()
    return c
  }

  /** Refuse `c` when another pending transaction holds its claim. */
  private checkClaim(c: CheckedTx, claim: { key: string; refuse: () => Error } | undefined): void {
    if (claim === undefined) return
    const holder = this.byClaim.get(claim.key)
    if (holder !== undefined && holder !== c.hashHex) throw claim.refuse()
  }

  private insert(c: CheckedTx, durable: boolean): void {
    const claim = c.def.pendingClaim?.(c.payload as never)?.key
    if (claim !== undefined) this.byClaim.set(claim, c.hashHex)
    this.byHash.set(c.hashHex, { c, seq: this.seq++, durable, ...(claim !== undefined ? { claim } : {}) })
    let m = this.bySigner.get(c.signerHex)
    if (!m) this.bySigner.set(c.signerHex, (m = new Map()))
    m.set(c.tx.nonce, c.hashHex)
    this.bytesTotal += c.bytes.length
  }

  private persist(c: CheckedTx): Promise<void> {
    return new Promise((resolve, reject) => {
      this.flushQueue.push({ c, resolve, reject })
      if (!this.flushing) this.flushing = this.flush()
    })
  }

  private async flush(): Promise<void> {
    while (this.flushQueue.length > 0) {
      const batch = this.flushQueue
      this.flushQueue = []
      try {
        await this.store.putPending(batch.map((b) => ({ hash: b.c.hash, bytes: b.c.bytes })))
        for (const b of batch) b.resolve()
      } catch (e) {
        for (const b of batch) b.reject(e)
      }
    }
    this.flushing = null
  }

  /** Remove transactions (committed or rejected). Persisted copies go with the block batch or deletePending. */
  remove(hashes: Iterable<string>): void {
    for (const h of hashes) {
      const e = this.byHash.get(h)
      if (!e) continue
      this.byHash.delete(h)
      if (e.claim !== undefined && this.byClaim.get(e.claim) === h) this.byClaim.delete(e.claim)
      this.bytesTotal -= e.c.bytes.length
      const m = this.bySigner.get(e.c.signerHex)
      m?.delete(e.c.tx.nonce)
      if (m && m.size === 0) this.bySigner.delete(e.c.signerHex)
    }
  }

  /**
   * Candidates for the next block: in arrival order, except that each signer's transactions are put in nonce order
   * within the places they occupy, so a later nonce never goes before an earlier one.
   */
  reap(maxTxs: number, maxBytes: number): CheckedTx[] {
    const picked: CheckedTx[] = []
    let bytes = 0
    for (const { c, durable } of this.byHash.values()) {
      if (!durable) continue
      if (picked.length >= maxTxs || bytes + c.bytes.length > maxBytes) break
      picked.push(c)
      bytes += c.bytes.length
    }
    const slots = new Map<string, number[]>()
    picked.forEach((c, i) => {
      const s = slots.get(c.signerHex)
      if (s) s.push(i)
      else slots.set(c.signerHex, [i])
    })
    const out = picked.slice()
    for (const idx of slots.values()) {
      if (idx.length < 2) continue
      const sorted = idx.map((i) => picked[i]!).sort((a, b) => a.tx.nonce - b.tx.nonce)
      idx.forEach((slot, k) => (out[slot] = sorted[k]!))
    }
    return out
  }

  /** Resolves when a transaction is admitted (or after `ms`). */
  waitForTx(ms: number): Promise<void> {
    if (this.byHash.size > 0) return Promise.resolve()
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t)
        this.waiters.delete(done)
        resolve()
      }
      const t = setTimeout(done, ms)
      this.waiters.add(done)
    })
  }

  /** Reload persisted pending transactions after a restart; those no longer valid are dropped. */
  async restore(): Promise<{ restored: number; dropped: number }> {
    const items = await this.store.listPending()
    let dropped = 0
    const stale: Uint8Array[] = []
    const parsed: Array<CheckedTx | null> = items.map((it) => {
      try {
        return this.checker.parseBytes(it.bytes)
      } catch {
        return null
      }
    })
    const bad = new Set(await this.checker.verifyAll(parsed.filter((c): c is CheckedTx => c !== null)))
    let k = 0
    for (let n = 0; n < items.length; n++) {
      const it = items[n]!
      const p = parsed[n]
      const badSig = p !== null && bad.has(k++)
      try {
        if (!p || badSig) throw new DaejangError('BAD_SIGNATURE')
        const c = p
        if (await this.store.getTxLocation(c.hash)) throw new DaejangError('DUPLICATE_TX')
        await checkNonceUnused(this.store, c.signerHex, c.tx.nonce)
        if (this.byHash.has(c.hashHex) || this.bySigner.get(c.signerHex)?.has(c.tx.nonce)) {
          throw new DaejangError('NONCE_PENDING')
        }
        this.checkClaim(c, c.def.pendingClaim?.(c.payload as never))
        this.insert(c, true)
      } catch {
        dropped++
        stale.push(it.hash)
      }
    }
    await this.store.deletePending(stale)
    return { restored: items.length - dropped, dropped }
  }
}
