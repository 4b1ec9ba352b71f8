/**
 * The single-pass canonical decoder (docs/adr/0034) against the former one (cborg, then encode again and compare):
 * for every input both accept or both refuse (NON_CANONICAL), and what they accept decodes to the same value.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHex } from '../../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, decodeCanonicalByReencoding, encodeCanonical, encodeUintPair } from '../../src/ledger/codec/canonical'

type Outcome = { ok: true; value: Canonical } | { ok: false; code: string | undefined }
function run(f: (b: Uint8Array) => Canonical, b: Uint8Array): Outcome {
  try {
    return { ok: true, value: f(b) }
  } catch (e) {
    return { ok: false, code: (e as { code?: string }).code }
  }
}

/** the same value: types, prototypes, own keys in the same order, bytes (toStrictEqual trips on a key "constructor") */
function same(a: Canonical, b: Canonical): boolean {
  if (a === null || typeof a !== 'object') return Object.is(a, b)
  if (b === null || typeof b !== 'object' || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false
  if (a instanceof Uint8Array) return b instanceof Uint8Array && a.length === b.length && a.every((x, i) => x === b[i])
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]!))
  const ka = Reflect.ownKeys(a)
  const kb = Reflect.ownKeys(b)
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false
  return ka.every((k) => {
    const da = Object.getOwnPropertyDescriptor(a, k)!
    const db = Object.getOwnPropertyDescriptor(b, k)!
    return da.enumerable === db.enumerable && same(da.value as Canonical, db.value as Canonical)
  })
}

/** a text string in `v` that begins with U+FEFF: the one thing the reference refuses and the fast decoder takes */
function hasBomText(v: Canonical): boolean {
  if (typeof v === 'string') return v.startsWith('\uFEFF')
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return false
  if (Array.isArray(v)) return v.some(hasBomText)
  return Object.entries(v).some(([k, x]) => k.startsWith('\uFEFF') || hasBomText(x))
}

/** both decoders agree on `b`; returns whether it was accepted */
function agree(b: Uint8Array): boolean {
  const fast = run(decodeCanonical, b)
  const ref = run(decodeCanonicalByReencoding, b)
  if (fast.ok && !ref.ok && hasBomText(fast.value)) {
    // the documented difference: accepted only when it is exactly what encodeCanonical writes for that value
    expect([...encodeCanonical(fast.value)]).toEqual([...b])
    return true
  }
  expect(fast.ok).toBe(ref.ok)
  if (fast.ok && ref.ok) {
    expect(same(fast.value, ref.value)).toBe(true)
    // the same own keys in the same order (objects' key order shows in JSON and in what apps display)
    expect(JSON.stringify(fast.value, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))).toBe(
      JSON.stringify(ref.value, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)),
    )
  } else if (!fast.ok && !ref.ok) {
    expect(fast.code).toBe('NON_CANONICAL')
    expect(ref.code).toBe('NON_CANONICAL')
  }
  return fast.ok
}

const str = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ maxLength: 40 }), fc.constantFrom('__proto__', 'constructor', '1', '10', '2', 'a', 'aa', 'b'))
const int = fc.oneof(
  fc.maxSafeInteger().map((n) => (n === 0 ? 0 : n)),
  fc.integer({ min: -300, max: 300 }),
  fc.constantFrom(23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, -24, -25, -256, -257, -(2 ** 32), -(2 ** 32) - 1),
)
const leaf: fc.Arbitrary<Canonical> = fc.oneof(fc.constant(null), fc.boolean(), int, str, fc.uint8Array({ maxLength: 30 }))
const { value } = fc.letrec<{ value: Canonical }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(str, tie('value'), { maxKeys: 6 }),
  ),
}))

/** a few edits of an encoding: bytes changed, inserted, removed, the end cut or extended */
const mutated = fc
  .tuple(value, fc.array(fc.tuple(fc.nat(4), fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }))
  .map(([v, edits]) => {
    let b = [...encodeCanonical(v)]
    for (const [kind, at, x] of edits) {
      const i = b.length === 0 ? 0 : at % b.length
      if (kind === 0 && b.length > 0) b[i] = x
      else if (kind === 1) b.splice(i, 0, x)
      else if (kind === 2 && b.length > 0) b.splice(i, 1)
      else if (kind === 3) b = b.slice(0, i)
      else b.push(x)
    }
    return Uint8Array.from(b)
  })

describe('the single-pass canonical decoder agrees with the re-encoding one', () => {
  it('decodes every canonical encoding to the same value', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(agree(encodeCanonical(v))).toBe(true)
      }),
      { numRuns: 3000 },
    )
  })

  it('accepts and refuses the same edited encodings', () => {
    fc.assert(
      fc.property(mutated, (b) => {
        agree(b)
      }),
      { numRuns: 20000 },
    )
  })

  it('accepts and refuses the same random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (b) => {
        agree(b)
      }),
      { numRuns: 20000 },
    )
  })

  it.each([
    ['', false],
    ['00', true],
    ['1817', false], // 23 in two bytes
    ['190017', false],
    ['1a000000ff', false],
    ['1b00000000ffffffff', false],
    ['1b0000000100000000', true],
    ['1b001fffffffffffff', true], // 2^53 − 1
    ['1b0020000000000000', false], // 2^53
    ['3b001ffffffffffffe', true], // −(2^53 − 1)
    ['3b001fffffffffffff', false], // −2^53
    ['f4', true],
    ['f5', true],
    ['f6', true],
    ['f7', false], // undefined
    ['f93c00', false], // 1.0 as a float
    ['fb3ff0000000000000', false],
    ['f820', false], // a simple value
    ['c06161', false], // a tag
    ['5f4101ff', false], // indefinite byte string
    ['9fff', false], // indefinite array
    ['bf6161f6ff', false],
    ['8101', true],
    ['810102', false], // bytes left over
    ['a2616101616202', true],
    ['a2616201616101', false], // keys out of order
    ['a2616101616102', false], // a key twice
    ['a2616101626161f6', true], // shorter key first
    ['a2626161f6616101', false],
    ['a1010f', false], // an integer key
    ['a1695f5f70726f746f5f5ff6', true], // "__proto__": null, an own key
    ['a1695f5f70726f746f5f5fa0', true],
    ['62c0af', false], // an overlong "/"
    ['63eda080', false], // an encoded surrogate
    ['64f4908080', false], // beyond U+10FFFF
    ['61ff', false],
    ['6261', false], // too short
    ['5a00000001', false],
    ['9b0000000100000000', false], // an array longer than its bytes
  ])('%s: accepted %s by both', (hex, ok) => {
    expect(agree(fromHex(hex))).toBe(ok)
  })

  it('refuses nesting beyond 32 levels as the reference does, and accepts 32', () => {
    for (const depth of [31, 32, 33, 34, 200]) {
      const b = new Uint8Array(depth + 1).fill(0x81)
      b[depth] = 0x00
      expect(agree(b)).toBe(depth <= 32)
    }
  })

  it('decodes text that begins with a byte order mark as written (the former decoder refused what it encoded)', () => {
    for (const v of ['\uFEFF', '\uFEFFab', ['x', { '\uFEFFk': '\uFEFF\uFEFF' }]] as Canonical[]) {
      const b = encodeCanonical(v)
      expect(decodeCanonical(b)).toStrictEqual(v)
      expect(() => decodeCanonicalByReencoding(b)).toThrow()
    }
  })

  it('decodes a Buffer as a Uint8Array, byte strings copied', () => {
    const input = Buffer.from('8243010203616161', 'hex').subarray(0, 7)
    const out = decodeCanonical(input) as [Uint8Array, string]
    expect(Object.getPrototypeOf(out[0])).toBe(Uint8Array.prototype)
    input[2] = 9
    expect([...out[0]]).toEqual([1, 2, 3])
  })

  it('returns byte strings that do not share the input buffer', () => {
    const input = fromHex('43010203')
    const out = decodeCanonical(input) as Uint8Array
    input[1] = 9
    expect([...out]).toEqual([1, 2, 3])
  })
})

describe('encodeUintPair', () => {
  it('writes what encodeCanonical writes for a pair of integers', () => {
    const edge = fc.constantFrom(0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER, -1)
    fc.assert(
      fc.property(fc.oneof(edge, fc.maxSafeNat()), fc.oneof(edge, fc.maxSafeNat()), (a, b) => {
        expect([...encodeUintPair(a, b)]).toEqual([...encodeCanonical([a, b])])
      }),
      { numRuns: 5000 },
    )
  })
})
