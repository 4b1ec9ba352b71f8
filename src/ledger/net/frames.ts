/**
 * Wire helpers for the libp2p transport: length-prefixed frames (4-byte big-endian length, then the bytes) and a
 * token bucket for per-peer rate limits. Pure code, no libp2p: the decoder refuses a frame as soon as its length
 * header says it is too large, before buffering it.
 */
import { Uint8ArrayList } from 'uint8arraylist'

export const FRAME_HEADER_BYTES = 4

export class FrameError extends Error {}

/** [u32 length][bytes], as a list (no copy of the payload) */
export function encodeFrame(...parts: Uint8Array[]): Uint8ArrayList {
  let n = 0
  for (const p of parts) n += p.length
  const header = new Uint8Array(FRAME_HEADER_BYTES)
  new DataView(header.buffer).setUint32(0, n, false)
  return new Uint8ArrayList(header, ...parts)
}

/** Splits a byte stream into frames of at most `max` bytes; push throws FrameError on a frame too large. */
export class FrameDecoder {
  private readonly buf = new Uint8ArrayList()
  private need = -1

  constructor(private readonly max: number) {}

  push(chunk: Uint8Array | Uint8ArrayList): Uint8Array[] {
    this.buf.append(chunk)
    const out: Uint8Array[] = []
    for (;;) {
      if (this.need < 0) {
        if (this.buf.byteLength < FRAME_HEADER_BYTES) break
        const n = this.buf.getUint32(0, false)
        if (n > this.max) throw new FrameError(`frame of ${n} bytes exceeds the limit of ${this.max}`)
        this.buf.consume(FRAME_HEADER_BYTES)
        this.need = n
      }
      if (this.buf.byteLength < this.need) break
      // a copy: the handler owns it
      out.push(this.buf.slice(0, this.need))
      this.buf.consume(this.need)
      this.need = -1
    }
    return out
  }

  /** bytes received but not yet returned as a frame */
  get pending(): number {
    return this.buf.byteLength + (this.need > 0 ? FRAME_HEADER_BYTES : 0)
  }
}

/** Allows `burst` events at once and `perSecond` on average. */
export class TokenBucket {
  private tokens: number
  private last: number

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst
    this.last = now()
  }

  take(): boolean {
    const t = this.now()
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond)
    this.last = t
    if (this.tokens < 1) return false
    this.tokens -= 1
    return true
  }
}
