/**
 * The livestock register's node-local index (docs/adr/0046), rebuilt from committed blocks, never consensus: for
 * every animal its stays, slaughter, packs, sales, late reports and last event, for every site its kind and 법정동
 * area — what tracing (trace.ts) and the officer's dashboard (dashboard.ts) read, in memory (local-index-store.ts),
 * and kept on disk beside the chain (RegistryHost.keepLocal, keys under `lv-ix/`: one per animal and per site, and
 * the height the index is caught up to) so a restart reloads it instead of reading every block again.
 *
 * Catching up (as the land indexes do, ADR 0038): from the stored height + 1 to the head, a chunk of blocks at a time
 * (at most 200 blocks or 5,000 animals), it finds the animals and sites each `livestock.*` transaction names (an
 * animal, a list of animals, a bundle's animals, a batch's events, a site) and writes each one's entry **as it stands
 * in state at the head**, with the new height, in one synced batch, then puts them in memory. A crash loses at most the
 * chunk under way, which the next run does again; writing an entry again writes the same entry (idempotent), so the
 * index is a pure function of the blocks and the state. It runs beside block commits (after each, and at start),
 * awaiting its reads, so it never holds a commit up; a read waits for it a bounded time (`ensure`).
 */
import { DaejangError } from '../../../shared/errors'
import { utf8 } from '../../codec/bytes'
import type { JsonValue } from '../../types/tx'
import type { RegistryHost } from '../types'
import { type AnimalEntry, LivestockIndexStore, type SiteEntry } from './local-index-store'
import { animalKey, bundleKey, siteKey } from './portable/keys'
import type { AnimalEvent, AnimalHead, BundleRecord, SiteRecord } from './portable/schema'

export const INDEX_PREFIX = 'lv-ix/'
const HEIGHT_KEY = 'lv-ix/height'
export const animalIndexKey = (animal: string): string => `lv-ix/a/${animal}`
export const siteIndexKey = (site: string): string => `lv-ix/s/${site}`

/** blocks read and written as one batch while catching up */
export const CHUNK_BLOCKS = 200
/** animals written by one batch at most: a chunk ends at the block that reaches it */
export const MAX_CHUNK_ANIMALS = 5_000
/** blocks behind the head past which a read does not wait for the index */
export const FAR_BEHIND = 1_000

const ANIMAL = /^\d{12}$/
const SITE = /^\d{6}$/
const BUNDLE = /^L\d{14}$/

type Payload = Record<string, unknown>
const obj = (v: unknown): Payload => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Payload) : {})

/** The animals, bundles and sites a livestock payload names (a batch: its events' payloads). */
export function namedIn(payload: JsonValue | unknown, out: { animals: Set<string>; bundles: Set<string>; sites: Set<string> }, nested = false): void {
  const p = obj(payload)
  for (const k of ['animal', 'number', 'mother']) {
    const v = p[k]
    if (typeof v === 'string' && ANIMAL.test(v)) out.animals.add(v)
    else if (typeof v === 'string' && BUNDLE.test(v)) out.bundles.add(v)
  }
  if (typeof p.bundle === 'string' && BUNDLE.test(p.bundle)) out.bundles.add(p.bundle)
  if (Array.isArray(p.animals)) for (const v of p.animals.slice(0, 500)) if (typeof v === 'string' && ANIMAL.test(v)) out.animals.add(v)
  for (const k of ['site', 'farm', 'from', 'to', 'slaughterhouse', 'packer', 'shop']) {
    const v = p[k]
    if (typeof v === 'string' && SITE.test(v)) out.sites.add(v)
  }
  if (!nested && Array.isArray(p.events)) for (const e of p.events.slice(0, 500)) namedIn(obj(e).payload, out, true)
}

/** An animal's entry from its head and events in state (null when it is not registered). */
export async function entryOf(state: RegistryHost['state'], animal: string): Promise<AnimalEntry | null> {
  const head = (await state.get(animalKey(animal))) as unknown as AnimalHead | undefined
  if (head === undefined) return null
  const events: AnimalEvent[] = []
  for await (const [k, v] of state.scanState(`lv/a/${animal}/e-`, 100_000)) if (k.includes('/e-')) events.push(v as unknown as AnimalEvent)
  events.sort((x, y) => x.seq - y.seq)
  const down: AnimalEntry['down'] = []
  const late: AnimalEntry['late'] = []
  let last = ''
  for (const e of events) {
    if (e.date > last) last = e.date
    if (e.late > 0) late.push({ kind: e.kind, date: e.date, recordedOn: e.recordedOn, late: e.late, site: e.site })
    const bundle = typeof e.detail.bundle === 'string' && BUNDLE.test(e.detail.bundle) ? e.detail.bundle : null
    if (e.kind === 'slaughter') down.push({ kind: 'slaughter', site: e.site ?? head.slaughter?.site ?? head.site, date: e.date, bundle: null })
    else if ((e.kind === 'pack' || e.kind === 'sale') && e.site !== null) down.push({ kind: e.kind, site: e.site, date: e.date, bundle })
  }
  return {
    animal,
    birth: head.birthDate,
    tagged: head.tagged,
    status: head.status,
    site: head.site,
    stays: head.stays.map((s) => ({ site: s.site, from: s.from, to: s.to })),
    down,
    late,
    last: last === '' ? head.birthDate : last,
  }
}

export interface IndexStatus {
  height: number
  head: number
  caughtUp: boolean
  /** loading the index kept on disk (after a start), or null */
  loading: boolean
  /** why catching up stopped, or null */
  problem: string | null
}

const json = (v: unknown): Uint8Array => utf8(JSON.stringify(v))
const parse = <T>(b: Uint8Array | undefined): T | undefined => (b === undefined ? undefined : (JSON.parse(new TextDecoder().decode(b)) as T))

/** The livestock index of one node (one per RegistryHost: `livestockLocal(host)`). */
export class LivestockLocal {
  readonly store = new LivestockIndexStore()
  private known: number | null = null
  private running: Promise<void> | null = null
  private loaded: Promise<void> | null = null
  private loadingNow = false
  private problem: string | null = null

  constructor(readonly host: RegistryHost) {}

  private headHeight(): number {
    return this.host.state.head()?.height ?? 0
  }

  /** Load what the index kept on disk into memory (once). */
  private load(): Promise<void> {
    this.loaded ??= (async () => {
      this.loadingNow = true
      try {
        const raw = await this.host.state.getAux(HEIGHT_KEY)
        const n = raw === undefined ? 0 : Number(new TextDecoder().decode(raw))
        for (const k of await this.host.state.auxKeys('lv-ix/s/', 1e9)) {
          const e = parse<SiteEntry>(await this.host.state.getAux(k))
          if (e !== undefined) this.store.putSite(e)
        }
        for (const k of await this.host.state.auxKeys('lv-ix/a/', 1e9)) {
          const e = parse<AnimalEntry>(await this.host.state.getAux(k))
          if (e !== undefined) this.store.putAnimal(e)
        }
        this.known = Number.isSafeInteger(n) && n >= 0 ? n : 0
      } finally {
        this.loadingNow = false
      }
    })()
    return this.loaded
  }

  /** The height the index is caught up to (0: nothing indexed yet). */
  async height(): Promise<number> {
    await this.load()
    return this.known ?? 0
  }

  async status(): Promise<IndexStatus> {
    const head = this.headHeight()
    if (this.loadingNow) return { height: 0, head, caughtUp: false, loading: true, problem: this.problem }
    const height = await this.height()
    return { height, head, caughtUp: height >= head, loading: false, problem: this.problem }
  }

  /** Start catching up (if not under way); resolves when the index reaches the head (or stops). */
  kick(): Promise<void> {
    if (this.running === null) {
      this.running = this.run()
        .catch((e: unknown) => {
          this.problem = e instanceof Error ? e.message : String(e)
        })
        .finally(() => {
          this.running = null
        })
    }
    return this.running
  }

  /** Catch up, waiting at most `waitMs`: whether the index then stands at the head as of the call. */
  async ensure(waitMs: number): Promise<boolean> {
    const target = this.headHeight()
    if (!this.loadingNow && this.known !== null && this.known >= target) return true
    let timer: ReturnType<typeof setTimeout> | undefined
    const waited = new Promise<void>((r) => (timer = setTimeout(r, waitMs)))
    const height = await Promise.race([this.height(), waited.then(() => -1)])
    if (height === -1) return false
    if (height >= target) {
      clearTimeout(timer)
      return true
    }
    if (target - height > FAR_BEHIND) {
      clearTimeout(timer)
      void this.kick()
      return false
    }
    await Promise.race([this.kick(), waited])
    clearTimeout(timer)
    return (this.known ?? 0) >= target
  }

  /** Catch up now, whatever it takes (tests, the CLI). */
  async catchUp(): Promise<IndexStatus> {
    await this.kick()
    if ((await this.height()) < this.headHeight()) await this.kick()
    return this.status()
  }

  /** Catch up after each block this node commits; the function returned stops it. */
  start(): () => void {
    let active = true
    const off = this.host.blocks.onCommit(() => {
      if (active) void this.kick()
    })
    void this.kick()
    return () => {
      active = false
      off()
    }
  }

  /** whether the site's entry is in memory (not only its number, named by a stay before its entry arrived) */
  private knows(site: string): boolean {
    const s = this.store.siteOf(site)
    return s !== -1 && this.store.site(s).area !== ''
  }

  private async run(): Promise<void> {
    this.problem = null
    for (;;) {
      const from = (await this.height()) + 1
      const head = this.headHeight()
      if (from > head) return
      await this.chunk(from, Math.min(head, from + CHUNK_BLOCKS - 1))
    }
  }

  private async chunk(from: number, to: number): Promise<void> {
    const state = this.host.state
    const named = { animals: new Set<string>(), bundles: new Set<string>(), sites: new Set<string>() }
    let end = to
    for (let h = from; h <= to; h++) {
      const block = await this.host.blocks.read(h)
      if (block === null) throw new DaejangError('UNKNOWN_HEIGHT', `this node does not hold block ${h}: the livestock index cannot catch up past ${from - 1}`)
      for (const tx of block.txs) if (tx.type.startsWith('livestock.')) namedIn(tx.payload, named)
      if (named.animals.size >= MAX_CHUNK_ANIMALS) {
        end = h
        break
      }
    }
    for (const b of named.bundles) {
      const rec = (await state.get(bundleKey(b))) as unknown as BundleRecord | undefined
      for (const a of rec?.animals ?? []) named.animals.add(a)
    }
    const animals: AnimalEntry[] = []
    for (const a of named.animals) {
      const e = await entryOf(state, a)
      if (e === null) continue
      animals.push(e)
      for (const s of e.stays) if (!this.knows(s.site)) named.sites.add(s.site)
      for (const d of e.down) if (!this.knows(d.site)) named.sites.add(d.site)
    }
    const sites: SiteEntry[] = []
    for (const s of named.sites) {
      const rec = (await state.get(siteKey(s))) as unknown as SiteRecord | undefined
      if (rec !== undefined) sites.push({ site: rec.site, kind: rec.kind, name: rec.name, area: rec.area })
    }
    const writes: Array<readonly [string, Uint8Array]> = []
    for (const s of sites) writes.push([siteIndexKey(s.site), json(s)])
    for (const e of animals) writes.push([animalIndexKey(e.animal), json(e)])
    writes.push([HEIGHT_KEY, utf8(String(end))])
    await this.host.keepLocal(writes)
    for (const s of sites) this.store.putSite(s)
    for (const e of animals) this.store.putAnimal(e)
    this.known = end
  }
}

const locals = new WeakMap<RegistryHost, LivestockLocal>()

/** The livestock index of a node, by its RegistryHost (one instance per host). */
export function livestockLocal(host: RegistryHost): LivestockLocal {
  let l = locals.get(host)
  if (l === undefined) {
    l = new LivestockLocal(host)
    locals.set(host, l)
  }
  return l
}
