/**
 * Transactions: the one unit of change. Canonical bytes are CBOR arrays (docs/adr/0002); the JSON form is what the
 * API, the CLI and the UI exchange, with hex for keys and signatures.
 */
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { fromHex, isHex, toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical, encodeTrusted } from '../codec/canonical'
import { PUBLIC_KEY_BYTES, SIGNATURE_BYTES, type Signer } from '../crypto/ed25519'
import { sha256 } from '../crypto/sha256'

export const TX_VERSION = 1
/** Domain tag for what a transaction signature covers. */
export const TX_SIGN_TAG = 'daejang/tx/v1'

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

export interface Tx {
  v: number
  chainId: string
  type: string
  payload: JsonValue
  signer: Uint8Array
  nonce: number
  /** milliseconds since the Unix epoch, as the signer's clock saw it */
  time: number
  sig: Uint8Array
}

export type UnsignedTx = Omit<Tx, 'sig'>

/** JSON form (API, CLI files, UI). */
export interface TxJson {
  v: number
  chainId: string
  type: string
  payload: JsonValue
  signer: string
  nonce: number
  time: number
  sig: string
}

/** deepest payload nesting accepted (the canonical encoder allows 32 levels for the whole transaction) */
export const MAX_PAYLOAD_DEPTH = 24

/**
 * Why `v` is not a JSON value of the transaction model (null when it is): safe integers only, plain objects, no
 * key named "__proto__" (JSON.parse keeps it as a key, but object schemas would drop it and change what was signed),
 * bounded depth. Iterative, so hostile nesting cannot exhaust the stack.
 */
export function jsonValueProblem(v: unknown): string | null {
  const stack: Array<[unknown, number]> = [[v, 0]]
  while (stack.length > 0) {
    const [x, d] = stack.pop()!
    if (d > MAX_PAYLOAD_DEPTH) return `nested deeper than ${MAX_PAYLOAD_DEPTH} levels`
    if (x === null || typeof x === 'boolean' || typeof x === 'string') continue
    if (typeof x === 'number') {
      if (!Number.isSafeInteger(x) || Object.is(x, -0)) return `numbers must be safe integers, got ${x}`
      continue
    }
    if (Array.isArray(x)) {
      for (const c of x) stack.push([c, d + 1])
      continue
    }
    if (typeof x === 'object') {
      const proto = Object.getPrototypeOf(x)
      if (proto !== Object.prototype && proto !== null) return 'only plain objects are allowed'
      for (const k of Object.keys(x)) {
        if (k === '__proto__') return 'the key "__proto__" is not allowed'
        stack.push([(x as Record<string, unknown>)[k], d + 1])
      }
      continue
    }
    return `${typeof x} is not a JSON value`
  }
  return null
}

const jsonValue = z.custom<JsonValue>((v) => jsonValueProblem(v) === null, {
  error: (issue) => `payload: ${jsonValueProblem(issue.input) ?? 'invalid'}`,
})

const hexBytes = (n: number, what: string) =>
  z.string().refine((s) => isHex(s, n), { message: `${what} must be ${n} bytes of lowercase hex` })

export const TxJsonSchema = z
  .object({
    v: z.literal(TX_VERSION),
    chainId: z.string().min(1).max(64),
    type: z
      .string()
      .min(3)
      .max(64)
      .regex(/^[a-z][a-z0-9]*(\.[a-z][a-zA-Z0-9]*)+$/, 'type must look like "registry.action"'),
    payload: jsonValue,
    signer: hexBytes(PUBLIC_KEY_BYTES, 'signer'),
    nonce: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    time: z.number().int().min(0).max(8_640_000_000_000_000),
    sig: hexBytes(SIGNATURE_BYTES, 'sig'),
  })
  .strict()

export function txFromJson(j: TxJson): Tx {
  return {
    v: j.v,
    chainId: j.chainId,
    type: j.type,
    payload: j.payload,
    signer: fromHex(j.signer),
    nonce: j.nonce,
    time: j.time,
    sig: fromHex(j.sig),
  }
}

export function txToJson(t: Tx): TxJson {
  return {
    v: t.v,
    chainId: t.chainId,
    type: t.type,
    payload: t.payload,
    signer: toHex(t.signer),
    nonce: t.nonce,
    time: t.time,
    sig: toHex(t.sig),
  }
}

/** Parse anything (already JSON-parsed) into a Tx, or throw SCHEMA_INVALID with the first problem. */
export function parseTxJson(input: unknown): Tx {
  const r = TxJsonSchema.safeParse(input)
  if (!r.success) {
    const issue = r.error.issues[0]
    const where = issue && issue.path.length ? issue.path.join('.') + ': ' : ''
    throw new DaejangError('SCHEMA_INVALID', `transaction ${where}${issue?.message ?? 'invalid'}`)
  }
  return txFromJson(r.data as TxJson)
}

export function txSignBytes(t: UnsignedTx): Uint8Array {
  return encodeCanonical([TX_SIGN_TAG, t.v, t.chainId, t.type, t.payload as Canonical, t.signer, t.nonce, t.time])
}

export function encodeTx(t: Tx): Uint8Array {
  return encodeCanonical([t.v, t.chainId, t.type, t.payload as Canonical, t.signer, t.nonce, t.time, t.sig])
}

/** Sign bytes of an already-decoded (hence checked) transaction, without re-checking the value model. */
export function txSignBytesTrusted(t: UnsignedTx): Uint8Array {
  return encodeTrusted([TX_SIGN_TAG, t.v, t.chainId, t.type, t.payload as Canonical, t.signer, t.nonce, t.time])
}

/** CBOR heads: an array of 8 items; a byte string of 64 bytes (the signature, a transaction's last item) */
const ARRAY_OF_8 = 0x88
const SIG_HEAD = [0x58, SIGNATURE_BYTES] as const
const SIG_ITEM_BYTES = SIG_HEAD.length + SIGNATURE_BYTES
let signTagEncoded: Uint8Array | null = null

/**
 * The sign bytes of a transaction, from its canonical encoding: both are arrays of 8, and the canonical encoding of
 * an array is its head followed by its items' encodings, so the sign bytes are the head, the encoded tag and the
 * transaction's items but the last (the signature). The same bytes as txSignBytes, without encoding the payload
 * again. `bytes` must be the canonical encoding of `t` (a checked transaction's); anything else takes the long way.
 */
export function txSignBytesOf(t: UnsignedTx, bytes: Uint8Array): Uint8Array {
  const n = bytes.length
  if (bytes[0] !== ARRAY_OF_8 || n < 1 + SIG_ITEM_BYTES || bytes[n - SIG_ITEM_BYTES] !== SIG_HEAD[0] || bytes[n - SIG_ITEM_BYTES + 1] !== SIG_HEAD[1]) {
    return txSignBytesTrusted(t)
  }
  const tag = (signTagEncoded ??= encodeTrusted(TX_SIGN_TAG))
  const out = new Uint8Array(n - SIG_ITEM_BYTES + tag.length)
  out[0] = ARRAY_OF_8
  out.set(tag, 1)
  out.set(bytes.subarray(1, n - SIG_ITEM_BYTES), 1 + tag.length)
  return out
}

export function decodeTx(bytes: Uint8Array): Tx {
  const v = decodeCanonical(bytes)
  if (!Array.isArray(v) || v.length !== 8) throw new DaejangError('NON_CANONICAL', 'a transaction is an array of 8')
  const [ver, chainId, type, payload, signer, nonce, time, sig] = v
  if (ver !== TX_VERSION) throw new DaejangError('UNSUPPORTED_VERSION', `transaction version ${String(ver)}`)
  if (
    typeof chainId !== 'string' ||
    typeof type !== 'string' ||
    !(signer instanceof Uint8Array) ||
    signer.length !== PUBLIC_KEY_BYTES ||
    typeof nonce !== 'number' ||
    nonce < 1 ||
    typeof time !== 'number' ||
    time < 0 ||
    !(sig instanceof Uint8Array) ||
    sig.length !== SIGNATURE_BYTES ||
    containsBytes(payload)
  ) {
    throw new DaejangError('SCHEMA_INVALID', 'transaction fields have the wrong types')
  }
  return { v: ver, chainId, type, payload: payload as JsonValue, signer, nonce, time, sig }
}

function containsBytes(v: Canonical | undefined): boolean {
  if (v instanceof Uint8Array) return true
  if (Array.isArray(v)) return v.some(containsBytes)
  if (v && typeof v === 'object') return Object.values(v).some(containsBytes)
  return false
}

export function txHash(encoded: Uint8Array): Uint8Array {
  return sha256(encoded)
}

export function signTx(unsigned: UnsignedTx, signer: Signer): Tx {
  if (toHex(unsigned.signer) !== toHex(signer.publicKey)) throw new Error('signer key does not match the transaction')
  return { ...unsigned, sig: signer.sign(txSignBytes(unsigned)) }
}

/** Build and sign a transaction in one step. */
export function makeTx(
  signer: Signer,
  fields: { chainId: string; type: string; payload: JsonValue; nonce: number; time?: number },
): Tx {
  return signTx(
    {
      v: TX_VERSION,
      chainId: fields.chainId,
      type: fields.type,
      payload: fields.payload,
      signer: signer.publicKey,
      nonce: fields.nonce,
      time: fields.time ?? Date.now(),
    },
    signer,
  )
}
