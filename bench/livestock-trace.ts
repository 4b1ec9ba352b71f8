/**
 * Outbreak tracing at national scale (issue 13, "Speed and scale"; docs/adr/0046): a Korea-shaped herd generated
 * straight into the node-local index (local-index-store.ts) — ~4M animals alive on ~90,000 farms whose sizes follow a
 * long tail (lognormal: most farms a dozen head, a few thousand), calves sold through ~90 livestock markets to
 * fattening farms, ~1M slaughtered over the last year with packs (a tenth in mixed bundles) and sales — then a trace
 * of depth 2 over 30 days from an animal that passed through the busiest market (target ≤ 1 s), with the animals and
 * farms reached; the same from a farm, depths 1 and 3 for comparison, the dashboard over the whole country, and the
 * index's memory (typed columns, and the heap and array buffers the build added).
 *
 * Usage: nice -n 10 node --expose-gc --import tsx bench/livestock-trace.ts [--scale 1] [--seed 7] [--runs 5] [--rows 5000]
 */
import { loadavg } from 'node:os'
import { dashboard } from '../src/ledger/registries/livestock/dashboard'
import { type AnimalEntry, LivestockIndexStore, dayNumber, dayString } from '../src/ledger/registries/livestock/local-index-store'
import { trace } from '../src/ledger/registries/livestock/trace'
import { argOf, seededRandom } from './fixtures'

const SCALE = argOf('--scale', 1)
const RUNS = argOf('--runs', 5)
/** rows listed per list, as the trace route lists them by default (the counts are whole) */
const ROWS = argOf('--rows', 5_000)
const { rand, randInt } = seededRandom(argOf('--seed', 7))

const ALIVE = Math.round(4_000_000 * SCALE)
const FARMS = Math.round(90_000 * SCALE)
const MARKETS = Math.max(3, Math.round(90 * Math.sqrt(SCALE)))
const SLAUGHTERED = Math.round(1_000_000 * SCALE)
const SLAUGHTERHOUSES = 70
const PACKERS = Math.max(10, Math.round(500 * Math.sqrt(SCALE)))
const SHOPS = Math.max(20, Math.round(5_000 * Math.sqrt(SCALE)))
const TODAY = dayNumber('2026-12-01')
/** animals are born over the last three years */
const SPAN = 3 * 365
/** 시도 codes of the main cattle provinces, weighted by herd (경북, 전남, 경남, 충남, 전북, 경기, 강원, 충북, 제주…) */
const PROVINCES: Array<[string, number]> = [['47', 22], ['46', 15], ['48', 12], ['44', 11], ['52', 10], ['41', 9], ['51', 8], ['43', 8], ['50', 2], ['36', 1], ['31', 1], ['30', 1]]

const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
/** a sampler over weights: cumulative sums and a binary search */
function sampler(weights: Float64Array): () => number {
  const cum = new Float64Array(weights.length)
  let t = 0
  for (let i = 0; i < weights.length; i++) cum[i] = t += weights[i]!
  return () => {
    const x = rand() * t
    let lo = 0
    let hi = cum.length - 1
    while (lo < hi) {
      const m = (lo + hi) >> 1
      if (cum[m]! < x) lo = m + 1
      else hi = m
    }
    return lo
  }
}
const pickProvince = sampler(Float64Array.from(PROVINCES.map((p) => p[1])))
const area = (): string => `${PROVINCES[pickProvince()]![0]}${String(110 + randInt(800)).padStart(3, '0')}${String(250 + randInt(700)).padStart(3, '0')}00`

const days: string[] = []
const ds = (n: number): string => (days[n - TODAY + SPAN + 400] ??= dayString(n))
const code = (i: number): string => String(100_000 + i)

function build(ix: LivestockIndexStore): { farmSizes: Float64Array; marketLoad: Int32Array } {
  const farmW = new Float64Array(FARMS)
  for (let i = 0; i < FARMS; i++) farmW[i] = Math.exp(1.5 * normal())
  const marketW = new Float64Array(MARKETS)
  for (let i = 0; i < MARKETS; i++) marketW[i] = Math.exp(0.8 * normal())
  const pickFarm = sampler(farmW)
  const pickMarket = sampler(marketW)
  const marketLoad = new Int32Array(MARKETS)
  // sites: farms, markets, slaughterhouses, packers, shops (numbers 100000…)
  let next = 0
  const farm0 = next
  for (let i = 0; i < FARMS; i++) ix.putSite({ site: code(next++), kind: 'farm', name: `농장 ${i}`, area: area() })
  const market0 = next
  for (let i = 0; i < MARKETS; i++) ix.putSite({ site: code(next++), kind: 'market', name: `가축시장 ${i}`, area: area() })
  const sh0 = next
  for (let i = 0; i < SLAUGHTERHOUSES; i++) ix.putSite({ site: code(next++), kind: 'slaughterhouse', name: `도축장 ${i}`, area: area() })
  const pk0 = next
  for (let i = 0; i < PACKERS; i++) ix.putSite({ site: code(next++), kind: 'packer', name: `포장처리업소 ${i}`, area: area() })
  const shop0 = next
  for (let i = 0; i < SHOPS; i++) ix.putSite({ site: code(next++), kind: 'shop', name: `판매점 ${i}`, area: area() })

  let bundleSeq = 0
  let openBundle: { bundle: string; left: number; packer: string; day: number } | null = null
  const total = ALIVE + SLAUGHTERED
  for (let i = 0; i < total; i++) {
    const slaughtered = i >= ALIVE
    // a slaughtered animal was born 26–34 months before its slaughter day (over the last year)
    const slaughterDay = slaughtered ? TODAY - randInt(365) : 0
    const birth = slaughtered ? slaughterDay - 790 - randInt(240) : TODAY - randInt(SPAN)
    const end = slaughtered ? slaughterDay : TODAY
    const stays: AnimalEntry['stays'] = []
    let site = code(farm0 + pickFarm())
    let from = birth
    // calves sold through a market at 6–8 months (most bulls and steers; some heifers), a second sale for a few
    const sales = rand() < 0.55 ? (rand() < 0.15 ? 2 : 1) : 0
    let last = birth + randInt(5)
    for (let k = 0; k < sales; k++) {
      const day = birth + 180 + randInt(60) + k * (250 + randInt(120))
      if (day >= end) break
      const m = pickMarket()
      marketLoad[m]!++
      const market = code(market0 + m)
      stays.push({ site, from: ds(from), to: ds(day) }, { site: market, from: ds(day), to: ds(day + 1) })
      site = code(farm0 + pickFarm())
      from = day + 1
      last = day + 1
    }
    stays.push({ site, from: ds(from), to: slaughtered ? ds(slaughterDay) : null })
    const down: AnimalEntry['down'] = []
    if (slaughtered) {
      last = slaughterDay
      const sh = code(sh0 + randInt(SLAUGHTERHOUSES))
      down.push({ kind: 'slaughter', site: sh, date: ds(slaughterDay), bundle: null })
      let bundle: string | null = null
      let packer = code(pk0 + randInt(PACKERS))
      let packDay = slaughterDay + 1 + randInt(3)
      if (rand() < 0.1) {
        if (openBundle === null || openBundle.left === 0) {
          openBundle = { bundle: `L${String(12_600_000_000_000 + ++bundleSeq)}`, left: 2 + randInt(4), packer, day: packDay }
        }
        openBundle.left--
        ;({ bundle, packer, day: packDay } = openBundle)
      }
      down.push({ kind: 'pack', site: packer, date: ds(packDay), bundle })
      for (let s = 0, n = 1 + randInt(3); s < n; s++) down.push({ kind: 'sale', site: code(shop0 + randInt(SHOPS)), date: ds(packDay + 1 + randInt(5)), bundle })
    }
    ix.putAnimal({
      animal: String(2_000_000_000 + i).padStart(12, '0'),
      birth: ds(birth),
      tagged: rand() < 0.001 ? null : ds(birth + randInt(20)),
      status: slaughtered ? 'slaughtered' : 'alive',
      site,
      stays,
      down,
      late: rand() < 0.01 ? [{ kind: 'birth', date: ds(birth), recordedOn: ds(birth + 6 + randInt(20)), late: 1 + randInt(20), site: stays[0]!.site }] : [],
      last: ds(last),
    })
  }
  return { farmSizes: farmW, marketLoad }
}

const mb = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MB`
const gc = (): void => (globalThis as { gc?: () => void }).gc?.()
const memory = (): number => {
  gc()
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function main(): Promise<void> {
  console.log(`livestock trace bench: scale ${SCALE} — ${ALIVE.toLocaleString('en-US')} alive, ${SLAUGHTERED.toLocaleString('en-US')} slaughtered, ${FARMS.toLocaleString('en-US')} farms, ${MARKETS} markets; load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  if ((globalThis as { gc?: unknown }).gc === undefined) console.log('(run with node --expose-gc for exact memory)')
  const before = memory()
  const ix = new LivestockIndexStore()
  const t0 = process.hrtime.bigint()
  const { marketLoad } = build(ix)
  const buildMs = ms(t0)
  const after = memory()
  console.log(`index built in ${(buildMs / 1000).toFixed(1)} s: ${ix.animalCount.toLocaleString('en-US')} animals, ${ix.stayCount.toLocaleString('en-US')} stays, ${ix.siteCount.toLocaleString('en-US')} sites`)
  console.log(`index memory: ${mb(after - before)} (heap + array buffers added), of which typed columns ${mb(ix.columnBytes())}`)

  // the busiest market and animals that passed through it in the last months
  let busiest = 0
  for (let m = 1; m < marketLoad.length; m++) if (marketLoad[m]! > marketLoad[busiest]!) busiest = m
  const market = ix.siteOf(String(100_000 + FARMS + busiest))
  const candidates: Array<{ animal: number; day: number }> = []
  ix.staysAtSite(market, (a, from) => {
    if (from > TODAY - 120 && from < TODAY - 30 && candidates.length < 10_000) candidates.push({ animal: a, day: from })
  })
  console.log(`busiest market: ${marketLoad[busiest]!.toLocaleString('en-US')} sales over three years`)
  const run = (label: string, q: () => Parameters<typeof trace>[1], runs = RUNS): void => {
    const times: number[] = []
    const cpu: number[] = []
    let last: ReturnType<typeof trace> | null = null
    const reached: string[] = []
    for (let r = 0; r < runs; r++) {
      const query = q()
      const t = process.hrtime.bigint()
      const c = process.cpuUsage()
      last = trace(ix, query)
      times.push(ms(t))
      const cu = process.cpuUsage(c)
      cpu.push((cu.user + cu.system) / 1000)
      const farms = last.sites.filter((s) => s.kind === 'farm').length
      reached.push(`${last.counts.animals.toLocaleString('en-US')} animals/${farms.toLocaleString('en-US')} farms`)
    }
    console.log(`${label}: median ${median(times).toFixed(0)} ms (CPU ${median(cpu).toFixed(0)} ms), max ${Math.max(...times).toFixed(0)} ms over ${runs} starts; reached ${reached.join('; ')}${last?.truncated ? ' (truncated)' : ''}`)
    if (last !== null) console.log(`   last run: ${last.sites.length.toLocaleString('en-US')} sites, ${last.stays.length.toLocaleString('en-US')} stays, ${last.carcasses.length} carcasses, ${last.bundles.length} bundles, ${last.shops.length} shops`)
  }
  const marketStart = (depth: number) => (): Parameters<typeof trace>[1] => {
    const c = candidates[randInt(candidates.length)]!
    return { animal: ix.animalNumber(c.animal), from: dayString(c.day - 15), to: dayString(c.day + 14), depth, rows: ROWS }
  }
  run('trace depth 2 / 30 days from a busiest-market animal', marketStart(2))
  run('trace depth 1 / 30 days from a busiest-market animal', marketStart(1))
  run('trace depth 3 / 30 days from a busiest-market animal', marketStart(3), 1)
  run('trace depth 2 / 30 days from a busiest-market animal, every row listed', () => ({ ...marketStart(2)(), rows: Infinity }), 2)
  run('trace depth 2 / 30 days from the market itself', () => ({ site: ix.site(market).site, from: dayString(TODAY - 60), to: dayString(TODAY - 31), depth: 2, rows: ROWS }))
  const t = process.hrtime.bigint()
  const c = process.cpuUsage()
  const d = dashboard(ix, { asOf: dayString(TODAY) })
  console.log(
    `dashboard, whole country: ${ms(t).toFixed(0)} ms (CPU ${((process.cpuUsage(c).user + process.cpuUsage(c).system) / 1000).toFixed(0)} ms) — ${d.late.count.toLocaleString('en-US')} late reports, ${d.untagged.count.toLocaleString('en-US')} untagged past 30 days, ${d.silent.count.toLocaleString('en-US')} with no event for a year, ${d.byRegion.length} provinces`,
  )
  console.log(`index memory after the traces (with the per-site orders they built): ${mb(memory() - before)}`)
  console.log(`load after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
}

void main()
