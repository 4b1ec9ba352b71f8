/**
 * Voter credentials (specification, Messages → Credentials): a private credential is `XXXXX-XXXXXX-XXXXX-XXXXXX`,
 * 22 Base58 characters. Belenios 2.5 generates only this "full" form and it has no checksum (the old 15-character
 * form had one, mod 53; it is not accepted here). secret(c) = (SHA256("derive_credential|uuid|0|c") ‖
 * SHA256("derive_credential|uuid|1|c")) read as a 512-bit big-endian hex number, mod q; public(c) = g^secret(c).
 * A public credentials line is the point, optionally followed by "," and the weight (a non-negative integer).
 */
import { BASE58_ALPHABET, sha256Hex } from './hash'
import { Q, type Group } from './group'

const FULL = /^([1-9A-HJ-NP-Za-km-z]{5})-([1-9A-HJ-NP-Za-km-z]{6})-([1-9A-HJ-NP-Za-km-z]{5})-([1-9A-HJ-NP-Za-km-z]{6})$/
const BARE = /^[1-9A-HJ-NP-Za-km-z]{22}$/

/**
 * A private credential as a voter may type it, in its one written form (`XXXXX-XXXXXX-XXXXX-XXXXXX`), or null.
 * Blanks around it are ignored; the 22 characters without dashes are accepted and given their dashes (the secret is
 * derived from the dashed text, as Belenios does).
 */
export function parseCredential(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null
  const s = input.trim()
  if (FULL.test(s)) return s
  if (BARE.test(s)) return `${s.slice(0, 5)}-${s.slice(5, 11)}-${s.slice(11, 16)}-${s.slice(16)}`
  return null
}

/** A new private credential: 22 Base58 characters drawn uniformly (rejection sampling, no modulo bias). */
export function generateCredential(): string {
  let raw = ''
  const buf = new Uint8Array(64)
  while (raw.length < 22) {
    globalThis.crypto.getRandomValues(buf)
    for (const v of buf) {
      if (v < 232 && raw.length < 22) raw += BASE58_ALPHABET[v % 58]! // 232 = 4 × 58
    }
  }
  return parseCredential(raw)!
}

/** secret(c) for the election `uuid` (c in its dashed form, as parseCredential gives it). */
export function credentialSecret(uuid: string, credential: string): bigint {
  const hex = sha256Hex(`derive_credential|${uuid}|0|${credential}`) + sha256Hex(`derive_credential|${uuid}|1|${credential}`)
  return BigInt('0x' + hex) % Q
}

/** public(c), serialised as the public credentials list writes it. */
export function publicCredential<P>(G: Group<P>, uuid: string, credential: string): string {
  return G.toString(G.baseMul(credentialSecret(uuid, credential)))
}

export interface PublicCredentialLine<P> {
  /** The point as written (the ballot's `credential` field must be this exact string). */
  readonly credential: string
  readonly point: P
  /** 1 when the line has no weight. */
  readonly weight: bigint
  /** Whether the line wrote a weight (all lines of one list do, or none). */
  readonly weighted: boolean
}

const WEIGHT = /^(0|[1-9][0-9]{0,17})$/

/**
 * One line of `public_credentials`: the point (canonical, in the group, not the identity), then optionally "," and
 * a weight in base 10 without leading zeros (below 10^18). null for anything else. A line's weight may be large, but
 * the list's TOTAL must not exceed tally.ts's MAX_TOTAL_WEIGHT (10^11, Belenios's bound): the result is found by a
 * discrete logarithm up to the total, which refuses more; the caller checks the sum when it accepts the list.
 */
export function parsePublicCredentialLine<P>(G: Group<P>, line: unknown): PublicCredentialLine<P> | null {
  if (typeof line !== 'string' || line.length > 64 + 1 + 18) return null
  const comma = line.indexOf(',')
  const credential = comma < 0 ? line : line.slice(0, comma)
  const point = G.parse(credential)
  if (point === null) return null
  if (comma < 0) return { credential, point, weight: 1n, weighted: false }
  const w = line.slice(comma + 1)
  if (!WEIGHT.test(w)) return null
  return { credential, point, weight: BigInt(w), weighted: true }
}
