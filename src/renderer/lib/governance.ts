/**
 * Consortium governance as the UI sees it (docs/adr/0013): differences between validator sets, the approval
 * threshold, why an open proposal can no longer be approved, and the checks of the proposal form. Pure: the screens
 * put the results into words in the UI language.
 *
 * The limits are the ledger's own, from the governance registry's portable schema (registries/governance/portable).
 */
import {
  ACTIVATION_DELAY,
  MAX_ADMINS,
  MAX_POWER,
  MAX_SCHEDULE_AHEAD,
} from '../../ledger/registries/governance/portable/schema'
import type { AgencyDto, GovernanceChangeDto, ProposalDto, ValidatorSetDto } from '../../shared/api'

/** a change approved in block B takes effect at B + ACTIVATION_DELAY at the earliest */
export { ACTIVATION_DELAY, MAX_ADMINS, MAX_POWER, MAX_SCHEDULE_AHEAD }
/** the proposal form's default: this many blocks after the current height */
export const DEFAULT_LEAD = 20

export interface SetValidator {
  publicKey: string
  power: number
  agency: string
}

// ---- threshold ----

/** More than 2/3 of the power approves, as the ledger counts it (power·3 > total·2). */
export function isApproved(power: number, total: number): boolean {
  return total > 0 && power * 3 > total * 2
}

/** The least power that approves: more than 2/3 of the total. */
export function approvalThreshold(total: number): number {
  return total > 0 ? Math.floor((2 * total) / 3) + 1 : 0
}

export interface ApprovalProgress {
  approved: number
  total: number
  /** least power that approves */
  needed: number
  /** power still missing (0 once reached) */
  missing: number
  /** approved / total, 0..1 */
  share: number
  reached: boolean
}

export function approvalProgress(approved: number, total: number): ApprovalProgress {
  const needed = approvalThreshold(total)
  return {
    approved,
    total,
    needed,
    missing: Math.max(0, needed - approved),
    share: total > 0 ? Math.min(1, approved / total) : 0,
    reached: isApproved(approved, total),
  }
}

// ---- differences between sets ----

export type SetChange =
  | { kind: 'added'; agency: string; publicKey: string; power: number }
  | { kind: 'removed'; agency: string; publicKey: string; power: number }
  | { kind: 'power'; agency: string; publicKey: string; from: number; to: number }
  | { kind: 'key'; agency: string; from: string; to: string; powerFrom: number; powerTo: number }

/**
 * What changes from one set to the next, per agency (an agency runs at most one validator), in agency order. A
 * validator whose key and power stay is not mentioned.
 */
export function diffSets(before: readonly SetValidator[], after: readonly SetValidator[]): SetChange[] {
  const a = new Map(before.map((v) => [v.agency, v]))
  const b = new Map(after.map((v) => [v.agency, v]))
  const agencies = [...new Set([...a.keys(), ...b.keys()])].sort()
  const out: SetChange[] = []
  for (const agency of agencies) {
    const x = a.get(agency)
    const y = b.get(agency)
    if (x && !y) out.push({ kind: 'removed', agency, publicKey: x.publicKey, power: x.power })
    else if (!x && y) out.push({ kind: 'added', agency, publicKey: y.publicKey, power: y.power })
    else if (x && y && x.publicKey !== y.publicKey) {
      out.push({ kind: 'key', agency, from: x.publicKey, to: y.publicKey, powerFrom: x.power, powerTo: y.power })
    } else if (x && y && x.power !== y.power) out.push({ kind: 'power', agency, publicKey: y.publicKey, from: x.power, to: y.power })
  }
  return out
}

export interface ScheduledSet {
  fromHeight: number
  totalPower: number
  validators: SetValidator[]
  /** against the set before it (the current one for the first) */
  changes: SetChange[]
}

/** The sets scheduled after the current one, each with its difference from the one before. */
export function scheduledSets(set: ValidatorSetDto): ScheduledSet[] {
  let previous = set.validators
  return set.scheduled.map((s) => {
    const changes = diffSets(previous, s.validators)
    previous = s.validators
    return { fromHeight: s.fromHeight, totalPower: s.totalPower, validators: s.validators, changes }
  })
}

/** The last set known (scheduled or current): the one a newly approved change builds on. */
export function latestSet(set: ValidatorSetDto): { fromHeight: number; validators: SetValidator[] } {
  return set.scheduled.at(-1) ?? set
}

// ---- proposals ----

export type Blocker =
  /** a change taking effect at `height` is already scheduled, after this proposal's effective height */
  | { code: 'laterScheduled'; height: number }
  | { code: 'alreadyMember'; agency: string }
  | { code: 'notMember'; agency: string }
  | { code: 'keyTaken'; agency: string }
  | { code: 'noValidators' }

/**
 * Why an open proposal can no longer be approved, as far as the UI can tell from the current membership and the
 * sets (the ledger checks again, and says why if it refuses). Empty for proposals that are not open.
 */
export function proposalBlockers(p: ProposalDto, set: ValidatorSetDto, agencies: readonly AgencyDto[]): Blocker[] {
  if (p.status !== 'open') return []
  const out: Blocker[] = []
  const latest = latestSet(set)
  if (p.effectiveHeight < latest.fromHeight) out.push({ code: 'laterScheduled', height: latest.fromHeight })
  const members = new Set(agencies.map((a) => a.id))
  const keyTaken = (pk: string, except: string): boolean => latest.validators.some((v) => v.publicKey === pk && v.agency !== except)
  const c = p.change
  switch (c.kind) {
    case 'agency.admit':
      if (members.has(c.agency.id)) out.push({ code: 'alreadyMember', agency: c.agency.id })
      if (c.agency.validator && keyTaken(c.agency.validator.publicKey, c.agency.id)) out.push({ code: 'keyTaken', agency: c.agency.id })
      break
    case 'agency.remove':
      if (!members.has(c.agency)) out.push({ code: 'notMember', agency: c.agency })
      break
    case 'validator.set':
      if (!members.has(c.agency)) out.push({ code: 'notMember', agency: c.agency })
      if (c.validator && keyTaken(c.validator.publicKey, c.agency)) out.push({ code: 'keyTaken', agency: c.agency })
      break
  }
  const next = applyChange(latest.validators, c)
  if (next.length === 0) out.push({ code: 'noValidators' })
  return out
}

/** The validators after `change` (one per agency), in agency order. */
export function applyChange(validators: readonly SetValidator[], change: GovernanceChangeDto): SetValidator[] {
  let next: SetValidator[]
  switch (change.kind) {
    case 'agency.admit':
      next = change.agency.validator ? [...validators, { ...change.agency.validator, agency: change.agency.id }] : [...validators]
      break
    case 'agency.remove':
      next = validators.filter((v) => v.agency !== change.agency)
      break
    case 'validator.set':
      next = validators.filter((v) => v.agency !== change.agency)
      if (change.validator) next.push({ ...change.validator, agency: change.agency })
      break
  }
  return next.sort((a, b) => (a.agency < b.agency ? -1 : a.agency > b.agency ? 1 : 0))
}

/**
 * The share of the power, after `change`, held by validator keys already in the set: when it is not more than 2/3,
 * no block can be made until the new validators run (a local node alone stops, NEEDS_CONSENSUS).
 */
export function powerKeptShare(validators: readonly SetValidator[], change: GovernanceChangeDto): number {
  const next = applyChange(validators, change)
  const known = new Set(validators.map((v) => v.publicKey))
  const total = next.reduce((a, v) => a + v.power, 0)
  const kept = next.filter((v) => known.has(v.publicKey)).reduce((a, v) => a + v.power, 0)
  return total > 0 ? kept / total : 0
}

/**
 * The agency an irreversible change acts on — its removal, or the end of its validator — or null for a change that a
 * later proposal can undo (admitting, setting a power). Proposing and approving such a change are confirmed by
 * retyping the agency's name.
 */
export function irreversibleAgencyOf(change: GovernanceChangeDto | null | undefined): string | null {
  if (change?.kind === 'agency.remove' || (change?.kind === 'validator.set' && change.validator === null)) return change.agency
  return null
}

/** The agencies of `adminOf` that could still approve `p` (none unless it is open). */
export function pendingApprovers(p: ProposalDto, adminOf: readonly string[]): string[] {
  if (p.status !== 'open') return []
  const have = new Set(p.approvals.map((a) => a.agency))
  return adminOf.filter((a) => !have.has(a))
}

// ---- the proposal form ----

export const HEX64 = /^[0-9a-f]{64}$/
const AGENCY_ID = /^[a-z0-9][a-z0-9-]*$/

export interface ProposalForm {
  kind: GovernanceChangeDto['kind']
  admit: { id: string; name: string; admins: string; withValidator: boolean; validatorKey: string; power: number | null }
  remove: { agency: string }
  validator: { agency: string; stop: boolean; key: string; power: number | null }
  effectiveHeight: number | null
  note: string
}

export function emptyForm(effectiveHeight: number | null): ProposalForm {
  return {
    kind: 'agency.admit',
    admit: { id: '', name: '', admins: '', withValidator: false, validatorKey: '', power: 10 },
    remove: { agency: '' },
    validator: { agency: '', stop: false, key: '', power: 10 },
    effectiveHeight,
    note: '',
  }
}

/**
 * The form a proposal payload was made from (a rejected proposal re-opened from the outbox, lib/forms.ts); anything
 * that is not a proposal's shape leaves the empty form's value, for the form's own checks to name.
 */
export function formFromPayload(p: Record<string, unknown>, fallbackHeight: number | null): ProposalForm {
  const f = emptyForm(typeof p['effectiveHeight'] === 'number' ? p['effectiveHeight'] : fallbackHeight)
  f.note = typeof p['note'] === 'string' ? p['note'] : ''
  const c = p['change'] as Partial<GovernanceChangeDto> | undefined
  if (c?.kind === 'agency.admit' && typeof c.agency === 'object' && c.agency !== null) {
    const a = c.agency
    f.kind = c.kind
    f.admit = {
      id: a.id ?? '',
      name: a.name ?? '',
      admins: Array.isArray(a.admins) ? a.admins.join('\n') : '',
      withValidator: a.validator != null,
      validatorKey: a.validator?.publicKey ?? '',
      power: a.validator?.power ?? 10,
    }
  } else if (c?.kind === 'agency.remove' && typeof c.agency === 'string') {
    f.kind = c.kind
    f.remove = { agency: c.agency }
  } else if (c?.kind === 'validator.set' && typeof c.agency === 'string') {
    f.kind = c.kind
    f.validator = { agency: c.agency, stop: c.validator == null, key: c.validator?.publicKey ?? '', power: c.validator?.power ?? 10 }
  }
  return f
}

export type FormProblem =
  | 'agencyId'
  | 'agencyName'
  | 'admins'
  | 'adminsTooMany'
  | 'validatorKey'
  | 'power'
  | 'agency'
  | 'note'
  | { code: 'heightTooSoon'; min: number }
  | { code: 'heightTooFar'; max: number }
  | 'height'

/** Administrator keys typed one per line (or separated by commas or spaces), lowercased, without repeats. */
export function parseKeyList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter((s) => s !== ''))]
}

const validPower = (p: number | null): p is number => p !== null && Number.isInteger(p) && p >= 1 && p <= MAX_POWER

/**
 * The lowest effective height a proposal sent now can have: two blocks after the block that includes it (at the
 * earliest the next one), and not before a change already scheduled.
 */
export function minEffectiveHeight(head: number, set: ValidatorSetDto | null): number {
  return Math.max(head + 1 + ACTIVATION_DELAY, set ? latestSet(set).fromHeight : 0)
}

/** The form as a transaction payload, or what is wrong with it. */
export function buildProposal(
  f: ProposalForm,
  head: number,
  set: ValidatorSetDto | null,
): { payload: { change: GovernanceChangeDto; effectiveHeight: number; note?: string } | null; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  let change: GovernanceChangeDto | null = null
  switch (f.kind) {
    case 'agency.admit': {
      const a = f.admit
      const id = a.id.trim()
      const name = a.name.trim()
      const admins = parseKeyList(a.admins)
      if (id.length > 64 || !AGENCY_ID.test(id)) problems.push('agencyId')
      if (name === '' || name.length > 200) problems.push('agencyName')
      if (admins.length === 0 || admins.some((k) => !HEX64.test(k))) problems.push('admins')
      if (admins.length > MAX_ADMINS) problems.push('adminsTooMany')
      const key = a.validatorKey.trim().toLowerCase()
      if (a.withValidator && !HEX64.test(key)) problems.push('validatorKey')
      if (a.withValidator && !validPower(a.power)) problems.push('power')
      change = { kind: 'agency.admit', agency: { id, name, validator: a.withValidator ? { publicKey: key, power: a.power ?? 0 } : null, admins } }
      break
    }
    case 'agency.remove':
      if (f.remove.agency === '') problems.push('agency')
      change = { kind: 'agency.remove', agency: f.remove.agency }
      break
    case 'validator.set': {
      const v = f.validator
      const key = v.key.trim().toLowerCase()
      if (v.agency === '') problems.push('agency')
      if (!v.stop && !HEX64.test(key)) problems.push('validatorKey')
      if (!v.stop && !validPower(v.power)) problems.push('power')
      change = { kind: 'validator.set', agency: v.agency, validator: v.stop ? null : { publicKey: key, power: v.power ?? 0 } }
      break
    }
  }
  const h = f.effectiveHeight
  const min = minEffectiveHeight(head, set)
  if (h === null || !Number.isInteger(h)) problems.push('height')
  else if (h < min) problems.push({ code: 'heightTooSoon', min })
  else if (h > head + 1 + MAX_SCHEDULE_AHEAD) problems.push({ code: 'heightTooFar', max: head + 1 + MAX_SCHEDULE_AHEAD })
  const note = f.note.trim()
  if (note.length > 500) problems.push('note')
  if (problems.length > 0 || h === null) return { payload: null, problems }
  return { payload: { change, effectiveHeight: h, ...(note !== '' && { note }) }, problems }
}
