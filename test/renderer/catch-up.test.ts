import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CatchUpMeter, WINDOW_MS } from '../../src/renderer/lib/catch-up'

describe('the catch-up meter', () => {
  it('says nothing when the node is not behind', () => {
    const m = new CatchUpMeter()
    m.add(0, 10, 10)
    expect(m.estimate(10, 10)).toBeNull()
  })

  it('gives the share done, the rate and the time left', () => {
    const m = new CatchUpMeter()
    m.add(0, 100, 1100)
    m.add(1_000, 200, 1100)
    m.add(2_000, 300, 1100)
    const e = m.estimate(300, 1100)!
    expect(e.fraction).toBeCloseTo(0.2)
    expect(e.rate).toBeCloseTo(100)
    expect(e.etaMs).toBeCloseTo(8_000)
  })

  it('has no rate from one reading, and no time left while the node does not advance', () => {
    const m = new CatchUpMeter()
    m.add(0, 5, 50)
    expect(m.estimate(5, 50)).toMatchObject({ rate: null, etaMs: null, fraction: 0 })
    m.add(5_000, 5, 50)
    expect(m.estimate(5, 50)).toMatchObject({ rate: 0, etaMs: null })
  })

  it('measures the rate over the last window only', () => {
    const m = new CatchUpMeter()
    m.add(0, 0, 100_000)
    m.add(1_000, 10_000, 100_000) // a burst long ago
    for (let s = 2; s <= 100; s++) m.add(s * 1_000, 10_000 + (s - 1) * 10, 100_000)
    const e = m.estimate(10_990, 100_000)!
    expect(e.rate).toBeCloseTo(10)
  })

  it('begins again when the node is caught up, or goes back', () => {
    const m = new CatchUpMeter()
    m.add(0, 0, 100)
    m.add(1_000, 100, 100)
    expect(m.estimate(100, 100)).toBeNull()
    m.add(2_000, 100, 300)
    expect(m.estimate(100, 300)!.fraction).toBe(0)
    m.add(3_000, 50, 300) // another node behind this address, lower down
    expect(m.estimate(50, 300)!.fraction).toBe(0)
  })

  it('keeps the share within 0..1 and the time left non-negative for any readings', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(WINDOW_MS * 4), fc.nat(10_000), fc.nat(10_000)), { maxLength: 400 }), (readings) => {
        const m = new CatchUpMeter()
        let time = 0
        for (const [dt, h, tgt] of readings) {
          time += dt
          m.add(time, h, tgt)
          const e = m.estimate(h, tgt)
          if (e === null) continue
          expect(e.fraction).toBeGreaterThanOrEqual(0)
          expect(e.fraction).toBeLessThanOrEqual(1)
          if (e.etaMs !== null) expect(e.etaMs).toBeGreaterThan(0)
          if (e.rate !== null) expect(e.rate).toBeGreaterThanOrEqual(0)
        }
      }),
    )
  })
})
