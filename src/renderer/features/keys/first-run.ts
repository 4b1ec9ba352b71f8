/**
 * First run: when this device holds no key yet, the app's first screen is /welcome (make or take a key) instead of
 * the home screen. Reads only IndexedDB (no key code), so it is cheap to install at start.
 */
import type { Router } from 'vue-router'
import { appDb, STORES } from '../../lib/idb'

export const WELCOME_PATH = '/welcome'

/** Where the first navigation of the page should go instead, or null to go on as asked. */
export function firstRunRedirect(targetPath: string, keyCount: number | null): string | null {
  if (keyCount === null || keyCount > 0) return null // unknown (storage unavailable): do not get in the way
  return targetPath === '/' || targetPath === '' ? WELCOME_PATH : null
}

async function countKeys(): Promise<number | null> {
  try {
    return (await (await appDb()).getAll(STORES.keys.name)).length
  } catch {
    return null
  }
}

/** Adds a guard that sends the page's first navigation to the home screen to /welcome while no key exists. */
export function installFirstRunRedirect(router: Router): () => void {
  let first = true
  return router.beforeEach(async (to) => {
    if (!first) return true
    first = false
    const target = firstRunRedirect(to.path, await countKeys())
    return target === null ? true : { path: target, replace: true }
  })
}
