/** Installs OpenSSL's SHA-256 (node:crypto) as the implementation behind crypto/sha256.ts. Node only. */
import { createHash, hash } from 'node:crypto'
import { installSha256 } from './sha256'

export function installNodeSha256(): void {
  installSha256((parts) => {
    // one part: the one-shot crypto.hash (~3× faster than a Hash object for the 67–97-byte inputs of the state tree)
    if (parts.length === 1) {
      const d = hash('sha256', parts[0]!, 'buffer')
      return new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
    }
    const h = createHash('sha256')
    for (const p of parts) h.update(p)
    const d = h.digest()
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
  })
}

installNodeSha256()
