/** State keys of the governance registry. The validator sets themselves live under VALIDATOR_SETS_KEY. */
export { VALIDATOR_SETS_KEY } from '../../types/validator-sets'
export const PROPOSAL_PREFIX = 'gov/proposal/'
export const proposalKey = (id: string): string => PROPOSAL_PREFIX + id
/** an agency removed by governance: its id is never given out again */
export const removedAgencyKey = (id: string): string => `gov/removed/${id}`
