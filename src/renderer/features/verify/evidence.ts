/**
 * What a verifier hands over — the document, the certificate PDF, the QR text, a trust list — read into the inputs of
 * the portable three-check verifier (src/ledger/registries/notary/portable/verify.ts). Shared by the app's Verify screen and
 * the standalone verifier page, so it never touches the network: the app adds a node's answers (lookups, live status)
 * on top. Files are read and hashed here, in the page; they never leave the device.
 */
import { MAX_CERTIFICATE_BYTES, readAttachments } from '../../../ledger/cert/attachment'
import { isDaejangError } from '../../../shared/errors'
import { hashBlob } from '../../lib/hash-blob'
import { type TrustList, trustFromJson } from '../../../ledger/proofs/proof'
import { verifyMembership } from '../../../ledger/registries/notary/portable/batch'
import { notaryRegistryVerifier } from '../../../ledger/registries/notary/portable/evidence'
import { type StatusProof, isStatusProofJson, statusProofFromJson } from '../../../ledger/registries/notary/portable/state-cert'
import {
  type LiveFacts,
  type NotaryExtra,
  type NotaryVerification,
  NOTARY_REGISTRY,
  notaryVerifier,
} from '../../../ledger/registries/notary/portable/verify'
import { type AnyVerifier, type CertifiedRecord, verifyWith } from '../../../ledger/verify/framework'
import { QrError, certifiedFromQr } from '../../../ledger/verify/qr'

/** Name of the proof bundle attached to a certificate (registries/notary/certificate.ts, which is not portable). */
export const BUNDLE_FILE = 'proof-bundle.json'
/** A certificate is a page or two; anything much larger is not one of ours (the CLI has the same limit). */
export { MAX_CERTIFICATE_BYTES }
export const MAX_TRUST_BYTES = 1 << 20

export type EvidenceProblem =
  | 'not-pdf'
  | 'no-bundle'
  | 'bad-bundle'
  | 'bad-qr'
  | 'bad-status-proof'
  | 'unknown-registry'
  | 'unknown-format'
  | 'bad-trust'
  | 'too-large'
  | 'too-complex'
  | 'nothing'
  | 'mismatch'

/** Evidence that could not be read; `reason` picks the sentence, `detail` is the reader's own words (English). */
export class EvidenceError extends Error {
  readonly reason: EvidenceProblem
  constructor(reason: EvidenceProblem, detail: string) {
    super(detail)
    this.name = 'EvidenceError'
    this.reason = reason
  }
}

export type EvidenceSource = 'certificate' | 'qr' | 'node'

/** A notary certificate's evidence: format 1 (the registering transaction) or 2 (the record's state), from a source. */
export interface Evidence {
  certified: CertifiedRecord<NotaryExtra>
  source: EvidenceSource
}

export { hashBlob }

/** Hashes several files one after the other; progress is over all their bytes. */
export async function hashFiles(
  files: readonly Blob[],
  onProgress?: (done: number, total: number, index: number) => void,
): Promise<string[]> {
  const total = files.reduce((a, f) => a + f.size, 0)
  let before = 0
  const out: string[] = []
  for (const [i, f] of files.entries()) {
    out.push(await hashBlob(f, (done) => onProgress?.(before + done, total, i)))
    before += f.size
  }
  if (files.length === 0) onProgress?.(0, 0, 0)
  return out
}

/** The proof bundle attached to a certificate PDF. */
export async function evidenceFromCertificate(pdf: Uint8Array): Promise<Evidence> {
  if (pdf.length > MAX_CERTIFICATE_BYTES) throw new EvidenceError('too-large', `the certificate has ${pdf.length} bytes`)
  let attachments
  try {
    attachments = await readAttachments(pdf)
  } catch (e) {
    if (isDaejangError(e) && e.code === 'PDF_TOO_COMPLEX') throw new EvidenceError('too-complex', e.message)
    if (isDaejangError(e) && e.code === 'FILE_TOO_LARGE') throw new EvidenceError('too-large', e.message)
    throw new EvidenceError('not-pdf', (e as Error).message)
  }
  const att = attachments.find((a) => a.name === BUNDLE_FILE)
  if (!att) throw new EvidenceError('no-bundle', `the PDF carries no ${BUNDLE_FILE}`)
  return { ...bundleOf(new TextDecoder().decode(att.bytes)), source: 'certificate' }
}

/**
 * A certified record of another registry attached to a PDF (a land extract): the first of `verifiers` whose
 * `attachment` the PDF carries, read by its `bundle`; null when it carries none of theirs. The PDF is read by the same
 * bounded reader (its limits answer a hostile file with its code).
 */
export async function otherCertifiedOf(pdf: Uint8Array, verifiers: readonly AnyVerifier[]): Promise<CertifiedRecord | null> {
  let attachments
  try {
    attachments = await readAttachments(pdf)
  } catch (e) {
    if (isDaejangError(e) && e.code === 'PDF_TOO_COMPLEX') throw new EvidenceError('too-complex', e.message)
    if (isDaejangError(e) && e.code === 'FILE_TOO_LARGE') throw new EvidenceError('too-large', e.message)
    throw new EvidenceError('not-pdf', (e as Error).message)
  }
  for (const v of verifiers) {
    if (!v.attachment || !v.bundle || v.registry === NOTARY_REGISTRY) continue
    const att = attachments.find((a) => a.name === v.attachment)
    if (!att) continue
    try {
      return v.bundle(JSON.parse(new TextDecoder().decode(att.bytes))) as CertifiedRecord
    } catch (e) {
      throw new EvidenceError('bad-bundle', (e as Error).message)
    }
  }
  return null
}

/** A proof bundle (JSON text), as attached to a certificate or given by a node. */
export function bundleOf(text: string | unknown): { certified: CertifiedRecord<NotaryExtra> } {
  let json: unknown = text
  if (typeof text === 'string') {
    try {
      json = JSON.parse(text)
    } catch {
      throw new EvidenceError('bad-bundle', 'the proof bundle is not JSON')
    }
  }
  try {
    return { certified: notaryRegistryVerifier.bundle!(json) }
  } catch (e) {
    throw new EvidenceError('bad-bundle', (e as Error).message)
  }
}

/** A status proof file (daejang notary status-proof): checked by the status check, so it may come from any node. */
export function statusProofOf(text: string | unknown): StatusProof {
  let json: unknown = text
  if (typeof text === 'string') {
    try {
      json = JSON.parse(text)
    } catch {
      throw new EvidenceError('bad-status-proof', 'the status proof is not JSON')
    }
  }
  try {
    return statusProofFromJson(json)
  } catch (e) {
    throw new EvidenceError('bad-status-proof', (e as Error).message)
  }
}

/** Whether a JSON text is a status proof (not a trust list or a bundle). */
export function looksLikeStatusProof(text: string): boolean {
  try {
    return isStatusProofJson(JSON.parse(text))
  } catch {
    return false
  }
}

/**
 * A QR code's text as a certified record of one of `verifiers`' registries. The text names its registry and format
 * (DJ1: is the notary's format 1): one the list does not know is refused with that reason, not as unreadable.
 */
export function certifiedOfQr(text: string, verifiers: readonly AnyVerifier[], trust?: TrustList): CertifiedRecord {
  try {
    return certifiedFromQr(text, verifiers, trust)
  } catch (e) {
    const why = e instanceof QrError && (e.reason === 'unknown-registry' || e.reason === 'unknown-format') ? e.reason : 'bad-qr'
    throw new EvidenceError(why, (e as Error).message)
  }
}

/** What a scanner read from a notary certificate's QR code (refused as `certifiedOfQr` refuses, or of another registry). */
export function evidenceFromQr(text: string, verifiers: readonly AnyVerifier[] = [notaryVerifier], trust?: TrustList): Evidence {
  const c = certifiedOfQr(text, verifiers, trust)
  if (c.registry !== NOTARY_REGISTRY) throw new EvidenceError('unknown-registry', `a record of the ${c.registry} registry is not a notary certificate`)
  return { certified: c as CertifiedRecord<NotaryExtra>, source: 'qr' }
}

export function parseTrust(text: string | unknown): TrustList {
  let json: unknown = text
  if (typeof text === 'string') {
    if (text.length > MAX_TRUST_BYTES) throw new EvidenceError('too-large', 'a trust list has at most 1 MiB')
    try {
      json = JSON.parse(text)
    } catch {
      throw new EvidenceError('bad-trust', 'the trust list is not JSON')
    }
  }
  try {
    return trustFromJson(json)
  } catch (e) {
    throw new EvidenceError('bad-trust', (e as Error).message)
  }
}

/** The registering transaction and number a proof is about: two pieces of evidence must agree on both. */
export function evidenceKey(e: Evidence): { number: string; tx: string } {
  const rec = notaryVerifier.record(e.certified)
  return { number: rec.number, tx: rec.txHash }
}

/**
 * One piece of evidence out of several: the certificate's bundle first (it carries the issuer's grant), else the QR
 * code. Pieces about different records are a conflict, reported, never resolved silently.
 */
export function combineEvidence(pieces: readonly Evidence[]): Evidence {
  const first = pieces[0]
  if (!first) throw new EvidenceError('nothing', 'give a certificate, a QR text or a number')
  let key: { number: string; tx: string }
  try {
    key = evidenceKey(first)
  } catch (e) {
    throw new EvidenceError(first.source === 'qr' ? 'bad-qr' : 'bad-bundle', (e as Error).message)
  }
  for (const p of pieces.slice(1)) {
    let k: { number: string; tx: string } | null = null
    try {
      k = evidenceKey(p)
    } catch {
      k = null
    }
    // the same transaction is not enough: the documents of a batch share theirs
    if (!k || k.tx !== key.tx || k.number !== key.number) {
      throw new EvidenceError(
        'mismatch',
        `the ${first.source} is about ${key.number}, the ${p.source} about ${k ? k.number : 'an unreadable record'}`,
      )
    }
  }
  return first
}

export interface VerifyRequest {
  trust: TrustList
  evidence: Evidence
  documentHash: string | null
  live: LiveFacts | null
  /** later status proofs (files given, or the node's): each verified by the status check */
  later?: readonly StatusProof[]
}

export function verifyEvidence(r: VerifyRequest): NotaryVerification {
  return verifyWith(notaryVerifier, {
    certified: r.evidence.certified,
    trust: r.trust,
    subjectHash: r.documentHash,
    live: r.live,
    later: r.later ?? [],
  })
}

/** Whether the proof itself holds (inclusion or state proof, and for a batch document its audit path to the root). */
export function proofHolds(v: NotaryVerification, certified: CertifiedRecord<NotaryExtra>): boolean {
  if (!v.proof?.valid || !v.record) return false
  const b = v.record.batch
  return !b || !certified.extra.batch || verifyMembership(certified.extra.batch, b.count, b.root)
}
