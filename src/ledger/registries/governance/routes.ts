/** API routes of the governance registry: proposals and their approvals (committed state). */
import { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import { route } from '../types'
import { getProposal, listProposals } from './queries'

const id = z.string().regex(/^[0-9a-f]{64}$/, 'a proposal id (its transaction hash) in lowercase hex')

export const GOVERNANCE_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/governance/proposals',
    summary: 'Governance proposals (membership and validator-set changes), newest first, with their approvals',
    handler: async ({ host }) => ({
      body: await listProposals(host.state, host.chain.validatorHistory, host.chain.head().height),
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/governance/proposals/:id',
    summary: 'One governance proposal',
    params: z.object({ id }),
    handler: async ({ host, params }) => {
      const p = await getProposal(host.state, params.id, host.chain.validatorHistory, host.chain.head().height)
      if (!p) throw new DaejangError('NOT_FOUND', `no governance proposal ${params.id}`)
      return { body: p }
    },
  }),
]
