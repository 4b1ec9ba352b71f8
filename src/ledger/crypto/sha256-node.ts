/** Installs OpenSSL's SHA-256 (node:crypto) as the implementation behind crypto/sha256.ts. Node only. */
import { createHash } from 'node:crypto'
import { installSha256 } from './sha256'

export function installNodeSha256(): void {
  installSha256((parts) => {
    const h = createHash('sha256')
    for (const p of parts) h.update(p)
    const d = h.digest()
    return new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
  })
}

installNodeSha256()
