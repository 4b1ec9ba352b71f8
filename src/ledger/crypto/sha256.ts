/**
 * SHA-256. Portable by default (@noble/hashes, for the browser and the standalone verifier); the node installs
 * OpenSSL's implementation at startup (sha256-node.ts), which is several times faster for short inputs. Both give
 * the same digests, so the choice never affects consensus.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

export type Sha256Impl = (parts: readonly Uint8Array[]) => Uint8Array

const noble: Sha256Impl = (parts) => {
  if (parts.length === 1) return nobleSha256(parts[0]!)
  const h = nobleSha256.create()
  for (const p of parts) h.update(p)
  return h.digest()
}

let impl: Sha256Impl = noble

/** Replace the implementation (the node calls this once with OpenSSL's). */
export function installSha256(f: Sha256Impl): void {
  impl = f
}

export function sha256(data: Uint8Array): Uint8Array {
  return impl([data])
}

/** SHA-256 over several parts without copying them into one buffer first. */
export function sha256Parts(...parts: Uint8Array[]): Uint8Array {
  return impl(parts)
}

export const HASH_BYTES = 32
