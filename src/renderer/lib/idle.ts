/**
 * Calls `onIdle` once after `timeoutMs` without user activity (pointer, keyboard, wheel, touch) — the automatic lock
 * of an unlocked key. Pure over a small environment, so it is tested with fake timers.
 */
export const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const

export interface ActivitySource {
  addEventListener(type: string, listener: () => void, options?: AddEventListenerOptions): void
  removeEventListener(type: string, listener: () => void, options?: EventListenerOptions): void
}

export interface IdleWatch {
  /** counts as activity (e.g. signing) */
  touch(): void
  stop(): void
}

export function watchIdle(options: {
  timeoutMs: number
  onIdle: () => void
  source?: ActivitySource | null
  now?: () => number
  checkEveryMs?: number
}): IdleWatch {
  const now = options.now ?? (() => Date.now())
  const source = options.source ?? null
  let last = now()
  let stopped = false
  const touch = (): void => {
    last = now()
  }
  const listenerOptions = { passive: true, capture: true }
  for (const e of ACTIVITY_EVENTS) source?.addEventListener(e, touch, listenerOptions)
  const timer = setInterval(
    () => {
      if (stopped || now() - last < options.timeoutMs) return
      stop()
      options.onIdle()
    },
    options.checkEveryMs ?? Math.min(15_000, Math.max(1_000, Math.floor(options.timeoutMs / 4))),
  )
  function stop(): void {
    if (stopped) return
    stopped = true
    clearInterval(timer)
    for (const e of ACTIVITY_EVENTS) source?.removeEventListener(e, touch, { capture: true })
  }
  return { touch, stop }
}
