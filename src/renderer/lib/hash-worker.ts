/**
 * A Web Worker that hashes files: SHA-256 over large chunks read straight from the Blob, the next chunks read while
 * one is used, progress posted after each (WebCrypto's native SHA-256 up to 512 MiB, WebAssembly beyond). Off the page's thread, so a large
 * document never freezes the screen. Inlined as a blob: URL (lib/hash-blob.ts), so the standalone page stays one file.
 */
import { createSHA256 } from 'hash-wasm'
import { toHex } from '../../ledger/codec/bytes'
import { HASH_CHUNK, type HashReply, type HashRequest } from './hash-protocol'

const READ_AHEAD = 3
const ONE_SHOT_MAX = 512 << 20

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<HashRequest>) => void) | null
  postMessage(m: HashReply): void
}

/** Reads the blob in chunks, READ_AHEAD of them on their way while one is used; reports progress after each. */
async function eachChunk(req: HashRequest, use: (chunk: Uint8Array, at: number) => void): Promise<void> {
  const { blob, id } = req
  const read = (off: number): Promise<ArrayBuffer> => blob.slice(off, Math.min(blob.size, off + HASH_CHUNK)).arrayBuffer()
  const queue: Promise<ArrayBuffer>[] = []
  let asked = 0
  const fill = (): void => {
    while (queue.length < READ_AHEAD && asked < blob.size) {
      queue.push(read(asked))
      asked += HASH_CHUNK
    }
  }
  fill()
  for (let done = 0; queue.length > 0; ) {
    const chunk = await queue.shift()!
    fill()
    use(new Uint8Array(chunk), done)
    done += chunk.byteLength
    scope.postMessage({ id, done, total: blob.size })
  }
}

/**
 * Up to ONE_SHOT_MAX bytes, the file is gathered and hashed at once by the platform's SHA-256 (WebCrypto: native,
 * with the CPU's SHA instructions; it has no incremental form); larger files stream through WebAssembly SHA-256.
 */
async function hash(req: HashRequest): Promise<string> {
  const subtle = globalThis.crypto?.subtle
  if (subtle && req.blob.size <= ONE_SHOT_MAX) {
    const all = new Uint8Array(req.blob.size)
    await eachChunk(req, (chunk, at) => all.set(chunk, at))
    return toHex(new Uint8Array(await subtle.digest('SHA-256', all)))
  }
  const h = await createSHA256()
  h.init()
  await eachChunk(req, (chunk) => h.update(chunk))
  return h.digest('hex')
}

scope.onmessage = (e) => {
  hash(e.data).then(
    (hex) => scope.postMessage({ id: e.data.id, hex }),
    (err: unknown) => scope.postMessage({ id: e.data.id, error: err instanceof Error ? err.message : String(err) }),
  )
}
