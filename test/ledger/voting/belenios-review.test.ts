/**
 * Defects found in the second review of the Belenios crypto (rv-crypto): each test failed before its fix.
 */
import { describe, expect, it } from 'vitest'
import { computeResult, discreteLog, emptyTally, MAX_TOTAL_WEIGHT } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { NG, ONE_OF_FIVE, PG, makeElection } from './belenios-fixture'

describe('Belenios crypto review', () => {
  it('the discrete logarithm refuses a total weight above Belenios’s bound (10^11) instead of spinning on it', () => {
    // a public credentials list may carry weights up to 10^18 each; their total must not reach the baby-step giant-step
    // solver unchecked (10^18 would mean a 10^9-entry table and as many steps)
    expect(MAX_TOTAL_WEIGHT).toBe(100_000_000_000n)
    expect(() => discreteLog(NG, 10n ** 18n)).toThrow(/total weight/)
    expect(() => discreteLog(PG, MAX_TOTAL_WEIGHT + 1n)).toThrow(/total weight/)
    expect(() => discreteLog(NG, -1n)).toThrow(/total weight/)
    const e = makeElection(NG, 7n, [ONE_OF_FIVE])
    const t = emptyTally(NG, e)
    const F = t.map((row) => row.map(() => NG.identity))
    expect(() => computeResult(NG, t, F, 10n ** 18n)).toThrow(/total weight/)
  })

  it('the discrete logarithm still finds every value up to its bound, and nothing above it', () => {
    const max = 1_000_000n
    const log = discreteLog(NG, max)
    for (const m of [0n, 1n, 999n, 1000n, 1001n, 123_456n, max - 1n, max]) expect(log(NG.baseMul(m))).toBe(m)
    expect(log(NG.baseMul(max + 1n))).toBeNull()
    const small = discreteLog(PG, 0n)
    expect(small(PG.identity)).toBe(0n)
    expect(small(PG.g)).toBeNull()
  })
})
