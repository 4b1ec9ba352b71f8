/**
 * The governance registry: changes of membership and of the validator set, approved by administrators of more
 * than 2/3 of the voting power and taking effect at a later height (docs/adr/0013).
 */
import { type Registry, txType } from '../types'
import { governancePortable } from './portable'
import { GOVERNANCE_ROUTES } from './routes'
import { governanceCli } from './cli'
import { VALIDATOR_SETS_KEY, proposalKey } from './state-keys'
import { applyApprove, applySubmit, applyWithdraw } from './rules'
import { ProposalApproveSchema, ProposalSubmitSchema, ProposalWithdrawSchema } from './portable/schema'

/**
 * Administrators of other member agencies may co-sign a proposal or an approval (docs/adr/0020): a joint act of
 * several agencies, each co-signer's agencies approving in the same transaction. Allowed, never required.
 */
const JOINT = { permission: 'admin', min: 0, max: 8 } as const

export const governanceRegistry: Registry = {
  ...governancePortable,
  routes: GOVERNANCE_ROUTES,
  cli: governanceCli,
  txTypes: {
    'governance.proposal.submit': txType({
      schema: ProposalSubmitSchema,
      permission: 'admin',
      cosigners: JOINT,
      apply: applySubmit,
      keys: () => [VALIDATOR_SETS_KEY],
    }),
    'governance.proposal.approve': txType({
      schema: ProposalApproveSchema,
      permission: 'admin',
      cosigners: JOINT,
      apply: applyApprove,
      keys: (p) => [proposalKey(p.proposal), VALIDATOR_SETS_KEY],
    }),
    /** the proposer (or another administrator of a proposing agency) takes back an open proposal */
    'governance.proposal.withdraw': txType({
      schema: ProposalWithdrawSchema,
      permission: 'admin',
      apply: applyWithdraw,
      keys: (p) => [proposalKey(p.proposal)],
    }),
  },
}

export * from './state-keys'
export { validatorHistory, lastApprovalHeight, PROPOSALS } from './rules'
export type { Change, ProposalRecord, Approval } from './portable/schema'
export { describeChange } from './change'
