/**
 * A validator set as consensus sees it: lookup by public key, total power, the thresholds of the algorithm, and
 * proposer rotation weighted by voting power (CometBFT's proposer-priority algorithm).
 *
 * Proposer priority (CometBFT types/validator_set.go): every validator starts at priority 0. One step adds each
 * validator's power to its priority, picks the validator with the highest priority (ties: the smaller public key,
 * where CometBFT uses the smaller address) and subtracts the total power from it. Before a step priorities are
 * re-centred on their average (floor division, as Go's big.Int) and scaled down if their spread exceeds twice the
 * total power. Over any window each validator is chosen in proportion to its power.
 *
 * With a fixed validator set CometBFT advances the priorities once per height and once per round within a height,
 * each time from a copy of the height's set, so the proposer of (height, round) is the (height + round)-th pick of
 * the sequence. A set that takes effect at height F by a governance decision starts its own sequence, from zero
 * priorities, at F: its proposer of (height, round) is pick (height - F + round) (docs/adr/0013). The genesis set
 * counts from 0, as before.
 *
 * Priorities always sum to zero here (each step adds the total power and takes it away again), so once every
 * priority is back to zero the sequence repeats: it is kept for one period only, not for the whole chain.
 */
import { compareBytes, toHex } from '../codec/bytes'
import type { Validator } from '../types/block'

export const PRIORITY_WINDOW_SIZE_FACTOR = 2

export class ValidatorSet {
  readonly validators: readonly Validator[]
  readonly totalPower: number
  private readonly index = new Map<string, number>()
  private readonly priorities: number[]
  /** proposer index for sequence positions 0..n-1 */
  private readonly sequence: number[] = []
  /** length of the sequence's period, once the priorities have come back to their start */
  private period = 0

  /**
   * @param firstHeight the height from which this set counts its proposer sequence (0 for the genesis set, the
   * effective height for a set changed by governance)
   */
  constructor(
    validators: readonly Validator[],
    readonly firstHeight = 0,
  ) {
    if (validators.length === 0) throw new Error('a validator set needs at least one validator')
    this.validators = validators.map((v) => ({ publicKey: v.publicKey, power: v.power }))
    let total = 0
    validators.forEach((v, i) => {
      if (!Number.isSafeInteger(v.power) || v.power <= 0) throw new Error('validator power must be a positive integer')
      const k = toHex(v.publicKey)
      if (this.index.has(k)) throw new Error('duplicate validator ' + k)
      this.index.set(k, i)
      total += v.power
    })
    if (!Number.isSafeInteger(total * PRIORITY_WINDOW_SIZE_FACTOR * 3)) throw new Error('total power too large')
    this.totalPower = total
    this.priorities = validators.map(() => 0)
  }

  get size(): number {
    return this.validators.length
  }

  indexOf(publicKey: Uint8Array): number {
    return this.index.get(toHex(publicKey)) ?? -1
  }

  indexOfHex(hex: string): number {
    return this.index.get(hex) ?? -1
  }

  powerOf(publicKey: Uint8Array): number {
    const i = this.indexOf(publicKey)
    return i < 0 ? 0 : this.validators[i]!.power
  }

  /** more than 2/3 of the total power */
  hasTwoThirds(power: number): boolean {
    return power * 3 > this.totalPower * 2
  }

  /** more than 1/3 of the total power (at least one correct validator among them) */
  hasOneThird(power: number): boolean {
    return power * 3 > this.totalPower
  }

  /** The proposer of (height, round). */
  proposer(height: number, round: number): Validator {
    return this.validators[this.proposerIndexAt(Math.max(0, height - this.firstHeight) + round)]!
  }

  /** The k-th pick of the proposer-priority sequence. */
  proposerIndexAt(k: number): number {
    if (this.period > 0) return this.sequence[k % this.period]!
    while (this.sequence.length <= k) {
      this.sequence.push(this.incrementOnce())
      if (this.priorities.every((x) => x === 0)) {
        this.period = this.sequence.length
        return this.sequence[k % this.period]!
      }
    }
    return this.sequence[k]!
  }

  private incrementOnce(): number {
    const p = this.priorities
    const total = this.totalPower
    // rescale: keep the spread of priorities within a window of 2 x total power
    const diffMax = PRIORITY_WINDOW_SIZE_FACTOR * total
    const diff = Math.max(...p) - Math.min(...p)
    if (diff > diffMax) {
      const ratio = Math.ceil(diff / diffMax)
      for (let i = 0; i < p.length; i++) p[i] = Math.trunc(p[i]! / ratio)
    }
    // shift by the average (floor, as Go's big.Int Euclidean division by a positive count)
    const avg = Math.floor(p.reduce((a, b) => a + b, 0) / p.length)
    for (let i = 0; i < p.length; i++) p[i] = p[i]! - avg
    // one step
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + this.validators[i]!.power
    let best = 0
    for (let i = 1; i < p.length; i++) {
      if (p[i]! > p[best]! || (p[i] === p[best] && compareBytes(this.validators[i]!.publicKey, this.validators[best]!.publicKey) < 0)) {
        best = i
      }
    }
    p[best] = p[best]! - total
    return best
  }
}
