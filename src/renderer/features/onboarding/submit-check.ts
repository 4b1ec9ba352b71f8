/**
 * The two steps of a create or join form's submit (SubmitCheck.vue): say what is still missing; else show the summary
 * to confirm; only the press after that submits. A change to the watched fields takes the summary back.
 */
import { type Ref, type WatchSource, ref, watch } from 'vue'

export function useSubmitCheck(problems: Ref<string[]>, fields: WatchSource[]): { missing: Ref<string[]>; confirming: Ref<boolean>; ready: () => boolean } {
  const missing = ref<string[]>([])
  const confirming = ref(false)
  watch(fields, () => {
    confirming.value = false
    if (missing.value.length > 0) missing.value = problems.value
  })
  /** true when the form may be submitted now (nothing missing, the summary confirmed) */
  function ready(): boolean {
    missing.value = problems.value
    if (missing.value.length > 0) return false
    if (!confirming.value) {
      confirming.value = true
      return false
    }
    return true
  }
  return { missing, confirming, ready }
}
