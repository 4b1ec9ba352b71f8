/**
 * The unlocked key as a notary: the agencies whose active notary credential it holds (with the credential's label,
 * the default signer name), the agency chosen on these screens (shared between them), and the agencies' names.
 */
import { storeToRefs } from 'pinia'
import { computed, ref, watch } from 'vue'
import { useWords } from '../../composables/useWords'
import { useKeysStore } from '../../stores/keys'

const chosen = ref('')

export function useNotary() {
  const keys = useKeysStore()
  const { unlockedKey, infos } = storeToRefs(keys)

  const credentials = computed(() => {
    const pk = unlockedKey.value
    const info = pk ? infos.value[pk] : undefined
    return (info?.roles ?? []).filter((r) => r.role === 'notary' && r.active)
  })
  const notaryOf = computed(() => [...new Set(credentials.value.map((c) => c.agency))])

  watch(
    notaryOf,
    (list) => {
      if (!list.includes(chosen.value)) chosen.value = list[0] ?? ''
    },
    { immediate: true },
  )

  const agencyName = useWords().agencyName
  const label = computed(() => credentials.value.find((c) => c.agency === chosen.value)?.label ?? '')

  return { agency: chosen, notaryOf, agencyName, label, unlockedKey }
}
