/**
 * Outbreak tracing (docs/adr/0046): from an animal or a farm and a window of days, every animal that shared a site
 * with it in the window, then every animal that shared a site with those, to the depth the officer chooses; the sites
 * they stood on in the window (farms, markets), the start animal's own history (where it came from), and downstream
 * every carcass, pack, bundle and shop holding meat of an animal reached. A pure function over an index (TraceIndex:
 * the node-local index, local-index-store.ts, or anything that answers the same questions).
 *
 * Contact: two animals shared a site when a stay of each at that site and the window have a day in common (both ends
 * inclusive: a move on day d leaves one site and reaches the other that day, and counts on both). Depth: the start
 * animal is depth 0 (a start farm: the farm is depth 0 and the animals on it in the window depth 1); an animal first
 * reached through a depth-d animal is depth d + 1 (the shortest chain of contacts). A site's depth is the least depth
 * of a reached animal that stood on it in the window.
 */
import { DaejangError } from '../../../shared/errors'
import { type DownKind, type SiteEntry, OPEN, dayNumber, dayString } from './local-index-store'

/** What tracing reads of an index (ids are the index's row numbers; days are whole days since 1970-01-01). */
export interface TraceIndex {
  /** animal ids are 0 … animalCount − 1, site ids 0 … siteCount − 1 */
  readonly animalCount: number
  readonly siteCount: number
  /** an animal's id, -1 when unknown */
  animalOf(animal: string): number
  /** a site's id, -1 when unknown */
  siteOf(site: string): number
  animalNumber(a: number): string
  /** a number that orders animals as their numbers do (the number itself: 12 digits fit a double) */
  animalSortKey(a: number): number
  /** the animal of a sort key */
  animalOfSortKey(key: number): number
  site(s: number): SiteEntry
  bundleNumber(b: number): string
  /** the animal's stays, oldest first (`to` OPEN while it is there) */
  staysOfAnimal(a: number, f: (site: number, from: number, to: number) => void): void
  /** the stays at the site ending on or after `since` (open ones included), any order; more is allowed (checked) */
  staysAtSiteSince(s: number, since: number, f: (animal: number, from: number, to: number) => void): void
  /** the animal's slaughter, packs and sales (bundle -1: none) */
  downstreamOf(a: number, f: (kind: DownKind, site: number, day: number, bundle: number) => void): void
}

export const MAX_DEPTH = 4
/** the longest window a trace takes, in days */
export const MAX_WINDOW_DAYS = 366
/** animals a trace reaches at most before it stops and says so (`truncated`) */
export const MAX_ANIMALS = 1_000_000

export interface TraceQuery {
  /** from an animal (12 digits) … */
  animal?: string
  /** … or from a site (6 digits) */
  site?: string
  from: string
  to: string
  depth: number
  maxAnimals?: number
  /** rows listed at most in animals, stays, carcasses, packs and sales (their counts are whole); sites, bundles and shops are all listed */
  rows?: number
}

export interface TraceResult {
  start: { kind: 'animal'; animal: string } | { kind: 'site'; site: string }
  from: string
  to: string
  depth: number
  /** every animal reached, with its depth and the site it was first reached through (null: the start animal) */
  animals: Array<{ animal: string; depth: number; via: string | null }>
  /** every site a reached animal stood on in the window, with its depth */
  sites: Array<SiteEntry & { depth: number }>
  /** the stays of reached animals that meet the window (the graph's edges), by animal then date */
  stays: Array<{ animal: string; site: string; from: string; to: string | null }>
  /** the start animal's whole history of stays (where it came from), oldest first; empty from a site */
  history: Array<{ site: string; from: string; to: string | null }>
  carcasses: Array<{ animal: string; slaughterhouse: string; date: string }>
  packs: Array<{ animal: string; packer: string; date: string; bundle: string | null }>
  /** the mixed bundles holding meat of reached animals, with those animals */
  bundles: Array<{ bundle: string; packer: string; date: string; animals: string[] }>
  /** by animal, in the order recorded */
  sales: Array<{ shop: string; date: string; animal: string; bundle: string | null }>
  /** the shops that sold meat of reached animals */
  shops: string[]
  /** the whole number of each list (a list holds at most `rows` of them) */
  counts: { animals: number; stays: number; carcasses: number; packs: number; sales: number }
  /** stopped at maxAnimals */
  truncated: boolean
}

/** Whether [cf, ct] meets one of the merged, sorted, disjoint intervals (pairs in a flat array). */
function meets(iv: number[], cf: number, ct: number): boolean {
  // the first interval ending on or after cf
  let lo = 0
  let hi = iv.length / 2
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (iv[mid * 2 + 1]! < cf) lo = mid + 1
    else hi = mid
  }
  return lo < iv.length / 2 && iv[lo * 2]! <= ct
}

/** Sort and merge intervals (pairs in a flat array) into disjoint ones. */
function merge(pairs: number[]): number[] {
  const n = pairs.length / 2
  if (n <= 1) return pairs
  const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => pairs[x * 2]! - pairs[y * 2]!)
  const out: number[] = []
  for (const i of idx) {
    const f = pairs[i * 2]!
    const t = pairs[i * 2 + 1]!
    if (out.length > 0 && f <= out[out.length - 1]!) out[out.length - 1] = Math.max(out[out.length - 1]!, t)
    else out.push(f, t)
  }
  return out
}

/** Trace from an animal or a site over a window to a depth (docs/adr/0046). */
export function trace(ix: TraceIndex, q: TraceQuery): TraceResult {
  const wf = dayNumber(q.from)
  const wt = dayNumber(q.to)
  if (!(wf <= wt)) throw new DaejangError('SCHEMA_INVALID', 'the window ends before it starts')
  if (wt - wf + 1 > MAX_WINDOW_DAYS) throw new DaejangError('SCHEMA_INVALID', `a trace covers at most ${MAX_WINDOW_DAYS} days`)
  if (!Number.isInteger(q.depth) || q.depth < 1 || q.depth > MAX_DEPTH) throw new DaejangError('SCHEMA_INVALID', `the depth is 1 to ${MAX_DEPTH}`)
  const max = Math.min(q.maxAnimals ?? MAX_ANIMALS, MAX_ANIMALS)
  const rowsMax = q.rows ?? Infinity
  /** depth + 1 of each animal reached (0: not reached), and the site it was first reached through */
  const depthOf = new Uint8Array(ix.animalCount)
  const viaOf = new Int32Array(ix.animalCount)
  const reached: number[] = []
  const reach = (a: number, depth: number, via: number): void => {
    depthOf[a] = depth + 1
    viaOf[a] = via
    reached.push(a)
  }
  let truncated = false

  /** scan a site's stays for animals not yet reached whose stay meets the intervals: they are depth d */
  const scan = (s: number, iv: number[], d: number, next: number[]): void => {
    ix.staysAtSiteSince(s, wf, (b, f, t) => {
      if (truncated || depthOf[b] !== 0) return
      const cf = f > wf ? f : wf
      const ct = t < wt ? t : wt
      if (cf > ct || !meets(iv, cf, ct)) return
      if (reached.length >= max) {
        truncated = true
        return
      }
      reach(b, d, s)
      next.push(b)
    })
  }

  let frontier: number[]
  let level: number
  let startSite = -1
  let startAnimal = -1
  if (q.animal !== undefined) {
    startAnimal = ix.animalOf(q.animal)
    if (startAnimal === -1) throw new DaejangError('LIVESTOCK_UNKNOWN_ANIMAL', `no animal ${q.animal} in the index`)
    reach(startAnimal, 0, -1)
    frontier = [startAnimal]
    level = 1
  } else if (q.site !== undefined) {
    startSite = ix.siteOf(q.site)
    if (startSite === -1) throw new DaejangError('LIVESTOCK_UNKNOWN_SITE', `no site ${q.site} in the index`)
    frontier = []
    scan(startSite, [wf, wt], 1, frontier)
    level = 2
  } else {
    throw new DaejangError('SCHEMA_INVALID', 'a trace starts from an animal or a site')
  }

  for (; level <= q.depth && frontier.length > 0 && !truncated; level++) {
    // the days each site was shared with the frontier, within the window
    const bySite = new Map<number, number[]>()
    for (const a of frontier) {
      ix.staysOfAnimal(a, (s, f, t) => {
        const cf = f > wf ? f : wf
        const ct = t < wt ? t : wt
        if (cf > ct) return
        let iv = bySite.get(s)
        if (iv === undefined) bySite.set(s, (iv = []))
        iv.push(cf, ct)
      })
    }
    const next: number[] = []
    for (const [s, iv] of bySite) scan(s, merge(iv), level, next)
    frontier = next
  }

  // the reached animals by number: stays, carcasses, packs and sales come out in that order with no sort; numbers
  // are made only for what is listed
  const keys = new Float64Array(reached.length)
  for (let i = 0; i < reached.length; i++) keys[i] = ix.animalSortKey(reached[i]!)
  // a native numeric sort of the numbers (unique), then back to ids: no comparator called per pair
  keys.sort()
  const order = Array.from(keys, (k) => ix.animalOfSortKey(k))
  const numbers = new Map<number, string>()
  const numberOf = (a: number): string => {
    let n = numbers.get(a)
    if (n === undefined) numbers.set(a, (n = ix.animalNumber(a)))
    return n
  }
  // the sites reached animals stood on in the window, and those stays
  /** depth + 1 of each site reached (0: not reached), and the sites in the order first reached */
  const siteDepth = new Uint8Array(ix.siteCount)
  const sitesReached: number[] = []
  if (startSite !== -1) {
    siteDepth[startSite] = 1
    sitesReached.push(startSite)
  }
  const stays: TraceResult['stays'] = []
  const carcasses: TraceResult['carcasses'] = []
  const packs: TraceResult['packs'] = []
  const sales: TraceResult['sales'] = []
  const counts = { animals: reached.length, stays: 0, carcasses: 0, packs: 0, sales: 0 }
  const shops = new Set<number>()
  const bundles = new Map<number, { packer: number; day: number; animals: string[] }>()
  for (const a of order) {
    const depth = depthOf[a]! - 1
    ix.staysOfAnimal(a, (s, f, t) => {
      if (f > wt || t < wf) return
      const d = siteDepth[s]!
      if (d === 0) sitesReached.push(s)
      if (d === 0 || depth + 1 < d) siteDepth[s] = depth + 1
      if (counts.stays++ < rowsMax) stays.push({ animal: numberOf(a), site: ix.site(s).site, from: dayString(f), to: t === OPEN ? null : dayString(t) })
    })
    ix.downstreamOf(a, (kind, s, day, b) => {
      if (day < wf) return
      const bundle = b === -1 ? null : ix.bundleNumber(b)
      if (kind === 'slaughter') {
        if (counts.carcasses++ < rowsMax) carcasses.push({ animal: numberOf(a), slaughterhouse: ix.site(s).site, date: dayString(day) })
      } else if (kind === 'pack') {
        const animal = numberOf(a)
        if (counts.packs++ < rowsMax) packs.push({ animal, packer: ix.site(s).site, date: dayString(day), bundle })
        if (b !== -1) {
          const e = bundles.get(b)
          if (e === undefined) bundles.set(b, { packer: s, day, animals: [animal] })
          else if (e.animals[e.animals.length - 1] !== animal) e.animals.push(animal)
        }
      } else {
        shops.add(s)
        if (counts.sales++ < rowsMax) sales.push({ shop: ix.site(s).site, date: dayString(day), animal: numberOf(a), bundle })
      }
    })
  }
  const history: TraceResult['history'] = []
  if (startAnimal !== -1) {
    ix.staysOfAnimal(startAnimal, (s, f, t) => history.push({ site: ix.site(s).site, from: dayString(f), to: t === OPEN ? null : dayString(t) }))
  }

  // animals by depth, then number: the numbered order split by depth, the first `rows` of them listed
  const animals: TraceResult['animals'] = []
  for (let d = 0; d <= q.depth && animals.length < rowsMax; d++) {
    for (const a of order) {
      if (depthOf[a] !== d + 1) continue
      animals.push({ animal: numberOf(a), depth: d, via: viaOf[a] === -1 ? null : ix.site(viaOf[a]!).site })
      if (animals.length >= rowsMax) break
    }
  }
  const sites = sitesReached.map((s) => ({ ...ix.site(s), depth: siteDepth[s]! - 1 }))
  sites.sort((x, y) => x.depth - y.depth || (x.site < y.site ? -1 : 1))
  const bundleList = [...bundles].map(([b, e]) => ({ bundle: ix.bundleNumber(b), packer: ix.site(e.packer).site, date: dayString(e.day), animals: e.animals }))
  bundleList.sort((x, y) => (x.bundle < y.bundle ? -1 : 1))
  return {
    start: q.animal !== undefined ? { kind: 'animal', animal: q.animal } : { kind: 'site', site: q.site! },
    from: q.from,
    to: q.to,
    depth: q.depth,
    animals,
    sites,
    stays,
    history,
    carcasses,
    packs,
    bundles: bundleList,
    sales,
    shops: [...shops].map((s) => ix.site(s).site).sort(),
    counts,
    truncated,
  }
}
