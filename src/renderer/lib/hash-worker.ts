/**
 * A Web Worker that hashes files: SHA-256 (hash-wasm, WebAssembly) over large chunks read straight from the Blob,
 * the next chunk read while the current one is hashed, progress posted after each. Off the page's thread, so a large
 * document never freezes the screen. Inlined as a blob: URL (lib/hash-blob.ts), so the standalone page stays one file.
 */
import { createSHA256 } from 'hash-wasm'
import { HASH_CHUNK, type HashReply, type HashRequest } from './hash-protocol'

const READ_AHEAD = 3

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<HashRequest>) => void) | null
  postMessage(m: HashReply): void
}

async function hash(req: HashRequest): Promise<string> {
  const { blob, id } = req
  const h = await createSHA256()
  h.init()
  const read = (off: number): Promise<ArrayBuffer> => blob.slice(off, Math.min(blob.size, off + HASH_CHUNK)).arrayBuffer()
  // reading is the slow part: keep READ_AHEAD chunks on their way while one is hashed
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
    h.update(new Uint8Array(chunk))
    done += chunk.byteLength
    scope.postMessage({ id, done, total: blob.size })
  }
  return h.digest('hex')
}

scope.onmessage = (e) => {
  hash(e.data).then(
    (hex) => scope.postMessage({ id: e.data.id, hex }),
    (err: unknown) => scope.postMessage({ id: e.data.id, error: err instanceof Error ? err.message : String(err) }),
  )
}
