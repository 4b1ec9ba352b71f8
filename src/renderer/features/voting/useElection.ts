/**
 * One election read for a screen (docs/adr/0048), read again at each new block so that trustees, the authority and
 * officials who come at different times see where it stands; and the agencies the unlocked key acts for in a role.
 */
import { storeToRefs } from 'pinia'
import { computed, watch, type ComputedRef } from 'vue'
import { useLoader, type Loader } from '../../composables/useLoader'
import { useKeysStore } from '../../stores/keys'
import { useNodeStore } from '../../stores/node'
import { getElection, type ElectionDto } from './api'

export function useElection(uuid: () => string): { election: Loader<ElectionDto | null>; e: ComputedRef<ElectionDto | null> } {
  const { status } = storeToRefs(useNodeStore())
  const election = useLoader((c) => getElection(c, uuid()))
  watch(uuid, () => void election.reload(), { immediate: true })
  watch(
    () => status.value?.height,
    (h, before) => {
      if (h !== undefined && before !== undefined && h !== before) void election.reload(true)
    },
  )
  return { election, e: computed(() => election.data.value) }
}

/** The agencies for which the unlocked key holds `role`. */
export function useRoleAgencies(role: string): ComputedRef<ReadonlySet<string>> {
  const keys = useKeysStore()
  return computed(() => {
    const info = keys.unlockedKey ? keys.infos[keys.unlockedKey] : undefined
    return new Set((info?.roles ?? []).filter((r) => r.role === role).map((r) => r.agency))
  })
}
