/**
 * Ed25519 (RFC 8032), portable: @noble/curves, used where no OpenSSL exists (browser, standalone verifier) and as
 * the reference. Verification is strict RFC 8032 and cofactorless, as OpenSSL's, which the node uses
 * (see ed25519-node.ts): the two accept exactly the same signatures (test/ledger/ed25519.test.ts, webcrypto.test.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'

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

const Point = ed25519.Point
const ORDER = Point.Fn.ORDER

function littleEndian(b: Uint8Array): bigint {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  return x
}

/**
 * RFC 8032 verification as OpenSSL does it, so that the browser accepts exactly what the node accepts: S must be
 * below the group order, and R' = [S]B − [k]A, k = SHA-512(R ‖ A ‖ M) mod L, must encode to R's bytes exactly (the
 * cofactorless equation, with R compared as bytes: a non-canonical R or one with a small-order part never matches).
 * noble's own `verify` checks the cofactored equation, which accepts an R with a small-order part: a validator could
 * then sign a commit the node refuses and the browser accepts. Costs about what noble's verify does.
 */
export function verifyPortable(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || !acceptablePublicKey(publicKey)) return false
  try {
    const r = signature.subarray(0, 32)
    const s = littleEndian(signature.subarray(32, 64))
    if (s >= ORDER) return false
    const a = Point.fromBytes(publicKey)
    const h = sha512.create()
    h.update(r)
    h.update(publicKey)
    h.update(message)
    const k = littleEndian(h.digest()) % ORDER
    const expected = Point.BASE.multiplyUnsafe(s).subtract(a.multiplyUnsafe(k)).toBytes()
    for (let i = 0; i < 32; i++) if (expected[i] !== r[i]) return false
    return true
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
