/**
 * A bulk, bottom-up build of one version of the state tree from entries given in path order (docs/adr/0031): a
 * benchmark's genesis state of millions of keys, written in a few minutes instead of the ~20 the incremental tree's
 * batches take. The tree is the same: the same leaves and internal nodes (so the same root as the incremental tree
 * on the same keys and values — test/ledger/state-tree-bulk.test.ts checks it), stored in the same node format under
 * one version, with its root record; a StateTree opened on the result reads, proves and prepares the next version
 * as if that version had been prepared by it. The node layout is the same too, byte for byte: a node gets its
 * sequence number when it is closed, which is the order (post-order, leaves in path order) in which `prepare` numbers
 * the nodes of one version built from empty, so the build writes exactly the ops `prepare(version, entries)` would
 * (test/ledger/state-tree-bulk.test.ts compares them).
 *
 * Memory is bounded by the tree's height: one pending left subtree per level of the rightmost path (≤ 512), and the
 * ops made since the caller last took them (`take`).
 */
import { DaejangError } from '../../../shared/errors'
import { EMPTY_ROOT, PATH_BITS, firstDiffBit, internalHash, leafHash, valueHash } from '../../proofs/state-proof'
import { type ChildRef, MAX_VERSION, ROOT_PREFIX, encodeInternal, encodeLeaf, encodeRoot, nodeKey, versionHex } from './nodes'
import type { TreeOp } from './tree'
import { requireWellFormedKey } from '../view'

interface Pending {
  /** the completed left subtree of an internal node whose right subtree is still being built */
  left: ChildRef
  /** the node's branching bit */
  depth: number
  /** the path of the node's first (leftmost) leaf: its prefix */
  first: Uint8Array
}

export class BulkTreeBuilder {
  private ops: TreeOp[] = []
  private readonly stack: Pending[] = []
  private seq = 0
  /** the subtree ending at the last leaf added, and its first leaf's path */
  private cur: ChildRef | null = null
  private curFirst: Uint8Array | null = null
  private last: Uint8Array | null = null
  private count = 0
  private done = false

  constructor(private readonly version: number) {
    if (!Number.isSafeInteger(version) || version < 0 || version > MAX_VERSION) {
      throw new DaejangError('INTERNAL', `state tree version ${version} is out of range`)
    }
  }

  /**
   * The next entry: its key, its path (statePath(key); kept, not copied) and its value's canonical encoding. Paths
   * must come strictly increasing.
   */
  add(key: string, path: Uint8Array, value: Uint8Array): void {
    if (this.done) throw new DaejangError('INTERNAL', 'the bulk build is finished')
    // as prepare does: a lone surrogate would be stored as U+FFFD, a leaf whose key is not the one of its path
    requireWellFormedKey(key)
    if (this.last !== null) {
      const d = firstDiffBit(this.last, path)
      if (d >= PATH_BITS || path[d >> 3]! < this.last[d >> 3]!) {
        throw new DaejangError('INTERNAL', 'bulk state tree entries must come in strictly increasing path order')
      }
      // close every pending node below the new branch point: the new leaf lies right of all of them
      let cur = this.cur!
      let first = this.curFirst!
      while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.depth > d) {
        const p = this.stack.pop()!
        cur = this.internal(p.depth, p.first, p.left, cur)
        first = p.first
      }
      this.stack.push({ left: cur, depth: d, first })
    }
    this.cur = this.leaf(key, path, value)
    this.curFirst = path
    this.last = path
    this.count++
  }

  /** the number of entries added */
  get size(): number {
    return this.count
  }

  /** the number of ops made and not taken yet */
  get pending(): number {
    return this.ops.length
  }

  /** The ops made since the last call (node puts, in sequence order), for the caller's batch. */
  take(): TreeOp[] {
    const out = this.ops
    this.ops = []
    return out
  }

  /** Close the tree: its root, and the last ops (the rest of the nodes and the version's root record). */
  finish(): { root: Uint8Array; ops: TreeOp[] } {
    if (this.done) throw new DaejangError('INTERNAL', 'the bulk build is finished')
    this.done = true
    let cur = this.cur
    while (this.stack.length > 0) {
      const p = this.stack.pop()!
      cur = this.internal(p.depth, p.first, p.left, cur!)
    }
    this.ops.push({ type: 'put', key: ROOT_PREFIX + versionHex(this.version), value: encodeRoot(cur) })
    return { root: cur === null ? EMPTY_ROOT : cur.hash, ops: this.take() }
  }

  private leaf(key: string, path: Uint8Array, value: Uint8Array): ChildRef {
    const s = this.seq++
    this.ops.push({ type: 'put', key: nodeKey(this.version, s), value: encodeLeaf(key, value) })
    return { v: this.version, s, hash: leafHash(path, valueHash(value)) }
  }

  private internal(depth: number, prefix: Uint8Array, left: ChildRef, right: ChildRef): ChildRef {
    const s = this.seq++
    this.ops.push({ type: 'put', key: nodeKey(this.version, s), value: encodeInternal(depth, prefix, left, right) })
    return { v: this.version, s, hash: internalHash(depth, left.hash, right.hash) }
  }
}
