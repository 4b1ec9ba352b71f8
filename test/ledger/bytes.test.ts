import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  compareBytes,
  concatBytes,
  equalBytes,
  fromBase64Url,
  fromHex,
  isHex,
  toBase64Url,
  toHex,
  utf8,
} from '../../src/ledger/codec/bytes'

describe('byte helpers', () => {
  it('hex round-trips and matches Buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const h = toHex(b)
        expect(h).toBe(Buffer.from(b).toString('hex'))
        expect(isHex(h)).toBe(true)
        expect(isHex(h, b.length)).toBe(true)
        expect(fromHex(h)).toEqual(b)
        expect(fromHex(h.toUpperCase())).toEqual(b)
      }),
      { numRuns: 200 },
    )
  })

  it('rejects malformed hex', () => {
    expect(() => fromHex('abc')).toThrow(TypeError)
    expect(() => fromHex('zz')).toThrow(TypeError)
    expect(() => fromHex('0x00')).toThrow(TypeError)
    expect(isHex('AB')).toBe(false) // lowercase only
    expect(isHex('abc')).toBe(false)
    expect(isHex('abcd', 3)).toBe(false)
  })

  it('base64url round-trips and matches Buffer (RFC 4648 §5, no padding)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const s = toBase64Url(b)
        expect(s).toBe(Buffer.from(b).toString('base64url'))
        expect(fromBase64Url(s)).toEqual(b)
      }),
      { numRuns: 300 },
    )
  })

  it('rejects malformed base64url', () => {
    expect(() => fromBase64Url('a')).toThrow(TypeError) // length 1 mod 4 is impossible
    expect(() => fromBase64Url('ab+/')).toThrow(TypeError) // standard alphabet, not url-safe
    expect(() => fromBase64Url('ab==')).toThrow(TypeError) // no padding
  })

  it('concatenates, compares and checks equality', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), fc.uint8Array({ maxLength: 16 }), (a, b) => {
        const c = concatBytes(a, b)
        expect(c).toEqual(new Uint8Array([...a, ...b]))
        expect(equalBytes(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)))
        expect(Math.sign(compareBytes(a, b))).toBe(Buffer.compare(Buffer.from(a), Buffer.from(b)))
      }),
      { numRuns: 300 },
    )
    expect(toHex(utf8('대장'))).toBe('eb8c80ec9ea5')
  })
})
