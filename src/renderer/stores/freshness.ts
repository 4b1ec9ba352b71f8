/**
 * As of which block the screen's data was read (issue 15 item 6, docs/adr/0066): every read a screen makes through
 * the API client (not the frame's own status and recent-blocks polls) brings back the height and block time the
 * node answered at (headers X-Daejang-Height, X-Daejang-Block-Time). The screen is as fresh as the newest answer it
 * read since it opened: a screen that follows new blocks reads again and stays fresh, one that does not falls
 * behind the node. A new screen (another address) starts again, and so does "show the latest", which opens the
 * screen anew. (The newest, not the oldest: a name list read once beside a register that follows the blocks would
 * otherwise keep the screen "behind" for ever.)
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

export interface ReadMark {
  height: number
  /** the block's time (ms), 0 when not known */
  time: number
}

export const useFreshnessStore = defineStore('freshness', () => {
  const asOf = shallowRef<ReadMark | null>(null)
  /** bumped by refresh(): the frame opens the screen anew under this key (App.vue) */
  const viewKey = ref(0)
  let epoch = 0
  /** forms on the screen that hold changes not sent yet (useDirtyForm): opening the screen anew would lose them */
  const dirtyForms = shallowRef<ReadonlySet<symbol>>(new Set())
  const hasDirtyForm = computed(() => dirtyForms.value.size > 0)

  function setDirty(form: symbol, dirty: boolean): void {
    if (dirtyForms.value.has(form) === dirty) return
    const next = new Set(dirtyForms.value)
    if (dirty) next.add(form)
    else next.delete(form)
    dirtyForms.value = next
  }

  /** A read begins; the function returned records its answer's height unless the screen changed since. */
  function beginRead(_path: string): (height: number, time: number) => void {
    const at = epoch
    return (height, time) => {
      if (at !== epoch) return
      if (asOf.value === null || height > asOf.value.height) asOf.value = { height, time }
    }
  }

  /** Another screen: what was read before does not describe it. */
  function clear(): void {
    epoch++
    asOf.value = null
  }

  /** Opens the screen anew, reading everything again at the node's latest block. */
  function refresh(): void {
    clear()
    viewKey.value++
  }

  /**
   * "Show the latest": opens the screen anew, but when a form on it holds changes, only if `keepGoing` (the user
   * asked, and agreed to lose them) says so. True when the screen was opened anew.
   */
  function refreshUnlessKept(keepGoing: () => boolean): boolean {
    if (hasDirtyForm.value && !keepGoing()) return false
    refresh()
    return true
  }

  return { asOf, viewKey, hasDirtyForm, beginRead, clear, refresh, refreshUnlessKept, setDirty }
})
