/**
 * Decryption under a threshold key (specification, "Election result"; reference Util.compute_synthetic_factors and
 * Trustees.MakeCombinator). A Pedersen trustee j's partial decryption is an ordinary partial decryption (decryption
 * factors alpha^S_j with their proofs, made and checked by the single-trustee code) under its decryption key S_j and
 * verification key g^S_j from the threshold parameters; this module combines them: for each Pedersen item, the
 * first `threshold` trustees (in order) that supplied one, raised to their Lagrange coefficients
 * λ_δ = Π_{k∈I∖{δ}} k / (k − δ) mod q; a Single item's factors as they are; the synthetic factor F is the product of
 * the items'. The result is log_g(beta / F) (the caller's discrete log).
 */
import type { Group } from './group'
import type { TrusteeKind } from './trustees'

/** Decryption factors: one point per answer per question (the `shape` of a homomorphic tally). */
export type Factors<P> = P[][]

export type CombineFailure = 'missing-partial-decryption' | 'not-enough-partial-decryptions' | 'shape-mismatch'
export type Combined<P> = { ok: true; factors: Factors<P> } | { ok: false; failure: CombineFailure; item: number }

function modInverse(a: bigint, q: bigint): bigint {
  let [r0, r1] = [((a % q) + q) % q, q]
  let [s0, s1] = [1n, 0n]
  while (r1 !== 0n) {
    const k = r0 / r1
    ;[r0, r1] = [r1, r0 - k * r1]
    ;[s0, s1] = [s1, s0 - k * s1]
  }
  if (r0 !== 1n) throw new RangeError('not invertible')
  return ((s0 % q) + q) % q
}

/** λ_j for the index set `indexes` (distinct, 1-based, containing j), mod q. */
export function lagrange(indexes: readonly number[], j: number, q: bigint): bigint {
  let num = 1n
  let den = 1n
  for (const k of indexes) {
    if (k === j) continue
    num = (num * BigInt(k)) % q
    den = (den * (((BigInt(k - j) % q) + q) % q)) % q
  }
  return (num * modInverse(den, q)) % q
}

function sameShape<P>(a: Factors<P>, b: Factors<P>): boolean {
  return a.length === b.length && a.every((row, i) => row.length === b[i]!.length)
}

/**
 * Combine the partial decryptions of one Pedersen item: `byIndex[δ-1]` is trustee δ's factors or null. Uses the first
 * `threshold` supplied, as the reference does.
 */
export function combinePedersen<P>(G: Group<P>, threshold: number, byIndex: readonly (Factors<P> | null)[]): Factors<P> | CombineFailure {
  const chosen: { index: number; factors: Factors<P> }[] = []
  for (let i = 0; i < byIndex.length && chosen.length < threshold; i++) {
    const f = byIndex[i]
    if (f) chosen.push({ index: i + 1, factors: f })
  }
  if (chosen.length < threshold || threshold < 1) return 'not-enough-partial-decryptions'
  const shape = chosen[0]!.factors
  if (!chosen.every((c) => sameShape(c.factors, shape))) return 'shape-mismatch'
  const indexes = chosen.map((c) => c.index)
  const lambdas = chosen.map((c) => lagrange(indexes, c.index, G.q))
  return shape.map((row, qi) =>
    row.map((_, ai) => chosen.reduce((acc, c, d) => G.add(acc, G.mul(c.factors[qi]![ai]!, lambdas[d]!)), G.identity)),
  )
}

function multiply<P>(G: Group<P>, a: Factors<P>, b: Factors<P>): Factors<P> | null {
  return sameShape(a, b) ? a.map((row, qi) => row.map((x, ai) => G.add(x, b[qi]![ai]!))) : null
}

/**
 * The synthetic factors F for a whole `trustees` structure: `byOwner[o-1]` is owner o's (already verified) factors or
 * null. A missing Single trustee, or fewer than `threshold` of a Pedersen item, is a failure naming the item (1-based).
 */
export function syntheticFactors<P>(G: Group<P>, trustees: readonly TrusteeKind<P>[], byOwner: readonly (Factors<P> | null)[]): Combined<P> {
  let base = 0
  let acc: Factors<P> | null = null
  for (let item = 0; item < trustees.length; item++) {
    const t = trustees[item]!
    let f: Factors<P> | CombineFailure
    if (t.kind === 'Single') {
      f = byOwner[base] ?? 'missing-partial-decryption'
      base += 1
    } else {
      const n = t.params.verificationKeys.length
      f = combinePedersen(G, t.params.threshold, byOwner.slice(base, base + n))
      base += n
    }
    if (typeof f === 'string') return { ok: false, failure: f, item: item + 1 }
    acc = acc === null ? f : multiply(G, acc, f)
    if (acc === null) return { ok: false, failure: 'shape-mismatch', item: item + 1 }
  }
  return acc === null ? { ok: false, failure: 'missing-partial-decryption', item: 0 } : { ok: true, factors: acc }
}
