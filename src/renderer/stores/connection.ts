/**
 * The API client and whether the node answers. When the node refuses our session (it restarted with a new token, or
 * the session ended), a page served by the node forgets the token and says so (`session-ended`) instead of asking
 * again and again; a new sign-in link (a `#code=…` fragment, even in the same tab) signs in again without a reload.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { browserEnv } from '../api/browser-env'
import { createApiClient, type ApiClient } from '../api/client'
import { takeEarlyApiInfo } from '../api/early'
import { forgetToken, MissingTokenError, resolveApiInfo, type ConnectionEnv } from '../api/connection'
import { useFreshnessStore } from './freshness'

export type SetupProblem = { kind: 'no-token' } | { kind: 'session-ended' } | { kind: 'failed'; reason: string }

let envOf: () => ConnectionEnv = browserEnv

/** Tests give the store another environment (no window). */
export function setConnectionEnv(factory: () => ConnectionEnv): void {
  envOf = factory
}

export const useConnectionStore = defineStore('connection', () => {
  const client = shallowRef<ApiClient | null>(null)
  /** null until the first answer or failure. */
  const reachable = ref<boolean | null>(null)
  const eventsConnected = ref(false)
  const setupProblem = ref<SetupProblem | null>(null)
  /** the node refused the session we had: a missing token now means "ended", not "never signed in" */
  let ended = false
  let pending: Promise<ApiClient> | null = null

  /** The client, created on first use from the bridge or the page address. Failures may be retried. */
  function ensureClient(): Promise<ApiClient> {
    if (client.value) return Promise.resolve(client.value)
    // the sign-in main.ts started before the app was evaluated (api/early.ts), else a new one
    pending ??= (takeEarlyApiInfo() ?? resolveApiInfo(envOf()))
      .then((info) => {
        setupProblem.value = null
        ended = false
        client.value = createApiClient(info, { onUnauthenticated: invalidate, onRead: (path) => useFreshnessStore().beginRead(path) })
        return client.value
      })
      .catch((err: unknown) => {
        setupProblem.value =
          err instanceof MissingTokenError
            ? { kind: ended ? 'session-ended' : 'no-token' }
            : { kind: 'failed', reason: err instanceof Error ? err.message : String(err) }
        throw err
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  /**
   * Forget the client: the node refused our token, which happens after it restarted with a new one. In Electron the
   * bridge hands the new token on the next use; a page served by the node forgets its token and waits for a new
   * sign-in link (signInAgain).
   */
  function invalidate(): void {
    client.value = null
    const env = envOf()
    if (env.bridge) return
    forgetToken(env)
    ended = true
    setupProblem.value = { kind: 'session-ended' }
  }

  /** A new sign-in link was opened in this tab (hashchange): sign in with it, without reloading the page. */
  function signInAgain(): Promise<ApiClient> {
    client.value = null
    pending = null
    return ensureClient()
  }

  function setReachable(value: boolean): void {
    reachable.value = value
  }

  function setEventsConnected(value: boolean): void {
    eventsConnected.value = value
  }

  return { client, reachable, eventsConnected, setupProblem, ensureClient, invalidate, signInAgain, setReachable, setEventsConnected }
})
