/**
 * What the officer's tracing and dashboard screens read (docs/adr/0046): GET /livestock/trace and /livestock/dashboard,
 * parsed with schemas of their own (what the screens show checked, the rest passed through).
 */
import { z } from 'zod'
import type { ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'

const IndexState = z.object({ height: z.number().int(), head: z.number().int(), caughtUp: z.boolean() }).passthrough()
const Site = z.object({ site: z.string(), kind: z.string(), name: z.string(), area: z.string(), depth: z.number().int() }).passthrough()
const Stay = z.object({ animal: z.string(), site: z.string(), from: z.string(), to: z.string().nullable() })

export const TraceDto = z
  .object({
    start: z.union([z.object({ kind: z.literal('animal'), animal: z.string() }), z.object({ kind: z.literal('site'), site: z.string() })]),
    from: z.string(),
    to: z.string(),
    depth: z.number().int(),
    animals: z.array(z.object({ animal: z.string(), depth: z.number().int(), via: z.string().nullable() })),
    sites: z.array(Site),
    stays: z.array(Stay),
    history: z.array(z.object({ site: z.string(), from: z.string(), to: z.string().nullable() })),
    carcasses: z.array(z.object({ animal: z.string(), slaughterhouse: z.string(), date: z.string() })),
    packs: z.array(z.object({ animal: z.string(), packer: z.string(), date: z.string(), bundle: z.string().nullable() })),
    bundles: z.array(z.object({ bundle: z.string(), packer: z.string(), date: z.string(), animals: z.array(z.string()) })),
    sales: z.array(z.object({ shop: z.string(), date: z.string(), animal: z.string(), bundle: z.string().nullable() })),
    shops: z.array(z.string()),
    counts: z.object({ animals: z.number(), stays: z.number(), carcasses: z.number(), packs: z.number(), sales: z.number() }),
    truncated: z.boolean(),
    index: IndexState,
  })
  .passthrough()
export type TraceDto = z.infer<typeof TraceDto>

export interface TraceRequest {
  animal?: string
  site?: string
  from: string
  to: string
  depth: number
}

export async function getTrace(client: ApiClient, q: TraceRequest): Promise<TraceDto> {
  const p = new URLSearchParams({ from: q.from, to: q.to, depth: String(q.depth) })
  if (q.animal !== undefined) p.set('animal', q.animal)
  if (q.site !== undefined) p.set('site', q.site)
  return parseAnswer(TraceDto, await client.request('GET', `/livestock/trace?${p}`), 'trace')
}

const Row = { animal: z.string(), site: z.string(), area: z.string() }
export const DashboardDto = z
  .object({
    asOf: z.string(),
    region: z.string().nullable(),
    late: z.object({ count: z.number(), rows: z.array(z.object({ ...Row, kind: z.string(), date: z.string(), recordedOn: z.string(), late: z.number(), site: z.string().nullable() })) }),
    untagged: z.object({ count: z.number(), rows: z.array(z.object({ ...Row, birth: z.string(), days: z.number() })) }),
    silent: z.object({ count: z.number(), rows: z.array(z.object({ ...Row, last: z.string(), days: z.number() })) }),
    byRegion: z.array(z.object({ region: z.string(), animals: z.number(), late: z.number(), untagged: z.number(), silent: z.number() })),
    byMonth: z.array(z.object({ month: z.string(), births: z.number(), moves: z.number(), slaughters: z.number(), late: z.number() })),
    /** the sites the rows name, with their names (a node before this answer sends none) */
    sites: z.array(z.object({ site: z.string(), kind: z.string(), name: z.string() })).default([]),
    index: IndexState,
  })
  .passthrough()
export type DashboardDto = z.infer<typeof DashboardDto>

export async function getDashboard(client: ApiClient, q: { region?: string; asOf?: string }): Promise<DashboardDto> {
  const p = new URLSearchParams({ limit: '500' })
  if (q.region) p.set('region', q.region)
  if (q.asOf) p.set('asOf', q.asOf)
  return parseAnswer(DashboardDto, await client.request('GET', `/livestock/dashboard?${p}`), 'dashboard')
}

/** Offer text as a file to save (CSV export), with a byte-order mark so spreadsheets read Korean. */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
