/**
 * The governance registry: changes of membership and of the validator set, approved by administrators of more
 * than 2/3 of the voting power and taking effect at a later height (docs/adr/0013).
 */
import { type Registry, txType } from '../types'
import { governancePortable } from './portable'
import { GOVERNANCE_ROUTES } from './routes'
import { governanceCli } from './cli'
import { VALIDATOR_SETS_KEY, proposalKey } from './keys'
import { applyApprove, applySubmit } from './rules'
import { ProposalApproveSchema, ProposalSubmitSchema } from './schema'

export const governanceRegistry: Registry = {
  ...governancePortable,
  routes: GOVERNANCE_ROUTES,
  cli: governanceCli,
  txTypes: {
    'governance.proposal.submit': txType({
      schema: ProposalSubmitSchema,
      permission: 'admin',
      apply: applySubmit,
      keys: () => [VALIDATOR_SETS_KEY],
    }),
    'governance.proposal.approve': txType({
      schema: ProposalApproveSchema,
      permission: 'admin',
      apply: applyApprove,
      keys: (p) => [proposalKey(p.proposal), VALIDATOR_SETS_KEY],
    }),
  },
}

export * from './keys'
export { validatorHistory, lastApprovalHeight } from './rules'
export type { Change, ProposalRecord, Approval } from './schema'
export { describeChange } from './change'
