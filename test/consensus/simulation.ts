/** Shared body of the simulation test files (split in two so that vitest runs them on both workers). */
import { describe, expect, it } from 'vitest'
import { runSim } from './sim'

export function simulationSuite(name: string, from: number, count: number): void {
  describe(name, () => {
    // a few seconds a hundred seeds on a quiet machine; generous for a loaded one (no timing is asserted)
    it(`seeds ${from}..${from + count - 1}: agreement, valid commits, no double signing by honest validators, liveness after GST`, { timeout: 300_000 }, () => {
      const failures: string[] = []
      let decided = 0
      let torn = 0
      let evidence = 0
      let byzantineRuns = 0
      let membershipRuns = 0
      let crossedLeave = 0
      let powerLosses = 0

      for (let seed = from; seed < from + count; seed++) {
        const r = runSim({ seed })
        if (!r.ok) failures.push(`${r.error} (reproduce: npm run sim -- --seed ${seed})`)
        decided += r.stats.decidedHeights
        torn += r.stats.tornTailsSeen
        evidence += r.stats.evidence
        if (r.stats.byzantine !== null) byzantineRuns++
        if (r.stats.membership) membershipRuns++
        powerLosses += r.stats.powerLosses
        if (r.stats.membership && r.stats.decidedHeights >= r.stats.membership.leaveAt) crossedLeave++
      }
      expect(failures).toEqual([])
      // the runs exercised what they claim to
      expect(decided).toBeGreaterThan(count * 3)
      expect(torn).toBeGreaterThan(count / 4)
      expect(byzantineRuns).toBeGreaterThan(count / 2)
      expect(evidence).toBeGreaterThan(count)
      // power failures that lost the WAL's unsynced tail (it syncs before anything leaves a validator)
      expect(powerLosses).toBeGreaterThan(count / 2)
      // validator-set changes: a node joins and one leaves in some runs, and the chains decide past both
      expect(membershipRuns).toBeGreaterThan(count / 5)
      expect(crossedLeave).toBeGreaterThan(count / 10)
    })
  })
}
