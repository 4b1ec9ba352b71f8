/**
 * Import of migrated registers (issue 12, "Speed and scale"; docs/adr/0037), on generated Korea-shaped data
 * (bench/land-data.ts), in two clearly separate paths:
 *
 *   real     THE TRANSACTION PATH: an in-process node (LevelDB, the state tree, the land registry) receives
 *            `land.register.migrate` transactions signed by a registrar — admission (signature, role, schema) and
 *            blocks of --block transactions executed and committed as a validator does (one validator, no network).
 *            Prints registers/s and entries/s of the node's time (admission + blocks; signing is the importer's and
 *            printed apart), the disk bytes a register, and lookups on that node: a register by number (head, cur and
 *            every entry, read as the node's queries read them) and the register as of an earlier block.
 *   direct   A DIRECT STATE-BUILDING PATH, NOT THE TRANSACTION PATH: the state the transactions would write (each
 *            register's head, entries and cur derived by the same replay of its history through the live rules,
 *            import-rules.ts deriveMigrated; the parcel, complex and source keys) written in one version by the
 *            state tree's bulk builder (src/ledger/state/tree/bulk.ts, as bench/state-scale.ts does) with the flat
 *            values, into a LevelDB with the store's options. No signatures, no blocks. For sizes the transaction
 *            path cannot reach in the time. Prints the build rate, disk bytes a register, and lookups: by number
 *            (flat values, as the node reads the head) and "as of" (through the state tree at the version, as the
 *            node's as-of reads go).
 *
 * Usage: nice -n 10 node --import tsx bench/land-import.ts real --count 20000 [--block 1000] [--minutes 20] [--lookups 2000]
 *        nice -n 10 node --import tsx bench/land-import.ts direct --count 1000000 --dir DIR [--lookups 20000]
 *        nice -n 10 node --import tsx bench/land-import.ts lookup --count N --dir DIR [--lookups 20000] [--node-only]
 *          [--max-open-files N] [--cache-mb N] [--cache-nodes N]  (LevelDB's table and block caches, the tree's node
 *          cache, instead of the store's)
 *          [--seed N] (other random registers) [--only 1,4] (some of the five methods) [--warmup N] (uncounted first)
 *          (lookups again over DIR: the node's Store and query first — by number and as of, batched and key by key —
 *          then the raw reads of earlier sessions unless --node-only)
 * Run nice'd on a shared machine; the load average is printed with every figure.
 */
import { execSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { PerformanceObserver } from 'node:perf_hooks'
import { Level } from 'level'
import { toHex } from '../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../src/ledger/codec/canonical'
import { randomSeed } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { installNodeSha256 } from '../src/ledger/crypto/sha256-node'
import { LedgerNode } from '../src/ledger/node/node'
import { groupOf, groupPrefix, statePath } from '../src/ledger/proofs/state-proof'
import { lineHash } from '../src/ledger/registries/land/cli-import'
import { deriveMigrated } from '../src/ledger/registries/land/import-rules'
import { migrationKey, type MigratePayload } from '../src/ledger/registries/land/portable/import-schema'
import { complexKey, complexUnitKey, currentKey, entryKey, headKey, locationKey, registerGroup } from '../src/ledger/registries/land/portable/keys'
import { locationNormalForm } from '../src/ledger/registries/land/portable/schema'
import { readRegister } from '../src/ledger/registries/land/rules'
import { getRegister } from '../src/ledger/registries/land/queries'
import type { CommittedReader } from '../src/ledger/registries/types'
import { StateTree, levelTreeDb } from '../src/ledger/state/tree'
import { BulkTreeBuilder } from '../src/ledger/state/tree/bulk'
import { STORE_LEVEL_OPTIONS, Store } from '../src/ledger/store/store'
import { VoteType, signVote } from '../src/ledger/types/block'
import { type TxJson, makeTx, txToJson } from '../src/ledger/types/tx'
import { argOf, dirBytes, fixture, rssMb, seededRandom, strArg } from './fixtures'
import { REGIONS, generateLine, generateRegister } from './land-data'

const MODE = process.argv[2]
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1)) + ' ms'
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
function row(what: string, value: string, note = ''): void {
  console.log(`| ${what} | ${value} | ${note} (load ${load()}) |`)
}
// --seed N: other random registers than the last run's (their pages not yet in the page cache)
const { randInt } = seededRandom(argOf('--seed', 0x5eed))
const UNTIL = '2026-11-30'
/** the most keys of one register's group read at once (the alternative as-of read measured beside the node's) */
const GROUP_READ_LIMIT = 4_096

// ---------------------------------------------------------------------------------------------- the transaction path

async function real(): Promise<void> {
  installNodeSha256()
  const COUNT = argOf('--count', 20_000)
  const BLOCK = argOf('--block', 1000)
  const MINUTES = argOf('--minutes', 20)
  const LOOKUPS = argOf('--lookups', 2000)
  const f = fixture()
  const dataDir = join(f.dir, 'node')
  const node = await LedgerNode.open({ dataDir, genesis: f.genesis, mempoolLimits: { maxTxs: 100_000, maxBytes: 1 << 30, maxPerSigner: 100_000 } })
  const registrar = nodeSigner(randomSeed())
  const chainId = f.genesis.chainId
  let adminNonce = 0
  let regNonce = 0
  const adminTx = (type: string, payload: Record<string, unknown>): TxJson => txToJson(makeTx(f.admin, { chainId, type, payload: payload as never, nonce: ++adminNonce }))

  async function produce(): Promise<number> {
    let n = 0
    while (node.mempool.size > 0) {
      const head = node.chain.head()
      const lc = head.height === 0 ? null : await node.getCommit(head.height)
      const { prepared } = await node.chain.buildBlock(node.mempool.reap(BLOCK, 1 << 30), f.validator.publicKey, Date.now(), lc)
      const h = prepared.block.header.height
      const v = signVote(chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
      await node.chain.commit(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] }, (x) => node.mempool.has(x))
      node.mempool.remove(prepared.txs.map((c) => c.hashHex))
      n += prepared.txs.length
    }
    return n
  }
  const submit = async (txs: TxJson[]): Promise<void> => {
    for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => node.submitJson(t)))
  }

  // the registrar's role and the registry offices of the 250 시군구 (one agency holds every range here)
  await submit([adminTx('identity.role.grant', { agency: 'a', subject: toHex(registrar.publicKey), role: 'registrar', expiresAt: null, label: '등기관' })])
  await produce()
  await submit([...new Set(REGIONS.map((g) => g.office))].map((office) => adminTx('land.office.define', { agency: 'a', office, name: `${office} 등기소` })))
  await produce()
  const before = dirBytes(dataDir)
  console.log(`real: up to ${fmt(COUNT)} registers through the transaction path, blocks of ${BLOCK}; load ${load()}`)

  let done = 0
  let entries = 0
  let signMs = 0
  let nodeMs = 0
  let nodeCpu = 0
  let refused = 0
  const deadline = Date.now() + MINUTES * 60_000
  const heights: Array<{ number: string; height: number }> = []
  while (done < COUNT && Date.now() < deadline) {
    const n = Math.min(BLOCK * 5, COUNT - done)
    const s0 = performance.now()
    const txs: TxJson[] = []
    for (let i = done; i < done + n; i++) {
      const line = generateLine(i, { until: UNTIL })
      const payload = { ...JSON.parse(line), source: lineHash(line) } as MigratePayload
      entries += payload.entries.length
      txs.push(txToJson(makeTx(registrar, { chainId, type: 'land.register.migrate', payload: payload as never, nonce: ++regNonce })))
    }
    const t0 = performance.now()
    signMs += t0 - s0
    const c0 = process.cpuUsage()
    await submit(txs)
    const committedBefore = node.chain.head().height
    await produce()
    nodeMs += performance.now() - t0
    const c = process.cpuUsage(c0)
    nodeCpu += (c.user + c.system) / 1000
    for (const t of txs.slice(0, 3)) heights.push({ number: (t.payload as unknown as MigratePayload).number, height: committedBefore + 1 })
    done += n
    console.log(`  ${fmt(done).padStart(9)} registers  ${fmt((done * 1000) / nodeMs)}/s of node time, ${fmt((done * 1000) / nodeCpu)} per CPU-second  RSS ${rssMb().toFixed(0)} MB  load ${load()}`)
  }
  // every one committed? (a refusal would show as a missing register)
  for (let k = 0; k < 200; k++) {
    const i = randInt(done)
    const p = generateRegister(i, { until: UNTIL })
    if ((await node.store.get(headKey(p.number))) === undefined) refused++
  }
  const disk = dirBytes(dataDir) - before
  row('import through the transaction path (admission + blocks)', `${fmt((done * 1000) / nodeMs)} registers/s wall, ${fmt((done * 1000) / nodeCpu)} per CPU-second`, `${fmt(done)} registers, ${fmt((entries * 1000) / nodeMs)} entries/s, ${(entries / done).toFixed(1)} entries a register; blocks of ${BLOCK}; ${refused} of 200 sampled missing`)
  row('signing by the importer (apart)', `${fmt((done * 1000) / signMs)} registers/s`, 'generation + JSON + Ed25519, one thread')
  row('disk a register (transaction path)', `${fmt(disk / done)} B`, `${(disk / 2 ** 20).toFixed(0)} MiB for ${fmt(done)} registers (blocks, state tree, flat values), not compacted`)

  // lookups on the node: the whole register by number, and as of an earlier block
  const byNumber: number[] = []
  const asOf: number[] = []
  const head = node.chain.head().height
  for (let k = 0; k < LOOKUPS; k++) {
    const p = generateRegister(randInt(done), { until: UNTIL })
    const t0 = performance.now()
    const reg = await readRegister(node.store, p.number)
    byNumber.push(performance.now() - t0)
    if (reg.entries.length !== p.entries.length) throw new Error(`register ${p.number}: ${reg.entries.length} entries read, ${p.entries.length} imported`)
    const at = Math.max(1, head - 1 - randInt(Math.max(1, Math.floor(head / 2))))
    const t1 = performance.now()
    const h = await node.stateAsOf(headKey(p.number), at)
    if (h !== undefined) {
      const cur = (await node.stateAsOf(currentKey(p.number), at)) as unknown as { entries: number }
      for (let s = 1; s <= cur.entries; s++) await node.stateAsOf(entryKey(p.number, s), at)
    }
    asOf.push(performance.now() - t1)
  }
  row('register by number (head, cur, every entry), transaction-path node', `p50 ${ms(pct(byNumber, 50))}, p99 ${ms(pct(byNumber, 99))}`, `${fmt(LOOKUPS)} random of ${fmt(done)}`)
  row('register as of an earlier block (every key through the tree)', `p50 ${ms(pct(asOf, 50))}, p99 ${ms(pct(asOf, 99))}`, `heights 1–${head}`)
  await node.close()
  f.cleanup()
}

// ---------------------------------------------------------------------------------------------- the direct path

/** What the migrate transaction of register i writes (the same derivation; stamped tx = the line's hash, height 1). */
function stateOf(i: number): { group: Array<[string, Canonical]>; side: Array<[string, Canonical]>; entries: number } {
  const line = generateLine(i, { until: UNTIL })
  const source = lineHash(line)
  const p = { ...JSON.parse(line), source } as MigratePayload
  const m = deriveMigrated(p, 'a', '2026-12-03', source, 1)
  const group: Array<[string, Canonical]> = [[headKey(p.number), { ...p.head, office: p.office, agency: 'a' } as unknown as Canonical]]
  for (const e of m.entries) group.push([entryKey(p.number, e.seq), e as unknown as Canonical])
  group.push([currentKey(p.number), m.cur as unknown as Canonical])
  const side: Array<[string, Canonical]> = [[migrationKey(source), p.number]]
  if (p.head.kind === 'land') side.push([locationKey(locationNormalForm(p.head.location)), p.number])
  if (p.head.kind === 'unit') {
    side.push([complexUnitKey(p.head.complex, p.head.unit), p.number])
    if (p.complex) side.push([complexKey(p.head.complex), { ...p.complex, office: p.office, tx: source, height: 1 } as unknown as Canonical])
  }
  return { group, side, entries: m.entries.length }
}

function cmp(a: Uint8Array, b: Uint8Array, n = 64): number {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

async function direct(): Promise<void> {
  installNodeSha256()
  const COUNT = argOf('--count', 1_000_000)
  const LOOKUPS = argOf('--lookups', 20_000)
  const DIR = strArg('--dir')
  if (!DIR) throw new Error('--dir DIR')
  const level = new Level<string, Uint8Array>(DIR, STORE_LEVEL_OPTIONS as never)
  await level.open()
  console.log(`direct: ${fmt(COUNT)} registers, state built directly (not the transaction path) into ${DIR}; load ${load()}`)
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  // pass 1: each register's group prefix, and the keys outside register groups (parcel, complex, source), by path
  const prefixes = new Uint8Array(COUNT * 32)
  const side = new Map<string, Uint8Array>()
  for (let i = 0; i < COUNT; i++) {
    const p = generateRegister(i, { until: UNTIL })
    prefixes.set(groupPrefix(groupOf(headKey(p.number))), i * 32)
    const { source: _s, ...rest } = p
    const line = JSON.stringify(rest)
    side.set(migrationKey(lineHash(line)), encodeCanonical(p.number))
    if (p.head.kind === 'land') side.set(locationKey(locationNormalForm(p.head.location)), encodeCanonical(p.number))
    if (p.head.kind === 'unit') {
      side.set(complexUnitKey(p.head.complex, p.head.unit), encodeCanonical(p.number))
      if (p.complex && !side.has(complexKey(p.head.complex))) {
        side.set(complexKey(p.head.complex), encodeCanonical({ ...p.complex, office: p.office, tx: lineHash(line), height: 1 } as unknown as Canonical))
      }
    }
    if (i % 100_000 === 99_999) console.log(`  pass 1: ${fmt(i + 1)} registers, ${((performance.now() - t0) / 1000).toFixed(0)} s, RSS ${rssMb().toFixed(0)} MB, load ${load()}`)
  }
  const order = Array.from({ length: COUNT }, (_, i) => i).sort((a, b) => cmp(prefixes.subarray(a * 32, a * 32 + 32), prefixes.subarray(b * 32, b * 32 + 32), 32))
  const sideSorted = [...side].map(([k, v]) => ({ k, v, path: statePath(k) })).sort((a, b) => cmp(a.path, b.path))
  side.clear()
  const t1 = performance.now()
  console.log(`  pass 1 done in ${((t1 - t0) / 1000).toFixed(0)} s: ${fmt(sideSorted.length)} keys outside the register groups`)

  // pass 2: in path order — register groups (derived again, then written) with the other keys merged in
  const builder = new BulkTreeBuilder(1)
  let batch = level.batch()
  let inBatch = 0
  let keys = 0
  let entries = 0
  let si = 0
  const put = async (k: string, path: Uint8Array, v: Uint8Array): Promise<void> => {
    builder.add(k, path, v)
    batch.put('s/' + k, v)
    keys++
    if (++inBatch + builder.pending < 50_000) return
    for (const op of builder.take()) if (op.type === 'put') batch.put(op.key, op.value)
    await batch.write()
    batch = level.batch()
    inBatch = 0
  }
  let last = performance.now()
  for (let o = 0; o < COUNT; o++) {
    const i = order[o]!
    const gp = prefixes.subarray(i * 32, i * 32 + 32)
    while (si < sideSorted.length && cmp(sideSorted[si]!.path, gp, 32) < 0) {
      const s = sideSorted[si++]!
      await put(s.k, s.path, s.v)
    }
    const st = stateOf(i)
    entries += st.entries
    const g = st.group.map(([k, v]) => ({ k, v: encodeCanonical(v), path: statePath(k) })).sort((a, b) => cmp(a.path, b.path))
    for (const x of g) await put(x.k, x.path, x.v)
    if (performance.now() - last > 30_000) {
      last = performance.now()
      const c = process.cpuUsage(cpu0)
      console.log(`  pass 2: ${fmt(o + 1)} registers, ${fmt(((o + 1) * 1000) / (last - t1))}/s wall, CPU ${((c.user + c.system) / 1e6).toFixed(0)} s so far, RSS ${rssMb().toFixed(0)} MB, load ${load()}`)
    }
  }
  while (si < sideSorted.length) {
    const s = sideSorted[si++]!
    await put(s.k, s.path, s.v)
  }
  const { root, ops } = builder.finish()
  for (const op of [...builder.take(), ...ops]) if (op.type === 'put') batch.put(op.key, op.value)
  await batch.write({ sync: true })
  const buildMs = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  const buildCpu = (cpu.user + cpu.system) / 1000
  row('direct state build (NOT the transaction path)', `${fmt((COUNT * 1000) / buildMs)} registers/s wall, ${fmt((COUNT * 1000) / buildCpu)} per CPU-second`, `${fmt(COUNT)} registers, ${fmt(entries)} entries (${(entries / COUNT).toFixed(1)} a register), ${fmt(keys)} keys in ${(buildMs / 1000).toFixed(0)} s; root ${toHex(root).slice(0, 16)}…`)
  row('disk a register (direct build)', `${fmt(dirBytes(DIR) / COUNT)} B`, `${(dirBytes(DIR) / 2 ** 20).toFixed(0)} MiB, tree nodes + flat values, one version, not compacted`)

  await lookups(level, COUNT, LOOKUPS)
  await level.close()
  await nodeLookups(DIR, COUNT, LOOKUPS)
}

/**
 * Lookups over a built state: by number through the flat values (as the node reads the head), and as of the version
 * through the tree. Wall time and this process's CPU time per lookup (on a shared machine the wall time's tail is the
 * scheduler's: a nice'd process waits for the CPU).
 */
async function lookups(level: Level<string, Uint8Array>, COUNT: number, LOOKUPS: number): Promise<void> {
  const tree = new StateTree(levelTreeDb(level as never))
  await tree.load()
  const flat = async (k: string): Promise<Canonical | undefined> => {
    const v = await level.get('s/' + k)
    return v === undefined ? undefined : decodeCanonical(v)
  }
  const byNumber: number[] = []
  const asOf: number[] = []
  const byNumberCpu: number[] = []
  const batched: number[] = []
  const batchedCpu: number[] = []
  const asOfCpu: number[] = []
  const grouped: number[] = []
  const groupedCpu: number[] = []
  const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000
  for (let k = 0; k < LOOKUPS; k++) {
    const p = generateRegister(randInt(COUNT), { until: UNTIL })
    const c2a = process.cpuUsage()
    const t2 = performance.now()
    await flat(headKey(p.number))
    const cur = (await flat(currentKey(p.number))) as unknown as { entries: number }
    for (let s = 1; s <= cur.entries; s++) await flat(entryKey(p.number, s))
    byNumber.push(performance.now() - t2)
    byNumberCpu.push(cpuMs(process.cpuUsage(c2a)))
    // the same read with the entries fetched in one getMany after cur (two round trips instead of ~10)
    const c4a = process.cpuUsage()
    const t4 = performance.now()
    const [hv, cv] = await level.getMany(['s/' + headKey(p.number), 's/' + currentKey(p.number)])
    const n = (decodeCanonical(cv!) as unknown as { entries: number }).entries
    const ev = await level.getMany(Array.from({ length: n }, (_, s) => 's/' + entryKey(p.number, s + 1)))
    if (hv === undefined || ev.some((v) => v === undefined)) throw new Error(`register ${p.number} incomplete`)
    ev.forEach((v) => decodeCanonical(v!))
    batched.push(performance.now() - t4)
    batchedCpu.push(cpuMs(process.cpuUsage(c4a)))
    // as of the version in one group read (the node's as-of path: RegistryHost.groupAsOf, queries.ts readRegisterAsOf)
    const c5a = process.cpuUsage()
    const t5 = performance.now()
    // another random register than the key-by-key read below (each read meets the node cache as the other left it)
    const pg = generateRegister(randInt(COUNT), { until: UNTIL })
    const got = await tree.proveRange(registerGroup(pg.number), 1, GROUP_READ_LIMIT)
    if (got.kind !== 'range' || got.entries.length !== pg.entries.length + 2) throw new Error(`register ${pg.number}: group read gave ${got.kind === 'range' ? got.entries.length : got.kind}`)
    grouped.push(performance.now() - t5)
    groupedCpu.push(cpuMs(process.cpuUsage(c5a)))
    const c3a = process.cpuUsage()
    const t3 = performance.now()
    await tree.get(headKey(p.number), 1)
    const c2 = (await tree.get(currentKey(p.number), 1)) as unknown as { entries: number }
    for (let s = 1; s <= c2.entries; s++) await tree.get(entryKey(p.number, s), 1)
    asOf.push(performance.now() - t3)
    asOfCpu.push(cpuMs(process.cpuUsage(c3a)))
    if (c2.entries !== p.entries.length) throw new Error(`register ${p.number}: ${c2.entries} entries, ${p.entries.length} generated`)
  }
  row(
    `register by number (head, cur, every entry; flat values) at ${fmt(COUNT)}`,
    `p50 ${ms(pct(byNumber, 50))}, p99 ${ms(pct(byNumber, 99))} wall; CPU p50 ${ms(pct(byNumberCpu, 50))}, p99 ${ms(pct(byNumberCpu, 99))}`,
    `${fmt(LOOKUPS)} random registers`,
  )
  row(
    `register by number, entries in one getMany after cur, at ${fmt(COUNT)}`,
    `p50 ${ms(pct(batched, 50))}, p99 ${ms(pct(batched, 99))} wall; CPU p50 ${ms(pct(batchedCpu, 50))}, p99 ${ms(pct(batchedCpu, 99))}`,
    `${fmt(LOOKUPS)} random registers`,
  )
  row(
    `register as of the version in one group read (range read of the tree; not the node's read) at ${fmt(COUNT)}`,
    `p50 ${ms(pct(grouped, 50))}, p99 ${ms(pct(grouped, 99))} wall; CPU p50 ${ms(pct(groupedCpu, 50))}, p99 ${ms(pct(groupedCpu, 99))}`,
    `${fmt(LOOKUPS)} random registers; one descent to the register's group, then each level below it in one getMany`,
  )
  row(
    `register as of the version, key by key through the state tree (the node's as-of read) at ${fmt(COUNT)}`,
    `p50 ${ms(pct(asOf, 50))}, p99 ${ms(pct(asOf, 99))} wall; CPU p50 ${ms(pct(asOfCpu, 50))}, p99 ${ms(pct(asOfCpu, 99))}`,
    `${fmt(LOOKUPS)} random registers`,
  )
}

/**
 * The node's read path over a built state: the node's Store (its value cache, its LevelDB options and its state tree
 * with the node cache) and the route's query (queries.ts getRegister: the register with 갑구/을구 annotated, the
 * office's name, a unit's complex), each method on its own random registers, in turn:
 *   - by number, keys in two reads (head and cur; then every entry, the office's name, the complex), through the
 *     route's reader (Store.peekMany: cached values answered, the rest not kept unless read again; ADR 0050);
 *   - the same through getMany, every value read kept in the store's value cache (before ADR 0050);
 *   - by number, key by key (a reader without getMany: the store still gathers one turn's gets in one LevelDB call);
 *   - as of the version, through the state tree: the keys in one batch a read (tree.getMany), and key by key (get).
 * Wall and this process's CPU (all its threads: LevelDB's reads run on libuv's) a lookup.
 */
async function nodeLookups(DIR: string, COUNT: number, LOOKUPS: number): Promise<void> {
  // --max-open-files N / --cache-mb N: LevelDB's table cache and block cache in place of the store's (ADR 0050)
  const level = {
    ...(strArg('--max-open-files') ? { maxOpenFiles: argOf('--max-open-files', 0) } : {}),
    ...(strArg('--cache-mb') ? { cacheSize: argOf('--cache-mb', 0) << 20 } : {}),
  }
  // --cache-nodes N: the state tree's node cache in place of the store's (STORE_TREE_CACHE_NODES)
  const store = new Store(DIR, { level, ...(strArg('--cache-nodes') ? { cacheNodes: argOf('--cache-nodes', 0) } : {}) })
  await store.open()
  console.log(`LevelDB options: ${JSON.stringify({ ...STORE_LEVEL_OPTIONS, ...level })}`)
  // the route's reader (server/registry-host.ts: peek/peekMany, ADR 0050), or the store's filling reads (getMany)
  const committed = (withMany: boolean, route = false): CommittedReader =>
    ({
      get: (k: string) => (route ? store.peek(k) : store.get(k)),
      ...(withMany ? { getMany: (ks: readonly string[]) => (route ? store.peekMany(ks) : store.getMany(ks)) } : {}),
      head: () => ({ height: 1 }),
    }) as unknown as CommittedReader
  const asOf = (k: string, h: number): Promise<Canonical | undefined> => store.tree.get(k, h)
  const asOfMany = (ks: readonly string[], h: number): Promise<Array<Canonical | undefined>> => store.tree.getMany(ks, h)
  const methods: Array<{ name: string; run: (n: string) => Promise<unknown>; wall: number[]; cpu: number[] }> = [
    { name: 'register by number, the route\'s reader (getRegister; peekMany: the value cache filled only by keys read again)', run: (n) => getRegister(committed(true, true), null, n), wall: [], cpu: [] },
    { name: 'register by number, the node\'s query (getRegister), keys in two getMany calls filling the value cache', run: (n) => getRegister(committed(true), null, n), wall: [], cpu: [] },
    { name: 'register by number, the node\'s query, key by key (each turn\'s gets in one LevelDB call)', run: (n) => getRegister(committed(false), null, n), wall: [], cpu: [] },
    { name: 'register as of the version, the route\'s query, keys in two batches of the tree (tree.getMany)', run: (n) => getRegister(committed(true, true), asOf, n, { height: 1 }, asOfMany), wall: [], cpu: [] },
    { name: 'register as of the version, the node\'s query, key by key through the tree', run: (n) => getRegister(committed(false), asOf, n, { height: 1 }), wall: [], cpu: [] },
  ]
  // --only 1,4: some of the methods (numbered from 1 in the order above), e.g. to profile one
  const only = strArg('--only')?.split(',').map(Number)
  const run = only ? methods.filter((_, i) => only.includes(i + 1)) : methods
  const cpuMs = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000
  // --warmup N: N lookups of other random registers by each method first, not counted (the JIT, the tree's node cache
  // and LevelDB's table cache as a node that has been serving finds them); 0 by default: the figures start cold
  const WARMUP = argOf('--warmup', 0)
  for (let k = 0; k < WARMUP; k++) for (const m of run) await m.run(generateRegister(randInt(COUNT), { until: UNTIL }).number)
  // the collector's pauses on the same clock, to tell how many of the slowest lookups had one inside
  const gcs: Array<[number, number]> = []
  const gcObserver = new PerformanceObserver((l) => l.getEntries().forEach((e) => gcs.push([e.startTime, e.startTime + e.duration])))
  gcObserver.observe({ entryTypes: ['gc'] })
  const spans = new Map(run.map((m) => [m, [] as Array<[number, number]>]))
  for (let k = 0; k < LOOKUPS; k++) {
    for (const m of run) {
      const p = generateRegister(randInt(COUNT), { until: UNTIL })
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      const r = (await m.run(p.number)) as { entries: number }
      const t1 = performance.now()
      spans.get(m)!.push([t0, t1])
      m.wall.push(t1 - t0)
      m.cpu.push(cpuMs(process.cpuUsage(c0)))
      if (r.entries !== p.entries.length) throw new Error(`register ${p.number}: ${r.entries} entries, ${p.entries.length} generated`)
    }
  }
  await new Promise((r) => setImmediate(r))
  gcObserver.disconnect()
  for (const m of run) {
    // the slowest 1 %: how many had a pause of the collector inside, how many were in the first 5 % of the run
    const sp = spans.get(m)!
    const slowest = sp.map((s, i) => [m.wall[i]!, s, i] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.max(1, Math.ceil(sp.length / 100)))
    const withGc = slowest.filter(([, [a, b]]) => gcs.some(([s, e]) => s < b && e > a)).length
    const early = slowest.filter(([, , i]) => i < sp.length / 20).length
    row(
      `${m.name} at ${fmt(COUNT)}`,
      `p50 ${ms(pct(m.wall, 50))}, p99 ${ms(pct(m.wall, 99))} wall; CPU p50 ${ms(pct(m.cpu, 50))}, p99 ${ms(pct(m.cpu, 99))}, mean ${ms(m.cpu.reduce((a, b) => a + b, 0) / m.cpu.length)}; of the ${slowest.length} slowest, ${withGc} with a GC pause inside, ${early} in the first 5 %`,
      `${fmt(LOOKUPS)} random registers; the node's Store, ${WARMUP > 0 ? `after ${fmt(WARMUP)} uncounted lookups a method` : 'cold at the start'}`,
    )
  }
  const gcMs = gcs.map(([s, e]) => e - s)
  console.log(`GC pauses during the lookups: ${gcs.length}, p50 ${ms(pct(gcMs, 50))}, max ${ms(Math.max(0, ...gcMs))}, in all ${ms(gcMs.reduce((a, b) => a + b, 0))}`)
  console.log(`memory at the end: ${memoryLine()}`)
  await store.close()
}

/** The process's peak and resident memory, the mapped files (LevelDB's tables) apart (/proc/self/status, Linux). */
function memoryLine(): string {
  let status = ''
  try {
    status = readFileSync('/proc/self/status', 'utf8')
  } catch {
    return `RSS ${rssMb().toFixed(0)} MB`
  }
  const kb = (name: string): string => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)
    return m ? `${(Number(m[1]) / 1024).toFixed(0)} MB` : '?'
  }
  return `peak RSS ${kb('VmHWM')}, RSS ${kb('VmRSS')} (anonymous ${kb('RssAnon')}, mapped files ${kb('RssFile')}); JS heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`
}

/** Lookups only, over a state `direct` built (the count is read from the command line: the same --count). */
async function lookupOnly(): Promise<void> {
  installNodeSha256()
  const DIR = strArg('--dir')
  if (!DIR) throw new Error('--dir DIR')
  const COUNT = argOf('--count', 100_000)
  const LOOKUPS = argOf('--lookups', 20_000)
  // the node's read path first (its own Store on DIR), then the raw reads compared in earlier sessions
  await nodeLookups(DIR, COUNT, LOOKUPS)
  if (process.argv.includes('--node-only')) return
  const level = new Level<string, Uint8Array>(DIR, STORE_LEVEL_OPTIONS as never)
  await level.open()
  await lookups(level, COUNT, LOOKUPS)
  await level.close()
}

console.log(`uptime: ${execSync('uptime').toString().trim()}`)
if (MODE === 'real') await real()
else if (MODE === 'direct') await direct()
else if (MODE === 'lookup') await lookupOnly()
else console.log('usage: land-import.ts real|direct …')
