/** The automatic lock (src/renderer/lib/idle.ts): fires once after the idle time, activity postpones it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ACTIVITY_EVENTS, watchIdle, type ActivitySource } from '../../src/renderer/lib/idle'

class Source implements ActivitySource {
  listeners = new Map<string, Set<() => void>>()
  addEventListener(type: string, l: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set())
    this.listeners.get(type)!.add(l)
  }
  removeEventListener(type: string, l: () => void): void {
    this.listeners.get(type)?.delete(l)
  }
  fire(type: string): void {
    for (const l of this.listeners.get(type) ?? []) l()
  }
  count(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0)
  }
}

describe('idle lock', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('calls onIdle once after the timeout without activity, then stops listening', () => {
    const source = new Source()
    const onIdle = vi.fn()
    watchIdle({ timeoutMs: 15 * 60_000, onIdle, source, now: () => Date.now() })
    expect(source.count()).toBe(ACTIVITY_EVENTS.length)
    vi.advanceTimersByTime(14 * 60_000)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(2 * 60_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    vi.advanceTimersByTime(60 * 60_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    expect(source.count()).toBe(0)
  })

  it('is postponed by keyboard and pointer activity, and by touch()', () => {
    const source = new Source()
    const onIdle = vi.fn()
    const w = watchIdle({ timeoutMs: 60_000, onIdle, source, now: () => Date.now() })
    for (const e of ['keydown', 'pointerdown', 'wheel']) {
      vi.advanceTimersByTime(50_000)
      source.fire(e)
    }
    vi.advanceTimersByTime(50_000)
    w.touch()
    vi.advanceTimersByTime(50_000)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(20_000)
    expect(onIdle).toHaveBeenCalledTimes(1)
  })

  it('does nothing once stopped (manual lock)', () => {
    const source = new Source()
    const onIdle = vi.fn()
    const w = watchIdle({ timeoutMs: 1_000, onIdle, source, now: () => Date.now() })
    w.stop()
    vi.advanceTimersByTime(10_000)
    expect(onIdle).not.toHaveBeenCalled()
    expect(source.count()).toBe(0)
  })
})
