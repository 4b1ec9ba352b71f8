/**
 * Read models of the notary registry over committed state, and the node-local document lists of batches (the
 * chain holds only a batch's root: the node that registered it keeps its documents, docs/adr/0015).
 */
import type { NotaryBatchDto, NotaryDocumentDto, NotaryNextNumberDto, NotaryStatusEventDto } from '../../../shared/api'
import { DaejangError } from '../../../shared/errors'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../codec/canonical'
import type { CommittedReader } from '../types'
import { type BatchInput, buildBatch } from './portable/batch'
import { RECORD_PREFIX, hashKey, isRecordKey, recordKey, sequenceKey } from './state-keys'
import { documentStatus, recordOfDocument } from './rules'
import {
  type BatchDocument,
  type StoredRecord,
  agencyPrefix,
  batchDocumentNumber,
  parseDocumentNumber,
} from './portable/schema'

const batchDocsKey = (number: string): string => `nt/batch/${number}`
const docHashKey = (hash: string, number: string): string => `nt/dochash/${hash}/${number}`

// ---- batch document lists (node-local) ----

/** Where a batch's document list is kept: committed state to check it against, node-local data to write it to. */
export interface BatchKeeper extends CommittedReader {
  putAux(entries: ReadonlyArray<readonly [string, Uint8Array]>): Promise<void>
}

/** Keep the documents of a committed batch, after checking that they make its root. */
export async function storeBatchDocuments(store: BatchKeeper, number: string, docs: readonly BatchInput[]): Promise<NotaryBatchDto> {
  const rec = (await store.get(recordKey(number))) as unknown as StoredRecord | undefined
  if (!rec || rec.kind !== 'batch') throw new DaejangError('NOT_FOUND', `no committed batch has the number ${number}`)
  if (docs.length !== rec.count) {
    throw new DaejangError('PROOF_INVALID', `batch ${number} holds ${rec.count} documents, not ${docs.length}`)
  }
  const built = buildBatch(number, docs)
  if (built.root !== rec.root) throw new DaejangError('PROOF_INVALID', `these documents do not make the root of batch ${number}`)
  const list = built.documents.map((d) => [d.documentHash, d.documentType, d.holder ?? null, d.language ?? null])
  await store.putAux([
    [batchDocsKey(number), encodeCanonical(list as Canonical)],
    ...built.documents.map((d) => [docHashKey(d.documentHash, d.number), new Uint8Array(0)] as const),
  ])
  return batchDto(rec, true)
}

/** The documents of a batch, numbered, or null when this node does not hold them. */
export async function batchDocuments(store: CommittedReader, number: string): Promise<BatchDocument[] | null> {
  const raw = await store.getAux(batchDocsKey(number))
  if (!raw) return null
  const list = decodeCanonical(raw) as Array<[string, string, string | null, string | null]>
  return list.map(([documentHash, documentType, holder, language], i) => ({
    number: batchDocumentNumber(number, i, list.length),
    documentHash,
    documentType,
    ...(holder !== null ? { holder } : {}),
    ...(language !== null ? { language } : {}),
  }))
}

function batchDto(rec: StoredRecord, documentsHeld: boolean): NotaryBatchDto {
  return { number: rec.number, agency: rec.agency, count: rec.count!, root: rec.root!, tx: rec.tx, height: rec.height, documentsHeld }
}

export async function getBatch(store: CommittedReader, number: string): Promise<NotaryBatchDto> {
  const rec = (await store.get(recordKey(number))) as unknown as StoredRecord | undefined
  if (!rec || rec.kind !== 'batch') throw new DaejangError('NOT_FOUND', `no batch has the number ${number}`)
  return batchDto(rec, (await store.getAux(batchDocsKey(number))) !== undefined)
}

// ---- documents ----

/** A registered document by its number (a single record's, or B/NNNNN), with its status and history. */
export async function getDocument(store: CommittedReader, number: string): Promise<NotaryDocumentDto> {
  const rec = await recordOfDocument(store, number)
  const st = await documentStatus(store, number)
  let doc: Pick<NotaryDocumentDto, 'documentHash' | 'documentType' | 'holder' | 'language' | 'batch'>
  if (rec.kind === 'single') {
    doc = { documentHash: rec.documentHash, documentType: rec.documentType, holder: rec.holder, language: rec.language, batch: null }
  } else {
    const index = parseDocumentNumber(number)!.index!
    const d = (await batchDocuments(store, rec.number))?.[index]
    doc = {
      documentHash: d?.documentHash ?? null,
      documentType: d?.documentType ?? null,
      holder: d?.holder ?? null,
      language: d?.language ?? null,
      batch: { number: rec.number, index, count: rec.count!, root: rec.root! },
    }
  }
  const registered: NotaryStatusEventDto = {
    action: 'register',
    reason: '',
    height: rec.height,
    time: rec.time,
    by: rec.notary,
    tx: rec.tx,
  }
  const last = st.history[st.history.length - 1]
  return {
    number,
    kind: rec.kind,
    agency: rec.agency,
    act: rec.act,
    date: rec.date,
    issuingAuthority: rec.issuingAuthority,
    signerName: rec.signerName,
    signerCapacity: rec.signerCapacity,
    ...doc,
    notary: rec.notary,
    tx: rec.tx,
    height: rec.height,
    time: rec.time,
    status: st.status,
    statusReason: last?.reason ?? null,
    statusTime: last?.time ?? null,
    history: [registered, ...st.history.map((e) => ({ ...e }))],
  }
}

/** Documents registered with this SHA-256, newest first (single records from state; batch documents this node holds). */
export async function findByHash(store: CommittedReader, documentHash: string): Promise<NotaryDocumentDto[]> {
  const singles = ((await store.get(hashKey(documentHash))) ?? []) as string[]
  const inBatches = (await store.auxKeys(`nt/dochash/${documentHash}/`, 100)).map((k) => k.split('/').slice(3).join('/'))
  const out = await Promise.all([...singles, ...inBatches].map((n) => getDocument(store, n)))
  return out.sort((a, b) => b.height - a.height || (a.number < b.number ? 1 : -1))
}

export interface DocumentFilter {
  agency?: string
  status?: NotaryDocumentDto['status']
  /** matches a number prefix, a document hash, or words of the holder, document type or signer */
  q?: string
  limit?: number
}

/**
 * Registered documents (a batch contributes its documents when this node holds them, else its first), by number.
 * Scans the records; fine for a node's own register (hundreds of thousands a year), indexes can come later.
 */
export async function listDocuments(store: CommittedReader, f: DocumentFilter): Promise<NotaryDocumentDto[]> {
  const limit = Math.min(f.limit ?? 50, 500)
  const prefix = RECORD_PREFIX + (f.agency ? agencyPrefix(f.agency) : '')
  const q = f.q?.trim().toLowerCase() ?? ''
  const out: NotaryDocumentDto[] = []
  for await (const [k, v] of store.scanState(prefix, 1_000_000)) {
    // a record's group holds its status changes too
    if (!isRecordKey(k)) continue
    const rec = v as unknown as StoredRecord
    if (f.agency && rec.agency !== f.agency) continue
    const numbers = rec.kind === 'single' ? [rec.number] : await batchNumbers(store, rec)
    for (const n of numbers) {
      const d = await getDocument(store, n)
      if (f.status && d.status !== f.status) continue
      if (q && !matches(d, q)) continue
      out.push(d)
      if (out.length >= limit) return out
    }
  }
  return out
}

async function batchNumbers(store: CommittedReader, rec: StoredRecord): Promise<string[]> {
  const held = await store.getAux(batchDocsKey(rec.number))
  const n = held ? rec.count! : 1
  return Array.from({ length: n }, (_, i) => batchDocumentNumber(rec.number, i, rec.count!))
}

function matches(d: NotaryDocumentDto, q: string): boolean {
  if (d.number.toLowerCase().startsWith(q) || d.documentHash === q) return true
  const hay = [d.holder, d.documentType, d.signerName, d.issuingAuthority].filter(Boolean).join(' ').toLowerCase()
  return hay.includes(q)
}

/** A suggestion for the next number of an agency in a year: PREFIX-YYYY-NNNNNN after the highest used. */
export async function nextNumber(store: CommittedReader, agency: string, year: number): Promise<NotaryNextNumberDto> {
  const y = String(year).padStart(4, '0')
  const last = await store.get(sequenceKey(agency, y))
  const seq = (typeof last === 'number' ? last : 0) + 1
  return { agency, number: `${agencyPrefix(agency)}${y}-${String(seq).padStart(6, '0')}` }
}

