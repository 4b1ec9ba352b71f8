/**
 * Step-wise acts (docs/adr/0021): an act opened by one transaction waits in state while named parties (agencies,
 * through their administrators or credential holders) approve it by transactions of their own; the step that brings
 * in the last required approval completes it. Until then the proposer may withdraw it, and past its deadline (a
 * height) it expires: no step is taken any more. Expiry is computed, not stored, so no transaction is needed to
 * expire an act. A registry keeps its acts under its own keys and decides, in `complete`, what "the last required
 * step" is and what completing does (governance: more than 2/3 of the voting power, then the change is scheduled).
 *
 * Every function here is deterministic and runs inside a transaction's apply().
 */
import type { Canonical } from '../codec/canonical'
import { DaejangError } from '../../shared/errors'
import type { StateView } from './view'

/** One approval: a party, the key that gave it, and the block that recorded it. */
export interface Step {
  [key: string]: string | number
  /** the approving party (an agency id) */
  agency: string
  /** lowercase hex of the key that signed the approving transaction */
  by: string
  height: number
}

export type ActStatus = 'open' | 'approved' | 'withdrawn'

/** What every pending act stores; a registry's record adds its own fields. */
export interface PendingAct {
  [key: string]: unknown
  id: string
  /** the key that opened it */
  proposer: string
  proposedAt: number
  approvals: Step[]
  status: ActStatus
  approvedAt: number | null
  /** the height of the withdrawing block (only once withdrawn) */
  withdrawnAt?: number
}

/** How a registry runs its acts on this mechanism. */
export interface Workflow<R extends PendingAct, C = unknown> {
  /** what the act is called in messages: "proposal" */
  noun: string
  /** why a step that adds no party is refused, in the registry's terms: "the agencies this key administers have already approved" */
  alreadyApproved: string
  key(id: string): string
  /** the last height at which a step can be taken */
  deadline(rec: R): number
  /** Complete the act when the approvals now suffice (return it approved, having done what completing does), or return it as it is. */
  complete(ctx: C, rec: R): Promise<R>
}

/** Where an act stands as of `height` (the block being executed, or the next one for a read). */
export function statusAt<R extends PendingAct>(wf: Workflow<R, never>, rec: R, height: number): ActStatus | 'expired' {
  if (rec.status === 'open' && height > wf.deadline(rec)) return 'expired'
  return rec.status
}

const violation = (msg: string): DaejangError => new DaejangError('RULE_VIOLATION', msg)

function store<R extends PendingAct>(state: StateView, wf: Workflow<R, never>, rec: R): R {
  state.put(wf.key(rec.id), rec as unknown as Canonical)
  return rec
}

/** Open an act (its first approvals, those of the proposer's parties, are in `rec`); it may complete at once. */
export async function openAct<R extends PendingAct, C>(state: StateView, wf: Workflow<R, C>, ctx: C, rec: R): Promise<R> {
  return store(state, wf as Workflow<R, never>, await wf.complete(ctx, rec))
}

/** The act `id` if a step can still be taken on it at `height`; else NOT_FOUND or RULE_VIOLATION saying why. */
export async function openActAt<R extends PendingAct>(state: StateView, wf: Workflow<R, never>, id: string, height: number): Promise<R> {
  const raw = await state.get(wf.key(id))
  if (!raw) throw new DaejangError('NOT_FOUND', `no ${wf.noun} ${id}`)
  const rec = raw as unknown as R
  switch (statusAt(wf, rec, height)) {
    case 'approved':
      throw violation(`the ${wf.noun} is already approved`)
    case 'withdrawn':
      throw violation(`the ${wf.noun} was withdrawn at height ${String(rec.withdrawnAt)}`)
    case 'expired':
      throw violation(`the ${wf.noun} expired: it could be approved until height ${wf.deadline(rec)}`)
    case 'open':
      return rec
  }
}

/** A party acting in a step, and the key it acts by (the signer's, or a co-signer's: docs/adr/0020). */
export interface Party {
  agency: string
  by: string
}

/** The parties acting in one transaction: the signer's (one per agency it administers) and the co-signers'. */
export interface Parties {
  signer: readonly Party[]
  cosigners?: readonly Party[]
}

/**
 * The steps `parties` give at `height`, leaving out agencies in `have`. The signer's steps are kept as governance
 * wrote them before co-signing (an agency listed twice for the signer counts twice: the stored record, and so the
 * app hash, stay the same for existing chains); a co-signer's adds only agencies not yet in.
 */
export function stepsOf(parties: Parties, height: number, have: readonly Step[] = []): Step[] {
  const seen = new Set(have.map((a) => a.agency))
  const out: Step[] = parties.signer.filter((p) => !seen.has(p.agency)).map((p) => ({ agency: p.agency, by: p.by, height }))
  for (const s of out) seen.add(s.agency)
  for (const p of parties.cosigners ?? []) {
    if (seen.has(p.agency)) continue
    seen.add(p.agency)
    out.push({ agency: p.agency, by: p.by, height })
  }
  return out
}

/**
 * A step: `parties` (the agencies the signers act for) approve act `id`. Parties that approved already are not
 * counted again; a step that adds no party is refused. The act completes if this was the last required step.
 */
export async function takeStep<R extends PendingAct, C>(
  state: StateView,
  wf: Workflow<R, C>,
  ctx: C,
  step: { id: string; parties: Parties; height: number },
): Promise<R> {
  const rec = await openActAt(state, wf as Workflow<R, never>, step.id, step.height)
  const fresh = stepsOf(step.parties, step.height, rec.approvals)
  if (fresh.length === 0) throw violation(wf.alreadyApproved)
  const next: R = { ...rec, approvals: [...rec.approvals, ...fresh] }
  return store(state, wf as Workflow<R, never>, await wf.complete(ctx, next))
}

/**
 * Withdraw act `id`: by the key that opened it, or by a key of a party the opening key approved for (another
 * administrator of a proposing agency). A party that approved by its own transaction, even in the opening block, did
 * not open the act and may not withdraw it. Only an open act can be withdrawn; a withdrawn act takes no more steps.
 */
export async function withdrawAct<R extends PendingAct>(
  state: StateView,
  wf: Workflow<R, never>,
  w: { id: string; by: string; parties: readonly string[]; height: number },
): Promise<R> {
  const rec = await openActAt(state, wf, w.id, w.height)
  // the opening steps are those the proposer's key gave in the opening block (the record keeps no other mark of them)
  const opening = new Set(rec.approvals.filter((a) => a.height === rec.proposedAt && a.by === rec.proposer).map((a) => a.agency))
  if (w.by !== rec.proposer && !w.parties.some((p) => opening.has(p))) {
    throw new DaejangError('UNAUTHORIZED_ROLE', `only the proposer of the ${wf.noun}, or an administrator of its agency, may withdraw it`)
  }
  return store(state, wf, { ...rec, status: 'withdrawn', withdrawnAt: w.height })
}
