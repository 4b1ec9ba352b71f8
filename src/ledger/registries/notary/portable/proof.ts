/**
 * The proof of a notarized document, in its two forms (docs/adr/0016):
 * - compact, for the QR code: `DJ1:` + base45 of canonical CBOR `[1, encodeProof(p), batch]`, where `p` is the
 *   registering transaction's inclusion proof with a commit trimmed to just over 2/3 of the power, and `batch` is
 *   null or `[leaf, index, path]` (the document's leaf in its batch and its audit path to the batch root);
 * - the bundle, for the file attached to the certificate and the API: the same in JSON, the full commit, and the
 *   issuer's credential grant with its own inclusion proof (docs/adr/0017).
 * Portable.
 */
import { z } from 'zod'
import { DaejangError } from '../../../../shared/errors'
import { fromHex, toHex } from '../../../codec/bytes'
import { MAX_QR_CHARS as MAX_QR, NOTARY_V1_PREFIX, QrError, qrText, readQrEnvelope } from '../../../verify/qr'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../../codec/canonical'
import { quorumCommit } from '../../../verify/checkpoint'
import { sha256 } from '../../../crypto/sha256'
import { type InclusionProof, type ProofJson, decodeProof, encodeProof, proofFromJson, proofToJson } from '../../../proofs/proof'
import { decodeTx } from '../../../types/tx'
import type { BatchMembership } from './batch'
import {
  type BatchDocument,
  BatchDocumentSchema,
  BatchSchema,
  LEAF_TAG,
  RegisterSchema,
  batchDocumentNumber,
  leafBytes,
} from './schema'

export const QR_PREFIX = NOTARY_V1_PREFIX
export const COMPACT_VERSION = 1
export const BUNDLE_FORMAT = 'daejang-notary-bundle/1'
export const MAX_QR_CHARS = MAX_QR

export interface NotaryProof {
  /** inclusion proof of the registering transaction (notary.register or notary.batch.register) */
  proof: InclusionProof
  /** for a batch document: its leaf and audit path to the batch root */
  batch: BatchMembership | null
}

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

// ---- compact form ----

export function encodeNotaryProof(p: NotaryProof): Uint8Array {
  const batch = p.batch ? [p.batch.leaf, p.batch.index, p.batch.path] : null
  return encodeCanonical([COMPACT_VERSION, encodeProof(p.proof), batch])
}

export function decodeNotaryProof(bytes: Uint8Array): NotaryProof {
  let v: Canonical
  try {
    v = decodeCanonical(bytes)
  } catch (e) {
    throw invalid('the proof is not canonical CBOR: ' + (e as Error).message)
  }
  if (!Array.isArray(v) || v.length !== 3 || v[0] !== COMPACT_VERSION || !(v[1] instanceof Uint8Array)) {
    throw invalid(`not a version ${COMPACT_VERSION} notary proof`)
  }
  let proof: InclusionProof
  try {
    proof = decodeProof(v[1])
  } catch (e) {
    throw invalid('inclusion proof: ' + (e as Error).message)
  }
  const b = v[2]
  if (b === null) return { proof, batch: null }
  if (
    !Array.isArray(b) ||
    b.length !== 3 ||
    !(b[0] instanceof Uint8Array) ||
    typeof b[1] !== 'number' ||
    !Array.isArray(b[2]) ||
    b[2].length > 64 ||
    !b[2].every((x) => x instanceof Uint8Array && x.length === 32)
  ) {
    throw invalid('batch membership fields have the wrong types')
  }
  return { proof, batch: { leaf: b[0], index: b[1], path: b[2] as Uint8Array[] } }
}

/** The QR text: the notary's format 1 is printed as `DJ1:` + base45 (src/ledger/verify/qr.ts). */
export function toQrText(p: NotaryProof): string {
  return qrText('notary', COMPACT_VERSION, encodeNotaryProof(p))
}

/**
 * Parse what a scanner read (surrounding whitespace ignored; the prefix in any case). A QR text of another registry
 * or a newer format is refused with its reason (QrError).
 */
export function fromQrText(text: string): NotaryProof {
  const env = readQrEnvelope(text)
  if (env.registry !== 'notary') {
    throw new QrError('unknown-registry', `this QR code is a record of the ${env.registry} registry, not a notarized document`)
  }
  if (env.format !== COMPACT_VERSION) {
    throw new QrError('unknown-format', `format ${env.format} of notary certificates is not known to this verifier`)
  }
  return decodeNotaryProof(env.bytes)
}

/** The commit trimmed to just over 2/3 of the power (verify/checkpoint.ts). */
export { quorumCommit }

// ---- the record a proof is about ----

/** A registered document as its proof states it (the chain's record as of the registering block). */
export interface ProvenRecord {
  number: string
  kind: 'single' | 'batch'
  batch: { number: string; index: number; count: number; root: string } | null
  agency: string
  act: string
  date: string
  issuingAuthority: string
  signerName: string
  signerCapacity: string
  documentHash: string
  documentType: string
  holder: string | null
  language: string | null
  /** the notary's key: the transaction signer */
  notary: string
  txType: string
  /** the registering transaction's hash (hex) */
  txHash: string
  height: number
  blockTime: number
}

/** A batch leaf's document (its shapes checked). */
export function decodeLeaf(leaf: Uint8Array): BatchDocument {
  const v = decodeCanonical(leaf)
  if (!Array.isArray(v) || v.length !== 6 || v[0] !== LEAF_TAG) throw invalid('not a notary batch leaf')
  const [, number, hash, documentType, holder, language] = v
  if (!(hash instanceof Uint8Array) || hash.length !== 32) throw invalid('batch leaf: the document hash is 32 bytes')
  const r = BatchDocumentSchema.safeParse({
    number,
    documentHash: toHex(hash),
    documentType,
    ...(holder !== null ? { holder } : {}),
    ...(language !== null ? { language } : {}),
  })
  if (!r.success) throw invalid('batch leaf: ' + (r.error.issues[0]?.message ?? 'invalid'))
  return r.data
}

/**
 * The record stated by the registering transaction (and, for a batch, by the leaf). Checks the shapes and that a
 * leaf's number is the one its index gives; whether the proof verifies is verifyProof's business.
 */
export function provenRecord(p: NotaryProof): ProvenRecord {
  const tx = decodeTx(p.proof.tx)
  const common = {
    notary: toHex(tx.signer),
    txType: tx.type,
    txHash: toHex(sha256(p.proof.tx)),
    height: p.proof.header.height,
    blockTime: p.proof.header.time,
  }
  if (tx.type === 'notary.register') {
    const r = RegisterSchema.safeParse(tx.payload)
    if (!r.success || p.batch) throw invalid('not a single notary registration')
    const d = r.data
    return {
      ...d,
      holder: d.holder ?? null,
      language: d.language ?? null,
      kind: 'single',
      batch: null,
      ...common,
    }
  }
  if (tx.type === 'notary.batch.register') {
    const r = BatchSchema.safeParse(tx.payload)
    if (!r.success || !p.batch) throw invalid('not a batch notary registration with a document')
    const b = r.data
    const leaf = decodeLeaf(p.batch.leaf)
    if (!Number.isSafeInteger(p.batch.index) || p.batch.index < 0 || p.batch.index >= b.count) {
      throw invalid('the document index is outside the batch')
    }
    if (leaf.number !== batchDocumentNumber(b.number, p.batch.index, b.count)) {
      throw invalid(`the leaf is numbered ${leaf.number}, not as document ${p.batch.index + 1} of ${b.number}`)
    }
    return {
      number: leaf.number,
      kind: 'batch',
      batch: { number: b.number, index: p.batch.index, count: b.count, root: b.root },
      agency: b.agency,
      act: b.act,
      date: b.date,
      issuingAuthority: b.issuingAuthority,
      signerName: b.signerName,
      signerCapacity: b.signerCapacity,
      documentHash: leaf.documentHash,
      documentType: leaf.documentType,
      holder: leaf.holder ?? null,
      language: leaf.language ?? null,
      ...common,
    }
  }
  throw invalid(`a ${tx.type} transaction registers no document`)
}

// ---- the bundle (JSON) ----

export interface NotaryBundleJson {
  format: typeof BUNDLE_FORMAT
  number: string
  /** the compact proof, exactly as in the QR code */
  qr: string
  proof: ProofJson
  batch: { document: BatchDocument; index: number; path: string[] } | null
  /** the grant of the notary's credential, with its inclusion proof (null when not known) */
  issuer: { grant: ProofJson } | null
  /** the issuing node's view when the bundle was made: informative only, never trusted by a verifier */
  status: { status: string; reason: string | null; time: number | null; asOfHeight: number } | null
}

export function bundleFromParts(
  p: NotaryProof,
  o: { qrProof: NotaryProof; grant: InclusionProof | null; status: NotaryBundleJson['status'] },
): NotaryBundleJson {
  const rec = provenRecord(p)
  return {
    format: BUNDLE_FORMAT,
    number: rec.number,
    qr: toQrText(o.qrProof),
    proof: proofToJson(p.proof),
    batch: p.batch
      ? { document: decodeLeaf(p.batch.leaf), index: p.batch.index, path: p.batch.path.map(toHex) }
      : null,
    issuer: o.grant ? { grant: proofToJson(o.grant) } : null,
    status: o.status,
  }
}

const hex32 = z.string().regex(/^[0-9a-f]{64}$/)
const BundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  number: z.string().max(80),
  qr: z.string().max(MAX_QR_CHARS + 8),
  proof: z.unknown(),
  batch: z
    .object({ document: BatchDocumentSchema, index: z.number().int().min(0), path: z.array(hex32).max(64) })
    .nullable(),
  issuer: z.object({ grant: z.unknown() }).nullable(),
  status: z.unknown(),
})

export interface ParsedBundle {
  proof: NotaryProof
  grant: InclusionProof | null
}

/** Parse a bundle; the redundant fields (number, qr, status) are not trusted. */
export function bundleFromJson(input: unknown): ParsedBundle {
  const r = BundleSchema.safeParse(input)
  if (!r.success) {
    const i = r.error.issues[0]
    throw invalid(`proof bundle ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  const b = r.data
  const wrap = (x: unknown): InclusionProof => {
    try {
      return proofFromJson(x)
    } catch (e) {
      throw invalid((e as Error).message)
    }
  }
  return {
    proof: {
      proof: wrap(b.proof),
      batch: b.batch ? { leaf: leafBytes(b.batch.document), index: b.batch.index, path: b.batch.path.map(fromHex) } : null,
    },
    grant: b.issuer ? wrap(b.issuer.grant) : null,
  }
}
