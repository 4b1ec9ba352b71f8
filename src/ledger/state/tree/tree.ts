/**
 * The versioned state tree (docs/adr/0025): a compressed binary Merkle-Patricia trie over 512-bit paths whose root is
 * the app hash. Version = block height. A version's new nodes, its root record and the list of nodes it made stale
 * are returned as operations for the block's own LevelDB batch (`prepare`); nothing is written by the tree itself.
 * Nodes are immutable, so any retained version can be read and proven while new versions are prepared.
 *
 * A batch of writes is applied in one pass down the tree (each touched node is rebuilt and hashed once per block).
 * The nodes it needs are read level by level with one `getMany` per level, then the pass runs without waiting.
 */
import { DaejangError } from '../../../shared/errors'
import { requireWellFormedKey } from '../view'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../codec/canonical'
import {
  EMPTY_ROOT,
  GROUP_BITS,
  PATH_BITS,
  type ProofStep,
  type StateProof,
  firstDiffBit,
  groupOf,
  groupPrefix,
  internalHash,
  leafHash,
  pathBit,
  statePath,
  valueHash,
} from '../../proofs/state-proof'
import {
  type ChildRef,
  type InternalNode,
  type LeafNode,
  MAX_VERSION,
  NODE_PREFIX,
  ROOT_PREFIX,
  STALE_PREFIX,
  type TreeNode,
  decodeNode,
  decodeRoot,
  decodeStale,
  encodeInternal,
  encodeLeaf,
  encodeRoot,
  encodeStale,
  leafPath,
  nodeKey,
  refKey,
  Slab,
  versionHex,
} from './nodes'
import { RawNodeCache } from './node-cache'

export interface TreeDb {
  getMany(keys: string[]): Promise<Array<Uint8Array | undefined>>
  /**
   * One node read without leaving the thread, when the database has it (LevelDB does). Point reads and proofs used
   * it (docs/adr/0035); they are now served in batches with getMany, so that no read waits on the disk on the
   * node's thread (docs/adr/0043). Not used by the tree today.
   */
  getSync?(key: string): Uint8Array | undefined
  iterate(opts: { gte: string; lt: string; reverse?: boolean; limit?: number }): AsyncIterable<[string, Uint8Array]>
}

export type TreeOp = { type: 'put'; key: string; value: Uint8Array } | { type: 'del'; key: string }

export interface PreparedVersion {
  version: number
  root: Uint8Array
  ops: TreeOp[]
}

interface PreparedInternals {
  base: number
  rootRef: ChildRef | null
  /** the version's new nodes' bytes, by seq, and the new leaves' paths */
  nodes: Uint8Array[]
  paths: Array<Uint8Array | undefined>
}

interface Write {
  key: string
  path: Uint8Array
  /** the path's first 32 bytes, the group's shared array (same group, same array: the sort compares the rest only) */
  group: Uint8Array
  value: Uint8Array | null
}

/** An entry of a batch rebuild: an existing subtree (ref), or a leaf to create (write). `path` orders it. */
interface Item {
  path: Uint8Array
  ref?: ChildRef
  write?: Write
}

const ROOT_END = 'mr0' // '0' follows '/'
/** the node cache's size in nodes when `cacheNodes` is not given */
export const DEFAULT_CACHE_NODES = 200_000
/**
 * Point reads and proofs waiting for their batch, past which more are refused (STATE_READS_BUSY) until the queue
 * drains: ~0.1–0.3 ms of work each at 10M keys, so at most about half a second of waiting (docs/adr/0043).
 */
export const DEFAULT_MAX_QUEUED_READS = 2_048
/** reads and proofs descended together: one getMany per level for all of their missing nodes */
const MAX_BATCH = 256
/** node reads of one level split into this many getMany calls (LevelDB reads them on libuv's threads in parallel) */
const PARALLEL_READS = 2
const MIN_PARALLEL_KEYS = 32
/** a batch holding only one getMany's reads, at most this many, reads in place as a lone read does */
const MAX_LONE_CALLER_READS = 64

/** A point read or proof waiting for its batch. */
interface ReadRequest {
  key: string
  version: number
  withSteps: boolean
  /** the getMany this read is part of (its reads are one caller's: a batch of them alone reads in place) */
  caller?: object
  resolve(r: { leaf: LeafNode | null; steps: ProofStep[] }): void
  reject(e: unknown): void
}

/** One descent of a batch: where it is (the node to read next), the siblings passed, the leaf reached. */
interface Descent {
  req: ReadRequest
  target: Uint8Array
  v: number
  s: number
  level: number
  steps: ProofStep[]
  leaf: LeafNode | null
}

/** Let timers and I/O run before the next batch: a flood of reads never holds the node's thread (docs/adr/0043). */
const yieldToIo: () => Promise<void> =
  typeof setImmediate === 'function' ? () => new Promise((r) => setImmediate(r)) : () => new Promise((r) => setTimeout(r, 0))

function comparePaths(a: Uint8Array, b: Uint8Array, from = 0): number {
  for (let i = from; i < 64; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

function compareWrites(a: Write, b: Write): number {
  return comparePaths(a.path, b.path, a.group === b.group ? 32 : 0)
}

/**
 * The first bit where `a` and `b` differ before `limit` (else `limit`), when they are known to agree on the bits
 * before `from`: a node's writes agree with it down to its parent's depth, so only the bits after it are compared.
 */
function diffFrom(a: Uint8Array, b: Uint8Array, limit: number, from: number): number {
  const n = (limit + 7) >> 3
  for (let i = from >> 3; i < n; i++) {
    const x = a[i]! ^ b[i]!
    if (x !== 0) {
      const d = i * 8 + Math.clz32(x) - 24
      return d < limit ? d : limit
    }
  }
  return limit
}

/** Loaded nodes of one pass, by their reference (the same ChildRef object is met going down and rebuilding). */
type Loaded = Map<ChildRef, TreeNode>

function equalValue(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export class StateTree {
  private readonly db: TreeDb
  private readonly cache: RawNodeCache
  private latest = -1
  private latestRoot: ChildRef | null = null
  private oldest = -1
  private readonly roots = new Map<number, ChildRef | null>()
  private readonly prepared = new WeakMap<PreparedVersion, PreparedInternals>()
  /** point reads and proofs waiting for the next batch (docs/adr/0043) */
  private readonly queued: ReadRequest[] = []
  private batching = false
  private readonly maxQueuedReads: number

  constructor(db: TreeDb, opts?: { cacheNodes?: number; maxQueuedReads?: number }) {
    this.db = db
    this.cache = new RawNodeCache(Math.ceil((opts?.cacheNodes ?? DEFAULT_CACHE_NODES) / 2))
    this.maxQueuedReads = opts?.maxQueuedReads ?? DEFAULT_MAX_QUEUED_READS
  }

  /** Read the latest and the oldest retained version. */
  async load(): Promise<void> {
    this.latest = -1
    this.latestRoot = null
    this.oldest = -1
    this.roots.clear()
    for await (const [k, v] of this.db.iterate({ gte: ROOT_PREFIX, lt: ROOT_END, reverse: true, limit: 1 })) {
      this.latest = parseInt(k.slice(ROOT_PREFIX.length), 16)
      this.latestRoot = decodeRoot(v)
    }
    for await (const [k] of this.db.iterate({ gte: ROOT_PREFIX, lt: ROOT_END, limit: 1 })) {
      this.oldest = parseInt(k.slice(ROOT_PREFIX.length), 16)
    }
  }

  /** -1 when no version was committed */
  latestVersion(): number {
    return this.latest
  }

  /** The oldest version that can still be read and proven (-1 when none). */
  oldestVersion(): number {
    return this.oldest
  }

  private checkVersion(version: number): void {
    if (!Number.isSafeInteger(version) || this.latest < 0 || version > this.latest) {
      throw new DaejangError('UNKNOWN_HEIGHT', `the state tree has no version ${version} (latest ${this.latest})`)
    }
    if (version < this.oldest) {
      throw new DaejangError('UNKNOWN_HEIGHT', `the state as of height ${version} is pruned (the oldest kept is ${this.oldest})`)
    }
  }

  private async rootRef(version: number): Promise<ChildRef | null> {
    this.checkVersion(version)
    if (version === this.latest) return this.latestRoot
    const known = this.roots.get(version)
    if (known !== undefined) return known
    let found: ChildRef | null | undefined
    for await (const [, v] of this.db.iterate({
      gte: ROOT_PREFIX,
      lt: ROOT_PREFIX + versionHex(version + 1),
      reverse: true,
      limit: 1,
    })) {
      found = decodeRoot(v)
    }
    if (found === undefined) {
      throw new DaejangError('UNKNOWN_HEIGHT', `the state tree has no version at or before ${version}`)
    }
    if (this.roots.size > 4096) this.roots.clear()
    this.roots.set(version, found)
    return found
  }

  /** The root as of `version` (that of the latest version ≤ it). */
  async rootAt(version: number): Promise<Uint8Array> {
    const r = await this.rootRef(version)
    return r === null ? EMPTY_ROOT : r.hash
  }

  // ---- node reads ----

  private async readNodes(refs: readonly ChildRef[], into?: Loaded): Promise<TreeNode[]> {
    const out: TreeNode[] = new Array(refs.length)
    let missing: string[] | undefined
    let at: number[] | undefined
    for (let i = 0; i < refs.length; i++) {
      const r = refs[i]!
      const n = into?.get(r) ?? this.cache.get(r)
      if (n !== undefined) out[i] = n
      else {
        ;(missing ??= []).push(refKey(r))
        ;(at ??= []).push(i)
      }
    }
    if (missing !== undefined && at !== undefined) {
      const got = await this.db.getMany(missing)
      for (let j = 0; j < missing.length; j++) {
        const b = got[j]
        const k = missing[j]!
        if (b === undefined) throw new DaejangError('CORRUPT_DATA', `state tree node ${k} is missing`)
        const n = decodeNode(b, k)
        this.cache.put(refs[at[j]!]!, b)
        out[at[j]!] = n
      }
    }
    if (into) for (let i = 0; i < refs.length; i++) into.set(refs[i]!, out[i]!)
    return out
  }


  private async readNode(ref: ChildRef): Promise<TreeNode> {
    return this.cache.get(ref) ?? (await this.readNodes([ref]))[0]!
  }

  // ---- writes ----

  /**
   * Compute version `version` on top of the latest committed one. Writes nothing: returns the root and the ops for
   * the block's batch. `null` deletes a key.
   */
  async prepare(
    version: number,
    writes: ReadonlyMap<string, Canonical | null>,
    /** the values' canonical encodings when the caller has them already (the store writes the same bytes) */
    encoded?: ReadonlyMap<string, Uint8Array>,
  ): Promise<PreparedVersion> {
    if (!Number.isSafeInteger(version) || version <= this.latest || version > MAX_VERSION) {
      throw new DaejangError('INTERNAL', `state tree version ${version} does not follow ${this.latest}`)
    }
    const base = this.latest
    const baseRoot = this.latestRoot
    const ws: Write[] = []
    for (const [key, v] of writes) {
      requireWellFormedKey(key)
      const path = statePath(key)
      ws.push({ key, path, group: groupPrefix(groupOf(key)), value: v === null ? null : (encoded?.get(key) ?? encodeCanonical(v)) })
    }
    ws.sort(compareWrites)

    const loaded: Loaded = new Map()
    if (baseRoot !== null && ws.length > 0) await this.loadPaths(baseRoot, ws, loaded)

    const b = new BatchBuilder(version, loaded)
    const rootRef = ws.length > 0 ? b.update(baseRoot, ws, 0, ws.length) : baseRoot
    const ops = b.ops
    ops.push({ type: 'put', key: ROOT_PREFIX + versionHex(version), value: encodeRoot(rootRef) })
    if (b.stale.length > 0) ops.push({ type: 'put', key: STALE_PREFIX + versionHex(version), value: encodeStale(b.stale) })
    const p: PreparedVersion = { version, root: rootRef === null ? EMPTY_ROOT : rootRef.hash, ops }
    this.prepared.set(p, { base, rootRef, nodes: b.nodes, paths: b.paths })
    return p
  }

  /** Call once the prepared version's ops are written. */
  committed(p: PreparedVersion): void {
    const i = this.prepared.get(p)
    if (i === undefined) throw new DaejangError('INTERNAL', 'this version was not prepared by this state tree')
    if (i.base !== this.latest) {
      throw new DaejangError('INTERNAL', `state tree version ${p.version} was prepared on ${i.base}, not on the latest ${this.latest}`)
    }
    this.prepared.delete(p)
    const ref = { v: p.version, s: 0 }
    for (let s = 0; s < i.nodes.length; s++) {
      ref.s = s
      this.cache.put(ref, i.nodes[s]!, i.paths[s])
    }
    if (this.latest >= 0) this.roots.set(this.latest, this.latestRoot)
    this.latest = p.version
    // a copy: a reference met in a pass may view a cache chunk, which the root would then keep alive
    this.latestRoot = i.rootRef === null ? null : { key: undefined, v: i.rootRef.v, s: i.rootRef.s, hash: i.rootRef.hash.slice() }
    if (this.oldest < 0) this.oldest = p.version
  }

  /**
   * Warm the node cache with the latest version's nodes along `keys`' paths (the next block's writes or reads), so
   * that a later `prepare` or read of them waits for no database read. A hint only: it changes no root, proof or
   * value, may run while another version is prepared, and never fails (a node pruned meanwhile is just skipped).
   * Not called by the node today (docs/adr/0030).
   */
  async prefetch(keys: readonly string[]): Promise<void> {
    const root = this.latestRoot
    if (root === null || keys.length === 0) return
    const ws: Write[] = keys.map((key) => ({ key, path: statePath(key), group: groupPrefix(groupOf(key)), value: null }))
    ws.sort(compareWrites)
    try {
      await this.loadPaths(root, ws)
    } catch {
      // a hint: whatever went wrong here is met again, and reported, by the read or prepare that needs the nodes
    }
  }

  /** Load, level by level, every node the batch pass will visit (into `loaded` when given, else into the cache). */
  private async loadPaths(root: ChildRef, ws: readonly Write[], loaded?: Loaded): Promise<void> {
    let frontier: Array<{ ref: ChildRef; lo: number; hi: number; from: number }> = [{ ref: root, lo: 0, hi: ws.length, from: 0 }]
    const span: Span = { mlo: 0, mid: 0, mhi: 0 }
    while (frontier.length > 0) {
      const refs: ChildRef[] = new Array(frontier.length)
      for (let i = 0; i < frontier.length; i++) refs[i] = frontier[i]!.ref
      const nodes = await this.readNodes(refs, loaded)
      const next: typeof frontier = []
      for (let i = 0; i < frontier.length; i++) {
        const f = frontier[i]!
        const n = nodes[i]!
        if (n.leaf) continue
        partition(n, ws, f.lo, f.hi, f.from, span)
        const { mlo, mid, mhi } = span
        if (mid > mlo) next.push({ ref: n.left, lo: mlo, hi: mid, from: n.depth + 1 })
        if (mhi > mid) next.push({ ref: n.right, lo: mid, hi: mhi, from: n.depth + 1 })
      }
      frontier = next
    }
  }

  // ---- reads and proofs ----

  /** Descend along `target`: the nodes passed (top down) and the leaf reached (null when the tree is empty). */
  private async descend(
    root: ChildRef | null,
    target: Uint8Array,
  ): Promise<{ path: Array<{ ref: ChildRef; node: TreeNode }>; steps: ProofStep[] }> {
    const path: Array<{ ref: ChildRef; node: TreeNode }> = []
    const steps: ProofStep[] = []
    let ref = root
    while (ref !== null) {
      const node = this.cache.get(ref) ?? (await this.readNode(ref))
      path.push({ ref, node })
      if (node.leaf) break
      const right = pathBit(target, node.depth) === 1
      steps.push({ depth: node.depth, sibling: right ? node.left.hash : node.right.hash })
      ref = right ? node.right : node.left
    }
    return { path, steps }
  }

  /**
   * One step of a descent along `d.target` on the stored bytes `b` of the node it is at: reads of an internal node
   * only its depth and the child taken (no decoded node, no child objects), and copies the sibling hash into the
   * steps (a proof keeps no view into the cache's chunks). True when `b` is the leaf reached (decoded into d.leaf).
   * Same checks as decodeNode: a malformed node is CORRUPT_DATA.
   */
  private stepOn(d: Descent, b: Uint8Array): boolean {
    const { v, s } = d
    if (b[0] !== 1 || b.length < 4) {
      const n = this.cache.get({ key: undefined, v, s, hash: EMPTY_ROOT }) ?? decodeNode(b, () => nodeKey(v, s))
      if (!n.leaf) throw new DaejangError('INTERNAL', 'a state tree node changed while read')
      d.leaf = n
      return true
    }
    if (++d.level > PATH_BITS) throw new DaejangError('CORRUPT_DATA', 'a state tree path is deeper than a path has bits')
    const depth = (b[1]! << 8) | b[2]!
    const pl = b[3]!
    if (pl !== (depth + 7) >> 3 || b.length !== 4 + pl + 84 || depth >= 512) decodeNode(b, () => nodeKey(v, s)) // throws CORRUPT_DATA
    const right = pathBit(d.target, depth) === 1
    const o = 4 + pl + (right ? 42 : 0)
    if (d.req.withSteps) {
      const so = 4 + pl + (right ? 0 : 42) + 10
      d.steps.push({ depth, sibling: b.slice(so, so + 32) })
    }
    d.v = ((b[o]! << 8) | b[o + 1]!) * 2 ** 32 + (((b[o + 2]! << 24) | (b[o + 3]! << 16) | (b[o + 4]! << 8) | b[o + 5]!) >>> 0)
    d.s = ((b[o + 6]! << 24) | (b[o + 7]! << 16) | (b[o + 8]! << 8) | b[o + 9]!) >>> 0
    return false
  }

  /**
   * Descend along `key`'s path as of `version` to a leaf (null when the tree is empty), in the next batch. Reads and
   * proofs are served in batches (docs/adr/0043): the nodes a batch's descents miss in the node cache are read level
   * by level, one getMany for all of them (split over LevelDB's threads), so the node's thread does not wait on the
   * disk for many requests and a flood is answered as fast as the database reads, not one read at a time (a batch
   * of a single request reads in place with getSync when the database has it). Before each
   * batch the thread runs its timers and I/O (block execution, consensus, peers). Past `maxQueuedReads` waiting,
   * more are refused at once (STATE_READS_BUSY): nothing is queued, nothing changed.
   */
  private descendToLeaf(key: string, version: number, withSteps: boolean, caller?: object): Promise<{ leaf: LeafNode | null; steps: ProofStep[] }> {
    if (this.queued.length >= this.maxQueuedReads) {
      return Promise.reject(
        new DaejangError('STATE_READS_BUSY', `the node has ${this.queued.length} state reads and proofs waiting; try again shortly`),
      )
    }
    return new Promise((resolve, reject) => {
      this.queued.push(caller === undefined ? { key, version, withSteps, resolve, reject } : { key, version, withSteps, caller, resolve, reject })
      if (!this.batching) void this.runBatches()
    })
  }

  private async runBatches(): Promise<void> {
    this.batching = true
    try {
      while (this.queued.length > 0) {
        await yieldToIo()
        await this.readBatch(this.queued.splice(0, MAX_BATCH))
      }
    } finally {
      this.batching = false
    }
  }

  /** A read's failure; a node missing because its version was pruned meanwhile is refused as pruned (UNKNOWN_HEIGHT). */
  private fail(req: ReadRequest, e: unknown): void {
    try {
      if (e instanceof DaejangError && e.code === 'CORRUPT_DATA' && req.version < this.oldest) this.checkVersion(req.version)
      req.reject(e)
    } catch (pruned) {
      req.reject(pruned)
    }
  }

  private async readBatch(batch: readonly ReadRequest[]): Promise<void> {
    const first = batch[0]?.caller
    const lone = batch.length === 1 || (first !== undefined && batch.length <= MAX_LONE_CALLER_READS && batch.every((r) => r.caller === first))
    let active: Descent[] = []
    for (const req of batch) {
      try {
        const root = await this.rootRef(req.version)
        if (root === null) req.resolve({ leaf: null, steps: [] })
        else active.push({ req, target: statePath(req.key), v: root.v, s: root.s, level: 0, steps: [], leaf: null })
      } catch (e) {
        this.fail(req, e)
      }
    }
    // nodes read for this batch (the cache may not keep them: a large leaf, a cache of size 0)
    const read = new Map<string, Uint8Array>()
    while (active.length > 0) {
      const missing = new Map<string, { v: number; s: number }>()
      const waiting: Descent[] = []
      for (const d of active) {
        try {
          for (;;) {
            let b = this.cache.raw(d.v, d.s)
            if (b === undefined) {
              const k = nodeKey(d.v, d.s)
              b = read.get(k)
              if (b === undefined) {
                if (read.has(k)) throw new DaejangError('CORRUPT_DATA', `state tree node ${k} is missing`)
                missing.set(k, { v: d.v, s: d.s })
                waiting.push(d)
                break
              }
            }
            if (this.stepOn(d, b)) {
              d.req.resolve({ leaf: d.leaf, steps: d.steps })
              break
            }
          }
        } catch (e) {
          this.fail(d.req, e)
        }
      }
      if (missing.size === 0) break
      const keys = [...missing.keys()]
      let got: Array<Uint8Array | undefined>
      try {
        // a batch of one request (no one else waiting) reads its few missing nodes in place, as a lone request did
        // before batching (docs/adr/0035): a round trip through libuv's threads costs more than the read. So does a
        // batch of one caller's getMany alone (a register's or an animal's keys: one group, their descents shared)
        got = lone && this.db.getSync !== undefined ? keys.map((k) => this.db.getSync!(k)) : await this.readMany(keys)
      } catch (e) {
        for (const d of waiting) this.fail(d.req, e)
        return
      }
      read.clear()
      for (let i = 0; i < keys.length; i++) {
        const b = got[i]
        read.set(keys[i]!, b!) // undefined: missing from the database, found by the next pass (has, no value)
        if (b !== undefined) this.cache.put(missing.get(keys[i]!)!, b)
      }
      active = waiting
    }
  }

  /** Nodes by key, in one getMany or, for many, a few in parallel (LevelDB serves each on its own thread). */
  private async readMany(keys: string[]): Promise<Array<Uint8Array | undefined>> {
    if (keys.length < MIN_PARALLEL_KEYS * PARALLEL_READS) return this.db.getMany(keys)
    const per = Math.ceil(keys.length / PARALLEL_READS)
    const parts: Array<Promise<Array<Uint8Array | undefined>>> = []
    for (let i = 0; i < keys.length; i += per) parts.push(this.db.getMany(keys.slice(i, i + per)))
    return (await Promise.all(parts)).flat()
  }

  /**
   * Run a read of `version`. Pruning may drop its nodes while the read waits for them: it is then refused as pruned
   * (as it would have been had it come later), not reported as a corrupt store.
   */
  private async reading<T>(version: number, read: () => Promise<T>): Promise<T> {
    try {
      return await read()
    } catch (e) {
      if (e instanceof DaejangError && e.code === 'CORRUPT_DATA' && version < this.oldest) this.checkVersion(version)
      throw e
    }
  }

  /** The value of `key` as of `version` (undefined when absent). */
  async get(key: string, version: number): Promise<Canonical | undefined> {
    const { leaf } = await this.descendToLeaf(key, version, false)
    return leaf !== null && leaf.key === key ? decodeCanonical(leaf.value) : undefined
  }

  /**
   * The values of `keys` as of `version` (undefined when absent), in order: each what `get` answers, all queued at
   * once so they are read in the same batch (a node several of them need is read once). Each key counts toward
   * `maxQueuedReads`: a request that would pass the bound is refused whole (STATE_READS_BUSY), nothing queued.
   */
  async getMany(keys: readonly string[], version: number): Promise<Array<Canonical | undefined>> {
    if (keys.length === 0) return []
    if (this.queued.length + keys.length > this.maxQueuedReads) {
      throw new DaejangError('STATE_READS_BUSY', `the node has ${this.queued.length} state reads and proofs waiting and ${keys.length} more were asked; try again shortly`)
    }
    const caller = {}
    const got = await Promise.all(keys.map((k) => this.descendToLeaf(k, version, false, caller)))
    return got.map(({ leaf }, i) => (leaf !== null && leaf.key === keys[i] ? decodeCanonical(leaf.value) : undefined))
  }

  /** A proof of `key`'s value, or of its absence, as of `version`. */
  async prove(key: string, version: number): Promise<StateProof> {
    const { leaf: last, steps } = await this.descendToLeaf(key, version, true)
    steps.reverse()
    if (last === null) return { kind: 'absent', key, witness: null, steps: [] }
    if (last.key === key) return { kind: 'present', key, value: decodeCanonical(last.value), steps }
    return { kind: 'absent', key, witness: witnessOf(last), steps }
  }

  /**
   * A proof of every entry of `group` as of `version` (none left out). Throws RANGE_TOO_LARGE when the group holds
   * more than `limit` entries (found while descending, before its leaves are read).
   */
  async proveRange(group: string, version: number, limit?: number): Promise<StateProof> {
    return this.reading(version, () => this.proveRangeNow(group, version, limit))
  }

  private async proveRangeNow(group: string, version: number, limit?: number): Promise<StateProof> {
    const prefix = groupPrefix(group)
    const target = new Uint8Array(64)
    target.set(prefix)
    const { path, steps } = await this.descend(await this.rootRef(version), target)
    if (path.length === 0) return { kind: 'range', group, entries: [], witness: null, steps: [] }
    const top = path.findIndex((p) => p.node.leaf || p.node.depth >= GROUP_BITS)
    const g = path[top]!.node
    const gPath = g.leaf ? leafPath(g) : g.prefix
    if (firstDiffBit(gPath, prefix, GROUP_BITS) < GROUP_BITS) {
      const leaf = path[path.length - 1]!.node as LeafNode
      return { kind: 'range', group, entries: [], witness: witnessOf(leaf), steps: steps.reverse() }
    }
    const entries = await this.collect(path[top]!.ref, limit)
    return { kind: 'range', group, entries, witness: null, steps: steps.slice(0, top).reverse() }
  }

  /** Every leaf under `ref`, in path order. */
  private async collect(ref: ChildRef, limit?: number): Promise<Array<[string, Canonical]>> {
    const loaded: Loaded = new Map()
    let frontier = [ref]
    let leaves = 0
    while (frontier.length > 0) {
      const nodes = await this.readNodes(frontier, loaded)
      const next: ChildRef[] = []
      for (const n of nodes) {
        if (n.leaf) leaves++
        else next.push(n.left, n.right)
      }
      if (limit !== undefined && leaves + next.length > limit) {
        throw new DaejangError('RANGE_TOO_LARGE', `the group holds more than ${limit} entries`)
      }
      frontier = next
    }
    const out: Array<[string, Canonical]> = []
    const walk = (r: ChildRef): void => {
      const n = loaded.get(r)!
      if (n.leaf) out.push([n.key, decodeCanonical(n.value)])
      else {
        walk(n.left)
        walk(n.right)
      }
    }
    walk(ref)
    return out
  }

  // ---- pruning ----

  /**
   * The ops that drop what only versions < keepFrom need (nodes they replaced, their root records). From then on
   * versions < keepFrom are refused.
   */
  async prune(keepFrom: number): Promise<TreeOp[]> {
    const ops: TreeOp[] = []
    if (this.latest < 0) return ops
    const keep = Math.min(keepFrom, this.latest)
    if (keep <= this.oldest) return ops
    // the root record in force at `keep` stays; the earlier ones go
    let rootVersion = -1
    for await (const [k] of this.db.iterate({ gte: ROOT_PREFIX, lt: ROOT_PREFIX + versionHex(keep + 1), reverse: true, limit: 1 })) {
      rootVersion = parseInt(k.slice(ROOT_PREFIX.length), 16)
    }
    for await (const [k] of this.db.iterate({ gte: ROOT_PREFIX, lt: ROOT_PREFIX + versionHex(rootVersion) })) {
      ops.push({ type: 'del', key: k })
    }
    // a node made stale by version v is needed only by versions < v
    for await (const [k, v] of this.db.iterate({ gte: STALE_PREFIX, lt: STALE_PREFIX + versionHex(keep + 1) })) {
      for (const nk of decodeStale(v)) ops.push({ type: 'del', key: nk })
      ops.push({ type: 'del', key: k })
    }
    this.oldest = rootVersion
    for (const v of this.roots.keys()) if (v < rootVersion) this.roots.delete(v)
    return ops
  }
}

function witnessOf(leaf: LeafNode): { path: Uint8Array; valueHash: Uint8Array } {
  return { path: leafPath(leaf), valueHash: (leaf.valueHash ??= valueHash(leaf.value)) }
}

/**
 * The writes [lo, hi) at internal node `n`: those inside its subtree are [mlo, mhi) (contiguous, as writes are in
 * path order), split at `mid` by the node's branching bit; the others fall outside it.
 */
interface Span {
  mlo: number
  mid: number
  mhi: number
}

/**
 * Where the write at `path` falls against internal node `n`: -1 before its subtree, 0 inside, 1 after (the path is
 * known to agree with the node on the bits before `from`).
 */
function side(path: Uint8Array, n: InternalNode, from: number): number {
  const d = diffFrom(path, n.prefix, n.depth, from)
  if (d >= n.depth) return 0
  return pathBit(path, d) === 0 ? -1 : 1
}

/**
 * The writes [lo, hi) at internal node `n` (all agreeing with it on the bits before `from`): those inside its
 * subtree are [mlo, mhi) (contiguous, as writes are in path order: those before it, inside it, after it), split at
 * `mid` by the node's branching bit. Found by binary searches, written into `out`.
 */
function partition(n: InternalNode, ws: readonly Write[], lo: number, hi: number, from: number, out: Span): void {
  let a = lo
  let b = hi
  while (a < b) {
    const m = (a + b) >> 1
    if (side(ws[m]!.path, n, from) < 0) a = m + 1
    else b = m
  }
  const mlo = a
  b = hi
  while (a < b) {
    const m = (a + b) >> 1
    if (side(ws[m]!.path, n, from) <= 0) a = m + 1
    else b = m
  }
  const mhi = a
  a = mlo
  b = mhi
  const depth = n.depth
  while (a < b) {
    const m = (a + b) >> 1
    if (pathBit(ws[m]!.path, depth) === 0) a = m + 1
    else b = m
  }
  out.mlo = mlo
  out.mid = a
  out.mhi = mhi
}

/** One version's batch pass: new nodes (as ops and decoded), and the nodes it made stale. */
class BatchBuilder {
  readonly ops: TreeOp[] = []
  /** the new nodes' bytes by seq, and the new leaves' paths (for the cache) */
  readonly nodes: Uint8Array[] = []
  readonly paths: Array<Uint8Array | undefined> = []
  readonly stale: ChildRef[] = []
  private seq = 0
  private readonly slab = new Slab()
  private readonly span: Span = { mlo: 0, mid: 0, mhi: 0 }
  private readonly keyPrefix: string
  constructor(
    private readonly version: number,
    private readonly loaded: Loaded,
  ) {
    this.keyPrefix = NODE_PREFIX + versionHex(version)
  }

  private newLeaf(w: Write): ChildRef {
    const value = w.value!
    const vh = valueHash(value)
    const s = this.seq++
    const key = nodeKey(this.version, s, this.keyPrefix)
    const bytes = encodeLeaf(w.key, value, this.slab)
    this.ops.push({ type: 'put', key, value: bytes })
    this.nodes.push(bytes)
    this.paths.push(w.path)
    return { key, v: this.version, s, hash: leafHash(w.path, vh) }
  }

  /** `prefix` is kept, not copied: paths and prefixes are never changed once made */
  private newInternal(depth: number, prefix: Uint8Array, left: ChildRef, right: ChildRef): ChildRef {
    const s = this.seq++
    const key = nodeKey(this.version, s, this.keyPrefix)
    const bytes = encodeInternal(depth, prefix, left, right, this.slab)
    this.ops.push({ type: 'put', key, value: bytes })
    this.nodes.push(bytes)
    this.paths.push(undefined)
    return { key, v: this.version, s, hash: internalHash(depth, left.hash, right.hash) }
  }

  /** The subtree at `ref` with writes [lo, hi) applied (lo < hi; they agree with the subtree on bits < `from`). */
  update(ref: ChildRef | null, ws: readonly Write[], lo: number, hi: number, from = 0): ChildRef | null {
    if (ref === null) {
      const items: Item[] = []
      for (let i = lo; i < hi; i++) if (ws[i]!.value !== null) items.push({ path: ws[i]!.path, write: ws[i] })
      return this.build(items, 0, items.length, from)
    }
    const n = this.loaded.get(ref)!
    if (n.leaf) return this.updateLeaf(ref, n, ws, lo, hi, from)
    partition(n, ws, lo, hi, from, this.span)
    const { mlo, mid, mhi } = this.span
    let inner: ChildRef | null = ref
    if (mhi > mlo) {
      const l = mid > mlo ? this.update(n.left, ws, mlo, mid, n.depth + 1) : n.left
      const r = mhi > mid ? this.update(n.right, ws, mid, mhi, n.depth + 1) : n.right
      if (l !== n.left || r !== n.right) {
        this.stale.push(ref)
        inner = l === null ? r : r === null ? l : this.newInternal(n.depth, n.prefix, l, r)
      }
    }
    // writes outside the node: puts become leaves beside it (deletes of absent keys do nothing)
    if (mlo === lo && mhi === hi) return inner
    const items: Item[] = []
    for (let i = lo; i < mlo; i++) if (ws[i]!.value !== null) items.push({ path: ws[i]!.path, write: ws[i] })
    if (inner !== null) items.push({ path: n.prefix, ref: inner })
    for (let i = mhi; i < hi; i++) if (ws[i]!.value !== null) items.push({ path: ws[i]!.path, write: ws[i] })
    // with no write inside the node, its place among the others is found by its prefix (they differ within it)
    if (mhi === mlo) items.sort((a, b) => comparePaths(a.path, b.path))
    return this.build(items, 0, items.length, from)
  }

  private updateLeaf(ref: ChildRef, n: LeafNode, ws: readonly Write[], lo: number, hi: number, from: number): ChildRef | null {
    const path = leafPath(n)
    const items: Item[] = []
    let placed = false
    let changed = false
    for (let i = lo; i < hi; i++) {
      const w = ws[i]!
      if (w.key === n.key) {
        placed = true
        if (w.value !== null && equalValue(w.value, n.value)) items.push({ path, ref })
        else {
          changed = true
          if (w.value !== null) items.push({ path, write: w })
        }
        continue
      }
      if (!placed && comparePaths(path, w.path) < 0) {
        items.push({ path, ref })
        placed = true
      }
      if (w.value !== null) {
        changed = true
        items.push({ path: w.path, write: w })
      }
    }
    if (!placed) items.push({ path, ref })
    if (!changed) return ref
    if (!items.some((it) => it.ref === ref)) this.stale.push(ref)
    return this.build(items, 0, items.length, from)
  }

  /** The compressed subtree of items [lo, hi), in path order (they agree on the bits before `from`). */
  private build(items: readonly Item[], lo: number, hi: number, from: number): ChildRef | null {
    if (hi <= lo) return null
    if (hi - lo === 1) {
      const it = items[lo]!
      return it.ref ?? this.newLeaf(it.write!)
    }
    const d = diffFrom(items[lo]!.path, items[hi - 1]!.path, PATH_BITS, from)
    if (d >= PATH_BITS) throw new DaejangError('INTERNAL', 'two state keys have the same path')
    let mid = lo + 1
    while (pathBit(items[mid]!.path, d) === 0) mid++
    return this.newInternal(d, items[lo]!.path, this.build(items, lo, mid, d + 1)!, this.build(items, mid, hi, d + 1)!)
  }
}
