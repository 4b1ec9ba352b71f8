/**
 * The seeded consensus simulation on the real Chain + Store + StateTree (test/consensus/store-sim.ts) over many seeds:
 * the soak beside the CI test (test/consensus/sim-store.test.ts), and the way to reproduce one seed.
 *
 *   npx tsx bench/store-sim.ts --seeds 200               seeds 0..199
 *   npx tsx bench/store-sim.ts --seed 42 --verbose       one seed, with a line per notable event
 *   npx tsx bench/store-sim.ts --seeds 50 --from 1000 --gst 12000 --heights 6 --txs 200
 *
 * Exits non-zero if any seed fails; each failure prints its seed.
 */
import { runStoreSim } from '../test/consensus/store-sim'

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
const count = one !== undefined ? 1 : num('seeds', 100)
const verbose = process.argv.includes('--verbose')
const gstMs = num('gst', 6000)
const heightsAfterGst = num('heights', 3)
const txs = num('txs', 60)

const t0 = performance.now()
const failures: string[] = []
let heights = 0
let committed = 0
let proofs = 0
for (let s = from; s < from + count; s++) {
  const started = performance.now()
  const r = await runStoreSim({ seed: s, gstMs, heightsAfterGst, txs, ...(verbose ? { trace: (l: string) => console.log('  ' + l) } : {}) })
  heights += r.stats.heights
  committed += r.stats.committedTxs
  proofs += r.stats.proofsChecked
  if (!r.ok) failures.push(r.error!)
  if (!r.ok || verbose || count === 1) console.log(r.ok ? `seed ${s}: ok` : r.error, JSON.stringify(r.stats))
  else if ((s - from + 1) % 10 === 0) console.log(`${s - from + 1}/${count} seeds (last ${Math.round(performance.now() - started)} ms)`)
}
const ms = performance.now() - t0
console.log(
  `${count} seeds in ${(ms / 1000).toFixed(1)} s (${(ms / count).toFixed(0)} ms a seed): ${heights} heights, ` +
    `${committed} transactions committed, ${proofs} proofs checked, ${failures.length} failures`,
)
for (const f of failures) console.log('FAIL ' + f)
process.exit(failures.length > 0 ? 1 : 0)
