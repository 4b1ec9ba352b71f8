/**
 * Read routes of the election register (below /api/v1/voting/, docs/adr/0048). Election steps are signed
 * transactions (voting.*) sent through POST /api/v1/txs; these read: the elections, and one election with its phase,
 * the ceremony's progress per trustee agency (who has done which step, who is awaited) and the credential list's state.
 */
import { z } from 'zod'
import { route } from '../types'
import type { ElectionDto, ElectionListDto } from './portable/dto'
import { electionUuid } from './portable/schema'
import { listElections, readElectionDto } from './queries'
import { vErr } from './rules-common'

export const VOTING_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/voting/elections',
    summary: 'The elections, by uuid: name, agency, phase, dates, voters and ballots',
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    handler: async ({ host, query }) => {
      const body: ElectionListDto = { ...(await listElections(host.state, query.limit)), height: host.chain.head().height }
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/voting/elections/:uuid',
    summary: "One election: its draft, phase, each trustee agency's progress in the key ceremony, the credential list's state, the ballots counted",
    params: z.object({ uuid: electionUuid }),
    handler: async ({ host, params }) => {
      const body: ElectionDto | null = await readElectionDto(host.state, params.uuid, host.chain.head().height)
      if (body === null) throw vErr('VOTING_UNKNOWN_ELECTION', params.uuid)
      return { body }
    },
  }),
]
