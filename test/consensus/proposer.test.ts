import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareBytes } from '../../src/ledger/codec/bytes'
import { ValidatorSet } from '../../src/ledger/consensus/validators'
import { signers } from './helpers'

const keys = signers(7, 'proposer')
const setOf = (powers: number[]) => new ValidatorSet(powers.map((power, i) => ({ publicKey: keys[i]!.publicKey, power })))

function counts(vs: ValidatorSet, picks: number): number[] {
  const c = vs.validators.map(() => 0)
  for (let k = 0; k < picks; k++) c[vs.proposerIndexAt(k)]!++
  return c
}

describe('proposer rotation (CometBFT proposer priority)', () => {
  it('equal powers: round-robin in the order of public keys', () => {
    const vs = setOf([1, 1, 1, 1])
    const order = [0, 1, 2, 3].sort((a, b) => compareBytes(keys[a]!.publicKey, keys[b]!.publicKey))
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((k) => vs.proposerIndexAt(k))).toEqual([...order, ...order])
  })

  it('each validator proposes in proportion to its power', () => {
    const vs = setOf([5, 3, 2, 1])
    expect(counts(vs, 11 * 1000)).toEqual([5000, 3000, 2000, 1000])
    // the heaviest validator does not propose many times in a row
    const seq = Array.from({ length: 11 }, (_, k) => vs.proposerIndexAt(k))
    expect(seq.filter((i) => i === 0)).toHaveLength(5)
  })

  it('is proportional for any powers, and deterministic (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 7 }), (powers) => {
        const vs = setOf(powers)
        const total = vs.totalPower
        const c = counts(vs, total * 20)
        c.forEach((n, i) => expect(Math.abs(n - powers[i]! * 20)).toBeLessThanOrEqual(powers.length))
        const again = setOf(powers)
        for (let k = 0; k < 50; k++) expect(again.proposerIndexAt(k)).toBe(vs.proposerIndexAt(k))
      }),
      { numRuns: 60 },
    )
  })

  it('the proposer of (height, round) is the (height + round)-th pick', () => {
    const vs = setOf([3, 2, 2, 1])
    expect(vs.proposer(4, 3).publicKey).toEqual(vs.validators[vs.proposerIndexAt(7)]!.publicKey)
  })

  it('rejects empty sets, zero powers and duplicate keys', () => {
    expect(() => new ValidatorSet([])).toThrow()
    expect(() => setOf([1, 0])).toThrow()
    expect(() => new ValidatorSet([{ publicKey: keys[0]!.publicKey, power: 1 }, { publicKey: keys[0]!.publicKey, power: 2 }])).toThrow()
  })
})
