/** Base58 (Bitcoin's alphabet, the one Belenios uses for uuids, seeds and credentials). Portable. */

export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Base58 of bytes, big-endian, each leading zero byte a `1`. */
export function base58(bytes: Uint8Array): string {
  let n = 0n
  for (const b of bytes) n = (n << 8n) | BigInt(b)
  let out = ''
  while (n > 0n) {
    out = BASE58_ALPHABET[Number(n % 58n)] + out
    n /= 58n
  }
  for (const b of bytes) {
    if (b !== 0) break
    out = '1' + out
  }
  return out
}

/** an election uuid: Base58 characters, at least 14 (the specification's `uuid`) */
export const UUID_SHAPE = /^[1-9A-HJ-NP-Za-km-z]{14,64}$/
