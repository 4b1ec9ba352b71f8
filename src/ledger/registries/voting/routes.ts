/**
 * Read routes of the election register (below /api/v1/voting/, docs/adr/0048). Election steps are signed
 * transactions (voting.*) sent through POST /api/v1/txs; these read: the elections, and one election with its phase,
 * the ceremony's progress per trustee agency (who has done which step, who is awaited) and the credential list's state.
 */
import { z } from 'zod'
import { route } from '../types'
import type { BoardDto, CeremonyDto, ElectionDto, ElectionListDto, ResultDto } from './portable/dto'
import { electionUuid } from './portable/schema'
import { listElections, readBoard, readElectionDto, readResult } from './queries'
import { stepTexts, vinputs } from './rules-ceremony'
import { requireElection, vErr } from './rules-common'

const uuidParams = z.object({ uuid: electionUuid })

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
  route({
    method: 'GET',
    path: '/api/v1/voting/elections/:uuid/ceremony',
    summary: "The key ceremony as a trustee reads it: every certificate sent (in the trustee agencies' order), and each agency's vinput once every polynomial is in",
    params: uuidParams,
    handler: async ({ host, params }) => {
      const h = await requireElection(host.state, params.uuid)
      const certs = (await stepTexts(host.state, h, 'cert')).map((t) => t ?? null)
      const body: CeremonyDto = { uuid: h.uuid, certs, vinputs: await vinputs(host.state, h), height: host.chain.head().height }
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/voting/elections/:uuid/board',
    summary: 'The public board: ballots in the order the ledger recorded them, each by its tracker, the ones a later ballot of the same credential replaced marked',
    params: uuidParams,
    query: z.object({ from: z.coerce.number().int().min(1).default(1), limit: z.coerce.number().int().min(1).max(1000).default(100) }),
    handler: async ({ host, params, query }) => {
      const h = await requireElection(host.state, params.uuid)
      const body: BoardDto = { ...(await readBoard(host.state, h, query.from, query.limit)), height: host.chain.head().height }
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/voting/elections/:uuid/result',
    summary: 'The result once committed: the counts of each answer of each question (and the blank votes), the ballots counted, the Belenios result text',
    params: uuidParams,
    handler: async ({ host, params }) => {
      const h = await requireElection(host.state, params.uuid)
      const r = await readResult(host.state, h)
      if (r === null) throw vErr('VOTING_PHASE', 'no result yet')
      const body: ResultDto = { ...r, height: host.chain.head().height }
      return { body }
    },
  }),
]
