/**
 * AES-CCM exactly as Belenios 2.5 uses it for the trustees' channels (specification, "Public key infrastructure →
 * Encrypting"; the reference takes it from SJCL): AES with the 32-byte key SHA256("key|"…), the 32-byte IV
 * SHA256("iv|"…) of which the first 15 − L bytes are the nonce (L = 2 below 65,536 bytes of plaintext, 3 below
 * 2^24, else 4), no associated data, a 64-bit tag appended to the ciphertext. This is standard CCM (RFC 3610,
 * NIST SP 800-38C); the tests hold it equal to OpenSSL's aes-256-ccm. The block cipher is @noble/ciphers' AES:
 * the CBC-MAC is the last block of AES-CBC under a zero IV, the counter mode is AES-CTR from A0 (its first block
 * encrypts the tag, the following ones the data).
 */
import { cbc, ctr } from '@noble/ciphers/aes.js'

const TAG_BYTES = 8
const BLOCK = 16

function lengthBytes(n: number): number {
  let l = 2
  while (l < 4 && Math.floor(n / 2 ** (8 * l)) !== 0) l++
  return l
}

function counterBlock(nonce: Uint8Array, l: number): Uint8Array {
  const a0 = new Uint8Array(BLOCK)
  a0[0] = l - 1
  a0.set(nonce, 1)
  return a0
}

function cbcMac(key: Uint8Array, nonce: Uint8Array, l: number, plaintext: Uint8Array): Uint8Array {
  const padded = Math.ceil(plaintext.length / BLOCK) * BLOCK
  const input = new Uint8Array(BLOCK + padded)
  input[0] = ((TAG_BYTES - 2) << 2) | (l - 1)
  input.set(nonce, 1)
  let n = plaintext.length
  for (let i = BLOCK - 1; i >= BLOCK - l; i--) {
    input[i] = n & 0xff
    n = Math.floor(n / 256)
  }
  input.set(plaintext, BLOCK)
  const out = cbc(key, new Uint8Array(BLOCK), { disablePadding: true }).encrypt(input)
  return out.subarray(out.length - BLOCK, out.length - BLOCK + TAG_BYTES)
}

/** Counter mode from A0 over (tag, zero pad, data): returns the transformed tag and data (its own inverse). */
function ctrFromA0(key: Uint8Array, nonce: Uint8Array, l: number, tag: Uint8Array, data: Uint8Array) {
  const input = new Uint8Array(BLOCK + data.length)
  input.set(tag, 0)
  input.set(data, BLOCK)
  const out = ctr(key, counterBlock(nonce, l)).encrypt(input)
  return { tag: out.slice(0, TAG_BYTES), data: out.slice(BLOCK) }
}

/** Encrypt `plaintext` under the 32-byte key and the IV (≥ 13 bytes; Belenios passes 32): ciphertext ‖ 8-byte tag. */
export function ccmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const l = lengthBytes(plaintext.length)
  const nonce = iv.subarray(0, 15 - l)
  const mac = cbcMac(key, nonce, l, plaintext)
  const r = ctrFromA0(key, nonce, l, mac, plaintext)
  const out = new Uint8Array(r.data.length + TAG_BYTES)
  out.set(r.data, 0)
  out.set(r.tag, r.data.length)
  return out
}

/** Decrypt ciphertext ‖ tag; null when it is too short or its tag does not match (nothing else is said). */
export function ccmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (sealed.length < TAG_BYTES) return null
  const body = sealed.subarray(0, sealed.length - TAG_BYTES)
  const l = lengthBytes(body.length)
  const nonce = iv.subarray(0, 15 - l)
  const r = ctrFromA0(key, nonce, l, sealed.subarray(sealed.length - TAG_BYTES), body)
  const mac = cbcMac(key, nonce, l, r.data)
  let diff = 0
  for (let i = 0; i < TAG_BYTES; i++) diff |= mac[i]! ^ r.tag[i]!
  return diff === 0 ? r.data : null
}
