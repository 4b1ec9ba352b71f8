/**
 * A form that holds changes not sent yet says so to the frame (stores/freshness.ts), so that "show the latest" —
 * which opens the screen anew and empties its forms — asks first. `model` is what the user fills in; the form is
 * changed while it differs from what it held when it opened, or at its last `reset()` (after a send).
 */
import { onScopeDispose, ref, watch, type Ref } from 'vue'
import { useFreshnessStore } from '../stores/freshness'

export function useDirtyForm(model: () => unknown): { dirty: Ref<boolean>; reset: () => void } {
  const freshness = useFreshnessStore()
  const me = Symbol('form')
  const snapshot = (): string => JSON.stringify(model() ?? null)
  let clean = snapshot()
  const dirty = ref(false)
  const check = (): void => {
    dirty.value = snapshot() !== clean
    freshness.setDirty(me, dirty.value)
  }
  watch(model, check, { deep: true, flush: 'sync' })
  onScopeDispose(() => freshness.setDirty(me, false))
  return {
    dirty,
    reset: () => {
      clean = snapshot()
      check()
    },
  }
}
