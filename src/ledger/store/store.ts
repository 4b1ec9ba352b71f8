/**
 * The node's LevelDB store. One writer (the node). A block, its commit, its transactions' index, the state it
 * wrote and the new head are written in ONE batch with sync, so after a crash the store holds the last whole block
 * and never part of one. Pending (acknowledged, not yet committed) transactions are persisted too, and removed in
 * the batch of the block that commits them.
 *
 * The state is kept twice, in the same batch: flat under s/ (the fast path: current values, what execution and
 * queries read) and in the versioned state tree under m/, mr/, ms/ (state/tree: its root is the block's app hash; it
 * answers "as of" reads and proofs, docs/adr/0026). A block's tree nodes are written in the block's own batch, so
 * the tree and the blocks never disagree after a crash.
 *
 * Key layout (utf8 keys, binary values):
 *   meta/head                   canonical [height, hash, appHash, time]
 *   meta/genesis                the genesis document (JSON bytes)
 *   meta/format                 canonical store format (STORE_FORMAT); absent in stores made before the state tree
 *   b/<height:012>              canonical block
 *   c/<height:012>              canonical commit of that block (the "seen commit")
 *   h/<blockhash>               height
 *   t/<txhash>                  canonical [height, index]
 *   s/<state key>               canonical state value
 *   p/<txhash>                  pending transaction bytes (the persisted mempool)
 *   x/signer/<key>/<h:012>/<i:06>  tx hash: transactions by signer, and co-signed ones by each co-signer
 *   r/<txhash>                  canonical [code, message, time, height]: an acknowledged transaction rejected when
 *                               the block at that height was built (the outcome a client asks for, kept like a commit)
 *   ro/<h:012>/<txhash>         empty: the rejections in the order they were decided, to forget the oldest
 *   meta/rejections             canonical count of r/ entries
 *   x/txblocks/<h:012>          transaction count: the blocks that hold transactions (explorers skip empty blocks)
 *   meta/txblocks               set once x/txblocks covers every block (stores made before it are indexed at open)
 *   m/<version>/<seq>           state tree nodes, keyed by the version (height) that created them (state/tree)
 *   mr/<version>                state tree root of a version
 *   ms/<version>/...            state tree nodes made stale by a version (what pruning may drop)
 *   a/<key>                     node-local data kept beside the chain, not replicated and not state (for example
 *                               the documents of a notary batch, whose chain record holds only their Merkle root)
 */
import { Level } from 'level'
import { DaejangError } from '../../shared/errors'
import { fromHex, toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical, encodeUintPair } from '../codec/canonical'
import type { StateReader } from '../state/view'
import { DEFAULT_CACHE_NODES, type PreparedVersion, StateTree, type TreeOp, levelTreeDb } from '../state/tree'

export interface Head {
  height: number
  hash: Uint8Array
  appHash: Uint8Array
  time: number
}

export interface BlockWrite {
  height: number
  hash: Uint8Array
  blockBytes: Uint8Array
  commitBytes: Uint8Array
  appHash: Uint8Array
  time: number
  /** each transaction: its hash, signer and co-signers (indexed under every party), and whether it was pending here */
  txs: Array<{
    hash: Uint8Array
    signer: Uint8Array
    cosigners?: readonly Uint8Array[]
    pending?: boolean
    /** toHex(hash) and toHex(signer) when the caller has them (a checked transaction does) */
    hashHex?: string
    signerHex?: string
  }>
  state: Map<string, Canonical | null>
  /** the canonical bytes of `state`'s values when the caller has them (written as they are; the rest are encoded here) */
  encoded?: ReadonlyMap<string, Uint8Array>
  /** the state tree's version of this block (state/tree: prepare), its root equal to `appHash` */
  tree: PreparedVersion
  /**
   * acknowledged transactions rejected while building this block: their pending copies are deleted and the rejection
   * is kept (r/), in the same batch
   */
  rejected?: RejectionWrite[]
}

export interface RejectionWrite {
  hash: Uint8Array
  code: string
  message: string
}

/** A kept rejection: the transaction's outcome, as final as a commit. */
export interface StoredRejection {
  code: string
  message: string
  /** the time of the block that decided it */
  time: number
  height: number
}

/**
 * How many rejections a node keeps (the oldest are forgotten first). A rejection weighs a few hundred bytes, so this
 * is at most a few tens of MB of disk, and memory is not involved (they are read from LevelDB when asked for). A
 * client asking about a forgotten one gets NOT_FOUND, as for a transaction never seen; the outbox then sends the same
 * bytes again and the node decides anew (a rejected transaction used no nonce).
 */
export const REJECTIONS_KEPT = 100_000

const pad = (n: number, w: number): string => String(n).padStart(w, '0')
const hKey = (h: number): string => pad(h, 12)
const TX_BLOCKS = 'x/txblocks/'
const TX_BLOCKS_DONE = 'meta/txblocks'
/** above every key under a prefix: U+10FFFF encodes as F4 8F BF BF, higher than any UTF-8 sequence */
const END = '\u{10FFFF}'

type Batch = ReturnType<Level<string, Uint8Array>['batch']>

/**
 * The store's format. 2: the app hash is the state tree's root (docs/adr/0026). A store with a head and no format
 * was made by an earlier build (format 1: app hashes chained over writes, blocks of format 1); it is not kept.
 */
export const STORE_FORMAT = 2

/**
 * How many heights of state stay provable. `keepRecent: null` (the default) keeps every height; a number keeps that
 * many most recent heights and lets the older tree nodes go (checked at every block, in the block's batch).
 */
export interface PruningConfig {
  keepRecent: number | null
}

export interface StoreOptions {
  pruning?: PruningConfig
  /** tree nodes kept in memory, as their stored bytes (state/tree); STORE_TREE_CACHE_NODES when not given */
  cacheNodes?: number
  /** LevelDB's table cache and block cache, in place of STORE_LEVEL_OPTIONS' (benches compare them) */
  level?: { maxOpenFiles?: number; cacheSize?: number }
}

/**
 * The decoded state values the store keeps (docs/adr/0040): two generations, each retired whole when it holds
 * STATE_CACHE_GEN_ENTRIES values or STATE_CACHE_GEN_BYTES of estimated memory, so the cache is bounded in bytes
 * whatever the values' sizes (a land register can be kilobytes) and eviction is one dropped map, not a walk.
 */
/** the most state keys one LevelDB call of `getMany` asks for (a larger request is cut into calls of this size) */
const STATE_GET_MANY_CHUNK = 10_000
/** a getMany missing at most this many keys in the cache reads them in place (getSync), after a turn of the event loop */
const STATE_READ_IN_PLACE_MAX = 32
const yieldToIo = (): Promise<void> => new Promise((r) => setImmediate(r))
/** LevelDB's Buffers seen as plain Uint8Arrays (as the tree's reads see them, level-db.ts) */
const plainBytes = (b: Uint8Array | undefined): Uint8Array | undefined =>
  b === undefined || b.constructor === Uint8Array ? b : new Uint8Array(b.buffer, b.byteOffset, b.byteLength)
const STATE_CACHE_GEN_ENTRIES = 100_000
/** how many keys peek/peekMany remember having read once, to cache them at a second read (docs/adr/0050) */
const PEEKED_KEYS = 20_000
const STATE_CACHE_GEN_BYTES = 16 << 20
/** Estimated heap bytes of a cached value: map slot and key string, plus the decoded value (~4× its encoding). */
function cacheCost(key: string, encodedBytes: number): number {
  return 64 + 2 * key.length + 4 * encodedBytes
}

/**
 * LevelDB's options for the node's store (docs/adr/0031). LevelDB reads its table files through memory maps (up to
 * 1,000 of them) and every page read through a map stays in the process's resident memory while the table is open:
 * with classic-level's default of 1,000 open files of 2 MB that is up to ~2 GB of RSS once the store is that big
 * (10M keys ≈ 4 GB). The open tables are bounded so that those pages stay under ~200 MB; the page cache keeps the
 * files' bytes anyway, and a table that has to be reopened costs a read of its index from there.
 */
export const STORE_LEVEL_OPTIONS = {
  keyEncoding: 'utf8',
  valueEncoding: 'view',
  maxOpenFiles: 100,
  cacheSize: 8 << 20,
  writeBufferSize: 4 << 20,
} as const

/**
 * Tree nodes the store's state tree keeps in memory: the tree's default. The cache holds nodes as their stored bytes
 * in shared chunks (docs/adr/0030), ~100–300 bytes a node, so 200,000 nodes are ~20–60 MB.
 */
export const STORE_TREE_CACHE_NODES = DEFAULT_CACHE_NODES

export class Store implements StateReader {
  private readonly db: Level<string, Uint8Array>
  /** committed state values, decoded; null = known absent */
  private cache = new Map<string, Canonical | null>()
  /** the older generation of the value cache; read through, never written (a write to `cache` shadows it) */
  private cacheOld = new Map<string, Canonical | null>()
  private cacheBytes = 0
  private headCache: Head | null = null
  private rejectionCount = 0
  /**
   * Bumped before and after every state write: a read that started under another generation may have seen the
   * old value, so it must not enter the cache (the cache is trusted until the key is written again).
   */
  private gen = 0
  /** keys read once by peek/peekMany and not cached (a second read caches them); emptied at PEEKED_KEYS */
  private peeked = new Set<string>()
  /** point reads waiting to go to LevelDB together (see read) */
  private reads: Array<{ key: string; resolve: (v: Uint8Array | undefined) => void; reject: (e: unknown) => void }> = []
  /** the versioned state tree, in this same LevelDB (its root is the app hash) */
  readonly tree: StateTree
  readonly pruning: PruningConfig
  private formatRead = STORE_FORMAT

  constructor(path: string, opts: StoreOptions = {}) {
    this.db = new Level<string, Uint8Array>(path, { ...STORE_LEVEL_OPTIONS, ...opts.level })
    this.pruning = opts.pruning ?? { keepRecent: null }
    // the tree reads this same LevelDB (its keys are under m/, mr/ and ms/)
    this.tree = new StateTree(levelTreeDb(this.db), { cacheNodes: opts.cacheNodes ?? STORE_TREE_CACHE_NODES })
  }

  async open(): Promise<void> {
    await this.db.open()
    const format = await this.db.get('meta/format')
    this.formatRead = format === undefined ? 1 : (decodeCanonical(format) as number)
    const raw = await this.db.get('meta/head')
    if (raw !== undefined) {
      const v = decodeCanonical(raw)
      if (!Array.isArray(v) || v.length !== 4) throw new DaejangError('CORRUPT_DATA', 'meta/head')
      const [height, hash, appHash, time] = v as [number, Uint8Array, Uint8Array, number]
      this.headCache = { height, hash, appHash, time }
    }
    const count = await this.db.get('meta/rejections')
    this.rejectionCount = count === undefined ? 0 : (decodeCanonical(count) as number)
    if (this.isOldFormat()) return
    await this.tree.load()
  }

  /**
   * Whether the store was made by an earlier build (blocks of format 1, app hashes chained over writes, no state
   * tree): such a chain is not replayed or extended; the node and `chain verify` refuse it with CHAIN_FORMAT_OLD.
   */
  isOldFormat(): boolean {
    return this.headCache !== null && this.formatRead < STORE_FORMAT
  }

  /** The oldest height whose state can still be read and proven (0 = genesis; every height when nothing is pruned). */
  oldestProvableHeight(): number {
    return Math.max(0, this.tree.oldestVersion())
  }

  async close(): Promise<void> {
    await this.db.close()
  }

  head(): Head | null {
    return this.headCache
  }

  async getGenesisBytes(): Promise<Uint8Array | undefined> {
    return this.db.get('meta/genesis')
  }

  /**
   * Write the genesis state as height 0, in one synced batch: flat, and as version 0 of the state tree (`tree`,
   * prepared from the same entries; its root is the genesis head's app hash).
   */
  async initGenesis(genesisJson: Uint8Array, state: Array<[string, Canonical]>, head: Head, tree: PreparedVersion): Promise<void> {
    if (tree.version !== 0) throw new DaejangError('INTERNAL', 'the genesis state is version 0 of the state tree')
    await this.write((b) => {
      b.put('meta/genesis', genesisJson)
      b.put('meta/format', encodeCanonical(STORE_FORMAT))
      for (const [k, v] of state) b.put('s/' + k, encodeCanonical(v))
      putTreeOps(b, tree.ops)
      b.put('meta/head', headBytes(head))
    })
    this.tree.committed(tree)
    this.formatRead = STORE_FORMAT
    this.headCache = head
    this.cache.clear()
    this.cacheOld.clear()
    this.cacheBytes = 0
  }

  /** The value of a state key as of height `height` (read from the state tree; `get` reads the current one). */
  async getAsOf(key: string, height: number): Promise<Canonical | undefined> {
    this.checkProvable(height)
    return this.tree.get(key, height)
  }

  /**
   * Many keys as of `height`, each what `getAsOf` answers, read by the tree together (one batch: the nodes their
   * descents miss read level by level in one getMany). Each key counts toward the tree's bound on waiting reads: a
   * request that would pass it is refused whole (STATE_READS_BUSY), nothing read.
   */
  async getAsOfMany(keys: readonly string[], height: number): Promise<Array<Canonical | undefined>> {
    this.checkProvable(height)
    return this.tree.getMany(keys, height)
  }

  /** Refuse a height the tree cannot answer for: past the head, or pruned (HEIGHT_PRUNED). */
  checkProvable(height: number): void {
    const top = this.headCache?.height ?? -1
    if (!Number.isSafeInteger(height) || height < 0 || height > top) {
      throw new DaejangError('UNKNOWN_HEIGHT', `there is no block at height ${height}`)
    }
    const oldest = this.oldestProvableHeight()
    if (height < oldest) {
      throw new DaejangError('HEIGHT_PRUNED', `this node keeps the state of heights ${oldest} to ${top}; height ${height} was pruned`)
    }
  }

  get(key: string): Promise<Canonical | undefined> {
    // the older generation only when the young has no value: a write since (young) shadows it. A hit there is not
    // moved back (its size is not kept); it is read from LevelDB again once its generation is dropped.
    let c = this.cache.get(key)
    if (c === undefined) c = this.cacheOld.get(key) // (null is a value: known absent)
    // a cached value without an async function's frame (a block's execution reads from the cache, prefetched)
    if (c !== undefined) return Promise.resolve(c === null ? undefined : c)
    return this.getUncached(key)
  }

  /**
   * Many state keys at once (StateReader.getMany): the cached ones from the cache, the others (each once) in one
   * LevelDB getMany — a call per 10,000 — decoded once; what `get` of each key answers, and kept out of the cache
   * when a write overlapped the read (gen), as `get` does.
   */
  getMany(keys: readonly string[]): Promise<Array<Canonical | undefined>> {
    return this.readMany(keys, true)
  }

  /**
   * What `getMany` answers, but a value read from LevelDB enters the value cache only when its key was read this way
   * once before, recently (values already cached are answered from it). For the reads a registry's routes make
   * (docs/adr/0050): a lookup of a random register or animal is rarely asked again before its cache generation
   * retires, and every value it left in the cache survived the young-generation collections (copied, then promoted)
   * only to be dropped later — the lookups' CPU tail at 1M registers. A key asked for again (an office's name, a
   * market's site) is cached at its second read. Block execution and admission keep `get`/`getMany`/`prefetch`.
   */
  peekMany(keys: readonly string[]): Promise<Array<Canonical | undefined>> {
    return this.readMany(keys, false)
  }

  /** `get` for a route's read: what `get` answers, read as `get` reads (one turn's reads in one LevelDB call), cached as `peekMany` caches. */
  peek(key: string): Promise<Canonical | undefined> {
    let c = this.cache.get(key)
    if (c === undefined) c = this.cacheOld.get(key)
    if (c !== undefined) return Promise.resolve(c === null ? undefined : c)
    return this.getUncached(key, false)
  }

  /** whether a value read by peek should enter the cache: its key was peeked at since the set was last emptied */
  private admitPeeked(key: string): boolean {
    if (this.peeked.delete(key)) return true
    if (this.peeked.size >= PEEKED_KEYS) this.peeked.clear()
    this.peeked.add(key)
    return false
  }

  private readMany(keys: readonly string[], remember: boolean): Promise<Array<Canonical | undefined>> {
    const out = new Array<Canonical | undefined>(keys.length)
    let missing: Map<string, number[]> | null = null
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!
      let c = this.cache.get(k)
      if (c === undefined) c = this.cacheOld.get(k)
      if (c !== undefined) {
        out[i] = c === null ? undefined : c
        continue
      }
      missing ??= new Map()
      const at = missing.get(k)
      if (at === undefined) missing.set(k, [i])
      else at.push(i)
    }
    if (missing === null) return Promise.resolve(out)
    return this.getManyUncached(missing, out, remember)
  }

  private async getManyUncached(missing: Map<string, number[]>, out: Array<Canonical | undefined>, remember: boolean): Promise<Array<Canonical | undefined>> {
    const all = [...missing.keys()]
    if (all.length <= STATE_READ_IN_PLACE_MAX) await yieldToIo()
    for (let i = 0; i < all.length; i += STATE_GET_MANY_CHUNK) {
      const part = all.slice(i, i + STATE_GET_MANY_CHUNK)
      const g = this.gen
      // a few keys (a register's, an animal's) are read in place, after a turn of the event loop (timers and I/O run
      // first, so a client asking again and again does not hold the thread): a round trip through libuv's threads
      // costs more than their reads (docs/adr/0043, a lone read of the tree); more go to LevelDB's threads in one call
      const raws = part.length <= STATE_READ_IN_PLACE_MAX ? part.map((k) => plainBytes(this.db.getSync('s/' + k))) : await this.db.getMany(part.map((k) => 's/' + k))
      const keep = g === this.gen
      for (let j = 0; j < part.length; j++) {
        const raw = raws[j]
        const v = raw === undefined ? null : decodeCanonical(raw)
        if (keep && (remember || this.admitPeeked(part[j]!))) this.remember(part[j]!, v, raw?.length ?? 0)
        for (const at of missing.get(part[j]!)!) out[at] = v === null ? undefined : v
      }
    }
    return out
  }

  private async getUncached(key: string, remember = true): Promise<Canonical | undefined> {
    const g = this.gen
    const raw = await this.read('s/' + key)
    const v = raw === undefined ? null : decodeCanonical(raw)
    if (g === this.gen && (remember || this.admitPeeked(key))) this.remember(key, v, raw?.length ?? 0)
    return v === null ? undefined : v
  }

  /**
   * A point read, sent to LevelDB with the others asked for in the same turn of the event loop as one getMany.
   * Admission reads two keys a transaction (is it committed? is its nonce used?) and transactions arrive in
   * batches (the API's batch endpoint, gossip), so the reads of a whole batch cost one call instead of one each.
   * Each value is the key's at some moment after the call, as with a get, and a read that overlaps a write is
   * still kept out of the cache (gen).
   */
  private read(key: string): Promise<Uint8Array | undefined> {
    return new Promise((resolve, reject) => {
      if (this.reads.push({ key, resolve, reject }) === 1) setImmediate(() => this.flushReads())
    })
  }

  private flushReads(): void {
    const q = this.reads
    this.reads = []
    this.db.getMany(q.map((r) => r.key)).then(
      (vs) => q.forEach((r, i) => r.resolve(vs[i])),
      (e: unknown) => q.forEach((r) => r.reject(e)),
    )
  }

  /**
   * Load many state keys into the cache with one call into LevelDB (a block's execution reads thousands of keys,
   * most of them absent; one by one, each costs a round trip).
   */
  async prefetch(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.cache.has(k) && !this.cacheOld.has(k))
    for (let i = 0; i < missing.length; i += 10_000) {
      const part = missing.slice(i, i + 10_000)
      const g = this.gen
      const values = await this.db.getMany(part.map((k) => 's/' + k))
      if (g !== this.gen) continue
      part.forEach((k, j) => {
        const raw = values[j]
        this.remember(k, raw === undefined ? null : decodeCanonical(raw), raw?.length ?? 0)
      })
    }
  }

  private remember(key: string, v: Canonical | null, encodedBytes: number): void {
    if (this.cache.size >= STATE_CACHE_GEN_ENTRIES || this.cacheBytes >= STATE_CACHE_GEN_BYTES) {
      // retire the young generation whole; the older one is dropped
      this.cacheOld = this.cache
      this.cache = new Map()
      this.cacheBytes = 0
    }
    this.cache.set(key, v)
    this.cacheBytes += cacheCost(key, encodedBytes)
  }

  /** values in the decoded-value cache and their estimated bytes (young generation's bytes; tests, benches) */
  cacheStats(): { entries: number; youngBytes: number } {
    return { entries: this.cache.size + this.cacheOld.size, youngBytes: this.cacheBytes }
  }

  /** Committed state entries under a prefix (for queries; not used by rules). */
  async *scanState(prefix: string, limit = 10_000): AsyncGenerator<[string, Canonical]> {
    let n = 0
    for await (const [k, v] of this.db.iterator({ gte: 's/' + prefix, lt: 's/' + prefix + END })) {
      yield [k.slice(2), decodeCanonical(v)]
      if (++n >= limit) return
    }
  }

  async commitBlock(w: BlockWrite, rejectionsKept = REJECTIONS_KEPT): Promise<void> {
    const head: Head = { height: w.height, hash: w.hash, appHash: w.appHash, time: w.time }
    if (w.tree.version !== w.height) throw new DaejangError('INTERNAL', `state tree version ${w.tree.version} for block ${w.height}`)
    const rejections = await this.planRejections(w, rejectionsKept)
    const keep = this.pruning.keepRecent
    // the tree nodes only heights before the kept window need go in this block's batch
    const keepFrom = keep === null ? 0 : w.height - keep + 1
    const pruned = keepFrom > 0 ? await this.tree.prune(keepFrom) : []
    /** the encoded size of each state value written, in w.state's order (the value cache's estimate) */
    const sizes: number[] = []
    await this.write((b) => {
      b.put('b/' + hKey(w.height), w.blockBytes)
      if (w.txs.length > 0) b.put(TX_BLOCKS + hKey(w.height), encodeCanonical(w.txs.length))
      b.put('c/' + hKey(w.height), w.commitBytes)
      b.put('h/' + toHex(w.hash), encodeCanonical(w.height))
      const hk = hKey(w.height)
      w.txs.forEach((t, i) => {
        const th = t.hashHex ?? toHex(t.hash)
        b.put('t/' + th, encodeUintPair(w.height, i))
        if (t.pending !== false) b.del('p/' + th)
        const at = `/${hk}/${pad(i, 6)}`
        b.put(`x/signer/${t.signerHex ?? toHex(t.signer)}${at}`, t.hash)
        for (const k of t.cosigners ?? []) b.put(`x/signer/${toHex(k)}${at}`, t.hash)
      })
      for (const k of rejections.del) b.del(k)
      for (const [k, v] of rejections.put) b.put(k, v)
      if (rejections.count !== this.rejectionCount) b.put('meta/rejections', encodeCanonical(rejections.count))
      for (const [k, v] of w.state) {
        if (v === null) {
          b.del('s/' + k)
          sizes.push(0)
        } else {
          const bytes = w.encoded?.get(k) ?? encodeCanonical(v)
          b.put('s/' + k, bytes)
          sizes.push(bytes.length)
        }
      }
      putTreeOps(b, w.tree.ops)
      putTreeOps(b, pruned)
      b.put('meta/head', headBytes(head))
    })
    this.tree.committed(w.tree)
    this.headCache = head
    this.rejectionCount = rejections.count
    let i = 0
    for (const [k, v] of w.state) this.remember(k, v, sizes[i++] ?? 0)
  }

  /**
   * The writes that keep a block's rejections: each one under r/ and in the order index, its pending copy gone, an
   * earlier rejection of the same transaction replaced, and the oldest forgotten past `kept`.
   */
  private async planRejections(
    w: BlockWrite,
    kept: number,
  ): Promise<{ put: Array<[string, Uint8Array]>; del: string[]; count: number }> {
    const put: Array<[string, Uint8Array]> = []
    const del: string[] = []
    const list = w.rejected ?? []
    if (list.length === 0) return { put, del, count: this.rejectionCount }
    const hexes = list.map((r) => toHex(r.hash))
    const before = await this.db.getMany(hexes.map((x) => 'r/' + x))
    let count = this.rejectionCount
    const fresh = new Set<string>()
    /** order keys of earlier rejections of these same transactions: replaced, not forgotten */
    const replaced = new Set<string>()
    list.forEach((r, i) => {
      const x = hexes[i]!
      del.push('p/' + x)
      const old = before[i]
      if (old !== undefined) replaced.add(`ro/${hKey(rejectionOf(old).height)}/${x}`)
      else if (!fresh.has(x)) count++
      fresh.add(x)
      put.push(['r/' + x, encodeCanonical([r.code, r.message, w.time, w.height])])
      put.push([`ro/${hKey(w.height)}/${x}`, new Uint8Array(0)])
    })
    del.push(...replaced)
    if (count > kept) {
      const excess = count - kept
      for await (const k of this.db.keys({ gte: 'ro/', lt: 'ro/' + END, limit: excess + replaced.size })) {
        if (count <= kept) break
        if (replaced.has(k)) continue
        del.push(k, 'r/' + k.slice(k.lastIndexOf('/') + 1))
        count--
      }
    }
    return { put, del, count }
  }

  /** The kept rejection of a transaction, if it was rejected (and not yet forgotten). */
  async getRejection(hash: Uint8Array): Promise<StoredRejection | undefined> {
    const raw = await this.read('r/' + toHex(hash))
    return raw === undefined ? undefined : rejectionOf(raw)
  }

  /** How many rejections are kept. */
  get rejectionsKept(): number {
    return this.rejectionCount
  }

  /**
   * One atomic batch, written with sync. A chained batch: several times cheaper than an array of operations for
   * the tens of thousands of writes of a full block.
   */
  private async write(fill: (b: Batch) => void, sync = true): Promise<void> {
    const b = this.db.batch()
    try {
      fill(b)
    } catch (e) {
      await b.close()
      throw e
    }
    this.gen++
    try {
      await b.write({ sync })
    } finally {
      this.gen++
    }
  }

  /** Heights below `below` of the blocks that hold transactions, newest first: one index scan, empty blocks unread. */
  async heightsWithTxs(below: number, limit: number): Promise<number[]> {
    const out: number[] = []
    for await (const k of this.db.keys({ gte: TX_BLOCKS, lt: TX_BLOCKS + hKey(Math.max(0, below)), reverse: true, limit })) {
      out.push(Number(k.slice(TX_BLOCKS.length)))
    }
    return out
  }

  /**
   * Builds the index of blocks that hold transactions for a store written before it existed (once; `txCount` reads a
   * block's transaction count from its bytes). Blocks committed afterwards are indexed in their own batch.
   */
  async indexTxBlocks(txCount: (blockBytes: Uint8Array) => number): Promise<void> {
    if ((await this.db.get(TX_BLOCKS_DONE)) !== undefined) return
    let b = this.db.batch()
    let n = 0
    for await (const [k, v] of this.db.iterator({ gte: 'b/', lt: 'b/' + END })) {
      const count = txCount(v)
      if (count > 0) b.put(TX_BLOCKS + k.slice(2), encodeCanonical(count))
      if (++n % 10_000 === 0) {
        await b.write()
        b = this.db.batch()
      }
    }
    b.put(TX_BLOCKS_DONE, new Uint8Array([1]))
    await b.write()
  }

  async getBlockBytes(height: number): Promise<Uint8Array | undefined> {
    return this.db.get('b/' + hKey(height))
  }

  async getCommitBytes(height: number): Promise<Uint8Array | undefined> {
    return this.db.get('c/' + hKey(height))
  }

  async getHeightByHash(hash: Uint8Array): Promise<number | undefined> {
    const raw = await this.db.get('h/' + toHex(hash))
    return raw === undefined ? undefined : (decodeCanonical(raw) as number)
  }

  async getTxLocation(hash: Uint8Array): Promise<{ height: number; index: number } | undefined> {
    const raw = await this.read('t/' + toHex(hash))
    if (raw === undefined) return undefined
    const [height, index] = decodeCanonical(raw) as [number, number]
    return { height, index }
  }

  async txHashesBySigner(signer: Uint8Array, limit: number): Promise<Uint8Array[]> {
    const prefix = `x/signer/${toHex(signer)}/`
    const out: Uint8Array[] = []
    for await (const v of this.db.values({ gte: prefix, lt: prefix + END, reverse: true, limit })) out.push(v)
    return out
  }

  /** Write node-local data (keys under a/) in one synced batch. */
  async putAux(entries: ReadonlyArray<readonly [string, Uint8Array]>): Promise<void> {
    await this.write((b) => {
      for (const [k, v] of entries) b.put('a/' + k, v)
    })
  }

  async getAux(key: string): Promise<Uint8Array | undefined> {
    return this.db.get('a/' + key)
  }

  /** Node-local keys (without the a/ prefix) under a prefix. */
  async auxKeys(prefix: string, limit = 1000): Promise<string[]> {
    const out: string[] = []
    for await (const k of this.db.keys({ gte: 'a/' + prefix, lt: 'a/' + prefix + END, limit })) out.push(k.slice(2))
    return out
  }

  /** Persist newly acknowledged pending transactions in one synced batch. */
  async putPending(items: Array<{ hash: Uint8Array; bytes: Uint8Array }>): Promise<void> {
    if (items.length === 0) return
    await this.write((b) => {
      for (const i of items) b.put('p/' + toHex(i.hash), i.bytes)
    })
  }

  async deletePending(hashes: Uint8Array[]): Promise<void> {
    if (hashes.length === 0) return
    await this.write((b) => {
      for (const h of hashes) b.del('p/' + toHex(h))
    }, false)
  }

  /**
   * A LevelDB snapshot of the whole store: its head's height as of the snapshot, and every key and value as raw bytes,
   * `size` at a time, read from it — blocks committed meanwhile are not seen and the copy is never torn (a node's
   * backup while it runs, server/backup, docs/adr/0065). Close it when done (entries() closes it at its end).
   */
  async openSnapshot(): Promise<StoreSnapshot> {
    const snap = this.db.snapshot()
    let height: number | null = null
    try {
      const raw = await this.db.get('meta/head', { snapshot: snap })
      if (raw !== undefined) height = (decodeCanonical(raw) as [number])[0]
    } catch (e) {
      await snap.close()
      throw e
    }
    const db = this.db
    return {
      height,
      async *entries(size = 1000) {
        const it = db.iterator<Uint8Array, Uint8Array>({ keyEncoding: 'view', valueEncoding: 'view', highWaterMarkBytes: 4 << 20, snapshot: snap })
        try {
          for (;;) {
            const batch = await it.nextv(size)
            if (batch.length === 0) return
            yield batch
          }
        } finally {
          await it.close()
          await snap.close()
        }
      },
      close: () => snap.close(),
    }
  }

  async listPending(): Promise<Array<{ hash: Uint8Array; bytes: Uint8Array }>> {
    const out: Array<{ hash: Uint8Array; bytes: Uint8Array }> = []
    for await (const [k, v] of this.db.iterator({ gte: 'p/', lt: 'p/' + END })) {
      out.push({ hash: fromHex(k.slice(2)), bytes: v })
    }
    return out
  }
}

/** A snapshot of the store (Store.openSnapshot). */
export interface StoreSnapshot {
  /** the head's height in the snapshot (null: an empty store) */
  height: number | null
  entries(size?: number): AsyncGenerator<Array<[Uint8Array, Uint8Array]>>
  close(): Promise<void>
}

function rejectionOf(raw: Uint8Array): StoredRejection {
  const v = decodeCanonical(raw)
  if (!Array.isArray(v) || v.length !== 4) throw new DaejangError('CORRUPT_DATA', 'a kept rejection')
  const [code, message, time, height] = v as [string, string, number, number]
  return { code, message, time, height }
}

function putTreeOps(b: Batch, ops: readonly TreeOp[]): void {
  for (const op of ops) {
    if (op.type === 'put') b.put(op.key, op.value)
    else b.del(op.key)
  }
}

function headBytes(h: Head): Uint8Array {
  return encodeCanonical([h.height, h.hash, h.appHash, h.time])
}
