/**
 * The challenged ballots' read route (ADR 0056): GET /api/v1/voting/elections/:uuid/audit?from=&limit= — the audited
 * ballots in commit order, each with its tracker, its text, its randomness and the plaintext it opens to, so anyone
 * can re-open it (the verifier page does) and see that it was never counted.
 */
import { z } from 'zod'
import { route } from '../types'
import { electionUuid } from './portable/schema'
import { readAudits } from './rules-audit'
import { requireElection } from './rules-common'

export const VOTING_AUDIT_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/voting/elections/:uuid/audit',
    summary: 'The challenged (audited) ballots in the order the ledger recorded them: tracker, ballot text, randomness, the plaintext they open to; never counted',
    params: z.object({ uuid: electionUuid }),
    query: z.object({ from: z.coerce.number().int().min(1).default(1), limit: z.coerce.number().int().min(1).max(100).default(20) }),
    handler: async ({ host, params, query }) => {
      const h = await requireElection(host.state, params.uuid)
      const body = { uuid: h.uuid, ...(await readAudits(host.state, h.uuid, query.from, query.limit)), height: host.chain.head().height }
      return { body }
    },
  }),
]
