/**
 * Where the node API is and which token opens it.
 * - In Electron the preload bridge answers (`window.daejang.apiInfo()`).
 * - Served by the headless node, the page's own origin is the API; the token arrives once in the URL fragment
 *   (`#token=…`), is kept in sessionStorage and removed from the address bar.
 * Pure over a small environment, so it can be tested without a browser.
 */
import type { ApiInfo, DaejangBridge } from '../../shared/bridge'

export const TOKEN_STORAGE_KEY = 'daejang.apiToken'

export interface StorageLike {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

export interface ConnectionEnv {
  bridge?: DaejangBridge | undefined
  location: { origin: string; pathname: string; search: string; hash: string }
  storage: StorageLike | null
  /** Replaces the current URL without navigating (history.replaceState). */
  replaceUrl(url: string): void
  /** The token taken from the fragment when the page started (stashTokenFromHash), if storage could not keep it. */
  startToken?: string | null
}

export class MissingTokenError extends Error {
  constructor() {
    super('No API token: open the address the node printed (it ends in #token=…).')
    this.name = 'MissingTokenError'
  }
}

/** Splits `#token=…` out of a fragment; other fragment parameters are kept. */
export function takeTokenFromHash(hash: string): { token: string | null; rest: string } {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash
  if (raw === '') return { token: null, rest: '' }
  const params = new URLSearchParams(raw)
  const token = params.get('token')
  params.delete('token')
  const rest = params.toString()
  return { token: token === '' ? null : token, rest: rest === '' ? '' : `#${rest}` }
}

/**
 * Moves a `#token=…` fragment into storage and out of the address bar; returns the token, or null when the fragment
 * holds none (or the bridge answers instead). Called once at start, before the hash router reads the fragment as a
 * route, and again by resolveApiInfo.
 */
export function stashTokenFromHash(env: ConnectionEnv): string | null {
  if (env.bridge) return null
  const { token, rest } = takeTokenFromHash(env.location.hash)
  if (token === null) return null
  try {
    env.storage?.setItem(TOKEN_STORAGE_KEY, token)
  } catch {
    // storage may be unavailable; the token still works for this page load (ConnectionEnv.startToken)
  }
  env.replaceUrl(`${env.location.pathname}${env.location.search}${rest}`)
  return token
}

export async function resolveApiInfo(env: ConnectionEnv): Promise<ApiInfo> {
  if (env.bridge) return env.bridge.apiInfo()
  const token = stashTokenFromHash(env) ?? safeGet(env.storage, TOKEN_STORAGE_KEY) ?? env.startToken ?? null
  if (!token) throw new MissingTokenError()
  return { url: env.location.origin, token }
}

function safeGet(storage: StorageLike | null, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null
  } catch {
    return null
  }
}
