/**
 * A herd shaped like Korea's (issue 13, "Speed and scale"; docs/adr/0047): ~90,000 farms (most small, a few very
 * large: a Pareto tail), 17 시도 / 251 시군구 / ~3,500 읍면동 with 10-digit 법정동 codes, ~90 livestock markets held
 * every fifth day, ~70 slaughterhouses, ~4,000 packers, ~40,000 shops; ~4M cattle alive (한우 with their breeding
 * cows, 젖소 and the 육우 steers of dairy farms), and a year of events — ~1.1M births reported (a few late) and tagged
 * (a few late), calves sold through markets or from farm to farm (co-signed moves, grouped as real lorries are),
 * FMD vaccination campaigns twice a year and brucellosis tests, deaths, ~1.1M slaughters with their inspection and
 * DNA sample, grades, packs of one animal's cuts and mixed bundles (묶음번호), sales and the lab's DNA checks — as
 * payloads of ADR 0041's transaction types with valid animal numbers (check digit from `withCheckDigit`).
 *
 * Streamed in the order a ledger must take them: the sites first ('sites'), then the events that made the animals
 * alive on the first day of the year (births, tags and moves of the standing herd, 'herd'), then the year ('year'),
 * day by day, each day in the order its reports depend on each other (birth, tag, vet, moves to markets, moves from
 * them, deaths, slaughters, grades, packs, sales, DNA). Nothing is held per event: a per-animal plan is a pure
 * function of (seed, index) and a calendar queue keeps each animal's next step (a few typed arrays, ~80 MB at scale 1).
 *
 * Deterministic: the same options give the same stream. Imports and exports of live cattle (rare in Korea) are not
 * generated.
 *
 *   npx tsx bench/livestock-data.ts [--scale 0.01] [--seed 1] [--phase sites,herd,year] [--summary] > herd.jsonl
 */
import { createHash } from 'node:crypto'
import { toHex } from '../src/ledger/codec/bytes'
import { publicKeyFromSeedNode } from '../src/ledger/crypto/ed25519-node'
import { withCheckDigit } from '../src/ledger/registries/livestock/portable/identifiers'
import type {
  Birth,
  Death,
  Dna,
  Grade,
  Move,
  Pack,
  Sale,
  SiteRegister,
  Slaughter,
  Tag,
  Vet,
} from '../src/ledger/registries/livestock/portable/schema'
import { REGIONS } from './land-data'

// ------------------------------------------------------------------------------------------------ options, output

export interface HerdOptions {
  /** 1 = national (default); 0.01 = a hundredth of the farms, sites and births */
  scale?: number
  seed?: number
  /** the first day of the generated year (default 2025-01-01) */
  yearStart?: string
  /** which parts to stream (default all) */
  phases?: ReadonlyArray<HerdPhase>
  /** the public key (hex) of an actor's signing key; default: derived from the seed (see actorSeed) */
  keyOf?: (actor: string) => string
}

export type HerdPhase = 'sites' | 'herd' | 'year'

/**
 * One transaction to submit: its type and payload, the day it is reported, and who signs it, as an actor id:
 * `officer:<시도>`, `site:<site number>` (a keeper of that site), `tagger:<시도>`, `vet:<시군구>`,
 * `grader:<slaughterhouse>`, `lab:1`. A move carries the keeper of its destination as `cosigner`.
 */
export interface HerdTx {
  phase: HerdPhase
  /** the day it is reported, YYYY-MM-DD (a birth may be reported days after the payload's date) */
  day: string
  type: string
  payload: unknown
  signer: string
  cosigner?: string
}

/** The 32-byte seed of an actor's signing key in a generated herd: benches and tests sign with it. */
export function actorSeed(seed: number, actor: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`daejang livestock bench ${seed} ${actor}`).digest())
}
export function actorKey(seed: number, actor: string): string {
  return toHex(publicKeyFromSeedNode(actorSeed(seed, actor)))
}

/** The roles each kind of actor needs (ADR 0041 role ids), by the actor id's prefix. */
export function actorRole(actor: string): string {
  const [kind, id] = actor.split(':') as [string, string]
  if (kind === 'officer') return 'livestock-officer'
  if (kind === 'tagger') return 'tagger'
  if (kind === 'vet') return 'vet'
  if (kind === 'grader') return 'grader'
  if (kind === 'lab') return 'lab'
  const n = Number(id)
  if (n >= SHOP_BASE) return 'shop'
  if (n >= PACKER_BASE) return 'packer'
  if (n >= SLAUGHTERHOUSE_BASE) return 'slaughterhouse'
  if (n >= MARKET_BASE) return 'market'
  return 'farmer'
}

// ------------------------------------------------------------------------------------------------ numbers

const FARM_BASE = 100_000
const MARKET_BASE = 900_000
const SLAUGHTERHOUSE_BASE = 910_000
const PACKER_BASE = 920_000
const SHOP_BASE = 950_000

const NATIONAL = { farms: 90_000, markets: 90, slaughterhouses: 70, packers: 4_000, shops: 40_000, birthsPerYear: 1_120_000 }
/** how far back the standing herd's births go (a breeding cow lives up to ~11 years) */
const HISTORY_DAYS = 4_100

/** The animal number of the i-th generated animal: "00", 9 scrambled digits (a bijection of i), the check digit. */
export function animalNumberOf(i: number, seed = 1): string {
  const body = (i * 7_654_321 + seed * 104_729) % 1_000_000_000
  return withCheckDigit('00' + String(body).padStart(9, '0'))
}

function mix32(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35)
  h ^= h >>> 16
  h = Math.imul(h, 0x7feb352d)
  h ^= h >>> 15
  return h >>> 0
}

/** mulberry32 over a state the caller keeps (no closure per animal) */
class Rng {
  s: number
  constructor(seed: number) {
    this.s = seed | 0
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0
    let t = this.s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  between(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
}

// ------------------------------------------------------------------------------------------------ regions

/** 시도 codes of the 법정동 code, in REGIONS' order (서울 … 제주) */
const SIDO_CODES = ['11', '26', '27', '28', '29', '30', '31', '36', '41', '51', '43', '44', '52', '46', '47', '48', '50']
/** how many cattle a 시도 keeps, relative (한우 by province: 경북, 전남, 전북, 충남, 경남 lead) */
const SIDO_CATTLE = [0.02, 0.1, 0.3, 0.4, 0.05, 0.05, 0.6, 0.3, 9, 8, 7, 11, 12, 15, 22, 10, 1.2]

export interface Area {
  sido: string
  sidoCode: string
  sigungu: string
  sigunguCode: string
  dong: string
  /** the 10-digit 법정동 code */
  code: string
  /** relative weight for farms */
  rural: number
}

/** 251 시군구, ~3,500 읍면동 with their 법정동 codes (the same every run). */
export const AREAS: readonly Area[] = (() => {
  const out: Area[] = []
  const bySido = new Map<string, number>()
  for (const g of REGIONS) {
    const si = bySido.get(g.sido) ?? bySido.size
    bySido.set(g.sido, si)
    const gi = Number(g.office.slice(2)) - 1
    const sigunguCode = SIDO_CODES[si]! + String(110 + gi * 10).padStart(3, '0')
    const kind = g.name.endsWith('군') ? 3 : g.name.endsWith('구') ? 0.15 : 1.6
    g.dongs.forEach((dong, di) => {
      const rural = dong.endsWith('면') ? 1.5 : dong.endsWith('읍') ? 0.8 : 0.15
      const emd = dong.endsWith('동') ? 101 + di : dong.endsWith('읍') ? 250 + di : 310 + di * 10
      out.push({
        sido: g.sido,
        sidoCode: SIDO_CODES[si]!,
        sigungu: g.name,
        sigunguCode,
        dong,
        code: sigunguCode + String(emd).padStart(3, '0') + (dong.endsWith('면') ? '21' : '00'),
        rural: SIDO_CATTLE[si]! * kind * rural,
      })
    })
  }
  return out
})()

// ------------------------------------------------------------------------------------------------ sites

export type FarmKind = 'cow-calf' | 'fattening' | 'integrated' | 'dairy'

export interface HerdSite {
  site: string
  kind: SiteRegister['kind']
  name: string
  area: Area
  /** farms: what they do and how many head they keep (relative) */
  farmKind?: FarmKind
  size?: number
}

export interface Herd {
  seed: number
  scale: number
  farms: HerdSite[]
  markets: HerdSite[]
  slaughterhouses: HerdSite[]
  packers: HerdSite[]
  shops: HerdSite[]
  birthsPerYear: number
  yearStart: number
}

const FARM_WORDS = ['한우', '송아지', '축산', '한우마을', '목우', '늘푸른', '새벽', '햇살']

function pickWeighted(cum: Float64Array, x: number): number {
  const t = x * cum[cum.length - 1]!
  let lo = 0
  let hi = cum.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (cum[mid]! > t) hi = mid
    else lo = mid + 1
  }
  return lo
}
function cumulative(ws: ArrayLike<number>): Float64Array {
  const c = new Float64Array(ws.length)
  let s = 0
  for (let i = 0; i < ws.length; i++) c[i] = s += ws[i]!
  return c
}

const DAY_MS = 86_400_000
const dayNumber = (iso: string): number => Math.floor(Date.parse(iso + 'T00:00:00Z') / DAY_MS)

/** The sites of a herd (deterministic); the animals' plans refer to them by index. */
export function makeHerd(o: HerdOptions = {}): Herd {
  const scale = o.scale ?? 1
  const seed = o.seed ?? 1
  const n = (x: number): number => Math.max(1, Math.round(x * scale))
  const r = new Rng(mix32(seed, 0xfa7))
  const areaCum = cumulative(AREAS.map((a) => a.rural))
  const anyCum = cumulative(AREAS.map((a) => (a.sigungu.endsWith('구') ? 3 : 1)))
  const farms: HerdSite[] = []
  for (let i = 0; i < n(NATIONAL.farms); i++) {
    const x = r.next()
    const farmKind: FarmKind = x < 0.45 ? 'cow-calf' : x < 0.65 ? 'fattening' : x < 0.94 ? 'integrated' : 'dairy'
    // Pareto tail: most farms keep under 20 head, a few thousands
    const base = farmKind === 'dairy' ? 25 : farmKind === 'fattening' ? 12 : 5
    const size = Math.min(4_000, base / Math.pow(1 - r.next(), 1 / 1.15))
    const area = AREAS[pickWeighted(areaCum, r.next())]!
    const site = String(FARM_BASE + i)
    const name = `${area.dong} ${FARM_WORDS[r.int(FARM_WORDS.length)]}${farmKind === 'dairy' ? '목장' : '농장'} ${i % 97}`
    farms.push({ site, kind: 'farm', name, area, farmKind, size })
  }
  const place = (count: number, base: number, kind: SiteRegister['kind'], word: string, cum: Float64Array): HerdSite[] =>
    Array.from({ length: count }, (_, i) => {
      const area = AREAS[pickWeighted(cum, r.next())]!
      return { site: String(base + i), kind, name: `${area.sigungu} ${word} ${i + 1}`, area }
    })
  return {
    seed,
    scale,
    farms,
    markets: place(n(NATIONAL.markets), MARKET_BASE, 'market', '가축시장', areaCum),
    slaughterhouses: place(n(NATIONAL.slaughterhouses), SLAUGHTERHOUSE_BASE, 'slaughterhouse', '도축장', areaCum),
    packers: place(n(NATIONAL.packers), PACKER_BASE, 'packer', '식육포장처리', anyCum),
    shops: place(n(NATIONAL.shops), SHOP_BASE, 'shop', '정육점', anyCum),
    birthsPerYear: NATIONAL.birthsPerYear * scale,
    yearStart: dayNumber(o.yearStart ?? '2025-01-01'),
  }
}

// ------------------------------------------------------------------------------------------------ animals' plans

const enum Kind {
  Steer,
  FattenedHeifer,
  Breeder,
  DairyCow,
  DairySteer,
}

/** an animal's life, a pure function of (herd, index) */
interface Plan {
  birthDay: number
  /** the day the birth is reported (usually within 5 days; a few late) */
  reportDay: number
  breed: Birth['breed']
  sex: Birth['sex']
  farm: number
  byTagger: boolean
  tagDay: number
  /** a sale: -1 none; the day, the market (-1 = farm to farm) and the buyer farm */
  sellDay: number
  market: number
  buyer: number
  /** the end: death or slaughter on endDay */
  dies: boolean
  endDay: number
  slaughterhouse: number
  pass: boolean
  quality: Grade['quality']
  yieldGrade: Grade['yield']
  weightKg: string
  packer: number
  packDay: number
  cut: Pack['cut']
  inBundle: boolean
  shop: number
  saleDay: number
  dnaDay: number
  dnaMismatch: boolean
}

const CUT_LIST: ReadonlyArray<Pack['cut']> = ['sirloin', 'striploin', 'tenderloin', 'chuck', 'blade', 'round', 'bottom-round', 'brisket', 'shank', 'rib']

interface Indexes {
  hanwooCum: Float64Array
  hanwooFarms: number[]
  dairyCum: Float64Array
  dairyFarms: number[]
  /** buyers of calves: fattening and integrated farms, by 시도 */
  fatteners: Map<string, { cum: Float64Array; farms: number[] }>
  allFatteners: { cum: Float64Array; farms: number[] }
  /** markets, slaughterhouses, packers, shops by 시도 (falls back to all) */
  marketsBySido: Map<string, number[]>
  slaughterBySido: Map<string, number[]>
  packersBySido: Map<string, number[]>
  shopsBySido: Map<string, number[]>
}

function indexes(h: Herd): Indexes {
  const sel = (pred: (s: HerdSite) => boolean): { cum: Float64Array; farms: number[] } => {
    const farms = h.farms.flatMap((s, i) => (pred(s) ? [i] : []))
    return { farms, cum: cumulative(farms.map((i) => h.farms[i]!.size!)) }
  }
  const hanwoo = sel((s) => s.farmKind === 'cow-calf' || s.farmKind === 'integrated')
  const dairy = sel((s) => s.farmKind === 'dairy')
  const fatteners = new Map<string, { cum: Float64Array; farms: number[] }>()
  for (const code of SIDO_CODES) {
    const f = sel((s) => s.area.sidoCode === code && (s.farmKind === 'fattening' || s.farmKind === 'integrated'))
    if (f.farms.length > 0) fatteners.set(code, f)
  }
  const bySido = (sites: HerdSite[]): Map<string, number[]> => {
    const m = new Map<string, number[]>()
    sites.forEach((s, i) => m.set(s.area.sidoCode, [...(m.get(s.area.sidoCode) ?? []), i]))
    return m
  }
  return {
    hanwooCum: hanwoo.cum,
    hanwooFarms: hanwoo.farms,
    dairyCum: dairy.cum,
    dairyFarms: dairy.farms,
    fatteners,
    allFatteners: sel((s) => s.farmKind === 'fattening' || s.farmKind === 'integrated'),
    marketsBySido: bySido(h.markets),
    slaughterBySido: bySido(h.slaughterhouses),
    packersBySido: bySido(h.packers),
    shopsBySido: bySido(h.shops),
  }
}

function near(m: Map<string, number[]>, sido: string, all: number, x: number): number {
  const list = m.get(sido)
  return list ? list[Math.floor(x * list.length)]! : Math.floor(x * all)
}

/** the first market day (every fifth day, by market) on or after `day` */
const marketDay = (market: number, day: number): number => day + ((5 - ((day + market) % 5)) % 5)

function planOf(h: Herd, ix: Indexes, i: number, firstDay: number, out: Plan): Plan {
  const r = new Rng(mix32(h.seed, i))
  const perDay = h.birthsPerYear / 365
  out.birthDay = firstDay + Math.floor(i / perDay)
  const late = r.next() < 0.02
  out.reportDay = out.birthDay + (late ? r.between(6, 20) : r.between(0, 4))
  const dairyBirth = r.next() < 0.15 && ix.dairyFarms.length > 0
  const female = r.next() < 0.5
  let kind: Kind
  if (dairyBirth) kind = female ? Kind.DairyCow : Kind.DairySteer
  else if (!female) kind = Kind.Steer
  else kind = r.next() < 0.5 ? Kind.Breeder : Kind.FattenedHeifer
  out.breed = kind === Kind.DairyCow ? 'dairy' : kind === Kind.DairySteer ? 'beef' : 'hanwoo'
  out.sex = female ? 'female' : r.next() < 0.92 ? 'castrated' : 'male'
  out.farm = dairyBirth ? ix.dairyFarms[pickWeighted(ix.dairyCum, r.next())]! : ix.hanwooFarms[pickWeighted(ix.hanwooCum, r.next())]!
  out.byTagger = r.next() < 0.3
  out.tagDay = out.reportDay + (r.next() < 0.03 ? r.between(26, 45) : r.between(0, 20))
  // the end of its life
  const life =
    kind === Kind.Steer
      ? r.between(850, 970)
      : kind === Kind.FattenedHeifer
        ? r.between(790, 910)
        : kind === Kind.Breeder
          ? r.between(1_100, 4_000)
          : kind === Kind.DairyCow
            ? r.between(1_100, 2_600)
            : r.between(580, 670)
  out.dies = r.next() < 0.03
  out.endDay = out.birthDay + (out.dies ? r.between(Math.max(out.tagDay - out.birthDay + 1, 10), life) : life)
  // a sale: calves of cow-calf farms (and some breeding heifers) through a market; 육우 at six weeks
  const farm = h.farms[out.farm]!
  const sido = farm.area.sidoCode
  out.sellDay = -1
  out.market = -1
  out.buyer = -1
  const sells =
    kind === Kind.DairySteer ||
    (farm.farmKind === 'cow-calf' && (kind === Kind.Steer || kind === Kind.FattenedHeifer)) ||
    (kind === Kind.Breeder && r.next() < 0.2)
  if (sells) {
    const viaMarket = kind === Kind.DairySteer ? r.next() < 0.5 : r.next() < 0.85
    const age = kind === Kind.DairySteer ? r.between(40, 60) : r.between(180, 260)
    const m = near(ix.marketsBySido, sido, h.markets.length, r.next())
    out.market = viaMarket ? m : -1
    out.sellDay = viaMarket ? marketDay(m, out.birthDay + age) : out.birthDay + age
    if (out.sellDay <= out.tagDay) out.sellDay = viaMarket ? marketDay(m, out.tagDay + 1) : out.tagDay + 1
    // buyers at a market day: a score of regular buyers per market and day, so lorries fill up
    const pool = ix.fatteners.get(sido) ?? ix.allFatteners
    const br = new Rng(mix32(mix32(h.seed, out.market + 7), out.sellDay * 31 + r.int(kind === Kind.Breeder ? 3 : 20)))
    out.buyer = kind === Kind.Breeder ? ix.hanwooFarms[pickWeighted(ix.hanwooCum, br.next())]! : pool.farms[pickWeighted(pool.cum, br.next())]!
    if (out.buyer === out.farm || out.sellDay >= out.endDay) out.sellDay = -1
  }
  // slaughter and after
  out.slaughterhouse = near(ix.slaughterBySido, sido, h.slaughterhouses.length, r.next())
  out.pass = r.next() > 0.002
  const q = r.next()
  const hanwoo = out.breed === 'hanwoo'
  const young = kind === Kind.Steer || kind === Kind.FattenedHeifer || kind === Kind.DairySteer
  out.quality = (
    hanwoo && young
      ? q < 0.12
        ? '1++'
        : q < 0.4
          ? '1+'
          : q < 0.72
            ? '1'
            : q < 0.92
              ? '2'
              : q < 0.99
                ? '3'
                : 'D'
      : q < 0.05
        ? '1'
        : q < 0.35
          ? '2'
          : q < 0.9
            ? '3'
            : 'D'
  ) as Grade['quality']
  const y = r.next()
  out.yieldGrade = out.quality === 'D' ? undefined : y < 0.3 ? 'A' : y < 0.75 ? 'B' : 'C'
  const kg = (hanwoo ? 380 : 330) + r.int(160)
  out.weightKg = `${kg}.${r.int(10)}`
  out.packer = near(ix.packersBySido, h.slaughterhouses[out.slaughterhouse]!.area.sidoCode, h.packers.length, r.next())
  out.packDay = out.endDay + 1 + r.between(1, 2)
  out.cut = CUT_LIST[r.int(CUT_LIST.length)]!
  out.inBundle = r.next() < 0.3
  out.shop = near(ix.shopsBySido, h.packers[out.packer]!.area.sidoCode, h.shops.length, r.next())
  out.saleDay = out.packDay + r.between(1, 5)
  out.dnaDay = r.next() < 0.005 ? out.saleDay + r.between(5, 20) : -1
  out.dnaMismatch = r.next() < 0.01
  return out
}

// ------------------------------------------------------------------------------------------------ the stream

const enum Step {
  Birth,
  Tag,
  MoveOut,
  MoveIn,
  End,
  Grade,
  Pack,
  Sale,
  Dna,
}
/** phases of a day, in the order their reports depend on each other */
const PHASES = 10
const PH = { birth: 0, tag: 1, vet: 2, moveOut: 3, moveIn: 4, death: 5, slaughter: 6, grade: 7, pack: 8, sale: 9 } as const

function emptyPlan(): Plan {
  return {} as Plan
}

export interface HerdStats {
  sites: number
  aliveAtStart: number
  aliveAtEnd: number
  byType: Record<string, number>
  byPhase: Record<string, number>
  /** the farm sizes (head alive at the year's start): how many farms keep ≤ 20, 21–50, 51–100, 101–500, > 500 */
  farmSizes: Record<string, number>
}

/**
 * The herd's transactions, in submission order. `stats` (optional) is filled as the stream goes and complete when it
 * ends.
 */
export function* herdStream(o: HerdOptions = {}, stats?: HerdStats): Generator<HerdTx> {
  const h = makeHerd(o)
  const seed = h.seed
  const phases = new Set<HerdPhase>(o.phases ?? ['sites', 'herd', 'year'])
  const keyCache = new Map<string, string>()
  const keyOf =
    o.keyOf ??
    ((actor: string): string => {
      let k = keyCache.get(actor)
      if (k === undefined) keyCache.set(actor, (k = actorKey(seed, actor)))
      return k
    })
  const count = (t: HerdTx): HerdTx => {
    if (stats) {
      stats.byType[t.type] = (stats.byType[t.type] ?? 0) + 1
      stats.byPhase[t.phase] = (stats.byPhase[t.phase] ?? 0) + 1
    }
    return t
  }
  if (stats) Object.assign(stats, { sites: 0, aliveAtStart: 0, aliveAtEnd: 0, byType: {}, byPhase: {}, farmSizes: {} })
  const firstDay = h.yearStart - HISTORY_DAYS
  const lastDay = h.yearStart + 365 // exclusive
  const dayIso: string[] = []
  for (let d = firstDay; d <= lastDay + 30; d++) dayIso.push(new Date(d * DAY_MS).toISOString().slice(0, 10))
  const iso = (d: number): string => dayIso[d - firstDay]!

  // sites
  const all = [...h.farms, ...h.markets, ...h.slaughterhouses, ...h.packers, ...h.shops]
  if (stats) stats.sites = all.length
  if (phases.has('sites')) {
    for (const s of all) {
      const payload: SiteRegister = {
        site: s.site,
        kind: s.kind,
        name: s.name,
        area: s.area.code,
        address: `${s.area.sido} ${s.area.sigungu} ${s.area.dong} ${1 + (Number(s.site) % 700)}`,
        keepers: [keyOf(`site:${s.site}`)],
      }
      yield count({ phase: 'sites', day: iso(firstDay), type: 'livestock.site.register', payload, signer: `officer:${s.area.sidoCode}` })
    }
  }
  if (!phases.has('herd') && !phases.has('year')) return

  // the animals that matter: alive on the first day of the year, or born during it
  const ix = indexes(h)
  const perDay = h.birthsPerYear / 365
  const total = Math.ceil((HISTORY_DAYS + 365) * perDay)
  const p = emptyPlan()
  let live = new Int32Array(Math.ceil(total * 0.45) + 16)
  let L = 0
  for (let i = 0; i < total; i++) {
    planOf(h, ix, i, firstDay, p)
    if (p.endDay >= h.yearStart || p.birthDay >= h.yearStart) {
      if (L === live.length) {
        const g = new Int32Array(live.length * 2)
        g.set(live)
        live = g
      }
      live[L++] = i
    }
  }
  const next = new Int32Array(L)
  const step = new Uint8Array(L)
  const alive = new Uint8Array(L)
  const site = new Int32Array(L).fill(-1)
  const days = lastDay - firstDay + 40
  const head = new Int32Array(days * PHASES).fill(-1)
  const schedule = (node: number, day: number, phase: number): void => {
    if (day >= lastDay) return
    const b = (day - firstDay) * PHASES + phase
    next[node] = head[b]!
    head[b] = node
  }
  for (let n = 0; n < L; n++) {
    planOf(h, ix, live[n]!, firstDay, p)
    step[n] = Step.Birth
    schedule(n, p.reportDay, PH.birth)
  }
  const bundleSales = new Map<number, Array<{ bundle: string; shop: number }>>()
  const bundleSerial = new Map<number, number>()
  const num = (n: number): string => animalNumberOf(live[n]!, seed)
  const farmSite = (f: number): string => h.farms[f]!.site

  // vaccination campaigns (FMD, April and October; brucellosis tests of cows in October), farm by farm over 28 days
  const campaigns = [h.yearStart + 90, h.yearStart + 273]
  let campaign: { start: number; tests: boolean; order: Int32Array; offsets: Int32Array; byDay: number[][] } | null = null
  const farmOffset = (f: number): number => mix32(seed ^ 0xcafe, f) % 28

  const groups = new Map<string, number[]>()
  const group = (key: string, n: number): void => {
    const g = groups.get(key)
    if (g) g.push(n)
    else groups.set(key, [n])
  }

  for (let day = firstDay; day < lastDay; day++) {
    const phase: HerdPhase = day < h.yearStart ? 'herd' : 'year'
    const emit = phases.has(phase)
    const date = iso(day)
    if (day === h.yearStart && stats) {
      stats.aliveAtStart = alive.reduce((s, a) => s + a, 0)
      const perFarm = new Int32Array(h.farms.length)
      for (let n = 0; n < L; n++) if (alive[n] && site[n]! >= 0) perFarm[site[n]!]!++
      const bands: Record<string, number> = { '≤20': 0, '21–50': 0, '51–100': 0, '101–500': 0, '>500': 0 }
      for (const c of perFarm) bands[c <= 20 ? '≤20' : c <= 50 ? '21–50' : c <= 100 ? '51–100' : c <= 500 ? '101–500' : '>500']!++
      stats.farmSizes = bands
    }
    const ci = campaigns.indexOf(day)
    if (ci >= 0) {
      // who is on which farm on the campaign's first day (counting sort by farm)
      const offsets = new Int32Array(h.farms.length + 1)
      for (let n = 0; n < L; n++) if (alive[n] && site[n]! >= 0) offsets[site[n]! + 1]!++
      for (let f = 0; f < h.farms.length; f++) offsets[f + 1]! += offsets[f]!
      const fill = offsets.slice()
      const order = new Int32Array(offsets[h.farms.length]!)
      for (let n = 0; n < L; n++) if (alive[n] && site[n]! >= 0) order[fill[site[n]!]!++] = n
      const byDay: number[][] = Array.from({ length: 28 }, () => [])
      for (let f = 0; f < h.farms.length; f++) if (offsets[f + 1]! > offsets[f]!) byDay[farmOffset(f)]!.push(f)
      campaign = { start: day, tests: ci === 1, order, offsets, byDay }
    }
    for (let ph = 0; ph < PHASES; ph++) {
      if (ph === PH.vet && campaign && day - campaign.start < 28) {
        for (const f of campaign.byDay[day - campaign.start]!) {
          const here: number[] = []
          const cows: number[] = []
          for (let k = campaign.offsets[f]!; k < campaign.offsets[f + 1]!; k++) {
            const n = campaign.order[k]!
            if (!alive[n] || site[n] !== f) continue
            here.push(n)
            if (campaign.tests) {
              planOf(h, ix, live[n]!, firstDay, p)
              if (p.sex === 'female' && day - p.birthDay >= 730) cows.push(n)
            }
          }
          const vet = `vet:${h.farms[f]!.area.sigunguCode}`
          for (let k = 0; emit && k < here.length; k += 200) {
            const payload: Vet = { animals: here.slice(k, k + 200).map(num), date, act: 'vaccination', disease: 'fmd', product: '구제역 백신 O+A' }
            yield count({ phase, day: date, type: 'livestock.vet', payload, signer: vet })
          }
          for (let k = 0; emit && k < cows.length; k += 200) {
            const chunk = cows.slice(k, k + 200)
            const positive = mix32(seed, f * 7 + k) % 20_000 === 0
            const payload: Vet = { animals: chunk.map(num), date, act: 'test', disease: 'brucellosis', result: positive ? 'positive' : 'negative' }
            yield count({ phase, day: date, type: 'livestock.vet', payload, signer: vet })
          }
        }
        continue
      }
      const b = (day - firstDay) * PHASES + ph
      let n = head[b]!
      head[b] = -1
      if (ph === PH.sale) {
        for (const s of bundleSales.get(day) ?? []) {
          const payload: Sale = { shop: h.shops[s.shop]!.site, date, number: s.bundle }
          if (emit) yield count({ phase, day: date, type: 'livestock.sale', payload, signer: `site:${payload.shop}` })
        }
        bundleSales.delete(day)
      }
      const bundlers = new Map<number, number[]>()
      groups.clear()
      while (n !== -1) {
        const node = n
        n = next[node]!
        planOf(h, ix, live[node]!, firstDay, p)
        const a = num(node)
        switch (step[node]) {
          case Step.Birth: {
            alive[node] = 1
            site[node] = p.farm
            const payload: Birth = { animal: a, farm: farmSite(p.farm), date: iso(p.birthDay), breed: p.breed, sex: p.sex }
            const signer = p.byTagger ? `tagger:${h.farms[p.farm]!.area.sidoCode}` : `site:${payload.farm}`
            if (emit) yield count({ phase, day: date, type: 'livestock.birth', payload, signer })
            step[node] = Step.Tag
            schedule(node, p.tagDay, PH.tag)
            break
          }
          case Step.Tag: {
            const payload: Tag = { animal: a, date }
            if (emit) yield count({ phase, day: date, type: 'livestock.tag', payload, signer: `tagger:${h.farms[p.farm]!.area.sidoCode}` })
            if (p.sellDay >= 0 && p.sellDay < p.endDay) {
              step[node] = p.market >= 0 ? Step.MoveOut : Step.MoveIn
              schedule(node, p.sellDay, p.market >= 0 ? PH.moveOut : PH.moveIn)
            } else {
              step[node] = Step.End
              schedule(node, p.endDay, p.dies ? PH.death : PH.slaughter)
            }
            break
          }
          case Step.MoveOut:
            group(`${p.farm} ${p.market}`, node)
            break
          case Step.MoveIn:
            group(p.market >= 0 ? `m${p.market} ${p.buyer}` : `${p.farm} f${p.buyer}`, node)
            break
          case Step.End: {
            alive[node] = 0
            if (p.dies) {
              const payload: Death = { animal: a, date, cause: '질병', disposal: 'rendering' }
              if (emit) yield count({ phase, day: date, type: 'livestock.death', payload, signer: `site:${farmSite(site[node]!)}` })
              break
            }
            const sh = h.slaughterhouses[p.slaughterhouse]!.site
            const payload: Slaughter = { animal: a, slaughterhouse: sh, date, inspection: p.pass ? 'pass' : 'fail', dnaSample: `S${date.slice(2).replace(/-/g, '')}-${a.slice(3)}` }
            if (emit) yield count({ phase, day: date, type: 'livestock.slaughter', payload, signer: `site:${sh}` })
            if (p.pass) {
              step[node] = Step.Grade
              schedule(node, day + 1, PH.grade)
            }
            break
          }
          case Step.Grade: {
            const payload: Grade = { animal: a, date, quality: p.quality, weightKg: p.weightKg, ...(p.yieldGrade ? { yield: p.yieldGrade } : {}) }
            if (emit) yield count({ phase, day: date, type: 'livestock.grade', payload, signer: `grader:${h.slaughterhouses[p.slaughterhouse]!.site}` })
            step[node] = Step.Pack
            schedule(node, p.packDay, PH.pack)
            break
          }
          case Step.Pack: {
            const packer = h.packers[p.packer]!.site
            const payload: Pack = { packer, date, animals: [a], cut: p.cut, shop: h.shops[p.shop]!.site }
            if (emit) yield count({ phase, day: date, type: 'livestock.pack', payload, signer: `site:${packer}` })
            if (p.inBundle) bundlers.set(p.packer, [...(bundlers.get(p.packer) ?? []), node])
            step[node] = Step.Sale
            schedule(node, p.saleDay, PH.sale)
            break
          }
          case Step.Sale: {
            const payload: Sale = { shop: h.shops[p.shop]!.site, date, number: a }
            if (emit) yield count({ phase, day: date, type: 'livestock.sale', payload, signer: `site:${payload.shop}` })
            if (p.dnaDay >= 0) {
              step[node] = Step.Dna
              schedule(node, p.dnaDay, PH.sale)
            }
            break
          }
          case Step.Dna: {
            const shop = h.shops[p.shop]!.site
            const payload: Dna = { sample: `D${date.slice(2).replace(/-/g, '')}-${a.slice(3)}`, animal: a, shop, date, result: p.dnaMismatch ? 'mismatch' : 'match' }
            if (emit) yield count({ phase, day: date, type: 'livestock.dna', payload, signer: 'lab:1' })
            break
          }
        }
      }
      // grouped moves: to markets, then from them (and farm to farm)
      for (const nodes of groups.values()) {
        for (let k = 0; k < nodes.length; k += 200) {
          const chunk = nodes.slice(k, k + 200)
          planOf(h, ix, live[chunk[0]!]!, firstDay, p)
          const from = ph === PH.moveOut ? farmSite(p.farm) : p.market >= 0 ? h.markets[p.market]!.site : farmSite(p.farm)
          const to = ph === PH.moveOut ? h.markets[p.market]!.site : farmSite(p.buyer)
          const payload: Move = { animals: chunk.map(num), from, to, date }
          if (emit) yield count({ phase, day: date, type: 'livestock.move', payload, signer: `site:${from}`, cosigner: `site:${to}` })
        }
        for (const node of nodes) {
          planOf(h, ix, live[node]!, firstDay, p)
          if (ph === PH.moveOut) {
            site[node] = -2 - p.market
            step[node] = Step.MoveIn
            schedule(node, day, PH.moveIn)
          } else {
            site[node] = p.buyer
            step[node] = Step.End
            schedule(node, p.endDay, p.dies ? PH.death : PH.slaughter)
          }
        }
      }
      groups.clear()
      // mixed bundles: a packer's animals of the day, up to six a bundle
      for (const [packer, nodes] of bundlers) {
        for (let k = 0; k + 1 < nodes.length; k += 6) {
          const chunk = nodes.slice(k, k + 6)
          if (chunk.length < 2) break
          const serial = (bundleSerial.get(packer * 100_000 + day) ?? 0) + 1
          bundleSerial.set(packer * 100_000 + day, serial)
          const packerSite = h.packers[packer]!.site
          const bundle = `L${date.slice(2).replace(/-/g, '')}${packerSite.slice(1)}${String(serial).padStart(3, '0')}`
          planOf(h, ix, live[chunk[0]!]!, firstDay, p)
          const payload: Pack = { packer: packerSite, date, animals: chunk.map(num), cut: 'mixed', bundle, shop: h.shops[p.shop]!.site }
          if (emit) yield count({ phase, day: date, type: 'livestock.pack', payload, signer: `site:${packerSite}` })
          const saleDay = day + 1 + (mix32(seed, serial + packer) % 4)
          bundleSales.set(saleDay, [...(bundleSales.get(saleDay) ?? []), { bundle, shop: p.shop }])
        }
      }
      bundleSerial.clear()
    }
  }
  if (stats) stats.aliveAtEnd = alive.reduce((s, a) => s + a, 0)
}

// ------------------------------------------------------------------------------------------------ command line

function main(): void {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name)
    return i >= 0 ? process.argv[i + 1] : undefined
  }
  const scale = Number(arg('--scale') ?? '0.01')
  const seed = Number(arg('--seed') ?? '1')
  const phases = (arg('--phase') ?? 'sites,herd,year').split(',') as HerdPhase[]
  const summary = process.argv.includes('--summary')
  const stats = {} as HerdStats
  const t0 = Date.now()
  process.stdout.on('error', () => process.exit(0)) // the reader went away (| head)
  let buf = ''
  for (const tx of herdStream({ scale, seed, phases }, stats)) {
    if (summary) continue
    buf += JSON.stringify(tx) + '\n'
    if (buf.length > 1 << 20) {
      process.stdout.write(buf)
      buf = ''
    }
  }
  if (!summary) process.stdout.write(buf)
  process.stderr.write(`${JSON.stringify({ scale, seed, ...stats, seconds: (Date.now() - t0) / 1000 })}\n`)
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) main()
