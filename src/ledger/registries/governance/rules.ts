/**
 * Governance of the consortium (docs/adr/0013): an administrator proposes a change of membership or of the
 * validator set; administrators of agencies holding more than 2/3 of the current voting power approve it; the new
 * validator set takes effect at the proposal's effective height, which is at least ACTIVATION_DELAY blocks after the
 * approving block, so every node knows the set of a height before it works on that height.
 *
 * Membership (agency records, administrator keys) changes when the proposal is approved; the validator set at the
 * effective height. Changes are scheduled in order: a proposal whose effective height is before an already
 * scheduled change cannot be approved (propose it again with a later height).
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import { fromHex, toHex } from '../../codec/bytes'
import type { Genesis } from '../../types/genesis'
import {
  ACTIVATION_DELAY,
  type AgencyValidator,
  VALIDATOR_SETS_KEY,
  ValidatorHistory,
  type ValidatorSetEntry,
  entriesFromCanonical,
  entriesToCanonical,
  genesisAgencyValidators,
  sortValidators,
} from '../../types/validator-sets'
import type { StateReader, StateView } from '../../state/view'
import { type Parties, type Workflow, openAct, stepsOf, takeStep, withdrawAct } from '../../state/workflow'
import { adminKey, agencyKey } from '../identity/state-keys'
import type { AgencyRecord } from '../identity/portable/schema'
import type { TxContext } from '../types'
import { proposalKey, removedAgencyKey } from './state-keys'
import {
  type Change,
  MAX_SCHEDULE_AHEAD,
  MAX_VALIDATORS,
  type ProposalApprove,
  type ProposalRecord,
  type ProposalSubmit,
  type ProposalWithdraw,
} from './portable/schema'

const violation = (msg: string): DaejangError => new DaejangError('RULE_VIOLATION', msg)

export async function validatorHistory(state: StateReader, genesis: Genesis): Promise<ValidatorHistory> {
  const entries = entriesFromCanonical(await state.get(VALIDATOR_SETS_KEY))
  return new ValidatorHistory(entries ?? [{ fromHeight: 1, validators: genesisAgencyValidators(genesis) }])
}

async function agencyRecord(state: StateReader, id: string): Promise<AgencyRecord | null> {
  const v = await state.get(agencyKey(id))
  return v ? (v as unknown as AgencyRecord) : null
}

/** The validators after `change`, checked against the membership as it stands. */
async function applyChange(state: StateReader, change: Change, current: readonly AgencyValidator[]): Promise<AgencyValidator[]> {
  const keyTaken = (pk: string, except: string): boolean =>
    current.some((v) => toHex(v.publicKey) === pk && v.agency !== except)
  let next: AgencyValidator[]
  switch (change.kind) {
    case 'agency.admit': {
      const a = change.agency
      if (await agencyRecord(state, a.id)) throw violation(`agency "${a.id}" is already a member`)
      if ((await state.get(removedAgencyKey(a.id))) !== undefined) throw violation(`agency id "${a.id}" belonged to a removed agency`)
      if (a.validator && keyTaken(a.validator.publicKey, a.id)) throw violation('that validator key is already in the validator set')
      next = a.validator ? [...current, { publicKey: fromHex(a.validator.publicKey), power: a.validator.power, agency: a.id }] : [...current]
      break
    }
    case 'agency.remove': {
      if (!(await agencyRecord(state, change.agency))) throw violation(`unknown agency "${change.agency}"`)
      next = current.filter((v) => v.agency !== change.agency)
      break
    }
    case 'validator.set': {
      if (!(await agencyRecord(state, change.agency))) throw violation(`unknown agency "${change.agency}"`)
      const v = change.validator
      if (v && keyTaken(v.publicKey, change.agency)) throw violation('that validator key belongs to another agency')
      next = current.filter((x) => x.agency !== change.agency)
      if (v) next.push({ publicKey: fromHex(v.publicKey), power: v.power, agency: change.agency })
      break
    }
  }
  if (next.length === 0) throw violation('the change would leave the consortium without validators')
  if (next.length > MAX_VALIDATORS) throw violation(`at most ${MAX_VALIDATORS} validators`)
  return sortValidators(next)
}

/** The membership side of a change, at approval. */
async function applyMembership(state: StateView, change: Change, height: number): Promise<void> {
  const setAdmins = async (pk: string, edit: (ids: string[]) => string[]): Promise<void> => {
    const v = await state.get(adminKey(pk))
    const ids = edit(Array.isArray(v) ? (v as string[]) : []).sort()
    if (ids.length === 0) state.del(adminKey(pk))
    else state.put(adminKey(pk), ids)
  }
  switch (change.kind) {
    case 'agency.admit': {
      const a = change.agency
      const rec: AgencyRecord = { id: a.id, name: a.name, validator: a.validator, admins: a.admins }
      state.put(agencyKey(a.id), rec as unknown as Canonical)
      for (const pk of a.admins) await setAdmins(pk, (ids) => [...new Set([...ids, a.id])])
      return
    }
    case 'agency.remove': {
      const rec = (await agencyRecord(state, change.agency))!
      for (const pk of rec.admins) await setAdmins(pk, (ids) => ids.filter((x) => x !== change.agency))
      state.del(agencyKey(change.agency))
      state.put(removedAgencyKey(change.agency), height)
      return
    }
    case 'validator.set': {
      const rec = (await agencyRecord(state, change.agency))!
      state.put(agencyKey(change.agency), { ...rec, validator: change.validator } as unknown as Canonical)
      return
    }
  }
}

/** Voting power, in the set of `height`, of the validators run by `agencies`. */
function powerOf(history: ValidatorHistory, height: number, agencies: ReadonlySet<string>): { power: number; total: number } {
  const set = history.at(height).validators
  let power = 0
  let total = 0
  for (const v of set) {
    total += v.power
    if (agencies.has(v.agency)) power += v.power
  }
  return { power, total }
}

/** The last height at which a proposal can still be approved. */
export const lastApprovalHeight = (effectiveHeight: number): number => effectiveHeight - ACTIVATION_DELAY

/** Approve the proposal if its approvals now hold more than 2/3 of the power: schedule the change. */
async function maybeEnact(ctx: TxContext<unknown>, rec: ProposalRecord): Promise<ProposalRecord> {
  const history = await validatorHistory(ctx.state, ctx.genesis)
  // only agencies that are members now: a removed agency's earlier approvals count no more, although its validator
  // keeps its power in the set until its removal takes effect
  const members = new Set<string>()
  for (const a of rec.approvals) if (await agencyRecord(ctx.state, a.agency)) members.add(a.agency)
  const { power, total } = powerOf(history, ctx.height, members)
  if (power * 3 <= total * 2) return rec
  const latest = history.latest
  if (rec.effectiveHeight < latest.fromHeight) {
    throw violation(
      `a change taking effect at height ${latest.fromHeight} is already scheduled; this one (height ` +
        `${rec.effectiveHeight}) cannot come before it — propose it again with a later height`,
    )
  }
  const validators = await applyChange(ctx.state, rec.change, latest.validators)
  const entries: ValidatorSetEntry[] = history.entries.filter((e) => e.fromHeight !== rec.effectiveHeight)
  entries.push({ fromHeight: rec.effectiveHeight, validators })
  ctx.state.put(VALIDATOR_SETS_KEY, entriesToCanonical(entries))
  await applyMembership(ctx.state, rec.change, ctx.height)
  return { ...rec, status: 'approved', approvedAt: ctx.height }
}

/** Proposals as step-wise acts (docs/adr/0021): approvals are the steps; more than 2/3 of the power completes one. */
export const PROPOSALS: Workflow<ProposalRecord, TxContext<unknown>> = {
  noun: 'proposal',
  alreadyApproved: 'the agencies this key administers have already approved',
  key: proposalKey,
  deadline: (r) => lastApprovalHeight(r.effectiveHeight),
  complete: maybeEnact,
}

/** The agencies acting in a transaction: the signer's, then each co-signer's (docs/adr/0020). */
function partiesOf(ctx: TxContext<unknown>): Parties {
  return {
    signer: ctx.adminOf.map((agency) => ({ agency, by: ctx.signer })),
    cosigners: ctx.cosigners.flatMap((c) => c.adminOf.map((agency) => ({ agency, by: c.key }))),
  }
}

export async function applySubmit(ctx: TxContext<ProposalSubmit>): Promise<void> {
  const p = ctx.payload
  if (p.effectiveHeight < ctx.height + ACTIVATION_DELAY) {
    throw violation(`the effective height must be at least ${ctx.height + ACTIVATION_DELAY} (two blocks after this one)`)
  }
  if (p.effectiveHeight > ctx.height + MAX_SCHEDULE_AHEAD) throw violation('the effective height is too far ahead')
  const history = await validatorHistory(ctx.state, ctx.genesis)
  if (p.effectiveHeight < history.latest.fromHeight) {
    throw violation(`a change taking effect at height ${history.latest.fromHeight} is already scheduled; choose a later height`)
  }
  // checked now for early feedback, and again when approved (membership may change in between)
  await applyChange(ctx.state, p.change, history.latest.validators)
  const rec: ProposalRecord = {
    id: ctx.hash,
    change: p.change,
    effectiveHeight: p.effectiveHeight,
    note: p.note ?? '',
    proposer: ctx.signer,
    proposedAt: ctx.height,
    proposedTime: ctx.time,
    // proposing is approving, for every agency the proposer (and each co-signer) administers
    approvals: stepsOf(partiesOf(ctx), ctx.height),
    status: 'open',
    approvedAt: null,
  }
  await openAct(ctx.state, PROPOSALS, ctx, rec)
}

export async function applyApprove(ctx: TxContext<ProposalApprove>): Promise<void> {
  await takeStep(ctx.state, PROPOSALS, ctx, { id: ctx.payload.proposal, parties: partiesOf(ctx), height: ctx.height })
}

export async function applyWithdraw(ctx: TxContext<ProposalWithdraw>): Promise<void> {
  await withdrawAct(ctx.state, PROPOSALS as Workflow<ProposalRecord, never>, {
    id: ctx.payload.proposal,
    by: ctx.signer,
    parties: ctx.adminOf,
    height: ctx.height,
  })
}
