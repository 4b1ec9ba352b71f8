/**
 * The livestock label's QR format 2 (docs/adr/0045): the head's compact form and the packed proof steps give back
 * exactly what was encoded, and every other writing of the same thing is refused (one reading, one writing); the
 * decimal body (QR numeric mode) likewise. Property-based where the input space is large.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromBase10, toBase10 } from '../../src/ledger/codec/base10'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { compactHead, expandHead, packStepsCompact, unpackStepsCompact } from '../../src/ledger/registries/livestock/portable/label-compact'
import { cowHistory } from './livestock-label-fixture'

const roundTrip = (v: Canonical): Canonical => expandHead(decodeCanonical(encodeCanonical(compactHead(v))))

describe('base10: bytes as decimal digits for QR numeric mode', () => {
  it('gives back every byte string, 17 digits for 7 bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const s = toBase10(b)
        expect(s).toMatch(/^[0-9]*$/)
        expect(fromBase10(s)).toEqual(b)
      }),
    )
    expect(toBase10(new Uint8Array(7).fill(255))).toBe('72057594037927935')
  })

  it('refuses a length no bytes have, a chunk larger than its bytes, and anything not a digit', () => {
    expect(() => fromBase10('1234')).toThrow(/length/)
    expect(() => fromBase10('999')).toThrow(/larger/)
    expect(() => fromBase10('72057594037927936')).toThrow(/larger/)
    expect(() => fromBase10('12a')).toThrow(/digits/)
  })
})

describe("the head's compact form (format 2)", () => {
  it("gives back exactly the animal's head, in fewer bytes than the head itself", () => {
    const head = cowHistory().head as unknown as Canonical
    expect(roundTrip(head)).toEqual(head)
    expect(encodeCanonical(compactHead(head)).length).toBeLessThan(encodeCanonical(head).length * 0.6)
  })

  it('gives back any JSON-like value (words, days, digit strings, negative numbers, byte strings, unknown fields)', () => {
    const leaf = fc.oneof(
      fc.constantFrom('hanwoo', '1++', '1', 'A', '2024-02-29', '1970-01-01', '000123', '9', '0', '', 'DNA-1', '2024-13-01', '1+2'),
      fc.string({ maxLength: 8 }),
      fc.stringMatching(/^[0-9]{1,20}$/),
      fc.integer({ min: -2_000_000, max: 2_000_000 }),
      fc.boolean(),
      fc.constant(null),
      fc.uint8Array({ maxLength: 4 }),
    )
    const value = fc.letrec<{ v: Canonical }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('v'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('animal', 'stays', 'from', 'grade', 'newField', 'x'), tie('v'), { maxKeys: 4 }),
      ),
    })).v
    fc.assert(fc.property(value, (v) => {
        expect(roundTrip(v)).toEqual(v)
      }))
  })

  it('refuses a word, a day or a number written in full, and forms that are not the compact one', () => {
    const bad: Canonical[] = [
      'hanwoo',
      '2024-01-01',
      '100234',
      [1, 0, '002123456781'],
      -25, // neither a word nor a day
      -999,
      new Uint8Array([0x1a]), // a nibble that is not a digit
      new Uint8Array([0x1f, 0x23]), // the odd-count mark not at the end
      new Uint8Array([0x1f]), // "1", a word written as digits
      new Uint8Array([]),
      [1, 0, 1, 0, 2], // a field twice
      [1, 99, 1], // an unknown field number
      [1, 'animal', 1], // a known field by its name
      [3, 5], // a non-negative number escaped
      [7, 1],
    ]
    for (const b of bad) expect(() => expandHead(b), JSON.stringify(b, (_k, x: unknown) => (x instanceof Uint8Array ? [...x] : x))).toThrow()
  })
})

describe('the packed proof steps (format 2)', () => {
  const steps = fc
    .uniqueArray(fc.integer({ min: 0, max: 511 }), { maxLength: 60 })
    .map((ds) => ds.sort((a, b) => b - a).map((depth, i) => ({ depth, sibling: new Uint8Array(32).fill(i + 1) })))

  it('give back every strictly decreasing climb; a gap of 1 costs 1 bit', () => {
    fc.assert(fc.property(steps, (s) => {
        expect(unpackStepsCompact(packStepsCompact(s))).toEqual(s)
      }),
    )
    const dense = Array.from({ length: 20 }, (_, i) => ({ depth: 19 - i, sibling: new Uint8Array(32) }))
    // 1 count byte; 512−19 = 493 (17 bits) then 19 gaps of 1 (19 bits): 36 bits → 5 bytes; 20 siblings
    expect(packStepsCompact(dense).length).toBe(1 + 5 + 20 * 32)
  })

  it('refuse a climb that does not descend, extra or missing bytes, padding bits set, a depth below 0', () => {
    const s = [
      { depth: 300, sibling: new Uint8Array(32).fill(1) },
      { depth: 12, sibling: new Uint8Array(32).fill(2) },
    ]
    expect(() => packStepsCompact([s[1]!, s[0]!])).toThrow(/decreasing/)
    const b = packStepsCompact(s)
    expect(() => unpackStepsCompact(b.slice(0, -1))).toThrow()
    expect(() => unpackStepsCompact(new Uint8Array([...b, 0]))).toThrow()
    // depths 511 and 510: two gaps of 1, 2 bits, 6 padding bits that must be zero
    const two = packStepsCompact([
      { depth: 511, sibling: new Uint8Array(32) },
      { depth: 510, sibling: new Uint8Array(32) },
    ])
    expect([...two.slice(0, 2)]).toEqual([2, 0b11000000])
    expect(unpackStepsCompact(two).map((x) => x.depth)).toEqual([511, 510])
    const padded = two.slice()
    padded[1]! |= 1
    expect(() => unpackStepsCompact(padded)).toThrow()
    // 513 below the top: a gap larger than the path
    const deep = new Uint8Array([1, 0b00000000, 0b01000000, 0b00100000])
    expect(() => unpackStepsCompact(new Uint8Array([...deep, ...new Uint8Array(32)]))).toThrow()
  })
})

describe("the head's compact form: one writing of a record's fields (review rv-lv)", () => {
  it("refuses the head's fields in any order but the record's own (canonical) order", () => {
    const head = cowHistory().head as unknown as Canonical
    const compact = compactHead(head) as Canonical[]
    expect(compact[0]).toBe(1)
    const pairs: Array<[Canonical, Canonical]> = []
    for (let i = 1; i < compact.length; i += 2) pairs.push([compact[i]!, compact[i + 1]!])
    expect(pairs.length).toBeGreaterThan(1)
    // the same fields, the last first: the same record, so a second writing of it
    const swapped: Canonical = [1, ...[pairs[pairs.length - 1]!, ...pairs.slice(0, -1)].flat()]
    expect(() => expandHead(swapped)).toThrow(/order/)
    expect(expandHead(compactHead(head))).toEqual(head)
  })

  it('writes integer-like field names in the canonical order too', () => {
    const v: Canonical = decodeCanonical(encodeCanonical({ b: 1, '10': 2, '2': 3, animal: '002123456781' }))
    expect(roundTrip(v)).toEqual(v)
    expect(encodeCanonical(roundTrip(v))).toEqual(encodeCanonical(v))
  })
})
