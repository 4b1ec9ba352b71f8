/**
 * The governance registry: changes of membership and of the validator set, approved by administrators of more
 * than 2/3 of the voting power and taking effect at a later height (docs/adr/0013).
 */
import { type Registry, txType } from '../types'
import { VALIDATOR_SETS_KEY, proposalKey } from './keys'
import { applyApprove, applySubmit, applyWithdraw } from './rules'
import { type Change, ProposalApproveSchema, ProposalSubmitSchema, ProposalWithdrawSchema } from './schema'

/**
 * Administrators of other member agencies may co-sign a proposal or an approval (docs/adr/0020): a joint act of
 * several agencies, each co-signer's agencies approving in the same transaction. Allowed, never required.
 */
const JOINT = { permission: 'admin', min: 0, max: 8 } as const

export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'agency.admit':
      return `admit agency ${c.agency.id}${c.agency.validator ? ` (validator power ${c.agency.validator.power})` : ''}`
    case 'agency.remove':
      return `remove agency ${c.agency}`
    case 'validator.set':
      return c.validator ? `validator of ${c.agency}: power ${c.validator.power}` : `${c.agency} stops validating`
  }
}

export const governanceRegistry: Registry = {
  name: 'governance',
  txTypes: {
    'governance.proposal.submit': txType({
      schema: ProposalSubmitSchema,
      permission: 'admin',
      cosigners: JOINT,
      apply: applySubmit,
      keys: () => [VALIDATOR_SETS_KEY],
      describe: (p) => `propose: ${describeChange(p.change)} from height ${p.effectiveHeight}`,
    }),
    'governance.proposal.approve': txType({
      schema: ProposalApproveSchema,
      permission: 'admin',
      cosigners: JOINT,
      apply: applyApprove,
      keys: (p) => [proposalKey(p.proposal), VALIDATOR_SETS_KEY],
      describe: (p) => `approve proposal ${p.proposal.slice(0, 12)}…`,
    }),
    /** the proposer (or another administrator of a proposing agency) takes back an open proposal */
    'governance.proposal.withdraw': txType({
      schema: ProposalWithdrawSchema,
      permission: 'admin',
      apply: applyWithdraw,
      keys: (p) => [proposalKey(p.proposal)],
      describe: (p) => `withdraw proposal ${p.proposal.slice(0, 12)}…`,
    }),
  },
}

export * from './keys'
export { validatorHistory, lastApprovalHeight, PROPOSALS } from './rules'
export type { Change, ProposalRecord, Approval } from './schema'
