/**
 * One read from the node API for a screen: data, whether it is loading, and the error in words. A newer load wins
 * over an older one still in flight (route changes, refreshes).
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { ApiError, type ApiClient } from '../api/client'
import type { ErrorCode } from '../../shared/errors'
import { useConnectionStore } from '../stores/connection'

export interface Loader<T> {
  data: ShallowRef<T | null>
  loading: Ref<boolean>
  error: Ref<string | null>
  errorCode: Ref<ErrorCode | null>
  /** load again; `keep` keeps the current data on screen while loading (a refresh rather than a new subject) */
  reload(keep?: boolean): Promise<void>
}

export function useLoader<T>(load: (client: ApiClient) => Promise<T>): Loader<T> {
  const connection = useConnectionStore()
  const data = shallowRef<T | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const errorCode = ref<ErrorCode | null>(null)
  let seq = 0

  async function reload(keep = false): Promise<void> {
    const id = ++seq
    loading.value = true
    if (!keep) data.value = null
    try {
      const client = await connection.ensureClient()
      const value = await load(client)
      if (id !== seq) return
      data.value = value
      error.value = null
      errorCode.value = null
    } catch (err) {
      if (id !== seq) return
      error.value = err instanceof Error ? err.message : String(err)
      errorCode.value = err instanceof ApiError ? (err.code ?? null) : null
    } finally {
      if (id === seq) loading.value = false
    }
  }

  return { data, loading, error, errorCode, reload }
}
