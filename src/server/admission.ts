/**
 * The admission request (docs/adr/0064): what a node that wants into a consortium hands its administrators, as a
 * file and a QR code. One versioned JSON format, `daejang-admission/1`, for both kinds:
 *
 *   - `agency`: an agency asking to be admitted (its id, name, administrator keys, the validator key and power it
 *     asks for or none), proposed by governance (`agency.admit`, docs/adr/0013);
 *   - `workstation`: a member agency's workstation node (its agency, its node key), admitted by that agency's
 *     administrator granting the node key the `workstation` role.
 *
 * Both name the chain they ask to join and the node's key and listen addresses, and are signed by every key they name
 * that asks for something (the node key; for an agency, its first administrator key and its validator key), each
 * over the canonical encoding of the request without its signatures, under a domain tag. So an administrator can tell
 * that nothing in the request was altered after the node made it. Checking is strict and bounded: at most
 * MAX_REQUEST_BYTES, JSON of the exact schema (unknown fields refused), each failure a stable code.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { DaejangError } from '../shared/errors'
import { encodeCanonical, type Canonical } from '../ledger/codec/canonical'
import { concatBytes, fromHex, toHex, utf8 } from '../ledger/codec/bytes'
import { verifyPortable, type Signer } from '../ledger/crypto/ed25519'
import { sha256 } from '../ledger/crypto/sha256'
import { AgencySchema, type Agency } from '../ledger/types/genesis'

export const ADMISSION_FORMAT = 'daejang-admission/1'
/** a request is a few hundred bytes; anything much larger is not one of ours */
export const MAX_REQUEST_BYTES = 16 * 1024
/** the QR code carries the whole request up to this many bytes, else its digest (the file goes with it) */
export const MAX_QR_BYTES = 1_800
/** the text a QR code carries when the request is too large for it: the digest of the request's file */
export const DIGEST_PREFIX = 'daejang-admission-digest/1:'
const DOMAIN = utf8('daejang-admission/1\n')
/** the request file a node made by `daejang join` keeps in its home */
export const REQUEST_FILE = 'admission-request.json'

const hexKey = z.string().regex(/^[0-9a-f]{64}$/, 'a 32-byte public key in lowercase hex')
const listen = z.array(z.string().min(1).max(256)).min(1).max(8)

const BodySchema = z.discriminatedUnion('kind', [
  z
    .object({
      format: z.literal(ADMISSION_FORMAT),
      kind: z.literal('agency'),
      chainId: z.string().min(1).max(64),
      createdAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      agency: AgencySchema,
      node: z.object({ key: hexKey, listen }).strict(),
    })
    .strict(),
  z
    .object({
      format: z.literal(ADMISSION_FORMAT),
      kind: z.literal('workstation'),
      chainId: z.string().min(1).max(64),
      createdAt: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
      /** the member agency it works for, when the request names one (its administrator grants the role) */
      workstation: z.object({ agency: z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/).nullable() }).strict(),
      node: z.object({ key: hexKey, listen }).strict(),
    })
    .strict(),
])
export type AdmissionBody = z.infer<typeof BodySchema>

const SignatureSchema = z.object({ key: hexKey, sig: z.string().regex(/^[0-9a-f]{128}$/, 'a 64-byte signature in lowercase hex') }).strict()

export type AdmissionRequest = AdmissionBody & { signatures: Array<{ key: string; sig: string }> }

export type AdmissionErrorCode =
  | 'ADMISSION_TOO_LARGE'
  | 'ADMISSION_MALFORMED'
  | 'ADMISSION_BAD_SIGNATURE'
  | 'ADMISSION_WRONG_CHAIN'
  | 'ADMISSION_AGENCY_TAKEN'
  | 'ADMISSION_KEY_TAKEN'
  | 'ADMISSION_UNKNOWN_AGENCY'

export function admissionError(code: AdmissionErrorCode, message: string): DaejangError {
  return new DaejangError(code, message)
}

function messageBytes(body: AdmissionBody): Uint8Array {
  return concatBytes(DOMAIN, encodeCanonical(body as unknown as Canonical))
}

/** The keys whose signatures a request must carry: every key it names that asks for something. */
export function requiredSigners(body: AdmissionBody): string[] {
  const keys = [body.node.key]
  if (body.kind === 'agency') {
    keys.push(body.agency.admins[0]!)
    if (body.agency.validator) keys.push(body.agency.validator.publicKey)
  }
  return [...new Set(keys)]
}

/** Make and sign a request; `signers` holds a signer for every key requiredSigners names. */
export function makeAdmissionRequest(body: AdmissionBody, signers: Signer[]): AdmissionRequest {
  const parsed = BodySchema.parse(body)
  const msg = messageBytes(parsed)
  const signatures = requiredSigners(parsed).map((key) => {
    const s = signers.find((x) => toHex(x.publicKey) === key)
    if (!s) throw new Error(`no signer for ${key}`)
    return { key, sig: toHex(s.sign(msg)) }
  })
  return { ...parsed, signatures }
}

/** The file's text: what is saved, and what the digest is taken of. */
export function requestText(r: AdmissionRequest): string {
  return JSON.stringify(r, null, 2) + '\n'
}

/** The digest that names a request (of its canonical body and signatures, so the file's spacing does not matter). */
export function requestDigest(r: AdmissionRequest): string {
  return toHex(sha256(encodeCanonical(r as unknown as Canonical)))
}

/** What the QR code carries: the request in compact JSON when it fits, else its digest (the file goes with it). */
export function requestQrText(r: AdmissionRequest): { text: string; whole: boolean } {
  const compact = JSON.stringify(r)
  if (utf8(compact).length <= MAX_QR_BYTES) return { text: compact, whole: true }
  return { text: DIGEST_PREFIX + requestDigest(r), whole: false }
}

/**
 * Read and check a request given as text (a file's content or a QR code's), offline: size, JSON, schema, every
 * signature and every required signer. Refusals: ADMISSION_TOO_LARGE, ADMISSION_MALFORMED, ADMISSION_BAD_SIGNATURE.
 */
export function parseAdmissionRequest(text: string): AdmissionRequest {
  if (typeof text !== 'string') throw admissionError('ADMISSION_MALFORMED', 'an admission request is JSON text')
  if (text.length > MAX_REQUEST_BYTES || utf8(text).length > MAX_REQUEST_BYTES) {
    throw admissionError('ADMISSION_TOO_LARGE', `an admission request has at most ${MAX_REQUEST_BYTES} bytes`)
  }
  const trimmed = text.trim()
  if (trimmed.startsWith(DIGEST_PREFIX)) {
    throw admissionError('ADMISSION_MALFORMED', 'this QR code names a request by its digest only: open the request file it came with')
  }
  let raw: unknown
  try {
    raw = JSON.parse(trimmed)
  } catch {
    throw admissionError('ADMISSION_MALFORMED', 'the admission request is not JSON')
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw admissionError('ADMISSION_MALFORMED', 'the admission request is not a JSON object')
  const { signatures, ...rest } = raw as Record<string, unknown>
  if ((raw as { format?: unknown }).format !== ADMISSION_FORMAT) {
    throw admissionError('ADMISSION_MALFORMED', `not an admission request of format ${ADMISSION_FORMAT}`)
  }
  const body = BodySchema.safeParse(rest)
  if (!body.success) {
    const i = body.error.issues[0]
    throw admissionError('ADMISSION_MALFORMED', `admission request ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  const sigs = z.array(SignatureSchema).min(1).max(8).safeParse(signatures)
  if (!sigs.success) throw admissionError('ADMISSION_BAD_SIGNATURE', 'the admission request carries no valid list of signatures')
  let msg: Uint8Array
  try {
    msg = messageBytes(body.data)
  } catch {
    throw admissionError('ADMISSION_MALFORMED', 'the admission request holds values that cannot be signed (e.g. broken text)')
  }
  const named = new Set(requiredSigners(body.data))
  const seen = new Set<string>()
  for (const s of sigs.data) {
    if (!named.has(s.key) || seen.has(s.key)) throw admissionError('ADMISSION_BAD_SIGNATURE', `a signature by a key the request does not name, or twice: ${s.key}`)
    seen.add(s.key)
    if (!verifyPortable(fromHex(s.sig), msg, fromHex(s.key))) {
      throw admissionError('ADMISSION_BAD_SIGNATURE', `the signature of ${s.key} does not verify: the request was altered after it was signed`)
    }
  }
  for (const k of named) if (!seen.has(k)) throw admissionError('ADMISSION_BAD_SIGNATURE', `the request is not signed by ${k}, a key it names`)
  return { ...body.data, signatures: sigs.data }
}

/** What the consortium knows that a request is checked against (from a node's state, or a genesis document). */
export interface ConsortiumView {
  chainId: string
  /** member agency ids (current; a removed agency's id is never reused: pass those too) */
  agencyIds: ReadonlySet<string>
  /** keys of every validator, current or scheduled (one key validates for one agency); an administrator may serve several agencies */
  keysInUse: ReadonlySet<string>
}

/** Check a request against the consortium: its chain, an agency id not taken, keys not already in use, a member agency. */
export function checkAgainst(r: AdmissionRequest, c: ConsortiumView): void {
  if (r.chainId !== c.chainId) {
    throw admissionError('ADMISSION_WRONG_CHAIN', `the request asks to join chain "${r.chainId}", not this one ("${c.chainId}")`)
  }
  if (r.kind === 'agency') {
    if (c.agencyIds.has(r.agency.id)) throw admissionError('ADMISSION_AGENCY_TAKEN', `agency id "${r.agency.id}" is taken in this consortium`)
    const used = r.agency.validator?.publicKey
    if (used && c.keysInUse.has(used)) throw admissionError('ADMISSION_KEY_TAKEN', `validator key ${used} already validates in this consortium`)
  } else {
    if (r.workstation.agency !== null && !c.agencyIds.has(r.workstation.agency)) {
      throw admissionError('ADMISSION_UNKNOWN_AGENCY', `agency "${r.workstation.agency}" is not a member of this consortium`)
    }
    if (c.keysInUse.has(r.node.key)) throw admissionError('ADMISSION_KEY_TAKEN', `key ${r.node.key} already serves in this consortium`)
  }
}

/** A request's change for `governance.proposal.submit` (an agency's) — the existing propose flow takes it from here. */
export function admitChange(r: AdmissionRequest & { kind: 'agency' }): { kind: 'agency.admit'; agency: Agency } {
  return { kind: 'agency.admit', agency: r.agency }
}

// ---- the request a home keeps ----

export function requestPath(homeDir: string): string {
  return join(homeDir, REQUEST_FILE)
}

export function writeHomeRequest(homeDir: string, r: AdmissionRequest): void {
  writeFileSync(requestPath(homeDir), requestText(r), { mode: 0o644 })
}

/** The request the home keeps, or null (a home not made by joining); a damaged file reads as its error. */
export function readHomeRequest(homeDir: string): AdmissionRequest | null {
  let text: string
  try {
    text = readFileSync(requestPath(homeDir), 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  return parseAdmissionRequest(text)
}
