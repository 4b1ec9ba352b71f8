/** Read models of the governance registry, over committed state. */
import type { ProposalDto, ValidatorSetDto } from '../../../shared/api'
import { toHex } from '../../codec/bytes'
import type { AgencyValidator, ValidatorHistory } from '../../types/validator-sets'
import type { CommittedReader } from '../types'
import { AGENCY_PREFIX } from '../identity/state-keys'
import { describeChange } from './change'
import { PROPOSAL_PREFIX, proposalKey } from './state-keys'
import { statusAt } from '../../state/workflow'
import { PROPOSALS, lastApprovalHeight } from './rules'
import type { ProposalRecord } from './portable/schema'

const validatorDto = (v: AgencyValidator): { publicKey: string; power: number; agency: string } => ({
  publicKey: toHex(v.publicKey),
  power: v.power,
  agency: v.agency,
})
const total = (vs: readonly AgencyValidator[]): number => vs.reduce((a, v) => a + v.power, 0)

/**
 * `head`: the last committed height; the set that matters for approvals is the one of the next block. `members`: the
 * member agencies (a removed agency's approvals add no power, as in rules.ts).
 */
export function proposalDto(r: ProposalRecord, history: ValidatorHistory, head: number, members: ReadonlySet<string>): ProposalDto {
  const set = history.at(head + 1).validators
  const approvers = new Set(r.approvals.map((a) => a.agency).filter((a) => members.has(a)))
  return {
    id: r.id,
    change: r.change,
    summary: describeChange(r.change),
    effectiveHeight: r.effectiveHeight,
    note: r.note,
    proposer: r.proposer,
    proposedAt: r.proposedAt,
    proposedTime: r.proposedTime,
    approvals: r.approvals.map((a) => ({ agency: a.agency, by: a.by, height: a.height })),
    status: statusAt(PROPOSALS, r, head + 1),
    approvedAt: r.approvedAt,
    approvedPower: set.filter((v) => approvers.has(v.agency)).reduce((a, v) => a + v.power, 0),
    totalPower: total(set),
    lastApprovalHeight: lastApprovalHeight(r.effectiveHeight),
  }
}

/** Proposals, newest first. */
export async function listProposals(store: CommittedReader, history: ValidatorHistory, head: number, limit = 500): Promise<ProposalDto[]> {
  const out: ProposalDto[] = []
  const members = await memberAgencies(store)
  for await (const [, v] of store.scanState(PROPOSAL_PREFIX, 100_000)) out.push(proposalDto(v as unknown as ProposalRecord, history, head, members))
  out.sort((a, b) => b.proposedAt - a.proposedAt || (a.id < b.id ? -1 : 1))
  return out.slice(0, limit)
}

export async function getProposal(store: CommittedReader, id: string, history: ValidatorHistory, head: number): Promise<ProposalDto | null> {
  const v = await store.get(proposalKey(id))
  return v ? proposalDto(v as unknown as ProposalRecord, history, head, await memberAgencies(store)) : null
}

async function memberAgencies(store: CommittedReader): Promise<Set<string>> {
  const out = new Set<string>()
  for await (const [k] of store.scanState(AGENCY_PREFIX, 100_000)) out.add(k.slice(AGENCY_PREFIX.length))
  return out
}

export function validatorSetDto(history: ValidatorHistory, height: number): ValidatorSetDto {
  const i = history.indexAt(height)
  const e = history.entries[i]!
  return {
    height,
    fromHeight: e.fromHeight,
    totalPower: total(e.validators),
    validators: e.validators.map(validatorDto),
    scheduled: history.entries.slice(i + 1).map((s) => ({
      fromHeight: s.fromHeight,
      totalPower: total(s.validators),
      validators: s.validators.map(validatorDto),
    })),
  }
}
