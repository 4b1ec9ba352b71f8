/**
 * Ballots (specification, Messages → Encrypted answers, Signatures, Ballots): creation (encrypt each answer with its
 * proofs, sign with the credential) and verification (every check of the specification, each failure its own reason).
 *
 * A ballot is taken as TEXT. It must be exactly the compact serialisation Belenios writes (fields in the
 * specification's order, no blank, canonical numbers and points): a ballot written any other way is refused as
 * malformed, as Belenios's own server refuses a ballot that does not re-serialise to itself. So the signature's hash
 * is taken from the text itself (the text up to its `signature` field, closed), never from a re-serialisation.
 * The tracker is the Base64 SHA-256 of the whole text.
 */
import { credentialSecret } from './credential'
import { questionLength, type Election, type QuestionH } from './election'
import { modQ, parseScalar, randomScalar, scalarToString, type Group, type ScalarSource } from './group'
import { isUuid, sha256B64, sha256Hex } from './hash'
import {
  SmallPowers,
  blankProve,
  blankVerifyBlank,
  blankVerifyOverall,
  ciphertext,
  iprove,
  iverify,
  schnorrProve,
  schnorrVerify,
  signaturePrefix,
  type Ciphertext,
  type Proof,
} from './proofs'

export interface AnswerH<P> {
  readonly choices: readonly Ciphertext<P>[]
  readonly individualProofs: readonly (readonly Proof[])[]
  readonly overallProof: readonly Proof[]
  readonly blankProof?: readonly Proof[]
}

export interface Ballot<P> {
  readonly electionUuid: string
  readonly electionHash: string
  /** The public credential as written (the public credentials list holds this exact string). */
  readonly credential: string
  readonly credentialPoint: P
  readonly answers: readonly AnswerH<P>[]
  readonly signatureHash: string
  readonly signature: Proof
}

/** Why a ballot is refused; the caller maps each to a stable code. */
export type BallotRefusal =
  | 'malformed'
  | 'wrong-election-uuid'
  | 'wrong-election-hash'
  | 'wrong-answer-count'
  | 'bad-credential'
  | 'unknown-credential'
  | 'bad-signature'
  | 'bad-ciphertext'
  | 'bad-individual-proof'
  | 'bad-overall-proof'
  | 'bad-blank-proof'

export type BallotCheck<P> =
  | {
      ok: true
      ballot: Ballot<P>
      /** The smart ballot tracker: Base64 SHA-256 of the text, without padding. */
      tracker: string
      /** The hex SHA-256 of the text (its archive file name). */
      hashHex: string
    }
  | { ok: false; reason: BallotRefusal; question?: number; choice?: number; detail?: string }

/** The largest ballot text accepted (a 200-answer question with blank is ~170 kB). */
export const BALLOT_MAX_CHARS = 2_000_000

// ---- canonical writing ---------------------------------------------------------------------------------------------

const proofText = (p: Proof): string =>
  `{"challenge":"${scalarToString(p.challenge)}","response":"${scalarToString(p.response)}"}`
const proofsText = (ps: readonly Proof[]): string => `[${ps.map(proofText).join(',')}]`

/** What the canonical writing of an answer reads: the points' strings and the proofs. */
interface AnswerShape {
  readonly choices: readonly { readonly alphaS: string; readonly betaS: string }[]
  readonly individualProofs: readonly (readonly Proof[])[]
  readonly overallProof: readonly Proof[]
  readonly blankProof?: readonly Proof[]
}

function answerText(a: AnswerShape): string {
  const choices = a.choices.map((c) => `{"alpha":"${c.alphaS}","beta":"${c.betaS}"}`).join(',')
  const individual = a.individualProofs.map(proofsText).join(',')
  const blank = a.blankProof === undefined ? '' : `,"blank_proof":${proofsText(a.blankProof)}`
  return `{"choices":[${choices}],"individual_proofs":[${individual}],"overall_proof":${proofsText(a.overallProof)}${blank}}`
}

function ballotWithoutSignatureText(uuid: string, hash: string, credential: string, answers: readonly AnswerShape[]): string {
  return `{"election_uuid":"${uuid}","election_hash":"${hash}","credential":"${credential}","answers":[${answers.map(answerText).join(',')}]}`
}

function ballotText(withoutSignature: string, hash: string, proof: Proof): string {
  return `${withoutSignature.slice(0, -1)},"signature":{"hash":"${hash}","proof":${proofText(proof)}}}`
}

// ---- creation ------------------------------------------------------------------------------------------------------

/** Check a plaintext answer vector against its question (0/1 entries; blank rules; min..max). */
export function plaintextError(q: QuestionH, m: readonly number[]): string | null {
  if (m.length !== questionLength(q)) return 'wrong length'
  if (!m.every((v) => v === 0 || v === 1)) return 'an entry is not 0 or 1'
  if (q.blank) {
    const rest = m.slice(1).reduce((a: number, b) => a + b, 0)
    if (m[0] === 1) return rest === 0 ? null : 'a blank vote selects nothing'
    return rest >= q.min && rest <= q.max ? null : 'the number of selected answers is out of range'
  }
  const sum = m.reduce((a: number, b) => a + b, 0)
  return sum >= q.min && sum <= q.max ? null : 'the number of selected answers is out of range'
}

export interface CreatedBallot {
  readonly text: string
  readonly tracker: string
  readonly hashHex: string
  /** The public credential the ballot carries. */
  readonly credential: string
  /** The encryption randomness r of each choice, by question: what a challenged (Benaloh) ballot reveals. */
  readonly randomness: readonly (readonly bigint[])[]
}

function sumCiphertexts<P>(G: Group<P>, cs: readonly Ciphertext<P>[]): { alpha: P; beta: P } {
  let alpha = G.identity
  let beta = G.identity
  for (const c of cs) {
    alpha = G.add(alpha, c.alpha)
    beta = G.add(beta, c.beta)
  }
  return { alpha, beta }
}

function createAnswer<P>(
  G: Group<P>,
  y: P,
  S0: string,
  q: QuestionH,
  m: readonly number[],
  pow: SmallPowers<P>,
  rnd: ScalarSource,
): { answer: AnswerH<P>; r: bigint[] } {
  const n = m.length
  const r = Array.from({ length: n }, () => rnd())
  const choices = m.map((v, i) => ciphertext(G, G.baseMul(r[i]!), G.add(G.mul(y, r[i]!), pow.get(v))))
  const individualProofs = m.map((v, i) => iprove(G, y, S0, choices[i]!, r[i]!, v, [0, 1], rnd))
  const S = `${S0}|${choices.map((c) => `${c.alphaS},${c.betaS}`).join(',')}`
  if (q.blank) {
    const rest = choices.slice(1)
    const sum = sumCiphertexts(G, rest)
    const cS = ciphertext(G, sum.alpha, sum.beta)
    const rS = modQ(r.slice(1).reduce((a, b) => a + b, 0n))
    const mS = m.slice(1).reduce((a, b) => a + b, 0)
    const { overall, blank } = blankProve(G, y, S, q.min, q.max, m[0]!, choices[0]!, r[0]!, mS, cS, rS, rnd)
    return { answer: { choices, individualProofs, overallProof: overall, blankProof: blank }, r }
  }
  const sum = sumCiphertexts(G, choices)
  const cS = ciphertext(G, sum.alpha, sum.beta)
  const R = modQ(r.reduce((a, b) => a + b, 0n))
  const M = m.reduce((a, b) => a + b, 0)
  const ms: number[] = []
  for (let v = q.min; v <= q.max; v++) ms.push(v)
  const overallProof = iprove(G, y, S, cS, R, M - q.min, ms, rnd)
  return { answer: { choices, individualProofs, overallProof }, r }
}

/**
 * A ballot for `election`, cast with the private credential `credential` (as parseCredential gives it): each
 * question's vector of 0/1 (blank-allowed questions lead with 1 for a blank vote). Throws on a plaintext that does
 * not fit its question (the booth checks before).
 */
export function createBallot<P>(
  G: Group<P>,
  election: Election<P>,
  credential: string,
  plaintext: readonly (readonly number[])[],
  rnd: ScalarSource = randomScalar,
): CreatedBallot {
  if (plaintext.length !== election.questions.length) throw new Error('one answer vector per question')
  election.questions.forEach((q, i) => {
    const e = plaintextError(q, plaintext[i]!)
    if (e !== null) throw new Error(`question ${i + 1}: ${e}`)
  })
  const s = credentialSecret(election.uuid, credential)
  const credentialText = G.toString(G.baseMul(s))
  const S0 = `${election.fingerprint}|${credentialText}`
  const pow = new SmallPowers(G)
  const answers: AnswerH<P>[] = []
  const randomness: bigint[][] = []
  election.questions.forEach((q, i) => {
    const { answer, r } = createAnswer(G, election.publicKey, S0, q, plaintext[i]!, pow, rnd)
    answers.push(answer)
    randomness.push(r)
  })
  const unsigned = ballotWithoutSignatureText(election.uuid, election.fingerprint, credentialText, answers)
  const hash = sha256B64(unsigned)
  const proof = schnorrProve(G, s, signaturePrefix(hash), rnd)
  const text = ballotText(unsigned, hash, proof)
  return { text, tracker: sha256B64(text), hashHex: sha256Hex(text), credential: credentialText, randomness }
}

// ---- reading -------------------------------------------------------------------------------------------------------

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const B64_HASH = /^[A-Za-z0-9+/]{43}$/
const HEX64 = /^[0-9a-f]{64}$/

function readProof(x: unknown): Proof | null {
  if (!isObject(x)) return null
  const challenge = parseScalar(x.challenge)
  const response = parseScalar(x.response)
  return challenge === null || response === null ? null : { challenge, response }
}

function readProofs(x: unknown, max: number): Proof[] | null {
  if (!Array.isArray(x) || x.length > max) return null
  const out: Proof[] = []
  for (const p of x) {
    const r = readProof(p)
    if (r === null) return null
    out.push(r)
  }
  return out
}

/** The ballot's shape, its strings checked, its points NOT yet parsed (that is the expensive part). */
interface RawAnswer {
  choices: { alphaS: string; betaS: string }[]
  individualProofs: Proof[][]
  overallProof: Proof[]
  blankProof?: Proof[]
}

function readAnswer(x: unknown): RawAnswer | null {
  if (!isObject(x)) return null
  const { choices, individual_proofs: ip, overall_proof: op, blank_proof: bp } = x
  if (!Array.isArray(choices) || choices.length === 0 || choices.length > 1024) return null
  const cs: RawAnswer['choices'] = []
  for (const c of choices) {
    if (!isObject(c) || typeof c.alpha !== 'string' || typeof c.beta !== 'string') return null
    if (!HEX64.test(c.alpha) || !HEX64.test(c.beta)) return null
    cs.push({ alphaS: c.alpha, betaS: c.beta })
  }
  if (!Array.isArray(ip) || ip.length > 1024) return null
  const individualProofs: Proof[][] = []
  for (const p of ip) {
    const ps = readProofs(p, 2)
    if (ps === null) return null
    individualProofs.push(ps)
  }
  const overallProof = readProofs(op, 1026)
  if (overallProof === null) return null
  if (bp === undefined) return { choices: cs, individualProofs, overallProof }
  const blankProof = readProofs(bp, 2)
  return blankProof === null ? null : { choices: cs, individualProofs, overallProof, blankProof }
}

interface RawBallot {
  uuid: string
  hash: string
  credential: string
  answers: RawAnswer[]
  signatureHash: string
  signature: Proof
}

function readBallot(text: string): RawBallot | null {
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    return null
  }
  if (!isObject(j)) return null
  const { election_uuid: uuid, election_hash: hash, credential, answers, signature } = j
  if (!isUuid(uuid) || typeof hash !== 'string' || !B64_HASH.test(hash)) return null
  if (typeof credential !== 'string' || !HEX64.test(credential)) return null
  if (!Array.isArray(answers) || answers.length === 0 || answers.length > 100) return null
  const as: RawAnswer[] = []
  for (const a of answers) {
    const r = readAnswer(a)
    if (r === null) return null
    as.push(r)
  }
  if (!isObject(signature) || typeof signature.hash !== 'string' || !B64_HASH.test(signature.hash)) return null
  const proof = readProof(signature.proof)
  if (proof === null) return null
  return { uuid, hash, credential, answers: as, signatureHash: signature.hash, signature: proof }
}

// ---- verification --------------------------------------------------------------------------------------------------

/**
 * Every check of the specification on a ballot for `election`, in this order: the text is a canonical ballot
 * (malformed), its election (uuid, then φ), its answer count, the credential is a group element, the signature's
 * hash is the hash of the ballot without its signature and the signature verifies under the credential, every
 * ciphertext point is a group element (not the identity), each individual proof, then each overall (and blank) proof.
 * Whether the ballot was seen before is the caller's (the rules'). `isListed`, when given, is asked whether the
 * credential (as written) is on the election's public credentials list right after the cheap checks, before any
 * group operation, so an unlisted credential costs no crypto ('unknown-credential').
 */
export function verifyBallot<P>(
  G: Group<P>,
  election: Election<P>,
  text: string,
  opts?: { isListed?: (credential: string) => boolean },
): BallotCheck<P> {
  if (typeof text !== 'string' || text.length > BALLOT_MAX_CHARS) return { ok: false, reason: 'malformed', detail: 'too large' }
  const raw = readBallot(text)
  if (raw === null) return { ok: false, reason: 'malformed', detail: 'not a ballot' }
  const unsignedCanonical = ballotWithoutSignatureText(raw.uuid, raw.hash, raw.credential, raw.answers)
  if (ballotText(unsignedCanonical, raw.signatureHash, raw.signature) !== text)
    return { ok: false, reason: 'malformed', detail: 'not in canonical form' }
  if (raw.uuid !== election.uuid) return { ok: false, reason: 'wrong-election-uuid' }
  if (raw.hash !== election.fingerprint) return { ok: false, reason: 'wrong-election-hash' }
  if (raw.answers.length !== election.questions.length) return { ok: false, reason: 'wrong-answer-count' }
  if (opts?.isListed !== undefined && !opts.isListed(raw.credential)) return { ok: false, reason: 'unknown-credential' }
  const credentialPoint = G.parse(raw.credential)
  if (credentialPoint === null) return { ok: false, reason: 'bad-credential' }
  // the text is canonical, so the ballot without its signature is the text up to its signature field, closed
  if (raw.signatureHash !== sha256B64(unsignedCanonical))
    return { ok: false, reason: 'bad-signature', detail: 'the hash is not the ballot’s' }
  if (!schnorrVerify(G, credentialPoint, signaturePrefix(raw.signatureHash), raw.signature))
    return { ok: false, reason: 'bad-signature' }
  // shapes before any point: the right number of choices and proofs for each question
  for (let i = 0; i < raw.answers.length; i++) {
    const a = raw.answers[i]!
    const q = election.questions[i]!
    const n = questionLength(q)
    if (a.choices.length !== n || a.individualProofs.length !== n || a.individualProofs.some((p) => p.length !== 2))
      return { ok: false, reason: 'wrong-answer-count', question: i }
    if (q.blank !== (a.blankProof !== undefined))
      return { ok: false, reason: q.blank ? 'bad-blank-proof' : 'malformed', question: i, detail: 'blank proof' }
    if (a.overallProof.length !== q.max - q.min + 1 + (q.blank ? 1 : 0))
      return { ok: false, reason: 'bad-overall-proof', question: i, detail: 'length' }
  }
  const answers: AnswerH<P>[] = []
  for (let i = 0; i < raw.answers.length; i++) {
    const a = raw.answers[i]!
    const choices: Ciphertext<P>[] = []
    for (let k = 0; k < a.choices.length; k++) {
      const c = a.choices[k]!
      const alpha = G.parse(c.alphaS)
      const beta = alpha === null ? null : G.parse(c.betaS)
      if (alpha === null || beta === null) return { ok: false, reason: 'bad-ciphertext', question: i, choice: k }
      choices.push({ alpha, beta, alphaS: c.alphaS, betaS: c.betaS })
    }
    answers.push({ ...a, choices })
  }
  const y = election.publicKey
  const S0 = `${election.fingerprint}|${raw.credential}`
  const pow = new SmallPowers(G)
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i]!
    for (let k = 0; k < a.choices.length; k++)
      if (!iverify(G, y, S0, a.choices[k]!, a.individualProofs[k]!, [0, 1], pow))
        return { ok: false, reason: 'bad-individual-proof', question: i, choice: k }
  }
  for (let i = 0; i < answers.length; i++) {
    const a = answers[i]!
    const q = election.questions[i]!
    const S = `${S0}|${a.choices.map((c) => `${c.alphaS},${c.betaS}`).join(',')}`
    if (q.blank) {
      const sum = sumCiphertexts(G, a.choices.slice(1))
      const cS = ciphertext(G, sum.alpha, sum.beta)
      if (!blankVerifyBlank(G, y, S, a.choices[0]!, cS, a.blankProof!))
        return { ok: false, reason: 'bad-blank-proof', question: i }
      if (!blankVerifyOverall(G, y, S, q.min, q.max, a.choices[0]!, cS, a.overallProof, pow))
        return { ok: false, reason: 'bad-overall-proof', question: i }
    } else {
      const sum = sumCiphertexts(G, a.choices)
      const ms: number[] = []
      for (let v = q.min; v <= q.max; v++) ms.push(v)
      if (!iverify(G, y, S, ciphertext(G, sum.alpha, sum.beta), a.overallProof, ms, pow))
        return { ok: false, reason: 'bad-overall-proof', question: i }
    }
  }
  return {
    ok: true,
    ballot: {
      electionUuid: raw.uuid,
      electionHash: raw.hash,
      credential: raw.credential,
      credentialPoint,
      answers,
      signatureHash: raw.signatureHash,
      signature: raw.signature,
    },
    tracker: sha256B64(text),
    hashHex: sha256Hex(text),
  }
}

/** The smart ballot tracker of a ballot text (Base64 SHA-256 without padding). */
export const ballotTracker = (text: string): string => sha256B64(text)

/** Exposed for tests that build a ballot by hand: the canonical text of a ballot without its signature. */
export const __ballotText = { ballotWithoutSignatureText, ballotText, answerText }
