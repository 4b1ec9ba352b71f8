/**
 * The trustees' public key infrastructure of Belenios 2.5 (specification, "Messages specific to threshold decryption
 * support → Public key infrastructure, Certificates, Channels"): the 22-character seed, the signing and decryption
 * keys derived from it, the Schnorr-like `signed_msg`, the ElGamal + AES-CCM `encrypted_msg`, the `cert`, and the
 * channel `send`/`recv`. Formats checked against the reference (src/lib/v1/trustees.ml, MakePKI / MakeChannels).
 *
 * Every message is JSON text in compact form with the specification's field order; a text we read must be exactly
 * the text we would write for what it says (anything else — spaces, other field orders, extra fields, leading zeros,
 * upper-case hex — is refused as not canonical), so one message has one text and one hash.
 */
import { fromHex, toHex } from '../../../../codec/bytes'
import { parseScalar, randomScalar, scalarToString, type Group, type ScalarSource } from './group'
import { BASE58_ALPHABET, hashToScalar, sha256Text } from './hash'
import { ccmDecrypt, ccmEncrypt } from './pedersen-ccm'
import { schnorrProve, schnorrVerify, sigmsgPrefix, type Proof } from './proofs'

const UTF8 = new TextEncoder()
const UTF8_STRICT = new TextDecoder('utf-8', { fatal: true })

const SEED_RE = /^[1-9A-HJ-NP-Za-km-z]{22}$/

/** The largest message text we read (a polynomial of 1,000 trustees is far below): refuses oversized input early. */
export const MAX_MESSAGE_CHARS = 4_000_000

export type { Proof }

/** `signed_msg`: the signed text and its Schnorr-like signature. */
export interface SignedMsg {
  message: string
  signature: Proof
}

export interface CertKeys<P> {
  verification: P
  encryption: P
}

/** A trustee's derived keys (all four; sk and dk are secret). */
export interface PkiKeys<P> {
  sk: bigint
  dk: bigint
  vk: P
  ek: P
}

// ---- JSON helpers -------------------------------------------------------------------------------------------------

/** Parse a JSON text to a plain object, or null (not JSON, not an object, too long). */
export function parseObject(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string' || text.length > MAX_MESSAGE_CHARS) return null
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null
}

/** Parse a JSON text that must be an array, or null. */
export function parseArray(text: unknown): unknown[] | null {
  if (typeof text !== 'string' || text.length > MAX_MESSAGE_CHARS) return null
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? v : null
  } catch {
    return null
  }
}

export const jstr = (s: string): string => JSON.stringify(s)

export function proofText(p: Proof): string {
  return `{"challenge":"${scalarToString(p.challenge)}","response":"${scalarToString(p.response)}"}`
}

export function parseProof(v: unknown): Proof | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null
  const o = v as Record<string, unknown>
  const challenge = parseScalar(o.challenge)
  const response = parseScalar(o.response)
  return challenge === null || response === null ? null : { challenge, response }
}

// ---- keys ---------------------------------------------------------------------------------------------------------

/** A fresh secret seed: 22 uniformly random Base58 characters (a byte ≥ 232 = 4 × 58 is drawn again: no bias). */
export function generateSeed(): string {
  const chars: string[] = []
  const byte = new Uint8Array(1)
  while (chars.length < 22) {
    if (globalThis.crypto.getRandomValues(byte)[0]! < 232) chars.push(BASE58_ALPHABET[byte[0]! % 58]!)
  }
  return chars.join('')
}

export function isSeed(s: unknown): s is string {
  return typeof s === 'string' && SEED_RE.test(s)
}

/** sk = SHA256("sk|" ‖ seed) mod q, dk = SHA256("dk|" ‖ seed) mod q, and their public keys. */
export function deriveKeys<P>(G: Group<P>, seed: string): PkiKeys<P> {
  const sk = hashToScalar('sk|' + seed, [])
  const dk = hashToScalar('dk|' + seed, [])
  return { sk, dk, vk: G.baseMul(sk), ek: G.baseMul(dk) }
}

// ---- signatures ---------------------------------------------------------------------------------------------------

export function sign<P>(G: Group<P>, sk: bigint, message: string, rnd: ScalarSource = randomScalar): SignedMsg {
  return { message, signature: schnorrProve(G, sk, sigmsgPrefix(message), rnd) }
}

export function verifySignature<P>(G: Group<P>, vk: P, m: SignedMsg): boolean {
  return schnorrVerify(G, vk, sigmsgPrefix(m.message), m.signature)
}

export function signedMsgText(m: SignedMsg): string {
  return `{"message":${jstr(m.message)},"signature":${proofText(m.signature)}}`
}

/** Read a `signed_msg` from its parsed JSON value (shape and scalars only; the signature is checked by the caller). */
export function readSignedMsg(v: unknown): SignedMsg | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null
  const o = v as Record<string, unknown>
  if (Object.keys(o).length !== 2 || typeof o.message !== 'string') return null
  const signature = parseProof(o.signature)
  if (signature === null || Object.keys(o.signature as object).length !== 2) return null
  return { message: o.message, signature }
}

/** Read a `signed_msg` text, refusing any text that is not its canonical form. */
export function parseSignedMsg(text: unknown): SignedMsg | null {
  const m = readSignedMsg(parseObject(text))
  return m !== null && signedMsgText(m) === text ? m : null
}

// ---- certificates -------------------------------------------------------------------------------------------------

export function certKeysText<P>(G: Group<P>, k: CertKeys<P>): string {
  return `{"verification":"${G.toString(k.verification)}","encryption":"${G.toString(k.encryption)}"}`
}

export function parseCertKeys<P>(G: Group<P>, text: string): CertKeys<P> | null {
  const o = parseObject(text)
  if (o === null || Object.keys(o).length !== 2) return null
  const verification = G.parse(o.verification as string)
  const encryption = G.parse(o.encryption as string)
  if (verification === null || encryption === null) return null
  const k = { verification, encryption }
  return certKeysText(G, k) === text ? k : null
}

/** The trustee's certificate: its two public keys, signed with its signing key (the text of the `cert`). */
export function makeCert<P>(G: Group<P>, keys: PkiKeys<P>, rnd?: ScalarSource): string {
  return signedMsgText(sign(G, keys.sk, certKeysText(G, { verification: keys.vk, encryption: keys.ek }), rnd))
}

// ---- encryption ---------------------------------------------------------------------------------------------------

export interface EncryptedMsg<P> {
  alpha: P
  beta: P
  data: string
}

const HEX_RE = /^(?:[0-9a-f]{2})*$/

function symmetricKey<P>(G: Group<P>, shared: P): Uint8Array {
  return sha256Text('key|' + G.toString(shared))
}

function symmetricIv<P>(G: Group<P>, alpha: P): Uint8Array {
  return sha256Text('iv|' + G.toString(alpha))
}

export function encryptedMsgText<P>(G: Group<P>, m: EncryptedMsg<P>): string {
  return `{"alpha":"${G.toString(m.alpha)}","beta":"${G.toString(m.beta)}","data":${jstr(m.data)}}`
}

export function parseEncryptedMsg<P>(G: Group<P>, text: unknown): EncryptedMsg<P> | null {
  const o = parseObject(text)
  if (o === null || Object.keys(o).length !== 3 || typeof o.data !== 'string' || !HEX_RE.test(o.data)) return null
  const alpha = G.parse(o.alpha as string)
  const beta = G.parse(o.beta as string)
  if (alpha === null || beta === null) return null
  const m = { alpha, beta, data: o.data }
  return encryptedMsgText(G, m) === text ? m : null
}

/** ElGamal to `ek` of a fresh g^s, and AES-CCM of the text under SHA256("key|" g^s), IV SHA256("iv|" alpha). */
export function encryptTo<P>(G: Group<P>, ek: P, plaintext: string, rnd: ScalarSource = randomScalar): string {
  const r = rnd()
  const s = rnd()
  const shared = G.baseMul(s)
  const alpha = G.baseMul(r)
  const beta = G.add(G.mul(ek, r), shared)
  const sealed = ccmEncrypt(symmetricKey(G, shared), symmetricIv(G, alpha), UTF8.encode(plaintext))
  return encryptedMsgText(G, { alpha, beta, data: toHex(sealed) })
}

/** The shared point beta / alpha^dk (what the decryption key opens; an accusation reveals it with a proof). */
export function sharedPoint<P>(G: Group<P>, dk: bigint, m: EncryptedMsg<P>): P {
  return G.sub(m.beta, G.mul(m.alpha, dk))
}

/** Decrypt with the shared point; null when the tag does not match or the plaintext is not UTF-8. */
export function decryptWithShared<P>(G: Group<P>, shared: P, m: EncryptedMsg<P>): string | null {
  const out = ccmDecrypt(symmetricKey(G, shared), symmetricIv(G, m.alpha), fromHex(m.data))
  if (out === null) return null
  try {
    return UTF8_STRICT.decode(out)
  } catch {
    return null
  }
}

// ---- channels -----------------------------------------------------------------------------------------------------

/** send(sk, recipient, message): the `channel_msg`, signed, serialised, encrypted to the recipient. */
export function channelSend<P>(G: Group<P>, sk: bigint, recipient: P, message: string, rnd?: ScalarSource): string {
  const channel = `{"recipient":"${G.toString(recipient)}","message":${jstr(message)}}`
  return encryptTo(G, recipient, signedMsgText(sign(G, sk, channel, rnd)), rnd)
}

export type ChannelFailure = 'malformed' | 'undecryptable' | 'bad-signature' | 'wrong-recipient'
export type ChannelResult = { ok: true; message: string } | { ok: false; failure: ChannelFailure }

/** Open a decrypted channel text: a signed `channel_msg` by `senderVk`, addressed to `recipientEk`. */
export function openChannelPlaintext<P>(G: Group<P>, plaintext: string, senderVk: P, recipientEk: P): ChannelResult {
  const signed = parseSignedMsg(plaintext)
  if (signed === null) return { ok: false, failure: 'malformed' }
  if (!verifySignature(G, senderVk, signed)) return { ok: false, failure: 'bad-signature' }
  const o = parseObject(signed.message)
  if (o === null || Object.keys(o).length !== 2 || typeof o.message !== 'string') return { ok: false, failure: 'malformed' }
  const recipient = G.parse(o.recipient as string)
  if (recipient === null || `{"recipient":"${G.toString(recipient)}","message":${jstr(o.message)}}` !== signed.message) {
    return { ok: false, failure: 'malformed' }
  }
  if (!G.equals(recipient, recipientEk)) return { ok: false, failure: 'wrong-recipient' }
  return { ok: true, message: o.message }
}

/** recv(dk, vk, text): decrypt with dk, check the sender's signature and that the recipient is g^dk. */
export function channelRecv<P>(G: Group<P>, dk: bigint, senderVk: P, text: unknown): ChannelResult {
  const m = parseEncryptedMsg(G, text)
  if (m === null) return { ok: false, failure: 'malformed' }
  const plaintext = decryptWithShared(G, sharedPoint(G, dk, m), m)
  if (plaintext === null) return { ok: false, failure: 'undecryptable' }
  return openChannelPlaintext(G, plaintext, senderVk, G.baseMul(dk))
}
