/**
 * The stored form of state tree nodes (docs/adr/0025). A node is immutable and keyed by the version that created it
 * and a sequence number within that version ("m/<version:12 hex><seq:8 hex>"), so a block's new nodes are written
 * together and an old version's nodes stay readable until pruned.
 *
 *   leaf      0x00 ‖ u16be(key bytes) ‖ key (utf8) ‖ value (canonical CBOR)
 *   internal  0x01 ‖ u16be(depth) ‖ u8(prefix bytes) ‖ prefix ‖ left child ‖ right child
 *   child     u16be(version high) ‖ u32be(version low) ‖ u32be(seq) ‖ hash (32)
 *
 * An internal node keeps the first ⌈depth/8⌉ bytes of its leaves' paths (the bits after `depth` in the last byte
 * are those of one of its leaves): a batch of writes needs them to see which writes fall outside the node.
 */
import { DaejangError } from '../../../shared/errors'
import { statePath } from '../../proofs/state-proof'

export const NODE_PREFIX = 'm/'
export const ROOT_PREFIX = 'mr/'
export const STALE_PREFIX = 'ms/'

const HEX_VERSION = 12
const HEX_SEQ = 8
export const MAX_VERSION = 2 ** 48 - 1
const MAX_SEQ = 2 ** 32 - 1

export function versionHex(v: number): string {
  return v.toString(16).padStart(HEX_VERSION, '0')
}

export function nodeKey(version: number, seq: number, versionPrefix?: string): string {
  if (seq > MAX_SEQ) throw new DaejangError('INTERNAL', 'too many state tree nodes in one version')
  return (versionPrefix ?? NODE_PREFIX + versionHex(version)) + seq.toString(16).padStart(HEX_SEQ, '0')
}

export interface ChildRef {
  /** the node's database key (m/…), made when first needed (refKey) */
  key?: string
  /** the version that created the node and its sequence number in it (the key, as numbers) */
  v: number
  s: number
  hash: Uint8Array
}

/**
 * Space for a version's encoded nodes: views into shared blocks, so that a block's thousands of small nodes cost a
 * few allocations instead of one buffer each (the database copies them into its batch).
 */
export class Slab {
  private buf = new Uint8Array(0)
  private off = 0
  alloc(n: number): Uint8Array {
    if (this.off + n > this.buf.length) {
      this.buf = new Uint8Array(Math.max(256 * 1024, n))
      this.off = 0
    }
    const out = this.buf.subarray(this.off, this.off + n)
    this.off += n
    return out
  }
}

const heapSlab = { alloc: (n: number) => new Uint8Array(n) }

export interface LeafNode {
  leaf: true
  key: string
  value: Uint8Array
  /** computed when first needed */
  path?: Uint8Array
  valueHash?: Uint8Array
}

export interface InternalNode {
  leaf: false
  depth: number
  /**
   * ⌈depth/8⌉ bytes (at least) of the leaves' common path. Code reading it looks only at bits before `depth`, or
   * compares it with a path known to differ from it there.
   */
  prefix: Uint8Array
  left: ChildRef
  right: ChildRef
}

export type TreeNode = LeafNode | InternalNode

export function leafPath(n: LeafNode): Uint8Array {
  return (n.path ??= statePath(n.key))
}

const encoder = new TextEncoder()
// ignoreBOM: a key that begins with U+FEFF is kept as written (by default the decoder drops a leading BOM, and the
// leaf would carry another key than the one it was written for; test/ledger/state-tree-bom-key.test.ts)
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function encodeLeaf(key: string, value: Uint8Array, slab: { alloc(n: number): Uint8Array } = heapSlab): Uint8Array {
  const k = encoder.encode(key)
  if (k.length > 0xffff) throw new DaejangError('SCHEMA_INVALID', 'a state key is longer than 65535 bytes')
  const out = slab.alloc(3 + k.length + value.length)
  out[0] = 0
  out[1] = k.length >> 8
  out[2] = k.length & 255
  out.set(k, 3)
  out.set(value, 3 + k.length)
  return out
}

function writeU32(out: Uint8Array, o: number, x: number): void {
  out[o] = x >>> 24
  out[o + 1] = (x >>> 16) & 255
  out[o + 2] = (x >>> 8) & 255
  out[o + 3] = x & 255
}

function writeChild(out: Uint8Array, o: number, c: ChildRef): void {
  const hi = Math.floor(c.v / 2 ** 32)
  out[o] = hi >>> 8
  out[o + 1] = hi & 255
  writeU32(out, o + 2, c.v >>> 0)
  writeU32(out, o + 6, c.s)
  out.set(c.hash, o + 10)
}

function readU32(b: Uint8Array, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
}

function readChild(b: Uint8Array, o: number): ChildRef {
  const v = ((b[o]! << 8) | b[o + 1]!) * 2 ** 32 + readU32(b, o + 2)
  return { key: undefined, v, s: readU32(b, o + 6), hash: b.subarray(o + 10, o + 42) }
}

export function refKey(r: ChildRef): string {
  return (r.key ??= nodeKey(r.v, r.s))
}

export function encodeInternal(
  depth: number,
  prefix: Uint8Array,
  left: ChildRef,
  right: ChildRef,
  slab: { alloc(n: number): Uint8Array } = heapSlab,
): Uint8Array {
  const pl = (depth + 7) >> 3
  const out = slab.alloc(4 + pl + 84)
  out[0] = 1
  out[1] = depth >> 8
  out[2] = depth & 255
  out[3] = pl
  out.set(prefix.subarray(0, pl), 4)
  writeChild(out, 4 + pl, left)
  writeChild(out, 4 + pl + 42, right)
  return out
}

/** `key` names the node in the error when it is corrupt (made only then: a function, not a string) */
export function decodeNode(b: Uint8Array, key: string | (() => string)): TreeNode {
  try {
    if (b[0] === 0 && b.length >= 3) {
      const kl = (b[1]! << 8) | b[2]!
      if (3 + kl > b.length) throw new Error('short leaf')
      return { leaf: true, key: decoder.decode(b.subarray(3, 3 + kl)), value: b.subarray(3 + kl), path: undefined, valueHash: undefined }
    }
    if (b[0] === 1 && b.length >= 4) {
      const depth = (b[1]! << 8) | b[2]!
      const pl = b[3]!
      if (pl !== (depth + 7) >> 3 || b.length !== 4 + pl + 84 || depth >= 512) throw new Error('bad internal node')
      const prefix = b.subarray(4, 4 + pl)
      return { leaf: false, depth, prefix, left: readChild(b, 4 + pl), right: readChild(b, 4 + pl + 42) }
    }
    throw new Error('unknown node type')
  } catch (e) {
    throw new DaejangError('CORRUPT_DATA', `state tree node ${typeof key === 'string' ? key : key()} is corrupt: ${(e as Error).message}`)
  }
}

/** Root record (mr/<version>): the root hash, then the root node's key as a child reference (absent when empty). */
export function encodeRoot(root: ChildRef | null): Uint8Array {
  if (root === null) return new Uint8Array(32)
  const out = new Uint8Array(42)
  writeChild(out, 0, root)
  return out
}

export function decodeRoot(b: Uint8Array): ChildRef | null {
  if (b.length === 32) return null
  if (b.length !== 42) throw new DaejangError('CORRUPT_DATA', 'a state tree root record is corrupt')
  return readChild(b, 0)
}

/** Stale record (ms/<version>): the keys of the nodes that version replaced, 10 bytes each (version, seq). */
export function encodeStale(refs: ReadonlyArray<{ v: number; s: number }>): Uint8Array {
  const out = new Uint8Array(refs.length * 10)
  const dv = new DataView(out.buffer)
  refs.forEach((r, i) => {
    dv.setUint16(i * 10, Math.floor(r.v / 2 ** 32))
    dv.setUint32(i * 10 + 2, r.v >>> 0)
    dv.setUint32(i * 10 + 6, r.s)
  })
  return out
}

export function decodeStale(b: Uint8Array): string[] {
  if (b.length % 10 !== 0) throw new DaejangError('CORRUPT_DATA', 'a state tree stale record is corrupt')
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const keys: string[] = []
  for (let o = 0; o < b.length; o += 10) keys.push(nodeKey(dv.getUint16(o) * 2 ** 32 + dv.getUint32(o + 2), dv.getUint32(o + 6)))
  return keys
}
