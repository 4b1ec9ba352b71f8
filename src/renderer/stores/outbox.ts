/** Transactions sent from this window that are not yet committed or rejected. */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

export const useOutboxStore = defineStore('outbox', () => {
  const pending = ref<string[]>([])
  const count = computed(() => pending.value.length)

  function add(hash: string): void {
    if (!pending.value.includes(hash)) pending.value = [...pending.value, hash]
  }

  /** The transaction left the outbox: committed or rejected. */
  function settle(hash: string): void {
    pending.value = pending.value.filter((h) => h !== hash)
  }

  return { pending, count, add, settle }
})
