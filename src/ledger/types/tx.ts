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
/** A co-signed transaction (docs/adr/0020): version 1 plus named co-signers, each signing the same sign bytes. */
export const TX_VERSION_COSIGNED = 2
/** Domain tag for what a transaction signature covers. */
export const TX_SIGN_TAG = 'daejang/tx/v1'
/** Domain tag of a co-signed transaction's sign bytes: a v1 signature can never be taken for a v2 one. */
export const TX_SIGN_TAG_COSIGNED = 'daejang/tx/v2'
/** most co-signers one transaction may name */
export const MAX_COSIGNERS = 16
/**
 * The oldest a co-signed (version 2) transaction may be when it is admitted or executed: its time at least this long
 * before the node's clock (admission) or the block's time (execution), docs/adr/0020. A partly signed act that is not
 * completed within it can no longer be; a single-signer transaction has no such bound (its signer sends it at once).
 */
export const MAX_ACT_AGE_MS = 7 * 86_400_000

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
  /**
   * Co-signers (version 2 only, never empty there): further keys, each signing the same sign bytes as the signer. The
   * keys are part of the sign bytes, so every party signs for the same set of parties; the signatures are not.
   */
  cosigners?: Cosignature[]
}

export interface Cosignature {
  key: Uint8Array
  sig: Uint8Array
}

/** What the sign bytes cover: everything but the signatures (co-signers by key only). */
export type UnsignedTx = Omit<Tx, 'sig' | 'cosigners'> & { cosigners?: ReadonlyArray<{ key: Uint8Array }> }

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
  /** version 2: the co-signers, in the order they were named */
  cosigners?: Array<{ key: string; sig: string }>
}

/**
 * An act: a transaction whose signatures may still be missing (null), passed between the parties that sign it as a
 * file or a QR code (docs/adr/0020). A node refuses one with a signature missing (MISSING_SIGNATURE).
 */
export interface ActJson extends Omit<TxJson, 'sig' | 'cosigners'> {
  sig: string | null
  cosigners?: Array<{ key: string; sig: string | null }>
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

/**
 * The JSON form of a transaction or of an act (signatures may be null: parseTxJson then refuses it with
 * MISSING_SIGNATURE, naming whose signature is missing, rather than a schema error).
 */
export const TxJsonSchema = z
  .object({
    v: z.union([z.literal(TX_VERSION), z.literal(TX_VERSION_COSIGNED)]),
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
    sig: hexBytes(SIGNATURE_BYTES, 'sig').nullable(),
    cosigners: z
      .array(z.object({ key: hexBytes(PUBLIC_KEY_BYTES, 'co-signer key'), sig: hexBytes(SIGNATURE_BYTES, 'co-signer sig').nullable() }).strict())
      .min(1)
      .max(MAX_COSIGNERS)
      .optional(),
  })
  .strict()
  .refine((t) => (t.v === TX_VERSION_COSIGNED) === (t.cosigners !== undefined), {
    message: 'a version 2 transaction names its co-signers; a version 1 transaction has none',
    path: ['cosigners'],
  })
  .refine((t) => new Set([t.signer, ...(t.cosigners ?? []).map((c) => c.key)]).size === 1 + (t.cosigners?.length ?? 0), {
    message: 'each party signs once: the co-signers are distinct keys, none of them the signer',
    path: ['cosigners'],
  })

/** The keys (hex) whose signatures an act still lacks: the signer first, then the co-signers in order. */
export function missingSignatures(a: ActJson): string[] {
  const out: string[] = []
  if (!a.sig) out.push(a.signer)
  for (const c of a.cosigners ?? []) if (!c.sig) out.push(c.key)
  return out
}

export function txFromJson(j: TxJson): Tx {
  const t: Tx = {
    v: j.v,
    chainId: j.chainId,
    type: j.type,
    payload: j.payload,
    signer: fromHex(j.signer),
    nonce: j.nonce,
    time: j.time,
    sig: fromHex(j.sig),
  }
  if (j.cosigners) t.cosigners = j.cosigners.map((c) => ({ key: fromHex(c.key), sig: fromHex(c.sig) }))
  return t
}

export function txToJson(t: Tx): TxJson {
  const j: TxJson = {
    v: t.v,
    chainId: t.chainId,
    type: t.type,
    payload: t.payload,
    signer: toHex(t.signer),
    nonce: t.nonce,
    time: t.time,
    sig: toHex(t.sig),
  }
  if (t.cosigners) j.cosigners = t.cosigners.map((c) => ({ key: toHex(c.key), sig: toHex(c.sig) }))
  return j
}

/** Parse anything (already JSON-parsed) into a Tx, or throw SCHEMA_INVALID with the first problem. */
export function parseTxJson(input: unknown): Tx {
  const r = TxJsonSchema.safeParse(input)
  if (!r.success) {
    const issue = r.error.issues[0]
    const where = issue && issue.path.length ? issue.path.join('.') + ': ' : ''
    throw new DaejangError('SCHEMA_INVALID', `transaction ${where}${issue?.message ?? 'invalid'}`)
  }
  const missing = missingSignatures(r.data as ActJson)
  if (missing.length > 0) {
    throw new DaejangError(
      'MISSING_SIGNATURE',
      `the act still needs the signature of ${missing.map((k) => k.slice(0, 12) + '…').join(', ')}`,
      { missing },
    )
  }
  return txFromJson(r.data as TxJson)
}

/** The items the sign bytes encode: v1 as it always was; v2 with its own tag and the co-signers' keys last. */
function signItems(t: UnsignedTx): Canonical[] {
  const head = [t.v === TX_VERSION_COSIGNED ? TX_SIGN_TAG_COSIGNED : TX_SIGN_TAG, t.v, t.chainId, t.type, t.payload as Canonical, t.signer, t.nonce, t.time]
  return t.v === TX_VERSION_COSIGNED ? [...head, (t.cosigners ?? []).map((c) => c.key)] : head
}

function txItems(t: Tx): Canonical[] {
  const base = [t.v, t.chainId, t.type, t.payload as Canonical, t.signer, t.nonce, t.time, t.sig]
  return t.cosigners === undefined ? base : [...base, t.cosigners.map((c) => [c.key, c.sig])]
}

export function txSignBytes(t: UnsignedTx): Uint8Array {
  return encodeCanonical(signItems(t))
}

export function encodeTx(t: Tx): Uint8Array {
  if ((t.v === TX_VERSION && t.cosigners !== undefined) || (t.v === TX_VERSION_COSIGNED && t.cosigners === undefined)) {
    throw new DaejangError('SCHEMA_INVALID', 'a version 2 transaction names its co-signers; a version 1 transaction has none')
  }
  return encodeCanonical(txItems(t))
}

/** Sign bytes of an already-decoded (hence checked) transaction, without re-checking the value model. */
export function txSignBytesTrusted(t: UnsignedTx): Uint8Array {
  return encodeTrusted(signItems(t))
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
  if (t.v !== TX_VERSION || bytes[0] !== ARRAY_OF_8 || n < 1 + SIG_ITEM_BYTES || bytes[n - SIG_ITEM_BYTES] !== SIG_HEAD[0] || bytes[n - SIG_ITEM_BYTES + 1] !== SIG_HEAD[1]) {
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
  if (!Array.isArray(v) || (v.length !== 8 && v.length !== 9)) throw new DaejangError('NON_CANONICAL', 'a transaction is an array of 8 (or 9, co-signed)')
  const [ver, chainId, type, payload, signer, nonce, time, sig, cos] = v
  if (ver !== TX_VERSION && ver !== TX_VERSION_COSIGNED) throw new DaejangError('UNSUPPORTED_VERSION', `transaction version ${String(ver)}`)
  if ((ver === TX_VERSION) !== (v.length === 8)) throw new DaejangError('NON_CANONICAL', `a version ${ver} transaction has the wrong number of items`)
  const cosigners = ver === TX_VERSION_COSIGNED ? decodeCosigners(cos, signer) : undefined
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
  const t: Tx = { v: ver, chainId, type, payload: payload as JsonValue, signer: signer as Uint8Array, nonce, time, sig }
  if (cosigners) t.cosigners = cosigners
  return t
}

function decodeCosigners(v: Canonical | undefined, signer: Canonical | undefined): Cosignature[] {
  const bad = (): never => {
    throw new DaejangError('SCHEMA_INVALID', `co-signers: 1 to ${MAX_COSIGNERS} distinct pairs of key and signature, none the signer's key`)
  }
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_COSIGNERS) return bad()
  const seen = new Set<string>([signer instanceof Uint8Array ? toHex(signer) : ''])
  return v.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) return bad()
    const [key, sig] = pair
    if (!(key instanceof Uint8Array) || key.length !== PUBLIC_KEY_BYTES || !(sig instanceof Uint8Array) || sig.length !== SIGNATURE_BYTES) return bad()
    const hex = toHex(key)
    if (seen.has(hex)) return bad()
    seen.add(hex)
    return { key, sig }
  })
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
  if (unsigned.cosigners) throw new Error('a co-signed transaction is signed as an act (signAct)')
  if (toHex(unsigned.signer) !== toHex(signer.publicKey)) throw new Error('signer key does not match the transaction')
  return { ...unsigned, sig: signer.sign(txSignBytes(unsigned)) } as Tx
}

/** The sign bytes of an act (the same for the signer and every co-signer). */
export function actSignBytes(a: ActJson): Uint8Array {
  return txSignBytes({
    v: a.v,
    chainId: a.chainId,
    type: a.type,
    payload: a.payload,
    signer: fromHex(a.signer),
    nonce: a.nonce,
    time: a.time,
    ...(a.cosigners ? { cosigners: a.cosigners.map((c) => ({ key: fromHex(c.key) })) } : {}),
  })
}

/**
 * An unsigned act: a transaction to be signed by `signer` and by each of `cosigners` (hex keys), possibly on
 * different machines. Without co-signers it is a plain version 1 transaction waiting for its one signature.
 */
export function makeAct(fields: {
  chainId: string
  type: string
  payload: JsonValue
  signer: string
  nonce: number
  time?: number
  cosigners?: readonly string[]
}): ActJson {
  const cos = fields.cosigners ?? []
  const a: ActJson = {
    v: cos.length > 0 ? TX_VERSION_COSIGNED : TX_VERSION,
    chainId: fields.chainId,
    type: fields.type,
    payload: fields.payload,
    signer: fields.signer,
    nonce: fields.nonce,
    time: fields.time ?? Date.now(),
    sig: null,
  }
  if (cos.length > 0) a.cosigners = cos.map((key) => ({ key, sig: null }))
  const r = TxJsonSchema.safeParse(a)
  if (!r.success) throw new DaejangError('SCHEMA_INVALID', `act: ${r.error.issues[0]?.message ?? 'invalid'}`)
  return a
}

/**
 * Add `signer`'s signature to an act, as its signer or as one of its named co-signers (a key the act does not name
 * cannot sign it: the parties are fixed when the act is made). Returns a new act; the one given is not changed.
 */
export function signAct(a: ActJson, signer: Signer): ActJson {
  const r = TxJsonSchema.safeParse(a)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new DaejangError('SCHEMA_INVALID', `act ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  const pk = toHex(signer.publicKey)
  const sig = toHex(signer.sign(actSignBytes(a)))
  if (a.signer === pk) return { ...a, sig }
  if (!a.cosigners?.some((c) => c.key === pk)) {
    throw new DaejangError('UNAUTHORIZED_ROLE', `this act does not name the key ${pk.slice(0, 12)}… as a party`)
  }
  return { ...a, cosigners: a.cosigners.map((c) => (c.key === pk ? { key: pk, sig } : c)) }
}

/** How far ahead of the clock an act we are asked to sign may be dated or numbered (its time; the signer's nonce). */
export const ACT_SIGN_AHEAD_MS = 3_600_000

/** What a party checks before signing an act it did not make (`actGuard`). */
export interface ActSigningContext {
  /** the key about to sign */
  key: string
  /** our chain */
  chainId: string
  /** the highest nonce this key has used, when the node could be asked (null offline) */
  lastNonce: number | null
  now: number
}

/**
 * Refuse to sign an act made elsewhere that would harm the signing key (docs/adr/0020): another chain's (WRONG_CHAIN);
 * dated too far ahead (TX_FROM_FUTURE) or too old to be admitted (ACT_EXPIRED); and, when the key is the act's signer,
 * a nonce already used (NONCE_REPLAYED) or far ahead of the clock (NONCE_AHEAD: signing it would spend every later
 * nonce up to it, and at the top of the range every later transaction of the key would fail). The payload is checked
 * by the caller against its type's schema, which this portable module does not know.
 */
export function actGuard(a: ActJson, c: ActSigningContext): void {
  if (a.chainId !== c.chainId) throw new DaejangError('WRONG_CHAIN', `the act is for chain "${a.chainId}", this is "${c.chainId}"`)
  if (a.time > c.now + ACT_SIGN_AHEAD_MS) throw new DaejangError('TX_FROM_FUTURE', `the act is dated ${new Date(a.time).toISOString()}, ahead of this clock`)
  if (a.time < c.now - MAX_ACT_AGE_MS) throw new DaejangError('ACT_EXPIRED', `the act is dated ${new Date(a.time).toISOString()}, more than ${MAX_ACT_AGE_MS / 86_400_000} days ago`)
  if (a.signer !== c.key) return
  if (c.lastNonce !== null && a.nonce <= c.lastNonce) throw new DaejangError('NONCE_REPLAYED', `nonce ${a.nonce} is not above this key's last nonce ${c.lastNonce}`)
  const limit = Math.max(c.now, (c.lastNonce ?? 0) + 1) + ACT_SIGN_AHEAD_MS
  if (a.nonce > limit) throw new DaejangError('NONCE_AHEAD', `nonce ${a.nonce} is beyond ${limit}: signing it would use up this key's nonces`)
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
