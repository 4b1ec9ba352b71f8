/** SHA-256, portable (Node and browser). */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { concatBytes, utf8 } from '../codec/bytes'

export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data)
}

/** SHA-256 over several parts without copying them into one buffer first. */
export function sha256Parts(...parts: Uint8Array[]): Uint8Array {
  const h = nobleSha256.create()
  for (const p of parts) h.update(p)
  return h.digest()
}

/** Domain-separated hash: SHA-256(utf8(tag) || 0x00 || data). */
export function taggedHash(tag: string, data: Uint8Array): Uint8Array {
  return sha256(concatBytes(utf8(tag), new Uint8Array([0]), data))
}

export const HASH_BYTES = 32
