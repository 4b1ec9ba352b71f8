/**
 * SHA-256 of a file in the page (the app's register and Verify screens, the standalone verifier page), with
 * progress. In Electron a file from the disk is hashed by main (bridge `hashFile`: node:crypto streaming the file,
 * about sha256sum's speed); else, or when main cannot, in a Web Worker (lib/hash-worker.ts: WebAssembly SHA-256
 * over 16 MiB chunks). Where no worker can run (a test runner without workers, or a page whose policy refuses it)
 * the same hash runs here, in chunks, yielding between them so the page can paint.
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { toHex } from '../../ledger/codec/bytes'
import { HASH_CHUNK, type HashReply } from './hash-protocol'
import HashWorker from './hash-worker?worker&inline'

export type Progress = (done: number, total: number) => void

interface Pending {
  resolve(hex: string): void
  reject(e: Error): void
  onProgress?: Progress
}

let worker: Worker | null = null
let workerBroken = typeof Worker === 'undefined'
let nextId = 1
const pending = new Map<number, Pending>()

function startWorker(): Worker {
  const w = new HashWorker()
  w.onmessage = (e: MessageEvent<HashReply>) => {
    const r = e.data
    const p = pending.get(r.id)
    if (!p) return
    if ('done' in r) p.onProgress?.(r.done, r.total)
    else {
      pending.delete(r.id)
      if ('hex' in r) p.resolve(r.hex)
      else p.reject(new Error(r.error))
    }
  }
  // the worker could not start (or died): whatever it had is hashed here instead
  w.onerror = (e) => {
    e.preventDefault()
    workerBroken = true
    worker = null
    w.terminate()
    const lost = [...pending.values()]
    pending.clear()
    for (const p of lost) p.reject(new WorkerUnavailable())
  }
  return w
}

class WorkerUnavailable extends Error {}

function inWorker(blob: Blob, onProgress?: Progress): Promise<string> {
  worker ??= startWorker()
  const id = nextId++
  return new Promise<string>((resolve, reject) => {
    pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}) })
    worker!.postMessage({ id, blob })
  })
}

/** The same hash on this thread, a chunk at a time. */
async function here(blob: Blob, onProgress?: Progress): Promise<string> {
  const h = sha256.create()
  const total = blob.size
  for (let off = 0; off < total; off += HASH_CHUNK) {
    const end = Math.min(total, off + HASH_CHUNK)
    h.update(new Uint8Array(await blob.slice(off, end).arrayBuffer()))
    onProgress?.(end, total)
    if (end < total) await new Promise((r) => setTimeout(r, 0))
  }
  return toHex(h.digest())
}

/** By main, from the disk (Electron only): null when there is no bridge, no path for the file, or main failed. */
async function inMain(blob: Blob, onProgress?: Progress): Promise<string | null> {
  const bridge = typeof window === 'undefined' ? undefined : window.daejang
  if (!bridge || typeof File === 'undefined' || !(blob instanceof File)) return null
  try {
    return await bridge.hashFile(blob, onProgress)
  } catch {
    // unreadable or changed since it was picked: the page reads the File itself, and says so if it cannot
    return null
  }
}

/** SHA-256 (hex) of a file; progress from 0 to its size. */
export async function hashBlob(blob: Blob, onProgress?: Progress): Promise<string> {
  onProgress?.(0, blob.size)
  const byMain = await inMain(blob, onProgress)
  if (byMain !== null) return byMain
  if (!workerBroken) {
    try {
      return await inWorker(blob, onProgress)
    } catch (e) {
      if (!(e instanceof WorkerUnavailable)) throw e
    }
  }
  return here(blob, onProgress)
}
