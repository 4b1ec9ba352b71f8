/**
 * Ed25519 (RFC 8032), portable: @noble/curves, used where no OpenSSL exists (browser, standalone verifier) and as
 * the reference. Verification is strict RFC 8032 / FIPS 186-5 (zip215: false) so that it agrees with OpenSSL,
 * which the node uses (see ed25519-node.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js'

export const PUBLIC_KEY_BYTES = 32
export const SIGNATURE_BYTES = 64
export const SEED_BYTES = 32

export function randomSeed(): Uint8Array {
  return ed25519.utils.randomSecretKey()
}

export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seed)
}

export function signPortable(message: Uint8Array, seed: Uint8Array): Uint8Array {
  return ed25519.sign(message, seed)
}

const KEY_CHECK_MAX = 10_000
const keyChecks = new Map<string, boolean>()

/**
 * Whether signatures under this key can be accepted at all: a canonical encoding of a point in the prime-order
 * subgroup (not of small order, no torsion component). OpenSSL verifies without the cofactor and noble with it;
 * on keys of this kind both give the same answer, so the node and the browser accept exactly the same signatures.
 * Checked once per key (cached).
 */
export function acceptablePublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== PUBLIC_KEY_BYTES) return false
  let id = ''
  for (const b of publicKey) id += b.toString(16).padStart(2, '0')
  let ok = keyChecks.get(id)
  if (ok === undefined) {
    try {
      const p = ed25519.Point.fromBytes(publicKey)
      ok = !p.isSmallOrder() && p.isTorsionFree()
    } catch {
      ok = false
    }
    if (keyChecks.size >= KEY_CHECK_MAX) keyChecks.delete(keyChecks.keys().next().value as string)
    keyChecks.set(id, ok)
  }
  return ok
}

export function verifyPortable(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || !acceptablePublicKey(publicKey)) return false
  try {
    // noble's equation is cofactored, OpenSSL's is not: they differ only when R has a small-order part, which OpenSSL
    // refuses. With A (above) and R both torsion-free the two equations agree, so this accepts what the node accepts.
    if (!ed25519.Point.fromBytes(signature.subarray(0, 32)).isTorsionFree()) return false
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

/** Something that can check a signature; the node plugs in OpenSSL, the browser uses the portable one. */
export type VerifyFn = (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean

/** Something that holds a private key and signs; the key itself never leaves it. */
export interface Signer {
  readonly publicKey: Uint8Array
  sign(message: Uint8Array): Uint8Array
}

export function portableSigner(seed: Uint8Array): Signer {
  const publicKey = publicKeyFromSeed(seed)
  return { publicKey, sign: (m) => signPortable(m, seed) }
}
