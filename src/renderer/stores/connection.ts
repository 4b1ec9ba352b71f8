/** The API client and whether the node answers. */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { browserEnv } from '../api/browser-env'
import { createApiClient, type ApiClient } from '../api/client'
import { MissingTokenError, resolveApiInfo } from '../api/connection'

export type SetupProblem = { kind: 'no-token' } | { kind: 'failed'; reason: string }

export const useConnectionStore = defineStore('connection', () => {
  const client = shallowRef<ApiClient | null>(null)
  /** null until the first answer or failure. */
  const reachable = ref<boolean | null>(null)
  const eventsConnected = ref(false)
  const setupProblem = ref<SetupProblem | null>(null)
  let pending: Promise<ApiClient> | null = null

  /** The client, created on first use from the bridge or the page address. Failures may be retried. */
  function ensureClient(): Promise<ApiClient> {
    if (client.value) return Promise.resolve(client.value)
    pending ??= resolveApiInfo(browserEnv())
      .then((info) => {
        setupProblem.value = null
        client.value = createApiClient(info, { onUnauthenticated: invalidate })
        return client.value
      })
      .catch((err: unknown) => {
        setupProblem.value =
          err instanceof MissingTokenError
            ? { kind: 'no-token' }
            : { kind: 'failed', reason: err instanceof Error ? err.message : String(err) }
        throw err
      })
      .finally(() => {
        pending = null
      })
    return pending
  }

  /**
   * Forget the client: the next use asks the bridge (Electron) or the page again. Called when the node refuses our
   * token, which happens after it restarted with a new one.
   */
  function invalidate(): void {
    client.value = null
  }

  function setReachable(value: boolean): void {
    reachable.value = value
  }

  function setEventsConnected(value: boolean): void {
    eventsConnected.value = value
  }

  return { client, reachable, eventsConnected, setupProblem, ensureClient, invalidate, setReachable, setEventsConnected }
})
