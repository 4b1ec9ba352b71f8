import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical, encodeTrusted } from '../../src/ledger/codec/canonical'
import { codeOfSync } from './helpers'

// ---- arbitraries over the value model ----

const safeInt = fc.maxSafeInteger().map((n) => (n === 0 ? 0 : n)) // never -0
const str = fc.string({ unit: 'binary', maxLength: 12 })
const leaf: fc.Arbitrary<Canonical> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  safeInt,
  fc.integer({ min: -30, max: 30 }),
  str,
  fc.uint8Array({ maxLength: 24 }),
)
const { value: canonicalValue } = fc.letrec<{ value: Canonical }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(str, tie('value'), { maxKeys: 5 }),
  ),
}))

/** Rebuild every map of `v` with its keys inserted in another order (deterministic per `salt`). */
function reorder(v: Canonical, salt: number): Canonical {
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v
  if (Array.isArray(v)) return v.map((x) => reorder(x, salt + 1))
  const entries = Object.entries(v)
  const rotated = entries.length ? [...entries.slice(salt % entries.length), ...entries.slice(0, salt % entries.length)] : []
  const order = salt % 2 === 0 ? rotated.reverse() : rotated
  const out: Record<string, Canonical> = {}
  for (const [k, x] of order) Object.defineProperty(out, k, { value: reorder(x, salt + 3), enumerable: true, writable: true, configurable: true })
  return out
}

const enc = (v: Canonical): string => toHex(encodeCanonical(v))

describe('canonical encoding: known encodings (RFC 8949 Appendix A, core deterministic)', () => {
  it.each<[Canonical, string]>([
    [0, '00'],
    [1, '01'],
    [10, '0a'],
    [23, '17'],
    [24, '1818'],
    [25, '1819'],
    [100, '1864'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [4294967296, '1b0000000100000000'],
    [Number.MAX_SAFE_INTEGER, '1b001fffffffffffff'],
    [-1, '20'],
    [-10, '29'],
    [-100, '3863'],
    [-1000, '3903e7'],
    [-Number.MAX_SAFE_INTEGER, '3b001ffffffffffffe'],
    [false, 'f4'],
    [true, 'f5'],
    [null, 'f6'],
    [new Uint8Array([]), '40'],
    [new Uint8Array([1, 2, 3, 4]), '4401020304'],
    ['', '60'],
    ['a', '6161'],
    ['IETF', '6449455446'],
    ['"\\', '62225c'],
    ['\u00fc', '62c3bc'],
    ['\u6c34', '63e6b0b4'],
    ['\u{10151}', '64f0908591'],
    [[], '80'],
    [[1, 2, 3], '83010203'],
    [[1, [2, 3], [4, 5]], '8301820203820405'],
    [{}, 'a0'],
    [{ a: 1, b: [2, 3] }, 'a26161016162820203'],
    [['a', { b: 'c' }], '826161a161626163'],
  ])('%j encodes as %s and decodes back', (v, hex) => {
    expect(enc(v)).toBe(hex)
    expect(decodeCanonical(fromHex(hex))).toEqual(v)
  })

  it('sorts map keys bytewise by their encoding (shorter keys first)', () => {
    // "b" (0x61 0x62) sorts before "aa" (0x62 0x61 0x61): length is part of the encoded key.
    expect(enc({ aa: 1, b: 2 })).toBe('a2616202626161' + '01')
    expect(enc({ b: 2, aa: 1 })).toBe('a2616202626161' + '01')
    expect(enc({ z: 1, a: 2, m: 3 })).toBe('a3' + '616102' + '616d03' + '617a01')
  })
})

describe('canonical encoding: determinism and round trip', () => {
  it('gives the same bytes for the same value, whatever the key insertion order', () => {
    fc.assert(
      fc.property(canonicalValue, fc.nat(1000), (v, salt) => {
        expect(toHex(encodeCanonical(reorder(v, salt)))).toBe(toHex(encodeCanonical(v)))
      }),
      { numRuns: 300 },
    )
  })

  it('round-trips encode → decode → encode for arbitrary values of the model', () => {
    fc.assert(
      fc.property(canonicalValue, (v) => {
        const bytes = encodeCanonical(v)
        const back = decodeCanonical(bytes)
        expect(back).toEqual(v)
        expect(toHex(encodeCanonical(back))).toBe(toHex(bytes))
      }),
      { numRuns: 400 },
    )
  })

  it('encodeTrusted agrees with encodeCanonical on model values', () => {
    fc.assert(
      fc.property(canonicalValue, (v) => {
        expect(toHex(encodeTrusted(v))).toBe(toHex(encodeCanonical(v)))
      }),
      { numRuns: 200 },
    )
  })

  it('keeps a "__proto__" map key as data, never as a prototype', () => {
    const v = JSON.parse('{"__proto__": {"polluted": 1}, "b": 2}') as Canonical
    const back = decodeCanonical(encodeCanonical(v)) as Record<string, unknown>
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(Object.keys(back).sort()).toEqual(['__proto__', 'b'])
    expect((back as { polluted?: unknown }).polluted).toBeUndefined()
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })

  it('accepts any byte string only if it is the one encoding of what it decodes to', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let v: Canonical
        try {
          v = decodeCanonical(bytes)
        } catch (e) {
          expect((e as { code?: string }).code).toBe('NON_CANONICAL')
          return
        }
        expect(toHex(encodeCanonical(v))).toBe(toHex(bytes))
      }),
      { numRuns: 2000 },
    )
  })

  it('accepts a mutated valid encoding only if it is again canonical', () => {
    fc.assert(
      fc.property(canonicalValue, fc.nat(), fc.integer({ min: 1, max: 255 }), (v, at, x) => {
        const bytes = new Uint8Array(encodeCanonical(v))
        bytes[at % bytes.length] = bytes[at % bytes.length]! ^ x
        let back: Canonical
        try {
          back = decodeCanonical(bytes)
        } catch (e) {
          expect((e as { code?: string }).code).toBe('NON_CANONICAL')
          return
        }
        expect(toHex(encodeCanonical(back))).toBe(toHex(bytes))
      }),
      { numRuns: 500 },
    )
  })
})

describe('canonical encoding: values outside the model are rejected (SCHEMA_INVALID)', () => {
  class Thing {
    a = 1
  }
  const deep = (n: number): Canonical => (n === 0 ? 1 : [deep(n - 1)])
  it.each<[string, unknown]>([
    ['a float', 1.5],
    ['a tiny float', Number.EPSILON],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['-Infinity', -Infinity],
    ['negative zero', -0],
    ['negative zero in a map', { a: -0 }],
    ['2^53 (unsafe)', 2 ** 53],
    ['-(2^53) (unsafe)', -(2 ** 53)],
    ['MAX_VALUE', Number.MAX_VALUE],
    ['undefined', undefined],
    ['undefined in a map', { a: 1, b: undefined }],
    ['undefined in an array', [1, undefined]],
    ['a sparse array', new Array(2)],
    ['a bigint', 1n],
    ['a symbol', Symbol('s')],
    ['a function', () => 1],
    ['a Date', new Date(0)],
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a class instance', new Thing()],
    ['an Object.create(proto) object', Object.create({ inherited: 1 })],
    ['a Uint16Array', new Uint16Array(2)],
    ['an ArrayBuffer', new ArrayBuffer(2)],
    ['a float nested deep inside', { a: [1, { b: [2, 0.5] }] }],
    ['a value nested too deeply', deep(40)],
    ['a lone high surrogate', '\uD800'],
    ['a lone low surrogate inside a string', 'ab\uDC00cd'],
    ['a lone surrogate as a map key', { ['k\uD83D']: 1 }],
  ])('rejects %s', (_name, v) => {
    expect(codeOfSync(() => encodeCanonical(v as Canonical))).toBe('SCHEMA_INVALID')
  })

  it('accepts the boundaries of the model', () => {
    expect(() => encodeCanonical(Number.MAX_SAFE_INTEGER)).not.toThrow()
    expect(() => encodeCanonical(-Number.MAX_SAFE_INTEGER)).not.toThrow()
    expect(() => encodeCanonical(deep(30))).not.toThrow()
    expect(() => encodeCanonical(Object.assign(Object.create(null), { a: 1 }))).not.toThrow()
    expect(() => encodeCanonical('\u{1F600}')).not.toThrow() // a surrogate pair is fine
  })
})

describe('canonical decoding: non-canonical bytes are rejected (NON_CANONICAL)', () => {
  it.each<[string, string]>([
    ['unsorted map keys', 'a2616201616102'],
    ['map keys sorted alphabetically but not bytewise-by-encoding', 'a2626161016162' + '02'],
    ['a non-minimal integer (1 byte for 1)', '1801'],
    ['a non-minimal integer (2 bytes for 24)', '190018'],
    ['a non-minimal integer (8 bytes for 1)', '1b0000000000000001'],
    ['a non-minimal negative integer', '3800'],
    ['a non-minimal string length', '780161'],
    ['a non-minimal array length', '980101'],
    ['an indefinite-length array', '9f01ff'],
    ['an indefinite-length map', 'bf616101ff'],
    ['an indefinite-length text string', '7f6161ff'],
    ['an indefinite-length byte string', '5f4101ff'],
    ['duplicate map keys', 'a2616101616102'],
    ['trailing bytes', '0101'],
    ['a trailing null', 'f6f6'],
    ['a half float', 'f93e00'],
    ['a single float', 'fa3fc00000'],
    ['a double float', 'fb3ff8000000000000'],
    ['a float with an integral value', 'f93c00'],
    ['a double with an integral value', 'fb4000000000000000'],
    ['negative zero (half float)', 'f98000'],
    ['NaN', 'f97e00'],
    ['Infinity', 'f97c00'],
    ['a date tag', 'c11a514b67b0'],
    ['an embedded CBOR tag', 'd8184101'],
    ['a bignum tag', 'c249010000000000000000'],
    ['undefined', 'f7'],
    ['a simple value', 'f0'],
    ['an integer map key', 'a10102'],
    ['a byte-string map key', 'a1410102'],
    ['an integer above the safe range', '1b0020000000000000'],
    ['an integer below the safe range', '3b0020000000000000'],
    ['empty input', ''],
    ['a truncated array', '830102'],
    ['a truncated byte string', '44010203'],
    ['invalid UTF-8', '61ff'],
    ['an overlong UTF-8 encoding', '62c0af'],
    ['a UTF-8 encoded surrogate', '63eda080'],
    ['a non-minimal integer nested in an array', '821801f6'],
    ['unsorted keys nested in an array', '81a2616201616102'],
    ['a float nested in a map', 'a16161f93e00'],
  ])('rejects %s', (_name, hex) => {
    expect(codeOfSync(() => decodeCanonical(fromHex(hex)))).toBe('NON_CANONICAL')
  })

  it('accepts the canonical counterparts of those', () => {
    expect(decodeCanonical(fromHex('a2616101616202'))).toEqual({ a: 1, b: 2 })
    expect(decodeCanonical(fromHex('1818'))).toBe(24)
    expect(decodeCanonical(fromHex('01'))).toBe(1)
    expect(decodeCanonical(fromHex('1b001fffffffffffff'))).toBe(Number.MAX_SAFE_INTEGER)
  })
})
