/**
 * Deterministic rules of the notary registry. Every rejection carries a stable code and leaves state untouched (the
 * executor runs each transaction on its own overlay).
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import { latestDayAt } from '../../codec/dates'
import { agenciesForRoles } from '../identity/authz'
import type { StateReader } from '../../state/view'
import type { AdmissionContext, TxContext } from '../types'
import { hashKey, recordKey, sequenceKey, statusKey } from './state-keys'
import {
  type BatchPayload,
  NOTARY_ROLE,
  type RecordStatus,
  type RegisterPayload,
  type StatusAction,
  type StatusPayload,
  type StoredRecord,
  type StoredStatus,
  agencyPrefix,
  indexWidth,
  parseDocumentNumber,
} from './portable/schema'

/** The transitions a status action allows: from → to. */
export const TRANSITIONS: Record<StatusAction, Partial<Record<RecordStatus, RecordStatus>>> = {
  revoke: { issued: 'revoked', suspended: 'revoked' },
  suspend: { issued: 'suspended' },
  reinstate: { suspended: 'issued' },
}

const PAST: Record<StatusAction, string> = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }

function requireNotaryOf(ctx: TxContext<{ agency: string }>): void {
  if (!ctx.actingFor.includes(ctx.payload.agency)) {
    throw new DaejangError(
      'UNAUTHORIZED_ROLE',
      `only a key holding an active notary credential of agency "${ctx.payload.agency}" may register for it`,
    )
  }
}

/** The date of the act is not after the block's day (anywhere on earth: codec/dates latestDayAt). */
function requireDateNotAfterBlock(ctx: TxContext<{ date: string }>): void {
  const last = latestDayAt(ctx.time)
  if (ctx.payload.date > last) {
    throw new DaejangError('DATE_IN_FUTURE', `the date ${ctx.payload.date} is after the day of this block (${last})`, {
      field: 'date',
      latest: last,
    })
  }
}

async function claimNumber(ctx: TxContext<{ agency: string; number: string }>): Promise<void> {
  const { agency, number } = ctx.payload
  const prefix = agencyPrefix(agency)
  if (!number.startsWith(prefix) || number.length === prefix.length) {
    throw new DaejangError('NUMBER_PREFIX', `numbers of agency "${agency}" start with "${prefix}"`)
  }
  if ((await ctx.state.get(recordKey(number))) !== undefined) {
    throw new DaejangError('NUMBER_TAKEN', `number ${number} is already registered`)
  }
  const m = /^(\d{4})-(\d{1,12})$/.exec(number.slice(prefix.length))
  if (m) {
    const key = sequenceKey(agency, m[1]!)
    const seq = Number(m[2])
    const last = await ctx.state.get(key)
    if (typeof last !== 'number' || seq > last) ctx.state.put(key, seq)
  }
}

export async function documentStatus(state: StateReader, number: string): Promise<StoredStatus> {
  const v = await state.get(statusKey(number))
  return (v ?? { status: 'issued', history: [] }) as unknown as StoredStatus
}

function baseRecord(ctx: TxContext<RegisterPayload | BatchPayload>, kind: StoredRecord['kind']): StoredRecord {
  const p = ctx.payload
  return {
    kind,
    number: p.number,
    agency: p.agency,
    act: p.act,
    date: p.date,
    issuingAuthority: p.issuingAuthority,
    signerName: p.signerName,
    signerCapacity: p.signerCapacity,
    documentHash: null,
    documentType: null,
    holder: null,
    language: null,
    count: null,
    root: null,
    notary: ctx.signer,
    tx: ctx.hash,
    height: ctx.height,
    time: ctx.time,
  }
}

export async function applyRegister(ctx: TxContext<RegisterPayload>): Promise<void> {
  const p = ctx.payload
  requireNotaryOf(ctx)
  requireDateNotAfterBlock(ctx)
  await claimNumber(ctx)
  const existing = ((await ctx.state.get(hashKey(p.documentHash))) ?? []) as string[]
  for (const n of existing) {
    if ((await documentStatus(ctx.state, n)).status !== 'revoked') {
      throw new DaejangError('DUPLICATE_DOCUMENT', `this document is already registered as ${n}; revoke that record first`)
    }
  }
  const rec: StoredRecord = {
    ...baseRecord(ctx, 'single'),
    documentHash: p.documentHash,
    documentType: p.documentType,
    holder: p.holder ?? null,
    language: p.language ?? null,
  }
  ctx.state.put(recordKey(p.number), rec as unknown as Canonical)
  ctx.state.put(hashKey(p.documentHash), [...existing, p.number])
}

export async function applyBatch(ctx: TxContext<BatchPayload>): Promise<void> {
  const p = ctx.payload
  requireNotaryOf(ctx)
  requireDateNotAfterBlock(ctx)
  await claimNumber(ctx)
  const rec: StoredRecord = { ...baseRecord(ctx, 'batch'), count: p.count, root: p.root }
  ctx.state.put(recordKey(p.number), rec as unknown as Canonical)
}

/** The record a document number belongs to, or NOT_FOUND (a batch number alone names no document). */
export async function recordOfDocument(
  state: StateReader,
  number: string,
): Promise<StoredRecord> {
  const parsed = parseDocumentNumber(number)
  const rec = parsed ? ((await state.get(recordKey(parsed.base))) as unknown as StoredRecord | undefined) : undefined
  const ok =
    parsed &&
    rec &&
    (rec.kind === 'single'
      ? parsed.index === null
      : parsed.index !== null && parsed.index < rec.count! && parsed.digits === indexWidth(rec.count!))
  if (!ok) throw new DaejangError('NOT_FOUND', `no registered document has the number ${number}`)
  return rec
}

/**
 * At admission: only a notary (of some agency) or an agency administrator can ever change a record's status, so a key
 * that is neither is refused before its transaction is acknowledged. (Which agency may act on which record is the
 * rule's to decide, as of the block: the record may still be pending.)
 */
export async function admitStatus(ctx: AdmissionContext<StatusPayload>): Promise<void> {
  if (ctx.adminOf.length > 0) return
  if ((await agenciesForRoles(ctx.state, ctx.signer, [NOTARY_ROLE], ctx.time)).length > 0) return
  throw new DaejangError(
    'UNAUTHORIZED_ROLE',
    'only notaries and agency administrators may change the status of a record; this key holds neither role',
  )
}

export async function applyStatus(ctx: TxContext<StatusPayload>): Promise<void> {
  const p = ctx.payload
  const rec = await recordOfDocument(ctx.state, p.number)
  const mayAct =
    ctx.adminOf.includes(rec.agency) ||
    (await agenciesForRoles(ctx.state, ctx.signer, [NOTARY_ROLE], ctx.time)).includes(rec.agency)
  if (!mayAct) {
    throw new DaejangError(
      'UNAUTHORIZED_ROLE',
      `only notaries and administrators of the issuing agency "${rec.agency}" may ${p.action} this record`,
    )
  }
  const cur = await documentStatus(ctx.state, p.number)
  const next = TRANSITIONS[p.action][cur.status]
  if (!next) throw new DaejangError('STATUS_CONFLICT', `a ${cur.status} record cannot be ${PAST[p.action]}`)
  const event = { action: p.action, reason: p.reason, height: ctx.height, time: ctx.time, by: ctx.signer, tx: ctx.hash }
  const st: StoredStatus = { status: next, history: [...cur.history, event] }
  ctx.state.put(statusKey(p.number), st as unknown as Canonical)
}
