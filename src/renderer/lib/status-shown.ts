/**
 * The first thing the app must paint is the node's state (the status bar: sync state, height). Work that can wait —
 * the overview's block table (naive-ui's DataTable), the Noto Sans KR faces (lib/late-fonts.ts) — waits until a
 * frame has painted the first status, so that it does not delay that frame (ADR 0032). If no status comes (the node
 * is away, the session ended) or frames do not run (a hidden tab), it waits no longer than a fallback time.
 */
let shown = false
let resolveShown: () => void = () => undefined
const shownOnce = new Promise<void>((resolve) => {
  resolveShown = resolve
})

/** the longest the deferred work waits for the first status to be painted */
export const STATUS_SHOWN_FALLBACK_MS = 2_000

/** The status bar calls this once it holds a status: resolves `statusShown` after the next painted frame. */
export function markStatusShown(): void {
  if (shown) return
  shown = true
  const done = (): void => resolveShown()
  if (typeof requestAnimationFrame !== 'function') {
    done()
    return
  }
  // a rAF callback runs just before the frame is produced; a task posted from it runs after that frame
  requestAnimationFrame(() => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      done()
    }
    channel.port2.postMessage(null)
  })
  // a hidden tab runs no frames: do not hold the rest back for it
  setTimeout(done, STATUS_SHOWN_FALLBACK_MS)
}

/** Resolves once a frame has painted the first status, or after `fallbackMs` from now, whichever comes first. */
export function afterStatusShown(fallbackMs = STATUS_SHOWN_FALLBACK_MS): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, fallbackMs)
    void shownOnce.then(() => {
      clearTimeout(timer)
      resolve()
    })
  })
}
