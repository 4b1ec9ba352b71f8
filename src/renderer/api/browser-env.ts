/** The real browser environment for connection.ts. */
import { stashTokenFromHash, type ConnectionEnv } from './connection'

let startToken: string | null = null

/**
 * At start, before the hash router reads the address: the node hands the API token in the fragment (`#token=…`);
 * move it to sessionStorage so that the fragment is free for routes.
 */
export function takeStartToken(): void {
  startToken = stashTokenFromHash(browserEnv())
}

export function browserEnv(): ConnectionEnv {
  let storage: Storage | null = null
  try {
    storage = window.sessionStorage
  } catch {
    storage = null
  }
  return {
    bridge: window.daejang,
    location: window.location,
    storage,
    replaceUrl: (url) => window.history.replaceState(window.history.state, '', url),
    startToken,
  }
}
