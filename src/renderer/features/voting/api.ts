/**
 * What the election screens read of the voting register (the node's read routes below /api/v1/voting/, docs/adr/
 * 0048), parsed with schemas of their own: what the screens show checked, the rest passed through.
 *
 *   GET /voting/elections          the elections, newest first, each with its head
 *   GET /voting/elections/:uuid    one election's head: draft, stage, ceremony, credentials, ballots
 */
import { z } from 'zod'
import { ApiError, type ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'
import { CEREMONY_STEPS, type CeremonyStep, type Phase } from '../../../ledger/registries/voting/portable/schema'

const enc = encodeURIComponent

export { CEREMONY_STEPS, type CeremonyStep, type Phase }

const QuestionDto = z
  .object({
    question: z.string(),
    answers: z.array(z.string()),
    min: z.number().int(),
    max: z.number().int(),
    blank: z.boolean().optional(),
  })
  .passthrough()

const DraftDto = z
  .object({
    name: z.string(),
    description: z.string().default(''),
    questions: z.array(QuestionDto),
    voters: z.number().int(),
    opens: z.number(),
    closes: z.number(),
    trustees: z.array(z.string()),
    threshold: z.number().int(),
    credentialAuthority: z.string(),
  })
  .passthrough()

const Steps = z.array(z.string()).default([])

export const ElectionDto = z
  .object({
    uuid: z.string(),
    draft: DraftDto,
    agency: z.string().default(''),
    draftedAt: z.number().default(0),
    stage: z.enum(['setup', 'open', 'closed', 'decrypting', 'result']),
    ceremony: z.object({ cert: Steps, polynomial: Steps, voutput: Steps }).passthrough(),
    credentials: z
      .object({ parts: z.number().int().default(0), count: z.number().int().default(0), sealed: z.string().nullable().default(null) })
      .passthrough()
      .default({ parts: 0, count: 0, sealed: null }),
    ballots: z.number().int().default(0),
    openedAt: z.number().nullable().default(null),
    closedAt: z.number().nullable().default(null),
    /** the Belenios result text, once committed */
    result: z.string().nullable().default(null),
  })
  .passthrough()
export type ElectionDto = z.infer<typeof ElectionDto>

/** The phase in the words of docs/adr/0048's state machine (the registry's phaseOf, on what the node answered). */
export function phaseOf(e: Pick<ElectionDto, 'stage' | 'ceremony' | 'draft'>): Phase {
  if (e.stage !== 'setup') return e.stage
  if (e.ceremony.voutput.length === e.draft.trustees.length) return 'credentials'
  return CEREMONY_STEPS.some((s) => e.ceremony[s].length > 0) ? 'ceremony' : 'draft'
}

export interface TrusteeProgress {
  agency: string
  /** the steps it took */
  done: CeremonyStep[]
  /** its next step, or null when it took them all */
  next: CeremonyStep | null
  /** its next step waits for other agencies (a polynomial needs every certificate, a voutput every polynomial) */
  waitsFor: string[]
}

/**
 * Each trustee agency's progress in the ceremony: the steps it took, its next one, and whom that step waits for (the
 * Pedersen rounds: a polynomial is made from every trustee's certificate, a voutput from every polynomial).
 */
export function ceremonyProgress(e: Pick<ElectionDto, 'ceremony' | 'draft'>): TrusteeProgress[] {
  return e.draft.trustees.map((agency) => {
    const done = CEREMONY_STEPS.filter((s) => e.ceremony[s].includes(agency))
    const next = CEREMONY_STEPS.find((s) => !e.ceremony[s].includes(agency)) ?? null
    const before = next === null ? null : CEREMONY_STEPS[CEREMONY_STEPS.indexOf(next) - 1]
    const waitsFor = before === undefined || before === null ? [] : e.draft.trustees.filter((a) => !e.ceremony[before].includes(a))
    return { agency, done, next, waitsFor }
  })
}

const isNotFound = (e: unknown): boolean => e instanceof ApiError && (e.status === 404 || e.code === 'NOT_FOUND' || (e.code as string | undefined) === 'VOTING_UNKNOWN_ELECTION')

export async function listElections(client: ApiClient): Promise<ElectionDto[]> {
  const body = await client.request('GET', '/voting/elections')
  return parseAnswer(z.object({ elections: z.array(ElectionDto) }).passthrough(), body, 'elections').elections
}

/** One election by its uuid, or null when there is none under it. */
export async function getElection(client: ApiClient, uuid: string): Promise<ElectionDto | null> {
  try {
    const body = await client.request('GET', `/voting/elections/${enc(uuid)}`)
    return parseAnswer(z.object({ election: ElectionDto }).passthrough(), body, 'election').election
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}
