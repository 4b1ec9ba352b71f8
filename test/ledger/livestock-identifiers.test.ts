/**
 * The animal number's check digit (docs/adr/0041, "Identifiers"): every 11 digits with their check digit make a valid
 * number, and any change of a single digit makes it invalid (GS1 mod-10 catches every single-digit error).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  animalCheckDigit,
  animalNumberProblem,
  formatAnimalNumber,
  numberKind,
  parseAnimalNumber,
  withCheckDigit,
} from '../../src/ledger/registries/livestock/portable/identifiers'
import { parseEvent } from '../../src/ledger/registries/livestock/rules'

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''))

describe('animal numbers', () => {
  it('accepts every 11 digits followed by their check digit', () => {
    fc.assert(
      fc.property(digits(11), (first11) => {
        const n = withCheckDigit(first11)
        expect(n).toHaveLength(12)
        expect(animalNumberProblem(n)).toBeNull()
        expect(numberKind(n)).toBe('animal')
        expect(parseAnimalNumber(formatAnimalNumber(n))).toBe(n)
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses any number with one digit changed, the check digit included', () => {
    fc.assert(
      fc.property(digits(11), fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 9 }), (first11, at, delta) => {
        const n = withCheckDigit(first11)
        const changed = n.slice(0, at) + String((Number(n[at]) + delta) % 10) + n.slice(at + 1)
        expect(changed).not.toBe(n)
        expect(animalNumberProblem(changed)).toBe('check')
        expect(parseAnimalNumber(changed)).toBeNull()
      }),
      { numRuns: 2000 },
    )
  })

  it('refuses what is not 12 digits; the check digit of a known number', () => {
    for (const s of ['', '00212345678', '0021234567890', '00212345678a', ' 002123456789']) expect(animalNumberProblem(s)).toBe('shape')
    // GS1 mod-10: weights 3,1,3,… from the rightmost data digit
    expect(animalCheckDigit('00000000001')).toBe(7)
    expect(withCheckDigit('00212345678')).toBe('002123456788') // 8·3+7+6·3+5+4·3+3+2·3+1+2·3 = 82 → 8
  })

  it("a batch's event with a wrong check digit is LIVESTOCK_BAD_NUMBER, another fault BAD_PAYLOAD", () => {
    const good = withCheckDigit('00212345678')
    const bad = good.slice(0, 11) + String((Number(good[11]) + 1) % 10)
    expect(parseEvent('livestock.tag', { animal: good, date: '2023-11-15' })).toEqual({ animal: good, date: '2023-11-15' })
    expect(() => parseEvent('livestock.tag', { animal: bad, date: '2023-11-15' })).toThrow(expect.objectContaining({ code: 'LIVESTOCK_BAD_NUMBER' }))
    expect(() => parseEvent('livestock.vet', { animals: [good, '12'], date: '2023-11-15', act: 'vaccination', disease: 'fmd' })).toThrow(
      expect.objectContaining({ code: 'LIVESTOCK_BAD_NUMBER' }),
    )
    expect(() => parseEvent('livestock.tag', { animal: good, date: '2023-02-30' })).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }))
    expect(() => parseEvent('livestock.move' as never, { animals: [good] })).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }))
  })
})
