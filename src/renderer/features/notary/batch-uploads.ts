/**
 * A batch's document list goes to the node only once the batch transaction is committed (the node checks it against
 * the committed root). The list waits here — in memory and in localStorage, so leaving the screen or reloading the
 * page does not lose it — and is sent when the outbox reports the commit; a failure is kept, to retry.
 */
import { storeToRefs } from 'pinia'
import { effectScope, ref, watch } from 'vue'
import { type BatchDocumentInput, postBatchDocuments } from '../../api/notary'
import { useConnectionStore } from '../../stores/connection'
import { useOutboxStore } from '../../stores/outbox'

export type UploadState = 'waiting' | 'sending' | 'done' | 'failed' | 'abandoned'

export interface PendingBatch {
  /** the outbox item of the batch transaction */
  id: string
  number: string
  documents: BatchDocumentInput[]
  state: UploadState
  error: string | null
}

const STORAGE_KEY = 'daejang.notary.pending-batches'

function load(): PendingBatch[] {
  try {
    const v = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]') as PendingBatch[]
    return Array.isArray(v) ? v.map((b) => (b.state === 'sending' ? { ...b, state: 'waiting' } : b)) : []
  } catch {
    return []
  }
}

const batches = ref<PendingBatch[]>(typeof window === 'undefined' ? [] : load())
let started = false

function save(): void {
  try {
    // only what still has to go: done and abandoned lists are dropped
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(batches.value.filter((b) => b.state !== 'done' && b.state !== 'abandoned')))
  } catch {
    // full or unavailable: the list stays in memory for this session
  }
}

function set(id: string, change: Partial<PendingBatch>): void {
  batches.value = batches.value.map((b) => (b.id === id ? { ...b, ...change } : b))
  save()
}

export function useBatchUploads(describe: (e: unknown) => string) {
  const connection = useConnectionStore()
  const { items } = storeToRefs(useOutboxStore())

  async function send(b: PendingBatch): Promise<void> {
    set(b.id, { state: 'sending', error: null })
    try {
      await postBatchDocuments(await connection.ensureClient(), b.number, b.documents)
      set(b.id, { state: 'done' })
    } catch (e) {
      set(b.id, { state: 'failed', error: describe(e) })
    }
  }

  function check(): void {
    for (const b of batches.value) {
      if (b.state !== 'waiting') continue
      const item = items.value.find((i) => i.id === b.id)
      if (item?.status === 'committed') void send(b)
      else if (item?.status === 'rejected') set(b.id, { state: 'abandoned' })
    }
  }

  if (!started) {
    started = true
    // not bound to the screen that first asked: the upload must outlive it
    effectScope(true).run(() => watch(items, check, { immediate: true }))
  }

  function add(id: string, number: string, documents: BatchDocumentInput[]): void {
    batches.value = [...batches.value.filter((b) => b.id !== id), { id, number, documents, state: 'waiting', error: null }]
    save()
    check()
  }

  const retry = (id: string): void => {
    const b = batches.value.find((x) => x.id === id)
    if (b) void send(b)
  }

  return { batches, add, retry }
}
