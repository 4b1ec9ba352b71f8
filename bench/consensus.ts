/**
 * Consensus benchmark (the consortium issue): four validator processes on loopback, made by `daejang testnet`,
 * fed pre-signed transactions at rising offered rates (in batches, POST /api/v1/txs/batch, round-robin). Prints, per offered rate, the finalized rate (transactions
 * committed per second on node 0) and commit latency p50/p99 (submission → the tx.committed event on node 0);
 * then the catch-up replay rate (`daejang chain verify` of node 0's store: validate, execute and commit every block,
 * signatures included). Also, per offered rate, each validator's peak resident memory (Linux: VmHWM from
 * /proc/<pid>/status, reset before each rate through /proc/<pid>/clear_refs; else the highest VmRSS sampled).
 * Usage: npm run bench:consensus [-- --rates 500,1000,2000,4000 --seconds 6 --tail 20]
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import WebSocket from 'ws'
import { makeTx, txToJson, type TxJson } from '../src/ledger/types/tx'
import { toHex } from '../src/ledger/codec/bytes'
import { loadSigner } from '../src/ledger/crypto/keystore'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'daejang.mjs')
const argOf = (name: string, d: string): string => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1]! : d
}
const RATES = argOf('--rates', '500,1000,2000,3000,4000').split(',').map(Number)
const SECONDS = Number(argOf('--seconds', '6'))
/** how long to wait, after sending, for the acknowledged transactions to commit (longer on a busy machine) */
const TAIL_SECONDS = Number(argOf('--tail', '20'))

const children: ChildProcess[] = []

interface Node {
  proc: ChildProcess
  url: string
  token: string
}

async function start(home: string): Promise<Node> {
  // DAEJANG_BENCH_PROF=<dir>: each validator writes a CPU profile there when it stops (node --cpu-prof)
  const prof = process.env.DAEJANG_BENCH_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.DAEJANG_BENCH_PROF] : []
  const proc = spawn(process.execPath, [...prof, BIN, 'start', '--home', home, '--no-ui'], { stdio: 'ignore' })
  children.push(proc)
  for (;;) {
    const p = join(home, 'api.json')
    if (existsSync(p)) {
      try {
        const i = JSON.parse(readFileSync(p, 'utf8'))
        if ((await fetch(i.url + '/api/v1/health')).ok) return { proc, url: i.url, token: i.token }
      } catch {
        // not yet
      }
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

/** CPU time (user + system, ms) a process has used so far, worker threads included; Linux only (else NaN) */
function cpuMs(pid: number | undefined): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100 // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN
  }
}
const validatorsCpuMs = (ns: Node[]): number => ns.reduce((a, n) => a + cpuMs(n.proc.pid), 0)

/** A memory figure of a process in MB from /proc/<pid>/status (VmRSS: now, VmHWM: peak); Linux only (else NaN). */
function procMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}

/**
 * Peak resident memory of each validator over a stretch of the run: the kernel's high-water mark, reset at the start
 * (writing 5 to clear_refs), with sampled VmRSS as a fallback where the reset is not allowed.
 */
class PeakRss {
  private readonly sampled: number[]
  private readonly reset: boolean[]
  private readonly timer: ReturnType<typeof setInterval>
  constructor(private readonly ns: Node[]) {
    this.reset = ns.map((n) => {
      try {
        writeFileSync(`/proc/${n.proc.pid}/clear_refs`, '5')
        return true
      } catch {
        return false
      }
    })
    this.sampled = ns.map(() => 0)
    this.timer = setInterval(() => this.sample(), 100)
  }
  private sample(): void {
    this.ns.forEach((n, k) => (this.sampled[k] = Math.max(this.sampled[k]!, procMb(n.proc.pid, 'VmRSS') || 0)))
  }
  /** peak MB per validator */
  stop(): number[] {
    clearInterval(this.timer)
    this.sample()
    return this.ns.map((n, k) => (this.reset[k] ? Math.max(procMb(n.proc.pid, 'VmHWM'), this.sampled[k]!) : this.sampled[k]!))
  }
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-bft-'))
  const made = spawnSync(process.execPath, [BIN, 'testnet', '--validators', '4', '--dir', dir, '--base-port', '24100', '--heartbeat-ms', '200', '--json'], { encoding: 'utf8' })
  if (made.status !== 0) throw new Error(made.stderr)
  const { chainId } = JSON.parse(made.stdout) as { chainId: string }
  const homes = [0, 1, 2, 3].map((i) => join(dir, `node${i}`))
  const nodes = await Promise.all(homes.map(start))
  const admins = homes.map((h) => loadSigner(join(h, 'keys', 'admin.json')))
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}; 4 validator processes, chain ${chainId}`)

  const committedAt = new Map<string, number>()
  const ws = new WebSocket(`${nodes[0]!.url.replace('http', 'ws')}/api/v1/events?token=${nodes[0]!.token}`)
  ws.on('message', (d) => {
    const e = JSON.parse(String(d)) as { type: string; hash?: string }
    if (e.type === 'tx.committed' && e.hash) committedAt.set(e.hash, performance.now())
  })
  await new Promise((r) => ws.once('open', r))

  let nonce = 1
  const sign = (k: number): TxJson =>
    txToJson(
      makeTx(admins[k % 4]!, {
        chainId,
        type: 'identity.role.grant',
        nonce: nonce++,
        payload: { agency: `agency-${k % 4}`, subject: toHex(admins[(k + 1) % 4]!.publicKey), role: 'notary', expiresAt: null },
      }),
    )
  const rows: string[] = []
  for (const rate of RATES) {
    const total = rate * SECONDS
    const txs = Array.from({ length: total }, (_, k) => sign(k))
    const sentAt = new Map<string, number>()
    const committedBefore = committedAt.size
    const cpu0 = validatorsCpuMs(nodes)
    const rss = new PeakRss(nodes)
    const t0 = performance.now()
    const tick = 50
    let i = 0
    let refused = 0
    while (i < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + Math.floor((rate * tick) / 1000))
      const batch = txs.slice(i, due)
      i = due
      // one batch request per node per tick (POST /api/v1/txs/batch): the load generator stays cheap
      await Promise.all(
        nodes.map(async (n, k) => {
          const mine = batch.filter((_, j) => j % 4 === k)
          // the endpoint takes at most 1,000 per request (a generator that fell behind has more due)
          for (let c = 0; c < mine.length; c += 1000) {
            const at = performance.now()
            const r = await fetch(n.url + '/api/v1/txs/batch', {
              method: 'POST',
              headers: { Authorization: `Bearer ${n.token}`, 'Content-Type': 'application/json' },
              body: JSON.stringify({ txs: mine.slice(c, c + 1000) }),
            })
            const body = (await r.json()) as { results?: Array<{ hash?: string }>; error?: { code: string; message: string } }
            if (!body.results) throw new Error(`batch refused: ${body.error?.code}: ${body.error?.message}`)
            for (const res of body.results) {
              if (res.hash) sentAt.set(res.hash, at)
              else refused++
            }
          }
        }),
      )
      await new Promise((r) => setTimeout(r, tick))
    }
    const sendEnd = performance.now()
    // wait for the tail to commit (or --tail seconds)
    const deadline = performance.now() + TAIL_SECONDS * 1000
    while (performance.now() < deadline && [...sentAt.keys()].some((h) => !committedAt.has(h))) await new Promise((r) => setTimeout(r, 100))
    // the validators' CPU per committed transaction: what bounds saturation, and steadier than rates on a shared machine
    const cpuPerTx = ((validatorsCpuMs(nodes) - cpu0) * 1000) / Math.max(1, committedAt.size - committedBefore)
    const peaks = rss.stop()
    const peakText = peaks.map((m) => m.toFixed(0)).join(' / ')
    const done = [...sentAt.entries()].filter(([h]) => committedAt.has(h))
    const lat = done.map(([h, at]) => committedAt.get(h)! - at)
    const lastCommit = Math.max(...done.map(([h]) => committedAt.get(h)!))
    const finalized = (done.length * 1000) / (lastCommit - t0)
    const line = `offered ${String(rate).padStart(5)}/s  sent ${((sentAt.size * 1000) / (sendEnd - t0)).toFixed(0).padStart(5)}/s  finalized ${finalized.toFixed(0).padStart(5)}/s  latency p50 ${pct(lat, 50).toFixed(0)} ms p99 ${pct(lat, 99).toFixed(0)} ms  (${done.length}/${sentAt.size} committed, ${refused} refused)  validators' CPU ${cpuPerTx.toFixed(0)} µs/tx  peak RSS ${peakText} MB`
    console.log(line)
    rows.push(`| ${rate} | ${finalized.toFixed(0)} | ${pct(lat, 50).toFixed(0)} | ${pct(lat, 99).toFixed(0)} | ${done.length}/${sentAt.size} | ${refused} | ${peakText} |`)
  }
  ws.close()
  for (const n of nodes) n.proc.kill('SIGTERM')
  await Promise.all(nodes.map((n) => new Promise((r) => n.proc.once('exit', r))))

  // catch-up: replay node 0's whole chain as a fresh node would
  const copy = join(dir, 'replay')
  cpSync(homes[0]!, copy, { recursive: true })
  const t = performance.now()
  const v = spawnSync(process.execPath, [BIN, 'chain', 'verify', '--home', copy, '--json'], { encoding: 'utf8' })
  const ms = performance.now() - t
  const audit = JSON.parse(v.stdout) as { ok: boolean; height: number }
  const txCount = rows.length ? Number(nonce - 1) : 0
  console.log(`catch-up replay: ${audit.height} blocks, ~${txCount} transactions in ${(ms / 1000).toFixed(1)} s → ${((txCount * 1000) / ms).toFixed(0)} tx/s (ok: ${audit.ok}, process start included)`)
  console.log(
    '\n| offered tx/s | finalized tx/s | p50 ms | p99 ms | committed | refused (MEMPOOL_FULL…) | peak RSS per validator, MB |\n|---|---|---|---|---|---|---|\n' +
      rows.join('\n'),
  )
  rmSync(dir, { recursive: true, force: true })
}

try {
  await main()
} finally {
  // never leave validator processes behind, even when a run fails
  for (const p of children) p.kill('SIGKILL')
}
