/**
 * How a node's catch-up is going, from what its status said over time (issue 15, "catch-up you can see"): the share
 * done, the rate in blocks a second over the last half minute, and the time left at that rate. Pure: the store feeds
 * it the status it reads, a test feeds it numbers.
 */

export interface CatchUp {
  height: number
  target: number
  /** done of the way from the height the catch-up began at, 0 to 1 */
  fraction: number
  /** blocks a second over the window, null until two readings apart in time */
  rate: number | null
  /** milliseconds left at that rate, null when unknown (no rate yet, or the node is not advancing) */
  etaMs: number | null
}

interface Sample {
  time: number
  height: number
}

export const WINDOW_MS = 30_000
const MAX_SAMPLES = 256

export class CatchUpMeter {
  private samples: Sample[] = []
  /** the height the current catch-up began at */
  private start: number | null = null

  /** A reading: the node's height and the height it syncs towards, at `time` (ms). */
  add(time: number, height: number, target: number): void {
    if (!Number.isFinite(time) || !Number.isFinite(height) || !Number.isFinite(target)) return
    const last = this.samples.at(-1)
    // the clock went back, or the node was replaced by one lower down: begin again
    if (last !== undefined && (time < last.time || height < last.height)) this.reset()
    if (target <= height) {
      this.reset()
      return
    }
    if (this.start === null) this.start = height
    this.samples.push({ time, height })
    while (this.samples.length > 2 && (this.samples[1]!.time <= time - WINDOW_MS || this.samples.length > MAX_SAMPLES)) this.samples.shift()
  }

  reset(): void {
    this.samples = []
    this.start = null
  }

  /** Where the catch-up stands for a node at `height` syncing to `target`; null when it is not catching up. */
  estimate(height: number, target: number): CatchUp | null {
    if (!(target > height) || this.start === null) return null
    const span = target - this.start
    const fraction = span > 0 ? Math.min(1, Math.max(0, (height - this.start) / span)) : 0
    const first = this.samples[0]
    const last = this.samples.at(-1)
    let rate: number | null = null
    if (first !== undefined && last !== undefined && last.time > first.time) rate = ((last.height - first.height) * 1000) / (last.time - first.time)
    const etaMs = rate !== null && rate > 0 ? ((target - height) / rate) * 1000 : null
    return { height, target, fraction, rate, etaMs }
  }
}
