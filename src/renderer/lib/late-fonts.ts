/**
 * The app's text face (Noto Sans KR) joins after the first status has been painted, when the page is idle (ADR 0032):
 * until then text is drawn with the system's fonts and, for Hangul, the embedded subset (base.css), which the font
 * stack already falls back to.
 */
import { afterStatusShown } from './status-shown'

/** the longest the fonts wait for an idle moment once the status has been shown */
const IDLE_TIMEOUT_MS = 1_000

let started: Promise<void> | null = null

function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: IDLE_TIMEOUT_MS })
    else setTimeout(resolve, 0)
  })
}

/** Loads the font faces once, after the first status is painted and the page is idle. Idempotent. */
export function loadFontsLater(): Promise<void> {
  started ??= afterStatusShown()
    .then(whenIdle)
    .then(() => import('../styles/noto-sans-kr'))
    .then(
      () => undefined,
      // a failed load leaves the fallback fonts (the text stays readable); the next start tries again
      (err: unknown) => console.warn('the app font could not be loaded', err),
    )
  return started
}
