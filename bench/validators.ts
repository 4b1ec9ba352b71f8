/**
 * Validator processes for the benches that run a consortium on loopback (land-day, livestock-day): each started by
 * `daejang start` in its home and waited for until its API answers, each stopped by its own PID.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface ValidatorNode {
  i: number
  pid: number
  url: string
  token: string
}

const children = new Map<number, ChildProcess>()
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Whether a validator this run started is still running. */
export const isRunning = (pid: number): boolean => children.has(pid)

/** Start validator `i` from `bin` (the CLI) in `home`, its output in home/bench.log; resolves once its API answers. */
export async function startNode(bin: string, i: number, home: string): Promise<ValidatorNode> {
  const log = openSync(join(home, 'bench.log'), 'a')
  const proc = spawn(process.execPath, [bin, 'start', '--home', home, '--no-ui'], { stdio: ['ignore', log, log] })
  closeSync(log)
  if (proc.pid === undefined) throw new Error(`validator ${i} did not start`)
  children.set(proc.pid, proc)
  proc.once('exit', () => children.delete(proc.pid!))
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`validator ${i} exited: see ${join(home, 'bench.log')}`)
    const p = join(home, 'api.json')
    if (existsSync(p)) {
      try {
        const a = JSON.parse(readFileSync(p, 'utf8')) as { url: string; token: string }
        if ((await fetch(a.url + '/api/v1/health')).ok) return { i, pid: proc.pid, url: a.url, token: a.token }
      } catch {
        // not up yet
      }
    }
    await sleep(100)
  }
  throw new Error(`validator ${i} did not answer within 120 s`)
}

/** Stop every validator this run started, by its PID: SIGTERM, then SIGKILL after 10 s. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...children.entries()].map(async ([pid, proc]) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return
      const exited = new Promise<void>((r) => proc.once('exit', () => r()))
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        return
      }
      const t = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL')
        } catch {
          // already gone
        }
      }, 10_000)
      await exited
      clearTimeout(t)
    }),
  )
}

/** CPU time (user + system) of process `pid` so far, ms (Linux /proc); NaN where it cannot be read. */
export function cpuMs(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100
  } catch {
    return NaN
  }
}

/** A call to a validator's API with its token, tried again a few times while the node runs (a busy node may drop one). */
export async function callNode<T>(node: ValidatorNode, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
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
