import { z } from 'zod'
import { AgencySchema } from '../../../types/genesis'
import type { ActStatus, PendingAct } from '../../../state/workflow'
import { agencyId, publicKeyHex } from '../../identity/portable/schema'

/**
 * Largest voting power of one validator. Small on purpose: the proposer sequence repeats every (total power) steps
 * and is computed from the set's first height, so a bounded total keeps it cheap at any height (docs/adr/0013).
 */
export const MAX_POWER = 1_000
/** how far ahead a change may be scheduled, in blocks */
export const MAX_SCHEDULE_AHEAD = 10_000_000
export const MAX_VALIDATORS = 200
/** the ledger's limits the proposal form checks too (the renderer imports them from here) */
export { MAX_ADMINS } from '../../../types/genesis'
export { ACTIVATION_DELAY } from '../../../types/validator-sets'

const ValidatorSpec = z.object({ publicKey: publicKeyHex, power: z.number().int().min(1).max(MAX_POWER) }).strict()

export const ChangeSchema = z.discriminatedUnion('kind', [
  /** a new member agency, with its administrators and (optionally) a validator */
  z.object({ kind: z.literal('agency.admit'), agency: AgencySchema }).strict(),
  /** an agency leaves: its administrators lose their powers at once, its validator at the effective height */
  z.object({ kind: z.literal('agency.remove'), agency: agencyId }).strict(),
  /** an agency's validator: a new key or power, or null to stop validating (the agency stays a member) */
  z.object({ kind: z.literal('validator.set'), agency: agencyId, validator: ValidatorSpec.nullable() }).strict(),
])

export type Change = z.infer<typeof ChangeSchema>

export const ProposalSubmitSchema = z
  .object({
    change: ChangeSchema,
    /** the first height the new validator set signs; at least two blocks after the block that approves it */
    effectiveHeight: z.number().int().min(1),
    note: z.string().max(500).optional(),
  })
  .strict()

export type ProposalSubmit = z.infer<typeof ProposalSubmitSchema>

export const ProposalApproveSchema = z.object({ proposal: publicKeyHex.describe('the proposal id (its transaction hash)') }).strict()

export type ProposalApprove = z.infer<typeof ProposalApproveSchema>

export const ProposalWithdrawSchema = z.object({ proposal: publicKeyHex.describe('the proposal id (its transaction hash)') }).strict()

export type ProposalWithdraw = z.infer<typeof ProposalWithdrawSchema>

export type { Step as Approval } from '../../../state/workflow'

/** A governance proposal as stored in state: a step-wise act (docs/adr/0021) with the change it makes. */
export interface ProposalRecord extends PendingAct {
  change: Change
  effectiveHeight: number
  note: string
  proposedTime: number
  /**
   * 'open' until approved or withdrawn; an open proposal past its last approval height is expired (computed, not
   * stored)
   */
  status: ActStatus
}
