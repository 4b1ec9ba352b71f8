/**
 * What the voting rules share (docs/adr/0048): the error of a code, reading an election and checking who acts for
 * which agency. Every rule reads and checks everything first and writes only at its end, so a refusal changes nothing.
 */
import { DaejangError } from '../../../shared/errors'
import type { StateReader } from '../../state/view'
import { VOTING_ERRORS, type VotingErrorCode } from './portable/errors'
import { electionKey } from './portable/keys'
import type { ElectionHead, Stage } from './portable/schema'

export const vErr = (code: VotingErrorCode, detail?: string, details?: Record<string, unknown>): DaejangError =>
  new DaejangError(code, detail === undefined ? VOTING_ERRORS[code].message : `${VOTING_ERRORS[code].message} (${detail})`, details)

export async function readElection(state: StateReader, uuid: string): Promise<ElectionHead | undefined> {
  return (await state.get(electionKey(uuid))) as unknown as ElectionHead | undefined
}

export async function requireElection(state: StateReader, uuid: string): Promise<ElectionHead> {
  const h = await readElection(state, uuid)
  if (h === undefined) throw vErr('VOTING_UNKNOWN_ELECTION', uuid, { election: uuid })
  return h
}

export function requireStage(h: ElectionHead, ...stages: Stage[]): void {
  if (!stages.includes(h.stage)) throw vErr('VOTING_PHASE', `the election is at ${h.stage}; this step needs ${stages.join(' or ')}`, { election: h.uuid, stage: h.stage })
}

/** The signer is an election official of the agency that drafted the election. */
export function requireOfficial(h: ElectionHead, actingFor: readonly string[]): void {
  if (!actingFor.includes(h.agency)) throw vErr('VOTING_NOT_OFFICIAL', `election ${h.uuid} is run by agency ${h.agency}`, { election: h.uuid, agency: h.agency })
}

/** The trustee agency the signer acts for in this election (the first named one it holds the role for). */
export function requireTrusteeAgency(h: ElectionHead, actingFor: readonly string[]): string {
  const agency = h.draft.trustees.find((a) => actingFor.includes(a))
  if (agency === undefined) throw vErr('VOTING_NOT_TRUSTEE', `the trustee agencies are ${h.draft.trustees.join(', ')}`, { election: h.uuid })
  return agency
}

/** A copy of the head with changes (heads read from state are shared: never mutated). */
export const withHead = (h: ElectionHead, change: Partial<ElectionHead>): ElectionHead => ({ ...h, ...change })
