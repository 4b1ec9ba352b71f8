/**
 * The verifier's cryptographic checks (verify.ts's VerifierCrypto) on the voting registry's own Belenios code:
 * portable/belenios (the group, ballots, proofs of partial decryption; the Pedersen threshold parameters and their
 * combination). Nothing here re-implements a formula: it reads the archive's texts, calls that code, and turns each
 * refusal into the check's reason and place.
 */
import { verifyBallot, type BallotRefusal } from '../belenios/ballot'
import { parseElection, type Election } from '../belenios/election'
import { parseScalar, type Group } from '../belenios/group'
import { checkThresholdParameters } from '../belenios/pedersen'
import { syntheticFactors, type Factors } from '../belenios/pedersen-decrypt'
import { decryptionVerify, decryptPrefix } from '../belenios/proofs'
import { electionPublicKey, ownerKey, parseTrustees, verifyTrusteeKey, type TrusteeKind } from '../belenios/trustees'
import { parseCanonical, PARTIAL_DECRYPTION, RESULT } from './canonical'
import type { ReasonId } from './messages'
import { CheckFailure, type SetupView, type VerifierCrypto } from './verify'

const BALLOT_REASONS: Record<BallotRefusal, ReasonId> = {
  malformed: 'malformed',
  'wrong-election-uuid': 'wrong-election',
  'wrong-election-hash': 'wrong-election',
  'wrong-answer-count': 'malformed',
  'bad-credential': 'bad-point',
  'bad-signature': 'bad-signature',
  'bad-ciphertext': 'bad-point',
  'bad-individual-proof': 'bad-ballot-proof',
  'bad-overall-proof': 'bad-ballot-proof',
  'bad-blank-proof': 'bad-ballot-proof',
}

interface PartialDecryptionJson {
  decryption_factors: unknown
  decryption_proofs: Array<Array<{ challenge: unknown; response: unknown }>>
}

export function beleniosVerifierCrypto<P>(G: Group<P>): VerifierCrypto<P> {
  // parsed once per archive (the texts are the setup's, fixed)
  const elections = new Map<string, Election<P>>()
  const trusteesByText = new Map<string, TrusteeKind<P>[]>()
  const factorsByText = new Map<string, Factors<P>>()
  const electionOf = (setup: SetupView<P>): Election<P> => {
    let e = elections.get(setup.electionText)
    if (e === undefined) {
      const r = parseElection(G, setup.electionText)
      if (!r.ok) throw new CheckFailure('malformed')
      e = r.election
      elections.set(setup.electionText, e)
    }
    return e
  }
  const trusteesOf = (text: string): TrusteeKind<P>[] => {
    let t = trusteesByText.get(text)
    if (t === undefined) {
      const parsed = parseTrustees(G, text)
      if (parsed === null) throw new CheckFailure('bad-point')
      t = parsed
      trusteesByText.set(text, t)
    }
    return t
  }
  /** the decryption factors of a partial decryption text (shape and points), its proofs not checked */
  const factorsOf = (text: string, tally: P[][][]): { factors: Factors<P>; json: PartialDecryptionJson } => {
    const json = parseCanonical(text, PARTIAL_DECRYPTION) as PartialDecryptionJson | undefined
    if (json === undefined) throw new CheckFailure('not-canonical')
    const rows = json.decryption_factors
    if (!Array.isArray(rows) || rows.length !== tally.length) throw new CheckFailure('bad-decryption')
    const factors: Factors<P> = tally.map((row, i) => {
      const r = rows[i] as unknown
      const proofs = json.decryption_proofs[i]
      if (!Array.isArray(r) || r.length !== row.length || proofs?.length !== row.length) throw new CheckFailure('bad-decryption', { index: i })
      return r.map((s: unknown) => {
        // a factor of the identity (a tally over no ballot) is the identity
        const p = typeof s === 'string' ? G.parse(s, { allowIdentity: true }) : null
        if (p === null) throw new CheckFailure('bad-point', { index: i })
        return p
      })
    })
    return { factors, json }
  }
  return {
    checkTrustees(text) {
      const trustees = trusteesOf(text)
      let owner = 0
      trustees.forEach((t, index) => {
        if (t.kind === 'Single') {
          owner++
          if (!verifyTrusteeKey(G, t.key)) throw new CheckFailure('bad-proof', { index })
          return
        }
        const r = checkThresholdParameters(G, t.params)
        if (!r.ok) {
          const reason: ReasonId = r.reason === 'ceremony-size' ? 'bad-threshold' : r.reason === 'polynomial-bad-commitment' ? 'bad-point' : 'bad-proof'
          throw new CheckFailure(reason, { index: r.trustee > 0 ? owner + r.trustee - 1 : index })
        }
        owner += t.params.verificationKeys.length
      })
      const y = electionPublicKey(G, trustees)
      if (y === null) throw new CheckFailure('bad-point')
      return y
    },
    checkBallot(setup, text) {
      const r = verifyBallot(G, electionOf(setup), text)
      if (!r.ok) throw new CheckFailure(BALLOT_REASONS[r.reason], r.question === undefined ? {} : { index: r.question })
    },
    checkPartialDecryption(setup, tally, owner, text) {
      const key = ownerKey(trusteesOf(setup.trusteesText), owner)
      if (key === null) throw new CheckFailure('bad-owner')
      const { factors, json } = factorsOf(text, tally)
      const prefix = decryptPrefix(setup.fingerprint, G.toString(key.publicKey))
      tally.forEach((row, i) =>
        row.forEach((ct, j) => {
          const p = json.decryption_proofs[i]![j]!
          const challenge = parseScalar(p?.challenge)
          const response = parseScalar(p?.response)
          if (challenge === null || response === null) throw new CheckFailure('bad-scalar', { index: i })
          if (!decryptionVerify(G, key.publicKey, prefix, ct[0]!, factors[i]![j]!, { challenge, response })) throw new CheckFailure('bad-decryption', { index: i })
        }),
      )
      factorsByText.set(text, factors)
    },
    checkResult(setup, tally, partials, resultText) {
      const trustees = trusteesOf(setup.trusteesText)
      const byOwner: Array<Factors<P> | null> = []
      for (const pd of partials) byOwner[pd.owner - 1] = factorsByText.get(pd.text) ?? factorsOf(pd.text, tally).factors
      const total = byOwner.length
      for (let i = 0; i < total; i++) byOwner[i] ??= null
      const combined = syntheticFactors(G, trustees, byOwner)
      if (!combined.ok) throw new CheckFailure(combined.failure === 'shape-mismatch' ? 'bad-decryption' : 'too-few-decryptions', { index: combined.item - 1 })
      const json = parseCanonical(resultText, RESULT) as { result: unknown } | undefined
      if (json === undefined) throw new CheckFailure('not-canonical')
      const result = json.result
      if (!Array.isArray(result) || result.length !== tally.length) throw new CheckFailure('bad-result')
      tally.forEach((row, i) => {
        const r = result[i] as unknown
        if (!Array.isArray(r) || r.length !== row.length) throw new CheckFailure('bad-result', { index: i })
        row.forEach((ct, j) => {
          const m = r[j] as unknown
          if (typeof m !== 'number' || !Number.isSafeInteger(m) || m < 0) throw new CheckFailure('bad-result', { index: i })
          // β = F · g^m
          if (!G.equals(ct[1]!, G.add(combined.factors[i]![j]!, G.baseMul(BigInt(m))))) throw new CheckFailure('bad-result', { index: i })
        })
      })
    },
  }
}
