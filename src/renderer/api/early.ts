/**
 * The first requests, started before Vue and the app are evaluated (main.ts imports api/early-start.ts first): the
 * sign-in token is taken from the address (before the hash router reads it), and the node's status is asked for at
 * once, the answer schemas loading beside it, so that the answer arrives while the app is evaluated and mounted
 * instead of after. With a token at hand (the address, or kept from before) the request leaves synchronously, during
 * the modules' evaluation; with a sign-in code, the exchange leaves then and the status follows its answer.
 * The connection store takes the sign-in (takeEarlyApiInfo) and the node store the first status (takeEarlyStatus),
 * each once; anything that fails here is simply asked again the usual way.
 */
import type { StatusDto } from '../../shared/api'
import type { ApiInfo } from '../../shared/bridge'
import { browserEnv, takeStartToken } from './browser-env'
import { createApiClient, type ApiClient } from './client'
import { apiInfoNowOrLater } from './connection'

let earlyInfo: Promise<ApiInfo> | null = null
let earlyStatus: { baseUrl: Promise<string>; status: Promise<StatusDto> } | null = null

const ignore = (): void => undefined

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/** Takes the token and starts the sign-in and the status request. Called once, at the top of the start. */
export function startEarly(): void {
  takeStartToken()
  let info: Promise<ApiInfo>
  let client: ApiClient | Promise<ApiClient>
  try {
    const now = apiInfoNowOrLater(browserEnv())
    if (isPromiseLike(now)) {
      info = Promise.resolve(now)
      client = info.then((i) => createApiClient(i))
    } else {
      info = Promise.resolve(now)
      client = createApiClient(now)
    }
  } catch (err) {
    info = Promise.reject(err instanceof Error ? err : new Error(String(err)))
    client = info.then((i) => createApiClient(i))
  }
  // the connection store reports a failure (no token, refused sign-in) when it takes this promise
  info.catch(ignore)
  // with the client at hand the request leaves now, while the modules after this one evaluate
  const status = client instanceof Promise ? client.then((c) => c.status()) : client.status()
  status.catch(ignore)
  const baseUrl = Promise.resolve(client).then((c) => c.baseUrl)
  baseUrl.catch(ignore)
  earlyInfo = info
  earlyStatus = { baseUrl, status }
}

/** The sign-in started at start (once), or null: the caller resolves it itself. */
export function takeEarlyApiInfo(): Promise<ApiInfo> | null {
  const info = earlyInfo
  earlyInfo = null
  return info
}

/**
 * The status asked for at start (once), if it was asked of the node at `baseUrl`; null otherwise. A failed early
 * request is not reported: the caller asks again with its own client (which handles a refused session).
 */
export function takeEarlyStatus(baseUrl: string): Promise<StatusDto | null> | null {
  const early = earlyStatus
  earlyStatus = null
  if (!early) return null
  return Promise.all([early.baseUrl, early.status]).then(
    ([url, status]) => (url === baseUrl ? status : null),
    () => null,
  )
}
