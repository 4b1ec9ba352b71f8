/**
 * As of which block the screen's data was read (issue 15 item 6, docs/adr/0066): every read a screen makes through
 * the API client (not the frame's own status and recent-blocks polls) brings back the height and block time the
 * node answered at (headers X-Daejang-Height, X-Daejang-Block-Time). The screen's data is as fresh as the oldest of
 * the latest answer to each thing it read since it was opened; a new screen (another address) starts again, and so
 * does "show the latest", which opens the screen anew.
 */
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'

export interface ReadMark {
  height: number
  /** the block's time (ms), 0 when not known */
  time: number
}

/** the things a screen read that are remembered; past this, the oldest go */
export const MAX_READS = 64

export const useFreshnessStore = defineStore('freshness', () => {
  const latest = new Map<string, ReadMark>()
  const asOf = shallowRef<ReadMark | null>(null)
  /** bumped by refresh(): the frame opens the screen anew under this key (App.vue) */
  const viewKey = ref(0)
  let epoch = 0

  function recompute(): void {
    let oldest: ReadMark | null = null
    for (const m of latest.values()) if (oldest === null || m.height < oldest.height) oldest = m
    asOf.value = oldest
  }

  /** A read of `path` begins; the function returned records its answer's height unless the screen changed since. */
  function beginRead(path: string): (height: number, time: number) => void {
    const at = epoch
    return (height, time) => {
      if (at !== epoch) return
      latest.delete(path)
      latest.set(path, { height, time })
      while (latest.size > MAX_READS) latest.delete(latest.keys().next().value!)
      recompute()
    }
  }

  /** Another screen: what was read before does not describe it. */
  function clear(): void {
    epoch++
    latest.clear()
    asOf.value = null
  }

  /** Opens the screen anew, reading everything again at the node's latest block. */
  function refresh(): void {
    clear()
    viewKey.value++
  }

  return { asOf, viewKey, beginRead, clear, refresh }
})
