/**
 * A national year of livestock events loaded (issue 13, "Speed and scale"; docs/adr/0047), on the generated
 * Korea-shaped herd (bench/livestock-data.ts), in two clearly separate paths:
 *
 *   real     THE TRANSACTION PATH on a sample (--scale, e.g. 0.01 = 900 farms, ~39,000 cattle): an in-process node
 *            (LevelDB, the state tree, the livestock registry, one validator, no network) receives every report signed
 *            by its reporter's key — sites, the standing herd's history, then the year — admitted (signature, role,
 *            schema) and executed in blocks, as a validator does. Moves are co-signed acts (both sites). With
 *            --via batch, the year's single-reporter events go as `livestock.batch` transactions of up to 500 (moves
 *            alone). Prints the year's events a second of node time (admission + blocks; signing apart) and the disk
 *            bytes a year's event and an animal, extrapolated to the national year by event count.
 *   direct   A DIRECT STATE-BUILDING PATH, NOT THE TRANSACTION PATH: the same rules (rules.ts, applyMove) run in
 *            process over one overlay on a node holding only the roles and sites (no signatures, no admission, no
 *            blocks), and the state they leave written in one version by the state tree's bulk builder
 *            (state/tree/bulk.ts) into a LevelDB with the store's options. Prints events a second of rules and of
 *            the build, the keys, and the disk bytes an animal.
 *
 * Usage: nice -n 10 node --import tsx bench/livestock-year.ts real --scale 0.01 [--via single|batch] [--block 2000]
 *        nice -n 10 node --import tsx bench/livestock-year.ts direct --scale 0.05 --dir DIR
 * Run nice'd on a shared machine; the load average is printed with every figure.
 */
import { execSync } from 'node:child_process'
import { join } from 'node:path'
import { loadavg } from 'node:os'
import { Level } from 'level'
import { toHex } from '../src/ledger/codec/bytes'
import { type Canonical, encodeCanonical } from '../src/ledger/codec/canonical'
import type { Signer } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { installNodeSha256 } from '../src/ledger/crypto/sha256-node'
import { sha256 } from '../src/ledger/crypto/sha256'
import { LedgerNode } from '../src/ledger/node/node'
import { statePath } from '../src/ledger/proofs/state-proof'
import { BATCH_TYPES } from '../src/ledger/registries/livestock/portable/schema'
import { LIVESTOCK_EVENT_RULES, parseEvent } from '../src/ledger/registries/livestock/rules'
import { applyMove } from '../src/ledger/registries/livestock/rules-life'
import { MoveSchema } from '../src/ledger/registries/livestock/portable/schema'
import { Overlay } from '../src/ledger/state/view'
import { BulkTreeBuilder } from '../src/ledger/state/tree/bulk'
import { STORE_LEVEL_OPTIONS } from '../src/ledger/store/store'
import { VoteType, signVote } from '../src/ledger/types/block'
import { type JsonValue, type TxJson, makeAct, makeTx, signAct, txToJson } from '../src/ledger/types/tx'
import { readdirSync, statSync } from 'node:fs'
import { argOf, fixture, rssMb, strArg } from './fixtures'
import { type HerdStats, type HerdTx, AREAS, actorRole, actorSeed, herdStream, makeHerd } from './livestock-data'

const MODE = process.argv[2]
const SCALE = argOf('--scale', 0.01)
const SEED = argOf('--seed', 1)
/** a national year's events (bench/livestock-data.ts at scale 1, seed 1: the 'year' phase) */
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
function row(what: string, value: string, note = ''): void {
  console.log(`| ${what} | ${value} | ${note} (load ${load()}) |`)
}
const BATCHABLE = new Set<string>(BATCH_TYPES)
/** bytes of the files below a directory; a file LevelDB removes while it is counted (a compaction) counts nothing */
function dirBytes(dir: string): number {
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    try {
      n += e.isDirectory() ? dirBytes(p) : statSync(p).size
    } catch {
      // gone since the listing
    }
  }
  return n
}

/** The reporters' keys (derived from the seed), their nonces, and the roles and sites they need. */
class Actors {
  private readonly signers = new Map<string, Signer>()
  private readonly nonces = new Map<string, number>()
  constructor(readonly chainId: string) {}
  signer(actor: string): Signer {
    let s = this.signers.get(actor)
    if (!s) this.signers.set(actor, (s = nodeSigner(actorSeed(SEED, actor))))
    return s
  }
  key(actor: string): string {
    return toHex(this.signer(actor).publicKey)
  }
  nonce(actor: string): number {
    const n = (this.nonces.get(actor) ?? 0) + 1
    this.nonces.set(actor, n)
    return n
  }
  tx(t: { type: string; payload: unknown; signer: string; cosigner?: string }): TxJson {
    const s = this.signer(t.signer)
    if (t.cosigner === undefined) return txToJson(makeTx(s, { chainId: this.chainId, type: t.type, payload: t.payload as JsonValue, nonce: this.nonce(t.signer) }))
    const co = this.signer(t.cosigner)
    let a = makeAct({ chainId: this.chainId, type: t.type, payload: t.payload as JsonValue, signer: toHex(s.publicKey), nonce: this.nonce(t.signer), cosigners: [toHex(co.publicKey)] })
    a = signAct(signAct(a, s), co)
    return a as unknown as TxJson
  }
}

/** Every actor of the herd: officers, site keepers, taggers, vets, graders, the lab. */
function allActors(): string[] {
  const h = makeHerd({ scale: SCALE, seed: SEED })
  const sites = [...h.farms, ...h.markets, ...h.slaughterhouses, ...h.packers, ...h.shops].map((s) => `site:${s.site}`)
  const sido = [...new Set(AREAS.map((a) => a.sidoCode))]
  const sgg = [...new Set(AREAS.map((a) => a.sigunguCode))]
  return [...sido.map((c) => `officer:${c}`), ...sido.map((c) => `tagger:${c}`), ...sgg.map((c) => `vet:${c}`), ...h.slaughterhouses.map((s) => `grader:${s.site}`), 'lab:1', ...sites]
}

interface Bench {
  node: LedgerNode
  actors: Actors
  dataDir: string
  cleanup(): void
  produce(): Promise<number>
  submit(txs: TxJson[]): Promise<void>
}

async function openBench(block: number): Promise<Bench> {
  const f = fixture()
  const dataDir = join(f.dir, 'node')
  const node = await LedgerNode.open({ dataDir, genesis: f.genesis, mempoolLimits: { maxTxs: 200_000, maxBytes: 1 << 30, maxPerSigner: 200_000 } })
  const actors = new Actors(f.genesis.chainId)
  const chainId = f.genesis.chainId
  let adminNonce = 0
  const produce = async (): Promise<number> => {
    let n = 0
    while (node.mempool.size > 0) {
      const head = node.chain.head()
      const lc = head.height === 0 ? null : await node.getCommit(head.height)
      const { prepared, rejected } = await node.chain.buildBlock(node.mempool.reap(block, 1 << 30), f.validator.publicKey, Date.now(), lc)
      if (rejected.length > 0 && refusedShown++ < 5) console.log(`  refused in a block: ${rejected[0]!.error.code} ${rejected[0]!.error.message}`)
      refusedCount += rejected.length
      const h = prepared.block.header.height
      const v = signVote(chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
      await node.chain.commit(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] }, (x) => node.mempool.has(x))
      node.mempool.remove([...prepared.txs.map((c) => c.hashHex), ...rejected.map((r) => r.tx.hashHex)])
      n += prepared.txs.length
    }
    return n
  }
  const submit = async (txs: TxJson[]): Promise<void> => {
    for (let i = 0; i < txs.length; i += 1000) {
      await Promise.all(
        txs.slice(i, i + 1000).map(async (t) => {
          try {
            await node.submitJson(t)
          } catch (e) {
            refusedCount++
            if (refusedShown++ < 5) console.log(`  refused at admission: ${(e as Error).message}`)
          }
        }),
      )
    }
  }
  // roles: every actor its role (one agency, 'a')
  const grants = allActors().map((actor) =>
    txToJson(makeTx(f.admin, { chainId, type: 'identity.role.grant', payload: { agency: 'a', subject: actors.key(actor), role: actorRole(actor), expiresAt: null, label: actor } as never, nonce: ++adminNonce })),
  )
  await submit(grants)
  await produce()
  return { node, actors, dataDir, cleanup: f.cleanup, produce, submit }
}

let refusedCount = 0
let refusedShown = 0

// ---------------------------------------------------------------------------------------------- the transaction path

async function real(): Promise<void> {
  installNodeSha256()
  const VIA = strArg('--via') ?? 'single'
  const BLOCK = argOf('--block', 2000)
  const b = await openBench(BLOCK)
  console.log(`real: scale ${SCALE} through the transaction path (${VIA}), blocks of ≤ ${BLOCK}; load ${load()}`)
  const stats = {} as HerdStats
  let pending: TxJson[] = []
  let lastType = ''
  let lastPhase = ''
  const t = { sign: 0, node: 0, cpu: 0, events: 0, txs: 0 }
  /** Admits what is pending (in order: a run after the runs before it), and makes blocks once enough wait. */
  const flush = async (all = false): Promise<void> => {
    const t0 = performance.now()
    const c0 = process.cpuUsage()
    if (pending.length > 0) await b.submit(pending)
    if (all || b.node.mempool.size >= BLOCK * 3) await b.produce()
    if (lastPhase === 'year') {
      t.node += performance.now() - t0
      const c = process.cpuUsage(c0)
      t.cpu += (c.user + c.system) / 1000
      t.txs += pending.length
    }
    pending = []
  }
  // a batch of one reporter's events of one kind (the year, --via batch)
  const batches = new Map<string, unknown[]>()
  const flushBatches = (): void => {
    for (const [signer, events] of batches) pending.push(b.actors.tx({ type: 'livestock.batch', payload: { events }, signer }))
    batches.clear()
  }
  let diskBefore = 0
  for (const h of herdStream({ scale: SCALE, seed: SEED, keyOf: (a) => b.actors.key(a) }, stats)) {
    // a kind's reports depend on the kinds before them (a tag on its birth, a move from a market on the move to it):
    // each run of one kind admitted only once the run before it is (admission runs in parallel within a run)
    const kind = h.type === 'livestock.move' ? `move ${(h.payload as { from: string }).from >= '900000' ? 'from-market' : 'from-farm'}` : h.type
    if (kind !== lastType || h.phase !== lastPhase) {
      flushBatches()
      // the mempool keeps arrival order and a block takes it in that order: a run is admitted after the one before
      await flush(h.phase !== lastPhase)
      if (h.phase === 'year' && lastPhase !== 'year') {
        diskBefore = dirBytes(b.dataDir)
        console.log(`  the standing herd loaded (${fmt(stats.aliveAtStart)} alive), the year begins; RSS ${rssMb().toFixed(0)} MB, load ${load()}`)
      }
      lastType = kind
      lastPhase = h.phase
    }
    const s0 = performance.now()
    if (h.phase === 'year') t.events += h.type === 'livestock.move' ? 1 : 1
    if (VIA === 'batch' && h.phase === 'year' && BATCHABLE.has(h.type)) {
      const list = batches.get(h.signer) ?? []
      list.push({ type: h.type, payload: h.payload })
      batches.set(h.signer, list)
      if (list.length === 500) {
        pending.push(b.actors.tx({ type: 'livestock.batch', payload: { events: list }, signer: h.signer }))
        batches.delete(h.signer)
      }
    } else pending.push(b.actors.tx(h as HerdTx))
    if (h.phase === 'year') t.sign += performance.now() - s0
    if (pending.length >= BLOCK) await flush()
  }
  flushBatches()
  await flush(true)
  const disk = dirBytes(b.dataDir) - diskBefore
  const yearEvents = stats.byPhase.year ?? 0
  // the national year: this sample's year scaled up (the generator's year is ~7.6M reports at scale 1)
  const national = yearEvents / SCALE
  row(
    `a year's reports through the transaction path (${VIA}), admission + blocks`,
    `${fmt((t.events * 1000) / t.node)} reports/s wall, ${fmt((t.events * 1000) / t.cpu)} per CPU-second`,
    `scale ${SCALE}: ${fmt(yearEvents)} reports of the year in ${fmt(t.txs)} transactions, ${fmt(stats.aliveAtStart)} cattle alive at its start; ${refusedCount} refused; a national year (~${(national / 1e6).toFixed(1)}M reports) ≈ ${fmt(national / ((t.events * 1000) / t.node) / 3600)} h at this rate`,
  )
  row('signing by the reporters (apart)', `${fmt((t.events * 1000) / t.sign)} reports/s`, 'JSON + Ed25519, one thread')
  row(
    `disk of the year (transaction path, ${VIA})`,
    `${fmt(disk / Math.max(1, yearEvents))} B a report`,
    `${(disk / 2 ** 20).toFixed(0)} MiB for ${fmt(yearEvents)} reports (blocks, state tree, flat values), not compacted; a national year ≈ ${((disk / Math.max(1, yearEvents)) * national / 2 ** 30).toFixed(1)} GiB`,
  )
  console.log('by type (sites, the standing herd and the year):', JSON.stringify(Object.fromEntries(Object.entries(stats.byType))))
  await b.node.close()
  b.cleanup()
}

// ---------------------------------------------------------------------------------------------- the direct path

function cmp(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

async function direct(): Promise<void> {
  installNodeSha256()
  const DIR = strArg('--dir')
  if (!DIR) throw new Error('--dir DIR')
  // roles and sites through the transaction path (a few thousand), then the rules alone over one overlay
  const b = await openBench(5000)
  const stats = {} as HerdStats
  const sites: TxJson[] = []
  for (const h of herdStream({ scale: SCALE, seed: SEED, phases: ['sites'], keyOf: (a) => b.actors.key(a) }, stats)) sites.push(b.actors.tx(h))
  await b.submit(sites)
  await b.produce()
  console.log(`direct: scale ${SCALE}, ${fmt(sites.length)} sites on the node; the rules run in process over one overlay (NOT the transaction path); load ${load()}`)
  const state = new Overlay(b.node.store)
  const height = b.node.chain.head().height + 1
  const time = Date.now()
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  let n = 0
  let refused = 0
  const codes = new Map<string, number>()
  for (const h of herdStream({ scale: SCALE, seed: SEED, phases: ['herd', 'year'], keyOf: (a) => b.actors.key(a) }, stats)) {
    const hash = toHex(sha256(new TextEncoder().encode(`${n}`)))
    const own = new Overlay(state)
    const ctx = { signer: b.actors.key(h.signer), hash, height, time, state: own }
    try {
      if (h.type === 'livestock.move') {
        await applyMove({ ...ctx, payload: MoveSchema.parse(h.payload), cosigners: [{ key: b.actors.key(h.cosigner!), adminOf: [], actingFor: ['a'] }] })
      } else {
        const type = h.type as (typeof BATCH_TYPES)[number]
        await LIVESTOCK_EVENT_RULES[type].apply({ ...ctx, payload: parseEvent(type, h.payload) as never })
      }
      own.mergeInto(state)
    } catch (e) {
      refused++
      const code = (e as { code?: string }).code ?? 'INTERNAL'
      codes.set(code, (codes.get(code) ?? 0) + 1)
    }
    if (++n % 500_000 === 0) console.log(`  ${fmt(n)} reports, ${fmt((n * 1000) / (performance.now() - t0))}/s, ${fmt(state.writes.size)} keys, RSS ${rssMb().toFixed(0)} MB, load ${load()}`)
  }
  const rulesMs = performance.now() - t0
  const rc = process.cpuUsage(c0)
  // the whole state (the node's roles and sites, and what the rules wrote) in path order into a fresh LevelDB
  const t1 = performance.now()
  const all = new Map<string, Canonical>()
  for await (const [k, v] of b.node.store.scanState('')) all.set(k, v)
  for (const [k, v] of state.writes) if (v !== null) all.set(k, v)
  const sorted = [...all.keys()].map((k) => ({ k, path: statePath(k) })).sort((x, y) => cmp(x.path, y.path))
  const level = new Level<string, Uint8Array>(DIR, STORE_LEVEL_OPTIONS as never)
  await level.open()
  const builder = new BulkTreeBuilder(1)
  let batch = level.batch()
  let inBatch = 0
  for (const { k, path } of sorted) {
    const v = encodeCanonical(all.get(k)!)
    builder.add(k, path, v)
    batch.put('s/' + k, v)
    if (++inBatch + builder.pending < 50_000) continue
    for (const op of builder.take()) if (op.type === 'put') batch.put(op.key, op.value)
    await batch.write()
    batch = level.batch()
    inBatch = 0
  }
  const { root, ops } = builder.finish()
  for (const op of [...builder.take(), ...ops]) if (op.type === 'put') batch.put(op.key, op.value)
  await batch.write({ sync: true })
  await level.close()
  const buildMs = performance.now() - t1
  const animals = stats.aliveAtEnd
  row(
    'rules in process over one overlay (NOT the transaction path)',
    `${fmt((n * 1000) / rulesMs)} reports/s wall, ${fmt((n * 1000) / ((rc.user + rc.system) / 1000))} per CPU-second`,
    `scale ${SCALE}: ${fmt(n)} reports (the standing herd's history and the year), ${refused} refused ${JSON.stringify(Object.fromEntries(codes))}`,
  )
  row(
    'direct state build by the bulk builder (NOT the transaction path)',
    `${fmt((sorted.length * 1000) / buildMs)} keys/s`,
    `${fmt(sorted.length)} keys in ${(buildMs / 1000).toFixed(0)} s; root ${toHex(root).slice(0, 16)}…`,
  )
  row(
    'disk of the state (direct build)',
    `${fmt(dirBytes(DIR) / Math.max(1, n))} B a report, ${fmt(dirBytes(DIR) / Math.max(1, animals))} B an animal alive at the end`,
    `${(dirBytes(DIR) / 2 ** 20).toFixed(0)} MiB, tree nodes + flat values, one version, not compacted; national (×${fmt(1 / SCALE)}) ≈ ${((dirBytes(DIR) / SCALE) / 2 ** 30).toFixed(1)} GiB`,
  )
  await b.node.close()
  b.cleanup()
}

console.log(`uptime: ${execSync('uptime').toString().trim()}`)
if (MODE === 'real') await real()
else if (MODE === 'direct') await direct()
else console.log('usage: livestock-year.ts real|direct …')
