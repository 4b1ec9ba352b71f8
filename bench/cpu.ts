/**
 * CPU time by thread and the V8 profiler's summary, for the benches that say where a transaction's CPU goes
 * (bench/profile-exec.ts, bench/bundle.ts). On a loaded machine these move much less than the wall time does.
 */
import type { Session } from 'node:inspector/promises'
import { readFileSync, readdirSync } from 'node:fs'

/** CPU time of this (the main) thread so far, µs; NaN where /proc is missing (Linux: clock ticks of 10 ms) */
export function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1e6) / 100
  } catch {
    return NaN
  }
}

/** CPU µs of every thread of this process by thread name (Linux), summed over threads of the same name */
export function threadCpu(): Map<string, number> {
  const out = new Map<string, number>()
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
        const name = tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '')
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
        out.set(name, (out.get(name) ?? 0) + ((Number(f[11]) + Number(f[12])) * 1e6) / 100)
      } catch {
        // the thread ended
      }
    }
  } catch {
    // no /proc
  }
  return out
}

/** CPU µs a transaction since `before` (a threadCpu() reading), by thread name, those of at least 1 µs: "main 120, libuv-worker 30" */
export function threadsSince(before: Map<string, number>, n: number): string {
  return [...threadCpu()]
    .map(([k, v]) => [k, (v - (before.get(k) ?? 0)) / n] as const)
    .filter(([, v]) => v >= 1)
    .map(([k, v]) => `${k} ${v.toFixed(0)}`)
    .join(', ')
}

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }

/** Start the V8 CPU profiler of this thread (sampling every 200 µs). */
export async function startProfile(s: Session): Promise<void> {
  await s.post('Profiler.enable')
  await s.post('Profiler.setSamplingInterval', { interval: 200 })
  await s.post('Profiler.start')
}

/** Stop it and print the self time by file and by function, per transaction; returns the profile (to write to a file). */
export async function stopProfile(s: Session, n: number, files = 25, functions = 45): Promise<unknown> {
  const { profile } = await s.post('Profiler.stop')
  const nodes = profile.nodes as ProfileNode[]
  const dt = profile.timeDeltas as number[]
  const samples = profile.samples as number[]
  const self = new Map<number, number>()
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (dt[i] ?? 0))
  const total = [...self.values()].reduce((a, b) => a + b, 0)
  const byFn = new Map<string, number>()
  const byFile = new Map<string, number>()
  for (const nd of nodes) {
    const t = self.get(nd.id) ?? 0
    const file = nd.callFrame.url.replace(/^.*\/(src|node_modules)\//, '$1/') || '(native)'
    const fn = `${nd.callFrame.functionName || '(anon)'} ${file}:${nd.callFrame.lineNumber + 1}`
    byFn.set(fn, (byFn.get(fn) ?? 0) + t)
    byFile.set(file, (byFile.get(file) ?? 0) + t)
  }
  const top = (m: Map<string, number>, k: number): void => {
    for (const [name, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, k)) {
      console.log(`${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / n).toFixed(1).padStart(6)} µs/tx  ${name}`)
    }
  }
  console.log(`main thread sampled ${(total / 1000).toFixed(0)} ms (${(total / n).toFixed(1)} µs/tx)\n-- by file`)
  top(byFile, files)
  console.log('-- by function')
  top(byFn, functions)
  return profile
}
