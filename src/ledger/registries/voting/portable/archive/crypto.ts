/**
 * The verifier's cryptographic checks (verify.ts's VerifierCrypto) on the voting registry's own Belenios code:
 * portable/belenios (the group, ballots, proofs of partial decryption; the Pedersen threshold parameters and their
 * combination). Nothing here re-implements a formula: it reads the archive's texts, calls that code, and turns each
 * refusal into the check's reason and place.
 */
import { verifyBallot, type BallotRefusal } from '../belenios/ballot'
import { parseElection, type Election } from '../belenios/election'
import type { Group } from '../belenios/group'
import { checkThresholdParameters } from '../belenios/pedersen'
import { syntheticFactors, type Factors } from '../belenios/pedersen-decrypt'
import { checkResult, parseResult, verifyPartialDecryption, type EncryptedTally, type PartialDecryptionCheck } from '../belenios/tally'
import { electionPublicKey, ownerKey, parseTrustees, verifyTrusteeKey, type TrusteeKind } from '../belenios/trustees'
import { parseCanonical, RESULT } from './canonical'
import type { ReasonId } from './messages'
import { CheckFailure, type SetupView, type VerifierCrypto } from './verify'

const BALLOT_REASONS: Record<BallotRefusal, ReasonId> = {
  malformed: 'malformed',
  'wrong-election-uuid': 'wrong-election',
  'wrong-election-hash': 'wrong-election',
  'wrong-answer-count': 'malformed',
  'bad-credential': 'bad-point',
  'unknown-credential': 'unknown-credential',
  'bad-signature': 'bad-signature',
  'bad-ciphertext': 'bad-point',
  'bad-individual-proof': 'bad-ballot-proof',
  'bad-overall-proof': 'bad-ballot-proof',
  'bad-blank-proof': 'bad-ballot-proof',
}

const PD_REASONS: Record<Exclude<PartialDecryptionCheck<unknown>, { ok: true }>['reason'], ReasonId> = {
  malformed: 'malformed',
  'wrong-shape': 'bad-decryption',
  'bad-factor': 'bad-point',
  'bad-proof': 'bad-decryption',
}

/** the verifier's tally ([alpha, beta] per answer) as the Belenios code holds one */
function asTally<P>(tally: P[][][]): EncryptedTally<P> {
  return tally.map((row) => row.map(([alpha, beta]) => ({ alpha: alpha!, beta: beta! })))
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
      const r = verifyPartialDecryption(G, setup.fingerprint, G.toString(key.publicKey), asTally(tally), text)
      if (!r.ok) throw new CheckFailure(PD_REASONS[r.reason], r.question === undefined ? {} : { index: r.question })
      factorsByText.set(text, r.decryption.factors.map((row) => [...row]))
    },
    checkResult(setup, tally, partials, resultText) {
      const trustees = trusteesOf(setup.trusteesText)
      const byOwner: Array<Factors<P> | null> = trustees.flatMap((t) => (t.kind === 'Single' ? [null] : t.params.verificationKeys.map(() => null)))
      // check 9 passed: every partial decryption's factors are known
      for (const pd of partials) byOwner[pd.owner - 1] = factorsByText.get(pd.text)!
      const combined = syntheticFactors(G, asTally(tally), trustees, byOwner)
      if (!combined.ok) throw new CheckFailure('too-few-decryptions', { index: combined.item - 1 })
      if (parseCanonical(resultText, RESULT) === undefined) throw new CheckFailure('not-canonical')
      const result = parseResult(resultText)
      if (result === null || !checkResult(G, asTally(tally), combined.factors, result)) throw new CheckFailure('bad-result')
    },
  }
}
