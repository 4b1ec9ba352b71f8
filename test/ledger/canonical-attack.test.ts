/**
 * An attacker's differential test of the single-pass canonical decoder (docs/adr/0034): CBOR built item by item, most
 * of it canonical, with hostile parts mixed in at any depth — heads longer than needed, indefinite lengths, tags,
 * floats (NaN, −0, 1.0), simple values, unsorted and repeated map keys, non-text keys, malformed UTF-8 (overlong,
 * encoded surrogates, beyond U+10FFFF, cut short), byte order marks, lengths around the head boundaries, integers
 * around ±2^53, huge declared lengths, deep nesting, cut or extended ends. For every input:
 *  - the new decoder accepts exactly what the former one (decode, re-encode, compare) accepts, to the same value —
 *    except text beginning with U+FEFF, the documented difference;
 *  - what it accepts is exactly what encodeCanonical writes for the value it returns;
 *  - what it refuses is refused with NON_CANONICAL (never another error, never a crash).
 * And the interning of short text cannot hand one string for another, whatever shares its table slot.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Canonical, decodeCanonical, decodeCanonicalByReencoding, encodeCanonical } from '../../src/ledger/codec/canonical'

type Outcome = { ok: true; value: Canonical } | { ok: false; code: string | undefined; error: unknown }
function run(f: (b: Uint8Array) => Canonical, b: Uint8Array): Outcome {
  try {
    return { ok: true, value: f(b) }
  } catch (e) {
    return { ok: false, code: (e as { code?: string }).code, error: e }
  }
}

function hasBomText(v: Canonical): boolean {
  if (typeof v === 'string') return v.startsWith('\uFEFF')
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return false
  if (Array.isArray(v)) return v.some(hasBomText)
  return Object.entries(v).some(([k, x]) => k.startsWith('\uFEFF') || hasBomText(x))
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const json = (v: Canonical): string => JSON.stringify(v, (_k, x: unknown) => (x instanceof Uint8Array ? 'h' + hex(x) : x))

const counts = { accepted: 0, refused: 0 }
function check(b: Uint8Array): void {
  const fast = run(decodeCanonical, b)
  const ref = run(decodeCanonicalByReencoding, b)
  if (fast.ok) {
    counts.accepted++
    // only the one encoding of the value
    expect(hex(encodeCanonical(fast.value))).toBe(hex(b))
    if (!ref.ok) {
      expect(hasBomText(fast.value)).toBe(true)
      return
    }
    expect(json(fast.value)).toBe(json(ref.value))
    expect(Reflect.ownKeys(Object(fast.value))).toEqual(Reflect.ownKeys(Object(ref.value)))
  } else {
    counts.refused++
    if (fast.code !== 'NON_CANONICAL') throw fast.error
    expect(ref.ok).toBe(false)
  }
}

// ---- a raw CBOR writer: heads of any width, so non-canonical encodings can be made on purpose ----

type Width = 'min' | 0 | 1 | 2 | 4 | 8
function head(major: number, n: bigint, width: Width): number[] {
  const m = major << 5
  let w = width
  const fits = (bytes: number): boolean => n < 1n << BigInt(8 * bytes)
  if (w === 'min') w = n < 24n ? 0 : fits(1) ? 1 : fits(2) ? 2 : fits(4) ? 4 : 8
  if (w === 0 && n >= 24n) w = 1
  if (w !== 0 && w !== 8 && !fits(w)) w = 8
  if (w === 0) return [m | Number(n)]
  const out = [m | { 1: 24, 2: 25, 4: 26, 8: 27 }[w]]
  for (let i = w - 1; i >= 0; i--) out.push(Number((n >> BigInt(8 * i)) & 0xffn))
  return out
}

/** mostly the shortest head; now and then a longer one */
const width: fc.Arbitrary<Width> = fc.oneof({ weight: 30, arbitrary: fc.constant('min' as const) }, fc.constantFrom<Width>(0, 1, 2, 4, 8))
const rare = (weight: number): fc.Arbitrary<boolean> => fc.integer({ min: 1, max: weight }).map((x) => x === 1)

const bigArg = fc.oneof(
  fc.bigInt({ min: 0n, max: 30n }),
  fc.constantFrom(23n, 24n, 255n, 256n, 65535n, 65536n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 53n - 2n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 64n - 1n),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
)

const utf8 = new TextEncoder()
/** text bytes: ASCII (the interned path), any Unicode, BOMs, and malformed UTF-8 now and then */
const textBytes: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 30 }).map((s) => [...utf8.encode(s)]) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }).map((s) => [...utf8.encode(s)]) },
  { weight: 2, arbitrary: fc.constantFrom('\uFEFF', '\uFEFFa', 'a\uFEFF', '\uFEFF'.repeat(30), 'x'.repeat(23), 'x'.repeat(24), 'y'.repeat(25), '__proto__', 'constructor', 'toString', '1', '01').map((s) => [...utf8.encode(s)]) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((s) => [...utf8.encode(s)]) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 30 }),
        fc.constantFrom([0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xed, 0xbf, 0xbf], [0xf4, 0x90, 0x80, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xff], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xef, 0xbb, 0xbf]),
        fc.nat(),
      )
      .map(([s, bad, at]) => {
        const b = [...utf8.encode(s)]
        const i = b.length === 0 ? 0 : at % (b.length + 1)
        return [...b.slice(0, i), ...bad, ...b.slice(i)]
      }),
  },
)

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

const { item } = fc.letrec<{ item: number[]; text: number[]; map: number[] }>((tie) => ({
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    // integers
    fc.tuple(fc.constantFrom(0, 1), bigArg, width).map(([major, n, w]) => head(major, n, w)),
    // byte strings, sometimes indefinite (chunked)
    fc.tuple(fc.uint8Array({ maxLength: 40 }), width, rare(15)).map(([b, w, indef]) =>
      indef ? [0x5f, ...head(2, BigInt(b.length), 'min'), ...b, 0xff] : [...head(2, BigInt(b.length), w), ...b],
    ),
    tie('text'),
    // arrays, sometimes long (heads 0x98 and up), sometimes indefinite
    fc.tuple(fc.array(tie('item'), { maxLength: 5 }), width, rare(15), rare(20)).map(([xs, w, indef, long]) => {
      const items = long ? Array.from({ length: 24 + xs.length * 20 }, (_, i) => xs[i % Math.max(1, xs.length)] ?? [0]) : xs
      return indef ? [0x9f, ...items.flat(), 0xff] : [...head(4, BigInt(items.length), w), ...items.flat()]
    }),
    tie('map'),
    // hostile scalars: floats, simple values, undefined, a tag around an item, a break, reserved heads
    fc.oneof(
      fc.constantFrom(
        [0xf4], [0xf5], [0xf6], [0xf7], [0xf8, 0x20], [0xf8, 0x14], [0xf9, 0x00, 0x00], [0xf9, 0x80, 0x00], [0xf9, 0x7e, 0x00],
        [0xf9, 0x3c, 0x00], [0xf9, 0x7c, 0x00], [0xfa, 0x7f, 0xc0, 0x00, 0x00], [0xfb, 0x80, 0, 0, 0, 0, 0, 0, 0],
        [0xfb, 0x43, 0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], [0xff], [0x1c], [0x3d], [0x5e], [0x7e], [0x9c], [0xbd], [0xfc],
      ).map((x): number[] => [...x]),
      fc.tuple(fc.constantFrom([0xc0], [0xc2], [0xd8, 0x20], [0xd9, 0xd9, 0xf7]), tie('item')).map(([t, x]) => [...t, ...x]),
    ),
  ),
  text: fc.tuple(textBytes, width, rare(20)).map(([b, w, indef]) =>
    indef ? [0x7f, ...head(3, BigInt(b.length), 'min'), ...b, 0xff] : [...head(3, BigInt(b.length), w), ...b],
  ),
  // maps: keys mostly text in canonical order; now and then out of order, repeated, not text, or indefinite
  map: fc
    .tuple(
      fc.array(fc.tuple(fc.oneof({ weight: 20, arbitrary: tie('text') }, tie('item')), tie('item')), { maxLength: 5 }),
      width,
      fc.constantFrom('sorted', 'sorted', 'sorted', 'sorted', 'sorted', 'sorted', 'as-made', 'repeat', 'indefinite'),
      rare(20),
    )
    .map(([entries, w, order, long]) => {
      let es = entries
      if (long) es = [...es, ...Array.from({ length: 24 }, (_, i) => [[...head(3, 2n, 'min'), 0x6b, 0x61 + i], [i]] as [number[], number[]])]
      if (order !== 'as-made') es = [...es].sort((a, b) => compareBytes(a[0], b[0]))
      if (order === 'repeat' && es.length > 0) es = [...es, es[es.length - 1]!]
      const body = es.flatMap(([k, v]) => [...k, ...v])
      return order === 'indefinite' ? [0xbf, ...body, 0xff] : [...head(5, BigInt(es.length), w), ...body]
    }),
}))

/** the item, and sometimes the end cut, a byte added, or a byte changed */
const input = fc.tuple(item, fc.nat(9), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([b, kind, at, x]) => {
  const i = b.length === 0 ? 0 : at % b.length
  if (kind === 0) return Uint8Array.from(b.slice(0, i))
  if (kind === 1) return Uint8Array.from([...b, x])
  if (kind === 2 && b.length > 0) return Uint8Array.from(b.map((y, j) => (j === i ? x : y)))
  return Uint8Array.from(b)
})

describe('canonical decoding under attack', () => {
  it('accepts exactly the encodings encodeCanonical writes, as the former decoder does, over built hostile CBOR', () => {
    counts.accepted = 0
    counts.refused = 0
    fc.assert(fc.property(input, check), { numRuns: 20000 })
    // both sides were exercised (a generator that only made garbage would prove nothing)
    expect(counts.accepted).toBeGreaterThan(2000)
    expect(counts.refused).toBeGreaterThan(2000)
  })

  it.each([
    ['a huge declared byte string', '5b001fffffffffffff00'],
    ['a huge declared text', '7b0000000100000000'],
    ['a huge declared array', '9b001fffffffffffff'],
    ['a huge declared map', 'bb001fffffffffffff'],
    ['a 64-bit length beyond 2^53', '5bffffffffffffffff'],
    ['NaN', 'f97e00'],
    ['−0 as a float', 'f98000'],
    ['−0 as a double', 'fb8000000000000000'],
    ['2^53 − 1 as a double', 'fb433fffffffffffff'],
    ['undefined in an array', '81f7'],
    ['a break alone', 'ff'],
    ['a tag 55799 (self-described CBOR) around 0', 'd9d9f700'],
    ['a bignum tag', 'c24101'],
    ['an indefinite text', '7f6161ff'],
    ['an indefinite map inside an array', '81bf6161f6ff'],
    ['a map key that is bytes', 'a14161f6'],
    ['a map key that is an array', 'a180f6'],
    ['a text with an overlong NUL', '62c080'],
    ['a text with CESU-8 surrogates', '66eda0bdedb880'],
    ['a text cut inside a character', '62e282'],
    ['a key repeated after another', 'a3616101616202616101'],
    ['a 24-byte key before a 23-byte one', 'a2781878787878787878787878787878787878787878787878787878f6777777777777777777777777777777777777777777777777f6'],
  ])('refuses %s', (_what, h) => {
    const b = Uint8Array.from(Buffer.from(h, 'hex'))
    check(b)
    expect(() => decodeCanonical(b)).toThrow(expect.objectContaining({ code: 'NON_CANONICAL' }) as Error)
  })

  it('refuses nesting far beyond the limit, of arrays and of maps, without exhausting the stack', () => {
    for (const open of [[0x81], [0xa1, 0x61, 0x61]]) {
      const depth = 200_000
      const b = new Uint8Array(open.length * depth + 1)
      for (let i = 0; i < depth; i++) b.set(open, i * open.length)
      b[b.length - 1] = 0xf6
      expect(() => decodeCanonical(b)).toThrow(expect.objectContaining({ code: 'NON_CANONICAL' }) as Error)
    }
  })

  it('never hands one interned string for another that shares its table slot', () => {
    // short ASCII strings that fall in the same slot of the 4096-slot table (FNV-1a of the bytes, then ^ length)
    const slot = (s: string): number => {
      let h = 0x811c9dc5
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193)
      return (h ^ s.length) & 4095
    }
    const bySlot = new Map<number, string[]>()
    let pair: string[] | undefined
    for (let i = 0; pair === undefined; i++) {
      const s = 'k' + i.toString(36)
      const same = bySlot.get(slot(s)) ?? []
      same.push(s)
      bySlot.set(slot(s), same)
      if (same.length === 3 && same.every((x) => x.length === s.length)) pair = same
    }
    const [a, b, c] = pair as [string, string, string]
    for (let round = 0; round < 3; round++) {
      const v: Canonical = { [a]: [a, b, c, b, a], [b]: c, [c]: [c, a] }
      const bytes = encodeCanonical(v)
      expect(decodeCanonical(bytes)).toEqual(v)
      expect(decodeCanonical(encodeCanonical([c, b, a]))).toEqual([c, b, a])
    }
    // a string that differs only in its last byte from one interned, and one of another length
    const x = 'abcdefghijklmnopqrstuvwx'
    expect(decodeCanonical(encodeCanonical([x, x.slice(0, 23) + 'y', x.slice(0, 23), x]))).toEqual([x, x.slice(0, 23) + 'y', x.slice(0, 23), x])
  })
})
