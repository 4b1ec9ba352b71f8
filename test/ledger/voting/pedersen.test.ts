import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { factorSources, syntheticFactors, type Factors } from '../../../src/ledger/registries/voting/portable/belenios/pedersen-decrypt'
import { checkResult, combineFactors, computeResult, lagrange, partialDecrypt, verifyPartialDecryption, type EncryptedTally } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { electionPublicKey, ownerKey, parseTrustees, trusteesText } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { encrypt, G, runCeremony, type Ceremony, type Pt } from './pedersen-harness'

const MESSAGES = [0n, 1n, 5n, 17n]
const FP = 'pedersenTestFingerprint'
const MAX = 64n

function tallyOf(y: Pt): EncryptedTally<Pt> {
  return [MESSAGES.map((m, i) => encrypt(y, m, BigInt(1000 + i) * 7919n))]
}

/** Every trustee's partial decryption with its proofs, checked against its verification key in the trustees structure. */
function partials(c: Ceremony, tally: EncryptedTally<Pt>): Factors<Pt>[] {
  return c.keys.map((x, j) => {
    const pd = partialDecrypt(G, FP, x, tally)
    const v = verifyPartialDecryption(G, FP, G.toString(ownerKey(c.trustees, j + 1)!.publicKey), tally, pd.text)
    if (!v.ok) throw new Error(`partial decryption ${j + 1}: ${v.reason}`)
    return v.decryption.factors
  })
}

function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]]
  if (n < k) return []
  return [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n])]
}

function decryptWith(c: Ceremony, tally: EncryptedTally<Pt>, all: Factors<Pt>[], subset: number[]): bigint[] | string {
  const r = syntheticFactors(G, tally, c.trustees, all.map((f, i) => (subset.includes(i + 1) ? f : null)))
  return r.ok ? computeResult(G, tally, r.factors, MAX)[0]! : r.failure
}

describe('Pedersen threshold ceremony, end to end', () => {
  it.each([
    [3, 2],
    [5, 3],
  ])('%i trustees, threshold %i: every subset of threshold trustees decrypts the same plaintexts, fewer cannot', (n, k) => {
    const c = runCeremony(n, k)
    // the keys interpolate to the election key's secret
    const idx = Array.from({ length: k }, (_, i) => i + 1)
    const x = idx.reduce((acc, j) => (acc + lagrange(idx, j) * c.keys[j - 1]!) % G.q, 0n)
    expect(G.equals(G.baseMul(x), c.y)).toBe(true)
    const tally = tallyOf(c.y)
    const all = partials(c, tally)
    for (const s of subsets(n, k)) expect(decryptWith(c, tally, all, s)).toEqual(MESSAGES)
    for (const s of subsets(n, k - 1)) {
      expect(decryptWith(c, tally, all, s)).toBe('not-enough-partial-decryptions')
      // and t shares combined as if they were enough do not give the plaintexts
      if (s.length === 0) continue
      const F = combineFactors(G, tally, [{ kind: 'pedersen', threshold: k - 1, shares: s.map((i) => ({ index: i, factors: all[i - 1]! })) }])
      expect(checkResult(G, tally, F, [MESSAGES])).toBe(false)
    }
  })

  it("a trustee's partial decryption does not pass under another trustee's verification key", () => {
    const c = runCeremony(3, 2)
    const tally = tallyOf(c.y)
    const pd = partialDecrypt(G, FP, c.keys[0]!, tally)
    const v = verifyPartialDecryption(G, FP, G.toString(ownerKey(c.trustees, 2)!.publicKey), tally, pd.text)
    expect(v.ok ? 'ok' : v.reason).toBe('bad-proof')
    expect(ownerKey(c.trustees, 4)).toBeNull()
  })

  it('a Single trustee beside a Pedersen item: y = y_single · y_pedersen, and decryption needs both', () => {
    const c = runCeremony(3, 2)
    const xs = 123456789n
    const single = `{"pok":{"challenge":"0","response":"0"},"public_key":"${G.toString(G.baseMul(xs))}"}`
    const trustees = parseTrustees(G, trusteesText([{ kind: 'Single', text: single }, { kind: 'Pedersen', text: c.params }]))!
    const y = electionPublicKey(G, trustees)!
    expect(G.equals(y, G.add(G.baseMul(xs), c.y))).toBe(true)
    const tally = tallyOf(y)
    const f = (x: bigint) => tally.map((row) => row.map((ct) => G.mul(ct.alpha, x)))
    const byOwner = [f(xs), null, f(c.keys[1]!), f(c.keys[2]!)]
    const r = syntheticFactors(G, tally, trustees, byOwner)
    expect(r.ok && computeResult(G, tally, r.factors, MAX)[0]).toEqual(MESSAGES)
    expect(factorSources(trustees, [null, ...byOwner.slice(1)])).toEqual({ ok: false, failure: 'missing-partial-decryption', item: 1 })
    expect(factorSources(trustees, [byOwner[0]!, null, null, byOwner[3]!])).toEqual({ ok: false, failure: 'not-enough-partial-decryptions', item: 2 })
  })

  it('property: for small n and any threshold, any threshold-subset decrypts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.shuffledSubarray([1, 2, 3, 4].slice(0, n), { minLength: n }))),
        ([n, k, order]) => {
          expect(order).toHaveLength(n)
          const c = runCeremony(n, k)
          const tally = tallyOf(c.y)
          const all = c.keys.map((x) => tally.map((row) => row.map((ct) => G.mul(ct.alpha, x))))
          expect(decryptWith(c, tally, all, order.slice(0, k))).toEqual(MESSAGES)
        },
      ),
      { numRuns: 6 },
    )
  })
})
