/**
 * The notary's forms as data: the record's fields checked with the registry's own schemas (so the form refuses what
 * the node would), the transaction of one file (notary.register) or of many (notary.batch.register: the Merkle root
 * over the documents' leaves, docs/adr/0015), and which status changes a record allows. Pure, unit-tested.
 */
import { buildBatch } from '../../../ledger/registries/notary/portable/batch'
import {
  type Act,
  type BatchDocument,
  type RecordStatus,
  type StatusAction,
  BatchSchema,
  RegisterSchema,
  agencyPrefix,
} from '../../../ledger/registries/notary/portable/schema'
import { schemaFieldProblems } from '../../lib/forms'
import { FIRST_DAY, dateProblem } from '../../../ledger/codec/dates'

export interface RecordFields {
  agency: string
  number: string
  act: Act
  date: string
  issuingAuthority: string
  signerName: string
  signerCapacity: string
  documentType: string
  holder: string
  language: string
}

export type FieldName = keyof RecordFields | 'files'
export interface FieldProblem {
  field: FieldName
  /** message key below documents.invalid. */
  key: string
  params?: Record<string, string | number>
}

export interface HashedFile {
  name: string
  size: number
  hash: string
}

const trimmed = (f: RecordFields): RecordFields => ({
  ...f,
  number: f.number.trim().toUpperCase(),
  issuingAuthority: f.issuingAuthority.trim(),
  signerName: f.signerName.trim(),
  signerCapacity: f.signerCapacity.trim(),
  documentType: f.documentType.trim(),
  holder: f.holder.trim(),
  language: f.language.trim(),
})

/** the fields the registry's schema checks here, in the order their problems are listed (the date has its own rule) */
const SCHEMA_FIELDS = ['number', 'issuingAuthority', 'signerName', 'signerCapacity', 'documentType', 'holder', 'language'] as const

const DATE_KEYS = { shape: 'date', day: 'dateDay', early: 'dateEarly', late: 'dateLate' } as const

/**
 * What is wrong with a date field, checked with the node's own date rules (codec/dates) and not after `last` (today
 * here: the node refuses a date after the block's day).
 */
export function dateFieldProblem<F extends string>(field: F, date: string, last: string): { field: F; key: string; params: Record<string, string> } | null {
  const p = dateProblem(date, last)
  return p ? { field, key: DATE_KEYS[p], params: { date, first: FIRST_DAY, last } } : null
}

/** What is wrong with the fields (empty: the node's schema and its date rule accept them). `now`: today, YYYY-MM-DD. */
export function fieldProblems(input: RecordFields, files: readonly HashedFile[], now: string = today()): FieldProblem[] {
  const f = trimmed(input)
  const out: FieldProblem[] = []
  if (files.length === 0) out.push({ field: 'files', key: 'files' })
  const dupes = files.filter((x, i) => files.findIndex((y) => y.hash === x.hash) !== i)
  if (dupes.length > 0) out.push({ field: 'files', key: 'sameFile', params: { name: dupes[0]!.name } })
  // the registry's own schema is the rule source; a refusal is put in the form's words
  const refused = schemaFieldProblems(RegisterSchema, { ...f, holder: f.holder || undefined, language: f.language || undefined }, SCHEMA_FIELDS)
  if (refused.some((r) => r.field === 'number')) out.push({ field: 'number', key: 'number' })
  else if (!f.number.startsWith(agencyPrefix(f.agency))) out.push({ field: 'number', key: 'prefix', params: { prefix: agencyPrefix(f.agency) } })
  const date = dateFieldProblem('date', f.date, now)
  if (date) out.push(date)
  for (const r of refused) {
    if (r.field === 'number') continue
    if (r.field === 'language') out.push({ field: 'language', key: 'language' })
    else if (r.key === 'tooLong') out.push({ field: r.field as FieldName, key: 'tooLong', params: r.params })
    else out.push({ field: r.field as FieldName, key: 'required' })
  }
  return out
}

export type Registration =
  | { type: 'notary.register'; payload: Record<string, string>; documents: null }
  | {
      type: 'notary.batch.register'
      payload: Record<string, string | number>
      /** what the node is given after the commit (POST /notary/batches/:number/documents) */
      documents: Omit<BatchDocument, 'number'>[]
      numbers: string[]
    }

/** The transaction for these files: one file, one record; several, one batch under a Merkle root. */
export function registration(input: RecordFields, files: readonly HashedFile[]): Registration {
  const f = trimmed(input)
  const common = {
    agency: f.agency,
    number: f.number,
    act: f.act,
    date: f.date,
    issuingAuthority: f.issuingAuthority,
    signerName: f.signerName,
    signerCapacity: f.signerCapacity,
  }
  const doc = (hash: string): Omit<BatchDocument, 'number'> => ({
    documentHash: hash,
    documentType: f.documentType,
    ...(f.holder !== '' && { holder: f.holder }),
    ...(f.language !== '' && { language: f.language }),
  })
  if (files.length === 1) {
    const payload = RegisterSchema.parse({ ...common, ...doc(files[0]!.hash) })
    return { type: 'notary.register', payload: payload as Record<string, string>, documents: null }
  }
  const documents = files.map((x) => doc(x.hash))
  const built = buildBatch(f.number, documents)
  const payload = BatchSchema.parse({ ...common, count: documents.length, root: built.root })
  return { type: 'notary.batch.register', payload, documents, numbers: built.documents.map((d) => d.number) }
}

/** Status changes a record in this status allows (revoked is final). */
export function allowedActions(status: RecordStatus): StatusAction[] {
  if (status === 'issued') return ['suspend', 'revoke']
  if (status === 'suspended') return ['reinstate', 'revoke']
  return []
}

/** Today as YYYY-MM-DD in local time (the date printed on the certificate). */
export function today(now = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`
}

/** Bytes for people: 1.5 MB. */
export function formatBytes(n: number, locale: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const
  let v = n
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[u], unitDisplay: 'narrow', maximumFractionDigits: 1 }).format(v)
}
