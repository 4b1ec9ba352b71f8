/**
 * The `election` structure (specification, Messages → Elections), read from its exact text: the text is what is
 * hashed (φ = Base64 of its SHA-256, without padding; the hex SHA-256 is its archive name and `setup_data.election`).
 * Only homomorphic questions (`question_h`) are supported; an election with another question kind is refused.
 */
import { GROUP_NAME, type Group } from './group'
import { hexHashToB64, isUuid, sha256Hex } from './hash'

export interface QuestionH {
  readonly answers: readonly string[]
  readonly blank: boolean
  readonly min: number
  readonly max: number
  readonly question: string
}

export interface Election<P> {
  /** The exact text given. */
  readonly text: string
  /** SHA-256 of the text, hex (the archive's file name, `setup_data.election`). */
  readonly hashHex: string
  /** φ: the same hash in Base64 without padding (ballots' `election_hash`, the proofs' statements). */
  readonly fingerprint: string
  readonly uuid: string
  readonly name: string
  readonly description: string
  /** y, prepared as a base of many products. */
  readonly publicKey: P
  /** y as written. */
  readonly publicKeyText: string
  readonly questions: readonly QuestionH[]
}

/** Limits of what the ledger accepts (the specification sets none). */
export const ELECTION_LIMITS = { questions: 100, answers: 200, textBytes: 1_000_000 } as const

export type ElectionParse<P> = { ok: true; election: Election<P> } | { ok: false; reason: string }

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)
const isSmallInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 10_000

function parseQuestion(x: unknown): QuestionH | string {
  if (!isObject(x)) return 'a question is not an object'
  if ('type' in x || 'value' in x) return 'only homomorphic questions are supported'
  const { answers, blank, min, max, question } = x
  if (!Array.isArray(answers) || answers.length === 0 || answers.length > ELECTION_LIMITS.answers)
    return 'a question has no answers or too many'
  if (!answers.every((a) => typeof a === 'string')) return 'an answer is not a string'
  if (blank !== undefined && typeof blank !== 'boolean') return 'blank is not a boolean'
  if (!isSmallInt(min) || !isSmallInt(max) || min > max || max > answers.length) return 'min and max are out of range'
  if (typeof question !== 'string') return 'the question is not a string'
  for (const k of Object.keys(x))
    if (!['answers', 'blank', 'min', 'max', 'question'].includes(k)) return `unknown field ${k} in a question`
  return { answers: answers as string[], blank: blank === true, min, max, question }
}

/** Parse the `election` text; every field checked (the group, the key: a valid point, not the identity). */
export function parseElection<P>(G: Group<P>, text: string): ElectionParse<P> {
  if (typeof text !== 'string' || text.length > ELECTION_LIMITS.textBytes) return { ok: false, reason: 'too large' }
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  if (!isObject(j)) return { ok: false, reason: 'not an object' }
  if (j.version !== 1) return { ok: false, reason: 'version is not 1' }
  if (j.group !== GROUP_NAME) return { ok: false, reason: 'the group is not Ed25519' }
  if (!isUuid(j.uuid)) return { ok: false, reason: 'bad uuid' }
  if (typeof j.name !== 'string' || typeof j.description !== 'string')
    return { ok: false, reason: 'name or description missing' }
  const publicKey = typeof j.public_key === 'string' ? G.parse(j.public_key) : null
  if (publicKey === null) return { ok: false, reason: 'the public key is not a valid group element' }
  if (!Array.isArray(j.questions) || j.questions.length === 0 || j.questions.length > ELECTION_LIMITS.questions)
    return { ok: false, reason: 'no questions or too many' }
  const questions: QuestionH[] = []
  for (const q of j.questions as unknown[]) {
    const parsed = parseQuestion(q)
    if (typeof parsed === 'string') return { ok: false, reason: parsed }
    questions.push(parsed)
  }
  const hashHex = sha256Hex(text)
  return {
    ok: true,
    election: {
      text,
      hashHex,
      fingerprint: hexHashToB64(hashHex),
      uuid: j.uuid,
      name: j.name,
      description: j.description,
      publicKey: G.prepare(publicKey),
      publicKeyText: j.public_key as string,
      questions,
    },
  }
}

/** The number of ciphertexts an answer to `q` has: one per answer, and a leading one when blank is allowed. */
export function questionLength(q: QuestionH): number {
  return q.answers.length + (q.blank ? 1 : 0)
}
