/**
 * Reading elections from committed state (docs/adr/0048, "State"): the list, one election with its phase and the
 * ceremony's progress per trustee agency, the credential list's state. Shared by the routes and the tests.
 */
import type { StateReader } from '../../state/view'
import type { CommittedReader } from '../types'
import type { BoardDto, BoardEntryDto, ElectionDto, ElectionSummaryDto, ResultDto, TrusteeProgressDto } from './portable/dto'
import { ELECTION_INDEX_PREFIX, ballotSeqKey, lastBallotKey, partialKey, resultKey, tallyKey } from './portable/keys'
import { CEREMONY_STEPS, type CeremonyStep, type ElectionHead, nextStep, phaseOf } from './portable/schema'
import { readElection } from './rules-common'

/** Whether a step waits for the other agencies: a polynomial waits for every certificate, a voutput for every polynomial. */
export function stepWaits(h: ElectionHead, step: CeremonyStep): boolean {
  const i = CEREMONY_STEPS.indexOf(step)
  return i > 0 && h.ceremony[CEREMONY_STEPS[i - 1]!].length < h.draft.trustees.length
}

export async function trusteeProgress(state: StateReader, h: ElectionHead): Promise<TrusteeProgressDto[]> {
  return Promise.all(
    h.draft.trustees.map(async (agency, i) => {
      const next = nextStep(h, agency)
      return {
        agency,
        index: i + 1,
        done: CEREMONY_STEPS.filter((s) => h.ceremony[s].includes(agency)),
        next,
        waiting: next !== null && stepWaits(h, next),
        decrypted: h.stage !== 'setup' && h.stage !== 'open' && (await state.get(partialKey(h.uuid, agency))) !== undefined,
      }
    }),
  )
}

export const summaryOf = (h: ElectionHead): ElectionSummaryDto => ({
  uuid: h.uuid,
  name: h.draft.name,
  agency: h.agency,
  phase: phaseOf(h),
  opens: h.draft.opens,
  closes: h.draft.closes,
  voters: h.draft.voters,
  ballots: h.ballots,
})

export async function readElectionDto(state: StateReader, uuid: string, height: number): Promise<ElectionDto | null> {
  const h = await readElection(state, uuid)
  if (h === undefined) return null
  return {
    uuid: h.uuid,
    draft: h.draft,
    agency: h.agency,
    phase: phaseOf(h),
    draftedAt: h.draftedAt,
    openedAt: h.openedAt,
    closedAt: h.closedAt,
    trustees: await trusteeProgress(state, h),
    credentials: { published: h.credentials.count, parts: h.credentials.parts, expected: h.draft.voters, sealed: h.credentials.sealed !== null, hash: h.credentials.sealed },
    ballots: h.ballots,
    height,
  }
}

/** Elections in uuid order, at most `limit`. */
export async function listElections(state: CommittedReader, limit: number): Promise<{ elections: ElectionSummaryDto[]; more: boolean }> {
  const uuids: string[] = []
  for await (const [k] of state.scanState(ELECTION_INDEX_PREFIX, limit + 1)) uuids.push(k.slice(ELECTION_INDEX_PREFIX.length))
  const heads = await Promise.all(uuids.slice(0, limit).map((u) => readElection(state, u)))
  return { elections: heads.filter((h): h is ElectionHead => h !== undefined).map(summaryOf), more: uuids.length > limit }
}

/** The board: ballots in commit order from `from` (1-based), their trackers, the replaced ones marked. */
export async function readBoard(state: StateReader, h: ElectionHead, from: number, limit: number): Promise<Omit<BoardDto, 'height'>> {
  const entries: BoardEntryDto[] = []
  const last = Math.min(h.ballots, from + limit - 1)
  for (let seq = from; seq <= last; seq++) {
    const v = (await state.get(ballotSeqKey(h.uuid, seq))) as unknown as { hash: string; tracker: string; credential: string }
    const current = (await state.get(lastBallotKey(h.uuid, v.credential))) as string | undefined
    entries.push({ seq, tracker: v.tracker, hash: v.hash, replaced: current !== v.hash })
  }
  const tally = (await state.get(tallyKey(h.uuid))) as unknown as { numTallied: number } | undefined
  return { uuid: h.uuid, ballots: h.ballots, counted: tally?.numTallied ?? 0, entries, more: last < h.ballots }
}

/** The result, read per question: a blank-allowed question's first count is the blank votes. */
export async function readResult(state: StateReader, h: ElectionHead): Promise<Omit<ResultDto, 'height'> | null> {
  const text = (await state.get(resultKey(h.uuid))) as string | undefined
  if (text === undefined) return null
  const rows = (JSON.parse(text) as { result: Array<Array<number | string>> }).result.map((r) => r.map(Number))
  const tally = (await state.get(tallyKey(h.uuid))) as unknown as { numTallied: number }
  return {
    uuid: h.uuid,
    questions: h.draft.questions.map((q, i) => {
      const row = rows[i] ?? []
      const blank = q.blank === true
      return { question: q.question, blank, answers: q.answers, counts: blank ? row.slice(1) : row, blankCount: blank ? (row[0] ?? 0) : null }
    }),
    counted: tally.numTallied,
    text,
  }
}
