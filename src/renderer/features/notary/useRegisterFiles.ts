/**
 * The files of a registration: dropped files hashed here one after another (never sent), each looked up on the node
 * (a document already registered is named before signing), files that could not be read named and left out; or the
 * documents of a rejected transaction re-opened for correction (only their SHA-256). `documents` is what is registered.
 */
import { computed, ref, shallowRef } from 'vue'
import type { NotaryDocumentDto } from '../../../shared/api'
import { findByHash } from '../../api/notary'
import { useConnectionStore } from '../../stores/connection'
import { hashBlob } from '../verify/evidence'
import type { HashedFile } from './register'

export interface FileEntry {
  file: File
  hash: string | null
  existing: NotaryDocumentDto[]
}

const keyOf = (f: File): string => `${f.name}/${f.size}/${f.lastModified}`

/** Registered documents in force (not revoked) with this file's content. */
export const inForce = (e: FileEntry): NotaryDocumentDto[] => e.existing.filter((d) => d.status !== 'revoked')

export function useRegisterFiles() {
  const connection = useConnectionStore()
  const files = shallowRef<FileEntry[]>([])
  /**
   * Documents carried over from a rejected transaction re-opened here (only their SHA-256: the hash is never typed,
   * only computed from a file; dropping files replaces them).
   */
  const fixed = shallowRef<HashedFile[]>([])
  const hashing = ref<{ done: number; total: number } | null>(null)
  /** names of dropped files that could not be read */
  const unreadable = ref<string[]>([])
  let hashQueue: Promise<void> = Promise.resolve()

  function add(list: File[]): void {
    unreadable.value = []
    fixed.value = []
    const known = new Set(files.value.map((e) => keyOf(e.file)))
    const fresh = list.filter((f) => !known.has(keyOf(f))).map((file) => ({ file, hash: null, existing: [] }))
    files.value = [...files.value, ...fresh]
    hashQueue = hashQueue.then(() => hashPending())
  }

  async function hashPending(): Promise<void> {
    const todo = files.value.filter((e) => e.hash === null)
    if (todo.length === 0) return
    const total = todo.reduce((a, e) => a + e.file.size, 0)
    let before = 0
    hashing.value = { done: 0, total }
    try {
      for (const e of todo) {
        if (!files.value.includes(e)) continue
        let hash: string
        try {
          hash = await hashBlob(e.file, (done) => (hashing.value = { done: before + done, total }))
        } catch {
          // moved, deleted or changed since it was dropped: named and left out (never a progress bar that stays)
          files.value = files.value.filter((x) => x.file !== e.file)
          unreadable.value = [...unreadable.value, e.file.name]
          continue
        } finally {
          before += e.file.size
        }
        replace(e, { ...e, hash })
        void lookUp({ ...e, hash })
      }
    } finally {
      hashing.value = null
    }
  }

  function replace(old: FileEntry, next: FileEntry): void {
    files.value = files.value.map((e) => (e.file === old.file ? next : e))
  }

  async function lookUp(e: FileEntry): Promise<void> {
    try {
      const existing = await findByHash(await connection.ensureClient(), e.hash!)
      const current = files.value.find((x) => x.file === e.file)
      if (current) replace(current, { ...current, existing })
    } catch {
      // the node will say DUPLICATE_DOCUMENT if it is one
    }
  }

  function remove(e: FileEntry): void {
    files.value = files.value.filter((x) => x.file !== e.file)
  }

  /** Drops the files and carried-over documents. */
  function clear(): void {
    files.value = []
    fixed.value = []
  }

  /** The documents of a rejected transaction, in place of any file. */
  function carryOver(docs: { documentHash: string }[]): void {
    files.value = []
    fixed.value = docs.map((d, i) => ({ name: docs.length > 1 ? String(i + 1) : '', size: 0, hash: d.documentHash }))
  }

  const hashed = computed(() => files.value.filter((e): e is FileEntry & { hash: string } => e.hash !== null))
  /** what is registered: the dropped files once hashed, or the documents of the rejected transaction being corrected */
  const documents = computed<HashedFile[]>(() =>
    files.value.length > 0 ? hashed.value.map((e) => ({ name: e.file.name, size: e.file.size, hash: e.hash })) : fixed.value,
  )
  /** still hashing, or a file not hashed yet */
  const busy = computed(() => hashing.value !== null || files.value.some((e) => e.hash === null))

  return { files, fixed, hashing, unreadable, documents, busy, add, remove, clear, carryOver }
}

export type RegisterFiles = ReturnType<typeof useRegisterFiles>
