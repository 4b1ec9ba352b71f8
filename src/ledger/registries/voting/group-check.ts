/**
 * Whether a text is an element of Belenios's Ed25519 group as the specification serialises it (docs/adr/0048): 64 hex
 * digits of the compressed number z, big-endian (RFC 8032's bytes are the same number little-endian), a canonical
 * point on the curve, in the prime-order subgroup, not the identity nor of small order (Belenios's `check`).
 * The credential rules use it for public credentials; v-crypto's Group (portable/belenios/) does the same for every
 * other element when it lands.
 */
import { ed25519 } from '@noble/curves/ed25519.js'

const HEX64 = /^[0-9a-f]{64}$/

export function isGroupElement(hex: string): boolean {
  if (!HEX64.test(hex)) return false
  const le = new Uint8Array(32)
  for (let i = 0; i < 32; i++) le[i] = parseInt(hex.slice(62 - 2 * i, 64 - 2 * i), 16)
  try {
    const p = ed25519.Point.fromBytes(le, false) // canonical encodings only
    return !p.is0() && !p.isSmallOrder() && p.isTorsionFree()
  } catch {
    return false
  }
}
