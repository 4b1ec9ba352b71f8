/**
 * The consortium's agencies, read once per connection and again on demand: every screen shows an agency by its name
 * (never its id). The agency a local consortium makes on this computer gets its name in the UI language.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { AgencyDto } from '../../shared/api'
import { listAgencies } from '../api/ledger'
import { useConnectionStore } from './connection'

/** The id `daejang` gives the agency of a local consortium (src/ledger/node/home.ts). */
export const LOCAL_AGENCY_ID = 'local-agency'

export const useAgenciesStore = defineStore('agencies', () => {
  const connection = useConnectionStore()
  const list = ref<AgencyDto[]>([])
  const loaded = ref(false)
  let loading: Promise<void> | null = null

  function load(force = false): Promise<void> {
    if (loaded.value && !force) return Promise.resolve()
    loading ??= connection
      .ensureClient()
      .then((c) => listAgencies(c))
      .then((agencies) => {
        list.value = agencies
        loaded.value = true
      })
      .catch(() => undefined)
      .finally(() => (loading = null))
    return loading
  }

  /** The agency's name as the consortium registered it, or null while it is not known. */
  function registeredName(id: string): string | null {
    return list.value.find((a) => a.id === id)?.name ?? null
  }

  return { list, loaded, load, registeredName }
})
