/** Installs OpenSSL's SHA-256 (node:crypto) as the implementation behind crypto/sha256.ts. Node only. */
import { createHash, hash } from 'node:crypto'
import { installSha256 } from './sha256'

/**
 * The digest as a 'binary' (latin1) string (one char per byte), copied into a 32-byte array: a small array lives on V8's heap,
 * where a Buffer output gets a backing store of its own — the allocation cost more than the hash for the short
 * inputs of the state tree (0.4 µs against 1.2 µs a hash of 67 bytes).
 */
function fromLatin1(s: string): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = s.charCodeAt(i)
  return out
}

export function installNodeSha256(): void {
  installSha256((parts) => {
    // one part: the one-shot crypto.hash, cheaper than a Hash object
    if (parts.length === 1) return fromLatin1(hash('sha256', parts[0]!, 'binary'))
    const h = createHash('sha256')
    for (const p of parts) h.update(p)
    return fromLatin1(h.digest('binary'))
  })
}

installNodeSha256()
