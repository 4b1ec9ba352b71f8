/**
 * The official's draft of an election (docs/adr/0048, `voting.election.draft`) as data: the form's values, each field
 * checked in words as it is typed (a problem is a message key under votingScreens.problems, with its values), and the
 * payload it builds. Pure: tested without a browser (test/renderer/voting-draft-form.test.ts).
 *
 * Times are typed as local dates and times ("2026-12-10 09:00") and sent as instants (ms since the epoch). The voter
 * list stays with the officials: the form reads the list's file, counts its voters (one a line) and sends only the
 * count and the SHA-256 of a random salt followed by the list, the salt being shown for the officials to keep.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { DraftSchema, VOTING_LIMITS } from '../../../ledger/registries/voting/portable/schema'

/** The bounds the registry's schema sets (registries/voting/portable/schema.ts). */
export const DRAFT_LIMITS = { ...VOTING_LIMITS, maxOpenDays: VOTING_LIMITS.maxOpenMs / 86_400_000 } as const

export interface QuestionValues {
  question: string
  /** one answer a line */
  answers: string
  min: string
  max: string
  blank: boolean
}

export interface DraftValues {
  name: string
  description: string
  questions: QuestionValues[]
  /** the voter list: how many, and the hash of the salted list (filled from the list's file) */
  voters: number | null
  votersHash: string
  opens: string
  closes: string
  /** trustee agencies' ids, in the order of the ceremony */
  trustees: string[]
  threshold: string
  credentialAuthority: string
}

export interface Problem {
  key: string
  values?: Record<string, string | number>
}
/** problems by field: `name`, `q0.answers`, `trustees`… */
export type Problems = Record<string, Problem>

export interface DraftPayload {
  name: string
  description: string
  questions: { question: string; answers: string[]; min: number; max: number; blank?: boolean }[]
  voters: number
  votersHash: string
  opens: number
  closes: number
  trustees: string[]
  threshold: number
  credentialAuthority: string
}

export function emptyQuestion(): QuestionValues {
  return { question: '', answers: '', min: '1', max: '1', blank: false }
}

export function emptyDraft(): DraftValues {
  return {
    name: '',
    description: '',
    questions: [emptyQuestion()],
    voters: null,
    votersHash: '',
    opens: '',
    closes: '',
    trustees: [],
    threshold: '',
    credentialAuthority: '',
  }
}

const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u
/** the answers typed, one a line, blank lines dropped */
export const answersOf = (text: string): string[] =>
  text
    .split('\n')
    .map((a) => a.trim())
    .filter((a) => a !== '')

const TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/

/** "2026-12-10 09:00" in this computer's time zone as an instant, or null when it is not a real date and time. */
export function parseLocalTime(text: string): number | null {
  const m = TIME.exec(text.trim())
  if (!m) return null
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number]
  const date = new Date(y, mo - 1, d, h, mi)
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || date.getHours() !== h || date.getMinutes() !== mi) return null
  return date.getTime()
}

/** An instant as the form writes it ("2026-12-10 09:00", local time). */
export function formatLocalTime(ms: number): string {
  const d = new Date(ms)
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`
}

function textProblem(value: string, min: number, max: number): Problem | null {
  const v = value.trim()
  if (v.length < min) return { key: 'required' }
  if (v.length > max) return { key: 'tooLong', values: { max } }
  if (CONTROL_OR_FORMAT.test(v)) return { key: 'invisible' }
  return null
}

const WHOLE = /^\d{1,3}$/

function questionProblems(q: QuestionValues, i: number, out: Problems): void {
  const p = textProblem(q.question, 1, DRAFT_LIMITS.question)
  if (p) out[`q${i}.question`] = p
  const answers = answersOf(q.answers)
  if (answers.length === 0) out[`q${i}.answers`] = { key: 'noAnswers' }
  else if (answers.length > DRAFT_LIMITS.answers) out[`q${i}.answers`] = { key: 'tooManyAnswers', values: { max: DRAFT_LIMITS.answers } }
  else {
    const long = answers.find((a) => a.length > DRAFT_LIMITS.answer || CONTROL_OR_FORMAT.test(a))
    const twice = answers.find((a, j) => answers.indexOf(a) !== j)
    if (long !== undefined) out[`q${i}.answers`] = { key: 'answerBad', values: { answer: long.slice(0, 40), max: DRAFT_LIMITS.answer } }
    else if (twice !== undefined) out[`q${i}.answers`] = { key: 'answerTwice', values: { answer: twice } }
  }
  const min = WHOLE.test(q.min.trim()) ? Number(q.min) : null
  const max = WHOLE.test(q.max.trim()) ? Number(q.max) : null
  if (min === null) out[`q${i}.min`] = { key: 'wholeNumber' }
  if (max === null || max < 1) out[`q${i}.max`] = { key: 'maxAtLeastOne' }
  else if (answers.length > 0 && max > answers.length) out[`q${i}.max`] = { key: 'maxAboveAnswers', values: { count: answers.length } }
  if (min !== null && max !== null && min > max) out[`q${i}.min`] = { key: 'minAboveMax' }
}

/** Every problem of the draft, by field; empty when it can be signed. `now`: to refuse an opening in the past. */
export function checkDraft(v: DraftValues, now: number): Problems {
  const out: Problems = {}
  const name = textProblem(v.name, 1, DRAFT_LIMITS.name)
  if (name) out['name'] = name
  const description = textProblem(v.description, 0, DRAFT_LIMITS.description)
  if (description) out['description'] = description
  if (v.questions.length === 0) out['questions'] = { key: 'noQuestions' }
  else if (v.questions.length > DRAFT_LIMITS.questions) out['questions'] = { key: 'tooManyQuestions', values: { max: DRAFT_LIMITS.questions } }
  v.questions.forEach((q, i) => questionProblems(q, i, out))
  if (v.voters === null || !/^[0-9a-f]{64}$/.test(v.votersHash)) out['voters'] = { key: 'noVoterList' }
  else if (v.voters < 1 || v.voters > DRAFT_LIMITS.voters) out['voters'] = { key: 'votersCount', values: { max: DRAFT_LIMITS.voters } }
  const opens = parseLocalTime(v.opens)
  const closes = parseLocalTime(v.closes)
  if (opens === null) out['opens'] = { key: 'time' }
  else if (opens < now) out['opens'] = { key: 'opensPast' }
  if (closes === null) out['closes'] = { key: 'time' }
  else if (opens !== null && closes <= opens) out['closes'] = { key: 'closesBeforeOpens' }
  else if (opens !== null && closes - opens > DRAFT_LIMITS.maxOpenDays * 86_400_000) out['closes'] = { key: 'openTooLong', values: { days: DRAFT_LIMITS.maxOpenDays } }
  if (v.trustees.length === 0) out['trustees'] = { key: 'noTrustees' }
  else if (v.trustees.length > DRAFT_LIMITS.trustees) out['trustees'] = { key: 'tooManyTrustees', values: { max: DRAFT_LIMITS.trustees } }
  else if (new Set(v.trustees).size !== v.trustees.length) out['trustees'] = { key: 'trusteeTwice' }
  const threshold = /^\d{1,2}$/.test(v.threshold.trim()) ? Number(v.threshold) : null
  if (threshold === null || threshold < 1) out['threshold'] = { key: 'thresholdAtLeastOne' }
  else if (v.trustees.length > 0 && threshold > v.trustees.length) out['threshold'] = { key: 'thresholdAboveTrustees', values: { count: v.trustees.length } }
  if (v.credentialAuthority === '') out['credentialAuthority'] = { key: 'noAuthority' }
  else if (v.trustees.includes(v.credentialAuthority)) out['credentialAuthority'] = { key: 'authorityIsTrustee' }
  return out
}

/**
 * The payload to sign, or null while the draft has a problem: parsed with the registry's own schema before anything
 * is signed, so the form never signs what the node would refuse for its shape.
 */
export function buildDraft(v: DraftValues, now: number): DraftPayload | null {
  if (Object.keys(checkDraft(v, now)).length > 0) return null
  const payload: DraftPayload = {
    name: v.name.trim(),
    description: v.description.trim(),
    questions: v.questions.map((q) => ({
      question: q.question.trim(),
      answers: answersOf(q.answers),
      min: Number(q.min),
      max: Number(q.max),
      ...(q.blank ? { blank: true } : {}),
    })),
    voters: v.voters!,
    votersHash: v.votersHash,
    opens: parseLocalTime(v.opens)!,
    closes: parseLocalTime(v.closes)!,
    trustees: [...v.trustees],
    threshold: Number(v.threshold),
    credentialAuthority: v.credentialAuthority,
  }
  return DraftSchema.safeParse(payload).success ? payload : null
}

export interface VoterList {
  voters: number
  votersHash: string
  /** hex, 16 random bytes: kept by the officials with the list; without it the hash cannot be checked */
  salt: string
}

/** Reads a voter list (one voter a line; blank lines ignored) into its count and salted hash. */
export function hashVoterList(text: string, salt: Uint8Array): VoterList {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  const saltHex = bytesToHex(salt)
  const votersHash = bytesToHex(sha256(utf8ToBytes(`${saltHex}\n${lines.join('\n')}\n`)))
  return { voters: lines.length, votersHash, salt: saltHex }
}
