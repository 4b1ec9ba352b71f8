/**
 * Profile one phase of bench/ledger.ts (production, execution or catching up) with the V8 CPU profiler of this
 * process's main thread, and print where its time goes (self time by function and by file).
 * Usage: npx tsx bench/profile-exec.ts [--txs 20000] [--phase exec|ahead|prod] [--out file.cpuprofile] [--heap] [--cpu]
 */
import { Session } from 'node:inspector/promises'
import { writeFileSync } from 'node:fs'
import { mainThreadCpu, stopProfile, threadCpu } from './cpu'
import { VoteType, signVote } from '../src/ledger/types/block'
import { LedgerNode } from '../src/ledger/node/node'
import { type Fixture, fixture, grants } from './fixtures'
import { join } from 'node:path'

const argOf = (name: string, d: string): string => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1]! : d
}
const TXS = Number(argOf('--txs', '20000'))
const PHASE = argOf('--phase', 'exec')
const OUT = argOf('--out', '')
/** --heap: sample allocations (everything allocated, collected or not) instead of CPU time */
const HEAP = process.argv.includes('--heap')
/**
 * --cpu: no profiler; CPU time of the three phases, of this thread alone (Linux: /proc/self/task/<pid>/stat, in
 * clock ticks) and of the whole process — on a loaded machine these move much less than the wall time does
 */
const CPU_ONLY = process.argv.includes('--cpu')

async function cpuPhases(): Promise<void> {
  const f = fixture()
  const txs = grants(f, TXS)
  const node = await open(f, 'src')
  for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => node.submitJson(t)))
  const measure = async (what: string, run: () => Promise<number>): Promise<void> => {
    const th0 = threadCpu()
    const m0 = mainThreadCpu()
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    const n = await run()
    const ms = performance.now() - t0
    const c = process.cpuUsage(c0)
    const main = (mainThreadCpu() - m0) / n
    const threads = [...threadCpu()]
      .map(([k, v]) => [k, (v - (th0.get(k) ?? 0)) / n] as const)
      .filter(([, v]) => v >= 1)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')
    const walls = what === 'production' ? '' : `; wall µs/tx: validate ${((split.validate * 1000) / n).toFixed(0)}, commit ${((split.commit * 1000) / n).toFixed(0)}`
    console.log(`${what.padEnd(12)} ${String(Math.round((n * 1000) / ms)).padStart(6)} tx/s wall   CPU µs/tx: main thread ${main.toFixed(0).padStart(4)}, all threads ${((c.user + c.system) / n).toFixed(0).padStart(4)}  (by thread: ${threads})${walls}`)
  }
  await measure('production', () => produce(f, node))
  const fresh = await open(f, 'replay')
  await measure('execution', () => replay(node, fresh, false))
  await fresh.close()
  const catching = await open(f, 'replay')
  await measure('catching up', () => replay(node, catching, true))
  await catching.close()
  await node.close()
  f.cleanup()
}
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }
let runId = 0
const open = (f: Fixture, name: string): Promise<LedgerNode> =>
  LedgerNode.open({ dataDir: join(f.dir, `${name}-${runId++}`), genesis: f.genesis, mempoolLimits: LIMITS })

async function produce(f: Fixture, node: LedgerNode): Promise<number> {
  let n = 0
  while (node.mempool.size > 0) {
    const head = node.chain.head()
    const lc = head.height === 0 ? null : await node.getCommit(head.height)
    const { prepared } = await node.chain.buildBlock(node.mempool.reap(5000, 1 << 30), f.validator.publicKey, Date.now(), lc)
    const h = prepared.block.header.height
    const v = signVote(f.genesis.chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
    await node.chain.commit(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] }, (x) => node.mempool.has(x))
    node.mempool.remove(prepared.txs.map((c) => c.hashHex))
    n += prepared.txs.length
  }
  return n
}

/** wall ms of the last replay spent in validateBlock and in commit (the rest: reading the source's blocks) */
const split = { validate: 0, commit: 0 }

async function replay(source: LedgerNode, fresh: LedgerNode, ahead: boolean): Promise<number> {
  split.validate = 0
  split.commit = 0
  let n = 0
  const top = source.chain.head().height
  let next = await source.store.getBlockBytes(1)
  for (let h = 1; h <= top; h++) {
    const bytes = next!
    next = h < top ? await source.store.getBlockBytes(h + 1) : undefined
    if (ahead && next) fresh.lookahead.ahead([next])
    const t0 = performance.now()
    const p = await fresh.chain.validateBlock(bytes)
    const commit = (await source.getCommit(h))!
    const t1 = performance.now()
    await fresh.chain.commit(p, commit, () => false)
    split.validate += t1 - t0
    split.commit += performance.now() - t1
    if (ahead) fresh.lookahead.forget(p.txs.map((c) => c.hashHex))
    n += p.txs.length
  }
  return n
}

interface HeapNode { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; selfSize: number; children: HeapNode[] }

/** bytes allocated a transaction, by allocating function (with its caller) */
function printHeap(head: HeapNode, n: number): void {
  const by = new Map<string, number>()
  let total = 0
  const name = (c: HeapNode['callFrame']): string => `${c.functionName || '(anon)'} ${c.url.replace(/^.*\/(src|node_modules)\//, '$1/')}:${c.lineNumber + 1}:${c.columnNumber + 1}`
  const walk = (x: HeapNode, parent: string): void => {
    const k = `${name(x.callFrame)}  <  ${parent}`
    by.set(k, (by.get(k) ?? 0) + x.selfSize)
    total += x.selfSize
    for (const c of x.children) walk(c, name(x.callFrame))
  }
  walk(head, '')
  console.log(`allocated (sampled) ${(total / n).toFixed(0)} B a transaction`)
  for (const [k, b] of [...by].sort((a, c) => c[1] - a[1]).slice(0, 40)) console.log(`${(b / n).toFixed(0).padStart(7)} B/tx  ${k}`)
}

async function main(): Promise<void> {
  const f = fixture()
  const txs = grants(f, TXS)
  const node = await open(f, 'src')
  for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => node.submitJson(t)))
  const s = new Session()
  s.connect()
  await s.post('Profiler.enable')
  await s.post('Profiler.setSamplingInterval', { interval: 200 })
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  let n: number
  const start = (): Promise<unknown> =>
    HEAP
      ? s.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never)
      : s.post('Profiler.start')
  if (PHASE === 'prod') {
    await start()
    n = await produce(f, node)
  } else {
    await produce(f, node)
    const fresh = await open(f, 'replay')
    await start()
    n = await replay(node, fresh, PHASE === 'ahead')
    await fresh.close()
  }
  if (HEAP) {
    const { profile: heap } = (await s.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: HeapNode } }
    printHeap(heap.head, n)
    await node.close()
    f.cleanup()
    return
  }
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  console.log(`${PHASE}: ${n} txs, ${Math.round((n * 1000) / ms)} tx/s, CPU all threads ${((cpu.user + cpu.system) / n).toFixed(0)} µs/tx`)
  const profile = await stopProfile(s, n)
  if (OUT) writeFileSync(OUT, JSON.stringify(profile))
  await node.close()
  f.cleanup()
}
await (CPU_ONLY ? cpuPhases() : main())
