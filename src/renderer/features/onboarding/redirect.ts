/**
 * The first run: while the node says it holds no ledger yet (SETUP_REQUIRED), every screen gives way to the
 * first-run choice (docs/adr/0063). Called once by the app frame.
 */
import { watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useNodeStore } from '../../stores/node'

export function useFirstRunRedirect(): void {
  const node = useNodeStore()
  const route = useRoute()
  const router = useRouter()
  watch(
    () => [node.setupRequired, route.name] as const,
    ([required, name]) => {
      if (required && name !== 'onboarding') void router.replace({ name: 'onboarding' })
    },
    { immediate: true },
  )
}
