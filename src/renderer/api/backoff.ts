/** Exponential backoff with jitter for reconnects and retries. Pure. */
export interface BackoffOptions {
  baseMs?: number
  maxMs?: number
}

/** Delay before retry number `attempt` (0-based): base·2^attempt capped at max, then scaled into [½, 1) at random. */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 1_000
  const max = options.maxMs ?? 30_000
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt, 30)))
  return Math.round(ceiling / 2 + (ceiling / 2) * random())
}
