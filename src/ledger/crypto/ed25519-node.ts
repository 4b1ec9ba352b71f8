/**
 * Ed25519 through node:crypto (OpenSSL): about 12x faster than pure JS on this class of machine. Node only.
 */
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto'
import { toBase64Url, toHex } from '../codec/bytes'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type Signer, acceptablePublicKey, publicKeyFromSeed } from './ed25519'

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

export function nodeSigner(seed: Uint8Array): Signer {
  const publicKey = publicKeyFromSeed(seed)
  const key = createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', d: toBase64Url(seed), x: toBase64Url(publicKey) },
    format: 'jwk',
  })
  return { publicKey, sign: (m) => new Uint8Array(nodeSign(null, m, key)) }
}
