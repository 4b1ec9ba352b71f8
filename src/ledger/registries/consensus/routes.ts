/** API routes of the consensus registry: evidence of equivocation on the chain. */
import { route } from '../types'
import { listEvidence } from './evidence'

export const CONSENSUS_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/consensus/evidence',
    summary: 'Evidence of validators that signed two different values for one step, as committed on the chain',
    handler: async ({ host }) => ({ body: await listEvidence(host.state) }),
  }),
]
