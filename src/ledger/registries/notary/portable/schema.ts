/**
 * The notary registry's transaction payloads, records and numbers (docs/adr/0015). Portable: the verifier page and
 * the renderer parse payloads and batch leaves with this file.
 *
 * A record is registered by the document's SHA-256 (the file never goes on the ledger). Numbers are chosen by the
 * notary's client, start with the issuing agency's prefix (its id in capitals and a dash) and are unique across the
 * consortium. A batch registers one Merkle root (RFC 6962) over per-document leaves under a batch number B; its
 * documents are numbered B/00001 … B/N (the index, 1-based, padded to the width of N).
 */
import { z } from 'zod'
import { encodeCanonical } from '../../../codec/canonical'
import { fromHex, isHex } from '../../../codec/bytes'
import { calendarDate } from '../../../codec/dates'
import { agencyId } from '../../identity/portable/schema'

export const NOTARY_ROLE = 'notary'
/** domain tag of a batch leaf (short: it is in every QR code of a batch document) */
export const LEAF_TAG = 'dj/notary-leaf/1'
export const MAX_BATCH = 100_000

export const ACTS = ['apostille', 'notarization'] as const
export type Act = (typeof ACTS)[number]

export const documentHash = z
  .string()
  .refine((s) => isHex(s, 32), { message: "must be the document's SHA-256 in lowercase hex" })

/** A registry number or batch number: capitals, digits and single dashes, at most 64 characters. */
export const recordNumber = z
  .string()
  .max(64)
  .regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'a number is capitals and digits in dash-separated groups, e.g. MOFA-2026-000123')

const text = (max: number) => z.string().min(1).max(max)
/** A calendar date, YYYY-MM-DD: a real day in a sane range (codec/dates); not after the block's day (rules). */
export const isoDate = calendarDate
export const language = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a language is a BCP 47 tag, e.g. ko or en')

/** What a notary states about the act, common to a single registration and a batch. */
const actFields = {
  agency: agencyId,
  act: z.enum(ACTS),
  /** date of the act (as printed on the certificate) */
  date: isoDate,
  issuingAuthority: text(200),
  signerName: text(100),
  signerCapacity: text(100),
}

/** What describes one document. */
const documentFields = {
  documentHash,
  documentType: text(100),
  /** the person the document concerns (a name, never a resident registration number) */
  holder: text(200).optional(),
  language: language.optional(),
}

export const RegisterSchema = z
  .object({ ...actFields, number: recordNumber, ...documentFields })
  .strict()
export type RegisterPayload = z.infer<typeof RegisterSchema>

export const BatchSchema = z
  .object({
    ...actFields,
    number: recordNumber,
    count: z.number().int().min(1).max(MAX_BATCH),
    /** RFC 6962 root over the leaves (leafBytes) of the documents, in order */
    root: z.string().refine((s) => isHex(s, 32), { message: 'root must be 32 bytes of lowercase hex' }),
  })
  .strict()
export type BatchPayload = z.infer<typeof BatchSchema>

export const STATUS_ACTIONS = ['revoke', 'suspend', 'reinstate'] as const
export type StatusAction = (typeof STATUS_ACTIONS)[number]

export const StatusSchema = z
  .object({
    /** a single record's number, or a batch document's B/NNNNN */
    number: z.string().min(1).max(80),
    action: z.enum(STATUS_ACTIONS),
    reason: text(500),
  })
  .strict()
export type StatusPayload = z.infer<typeof StatusSchema>

/** One document of a batch: what its leaf commits to. */
export const BatchDocumentSchema = z.object({ number: z.string().max(80), ...documentFields }).strict()
export type BatchDocument = z.infer<typeof BatchDocumentSchema>

export type RecordStatus = 'issued' | 'suspended' | 'revoked'

export interface StatusEvent {
  [key: string]: string | number
  action: StatusAction
  reason: string
  height: number
  time: number
  by: string
  tx: string
}

/** State of a number (single record or batch). */
export interface StoredRecord {
  [key: string]: string | number | null
  kind: 'single' | 'batch'
  number: string
  agency: string
  act: Act
  date: string
  issuingAuthority: string
  signerName: string
  signerCapacity: string
  /** single only (null for a batch) */
  documentHash: string | null
  documentType: string | null
  holder: string | null
  language: string | null
  /** batch only (null for a single record) */
  count: number | null
  root: string | null
  notary: string
  tx: string
  height: number
  time: number
}

/** Status changes of one document number (absent: issued, never changed). */
export interface StoredStatus {
  [key: string]: string | StatusEvent[]
  status: RecordStatus
  history: StatusEvent[]
}

// ---- numbers ----

/** The prefix every number of an agency starts with: its id in capitals, then a dash. */
export function agencyPrefix(agency: string): string {
  return agency.toUpperCase() + '-'
}

/** The width of the document index in the numbers of a batch of `count`. */
export function indexWidth(count: number): number {
  return Math.max(3, String(count).length)
}

export function batchDocumentNumber(batch: string, index: number, count: number): string {
  return `${batch}/${String(index + 1).padStart(indexWidth(count), '0')}`
}

/** Split a document number: a single record's, or a batch's number and the 0-based index. */
export function parseDocumentNumber(n: string): { base: string; index: number | null; digits: number } | null {
  const m = /^([A-Z0-9]+(?:-[A-Z0-9]+)*)(?:\/(\d{1,6}))?$/.exec(n)
  if (!m || m[1]!.length > 64) return null
  if (m[2] === undefined) return { base: m[1]!, index: null, digits: 0 }
  const i = Number(m[2])
  return i >= 1 ? { base: m[1]!, index: i - 1, digits: m[2].length } : null
}

// ---- batch leaves ----

/** The canonical bytes a batch leaf commits to (RFC 6962 leaf input). */
export function leafBytes(d: BatchDocument): Uint8Array {
  return encodeCanonical([
    LEAF_TAG,
    d.number,
    fromHex(d.documentHash),
    d.documentType,
    d.holder ?? null,
    d.language ?? null,
  ])
}
