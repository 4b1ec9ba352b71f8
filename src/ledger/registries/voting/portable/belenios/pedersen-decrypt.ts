/**
 * Decryption under a `trustees` structure with threshold items (specification, "Election result"; reference
 * Util.arrange_partial_decryptions / compute_synthetic_factors). A Pedersen trustee's partial decryption is an
 * ordinary one (tally.ts `partialDecrypt` with its decryption key S_j — `openDecryptionKey` — and checked by
 * `verifyPartialDecryption` against its verification key from the threshold parameters: trustees.ts `ownerKey`). This module
 * routes partial decryptions, numbered by owner 1…N across the structure's items, to tally.ts's `combineFactors`: a
 * Single item's factors as they are, a Pedersen item's supplied shares by their index within the item (the first
 * `threshold` are combined with Lagrange coefficients there). A missing Single trustee, or fewer than `threshold`
 * shares of a Pedersen item, is a failure naming the item, never an exception.
 */
import type { Group } from './group'
import { combineFactors, type EncryptedTally, type FactorSource } from './tally'
import type { TrusteeKind } from './trustees'

/** Decryption factors: one point per answer per question. */
export type Factors<P> = readonly (readonly P[])[]

export type CombineFailure = 'missing-partial-decryption' | 'not-enough-partial-decryptions'
export type Combined<P> = { ok: true; factors: P[][] } | { ok: false; failure: CombineFailure; item: number }

/** The factor sources of each item, from the verified factors by owner (`byOwner[o-1]`, null when owner o has none). */
export function factorSources<P>(trustees: readonly TrusteeKind<P>[], byOwner: readonly (Factors<P> | null)[]): { ok: true; sources: FactorSource<P>[] } | { ok: false; failure: CombineFailure; item: number } {
  const sources: FactorSource<P>[] = []
  let base = 0
  for (let item = 0; item < trustees.length; item++) {
    const t = trustees[item]!
    if (t.kind === 'Single') {
      const f = byOwner[base]
      base += 1
      if (!f) return { ok: false, failure: 'missing-partial-decryption', item: item + 1 }
      sources.push({ kind: 'single', factors: f })
      continue
    }
    const n = t.params.verificationKeys.length
    const shares = byOwner
      .slice(base, base + n)
      .map((f, i) => (f ? { index: i + 1, factors: f } : null))
      .filter((s) => s !== null)
    base += n
    if (t.params.threshold < 1 || shares.length < t.params.threshold) return { ok: false, failure: 'not-enough-partial-decryptions', item: item + 1 }
    sources.push({ kind: 'pedersen', threshold: t.params.threshold, shares })
  }
  return { ok: true, sources }
}

/** The synthetic factors F for the whole structure (the tally gives the shape). */
export function syntheticFactors<P>(G: Group<P>, tally: EncryptedTally<P>, trustees: readonly TrusteeKind<P>[], byOwner: readonly (Factors<P> | null)[]): Combined<P> {
  const s = factorSources(trustees, byOwner)
  return s.ok ? { ok: true, factors: combineFactors(G, tally, s.sources) } : s
}
