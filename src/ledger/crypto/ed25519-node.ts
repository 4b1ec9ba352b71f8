/**
 * Ed25519 through node:crypto (OpenSSL): about 12x faster than pure JS on this class of machine. Node only.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto'
import { toBase64Url, toHex } from '../codec/bytes'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type Signer, acceptablePublicKey } from './ed25519'

const KEY_CACHE_MAX = 10_000
const keyCache = new Map<string, KeyObject | null>()

function publicKeyObject(publicKey: Uint8Array): KeyObject | null {
  const id = toHex(publicKey)
  let k = keyCache.get(id)
  if (k !== undefined) return k
  try {
    // Accept exactly the keys the portable verifier accepts: OpenSSL takes small-order keys, for which anyone can
    // forge signatures, and keys with a torsion component, on which it and noble disagree. Checked once per key.
    k = acceptablePublicKey(publicKey)
      ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: toBase64Url(publicKey) }, format: 'jwk' })
      : null
  } catch {
    k = null
  }
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value as string)
  keyCache.set(id, k)
  return k
}

/** Whether verifyNode can accept signatures under this key: well-formed, canonical and not of small order. */
export function acceptsPublicKey(publicKey: Uint8Array): boolean {
  return publicKey.length === PUBLIC_KEY_BYTES && publicKeyObject(publicKey) !== null
}

export function verifyNode(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false
  const key = publicKeyObject(publicKey)
  if (!key) return false
  try {
    return nodeVerify(null, message, key, signature)
  } catch {
    return false
  }
}

/** PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): this prefix, then the 32 bytes. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

function privateKeyObject(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new Error('an Ed25519 seed has 32 bytes')
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' })
}

/**
 * The public key of a seed through OpenSSL: the same bytes as publicKeyFromSeed (ed25519.ts), without the pure-JS
 * base-point tables the first call of that builds (a tenth of a second at a node's or a command's start).
 */
export function publicKeyFromSeedNode(seed: Uint8Array): Uint8Array {
  return rawPublicKey(privateKeyObject(seed))
}

/** The raw 32 bytes of a private key's public key: the end of its SubjectPublicKeyInfo. */
function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' })
  return new Uint8Array(der.subarray(der.length - PUBLIC_KEY_BYTES))
}

export function nodeSigner(seed: Uint8Array): Signer {
  const key = privateKeyObject(seed)
  return { publicKey: rawPublicKey(key), sign: (m) => new Uint8Array(nodeSign(null, m, key)) }
}
