/**
 * SHA-256 of a file on disk, for the app's register and Verify screens in Electron (bridge `hashFile`): node:crypto
 * (OpenSSL, SHA-NI where the CPU has it) over the file streamed in large reads — the page's worker (WebAssembly over
 * Blob slices) reaches about a third of `sha256sum`, this path about all of it (bench/hash-main.ts). No Electron
 * import: the bench and the tests run this very function in Node.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'

/** Bytes per read: large, so that per-read costs vanish; memory stays at a couple of these. */
export const HASH_READ_BYTES = 4 << 20

/** Least time between two progress reports (each one is an IPC message to the page). */
export const HASH_PROGRESS_MS = 100

export type HashProgress = (done: number, total: number) => void

export class FileChangedError extends Error {
  constructor() {
    super('The file is not the one picked: it was changed, moved or is not a regular file.')
    this.name = 'FileChangedError'
  }
}

/**
 * SHA-256 (hex) of the regular file at `path`. With `expectedSize`, refuses a file of another size (the page's File
 * says how large the picked file was). Progress from 0 to the size, at most every HASH_PROGRESS_MS and at the end.
 */
export async function sha256File(path: string, onProgress?: HashProgress, expectedSize?: number): Promise<string> {
  const info = await stat(path)
  if (!info.isFile() || (expectedSize !== undefined && info.size !== expectedSize)) throw new FileChangedError()
  const total = info.size
  const hash = createHash('sha256')
  let done = 0
  let reported = 0
  onProgress?.(0, total)
  for await (const chunk of createReadStream(path, { highWaterMark: HASH_READ_BYTES })) {
    const bytes = chunk as Buffer
    hash.update(bytes)
    done += bytes.byteLength
    const now = performance.now()
    if (onProgress && now - reported >= HASH_PROGRESS_MS) {
      reported = now
      onProgress(done, total)
    }
  }
  if (done !== total) throw new FileChangedError()
  onProgress?.(done, total)
  return hash.digest('hex')
}
