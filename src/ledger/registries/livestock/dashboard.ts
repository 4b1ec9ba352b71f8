/**
 * The livestock officer's dashboard (docs/adr/0046, issue 13 item 6), over the node-local index: reports made late
 * (how late, where), animals still untagged more than 30 days after birth, animals alive with no event for a year —
 * in a region (a 법정동 code prefix: 2 digits 시도, 5 시군구, 8 읍면동, or the whole country) — with their counts by the
 * region's next level down and by month over the last twelve months (births, moves, slaughters, late reports).
 * An animal's region is the area of the site it is on (or last was on); a late report's, the area of its event's site.
 */
import { DaejangError } from '../../../shared/errors'
import type { StateReader } from '../../state/view'
import { type LivestockIndexStore, NO_DAY, dayNumber, dayString } from './local-index-store'
import { siteKey } from './portable/keys'
import type { SiteRecord } from './portable/schema'

/** days after birth an ear tag is due (docs/adr/0041) */
export const TAG_DUE_DAYS = 30
/** days without an event after which a living animal is listed as silent */
export const SILENT_DAYS = 365
export const MAX_ROWS = 5_000

export interface DashboardQuery {
  /** a 법정동 code prefix (2, 5, 8 or 10 digits), or none for the whole country */
  region?: string
  /** the day the dashboard is as of (YYYY-MM-DD) */
  asOf: string
  /** rows listed per list at most (the counts are whole) */
  limit?: number
}

export interface LateRow {
  animal: string
  kind: string
  date: string
  recordedOn: string
  late: number
  site: string | null
  area: string
}
export interface UntaggedRow {
  animal: string
  birth: string
  /** days since birth */
  days: number
  site: string
  area: string
}
export interface SilentRow {
  animal: string
  last: string
  /** days since its last event */
  days: number
  site: string
  area: string
}
export interface RegionCount {
  region: string
  animals: number
  late: number
  untagged: number
  silent: number
}
export interface MonthCount {
  /** YYYY-MM */
  month: string
  births: number
  moves: number
  slaughters: number
  late: number
}

export interface DashboardResult {
  asOf: string
  region: string | null
  late: { count: number; rows: LateRow[] }
  untagged: { count: number; rows: UntaggedRow[] }
  silent: { count: number; rows: SilentRow[] }
  /** by the region's next level down (the whole country: by 시도) */
  byRegion: RegionCount[]
  /** the twelve months up to the one of asOf, oldest first */
  byMonth: MonthCount[]
}

const REGION = /^(?:\d{2}|\d{5}|\d{8}|\d{10})$/

/** The next level of a region below `prefix`: 시도 (2) → 시군구 (5) → 읍면동 (8) → 리 (10). */
function childLength(prefix: string | undefined): number {
  const n = prefix?.length ?? 0
  return n === 0 ? 2 : n === 2 ? 5 : n === 5 ? 8 : 10
}

export function dashboard(ix: LivestockIndexStore, q: DashboardQuery): DashboardResult {
  if (q.region !== undefined && !REGION.test(q.region)) throw new DaejangError('SCHEMA_INVALID', 'a region is 2, 5, 8 or 10 digits of a 법정동 code')
  const today = dayNumber(q.asOf)
  const limit = Math.min(q.limit ?? 500, MAX_ROWS)
  const prefix = q.region ?? ''
  const level = childLength(q.region)
  const inRegion = (area: string): boolean => area.startsWith(prefix)
  const regions = new Map<string, RegionCount>()
  const regionOf = (area: string): RegionCount => {
    const key = area === '' ? '' : area.slice(0, level)
    let r = regions.get(key)
    if (r === undefined) regions.set(key, (r = { region: key, animals: 0, late: 0, untagged: 0, silent: 0 }))
    return r
  }
  // months: the twelve up to asOf's
  const asOfDate = new Date(today * 86_400_000)
  const months: MonthCount[] = []
  const monthIndex = new Map<string, MonthCount>()
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth() - i, 1))
    const m: MonthCount = { month: d.toISOString().slice(0, 7), births: 0, moves: 0, slaughters: 0, late: 0 }
    months.push(m)
    monthIndex.set(m.month, m)
  }
  const monthOfDay = (n: number): MonthCount | undefined => monthIndex.get(dayString(n).slice(0, 7))
  const firstMonthDay = dayNumber(`${months[0]!.month}-01`)

  // the animals listed, by id (rows are made for the first `limit` once sorted: the most overdue first)
  const untaggedIds: number[] = []
  const silentIds: number[] = []
  for (let a = 0; a < ix.animalCount; a++) {
    const f = ix.animalFacts(a)
    const site = ix.site(f.site)
    if (!inRegion(site.area)) continue
    const r = regionOf(site.area)
    if (f.status === 'alive') {
      r.animals++
      if (f.tagged === NO_DAY && today - f.birth > TAG_DUE_DAYS) {
        r.untagged++
        untaggedIds.push(a)
      }
      if (f.last !== NO_DAY && today - f.last >= SILENT_DAYS) {
        r.silent++
        silentIds.push(a)
      }
    }
    if (f.birth >= firstMonthDay && f.birth <= today) {
      const m = monthOfDay(f.birth)
      if (m !== undefined) m.births++
    }
    let first = true
    ix.staysOfAnimal(a, (_s, from) => {
      // every stay after the first began with a move
      if (!first && from >= firstMonthDay && from <= today) {
        const m = monthOfDay(from)
        if (m !== undefined) m.moves++
      }
      first = false
    })
    ix.downstreamOf(a, (kind, _s, day) => {
      if (kind !== 'slaughter' || day < firstMonthDay || day > today) return
      const m = monthOfDay(day)
      if (m !== undefined) m.slaughters++
    })
  }

  const late: LateRow[] = []
  for (const [a, reports] of ix.lateReports()) {
    const home = ix.site(ix.animalFacts(a).site)
    for (const l of reports) {
      const at = l.site === null ? -1 : ix.siteOf(l.site)
      const area = at === -1 ? home.area : ix.site(at).area
      if (!inRegion(area) || l.recordedOn > q.asOf) continue
      regionOf(area).late++
      late.push({ animal: ix.animalNumber(a), kind: l.kind, date: l.date, recordedOn: l.recordedOn, late: l.late, site: l.site, area })
      const m = monthIndex.get(l.recordedOn.slice(0, 7))
      if (m !== undefined) m.late++
    }
  }
  late.sort((x, y) => (x.recordedOn !== y.recordedOn ? (x.recordedOn < y.recordedOn ? 1 : -1) : y.late - x.late || (x.animal < y.animal ? -1 : 1)))
  const facts = (a: number) => {
    const f = ix.animalFacts(a)
    return { ...f, animal: ix.animalNumber(a), site: ix.site(f.site) }
  }
  // oldest birth (or last event) first, then by number
  const order = (key: 'birth' | 'last') => (x: number, y: number) => ix.dayOf(x, key) - ix.dayOf(y, key) || ix.animalSortKey(x) - ix.animalSortKey(y)
  const untagged: UntaggedRow[] = untaggedIds
    .sort(order('birth'))
    .slice(0, limit)
    .map(facts)
    .map((f) => ({ animal: f.animal, birth: dayString(f.birth), days: today - f.birth, site: f.site.site, area: f.site.area }))
  const silent: SilentRow[] = silentIds
    .sort(order('last'))
    .slice(0, limit)
    .map(facts)
    .map((f) => ({ animal: f.animal, last: dayString(f.last), days: today - f.last, site: f.site.site, area: f.site.area }))
  return {
    asOf: q.asOf,
    region: q.region ?? null,
    late: { count: late.length, rows: late.slice(0, limit) },
    untagged: { count: untaggedIds.length, rows: untagged },
    silent: { count: silentIds.length, rows: silent },
    byRegion: [...regions.values()].sort((x, y) => (x.region < y.region ? -1 : 1)),
    byMonth: months,
  }
}

/** A site named in the dashboard's rows, as the state has it now (its name may have changed since the index learned it). */
export interface DashboardSite {
  site: string
  kind: string
  name: string
}

/** site reads sent together at most (the rows name up to 3 × MAX_ROWS sites) */
const NAME_READS = 1_000

/**
 * The sites the dashboard's rows name, read from the state in batches of concurrent reads: the tables show each
 * site's name beside its number. A site no longer in the state (none is deleted; a pruned node) is left out.
 */
export async function dashboardSites(state: StateReader, r: Pick<DashboardResult, 'late' | 'untagged' | 'silent'>): Promise<DashboardSite[]> {
  const named = new Set<string>()
  for (const l of r.late.rows) if (l.site !== null) named.add(l.site)
  for (const u of r.untagged.rows) named.add(u.site)
  for (const s of r.silent.rows) named.add(s.site)
  const list = [...named].sort()
  const out: DashboardSite[] = []
  for (let k = 0; k < list.length; k += NAME_READS) {
    const got = await Promise.all(list.slice(k, k + NAME_READS).map((s) => state.get(siteKey(s))))
    for (const v of got) {
      const rec = v as unknown as SiteRecord | undefined
      if (rec !== undefined) out.push({ site: rec.site, kind: rec.kind, name: rec.name })
    }
  }
  return out
}
