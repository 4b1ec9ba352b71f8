/**
 * Wraps an async function so that calls never overlap: a call made while one runs waits for it and then runs once
 * more (calls made meanwhile share that one run). Good for "refresh" actions triggered by events.
 */
export function serialize<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let running: Promise<void> | null = null
  let queued: { args: A; promise: Promise<void> } | null = null

  const run = (args: A): Promise<void> => {
    const p = fn(...args).finally(() => {
      if (running === p) running = null
    })
    running = p
    return p
  }

  return (...args: A) => {
    if (!running) return run(args)
    if (queued) {
      queued.args = args
      return queued.promise
    }
    const entry: { args: A; promise: Promise<void> } = { args, promise: Promise.resolve() }
    entry.promise = running
      .catch(() => undefined)
      .then(() => {
        queued = null
        return run(entry.args)
      })
    queued = entry
    return entry.promise
  }
}
