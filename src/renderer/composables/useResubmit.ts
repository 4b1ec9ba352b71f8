/**
 * A signing form that can re-open a rejected outbox item (lib/forms.ts): when the route names an item this form made
 * (`?resubmit=<id>`), `fill` pre-fills the form from its payload, and `send` re-signs the corrected payload in place of
 * the rejected transaction (same outbox item, new nonce and time) instead of signing a new one. Otherwise `send` signs
 * and records this form on the new item.
 */
import { storeToRefs } from 'pinia'
import { computed, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { JsonValue } from '../../ledger/types/tx'
import { FORMS } from '../features/registry'
import { type FormId, RESUBMIT_QUERY, formOf } from '../lib/forms'
import { OutboxConflictError, type OutboxItem } from '../lib/outbox'
import { useKeysStore } from '../stores/keys'
import { useOutboxStore } from '../stores/outbox'

export function useResubmit(form: FormId, fill: (payload: Record<string, unknown>, item: OutboxItem) => void) {
  const route = useRoute()
  const router = useRouter()
  const keys = useKeysStore()
  const { items } = storeToRefs(useOutboxStore())

  const wanted = computed(() => {
    const q = route.query[RESUBMIT_QUERY]
    return typeof q === 'string' ? q : null
  })
  /** the rejected item being corrected, or null */
  const item = computed<OutboxItem | null>(
    () => items.value.find((i) => i.id === wanted.value && i.status === 'rejected' && formOf(i, FORMS) === form) ?? null,
  )

  /**
   * The version of the item the form was filled from. If another window changes the item meanwhile, the form keeps
   * what the user typed, and signing is refused (OutboxConflictError) — then the form shows the stored version.
   */
  let filled: { id: string; hash: string } | null = null
  function fillFrom(it: OutboxItem): void {
    const p = it.tx.payload
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return
    filled = { id: it.id, hash: it.hash }
    fill(p as Record<string, unknown>, it)
  }
  watch(
    () => item.value?.id,
    () => {
      if (item.value && item.value.id !== filled?.id) fillFrom(item.value)
    },
    { immediate: true },
  )

  /** Leaves correcting mode (the route without the item). */
  async function cancel(): Promise<void> {
    filled = null
    if (wanted.value === null) return
    const { [RESUBMIT_QUERY]: _gone, ...query } = route.query
    await router.replace({ query })
  }

  async function send(type: string, payload: JsonValue): Promise<OutboxItem> {
    const it = item.value
    // the item this form was opened on was edited, discarded or resent elsewhere: refuse rather than sign a new one
    if (filled !== null && (!it || it.hash !== filled.hash)) {
      filled = null
      if (it) fillFrom(it)
      throw new OutboxConflictError()
    }
    if (!it || it.tx.type !== type) return keys.signAndSend(type, payload, form)
    const next = await keys.resign(it, payload)
    await cancel()
    return next
  }

  return { item, send, cancel }
}
