/**
 * What the Consortium screen reads from the node — agencies, the validator set with the scheduled ones, governance
 * proposals, evidence — kept fresh: everything is read again (keeping what is on screen) when the head moves (the
 * node store follows the event stream, and polls when it is down) and when a governance transaction of ours settles.
 * Refreshes never overlap: a new block during one asks for one more after it.
 */
import { storeToRefs } from 'pinia'
import { computed, onMounted, watch } from 'vue'
import { listAgencies } from '../../api/ledger'
import { listEvidence } from '../../api/explorer'
import { getValidatorSet, listProposals } from '../../api/governance'
import { useLoader } from '../../composables/useLoader'
import { useWords } from '../../composables/useWords'
import { useKeysStore } from '../../stores/keys'
import { useNodeStore } from '../../stores/node'
import { useOutboxStore } from '../../stores/outbox'

export const GOVERNANCE_TX = 'governance.proposal.'

export function useConsortium() {
  const { status } = storeToRefs(useNodeStore())
  const keys = useKeysStore()
  const { items } = storeToRefs(useOutboxStore())
  const agencies = useLoader((client) => listAgencies(client))
  const validatorSet = useLoader((client) => getValidatorSet(client))
  const proposals = useLoader((client) => listProposals(client))
  const evidence = useLoader((client) => listEvidence(client))
  const all = [agencies, validatorSet, proposals, evidence]

  let running = false
  let again = false
  async function refresh(): Promise<void> {
    if (running) {
      again = true
      return
    }
    running = true
    try {
      do {
        again = false
        await Promise.all(all.map((l) => l.reload(l.data.value !== null)))
      } while (again)
    } finally {
      running = false
    }
  }

  onMounted(() => void refresh())
  watch(
    () => status.value?.height,
    (h, before) => {
      if (h !== undefined && h !== before) void refresh()
    },
  )

  /** our governance transactions that have settled, by hash and status: when one more does, read again */
  const settled = computed(() =>
    items.value
      .filter((i) => i.tx.type.startsWith(GOVERNANCE_TX) && (i.status === 'committed' || i.status === 'rejected'))
      .map((i) => `${i.hash}:${i.status}`)
      .join(','),
  )
  watch(settled, () => {
    void refresh()
    // a proposal may have changed the agencies the unlocked key administers
    if (keys.unlockedKey) void keys.refreshInfo(keys.unlockedKey)
  })

  const words = useWords()
  const agencyName = (id: string): string => words.agencyName(id, agencies.data.value ?? undefined)
  const head = computed(() => status.value?.height ?? null)

  return { agencies, validatorSet, proposals, evidence, refresh, agencyName, head }
}
