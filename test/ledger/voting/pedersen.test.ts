import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { combinePedersen, lagrange, syntheticFactors, type Factors } from '../../../src/ledger/registries/voting/portable/belenios/pedersen-decrypt'
import { electionPublicKey, parseTrustees, trusteesText } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { encrypt, G, runCeremony, smallLog, type Ceremony, type Pt } from './pedersen-harness'

const MESSAGES = [0n, 1n, 5n, 17n]

function tally(c: Ceremony) {
  return MESSAGES.map((m, i) => encrypt(c.y, m, BigInt(1000 + i) * 7919n))
}

/** Each trustee's decryption factors alpha^S_j over the ciphertexts (one question, one answer per message). */
function factorsOf(c: Ceremony, cts: { alpha: Pt }[]): Factors<Pt>[] {
  return c.keys.map((x) => [cts.map((ct) => G.mul(ct.alpha, x))])
}

function decryptWith(c: Ceremony, subset: number[]): number[] | string {
  const cts = tally(c)
  const all = factorsOf(c, cts)
  const byIndex = all.map((f, i) => (subset.includes(i + 1) ? f : null))
  const r = syntheticFactors(G, c.trustees, byIndex)
  if (!r.ok) return r.failure
  return cts.map((ct, i) => smallLog(G.sub(ct.beta, r.factors[0]![i]!)))
}

function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]]
  if (n < k) return []
  return [...subsets(n - 1, k), ...subsets(n - 1, k - 1).map((s) => [...s, n])]
}

describe('Pedersen threshold ceremony, end to end', () => {
  it.each([
    [3, 2],
    [5, 3],
  ])('%i trustees, threshold %i: every subset of threshold trustees decrypts the same plaintexts, fewer cannot', (n, k) => {
    const c = runCeremony(n, k)
    // the election key is Π A_z0, which is g^(Σ f_z(0)), and the keys interpolate to it
    const idx = Array.from({ length: k }, (_, i) => i + 1)
    const x = idx.reduce((acc, j) => (acc + lagrange(idx, j, G.q) * c.keys[j - 1]!) % G.q, 0n)
    expect(G.equals(G.baseMul(x), c.y)).toBe(true)
    for (const s of subsets(n, k)) expect(decryptWith(c, s)).toEqual(MESSAGES.map(Number))
    for (const s of subsets(n, k - 1)) {
      expect(decryptWith(c, s)).toBe('not-enough-partial-decryptions')
      // and t shares interpolated as if they were enough give something else
      if (s.length > 0) {
        const cts = tally(c)
        const f = combinePedersen(G, k - 1, factorsOf(c, cts).map((v, i) => (s.includes(i + 1) ? v : null)))
        if (typeof f === 'string') throw new Error(f)
        expect(cts.map((ct, i) => smallLog(G.sub(ct.beta, f[0]![i]!)))).not.toEqual(MESSAGES.map(Number))
      }
    }
  })

  it('a Single trustee beside a Pedersen item: y = y_single · y_pedersen, and decryption needs both', () => {
    const c = runCeremony(3, 2)
    const xs = 123456789n
    const single = `{"pok":{"challenge":"0","response":"0"},"public_key":"${G.toString(G.baseMul(xs))}"}`
    const trustees = parseTrustees(G, trusteesText([{ kind: 'Single', text: single }, { kind: 'Pedersen', text: c.params }]))!
    const y = electionPublicKey(G, trustees)!
    expect(G.equals(y, G.add(G.baseMul(xs), c.y))).toBe(true)
    const ct = encrypt(y, 9n, 4242n)
    const fs: (Factors<Pt> | null)[] = [[[G.mul(ct.alpha, xs)]], null, [[G.mul(ct.alpha, c.keys[1]!)]], [[G.mul(ct.alpha, c.keys[2]!)]]]
    const r = syntheticFactors(G, trustees, fs)
    expect(r.ok && smallLog(G.sub(ct.beta, r.factors[0]![0]!))).toBe(9)
    expect(syntheticFactors(G, trustees, [null, ...fs.slice(1)])).toEqual({ ok: false, failure: 'missing-partial-decryption', item: 1 })
  })

  it('property: for small n and any threshold, any threshold-subset decrypts and the keys interpolate to y', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.shuffledSubarray([1, 2, 3, 4].slice(0, n)))),
        ([n, k, order]) => {
          const c = runCeremony(n, k)
          const chosen = order.length >= k ? order.slice(0, k) : Array.from({ length: k }, (_, i) => i + 1)
          expect(decryptWith(c, chosen)).toEqual(MESSAGES.map(Number))
        },
      ),
      { numRuns: 6 },
    )
  })
})

describe('Lagrange coefficients', () => {
  it('interpolate any polynomial at 0 from any threshold points (property, small parameters)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: G.q - 1n }), { minLength: 1, maxLength: 5 }), fc.shuffledSubarray([1, 2, 3, 4, 5, 6, 7], { minLength: 5, maxLength: 7 }), (coefs, pts) => {
        const idx = pts.slice(0, coefs.length)
        const f = (x: bigint) => coefs.reduceRight((acc, a) => (acc * x + a) % G.q, 0n)
        const at0 = idx.reduce((acc, j) => (acc + lagrange(idx, j, G.q) * f(BigInt(j))) % G.q, 0n)
        expect(at0).toBe(coefs[0])
      }),
      { numRuns: 100 },
    )
  })
})
