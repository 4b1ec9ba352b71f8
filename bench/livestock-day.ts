/**
 * A day of Korea's livestock reporting on four validators (issue 13, "Speed and scale"; docs/adr/0047): ~10,000
 * births reported by their farms, ~10,000 moves each co-signed by the farm it leaves and the farm it goes to (one
 * act, ADR 0020), ~3,000 slaughters reported by the slaughterhouses — each a transaction through the nodes' HTTP API
 * as real clients send them, spread over the four nodes.
 *
 * Four validator processes on 127.0.0.1, made by `daejang testnet`. First the day before (not timed): the reporters'
 * roles, the farms (법정동 codes of the generated regions, bench/livestock-data.ts) and slaughterhouses, and the
 * animals the day moves or slaughters — born and tagged months ago, reported by the tagging agencies in
 * `livestock.batch` transactions. Then the day, timed: prints the time end to end, reports a second, the blocks, the
 * time from submission to commit (p50/p99) by kind, the validators' CPU, and that all four nodes hold the same app
 * hash at one height and the same animals (a sample read on every node as of that height, checked against what the
 * day did to them).
 *
 * Usage: nice -n 10 npx tsx bench/livestock-day.ts [--scale 0.1] [--inflight 500] [--base-port 24500] [--keep]
 * Every validator process is stopped by its PID when the run ends, also on an error or Ctrl-C.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import WebSocket from 'ws'
import { toHex } from '../src/ledger/codec/bytes'
import type { Signer } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { loadSigner } from '../src/ledger/crypto/keystore'
import { withCheckDigit } from '../src/ledger/registries/livestock/portable/identifiers'
import { animalKey } from '../src/ledger/registries/livestock/portable/keys'
import { type JsonValue, type TxJson, encodeTx, makeAct, makeTx, signAct, txFromJson, txHash, txToJson } from '../src/ledger/types/tx'
import { argOf, flag, seededRandom, strArg } from './fixtures'
import { type ValidatorNode as Node, isRunning, startNode as startValidator, stopAll } from './validators'
import { AREAS } from './livestock-data'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'daejang.mjs')
const SCALE = argOf('--scale', 1)
const INFLIGHT = argOf('--inflight', 500)
const BASE_PORT = argOf('--base-port', 24500)
const KEEP = flag('--keep')
const STALL_MS = argOf('--stall-seconds', 120) * 1000
const { rand, randInt } = seededRandom(argOf('--seed', 13))
const n = (x: number): number => Math.max(1, Math.round(x * SCALE))
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

// ------------------------------------------------------------------------------------------- processes, by PID

function cpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100
  } catch {
    return NaN
  }
}
async function call<T>(node: Node, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await fetch(node.url + path, {
        method,
        headers: { Authorization: `Bearer ${node.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
      return { status: r.status, body: (await r.json()) as T }
    } catch (e) {
      if (attempt >= 5 || !isRunning(node.pid)) throw new Error(`${method} ${path} on node ${node.i} failed: ${String(e)}`)
      await sleep(500 * attempt)
    }
  }
}

// ------------------------------------------------------------------------------------------- keys, transactions

const keyOf = (label: string): Signer => nodeSigner(createHash('sha256').update(`daejang/bench/livestock-day/${label}`).digest())
const pk = (s: Signer): string => toHex(s.publicKey)
const nonces = new Map<string, number>()
const nonceOf = (s: Signer): number => {
  const n0 = (nonces.get(pk(s)) ?? 0) + 1
  nonces.set(pk(s), n0)
  return n0
}
let chainId = ''
const single = (s: Signer, type: string, payload: unknown): TxJson => txToJson(makeTx(s, { chainId, type, payload: payload as JsonValue, nonce: nonceOf(s) }))
const joint = (s: Signer, co: Signer, type: string, payload: unknown): TxJson => {
  let a = makeAct({ chainId, type, payload: payload as JsonValue, signer: pk(s), nonce: nonceOf(s), cosigners: [pk(co)] })
  for (const x of [s, co]) a = signAct(a, x)
  return a as unknown as TxJson
}
const hashOf = (tx: TxJson): string => toHex(txHash(encodeTx(txFromJson(tx))))

// ------------------------------------------------------------------------------------------- tracking

type Kind = 'setup' | 'birth' | 'move' | 'slaughter'
const sentAt = new Map<string, { at: number; kind: Kind }>()
const committedAt = new Map<string, number>()
const rejected = new Map<string, string>()
const blocks: Array<{ height: number; txCount: number; at: number }> = []
const heights = [0, 0, 0, 0]
let lastProgress = performance.now()
function onEvent(node: number, e: { type: string; hash?: string; height?: number; txCount?: number; code?: string }): void {
  if (e.type === 'tx.committed' && e.hash && !committedAt.has(e.hash)) {
    committedAt.set(e.hash, performance.now())
    lastProgress = performance.now()
  } else if (e.type === 'tx.rejected' && e.hash && !rejected.has(e.hash) && !committedAt.has(e.hash)) rejected.set(e.hash, e.code ?? '?')
  else if (e.type === 'block' && e.height !== undefined) {
    heights[node] = Math.max(heights[node]!, e.height)
    if (node === 0) blocks.push({ height: e.height, txCount: e.txCount ?? 0, at: performance.now() })
  }
}
function listen(node: Node): Promise<WebSocket> {
  const ws = new WebSocket(`${node.url.replace('http', 'ws')}/api/v1/events?token=${node.token}`)
  ws.on('message', (d) => onEvent(node.i, JSON.parse(String(d))))
  return new Promise((r, j) => {
    ws.once('open', () => r(ws))
    ws.once('error', j)
  })
}
const settled = (h: string): boolean => committedAt.has(h) || rejected.has(h)

let nodes: Node[] = []
/** Sends `txs` (each to its node), at most INFLIGHT of ours uncommitted at once, and waits until all are settled. */
async function run(items: Array<{ tx: TxJson; node: number; kind: Kind }>, what: string, inflight = INFLIGHT): Promise<void> {
  const hashes = items.map((o) => hashOf(o.tx))
  let next = 0
  const open = new Set<string>()
  lastProgress = performance.now()
  while (next < items.length || open.size > 0) {
    for (const h of open) if (settled(h)) open.delete(h)
    if (next < items.length && open.size < inflight) {
      const take = Math.min(1000, inflight - open.size, items.length - next)
      const chunk = items.slice(next, next + take).map((o, k) => ({ ...o, hash: hashes[next + k]! }))
      next += take
      await Promise.all(
        nodes.map(async (node) => {
          const mine = chunk.filter((o) => o.node === node.i)
          if (mine.length === 0) return
          const at = performance.now()
          for (const o of mine) sentAt.set(o.hash, { at, kind: o.kind })
          const r = await call<{ results: Array<{ hash?: string; error?: { code: string } }> }>(node, 'POST', '/api/v1/txs/batch', { txs: mine.map((o) => o.tx) })
          r.body.results.forEach((res, j) => {
            const o = mine[j]!
            if (res.hash || res.error?.code === 'DUPLICATE_TX') open.add(o.hash)
            else if (res.error?.code === 'MEMPOOL_FULL') {
              items.push(o)
              hashes.push(o.hash)
            } else rejected.set(o.hash, res.error?.code ?? '?')
          })
        }),
      )
      continue
    }
    if (performance.now() - lastProgress > STALL_MS) throw new Error(`${what}: nothing committed for ${STALL_MS / 1000} s, ${open.size} open`)
    await sleep(20)
  }
  const bad = hashes.filter((h) => rejected.has(h))
  if (bad.length > 0) {
    const codes = new Map<string, number>()
    for (const h of bad) codes.set(rejected.get(h)!, (codes.get(rejected.get(h)!) ?? 0) + 1)
    console.log(`  ${what}: ${bad.length} refused ${JSON.stringify(Object.fromEntries(codes))}`)
  }
}

// ------------------------------------------------------------------------------------------- main

async function main(): Promise<void> {
  const dir = strArg('--dir') ?? mkdtempSync(join(tmpdir(), 'daejang-bench-livestock-day-'))
  const made = spawnSync(process.execPath, [BIN, 'testnet', '--validators', '4', '--dir', dir, '--base-port', String(BASE_PORT), '--heartbeat-ms', '200', '--json'], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(made.stderr)
  chainId = (JSON.parse(made.stdout) as { chainId: string }).chainId
  const homes = [0, 1, 2, 3].map((i) => join(dir, `node${i}`))
  nodes = await Promise.all(homes.map((h, i) => startValidator(BIN, i, h)))
  const sockets = await Promise.all(nodes.map(listen))
  const admins = homes.map((h) => loadSigner(join(h, 'keys', 'admin.json')))
  console.log(`uptime: ${spawnSync('uptime', { encoding: 'utf8' }).stdout.trim()}`)
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; 4 validators (PIDs ${nodes.map((x) => x.pid).join(', ')}), scale ${SCALE}, in flight ≤ ${INFLIGHT}`)

  // ---- the day before (not timed): roles, farms, slaughterhouses, the animals the day touches
  const t0 = performance.now()
  const KST = 9 * 3600_000
  const day = (ago: number): string => new Date(Date.now() + KST - ago * 86_400_000).toISOString().slice(0, 10)
  const FARMS = n(6_000)
  const HOUSES = n(70)
  const farms = Array.from({ length: FARMS }, (_, i) => ({ site: String(100_000 + i), keeper: keyOf(`farm-${i}`), area: AREAS[(i * 7) % AREAS.length]!.code }))
  const houses = Array.from({ length: HOUSES }, (_, i) => ({ site: String(910_000 + i), keeper: keyOf(`slaughterhouse-${i}`), area: AREAS[(i * 53) % AREAS.length]!.code }))
  const officer = keyOf('officer')
  const taggers = Array.from({ length: 17 }, (_, i) => keyOf(`tagger-${i}`))
  const grant = (ai: number, s: Signer, role: string): { tx: TxJson; node: number; kind: Kind } => ({
    tx: single(admins[ai]!, 'identity.role.grant', { agency: `agency-${ai}`, subject: pk(s), role, expiresAt: null }),
    node: ai,
    kind: 'setup',
  })
  await run(
    [grant(0, officer, 'livestock-officer'), ...taggers.map((s, i) => grant(i % 4, s, 'tagger')), ...farms.map((f, i) => grant(i % 4, f.keeper, 'farmer')), ...houses.map((h, i) => grant(i % 4, h.keeper, 'slaughterhouse'))],
    'roles',
  )
  const site = (s: { site: string; keeper: Signer; area: string }, kind: string): unknown => ({ site: s.site, kind, name: `${kind} ${s.site}`, area: s.area, address: '대한민국', keepers: [pk(s.keeper)] })
  await run([...farms.map((f) => site(f, 'farm')), ...houses.map((h) => site(h, 'slaughterhouse'))].map((p, i) => ({ tx: single(officer, 'livestock.site.register', p), node: i % 4, kind: 'setup' as const })), 'sites')
  // the animals the day moves or slaughters: born 200 days ago, tagged 190 days ago, on their farms
  const MOVES = n(10_000)
  const SLAUGHTERS = n(3_000)
  const BIRTHS = n(10_000)
  let serial = 0
  const newAnimal = (): string => withCheckDigit(`002${String(1_000_000 + serial++).padStart(8, '0')}`)
  const standing = Array.from({ length: MOVES + SLAUGHTERS }, () => ({ animal: newAnimal(), farm: randInt(FARMS) }))
  const setupEvents = standing.flatMap((a, i) => [
    { type: 'livestock.birth', payload: { animal: a.animal, farm: farms[a.farm]!.site, date: day(200), breed: 'hanwoo', sex: i % 2 ? 'castrated' : 'female' } },
  ])
  const tagEvents = standing.map((a) => ({ type: 'livestock.tag', payload: { animal: a.animal, date: day(190) } }))
  const batches = (events: unknown[]): Array<{ tx: TxJson; node: number; kind: Kind }> => {
    const out: Array<{ tx: TxJson; node: number; kind: Kind }> = []
    for (let k = 0; k < events.length; k += 250) out.push({ tx: single(taggers[(k / 250) % 17]!, 'livestock.batch', { events: events.slice(k, k + 250) }), node: (k / 250) % 4, kind: 'setup' })
    return out
  }
  // a few batches at a time: a block of fifty 250-event batches outlasts the rounds' timeouts on a starved machine
  await run(batches(setupEvents), 'births of the standing animals (batches)', 4)
  await run(batches(tagEvents), 'their tags (batches)', 4)
  console.log(`the day before: ${fmt(FARMS)} farms, ${HOUSES} slaughterhouses, ${fmt(standing.length)} animals born and tagged in ${((performance.now() - t0) / 1000).toFixed(0)} s; load ${load()}`)

  // ---- the day (timed): births, co-signed moves, slaughters, interleaved, spread over the nodes
  const today = day(1)
  const day0: Array<{ tx: TxJson; node: number; kind: Kind }> = []
  const expected = new Map<string, { site: string; status: string }>()
  for (let i = 0; i < BIRTHS; i++) {
    const f = farms[randInt(FARMS)]!
    const a = newAnimal()
    day0.push({ tx: single(f.keeper, 'livestock.birth', { animal: a, farm: f.site, date: today, breed: rand() < 0.85 ? 'hanwoo' : 'dairy', sex: rand() < 0.5 ? 'female' : 'male' }), node: randInt(4), kind: 'birth' })
    if (i < 30) expected.set(a, { site: f.site, status: 'alive' })
  }
  for (let i = 0; i < MOVES; i++) {
    const a = standing[i]!
    let to = randInt(FARMS)
    if (to === a.farm) to = (to + 1) % FARMS
    const from = farms[a.farm]!
    day0.push({ tx: joint(from.keeper, farms[to]!.keeper, 'livestock.move', { animals: [a.animal], from: from.site, to: farms[to]!.site, date: today }), node: randInt(4), kind: 'move' })
    if (i < 30) expected.set(a.animal, { site: farms[to]!.site, status: 'alive' })
  }
  for (let i = 0; i < SLAUGHTERS; i++) {
    const a = standing[MOVES + i]!
    const h = houses[randInt(HOUSES)]!
    day0.push({ tx: single(h.keeper, 'livestock.slaughter', { animal: a.animal, slaughterhouse: h.site, date: today, inspection: 'pass', dnaSample: `DNA-${a.animal}` }), node: randInt(4), kind: 'slaughter' })
    // a slaughtered animal's head keeps the last site it was on (its farm); the slaughterhouse is on its slaughter record
    if (i < 30) expected.set(a.animal, { site: farms[a.farm]!.site, status: 'slaughtered' })
  }
  // interleaved as a day's reports arrive
  for (let i = day0.length - 1; i > 0; i--) {
    const j = randInt(i + 1)
    ;[day0[i], day0[j]] = [day0[j]!, day0[i]!]
  }
  const cpu0 = nodes.map((x) => cpuMs(x.pid))
  const firstBlock = blocks.length
  const d0 = performance.now()
  await run(day0, 'the day')
  const wall = performance.now() - d0
  const cpu = nodes.map((x, i) => cpuMs(x.pid) - cpu0[i]!)
  const dayBlocks = blocks.slice(firstBlock).filter((b) => b.txCount > 0)
  const lat = (k: Kind): number[] =>
    day0.filter((o) => o.kind === k).flatMap((o) => {
      const h = hashOf(o.tx)
      const s = sentAt.get(h)
      const c = committedAt.get(h)
      return s && c ? [c - s.at] : []
    })
  const committed = day0.filter((o) => committedAt.has(hashOf(o.tx))).length
  console.log(`| a day of livestock reporting on 4 validators | ${fmt(committed)} reports in ${(wall / 1000).toFixed(1)} s, ${fmt((committed * 1000) / wall)}/s | ${fmt(BIRTHS)} births, ${fmt(MOVES)} co-signed moves, ${fmt(SLAUGHTERS)} slaughters; ${dayBlocks.length} blocks (max ${Math.max(0, ...dayBlocks.map((b) => b.txCount))} txs) (load ${load()}) |`)
  for (const k of ['birth', 'move', 'slaughter'] as const) {
    const l = lat(k)
    console.log(`| submission to commit, ${k} | p50 ${(pct(l, 50) / 1000).toFixed(2)} s, p99 ${(pct(l, 99) / 1000).toFixed(2)} s | ${fmt(l.length)} (load ${load()}) |`)
  }
  console.log(`| validators' CPU during the day | ${cpu.map((c) => (c / 1000).toFixed(0) + ' s').join(', ')} | ${(cpu.reduce((a, b) => a + b, 0) / wall).toFixed(2)} cores on average (load ${load()}) |`)

  // ---- every node the same: app hash at one height, the sample of animals as the day left them
  const top = Math.max(...heights)
  while (heights.some((h) => h < top)) await sleep(50)
  const views = await Promise.all(nodes.map(async (x) => (await call<{ appHash: string; hash: string }>(x, 'GET', `/api/v1/blocks/${top}`)).body))
  const sameHash = new Set(views.map((v) => v.appHash)).size === 1 && new Set(views.map((v) => v.hash)).size === 1
  let asExpected = 0
  for (const [a, e] of expected) {
    const vs = await Promise.all(nodes.map(async (x) => (await call<{ value?: { site: string; status: string } }>(x, 'GET', `/api/v1/state?key=${encodeURIComponent(animalKey(a))}&height=${top}`)).body.value))
    if (vs.every((v) => v !== undefined && v.site === e.site && v.status === e.status && JSON.stringify(v) === JSON.stringify(vs[0]))) asExpected++
  }
  console.log(`| every node the same | ${sameHash ? 'yes' : 'NO'}: app hash ${views[0]?.appHash.slice(0, 16)}… at height ${top}; ${asExpected}/${expected.size} sampled animals the same on all four and as the day left them | (load ${load()}) |`)
  for (const s of sockets) s.close()
  await stopAll()
  if (!KEEP) rmSync(dir, { recursive: true, force: true })
  else console.log(`node homes kept in ${dir}`)
  if (!sameHash || asExpected !== expected.size || committed !== day0.length) process.exitCode = 1
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void stopAll().finally(() => process.exit(130))
  })
}
try {
  await main()
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exitCode = 1
} finally {
  await stopAll()
  process.exit()
}
