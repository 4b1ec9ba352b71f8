/**
 * Runs the deterministic consensus simulation (test/consensus/sim.ts) over many seeds.
 *
 *   npm run sim -- --seeds 1000          seeds 0..999
 *   npm run sim -- --seed 42 [--verbose] reproduce one seed
 *   npm run sim -- --seeds 200 --from 5000 --gst 8000 --heights 3
 *
 * Exits non-zero if any seed fails; each failure prints its seed number.
 */
import { runSim } from '../test/consensus/sim'

function arg(name: string): string | undefined {
  const i = process.argv.indexOf('--' + name)
  return i >= 0 ? process.argv[i + 1] : undefined
}
const num = (name: string, d: number): number => {
  const v = arg(name)
  return v === undefined ? d : Number(v)
}

const one = arg('seed')
const from = one !== undefined ? Number(one) : num('from', 0)
const count = one !== undefined ? 1 : num('seeds', 200)
const verbose = process.argv.includes('--verbose') || one !== undefined
const gstMs = num('gst', 8000)
const heightsAfterGst = num('heights', 3)

const t0 = performance.now()
const failures: string[] = []
let heights = 0
let maxLiveness = 0
let maxRound = 0
let evidence = 0
let torn = 0
let crashes = 0
for (let s = from; s < from + count; s++) {
  const r = runSim({ seed: s, gstMs, heightsAfterGst, ...(arg('loss') ? { loss: Number(arg('loss')) } : {}) })
  heights += r.stats.decidedHeights
  maxLiveness = Math.max(maxLiveness, r.stats.livenessMs)
  maxRound = Math.max(maxRound, r.stats.maxRound)
  evidence += r.stats.evidence
  torn += r.stats.tornCrashes
  crashes += r.stats.crashes
  if (verbose) console.log(JSON.stringify({ ok: r.ok, ...r.stats, error: r.error }))
  if (!r.ok) {
    failures.push(r.error!)
    console.error('FAIL ' + r.error + `  (reproduce: npm run sim -- --seed ${s})`)
  }
}
const ms = performance.now() - t0
console.log(
  `${count} seeds in ${(ms / 1000).toFixed(1)} s (${(ms / count).toFixed(0)} ms/seed): ${failures.length} failed; ` +
    `${heights} heights decided, ${crashes} crashes (${torn} torn WAL appends), ${evidence} evidence reports, ` +
    `max round ${maxRound}, slowest recovery after GST ${maxLiveness.toFixed(0)} ms simulated`,
)
process.exit(failures.length ? 1 : 0)
