/**
 * The seeded consensus simulation with the real Chain, Store and StateTree under every replica (store-sim.ts): no
 * fork, the same app hash (state root) at every height on every honest replica, the state equal to a plain-map replay
 * of the committed transactions, and state proofs that verify against the committed headers — through crashes and
 * restarts from the replicas' stores, partitions and a Byzantine proposer. A failure names its seed; reproduce it with
 * `npx tsx bench/store-sim.ts --seed N --verbose`.
 */
import { describe, expect, it } from 'vitest'
import { runStoreSim, type StoreSimStats } from './store-sim'

const FROM = 0
const COUNT = 16

describe('consensus simulation on the real store', () => {
  it(`seeds ${FROM}..${FROM + COUNT - 1}: no fork, equal state roots, state = plain-map replay, proofs verify`, { timeout: 600_000 }, async () => {
    const failures: string[] = []
    const all: StoreSimStats[] = []
    for (let seed = FROM; seed < FROM + COUNT; seed++) {
      const r = await runStoreSim({ seed })
      if (!r.ok) failures.push(`${r.error} (reproduce: npx tsx bench/store-sim.ts --seed ${seed} --verbose)`)
      all.push(r.stats)
    }
    expect(failures).toEqual([])
    const sum = (f: (s: StoreSimStats) => number): number => all.reduce((a, s) => a + f(s), 0)
    // the runs exercised what they claim to
    expect(sum((s) => s.heights)).toBeGreaterThan(COUNT * 3)
    expect(sum((s) => s.committedTxs)).toBeGreaterThan(COUNT * 3)
    expect(sum((s) => s.rejectedTxs)).toBeGreaterThan(0)
    expect(sum((s) => s.restarts)).toBeGreaterThan(COUNT)
    expect(sum((s) => s.tornCrashes)).toBeGreaterThan(0)
    // replicas whose WAL and signing guard are files in their directory, reopened at restart, torn tails included
    expect(sum((s) => s.fileReplicas)).toBeGreaterThan(COUNT)
    expect(sum((s) => s.tornFileTails)).toBeGreaterThan(0)
    expect(sum((s) => s.powerLosses)).toBeGreaterThan(0)
    expect(sum((s) => s.partitions)).toBeGreaterThan(COUNT)
    // a crash between a decision and its commit, and the WAL deciding that height again after the restart
    expect(sum((s) => s.crashesBeforeCommit)).toBeGreaterThan(0)
    expect(sum((s) => s.redecidedAfterRestart)).toBeGreaterThan(0)
    expect(sum((s) => s.crashesAfterCommit)).toBeGreaterThan(0)
    // replicas that prune old heights agree with those that keep every height
    expect(sum((s) => s.pruning)).toBeGreaterThan(0)
    // replicas caught up by block sync from a peer's store
    expect(sum((s) => s.synced)).toBeGreaterThan(0)
    // Byzantine proposers sent each kind of second block, and honest replicas refused the invalid ones
    expect(all.filter((s) => s.byzantine !== null).length).toBeGreaterThan(COUNT / 2)
    expect(sum((s) => s.byzProposals.valid)).toBeGreaterThan(0)
    expect(sum((s) => s.byzProposals.badAppHash)).toBeGreaterThan(0)
    expect(sum((s) => s.byzProposals.badTx)).toBeGreaterThan(0)
    expect(sum((s) => s.byzProposals.badSig)).toBeGreaterThan(0)
    // a bad transaction signature refused by a replica verifying in a worker thread, for its signature
    expect(sum((s) => s.badSigRefusedPool)).toBeGreaterThan(0)
    expect(sum((s) => s.invalidRefused)).toBeGreaterThan(0)
    expect(sum((s) => s.evidence)).toBeGreaterThan(0)
    expect(sum((s) => s.proofsChecked)).toBeGreaterThan(COUNT * 100)
  })

  it('a seed reproduces its run', async () => {
    const a = await runStoreSim({ seed: 3 })
    const b = await runStoreSim({ seed: 3 })
    expect(a.ok).toBe(true)
    expect(b.stats).toEqual(a.stats)
  })
})
