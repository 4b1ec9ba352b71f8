/**
 * The land register's node-local indexes at scale (docs/adr/0038): catching up over N generated registers (opened a
 * thousand a block, 17 시도 × 10 시군구 × 20 동, lot and road addresses, one owner each with an identifier hash), then
 * the address search (a whole address, a partial one from the 시군구, a road address, a 동 alone) and the owner
 * lookup, p50/p99 over random queries. The index keeps its keys in a real LevelDB store (the node's, node-local `a/`
 * keys); state is read from memory, as from the store's cache, so the figures are the index's own cost.
 *
 *   npx tsx bench/local-index.ts [registers=100000]
 */
import { execSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Canonical } from '../src/ledger/codec/canonical'
import { Store } from '../src/ledger/store/store'
import type { LocalBlock, RegistryHost } from '../src/ledger/registries/types'
import { LandLocal } from '../src/ledger/registries/land/local-index'
import { currentKey, headKey, sequenceKey } from '../src/ledger/registries/land/portable/keys'
import { formatRegisterNumber } from '../src/ledger/registries/land/portable/numbers'
import { SIDO } from '../src/ledger/registries/land/portable/address'

const N = Number(process.argv[2] ?? 100_000)
const PER_BLOCK = 1000
const YEAR = 2026
const OFFICE = '1101'

const state = new Map<string, Canonical>()
const hex = (i: number): string => i.toString(16).padStart(64, '0')
const dongOf = (i: number): string => `${['청운', '신교', '궁정', '효자', '창성', '통의', '적선', '체부', '필운', '사직'][i % 10]}${Math.floor(i / 10) % 2 === 0 ? '동' : '리'}`
const addrOf = (i: number) => {
  const sido = SIDO[i % 17]![0]
  const sigungu = `${['종로', '중', '용산', '성동', '광진', '동대문', '중랑', '성북', '강북', '도봉'][Math.floor(i / 17) % 10]}구`
  const dong = dongOf(Math.floor(i / 170) % 20)
  const main = 1 + (Math.floor(i / 3400) % 999)
  const sub = i % 7
  return { sido, sigungu, dong, main, sub, road: `${sido} ${sigungu} ${['세종대로', '종로', '율곡로', '삼일대로'][i % 4]} ${1 + (i % 300)}` }
}
for (let i = 0; i < N; i++) {
  const a = addrOf(i)
  const number = formatRegisterNumber({ office: OFFICE, year: YEAR, seq: i + 1 })
  state.set(headKey(number), {
    kind: 'land',
    location: { sido: a.sido, sigungu: a.sigungu, dong: a.dong, ri: null, mountain: false, main: a.main, sub: a.sub },
    road: a.road,
    category: 'building-site',
    area: '100.00',
    office: OFFICE,
    agency: 'court',
  } as unknown as Canonical)
  state.set(currentKey(number), { owners: [{ rank: '1', share: '1/1', holder: { name: `소유자${i}`, idHash: hex(i) } }], live: [], cancelled: {}, entries: 1 } as unknown as Canonical)
}
state.set(sequenceKey(OFFICE, YEAR), N)
const blocks = Math.ceil(N / PER_BLOCK)
const time = Date.UTC(YEAR, 5, 1)

const dir = mkdtempSync(join(tmpdir(), 'daejang-local-index-'))
const store = new Store(join(dir, 'chain'))
await store.open()
let head = blocks
const host = {
  state: {
    get: async (k: string) => state.get(k),
    scanState: async function* () {},
    head: () => ({ height: head }),
    getAux: (k: string) => store.getAux(k),
    auxKeys: (p: string, l?: number) => store.auxKeys(p, l),
  },
  keepLocal: (e: ReadonlyArray<readonly [string, Uint8Array]>) => store.putAux(e),
  // the office's sequence after block h (the chain opens PER_BLOCK a block)
  stateAsOf: async (k: string, h: number) => (k === sequenceKey(OFFICE, YEAR) ? Math.min(N, h * PER_BLOCK) : state.get(k)),
  blocks: {
    read: async (h: number): Promise<LocalBlock | null> =>
      h < 1 || h > head
        ? null
        : {
            height: h,
            time: time + h * 1000,
            // PER_BLOCK openings (the last block: what is left)
            txs: Array.from({ length: Math.min(PER_BLOCK, N - (h - 1) * PER_BLOCK) }, (_, k) => ({ hash: hex(h * PER_BLOCK + k), type: 'land.register.open', signer: hex(0), payload: { office: OFFICE, head: {} } })),
          },
    onCommit: () => () => undefined,
  },
  localFile: () => null,
} as unknown as RegistryHost

const ix = new LandLocal(host)
const t0 = performance.now()
const st = await ix.catchUp()
const catchUpMs = performance.now() - t0
head = st.height
const du = Number(execSync(`du -sb ${join(dir, 'chain')}`).toString().split('\t')[0])

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}
const load = (): string => execSync('uptime').toString().trim().replace(/.*load average: /, '')
async function timed(what: string, queries: string[], run: (q: string) => Promise<number>): Promise<void> {
  const ms: number[] = []
  const cpu: number[] = []
  let found = 0
  for (const q of queries) {
    const c = process.cpuUsage()
    const t = performance.now()
    found += await run(q)
    ms.push(performance.now() - t)
    const d = process.cpuUsage(c)
    cpu.push((d.user + d.system) / 1000)
  }
  console.log(
    `${what.padEnd(34)} wall p50 ${pct(ms, 50).toFixed(3)} ms  p99 ${pct(ms, 99).toFixed(3)} ms; CPU p50 ${pct(cpu, 50).toFixed(3)} ms  p99 ${pct(cpu, 99).toFixed(3)} ms  (${queries.length} queries, ${(found / queries.length).toFixed(1)} found each; load ${load()})`,
  )
}
const rnd = (k: number): number[] => Array.from({ length: 1000 }, (_, j) => (j * 7919 + k) % N)
const whole = rnd(1).map((i) => {
  const a = addrOf(i)
  return `${a.sido} ${a.sigungu} ${a.dong} ${a.sub > 0 ? `${a.main}-${a.sub}` : a.main}`
})
const partial = rnd(2).map((i) => {
  const a = addrOf(i)
  return `${a.sigungu} ${a.dong} ${a.main}`
})
const road = rnd(3).map((i) => addrOf(i).road)
const dongOnly = rnd(4).map((i) => addrOf(i).dong)
const owners = rnd(5).map((i) => hex(i))

console.log(`land local indexes, ${N.toLocaleString('en-US')} registers in ${blocks} blocks; uptime ${execSync('uptime').toString().trim()}`)
console.log(`catch-up: ${catchUpMs.toFixed(0)} ms = ${Math.round(N / (catchUpMs / 1000)).toLocaleString('en-US')} registers/s; store on disk ${(du / 1e6).toFixed(1)} MB = ${Math.round(du / N)} bytes/register`)
await timed('address, whole (limit 50)', whole, async (q) => (await ix.searchAddress(q, 50)).length)
await timed('address, from 시군구 (limit 50)', partial, async (q) => (await ix.searchAddress(q, 50)).length)
await timed('address, road (limit 50)', road, async (q) => (await ix.searchAddress(q, 50)).length)
await timed('address, a 동 alone (limit 50)', dongOnly, async (q) => (await ix.searchAddress(q, 50)).length)
await timed('owner index (candidates)', owners, async (h) => (await ix.ownersOf(h, 2000)).length)
await store.close()
rmSync(dir, { recursive: true, force: true })
