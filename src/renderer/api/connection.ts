/**
 * Where the node API is and which token opens it.
 * - In Electron the preload bridge answers (`window.daejang.apiInfo()`).
 * - Served by the headless node, the page's own origin is the API. The address that opens it carries a one-time
 *   sign-in code (`#code=…`), exchanged once for the session token (POST /api/v1/session); a token given directly
 *   (`#token=…`, for tools and tests) works too. The token is kept in sessionStorage and the fragment removed
 *   from the address bar.
 * Pure over a small environment, so it can be tested without a browser.
 */
import type { ApiInfo, DaejangBridge } from '../../shared/bridge'

export const TOKEN_STORAGE_KEY = 'daejang.apiToken'
export const CODE_STORAGE_KEY = 'daejang.signInCode'

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
  /** The one-time sign-in code taken from the fragment at start (`#code=…`), if storage could not keep it. */
  startCode?: string | null
  /** Exchanges a one-time sign-in code for the session token (POST /api/v1/session). */
  exchangeCode?(code: string): Promise<string>
  /** Forgets a stored value (a used sign-in code). */
  forget?(key: string): void
}

export class MissingTokenError extends Error {
  constructor() {
    super('No sign-in: open a sign-in link from the node (it ends in #code=…; `daejang open` opens a new one).')
    this.name = 'MissingTokenError'
  }
}

/** Splits `#token=…` out of a fragment; other fragment parameters are kept. */
export function takeTokenFromHash(hash: string): { token: string | null; rest: string } {
  const { value, rest } = takeParamFromHash(hash, 'token')
  return { token: value, rest }
}

/** Splits one `name=…` parameter out of a fragment; the others are kept. */
export function takeParamFromHash(hash: string, name: string): { value: string | null; rest: string } {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash
  // the hash router may have read a new link's `#code=…` as a route and written it back as `#/code=…`
  const raw = /^\/(?:code|token)=/.test(fragment) ? fragment.slice(1) : fragment
  if (raw === '' || !raw.includes('=')) return { value: null, rest: raw === '' ? '' : `#${raw}` }
  const params = new URLSearchParams(raw)
  const value = params.get(name)
  params.delete(name)
  const rest = params.toString()
  return { value: value === '' ? null : value, rest: rest === '' ? '' : `#${rest}` }
}

/**
 * Moves a one-time sign-in code (`#code=…`, what `daejang start` prints and opens) into storage and out of the
 * address bar, before the router reads the fragment. Returns the code or null.
 */
export function stashCodeFromHash(env: ConnectionEnv): string | null {
  if (env.bridge) return null
  const { value, rest } = takeParamFromHash(env.location.hash, 'code')
  if (value === null) return null
  try {
    env.storage?.setItem(CODE_STORAGE_KEY, value)
  } catch {
    // kept in ConnectionEnv.startCode instead
  }
  env.replaceUrl(`${env.location.pathname}${env.location.search}${rest}`)
  return value
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

/** Whether a fragment carries a new sign-in (`#code=…`, or a `#token=…` for tools): the page may sign in again. */
export function hasSignIn(hash: string): boolean {
  return takeParamFromHash(hash, 'code').value !== null || takeParamFromHash(hash, 'token').value !== null
}

/**
 * Forgets the kept session token: the node refused it (it restarted, or the session ended), and trying it again
 * would only be refused again. Until a new sign-in link is opened the page has no token.
 */
export function forgetToken(env: ConnectionEnv): void {
  try {
    env.storage?.setItem(TOKEN_STORAGE_KEY, '')
  } catch {
    // nothing kept
  }
  env.forget?.(TOKEN_STORAGE_KEY)
  env.startToken = null
}

export async function resolveApiInfo(env: ConnectionEnv): Promise<ApiInfo> {
  return apiInfoNowOrLater(env)
}

/**
 * resolveApiInfo, answering at once where nothing is to be waited for (a token in the address or kept from before):
 * the start (api/early.ts) sends its first request before the app's modules are evaluated. Throws MissingTokenError.
 */
export function apiInfoNowOrLater(env: ConnectionEnv): ApiInfo | Promise<ApiInfo> {
  if (env.bridge) return env.bridge.apiInfo()
  const code = stashCodeFromHash(env) ?? safeGet(env.storage, CODE_STORAGE_KEY) ?? env.startCode ?? null
  if (code && env.exchangeCode) {
    // a fresh sign-in link wins over a stored token (the node may have restarted with a new one)
    env.forget?.(CODE_STORAGE_KEY)
    env.startCode = null
    return env.exchangeCode(code).then((token) => {
      try {
        env.storage?.setItem(TOKEN_STORAGE_KEY, token)
      } catch {
        env.startToken = token
      }
      return { url: env.location.origin, token }
    })
  }
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
