/** The real browser environment for connection.ts. */
import { API_PREFIX } from '../../shared/api-prefix'
import { CODE_STORAGE_KEY, stashCodeFromHash, stashTokenFromHash, TOKEN_STORAGE_KEY, type ConnectionEnv } from './connection'

let startToken: string | null = null
let startCode: string | null = null

/**
 * At start, before the hash router reads the address: the node hands the API token in the fragment (`#token=…`);
 * move it to sessionStorage so that the fragment is free for routes.
 */
export function takeStartToken(): void {
  startCode = stashCodeFromHash(browserEnv())
  startToken = stashTokenFromHash(browserEnv())
}

async function exchangeCode(code: string): Promise<string> {
  const res = await fetch(`${window.location.origin}${API_PREFIX}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code }),
    cache: 'no-store',
  })
  const body = (await res.json().catch(() => null)) as { token?: string; error?: { message?: string } } | null
  if (!res.ok || typeof body?.token !== 'string') {
    throw new Error(body?.error?.message ?? `sign-in failed (HTTP ${res.status})`)
  }
  return body.token
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
    startCode,
    exchangeCode,
    forget: (key) => {
      try {
        storage?.removeItem(key)
      } catch {
        // nothing stored
      }
      if (key === CODE_STORAGE_KEY) startCode = null
      if (key === TOKEN_STORAGE_KEY) startToken = null
    },
  }
}
