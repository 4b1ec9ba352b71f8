/**
 * The notary certificate's format 2 and the status proof (docs/adr/0027): a record and its status proven by a
 * certified state proof — a range proof of the record's state group (the record and every status change of its
 * documents, complete) to the app hash of a block, with that block's header and commit — instead of the registering
 * transaction's inclusion proof.
 * - compact, for the QR code: `DJ:NOTARY/2:` + base45 of canonical CBOR
 *   `[checkpoint, number, record, statuses, steps, batch]`: the checkpoint compacted against the trust list
 *   (verify/checkpoint.ts), the record's fields by position (hex as bytes; the block's height and time as null when
 *   they are the checkpoint's), the group's other entries (status changes) by key suffix, the proof's steps packed
 *   (u16 depth ‖ 32-byte sibling), and for a batch document `[index, [hash, type, holder, language], path]`;
 * - the bundle, for the certificate's attachment and the API: `daejang-notary-bundle/2`, the certified state in JSON
 *   (with the full commit and, when a node has them, the validator-set changes since the trust list);
 * - the status proof, `daejang-notary-status/1`: the same certified state of a document's group as of a later block,
 *   exported by any node (`daejang notary status-proof`); it carries its own commit, so it needs no trusted node.
 * Portable.
 */
import { z } from 'zod'
import { DaejangError } from '../../../../shared/errors'
import { compareBytes, concatBytes, fromHex, isHex, toHex } from '../../../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../../codec/canonical'
import { type CertifiedState, certifiedStateFromJson, certifiedStateToJson } from '../../../proofs/certified-state'
import type { TrustList } from '../../../proofs/proof'
import { type StateProof, packSteps, statePath, unpackSteps } from '../../../proofs/state-proof'
import type { Validator } from '../../../types/block'
import { compactCheckpoint, expandCheckpoint } from '../../../verify/checkpoint'
import { qrText } from '../../../verify/qr'
import type { BatchMembership } from './batch'
import { isRecordKey, recordGroup, recordKey, statusKey } from './keys'
import { decodeLeaf } from './proof'
import {
  ACTS,
  type BatchDocument,
  BatchDocumentSchema,
  type StoredRecord,
  type StoredStatus,
  batchDocumentNumber,
  leafBytes,
  parseDocumentNumber,
} from './schema'

export const STATE_FORMAT = 2
export const BUNDLE_FORMAT_2 = 'daejang-notary-bundle/2'
export const STATUS_PROOF_FORMAT = 'daejang-notary-status/1'

/** A document proven by its record's state group as of a block. */
export interface NotaryStateProof {
  /** a range proof of the record's group, with its header, commit (and validator-set changes) */
  state: CertifiedState
  /** for a batch document: its leaf and audit path to the batch root */
  batch: BatchMembership | null
}

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

// ---- the proven entries ----

const hex32 = z.string().refine((s) => isHex(s, 32))
const StoredRecordSchema = z
  .object({
    kind: z.enum(['single', 'batch']),
    number: z.string().max(64),
    agency: z.string().max(64),
    act: z.enum(ACTS),
    date: z.string().max(10),
    issuingAuthority: z.string().max(200),
    signerName: z.string().max(100),
    signerCapacity: z.string().max(100),
    documentHash: hex32.nullable(),
    documentType: z.string().max(100).nullable(),
    holder: z.string().max(200).nullable(),
    language: z.string().max(40).nullable(),
    count: z.number().int().min(1).nullable(),
    root: hex32.nullable(),
    notary: hex32,
    tx: hex32,
    height: z.number().int().min(0),
    time: z.number().int().min(0),
  })
  .strict()
const StatusEventSchema = z.object({
  action: z.enum(['revoke', 'suspend', 'reinstate']),
  reason: z.string(),
  height: z.number().int(),
  time: z.number().int(),
  by: z.string(),
  tx: z.string(),
})
const StoredStatusSchema = z.object({ status: z.enum(['issued', 'suspended', 'revoked']), history: z.array(StatusEventSchema) }).strict()

/** What a document's group states: its record, and its status (null: never changed, so issued). */
export interface GroupFacts {
  record: StoredRecord
  status: StoredStatus | null
}

/**
 * The record and the status of document `number` in the entries of its record's group (a range proof's: complete,
 * so a status absent from them was never changed). Throws when the entries are not that group's.
 */
export function groupFacts(number: string, group: string, entries: ReadonlyArray<readonly [string, Canonical]>): GroupFacts {
  const p = parseDocumentNumber(number)
  if (!p) throw invalid(`${number} is not a document number`)
  if (group !== recordGroup(p.base)) throw invalid(`the proof is of the state group ${group}, not of the record ${p.base}`)
  const rec = entries.find(([k]) => k === recordKey(p.base))
  if (!rec) throw invalid(`the proven state holds no record numbered ${p.base}`)
  const r = StoredRecordSchema.safeParse(rec[1])
  if (!r.success) throw invalid('the proven record: ' + (r.error.issues[0]?.message ?? 'invalid'))
  const record = r.data as StoredRecord
  if (record.number !== p.base) throw invalid(`the proven record is numbered ${record.number}, not ${p.base}`)
  if ((record.kind === 'single') !== (p.index === null)) throw invalid(`${number} is not a document of the proven record`)
  if (record.kind === 'batch' && (p.index! >= record.count! || number !== batchDocumentNumber(p.base, p.index!, record.count!))) {
    throw invalid(`${number} is not a document of batch ${p.base}`)
  }
  const st = entries.find(([k]) => k === statusKey(number))
  if (!st) return { record, status: null }
  const s = StoredStatusSchema.safeParse(st[1])
  if (!s.success) throw invalid('the proven status: ' + (s.error.issues[0]?.message ?? 'invalid'))
  return { record, status: s.data as StoredStatus }
}

/** The range proof's group and entries, as the proof states them (verified by verifyCertifiedState). */
export function rangeOf(p: StateProof): Extract<StateProof, { kind: 'range' }> {
  if (p.kind !== 'range') throw invalid('the state proof is not a range proof of a record group')
  return p
}

/** The number of the document a format-2 proof is about: the record's, or its batch leaf's. */
export function documentNumberOf(p: NotaryStateProof): string {
  const { group, entries } = rangeOf(p.state.proof)
  const rec = entries.find(([k]) => isRecordKey(k) && k.startsWith(group + '/'))
  const number = rec && typeof (rec[1] as { number?: unknown }).number === 'string' ? ((rec[1] as { number: string }).number) : null
  if (!number) throw invalid('the proven state holds no notary record')
  if (!p.batch) return number
  return decodeLeaf(p.batch.leaf).number
}

// ---- compact form (QR) ----

/** The record's fields in the compact form's order (number, kind and the block's height and time are given otherwise). */
const FIELDS = [
  'agency',
  'act',
  'date',
  'issuingAuthority',
  'signerName',
  'signerCapacity',
  'documentHash',
  'documentType',
  'holder',
  'language',
  'count',
  'root',
  'notary',
  'tx',
  'height',
  'time',
] as const
const HEX_FIELDS: ReadonlySet<string> = new Set(['documentHash', 'root', 'notary', 'tx'])

function compactRecord(rec: StoredRecord, at: { height: number; time: number }): Canonical {
  const out: Canonical[] = [rec.kind === 'batch' ? 1 : 0]
  for (const f of FIELDS) {
    const v = rec[f]
    if (f === 'act') out.push(ACTS.indexOf(v as (typeof ACTS)[number]))
    else if (HEX_FIELDS.has(f) && typeof v === 'string') out.push(fromHex(v))
    else if ((f === 'height' || f === 'time') && v === at[f]) out.push(null)
    else out.push(v)
  }
  return out
}

function expandRecord(c: Canonical, number: string, at: { height: number; time: number }): Canonical {
  if (!Array.isArray(c) || c.length !== FIELDS.length + 1) throw invalid('the compact record has the wrong shape')
  const rec: Record<string, Canonical> = { kind: c[0] === 1 ? 'batch' : 'single', number }
  FIELDS.forEach((f, i) => {
    const v = c[i + 1]!
    if (f === 'act') rec[f] = typeof v === 'number' && ACTS[v] ? ACTS[v] : null
    else if (HEX_FIELDS.has(f) && v instanceof Uint8Array) rec[f] = toHex(v)
    else if ((f === 'height' || f === 'time') && v === null) rec[f] = at[f]
    else rec[f] = v
  })
  return rec
}

const packHashes = (hs: readonly Uint8Array[]): Uint8Array => concatBytes(...hs)
function unpackHashes(b: Uint8Array): Uint8Array[] {
  if (b.length % 32 !== 0 || b.length > 64 * 32) throw invalid('the batch path is truncated')
  return Array.from({ length: b.length / 32 }, (_, i) => b.slice(i * 32, i * 32 + 32))
}

/**
 * The compact bytes of a format-2 proof. `set` is the validator set of the proof's block as the chain has it (the
 * QR leaves validator-set changes out: the bundle carries them). Throws when the record has fields the compact form
 * does not know (then print format 1).
 */
export function encodeNotaryState(p: NotaryStateProof, set: readonly Validator[]): Uint8Array {
  const { group, entries, witness, steps } = rangeOf(p.state.proof)
  if (witness !== null) throw invalid('an empty group has no record')
  const h = p.state.header
  const at = { height: h.height, time: h.time }
  const recEntry = entries.find(([k]) => isRecordKey(k) && k.startsWith(group + '/'))
  if (!recEntry) throw invalid('the proven state holds no notary record')
  const rec = StoredRecordSchema.parse(recEntry[1]) as StoredRecord
  const compact = compactRecord(rec, at)
  // the compact form must give back exactly the record's bytes: its hash is in the tree
  if (toHex(encodeCanonical(expandRecord(compact, rec.number, at))) !== toHex(encodeCanonical(recEntry[1]))) {
    throw invalid('the record has fields the compact form does not carry')
  }
  const others = entries.filter((e) => e !== recEntry).map(([k, v]) => [k.slice(group.length + 1), v] as Canonical)
  const batch = p.batch
    ? (() => {
        const d = decodeLeaf(p.batch.leaf)
        return [p.batch.index, [fromHex(d.documentHash), d.documentType, d.holder ?? null, d.language ?? null], packHashes(p.batch.path)]
      })()
    : null
  return encodeCanonical([
    compactCheckpoint(p.state.header, p.state.commit, set),
    rec.number,
    compact,
    others,
    packSteps(steps),
    batch,
  ])
}

/** A format-2 proof from its compact bytes, completed from the trust list (the chain id and the block's set). */
export function decodeNotaryState(bytes: Uint8Array, trust: TrustList): NotaryStateProof {
  let v: Canonical
  try {
    v = decodeCanonical(bytes)
  } catch (e) {
    throw invalid('the proof is not canonical CBOR: ' + (e as Error).message)
  }
  if (!Array.isArray(v) || v.length !== 6) throw invalid(`not a format ${STATE_FORMAT} notary proof`)
  const [cp, number, rc, others, steps, b] = v
  if (typeof number !== 'string' || !Array.isArray(others) || !(steps instanceof Uint8Array)) throw invalid('the proof fields have the wrong types')
  const { header, commit } = expandCheckpoint(cp!, trust)
  const group = recordGroup(number)
  const entries: Array<[string, Canonical]> = [[recordKey(number), expandRecord(rc!, number, header)]]
  for (const o of others) {
    if (!Array.isArray(o) || o.length !== 2 || typeof o[0] !== 'string') throw invalid('a status entry has the wrong shape')
    entries.push([`${group}/${o[0]}`, o[1]!])
  }
  // a range proof lists its entries in the order of their paths
  const keyed = entries.map((e) => ({ e, path: statePath(e[0]) }))
  keyed.sort((a, b) => compareBytes(a.path, b.path))
  const proof: StateProof = { kind: 'range', group, entries: keyed.map((x) => x.e), witness: null, steps: unpackSteps(steps) }
  let batch: BatchMembership | null = null
  if (b !== null) {
    if (!Array.isArray(b) || b.length !== 3 || typeof b[0] !== 'number' || !Array.isArray(b[1]) || b[1].length !== 4 || !(b[2] instanceof Uint8Array)) {
      throw invalid('batch membership fields have the wrong types')
    }
    const [index, leaf, path] = b as [number, Canonical[], Uint8Array]
    const rec = entries[0]![1] as { count?: unknown }
    if (typeof rec.count !== 'number' || !Number.isSafeInteger(index) || index < 0 || index >= rec.count) throw invalid('the document index is outside the batch')
    const [hash, documentType, holder, language] = leaf as [Uint8Array, string, string | null, string | null]
    if (!(hash instanceof Uint8Array) || hash.length !== 32) throw invalid('batch leaf: the document hash is 32 bytes')
    const doc = {
      number: batchDocumentNumber(number, index, rec.count),
      documentHash: toHex(hash),
      documentType,
      ...(holder !== null ? { holder } : {}),
      ...(language !== null ? { language } : {}),
    } as BatchDocument
    batch = { leaf: leafBytes(doc), index, path: unpackHashes(path) }
  }
  return { state: { proof, header, commit }, batch }
}

/** The QR text of a format-2 proof. */
export function toStateQrText(p: NotaryStateProof, set: readonly Validator[]): string {
  return qrText('notary', STATE_FORMAT, encodeNotaryState(p, set))
}

// ---- bundle (format 2) and status proof (JSON) ----

export interface NotaryBundle2Json {
  format: typeof BUNDLE_FORMAT_2
  number: string
  /** the compact proof, exactly as in the QR code */
  qr: string
  /** the certified state of the record's group (daejang-state-proof/1) */
  state: unknown
  batch: { document: BatchDocument; index: number; path: string[] } | null
  /** the grant of the notary's credential, with its inclusion proof (null when not known) */
  issuer: { grant: unknown } | null
  /** the issuing node's view when the bundle was made: informative only, never trusted by a verifier */
  status: { status: string; reason: string | null; time: number | null; asOfHeight: number } | null
}

export interface NotaryStatusProofJson {
  format: typeof STATUS_PROOF_FORMAT
  /** the document number */
  number: string
  /** the certified state of the record's group as of a block (daejang-state-proof/1) */
  state: unknown
}

const BatchJson = z.object({ document: BatchDocumentSchema, index: z.number().int().min(0), path: z.array(hex32).max(64) }).nullable()

export function bundle2ToJson(
  p: NotaryStateProof,
  o: { qr: string; grant: unknown; status: NotaryBundle2Json['status'] },
): NotaryBundle2Json {
  return {
    format: BUNDLE_FORMAT_2,
    number: documentNumberOf(p),
    qr: o.qr,
    state: certifiedStateToJson(p.state),
    batch: p.batch ? { document: decodeLeaf(p.batch.leaf), index: p.batch.index, path: p.batch.path.map(toHex) } : null,
    issuer: o.grant ? { grant: o.grant } : null,
    status: o.status,
  }
}

function parseState(x: unknown): CertifiedState {
  try {
    return certifiedStateFromJson(x)
  } catch (e) {
    throw invalid('certified state: ' + (e as Error).message)
  }
}

/** Parse a format-2 bundle (its grant, if any, is left as JSON for the caller); number, qr and status are not trusted. */
export function bundle2FromJson(input: unknown): { proof: NotaryStateProof; grant: unknown } {
  const r = z
    .object({
      format: z.literal(BUNDLE_FORMAT_2),
      number: z.string().max(80),
      qr: z.string().max(4000),
      state: z.unknown(),
      batch: BatchJson,
      issuer: z.object({ grant: z.unknown() }).nullable(),
      status: z.unknown(),
    })
    .safeParse(input)
  if (!r.success) throw invalid(`proof bundle ${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? 'invalid'}`)
  const b = r.data
  return {
    proof: {
      state: parseState(b.state),
      batch: b.batch ? { leaf: leafBytes(b.batch.document), index: b.batch.index, path: b.batch.path.map(fromHex) } : null,
    },
    grant: b.issuer?.grant ?? null,
  }
}

export function statusProofToJson(number: string, state: CertifiedState): NotaryStatusProofJson {
  return { format: STATUS_PROOF_FORMAT, number, state: certifiedStateToJson(state) }
}

/** A status proof read from its JSON: the document number and the certified state (verified by the status check). */
export interface StatusProof {
  number: string
  state: CertifiedState
}

export function statusProofFromJson(input: unknown): StatusProof {
  const r = z.object({ format: z.literal(STATUS_PROOF_FORMAT), number: z.string().min(1).max(80), state: z.unknown() }).safeParse(input)
  if (!r.success) throw invalid('not a notary status proof (daejang-notary-status/1)')
  return { number: r.data.number, state: parseState(r.data.state) }
}

/** Whether a JSON document is a status proof (so that a screen or a command can tell it from a bundle). */
export const isStatusProofJson = (x: unknown): boolean =>
  typeof x === 'object' && x !== null && (x as { format?: unknown }).format === STATUS_PROOF_FORMAT
