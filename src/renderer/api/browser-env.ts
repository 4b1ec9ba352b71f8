/** The real browser environment for connection.ts. */
import type { ConnectionEnv } from './connection'

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
  }
}
