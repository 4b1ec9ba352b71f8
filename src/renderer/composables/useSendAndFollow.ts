/**
 * Send and follow, the same in every signing form: sign the payload (or re-sign the rejected item the form was opened
 * on, composables/useResubmit.ts) into the outbox, then follow that item until it is committed or rejected. Gives the
 * form what it shows: `sending` while signing, `error` (why signing failed, in words), `sent` (the outbox item as it
 * stands now, or null), `inFlight` (sent and not yet decided: the button waits) and `onSettled` for what the form does
 * once its transaction is committed or rejected.
 */
import { storeToRefs } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { JsonValue } from '../../ledger/types/tx'
import { useDescribeError } from '../features/keys/describe-error'
import type { FormId } from '../lib/forms'
import type { OutboxItem } from '../lib/outbox'
import { useKeysStore } from '../stores/keys'
import { useOutboxStore } from '../stores/outbox'
import { useResubmit } from './useResubmit'

export type Settled = 'committed' | 'rejected'

export function useSendAndFollow(
  /** the form (lib/forms.ts) whose rejected items re-open here; null for an act without a form (e.g. an approval) */
  form: FormId | null,
  /** pre-fills the form from a rejected item re-opened from the outbox */
  fill: (payload: Record<string, unknown>, item: OutboxItem) => void = () => undefined,
) {
  const { items } = storeToRefs(useOutboxStore())
  const describe = useDescribeError()
  const keys = useKeysStore()
  const resubmit = form === null ? null : useResubmit(form, fill)
  const correcting = computed(() => resubmit?.item.value ?? null)
  const cancel = async (): Promise<void> => resubmit?.cancel()
  const signOrResign = (type: string, payload: JsonValue): Promise<OutboxItem> =>
    resubmit ? resubmit.send(type, payload) : keys.signAndSend(type, payload)

  const sending = ref(false)
  const error = ref<string | null>(null)
  const sentId = ref<string | null>(null)
  /** the item this form sent last, as the outbox holds it now */
  const sent = computed<OutboxItem | null>(() => (sentId.value ? (items.value.find((i) => i.id === sentId.value) ?? null) : null))
  const inFlight = computed(() => sent.value?.status === 'pending' || sent.value?.status === 'submitted')

  /**
   * Signs and sends; resolves to the outbox item, or null when signing failed (then `error` says why, `failed` puts the
   * reason into the form's own sentence) or a send is already under way.
   */
  async function send(type: string, payload: JsonValue, failed: (reason: string) => string): Promise<OutboxItem | null> {
    if (sending.value) return null
    sending.value = true
    error.value = null
    try {
      const it = await signOrResign(type, payload)
      sentId.value = it.id
      return it
    } catch (err) {
      error.value = failed(describe(err))
      return null
    } finally {
      sending.value = false
    }
  }

  /** Calls `then` each time the sent item is committed or rejected. */
  function onSettled(then: (status: Settled, item: OutboxItem) => void): void {
    watch(
      () => sent.value?.status,
      (status) => {
        if ((status === 'committed' || status === 'rejected') && sent.value) then(status, sent.value)
      },
    )
  }

  /** Forgets the item sent last (the form shows no result any more). */
  function forget(): void {
    sentId.value = null
    error.value = null
  }

  return { correcting, cancel, sending, error, sent, inFlight, send, onSettled, forget }
}
