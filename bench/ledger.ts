/**
 * Single-node ledger benchmarks (the foundation issue). Prints, each as the median of --runs runs (and the best):
 *  - admission: transactions/s accepted into the mempool (every check, signature verified, persisted with sync),
 *    in-process with 1,000 in flight;
 *  - block production: mempool → block → commit, signatures already verified at admission;
 *  - block execution incl. signature verification: a node that has never seen the transactions validates,
 *    executes and commits the blocks (cold signature cache): the rate a catching-up node or a validator gets;
 *  - proofs generated and verified per second;
 *  - admission over the local HTTP API (client in the same process: a lower bound).
 * The app hash is the state tree's root (docs/adr/0025, 0026): production and execution include the tree's work.
 * --state-keys N: every node starts from a genesis state holding N generated keys besides the real ones
 * (bench/state-keys.ts), so blocks execute over a large tree; the peak RSS of the bench process (the node runs in
 * it) while executing is printed then. Built once and copied for each node.
 * --node-heap: V8's heap bounded as a running node bounds it (src/server/node-memory.ts, docs/adr/0040); without it,
 * V8's own growth (every figure in bench/RESULTS.md up to 2026-12-03 was taken so).
 * DAEJANG_VERIFY_OPENSSL=1 in the environment: the verification workers use OpenSSL alone, not libsodium (docs/adr/0042).
 * Usage: npm run bench [-- --txs 20000 --runs 3 --state-keys 1000000] [--core: skip proofs and HTTP] [--node-heap]
 */
import { cpSync, rmSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { VoteType, signVote } from '../src/ledger/types/block'
import { type InclusionProof, verifyProof } from '../src/ledger/proofs/proof'
import { txHash, type TxJson } from '../src/ledger/types/tx'
import { toHex, utf8 } from '../src/ledger/codec/bytes'
import type { Canonical } from '../src/ledger/codec/canonical'
import { Chain, genesisState } from '../src/ledger/state/chain'
import { Store } from '../src/ledger/store/store'
import { parseGenesis } from '../src/ledger/types/genesis'
import { verifyNode } from '../src/ledger/crypto/ed25519-node'
import { LedgerNode } from '../src/ledger/node/node'
import { startApiServer } from '../src/server/api-server'
import { boundNodeHeapGrowth } from '../src/server/node-memory'
import { type Fixture, PeakRss, fixture, grants } from './fixtures'
import { keyAt, valueAt } from './state-keys'

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : d
}
const TXS = arg('--txs', 20_000)
const RUNS = arg('--runs', 3)
const BLOCK = 5_000
const STATE_KEYS = arg('--state-keys', 0)
/** --core: only admission, production and execution (no proofs, no HTTP): for quick A/B runs and profiles */
const CORE_ONLY = process.argv.includes('--core')
const NODE_HEAP = process.argv.includes('--node-heap')
/** one signer sends everything here, so the per-signer cap is lifted */
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }

const rows: string[] = []
function report(what: string, rates: number[], note = ''): void {
  const sorted = [...rates].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  const best = sorted[sorted.length - 1]!
  const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
  console.log(`${what.padEnd(50)} median ${fmt(median).padStart(7)}/s   best ${fmt(best).padStart(7)}/s  ${note}`)
  rows.push(`| ${what} | ${fmt(median)}/s | ${fmt(best)}/s | ${note} |`)
}

/**
 * CPU time of the whole process (every thread: this one, the verification workers, LevelDB's) per transaction, in
 * µs, of what `run` does: on a loaded machine the wall time mostly measures the other processes, this does not.
 */
const cpuPerTx: Record<string, number[]> = {}
async function cpuOf(label: string, run: () => Promise<{ rate: number; n: number }>): Promise<number> {
  const c0 = process.cpuUsage()
  const { rate, n } = await run()
  const c = process.cpuUsage(c0)
  ;(cpuPerTx[label] ??= []).push((c.user + c.system) / n)
  return rate
}

let runId = 0
/** a node home whose genesis state also holds STATE_KEYS generated keys (null: none asked) */
let preloaded: string | null = null
async function open(f: Fixture, name: string): Promise<LedgerNode> {
  const dataDir = join(f.dir, `${name}-${runId++}`)
  if (preloaded) cpSync(preloaded, dataDir, { recursive: true })
  return LedgerNode.open({ dataDir, genesis: f.genesis, mempoolLimits: LIMITS })
}

/** Write a node home at genesis whose state holds the genesis entries and STATE_KEYS generated ones, as the node would. */
async function preload(f: Fixture): Promise<string> {
  const dir = join(f.dir, 'preloaded')
  const genesis = parseGenesis(f.genesis)
  const store = new Store(join(dir, 'chain'))
  await store.open()
  const writes = new Map<string, Canonical | null>(genesisState(genesis))
  for (let i = 0; i < STATE_KEYS; i++) writes.set(keyAt(i), valueAt(i))
  const tree = await store.tree.prepare(0, writes)
  const state = [...writes].map(([k, v]) => [k, v!] as [string, Canonical])
  await store.initGenesis(utf8(JSON.stringify(genesis)), state, Chain.genesisHead(tree.root, genesis.genesisTime), tree)
  await store.close()
  return dir
}

async function admit(node: LedgerNode, txs: TxJson[]): Promise<number> {
  const t0 = performance.now()
  for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => node.submitJson(t)))
  return (txs.length * 1000) / (performance.now() - t0)
}

async function produce(f: Fixture, node: LedgerNode): Promise<{ rate: number; n: number }> {
  const t0 = performance.now()
  let n = 0
  while (node.mempool.size > 0) {
    const head = node.chain.head()
    const lc = head.height === 0 ? null : await node.getCommit(head.height)
    const { prepared } = await node.chain.buildBlock(node.mempool.reap(BLOCK, 1 << 30), f.validator.publicKey, Date.now(), lc)
    const h = prepared.block.header.height
    const v = signVote(f.genesis.chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
    const commit = { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] }
    await node.chain.commit(prepared, commit, (x) => node.mempool.has(x))
    node.mempool.remove(prepared.txs.map((c) => c.hashHex))
    n += prepared.txs.length
  }
  return { rate: (n * 1000) / (performance.now() - t0), n }
}

/** `ahead`: the next block is checked while this one executes, as a catching-up node does (docs/adr/0014) */
async function replay(source: LedgerNode, fresh: LedgerNode, ahead = false): Promise<{ rate: number; n: number }> {
  const t0 = performance.now()
  let n = 0
  const top = source.chain.head().height
  let next = await source.store.getBlockBytes(1)
  for (let h = 1; h <= top; h++) {
    const bytes = next!
    next = h < top ? await source.store.getBlockBytes(h + 1) : undefined
    if (ahead && next) fresh.lookahead.ahead([next])
    const p = await fresh.chain.validateBlock(bytes)
    await fresh.chain.commit(p, (await source.getCommit(h))!, () => false)
    if (ahead) fresh.lookahead.forget(p.txs.map((c) => c.hashHex))
    n += p.txs.length
  }
  return { rate: (n * 1000) / (performance.now() - t0), n }
}

async function main(): Promise<void> {
  const f = fixture()
  if (NODE_HEAP) boundNodeHeapGrowth()
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)}`)
  console.log(`${TXS} signed role grants (~${JSON.stringify(grants(f, 1)[0]).length} B of JSON each), blocks of ${BLOCK}, ${RUNS} runs${NODE_HEAP ? ', heap bounded as in a node' : ''}${process.env.DAEJANG_VERIFY_OPENSSL === '1' ? ', OpenSSL alone' : ''}\n`)
  if (STATE_KEYS > 0) {
    const t = performance.now()
    preloaded = await preload(f)
    console.log(`genesis state with ${STATE_KEYS.toLocaleString('en-US')} generated keys written in ${((performance.now() - t) / 1000).toFixed(0)} s\n`)
  }
  const txs = grants(f, TXS)
  const adm: number[] = []
  const prod: number[] = []
  const exec: number[] = []
  const execAhead: number[] = []
  let source: LedgerNode | null = null
  const peaks: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const node = await open(f, 'src')
    adm.push(await admit(node, txs))
    prod.push(await cpuOf('production', () => produce(f, node)))
    const fresh = await open(f, 'replay')
    const rss = new PeakRss()
    exec.push(await cpuOf('execution', () => replay(node, fresh)))
    peaks.push(rss.stop().mb)
    await fresh.close()
    const catching = await open(f, 'replay')
    execAhead.push(await cpuOf('catching up', () => replay(node, catching, true)))
    await catching.close()
    if (source) await source.close()
    source = node
  }
  report('admission (in-process, persisted)', adm, `${TXS} txs, 1,000 in flight`)
  report('block production (mempool → commit)', prod, 'signatures verified at admission')
  report('block execution incl. signature verification', exec, 'validate + execute + commit, cold cache')
  report('the same, catching up (next block checked ahead)', execAhead, 'as block sync and chain verify do')
  const cpuText = Object.entries(cpuPerTx)
    .map(([k, v]) => `${k} ${v.map((x) => x.toFixed(0)).join(' / ')}`)
    .join('; ')
  console.log(`CPU µs a transaction, all threads (runs): ${cpuText}`)
  rows.push(`| CPU µs a transaction, all threads | ${cpuText} | | |`)
  const peakText = `${Math.max(...peaks).toFixed(0)} MB (runs: ${peaks.map((m) => m.toFixed(0)).join(' / ')})`
  console.log(`peak RSS while executing, bench process with both nodes: ${peakText}${STATE_KEYS ? `, over ${STATE_KEYS.toLocaleString('en-US')} generated keys` : ''}`)
  rows.push(`| peak RSS while executing (bench process, both nodes) | ${peakText} | | ${STATE_KEYS ? `state of ${STATE_KEYS.toLocaleString('en-US')} generated keys` : ''} |`)

  if (CORE_ONLY) {
    await source!.close()
    rmSync(f.dir, { recursive: true, force: true })
    console.log('\n| measure | median | best | note |\n|---|---|---|---|\n' + rows.join('\n'))
    return
  }
  // proofs, from the last source node
  const node = source!
  const hashes: string[] = []
  for (let h = 1; h <= node.chain.head().height; h++) {
    const b = await node.getBlock(h)
    for (let i = 0; i < b.block.txs.length; i += 7) hashes.push(toHex(txHash(b.block.txs[i]!)))
  }
  const gen: number[] = []
  const ver: number[] = []
  const verPortable: number[] = []
  let proofs: InclusionProof[] = []
  const trust = node.trustList()
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    proofs = []
    for (const h of hashes) proofs.push(await node.getProof(h))
    gen.push((proofs.length * 1000) / (performance.now() - t0))
    const t1 = performance.now()
    for (const p of proofs) if (!verifyProof(p, trust, verifyNode).valid) throw new Error('proof failed')
    ver.push((proofs.length * 1000) / (performance.now() - t1))
    const some = proofs.slice(0, 300)
    const t2 = performance.now()
    for (const p of some) if (!verifyProof(p, trust).valid) throw new Error('proof failed')
    verPortable.push((some.length * 1000) / (performance.now() - t2))
  }
  report('proofs generated', gen, `${proofs.length} proofs from blocks of ${BLOCK}`)
  report('proofs verified (OpenSSL, as in the node and CLI)', ver, 'one validator signature each')
  report('proofs verified (pure JS, as in the browser)', verPortable)
  await node.close()

  const http: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const n = await open(f, 'http')
    const api = await startApiServer({ node: n, uiDir: null })
    const few = txs.slice(0, Math.min(5_000, txs.length))
    const t0 = performance.now()
    for (let i = 0; i < few.length; i += 200) {
      await Promise.all(
        few.slice(i, i + 200).map(async (t) => {
          const res = await fetch(api.url + '/api/v1/txs', {
            method: 'POST',
            headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(t),
          })
          if (res.status !== 202) throw new Error(`HTTP ${res.status}: ${await res.text()}`)
        }),
      )
    }
    http.push((few.length * 1000) / (performance.now() - t0))
    await api.close()
    await n.close()
  }
  report('admission over the HTTP API', http, '5,000 txs, 200 in flight, client in the same process')
  rmSync(f.dir, { recursive: true, force: true })
  console.log('\n| measure | median | best | note |\n|---|---|---|---|\n' + rows.join('\n'))
}

await main()
