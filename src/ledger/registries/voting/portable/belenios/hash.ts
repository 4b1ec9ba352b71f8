/**
 * Hashes as the Belenios 2.5 specification computes them: SHA-256 of a string (UTF-8), written in hex (archive file
 * names, `setup_data`) or in Base64 without padding (φ, the ballot's signature hash and its tracker); and the proofs'
 * challenges, SHA-256 of `prefix` followed by points' serialisations separated by commas, read as a big-endian number
 * and reduced mod q (Belenios's `G.hash`). Every input is the TEXT given; nothing here serialises a message.
 */
import { toBase64Url } from '../../../../codec/bytes'
import { sha256 } from '../../../../crypto/sha256'
import { bytesToScalarBE } from './group'

const encoder = new TextEncoder()

export function sha256Text(text: string): Uint8Array {
  return sha256(encoder.encode(text))
}

export function sha256Hex(text: string): string {
  const h = sha256Text(text)
  let s = ''
  for (const v of h) s += (v < 16 ? '0' : '') + v.toString(16)
  return s
}

/** Standard Base64 (RFC 4648 §4 alphabet), without padding: base64url's digits with + and / for - and _. */
export function base64NoPad(b: Uint8Array): string {
  return toBase64Url(b).replace(/[-_]/g, (c) => (c === '-' ? '+' : '/'))
}

/** Belenios's `sha256_b64`: the SHA-256 of the text, in Base64 without padding (43 characters). */
export function sha256B64(text: string): string {
  return base64NoPad(sha256Text(text))
}

/** The hex hash (64 lower-case digits) in Base64 without padding: φ from the `election` field of `setup_data`. */
export function hexHashToB64(hex: string): string {
  const b = new Uint8Array(32)
  for (let i = 0; i < 32; i++) b[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return base64NoPad(b)
}

/** Belenios's `G.hash prefix xs`: SHA-256(prefix ‖ xs joined by ","), big-endian, mod q. */
export function hashToScalar(prefix: string, points: readonly string[]): bigint {
  return bytesToScalarBE(sha256Text(prefix + points.join(',')))
}

export const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

const UUID = /^[1-9A-HJ-NP-Za-km-z]{14,}$/

/** An election identifier: Base58 characters, at least 14 (the specification's `uuid`). */
export function isUuid(s: unknown): s is string {
  return typeof s === 'string' && s.length <= 256 && UUID.test(s)
}
