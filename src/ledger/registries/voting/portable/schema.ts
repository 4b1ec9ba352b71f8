/**
 * The voting registry's payloads and stored records (docs/adr/0048). Portable: the node, the app's forms and the CLI
 * parse with this file. Times are instants (ms since the epoch); the rules compare them with the block's time.
 * Every Belenios message travels as its exact text (a string) and is parsed by the rules, never re-serialised.
 */
import { z } from 'zod'
import { agencyId } from '../../identity/portable/schema'
import { UUID_SHAPE } from './base58'

/** no control characters, no invisible format characters, and in NFC */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u
const plain = (s: string): boolean => !CONTROL_OR_FORMAT.test(s) && s === s.normalize('NFC')
const PLAIN = { message: 'text must be in NFC, without control or invisible format characters' }
const text = (min: number, max: number) => z.string().trim().min(min).max(max).refine(plain, PLAIN)
const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 32 bytes of lowercase hex')

/** the bounds the rules and the forms share */
export const VOTING_LIMITS = {
  name: 200,
  description: 2000,
  questions: 10,
  answers: 50,
  question: 500,
  answer: 200,
  trustees: 10,
  /** voters of one election: a national election is ~44M */
  voters: 50_000_000,
  /** public credentials in one publish transaction */
  credentialsPerPart: 5000,
  /** a ceremony message, a partial decryption, a result (a polynomial carries one encrypted share per trustee) */
  messageBytes: 256 * 1024,
  /** a ballot of 10 questions × 50 answers with its proofs stays well below */
  ballotBytes: 512 * 1024,
  /** the longest an election may stay open */
  maxOpenMs: 90 * 86_400_000,
} as const

export const electionUuid = z.string().regex(UUID_SHAPE, 'an election is named by its uuid: Base58, at least 14 characters')
/** a Belenios point of Ed25519 as the specification writes it: 64 hexadecimal characters */
export const publicCredential = z.string().regex(/^[0-9a-f]{64}$/, 'a public credential is a point: 64 lowercase hexadecimal characters')

export const QuestionSchema = z
  .object({
    question: text(1, VOTING_LIMITS.question),
    answers: z.array(text(1, VOTING_LIMITS.answer)).min(1).max(VOTING_LIMITS.answers),
    min: z.number().int().min(0).max(VOTING_LIMITS.answers),
    max: z.number().int().min(1).max(VOTING_LIMITS.answers),
    blank: z.boolean().optional(),
  })
  .strict()
  .refine((q) => q.min <= q.max, { message: 'min must not be above max', path: ['min'] })
  .refine((q) => q.max <= q.answers.length, { message: 'max must not be above the number of answers', path: ['max'] })
  .refine((q) => new Set(q.answers).size === q.answers.length, { message: 'an answer is listed twice', path: ['answers'] })
export type Question = z.infer<typeof QuestionSchema>

export const DraftSchema = z
  .object({
    name: text(1, VOTING_LIMITS.name),
    description: text(0, VOTING_LIMITS.description),
    questions: z.array(QuestionSchema).min(1).max(VOTING_LIMITS.questions),
    /** how many voters the list holds (the identities stay with the officials) */
    voters: z.number().int().min(1).max(VOTING_LIMITS.voters),
    /** SHA-256 of the salted voter list the officials keep */
    votersHash: hex32,
    opens: z.number().int().min(0),
    closes: z.number().int().min(0),
    /** the trustee agencies, in the order of the Pedersen protocol (trustee 1, 2, …) */
    trustees: z.array(agencyId).min(1).max(VOTING_LIMITS.trustees),
    /** t+1: how many trustees decrypt together */
    threshold: z.number().int().min(1).max(VOTING_LIMITS.trustees),
    credentialAuthority: agencyId,
  })
  .strict()
  .refine((d) => d.closes > d.opens, { message: 'the election must close after it opens', path: ['closes'] })
  .refine((d) => d.closes - d.opens <= VOTING_LIMITS.maxOpenMs, { message: 'an election stays open at most 90 days', path: ['closes'] })
  .refine((d) => new Set(d.trustees).size === d.trustees.length, { message: 'a trustee agency is named twice', path: ['trustees'] })
  .refine((d) => d.threshold <= d.trustees.length, { message: 'the threshold must not exceed the number of trustee agencies', path: ['threshold'] })
  .refine((d) => !d.trustees.includes(d.credentialAuthority), { message: 'the credential authority may not be a trustee agency', path: ['credentialAuthority'] })
export type Draft = z.infer<typeof DraftSchema>

const message = (max: number) => z.string().min(2).max(max)

/** a trustee's step of the Pedersen key ceremony, or its partial decryption: the Belenios message as text */
export const TrusteeMessageSchema = z.object({ election: electionUuid, message: message(VOTING_LIMITS.messageBytes) }).strict()
export type TrusteeMessage = z.infer<typeof TrusteeMessageSchema>

export const CredentialsPublishSchema = z
  .object({
    election: electionUuid,
    /** 1, 2, … in order */
    part: z.number().int().min(1).max(Math.ceil(VOTING_LIMITS.voters / 1000)),
    /** sorted, each above the last of the part before (so the whole list is sorted and distinct) */
    credentials: z.array(publicCredential).min(1).max(VOTING_LIMITS.credentialsPerPart),
  })
  .strict()
export type CredentialsPublish = z.infer<typeof CredentialsPublishSchema>

export const CredentialsSealSchema = z
  .object({
    election: electionUuid,
    count: z.number().int().min(1).max(VOTING_LIMITS.voters),
    /** SHA-256 of the `public_credentials` text (the JSON list, compact) */
    hash: hex32,
  })
  .strict()
export type CredentialsSeal = z.infer<typeof CredentialsSealSchema>

export const ElectionActSchema = z.object({ election: electionUuid }).strict()
export type ElectionAct = z.infer<typeof ElectionActSchema>

export const BallotSchema = z.object({ election: electionUuid, ballot: message(VOTING_LIMITS.ballotBytes) }).strict()
export type BallotPayload = z.infer<typeof BallotSchema>

export const ResultSchema = z.object({ election: electionUuid, result: message(VOTING_LIMITS.messageBytes) }).strict()
export type ResultPayload = z.infer<typeof ResultSchema>

// ---------------------------------------------------------------------------------------------- records

/** The steps of the Pedersen ceremony a trustee agency takes, in order. */
export const CEREMONY_STEPS = ['cert', 'polynomial', 'voutput'] as const
export type CeremonyStep = (typeof CEREMONY_STEPS)[number]

/** Where an election stands (stored: setup, open, closed, decrypting, result; draft/ceremony/credentials derive from setup). */
export const PHASES = ['draft', 'ceremony', 'credentials', 'open', 'closed', 'decrypting', 'result'] as const
export type Phase = (typeof PHASES)[number]
export type Stage = 'setup' | 'open' | 'closed' | 'decrypting' | 'result'

export interface ElectionHead {
  [k: string]: unknown
  uuid: string
  draft: Draft
  /** the agency of the official who drafted it: its officials open, close and submit the result */
  agency: string
  draftedAt: number
  stage: Stage
  /** per step, the trustee agencies that took it */
  ceremony: Record<CeremonyStep, string[]>
  credentials: { parts: number; count: number; last: string | null; sealed: string | null }
  ballots: number
  openedAt: number | null
  closedAt: number | null
}

/** The phase of an election, in the words of docs/adr/0048's state machine. */
export function phaseOf(h: Pick<ElectionHead, 'stage' | 'ceremony' | 'draft'>): Phase {
  if (h.stage !== 'setup') return h.stage
  const n = h.draft.trustees.length
  if (h.ceremony.voutput.length === n) return 'credentials'
  const started = CEREMONY_STEPS.some((s) => h.ceremony[s].length > 0)
  return started ? 'ceremony' : 'draft'
}

/** The step a trustee agency takes next, or null when it has taken all. */
export function nextStep(h: Pick<ElectionHead, 'ceremony'>, agency: string): CeremonyStep | null {
  return CEREMONY_STEPS.find((s) => !h.ceremony[s].includes(agency)) ?? null
}
