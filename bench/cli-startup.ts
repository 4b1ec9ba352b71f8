/**
 * CLI start-up (issue 9, item 19): wall time of `daejang --version` and `daejang status --json` (against a node this
 * script starts in a temp home), spawned as a user's shell would (`node bin/daejang.mjs …`, the built out/cli), over
 * --runs runs each, with `node -e 0` beside them as the floor of this machine. Target: ≤ 300 ms median for both.
 * Builds out/cli first if it is missing or stale (that one build is not timed).
 * Usage: npx tsx bench/cli-startup.ts [--runs 10]
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin', 'daejang.mjs')
const i = process.argv.indexOf('--runs')
const RUNS = i >= 0 ? Number(process.argv[i + 1]) : 10

function timeRuns(args: string[], env: NodeJS.ProcessEnv = process.env): number[] {
  const times: number[] = []
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now()
    const p = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env })
    times.push(performance.now() - t)
    if (p.status !== 0) throw new Error(`${args.join(' ')} failed (${p.status}): ${p.stderr}`)
  }
  return times
}

function line(name: string, xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b)
  const median = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
  return `${name.padEnd(30)} median ${median.toFixed(0).padStart(5)} ms  best ${s[0]!.toFixed(0).padStart(5)} ms  (${xs.map((x) => x.toFixed(0)).join(', ')})`
}

async function waitForApi(home: string, proc: ReturnType<typeof spawn>): Promise<void> {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error('the node exited')
    const p = join(home, 'api.json')
    if (existsSync(p)) {
      try {
        if ((await fetch(JSON.parse(readFileSync(p, 'utf8')).url + '/api/v1/health')).ok) return
      } catch {
        // not yet
      }
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error('the node did not come up in 120 s')
}

async function main(): Promise<void> {
  // build (or check) out/cli once, untimed
  const warm = spawnSync(process.execPath, [BIN, '--version'], { cwd: ROOT, encoding: 'utf8' })
  if (warm.status !== 0) throw new Error('daejang --version failed: ' + warm.stderr)

  const dir = mkdtempSync(join(tmpdir(), 'daejang-cli-bench-'))
  const home = join(dir, 'node')
  const node = spawn(process.execPath, [BIN, 'start', '--home', home, '--init-if-missing', '--no-ui', '--port', '0'], { cwd: ROOT, stdio: 'ignore' })
  try {
    await waitForApi(home, node)
    const floor = timeRuns(['-e', '0'])
    const version = timeRuns([BIN, '--version'])
    const status = timeRuns([BIN, 'status', '--home', home, '--json'])
    console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}, ${RUNS} runs each`)
    console.log(line('node -e 0 (floor)', floor))
    console.log(line('daejang --version', version) + '  target ≤ 300 ms')
    console.log(line('daejang status --json', status) + '  target ≤ 300 ms')
  } finally {
    node.kill('SIGTERM')
    await new Promise((r) => (node.exitCode !== null ? r(null) : node.once('exit', r)))
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
