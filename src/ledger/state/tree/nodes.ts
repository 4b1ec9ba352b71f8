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

export function nodeKey(version: number, seq: number): string {
  if (seq > MAX_SEQ) throw new DaejangError('INTERNAL', 'too many state tree nodes in one version')
  return NODE_PREFIX + versionHex(version) + seq.toString(16).padStart(HEX_SEQ, '0')
}

export interface ChildRef {
  /** the node's database key (m/…) */
  key: string
  hash: Uint8Array
}

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
  /** ⌈depth/8⌉ bytes (at least) of the leaves' common path */
  prefix: Uint8Array
  left: ChildRef
  right: ChildRef
}

export type TreeNode = LeafNode | InternalNode

export function leafPath(n: LeafNode): Uint8Array {
  return (n.path ??= statePath(n.key))
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function encodeLeaf(key: string, value: Uint8Array): Uint8Array {
  const k = encoder.encode(key)
  if (k.length > 0xffff) throw new DaejangError('SCHEMA_INVALID', 'a state key is longer than 65535 bytes')
  const out = new Uint8Array(3 + k.length + value.length)
  out[0] = 0
  out[1] = k.length >> 8
  out[2] = k.length & 255
  out.set(k, 3)
  out.set(value, 3 + k.length)
  return out
}

function writeChild(out: Uint8Array, dv: DataView, o: number, c: ChildRef): void {
  // key = m/ + 12 hex version + 8 hex seq
  const v = parseInt(c.key.slice(2, 2 + HEX_VERSION), 16)
  const s = parseInt(c.key.slice(2 + HEX_VERSION), 16)
  dv.setUint16(o, Math.floor(v / 2 ** 32))
  dv.setUint32(o + 2, v % 2 ** 32)
  dv.setUint32(o + 6, s)
  out.set(c.hash, o + 10)
}

function readChild(b: Uint8Array, dv: DataView, o: number): ChildRef {
  const v = dv.getUint16(o) * 2 ** 32 + dv.getUint32(o + 2)
  const s = dv.getUint32(o + 6)
  return { key: nodeKey(v, s), hash: b.slice(o + 10, o + 42) }
}

export function encodeInternal(depth: number, prefix: Uint8Array, left: ChildRef, right: ChildRef): Uint8Array {
  const pl = (depth + 7) >> 3
  const out = new Uint8Array(4 + pl + 84)
  const dv = new DataView(out.buffer)
  out[0] = 1
  dv.setUint16(1, depth)
  out[3] = pl
  out.set(prefix.subarray(0, pl), 4)
  writeChild(out, dv, 4 + pl, left)
  writeChild(out, dv, 4 + pl + 42, right)
  return out
}

export function decodeNode(b: Uint8Array, key: string): TreeNode {
  try {
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
    if (b[0] === 0 && b.length >= 3) {
      const kl = dv.getUint16(1)
      if (3 + kl > b.length) throw new Error('short leaf')
      return { leaf: true, key: decoder.decode(b.subarray(3, 3 + kl)), value: b.slice(3 + kl) }
    }
    if (b[0] === 1 && b.length >= 4) {
      const depth = dv.getUint16(1)
      const pl = b[3]!
      if (pl !== (depth + 7) >> 3 || b.length !== 4 + pl + 84 || depth >= 512) throw new Error('bad internal node')
      const prefix = new Uint8Array(64)
      prefix.set(b.subarray(4, 4 + pl))
      return { leaf: false, depth, prefix, left: readChild(b, dv, 4 + pl), right: readChild(b, dv, 4 + pl + 42) }
    }
    throw new Error('unknown node type')
  } catch (e) {
    throw new DaejangError('CORRUPT_DATA', `state tree node ${key} is corrupt: ${(e as Error).message}`)
  }
}

/** Root record (mr/<version>): the root hash, then the root node's key as a child reference (absent when empty). */
export function encodeRoot(root: ChildRef | null): Uint8Array {
  if (root === null) return new Uint8Array(32)
  const out = new Uint8Array(42)
  const dv = new DataView(out.buffer)
  writeChild(out, dv, 0, root)
  return out
}

export function decodeRoot(b: Uint8Array): ChildRef | null {
  if (b.length === 32) return null
  if (b.length !== 42) throw new DaejangError('CORRUPT_DATA', 'a state tree root record is corrupt')
  return readChild(b, new DataView(b.buffer, b.byteOffset, b.byteLength), 0)
}

/** Stale record (ms/<version>): the keys of the nodes that version replaced, 10 bytes each (version, seq). */
export function encodeStale(keys: readonly string[]): Uint8Array {
  const out = new Uint8Array(keys.length * 10)
  const dv = new DataView(out.buffer)
  keys.forEach((k, i) => {
    const v = parseInt(k.slice(2, 2 + HEX_VERSION), 16)
    dv.setUint16(i * 10, Math.floor(v / 2 ** 32))
    dv.setUint32(i * 10 + 2, v % 2 ** 32)
    dv.setUint32(i * 10 + 6, parseInt(k.slice(2 + HEX_VERSION), 16))
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
