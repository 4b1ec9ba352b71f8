/**
 * The livestock register's node-local index in memory (docs/adr/0046): every animal's stays (site, from, to), its
 * slaughter, packs and sales, its late reports and its last event, and every site's kind and 법정동 area — what tracing
 * and the officer's dashboard read. Kept in columns of typed arrays (an animal, a stay, a downstream step is a row;
 * lists are linked by row numbers), so a country's herd (~4M animals, ~6M stays) costs a few hundred megabytes and
 * no per-animal object: the bench (bench/livestock-trace.ts) measures it.
 *
 * Filled by `putAnimal` / `putSite` with an animal's or a site's entry as it stands in state (local-index.ts derives
 * the entries from committed blocks and keeps them on disk). Putting the same entry again changes nothing
 * (idempotent); an entry that grew (a stay closed, a new stay, a sale) updates the rows in place and appends the rest.
 */

/** A calendar day (YYYY-MM-DD) as whole days since 1970-01-01. */
export function dayNumber(s: string): number {
  return Math.floor(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000)
}
/** day strings made so far, by day number from 1900-01-01 (dates are 1900–2199: at most ~110,000) */
const DAY0 = -25_567
const dayStrings: string[] = []
/** A day number back to YYYY-MM-DD. */
export function dayString(n: number): string {
  const i = n - DAY0
  if (i >= 0 && i < 110_000) return (dayStrings[i] ??= new Date(n * 86_400_000).toISOString().slice(0, 10))
  return new Date(n * 86_400_000).toISOString().slice(0, 10)
}
/** the `to` of a stay still open (the animal is there) */
export const OPEN = 2 ** 31 - 1
/** no day (untagged; no event) */
export const NO_DAY = -(2 ** 31)

export const STATUSES = ['alive', 'dead', 'slaughtered', 'exported'] as const
export type AnimalStatus = (typeof STATUSES)[number]
export const DOWN_KINDS = ['slaughter', 'pack', 'sale'] as const
export type DownKind = (typeof DOWN_KINDS)[number]

/** What the index keeps of an animal (derived from its head and events in state). */
export interface AnimalEntry {
  animal: string
  birth: string
  tagged: string | null
  status: AnimalStatus
  /** the site it is on (alive), or the last it was on */
  site: string
  stays: Array<{ site: string; from: string; to: string | null }>
  /** slaughter, packs and sales, in the order recorded */
  down: Array<{ kind: DownKind; site: string; date: string; bundle: string | null }>
  /** its events reported late */
  late: LateReport[]
  /** the day of its latest event */
  last: string
}

export interface LateReport {
  kind: string
  date: string
  recordedOn: string
  /** days past the deadline */
  late: number
  site: string | null
}

export interface SiteEntry {
  site: string
  kind: string
  name: string
  /** 10-digit 법정동 code */
  area: string
}

/** A growable column of 32-bit integers. */
class Col {
  a: Int32Array
  n = 0
  constructor(cap = 1024) {
    this.a = new Int32Array(cap)
  }
  push(v: number): number {
    if (this.n === this.a.length) {
      const b = new Int32Array(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n] = v
    return this.n++
  }
  bytes(): number {
    return this.a.byteLength
  }
}

/** A growable column of doubles (animal numbers: 12 digits fit exactly). */
class Col64 {
  a: Float64Array
  n = 0
  constructor(cap = 1024) {
    this.a = new Float64Array(cap)
  }
  push(v: number): number {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2)
      b.set(this.a)
      this.a = b
    }
    this.a[this.n] = v
    return this.n++
  }
}

/** Read by trace.ts as its `TraceIndex` (structurally: this module does not import trace.ts, which imports it). */
export class LivestockIndexStore {
  // animals
  private readonly animalIds = new Map<number, number>()
  private readonly aNum = new Col64()
  private readonly aBirth = new Col()
  private readonly aTagged = new Col()
  private readonly aStatus = new Col()
  private readonly aSite = new Col()
  private readonly aLast = new Col()
  /** the animal's first stay row (-1: none); its stays are linked in order by sNextA */
  private readonly aStay = new Col()
  private readonly aDown = new Col()
  private readonly late = new Map<number, LateReport[]>()
  // stays
  private readonly sAnimal = new Col()
  private readonly sSite = new Col()
  private readonly sFrom = new Col()
  private readonly sTo = new Col()
  private readonly sNextA = new Col()
  private readonly sNextS = new Col()
  /** the last stay row of each animal (for appending in order) */
  private readonly aStayTail = new Col()
  // downstream steps
  private readonly dAnimal = new Col()
  private readonly dKind = new Col()
  private readonly dSite = new Col()
  private readonly dDay = new Col()
  private readonly dBundle = new Col()
  private readonly dNext = new Col()
  private readonly aDownTail = new Col()
  // sites
  private readonly siteIds = new Map<string, number>()
  private readonly sites: SiteEntry[] = []
  /** the site's most recent stay row; a site's stays are linked newest first by sNextS */
  private readonly siteStay = new Col()
  /** a site's stay rows sorted by `to`, newest (open) first: built when a trace first asks, dropped when a stay changes */
  private readonly byTo = new Map<number, Int32Array>()
  // bundles
  private readonly bundleIds = new Map<string, number>()
  private readonly bundles: string[] = []

  get animalCount(): number {
    return this.aNum.n
  }
  get stayCount(): number {
    return this.sAnimal.n
  }
  get siteCount(): number {
    return this.sites.length
  }

  /** The bytes held by the typed columns (the maps and site records come on top: the bench measures the heap). */
  columnBytes(): number {
    const cols = [this.aBirth, this.aTagged, this.aStatus, this.aSite, this.aLast, this.aStay, this.aDown, this.aStayTail, this.aDownTail]
    const rows = [this.sAnimal, this.sSite, this.sFrom, this.sTo, this.sNextA, this.sNextS, this.dAnimal, this.dKind, this.dSite, this.dDay, this.dBundle, this.dNext, this.siteStay]
    return [...cols, ...rows].reduce((s, c) => s + c.bytes(), this.aNum.a.byteLength)
  }

  // ---- ids -----------------------------------------------------------------------------------------------------

  animalOf(animal: string): number {
    return /^\d{12}$/.test(animal) ? (this.animalIds.get(Number(animal)) ?? -1) : -1
  }
  siteOf(site: string): number {
    return this.siteIds.get(site) ?? -1
  }
  animalNumber(a: number): string {
    return String(this.aNum.a[a]).padStart(12, '0')
  }
  animalSortKey(a: number): number {
    return this.aNum.a[a]!
  }
  animalOfSortKey(key: number): number {
    return this.animalIds.get(key) ?? -1
  }
  site(s: number): SiteEntry {
    return this.sites[s]!
  }
  bundleNumber(b: number): string {
    return this.bundles[b]!
  }

  /** A site's id, registering it with what is known of it (a placeholder until its entry is put). */
  siteId(site: string): number {
    let s = this.siteIds.get(site)
    if (s === undefined) {
      s = this.sites.length
      this.sites.push({ site, kind: 'farm', name: '', area: '' })
      this.siteIds.set(site, s)
      this.siteStay.push(-1)
    }
    return s
  }

  private animalId(animal: string): number {
    const key = Number(animal)
    let a = this.animalIds.get(key)
    if (a === undefined) {
      a = this.aNum.push(key)
      this.animalIds.set(key, a)
      for (const c of [this.aBirth, this.aTagged, this.aStatus, this.aSite, this.aLast]) c.push(0)
      for (const c of [this.aStay, this.aDown, this.aStayTail, this.aDownTail]) c.push(-1)
    }
    return a
  }

  private bundleId(bundle: string | null): number {
    if (bundle === null) return -1
    let b = this.bundleIds.get(bundle)
    if (b === undefined) {
      b = this.bundles.length
      this.bundles.push(bundle)
      this.bundleIds.set(bundle, b)
    }
    return b
  }

  // ---- writes --------------------------------------------------------------------------------------------------

  putSite(e: SiteEntry): void {
    const s = this.siteId(e.site)
    this.sites[s] = { site: e.site, kind: e.kind, name: e.name, area: e.area }
  }

  /** Put an animal's entry as it stands (again: nothing changes; grown: rows updated in place, the rest appended). */
  putAnimal(e: AnimalEntry): void {
    const a = this.animalId(e.animal)
    this.aBirth.a[a] = dayNumber(e.birth)
    this.aTagged.a[a] = e.tagged === null ? NO_DAY : dayNumber(e.tagged)
    this.aStatus.a[a] = Math.max(0, STATUSES.indexOf(e.status))
    this.aSite.a[a] = this.siteId(e.site)
    this.aLast.a[a] = e.last === '' ? NO_DAY : dayNumber(e.last)
    if (e.late.length > 0) this.late.set(a, e.late.map((l) => ({ ...l })))
    else this.late.delete(a)
    this.putStays(a, e.stays)
    this.putDown(a, e.down)
  }

  private putStays(a: number, stays: AnimalEntry['stays']): void {
    let prev = -1
    let row = this.aStay.a[a]!
    let i = 0
    // update the rows the animal has, in order, while they are the same stays
    for (; row !== -1 && i < stays.length; i++) {
      const st = stays[i]!
      if (this.sSite.a[row] !== this.siteId(st.site) || this.sFrom.a[row] !== dayNumber(st.from)) break
      const to = st.to === null ? OPEN : dayNumber(st.to)
      if (this.sTo.a[row] !== to) this.byTo.delete(this.sSite.a[row]!)
      this.sTo.a[row] = to
      prev = row
      row = this.sNextA.a[row]!
    }
    if (row !== -1) {
      // rows that are no longer the animal's stays (never expected: stays only grow) are retired and cut off
      for (let r = row; r !== -1; r = this.sNextA.a[r]!) {
        this.sAnimal.a[r] = -1
        this.byTo.delete(this.sSite.a[r]!)
      }
      if (prev === -1) this.aStay.a[a] = -1
      else this.sNextA.a[prev] = -1
      this.aStayTail.a[a] = prev
    }
    for (; i < stays.length; i++) {
      const st = stays[i]!
      const s = this.siteId(st.site)
      const r = this.sAnimal.push(a)
      this.sSite.push(s)
      this.sFrom.push(dayNumber(st.from))
      this.sTo.push(st.to === null ? OPEN : dayNumber(st.to))
      this.sNextA.push(-1)
      this.sNextS.push(this.siteStay.a[s]!)
      this.siteStay.a[s] = r
      this.byTo.delete(s)
      const tail = this.aStayTail.a[a]!
      if (tail === -1) this.aStay.a[a] = r
      else this.sNextA.a[tail] = r
      this.aStayTail.a[a] = r
    }
  }

  private putDown(a: number, down: AnimalEntry['down']): void {
    let row = this.aDown.a[a]!
    let i = 0
    for (; row !== -1 && i < down.length; i++) row = this.dNext.a[row]!
    // downstream steps are never changed once recorded: only new ones are appended
    for (; i < down.length; i++) {
      const d = down[i]!
      const r = this.dAnimal.push(a)
      this.dKind.push(DOWN_KINDS.indexOf(d.kind))
      this.dSite.push(this.siteId(d.site))
      this.dDay.push(dayNumber(d.date))
      this.dBundle.push(this.bundleId(d.bundle))
      this.dNext.push(-1)
      const tail = this.aDownTail.a[a]!
      if (tail === -1) this.aDown.a[a] = r
      else this.dNext.a[tail] = r
      this.aDownTail.a[a] = r
    }
  }

  // ---- reads (TraceIndex) --------------------------------------------------------------------------------------

  staysOfAnimal(a: number, f: (site: number, from: number, to: number) => void): void {
    for (let r = this.aStay.a[a]!; r !== -1; r = this.sNextA.a[r]!) f(this.sSite.a[r]!, this.sFrom.a[r]!, this.sTo.a[r]!)
  }

  staysAtSite(s: number, f: (animal: number, from: number, to: number) => void): void {
    for (let r = this.siteStay.a[s]!; r !== -1; r = this.sNextS.a[r]!) {
      const a = this.sAnimal.a[r]!
      if (a !== -1) f(a, this.sFrom.a[r]!, this.sTo.a[r]!)
    }
  }

  /**
   * The stays at a site that end on or after `since` (or are open), newest end first: through the site's rows sorted by
   * end (built at the first call after a change), so a window's trace skips the site's older history.
   */
  staysAtSiteSince(s: number, since: number, f: (animal: number, from: number, to: number) => void): void {
    let rows = this.byTo.get(s)
    if (rows === undefined) {
      const list: number[] = []
      for (let r = this.siteStay.a[s]!; r !== -1; r = this.sNextS.a[r]!) if (this.sAnimal.a[r] !== -1) list.push(r)
      rows = Int32Array.from(list)
      const to = this.sTo.a
      rows.sort((x, y) => to[y]! - to[x]!)
      this.byTo.set(s, rows)
    }
    const to = this.sTo.a
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!
      if (to[r]! < since) return
      f(this.sAnimal.a[r]!, this.sFrom.a[r]!, to[r]!)
    }
  }

  downstreamOf(a: number, f: (kind: DownKind, site: number, day: number, bundle: number) => void): void {
    for (let r = this.aDown.a[a]!; r !== -1; r = this.dNext.a[r]!) f(DOWN_KINDS[this.dKind.a[r]!]!, this.dSite.a[r]!, this.dDay.a[r]!, this.dBundle.a[r]!)
  }

  // ---- reads (dashboard) ---------------------------------------------------------------------------------------

  /** An animal's scalar facts (days as day numbers; NO_DAY where none). */
  animalFacts(a: number): { birth: number; tagged: number; status: AnimalStatus; site: number; last: number } {
    return {
      birth: this.aBirth.a[a]!,
      tagged: this.aTagged.a[a]!,
      status: STATUSES[this.aStatus.a[a]!]!,
      site: this.aSite.a[a]!,
      last: this.aLast.a[a]!,
    }
  }

  /** An animal's birth or last event as a day number (no object made: sorting a country's herd). */
  dayOf(a: number, key: 'birth' | 'last'): number {
    return (key === 'birth' ? this.aBirth : this.aLast).a[a]!
  }

  /** Every late report, by animal id. */
  lateReports(): IterableIterator<[number, LateReport[]]> {
    return this.late.entries()
  }

  /** The animal's entry as the index holds it (tests compare it with what state says). */
  entryOf(animal: string): AnimalEntry | null {
    const a = this.animalOf(animal)
    if (a === -1) return null
    const f = this.animalFacts(a)
    const stays: AnimalEntry['stays'] = []
    this.staysOfAnimal(a, (s, from, to) => stays.push({ site: this.sites[s]!.site, from: dayString(from), to: to === OPEN ? null : dayString(to) }))
    const down: AnimalEntry['down'] = []
    this.downstreamOf(a, (kind, s, day, b) => down.push({ kind, site: this.sites[s]!.site, date: dayString(day), bundle: b === -1 ? null : this.bundles[b]! }))
    return {
      animal,
      birth: dayString(f.birth),
      tagged: f.tagged === NO_DAY ? null : dayString(f.tagged),
      status: f.status,
      site: this.sites[f.site]!.site,
      stays,
      down,
      late: (this.late.get(a) ?? []).map((l) => ({ ...l })),
      last: f.last === NO_DAY ? '' : dayString(f.last),
    }
  }
}
