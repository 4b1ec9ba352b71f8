/**
 * The state tree's node cache, holding nodes as their stored bytes (docs/adr/0030). Decoded nodes are a handful of
 * small objects each (the node, two child references, subarrays); hundreds of thousands of them kept alive made the
 * garbage collector's work grow with the cache and cost as much as the tree's hashing. Here a node is a record in
 * large shared chunks, found by (version, seq) through maps of small integers: the collector sees a few chunks and
 * maps, and a node is decoded when read (short-lived objects, cheap to collect).
 *
 * Record: u32be(length of the node's bytes) ‖ u8(1 when a leaf's 64-byte path follows) ‖ node bytes ‖ [path].
 * Two generations of at most `half` nodes and `generationBytes` of chunks each: the older is dropped whole when the
 * younger fills up (in nodes or in bytes, so large leaves cannot grow the cache past its byte budget); a node found in
 * the older is copied into the younger. A record's place is chunk index × chunk size + offset, a plain number (no
 * 32-bit packing that could wrap).
 */
import type { ChildRef, TreeNode } from './nodes'
import { decodeNode, nodeKey } from './nodes'

const CHUNK_BITS = 20
/** chunk bytes a generation may hold before it is retired (two generations: twice this at most) */
const GENERATION_BYTES = 64 << 20

export interface RawNodeCacheOptions {
  /** log2 of a chunk's size (tests use small chunks) */
  chunkBits?: number
  /** bytes of chunks after which the young generation is retired */
  generationBytes?: number
}

/** A record's place: chunk index × chunk size + offset (exact as a double; never wraps). */
export function recordLoc(chunkIndex: number, offset: number, chunk: number): number {
  return chunkIndex * chunk + offset
}

class Generation {
  readonly chunks: Uint8Array[] = []
  private cur: Uint8Array | null = null
  private off: number
  private readonly at = new Map<number, Map<number, number>>()
  size = 0
  /** records larger than this are not cached (a leaf with a large value is read from the database again) */
  private readonly maxRecord: number

  constructor(private readonly chunk: number) {
    this.off = chunk
    this.maxRecord = chunk >> 4
  }

  loc(v: number, s: number): number | undefined {
    return this.at.get(v)?.get(s)
  }

  /** whether a record of `n` bytes would start a new chunk */
  needsChunk(n: number): boolean {
    return this.off + n > this.chunk
  }

  /** Store a record; false when it is too large to cache. */
  put(v: number, s: number, bytes: Uint8Array, path: Uint8Array | undefined): boolean {
    const n = 5 + bytes.length + (path !== undefined ? 64 : 0)
    if (n > this.maxRecord) return false
    let byVersion = this.at.get(v)
    if (byVersion === undefined) this.at.set(v, (byVersion = new Map()))
    else if (byVersion.has(s)) return true
    if (this.off + n > this.chunk) {
      this.cur = new Uint8Array(this.chunk)
      this.chunks.push(this.cur)
      this.off = 0
    }
    const c = this.cur!
    const o = this.off
    const len = bytes.length
    c[o] = len >>> 24
    c[o + 1] = (len >>> 16) & 255
    c[o + 2] = (len >>> 8) & 255
    c[o + 3] = len & 255
    c[o + 4] = path !== undefined ? 1 : 0
    c.set(bytes, o + 5)
    if (path !== undefined) c.set(path, o + 5 + len)
    this.off = o + n
    byVersion.set(s, recordLoc(this.chunks.length - 1, o, this.chunk))
    this.size++
    return true
  }

  /** the node's bytes of the record at `loc` (one view, nothing else made) */
  nodeBytes(loc: number): Uint8Array {
    const i = Math.floor(loc / this.chunk)
    const c = this.chunks[i]!
    const o = loc - i * this.chunk
    const len = ((c[o]! << 24) | (c[o + 1]! << 16) | (c[o + 2]! << 8) | c[o + 3]!) >>> 0
    return c.subarray(o + 5, o + 5 + len)
  }

  /** the record at `loc`: the node's bytes and, for a leaf whose path was stored, its path */
  record(loc: number): { bytes: Uint8Array; path: Uint8Array | undefined } {
    const i = Math.floor(loc / this.chunk)
    const c = this.chunks[i]!
    const o = loc - i * this.chunk
    const len = ((c[o]! << 24) | (c[o + 1]! << 16) | (c[o + 2]! << 8) | c[o + 3]!) >>> 0
    const bytes = c.subarray(o + 5, o + 5 + len)
    return { bytes, path: c[o + 4] === 1 ? c.subarray(o + 5 + len, o + 5 + len + 64) : undefined }
  }
}

export class RawNodeCache {
  private readonly chunk: number
  private readonly maxChunks: number
  private readonly maxRecord: number
  private young: Generation
  private old: Generation
  constructor(
    private readonly half: number,
    opts: RawNodeCacheOptions = {},
  ) {
    this.chunk = 2 ** (opts.chunkBits ?? CHUNK_BITS)
    this.maxChunks = Math.max(1, Math.floor((opts.generationBytes ?? GENERATION_BYTES) / this.chunk))
    this.maxRecord = this.chunk >> 4
    this.young = new Generation(this.chunk)
    this.old = new Generation(this.chunk)
  }

  /** The node, decoded (a new object each time: callers may keep it for as long as they need). */
  get(r: ChildRef): TreeNode | undefined {
    let g = this.young
    let loc = g.loc(r.v, r.s)
    if (loc === undefined) {
      g = this.old
      loc = g.loc(r.v, r.s)
      if (loc === undefined) return undefined
    }
    const { bytes, path } = g.record(loc)
    if (g === this.old) this.put(r, bytes, path)
    const n = decodeNode(bytes, () => nodeKey(r.v, r.s))
    if (n.leaf && path !== undefined) n.path = path
    return n
  }

  /**
   * The node's stored bytes, not decoded (a view into a chunk: read it now, keep nothing of it), or undefined. A
   * descent reads only a node's depth and one child from them (docs/adr/0035).
   */
  raw(v: number, s: number): Uint8Array | undefined {
    let g = this.young
    let loc = g.loc(v, s)
    if (loc === undefined) {
      g = this.old
      loc = g.loc(v, s)
      if (loc === undefined) return undefined
    }
    if (g === this.old) {
      const { bytes, path } = g.record(loc)
      this.put({ v, s }, bytes, path)
      return bytes
    }
    return g.nodeBytes(loc)
  }

  /** Keep a node's stored bytes (copied) and, for a leaf, its path when known. */
  put(r: { v: number; s: number }, bytes: Uint8Array, path?: Uint8Array): void {
    if (this.half <= 0) return
    const y = this.young
    const n = 5 + bytes.length + (path !== undefined ? 64 : 0)
    if (n > this.maxRecord) return
    if (y.size >= this.half || (y.chunks.length >= this.maxChunks && y.needsChunk(n))) {
      this.old = this.young
      this.young = new Generation(this.chunk)
    }
    this.young.put(r.v, r.s, bytes, path)
  }

  get size(): number {
    return this.young.size + this.old.size
  }

  /** bytes held in chunks (both generations) */
  get bytes(): number {
    return (this.young.chunks.length + this.old.chunks.length) * this.chunk
  }
}
