/**
 * What the election screens read of the voting register (the node's read routes below /api/v1/voting/, docs/adr/
 * 0048; shapes in registries/voting/portable/dto.ts), parsed with schemas of their own: what the screens show
 * checked, the rest passed through.
 *
 *   GET /voting/elections          the elections: name, agency, phase, dates, voters, ballots
 *   GET /voting/elections/:uuid    one election: draft, phase, each trustee agency's progress, credentials, ballots
 */
import { z } from 'zod'
import { ApiError, type ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'
import { CEREMONY_STEPS, PHASES, type CeremonyStep, type Phase } from '../../../ledger/registries/voting/portable/schema'

export { CEREMONY_STEPS, type CeremonyStep, type Phase }

const enc = encodeURIComponent
const PhaseDto = z.enum(PHASES)
const StepDto = z.enum(CEREMONY_STEPS)

export const ElectionSummaryDto = z
  .object({
    uuid: z.string(),
    name: z.string(),
    agency: z.string(),
    phase: PhaseDto,
    opens: z.number(),
    closes: z.number(),
    voters: z.number().int(),
    ballots: z.number().int(),
  })
  .passthrough()
export type ElectionSummaryDto = z.infer<typeof ElectionSummaryDto>

const QuestionDto = z
  .object({
    question: z.string(),
    answers: z.array(z.string()),
    min: z.number().int(),
    max: z.number().int(),
    blank: z.boolean().optional(),
  })
  .passthrough()

const TrusteeProgressDto = z
  .object({
    agency: z.string(),
    index: z.number().int(),
    done: z.array(StepDto),
    next: StepDto.nullable(),
    waiting: z.boolean(),
    decrypted: z.boolean().default(false),
  })
  .passthrough()

export const ElectionDto = z
  .object({
    uuid: z.string(),
    draft: z
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
      .passthrough(),
    agency: z.string(),
    phase: PhaseDto,
    draftedAt: z.number(),
    openedAt: z.number().nullable(),
    closedAt: z.number().nullable(),
    trustees: z.array(TrusteeProgressDto),
    credentials: z.object({ published: z.number().int(), parts: z.number().int(), expected: z.number().int(), sealed: z.boolean(), hash: z.string().nullable() }).passthrough(),
    ballots: z.number().int(),
  })
  .passthrough()
export type ElectionDto = z.infer<typeof ElectionDto>

export interface TrusteeProgress {
  agency: string
  /** the steps it took */
  done: CeremonyStep[]
  /** its next step, or null when it took them all */
  next: CeremonyStep | null
  /** the agencies whose step before it its next step waits for (a polynomial needs every certificate, a voutput every polynomial) */
  waitsFor: string[]
}

/** Each trustee agency's progress in the ceremony, with the agencies its next step waits for, by name. */
export function ceremonyProgress(e: Pick<ElectionDto, 'trustees'>): TrusteeProgress[] {
  return e.trustees.map((p) => {
    const before = p.next === null ? undefined : CEREMONY_STEPS[CEREMONY_STEPS.indexOf(p.next) - 1]
    const waitsFor = before === undefined ? [] : e.trustees.filter((o) => !o.done.includes(before)).map((o) => o.agency)
    return { agency: p.agency, done: p.done, next: p.next, waitsFor }
  })
}

const isNotFound = (e: unknown): boolean => e instanceof ApiError && (e.status === 404 || e.code === 'NOT_FOUND' || (e.code as string | undefined) === 'VOTING_UNKNOWN_ELECTION')

export async function listElections(client: ApiClient): Promise<ElectionSummaryDto[]> {
  const body = await client.request('GET', '/voting/elections')
  return parseAnswer(z.object({ elections: z.array(ElectionSummaryDto) }).passthrough(), body, 'elections').elections
}

/** One election by its uuid, or null when there is none under it. */
export async function getElection(client: ApiClient, uuid: string): Promise<ElectionDto | null> {
  try {
    return parseAnswer(ElectionDto, await client.request('GET', `/voting/elections/${enc(uuid)}`), 'election')
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

export const BoardEntryDto = z.object({ seq: z.number().int(), tracker: z.string(), hash: z.string(), replaced: z.boolean() }).passthrough()
export type BoardEntryDto = z.infer<typeof BoardEntryDto>
const BoardDto = z.object({ ballots: z.number().int(), counted: z.number().int(), entries: z.array(BoardEntryDto), more: z.boolean() }).passthrough()
export type BoardDto = z.infer<typeof BoardDto>

/** A page of the public board: ballots in the ledger's order from `from` (1-based), each by its tracker. */
export async function getBoard(client: ApiClient, uuid: string, from = 1, limit = 1000): Promise<BoardDto> {
  return parseAnswer(BoardDto, await client.request('GET', `/voting/elections/${enc(uuid)}/board?from=${from}&limit=${limit}`), 'board')
}

/** The committed result's Belenios text (the screen reads it against the questions, result.ts). */
export async function getResultText(client: ApiClient, uuid: string): Promise<string> {
  return parseAnswer(z.object({ text: z.string() }).passthrough(), await client.request('GET', `/voting/elections/${enc(uuid)}/result`), 'result').text
}

/** The entries whose tracker is the one typed (blanks around it ignored; trackers are case-sensitive Base64). */
export function findTracker(entries: readonly BoardEntryDto[], typed: string): BoardEntryDto[] {
  const t = typed.trim()
  return t === '' ? [] : entries.filter((e) => e.tracker === t)
}
