/**
 * Routes of outbreak tracing and the officer's dashboard (docs/adr/0046), below /api/v1/livestock/, over the node-local
 * index (local-index.ts):
 *   GET /index       the index's height against the head
 *   GET /trace       ?animal=N | ?site=S, &from=D&to=D&depth=K[&rows=R]: the trace (trace.ts)
 *   GET /dashboard   [?region=P][&asOf=D][&limit=L]: late reports, untagged, silent animals, by region and month
 * Every answer says the height the index stood at (`index`): a read waits up to 2 s for it to reach the head, and
 * otherwise answers from what it holds, saying so (`caughtUp: false`).
 */
import { z } from 'zod'
import { calendarDate } from '../../codec/dates'
import { type RegistryHost, route } from '../types'
import { dashboard, dashboardSites } from './dashboard'
import { type IndexStatus, livestockLocal } from './local-index'
import { MAX_DEPTH, MAX_WINDOW_DAYS, trace } from './trace'

const WAIT_MS = 2_000
const KST_MS = 9 * 3_600_000

/** Today in Korean time (YYYY-MM-DD). */
export const koreanToday = (now: number): string => new Date(now + KST_MS).toISOString().slice(0, 10)

async function ready(host: RegistryHost): Promise<IndexStatus> {
  const ix = livestockLocal(host)
  await ix.ensure(WAIT_MS)
  return ix.status()
}

export const TraceQuerySchema = z
  .object({
    animal: z.string().regex(/^\d{12}$/, 'an animal number is 12 digits').optional(),
    site: z.string().regex(/^\d{6}$/, 'a farm or business number is 6 digits').optional(),
    from: calendarDate,
    to: calendarDate,
    depth: z.coerce.number().int().min(1).max(MAX_DEPTH).default(2),
    rows: z.coerce.number().int().min(1).max(50_000).default(5_000),
  })
  .strict()
  .refine((q) => (q.animal === undefined) !== (q.site === undefined), { message: 'a trace starts from an animal or a site (one of them)' })
  .refine((q) => q.from <= q.to, { message: 'the window ends before it starts' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 + 1 <= MAX_WINDOW_DAYS, { message: `a trace covers at most ${MAX_WINDOW_DAYS} days` })

export const DashboardQuerySchema = z
  .object({
    region: z.string().regex(/^(?:\d{2}|\d{5}|\d{8}|\d{10})$/, 'a region is 2, 5, 8 or 10 digits of a 법정동 code').optional(),
    asOf: calendarDate.optional(),
    limit: z.coerce.number().int().min(1).max(5_000).default(500),
  })
  .strict()

export const TRACE_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/livestock/index',
    summary: "The livestock register's node-local index (tracing, the officer's dashboard): the height it is caught up to, against the head",
    handler: async ({ host }) => ({ body: await ready(host) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/trace',
    summary:
      'Outbreak trace from an animal or a farm over a window of days, to a depth: animals that shared a site (with their depth), the sites, the start animal’s history, carcasses, packs, bundles and shops holding their meat',
    query: TraceQuerySchema,
    handler: async ({ host, query: q }) => {
      const index = await ready(host)
      const r = trace(livestockLocal(host).store, {
        ...(q.animal !== undefined ? { animal: q.animal } : { site: q.site! }),
        from: q.from,
        to: q.to,
        depth: q.depth,
        rows: q.rows,
      })
      return { body: { ...r, index } }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/dashboard',
    summary:
      "The livestock officer's dashboard: late reports, animals untagged past 30 days, animals with no event for a year, in a region (법정동 prefix) or the country, by region and by month",
    query: DashboardQuerySchema,
    handler: async ({ host, query }) => {
      const index = await ready(host)
      const r = dashboard(livestockLocal(host).store, { ...(query.region !== undefined ? { region: query.region } : {}), asOf: query.asOf ?? koreanToday(Date.now()), limit: query.limit })
      return { body: { ...r, sites: await dashboardSites(host.state, r), index } }
    },
  }),
]

/** Start the node's livestock index: load it, catch up now and after each committed block (Registry.startLocal). */
export function startLivestockTrace(host: RegistryHost): () => void {
  return livestockLocal(host).start()
}
