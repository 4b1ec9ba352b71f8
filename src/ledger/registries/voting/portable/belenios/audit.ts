/**
 * Challenged ballots (Benaloh's cast-or-challenge; ADR 0048 session-4 amendment, ADR 0056): the voter who challenges
 * a ballot is shown its encryption randomness, and anyone can open it: each ciphertext (α, β) is recomputed from r and
 * the revealed choice m ∈ {0, 1} — α must be g^r and β must be y^r·g^m. A ballot that does not open exactly is refused.
 *
 * The ballot itself is first checked as a cast ballot would be (verifyBallot: canonical text, this election, the
 * credential's signature, every proof), so an opened ballot is one the booth could have cast: what the voter audits is
 * what would have been counted.
 *
 * The randomness travels as text: one array per question, one base-10 scalar per ciphertext (blank-allowed questions
 * lead with the blank choice's r), the order of the ballot's `choices`.
 */
import { plaintextError, verifyBallot, type BallotRefusal } from './ballot'
import { questionLength, type Election } from './election'
import { parseScalar, randomScalar, scalarToString, type Group, type ScalarSource } from './group'
import { schnorrProve, schnorrVerify } from './proofs'

/** Why a challenged ballot is refused: the ballot's own refusals, or its randomness does not open it. */
export type AuditRefusal = BallotRefusal | 'bad-randomness' | 'randomness-mismatch'

export type AuditOpening =
  | {
      ok: true
      /** The plaintext per question, as createBallot takes it (0/1 per ciphertext, blank first when allowed). */
      plaintext: number[][]
      tracker: string
      hashHex: string
      /** The public credential the ballot carries (as written). */
      credential: string
    }
  | { ok: false; reason: AuditRefusal; question?: number; choice?: number; detail?: string }

/** The randomness as text (what a challenged ballot publishes): base-10 scalars. */
export function randomnessToText(randomness: readonly (readonly bigint[])[]): string[][] {
  return randomness.map((q) => q.map(scalarToString))
}

/**
 * Read a published randomness: an array (at most 100) of arrays (at most 1024) of canonical base-10 scalars below q.
 * null for anything else (numbers, signs, leading zeros, q or above).
 */
export function parseRandomness(x: unknown): bigint[][] | null {
  if (!Array.isArray(x) || x.length === 0 || x.length > 100) return null
  const out: bigint[][] = []
  for (const q of x as unknown[]) {
    if (!Array.isArray(q) || q.length === 0 || q.length > 1024) return null
    const row: bigint[] = []
    for (const s of q as unknown[]) {
      const v = parseScalar(s)
      if (v === null) return null
      row.push(v)
    }
    out.push(row)
  }
  return out
}

/**
 * Open a challenged ballot: verify it for `election` (every check of a cast ballot; `isListed` as verifyBallot takes
 * it), then recompute every ciphertext from its revealed r. The plaintext, or the first refusal.
 */
export function openChallengedBallot<P>(
  G: Group<P>,
  election: Election<P>,
  ballotText: string,
  randomness: unknown,
  opts?: { isListed?: (credential: string) => boolean },
): AuditOpening {
  // the randomness's shape before any group operation: cheap refusals first
  const rs = parseRandomness(
    Array.isArray(randomness) && (randomness as unknown[]).every((q) => Array.isArray(q) && q.every((v) => typeof v === 'bigint'))
      ? randomnessToText(randomness as bigint[][])
      : randomness,
  )
  if (rs === null) return { ok: false, reason: 'bad-randomness', detail: 'not a list of scalars per question' }
  if (rs.length !== election.questions.length) return { ok: false, reason: 'bad-randomness', detail: 'one list per question' }
  for (let i = 0; i < rs.length; i++)
    if (rs[i]!.length !== questionLength(election.questions[i]!))
      return { ok: false, reason: 'bad-randomness', question: i, detail: 'one scalar per choice' }
  const checked = verifyBallot(G, election, ballotText, opts)
  if (!checked.ok) return checked
  const y = election.publicKey
  const plaintext: number[][] = []
  for (let i = 0; i < rs.length; i++) {
    const a = checked.ballot.answers[i]!
    const row: number[] = []
    for (let k = 0; k < a.choices.length; k++) {
      const c = a.choices[k]!
      const r = rs[i]![k]!
      if (!G.equals(G.baseMul(r), c.alpha)) return { ok: false, reason: 'randomness-mismatch', question: i, choice: k }
      const gm = G.sub(c.beta, G.mul(y, r))
      if (G.isIdentity(gm)) row.push(0)
      else if (G.equals(gm, G.g)) row.push(1)
      else return { ok: false, reason: 'randomness-mismatch', question: i, choice: k, detail: 'the choice is neither 0 nor 1' }
    }
    // the proofs already bound the count; kept as a second lock on what the voter is shown
    const e = plaintextError(election.questions[i]!, row)
    if (e !== null) return { ok: false, reason: 'randomness-mismatch', question: i, detail: e }
    plaintext.push(row)
  }
  return { ok: true, plaintext, tracker: checked.tracker, hashHex: checked.hashHex, credential: checked.ballot.credential }
}

/** The answers a plaintext selects, by question: the answers' texts, or null for a blank vote. */
export function selectedAnswers(election: Pick<Election<unknown>, 'questions'>, plaintext: readonly (readonly number[])[]): (string[] | null)[] {
  return election.questions.map((q, i) => {
    const m = plaintext[i] ?? []
    if (q.blank && m[0] === 1) return null
    const offset = q.blank ? 1 : 0
    return q.answers.filter((_, k) => m[k + offset] === 1)
  })
}

// ---- spoiling before opening (ADR 0056, amended after review) ----
//
// A challenged ballot is still a ballot its credential signed: published with its randomness before the chain knows
// it will never count, anyone who sees it first (a proposer, a node reached before the gossip) could cast it. So the
// booth first SPOILS it — the ballot's hash, signed by the same credential under a prefix of its own (a Schnorr proof
// of the credential's secret, as Belenios signs ballots, never mistakable for a ballot signature) — and publishes the
// text and its randomness only once the spoil is committed: from then on the ballot can never be cast.

/** The Fiat–Shamir prefix of a spoil's signature: Daejang's own, so it is never a Belenios ballot signature. */
export const spoilPrefix = (uuid: string, hashHex: string): string => `daejang-spoil|${uuid}|${hashHex}|`

export interface SpoilSignature {
  /** the public credential (as the list writes it) */
  credential: string
  proof: { challenge: string; response: string }
}

/** The voter's spoil of the ballot with SHA-256 hash `hashHex`, signed with her private credential's secret. */
export function signSpoil<P>(G: Group<P>, uuid: string, secret: bigint, hashHex: string, rnd: ScalarSource = randomScalar): SpoilSignature {
  const p = schnorrProve(G, secret, spoilPrefix(uuid, hashHex), rnd)
  return { credential: G.toString(G.baseMul(secret)), proof: { challenge: scalarToString(p.challenge), response: scalarToString(p.response) } }
}

/** Whether the spoil's signature is the credential's, over this election and hash. */
export function checkSpoil<P>(G: Group<P>, uuid: string, hashHex: string, s: { credential: string; proof: { challenge: string; response: string } }): boolean {
  const X = G.parse(s.credential)
  const challenge = parseScalar(s.proof.challenge)
  const response = parseScalar(s.proof.response)
  if (X === null || challenge === null || response === null) return false
  return schnorrVerify(G, X, spoilPrefix(uuid, hashHex), { challenge, response })
}
