/** Frame codec and token bucket of the libp2p transport. */
import { describe, expect, it } from 'vitest'
import { Uint8ArrayList } from 'uint8arraylist'
import { FrameDecoder, FrameError, TokenBucket, encodeFrame } from '../../src/ledger/net/frames'

describe('frames', () => {
  it('round-trips frames split and joined at any byte', () => {
    const frames = [Uint8Array.of(), Uint8Array.of(1), new Uint8Array(300).fill(9), Uint8Array.of(1, 2, 3)]
    const wire = new Uint8ArrayList(...frames.map((f) => encodeFrame(f))).slice()
    for (const step of [1, 2, 3, 5, 64, wire.length]) {
      const d = new FrameDecoder(1000)
      const out: Uint8Array[] = []
      for (let i = 0; i < wire.length; i += step) out.push(...d.push(wire.subarray(i, i + step)))
      expect(out).toEqual(frames)
      expect(d.pending).toBe(0)
    }
    expect(encodeFrame(Uint8Array.of(7), Uint8Array.of(8, 9)).slice()).toEqual(Uint8Array.of(0, 0, 0, 3, 7, 8, 9))
  })

  it('refuses a frame over the limit from its header alone', () => {
    const d = new FrameDecoder(10)
    expect(d.push(encodeFrame(new Uint8Array(10)))).toHaveLength(1)
    expect(() => d.push(Uint8Array.of(0, 0, 0, 11))).toThrow(FrameError)
    expect(() => new FrameDecoder(10).push(Uint8Array.of(0xff, 0xff, 0xff, 0xff))).toThrow(/exceeds/)
  })

  it('token bucket: a burst, then the rate', () => {
    let t = 0
    const b = new TokenBucket(10, 5, () => t)
    expect([...Array(6)].map(() => b.take())).toEqual([true, true, true, true, true, false])
    t += 100 // one token back
    expect(b.take()).toBe(true)
    expect(b.take()).toBe(false)
    t += 10_000 // never more than the burst
    expect([...Array(6)].filter(() => b.take()).length).toBe(5)
  })
})
