/**
 * Transaction activity seen on the event stream since this window opened: counts for the status bar, and a digest
 * (lib/tx-digest.ts) that TxNotifier drains into a few calm notifications.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { outboxTracks, TxDigest, type Notice } from '../lib/tx-digest'
import { useNodeStore } from './node'
import { useOutboxStore } from './outbox'

export const useActivityStore = defineStore('activity', () => {
  const node = useNodeStore()
  const outbox = useOutboxStore()
  const committed = ref(0)
  const rejected = ref(0)
  let digest = new TxDigest()
  let unsubscribe: (() => void) | null = null

  /** Listens to the node's events (idempotent). The node store calls listeners before settling the outbox. */
  function start(): void {
    if (unsubscribe) return
    unsubscribe = node.subscribe((event) => {
      if (event.type !== 'tx.committed' && event.type !== 'tx.rejected') return
      digest.push(event, outboxTracks(outbox, event.hash))
      committed.value = digest.committed
      rejected.value = digest.rejected
    })
  }

  function stop(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  function drain(): Notice[] {
    return digest.drain()
  }

  function reset(): void {
    digest = new TxDigest()
    committed.value = 0
    rejected.value = 0
  }

  return { committed, rejected, start, stop, drain, reset }
})
