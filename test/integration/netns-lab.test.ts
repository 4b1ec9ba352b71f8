/**
 * The network-namespace lab itself (test/integration/netns.ts): namespaces reach each other through the hub, a cut
 * link does not carry packets and a healed one does again, shaping shows on the link, and destroy() removes every
 * namespace and kills what ran in them.
 */
import { spawnSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { NetnsLab, netemAvailable, netnsOrSkipReason } from './netns'

const available = netnsOrSkipReason('netns-lab.test.ts')

describe.skipIf(!available)('the network-namespace lab', () => {
  let lab: NetnsLab | null = null
  afterAll(async () => {
    await lab?.destroy()
  })

  it('links, shapes, cuts and heals; destroy leaves nothing behind', async () => {
    lab = NetnsLab.create(3)
    expect(lab.reaches(0, 1)).toBe(true)
    expect(lab.reaches(2, 0)).toBe(true)

    lab.shape(1, { rateMbit: 20 })
    expect(lab.qdisc(1)).toMatch(/tbf .*rate 20Mbit/)
    if (netemAvailable()) {
      lab.shape(1, { rateMbit: 20, delayMs: 20, lossPct: 1 })
      expect(lab.qdisc(1)).toMatch(/netem .*delay 20ms/)
    } else {
      console.warn('netns-lab.test.ts: this kernel has no netem: link delay and loss are not tested (a rate is)')
      expect(() => lab!.shape(1, { delayMs: 20 })).toThrow(/netem/)
    }
    lab.shape(1, {})
    expect(lab.qdisc(1)).not.toMatch(/tbf|netem/)
    expect(lab.reaches(0, 1)).toBe(true)

    lab.cut(2)
    expect(lab.reaches(0, 2)).toBe(false)
    expect(lab.reaches(0, 1)).toBe(true)
    lab.heal(2)
    expect(lab.reaches(0, 2)).toBe(true)

    const sleeper = lab.spawnIn(0, ['sleep', '600'])
    const names = [lab.hub, lab.nsName(0), lab.nsName(1), lab.nsName(2)]
    await lab.destroy()
    lab = null
    expect(sleeper.exitCode !== null || sleeper.signalCode !== null).toBe(true)
    const left = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout
    for (const n of names) expect(left).not.toContain(n)
  })
})
