/**
 * The land extract's formats (docs/adr/0036). Portable.
 * - the QR code, `DJ:LAND/1:` + base45 of canonical CBOR `[checkpoint, number, view, proofHash]`: the block's header
 *   and commit compacted against the trust list (verify/checkpoint.ts; the header gives the height and the state root),
 *   the register's number, the view (0 full, 1 current) and the SHA-256 of the range proof's canonical bytes — never
 *   the entries (a register of 10 entries is ~4 KB), so the code stays small whatever the register's length;
 * - the bundle attached to the PDF (`daejang-land-extract/1`): the QR text, the certified range proof of the
 *   register's whole group with the trust steps (ADR 0028), and the text the extract prints, which the verifier
 *   derives again from the proof and compares;
 * - a range proof of the register (`daejang-land-range/1`): its group as of a later block, from any node or a file,
 *   to tell whether an extract is still current.
 */
import { z } from 'zod'
import { DaejangError } from '../../../../shared/errors'
import { equalBytes, toHex } from '../../../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../../codec/canonical'
import { sha256 } from '../../../crypto/sha256'
import { type CertifiedState, certifiedStateFromJson, certifiedStateToJson } from '../../../proofs/certified-state'
import type { TrustList } from '../../../proofs/proof'
import { encodeStateProof } from '../../../proofs/state-proof'
import { type Header, type Validator, blockHash } from '../../../types/block'
import { compactCheckpoint, expandCheckpoint } from '../../../verify/checkpoint'
import { qrText } from '../../../verify/qr'
import type { ExtractText, ExtractView } from './verify-model'

export const LAND_REGISTRY = 'land'
export const EXTRACT_FORMAT = 1
export const EXTRACT_BUNDLE_FORMAT = 'daejang-land-extract/1'
export const RANGE_PROOF_FORMAT = 'daejang-land-range/1'
/** The bundle's name inside an extract PDF. */
export const EXTRACT_BUNDLE_FILE = 'land-extract-bundle.json'
/** The largest bundle read (a register of hundreds of entries is well under it). */
export const MAX_EXTRACT_BUNDLE_BYTES = 4 << 20

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

/** What the QR code states: the checkpoint, the register, the view, and the range proof's hash. */
export interface ExtractDigest {
  header: Header
  commit: CertifiedState['commit']
  number: string
  view: ExtractView
  proofHash: string
}

/** The SHA-256 (hex) of a range proof's canonical bytes: what the QR code binds the bundle's proof by. */
export function rangeProofHash(state: CertifiedState): string {
  return toHex(sha256(encodeStateProof(state.proof)))
}

const NUMBER = /^\d{4}-\d{4}-\d{6}$/

export function encodeExtractDigest(state: CertifiedState, number: string, view: ExtractView, set: readonly Validator[]): Uint8Array {
  return encodeCanonical([compactCheckpoint(state.header, state.commit, set), number, view === 'current' ? 1 : 0, sha256(encodeStateProof(state.proof))])
}

export function extractQrText(state: CertifiedState, number: string, view: ExtractView, set: readonly Validator[]): string {
  return qrText(LAND_REGISTRY, EXTRACT_FORMAT, encodeExtractDigest(state, number, view, set))
}

/** The QR code's digest, completed from the trust list (its chain id and the block's validator set). */
export function decodeExtractDigest(bytes: Uint8Array, trust: TrustList): ExtractDigest {
  let v: Canonical
  try {
    v = decodeCanonical(bytes)
  } catch (e) {
    throw invalid('the QR code is not canonical CBOR: ' + (e as Error).message)
  }
  if (!Array.isArray(v) || v.length !== 4) throw invalid('not a land extract QR code')
  const [cp, number, view, hash] = v
  if (typeof number !== 'string' || !NUMBER.test(number)) throw invalid('the QR code names no register number')
  if (view !== 0 && view !== 1) throw invalid('the QR code names no view')
  if (!(hash instanceof Uint8Array) || hash.length !== 32) throw invalid('the QR code carries no proof hash')
  const { header, commit } = expandCheckpoint(cp!, trust)
  return { header, commit, number, view: view === 1 ? 'current' : 'full', proofHash: toHex(hash) }
}

/** Whether a QR digest is the one of this bundle's proof: the same block, register, view and range proof. */
export function digestMatches(d: ExtractDigest, state: CertifiedState, number: string, view: ExtractView): string | null {
  if (d.number !== number) return `the QR code is of register ${d.number}, the extract of ${number}`
  if (d.view !== view) return 'the QR code is of the other kind of extract'
  if (!equalBytes(blockHash(d.header), blockHash(state.header))) return `the QR code is of block ${d.header.height}, the proof of block ${state.header.height}`
  if (d.proofHash !== rangeProofHash(state)) return "the QR code's proof hash is not that of the attached proof"
  return null
}

// ------------------------------------------------------------------------------------------------ bundle

const RowSchema = z
  .object({
    rank: z.string().max(16),
    purpose: z.string().max(300),
    receipt: z.string().max(100),
    cause: z.string().max(200),
    details: z.array(z.string().max(2000)).max(200),
    struck: z.boolean(),
    cancelledBy: z.string().max(16).nullable(),
  })
  .strict()
const TextSchema = z
  .object({
    number: z.string().max(40),
    view: z.enum(['full', 'current']),
    lang: z.enum(['ko', 'en']),
    height: z.number().int().min(0),
    head: z.array(z.tuple([z.string().max(100), z.string().max(2000)])).max(40),
    sections: z.object({ A: z.array(RowSchema).max(5000), B: z.array(RowSchema).max(5000) }).strict(),
  })
  .strict()

export interface ExtractBundleJson {
  format: typeof EXTRACT_BUNDLE_FORMAT
  number: string
  view: ExtractView
  lang: 'ko' | 'en'
  /** when the node issued it (its clock, ms): printed, not proven */
  issuedAt: number
  /** the QR code's text, as printed */
  qr: string
  /** the certified range proof of the register's group (daejang-state-proof/1), with the trust steps */
  state: unknown
  /** what the extract prints: derived again from the proof by the verifier */
  text: ExtractText
}

/** An extract read from its bundle: the proof, the text printed and the QR text. */
export interface ExtractEvidence {
  number: string
  view: ExtractView
  lang: 'ko' | 'en'
  issuedAt: number
  qr: string | null
  state: CertifiedState
  text: ExtractText
}

export function bundleToJson(e: ExtractEvidence & { qr: string }): ExtractBundleJson {
  return {
    format: EXTRACT_BUNDLE_FORMAT,
    number: e.number,
    view: e.view,
    lang: e.lang,
    issuedAt: e.issuedAt,
    qr: e.qr,
    state: certifiedStateToJson(e.state),
    text: e.text,
  }
}

function parseState(x: unknown): CertifiedState {
  try {
    return certifiedStateFromJson(x)
  } catch (e) {
    throw invalid('certified state: ' + (e as Error).message)
  }
}

export const isExtractBundleJson = (x: unknown): boolean =>
  typeof x === 'object' && x !== null && (x as { format?: unknown }).format === EXTRACT_BUNDLE_FORMAT

export function bundleFromJson(input: unknown): ExtractEvidence {
  const r = z
    .object({
      format: z.literal(EXTRACT_BUNDLE_FORMAT),
      number: z.string().regex(NUMBER),
      view: z.enum(['full', 'current']),
      lang: z.enum(['ko', 'en']),
      issuedAt: z.number().int().min(0),
      qr: z.string().max(4000),
      state: z.unknown(),
      text: TextSchema,
    })
    .strict()
    .safeParse(input)
  if (!r.success) throw invalid(`land extract bundle ${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? 'invalid'}`)
  const b = r.data
  return { number: b.number, view: b.view, lang: b.lang, issuedAt: b.issuedAt, qr: b.qr, state: parseState(b.state), text: b.text }
}

// ------------------------------------------------------------------------------------------------ range proof

export interface RangeProofJson {
  format: typeof RANGE_PROOF_FORMAT
  number: string
  state: unknown
}

/** A register's range proof read from JSON (its own, or an extract bundle's): verified by the status check. */
export interface LaterRange {
  number: string
  state: CertifiedState
}

export function rangeProofToJson(number: string, state: CertifiedState): RangeProofJson {
  return { format: RANGE_PROOF_FORMAT, number, state: certifiedStateToJson(state) }
}

/** A later proof of a register: a range proof file, or a later extract's bundle. Throws when it is neither. */
export function laterFromJson(input: unknown): LaterRange {
  if (isExtractBundleJson(input)) {
    const b = bundleFromJson(input)
    return { number: b.number, state: b.state }
  }
  const r = z.object({ format: z.literal(RANGE_PROOF_FORMAT), number: z.string().regex(NUMBER), state: z.unknown() }).safeParse(input)
  if (!r.success) throw invalid(`not a land register range proof (${RANGE_PROOF_FORMAT}) nor a land extract bundle`)
  return { number: r.data.number, state: parseState(r.data.state) }
}
