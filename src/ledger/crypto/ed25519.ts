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

export function verifyPortable(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false
  try {
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
