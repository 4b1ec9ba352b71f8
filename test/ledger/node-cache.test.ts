import { describe, expect, it } from 'vitest'
import { RawNodeCache, recordLoc } from '../../src/ledger/state/tree/node-cache'
import { encodeLeaf, type LeafNode } from '../../src/ledger/state/tree/nodes'

const ref = (s: number) => ({ key: undefined, v: 1, s, hash: new Uint8Array(32) })

function leafBytes(s: number, size: number): Uint8Array {
  const value = new Uint8Array(size)
  for (let i = 0; i < size; i++) value[i] = (s * 31 + i) & 255
  return encodeLeaf(`k/${s}`, value)
}

describe('the raw node cache', () => {
  it('retires a generation on its byte budget, not only on its count, and still returns the right nodes', () => {
    // 4 KiB chunks (records up to 256 bytes), 16 KiB a generation; the count bound (10,000) is never reached
    const cache = new RawNodeCache(10_000, { chunkBits: 12, generationBytes: 16 << 10 })
    const sizes = [0, 40, 120, 230]
    for (let s = 0; s < 2_000; s++) {
      cache.put(ref(s), leafBytes(s, sizes[s % sizes.length]!))
      expect(cache.bytes).toBeLessThanOrEqual(2 * (16 << 10))
    }
    expect(cache.size).toBeLessThan(2_000)
    let found = 0
    for (let s = 0; s < 2_000; s++) {
      const n = cache.get(ref(s)) as LeafNode | undefined
      if (n === undefined) continue
      found++
      expect(n.leaf).toBe(true)
      expect(n.key).toBe(`k/${s}`)
      expect(n.value).toEqual(leafBytes(s, sizes[s % sizes.length]!).subarray(3 + `k/${s}`.length))
    }
    expect(found).toBeGreaterThan(100)
    // the newest records are always kept
    expect((cache.get(ref(1_999)) as LeafNode).key).toBe('k/1999')
  })

  it('does not cache a record larger than a sixteenth of a chunk', () => {
    const cache = new RawNodeCache(100, { chunkBits: 12 })
    cache.put(ref(1), leafBytes(1, 300))
    expect(cache.get(ref(1))).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('places records past 4 GiB of chunks without wrapping', () => {
    const chunk = 2 ** 20
    const loc = recordLoc(4096, 123, chunk)
    expect(loc).toBe(4096 * chunk + 123)
    expect(Math.floor(loc / chunk)).toBe(4096)
    expect(loc - 4096 * chunk).toBe(123)
  })
})
