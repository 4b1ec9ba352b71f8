/**
 * Migration of an existing register with its history (docs/adr/0037): `land.register.migrate`, a registrar of the
 * competent office. The register keeps its number; its 표제부 and entries are written as given, after the history is
 * replayed through the live rules' own `plan` (rules.ts), so the derived `cur` is exactly what the live rules would
 * have left, and every entry's section, rank and target must be what the rules give. Refusals carry stable codes and
 * change nothing (the executor runs each transaction on its own overlay).
 *
 * Holders migrated without a key (`key: null`, bound later by a registrar's rebind) cannot sign, so the replay gives
 * each such holder a stand-in key derived from who the holder is (identifier hash, else kind, name and identifier)
 * and takes every party as having signed — the office's history is the record that they did — then puts `null` back.
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import { latestDayAt } from '../../codec/dates'
import { toHex } from '../../codec/bytes'
import { sha256 } from '../../crypto/sha256'
import type { StateReader } from '../../state/view'
import type { TxContext } from '../types'
import { type MigratePayload, type MigratedEntry, migrationKey } from './portable/import-schema'
import {
  complexKey,
  complexUnitKey,
  currentKey,
  entryKey,
  headKey,
  locationKey,
  officeKey,
  receiptCounterKey,
  sequenceKey,
} from './portable/keys'
import { parseRegisterNumber } from './portable/numbers'
import { type CurrentState, type Head, type Holder, type LandRequest, type StoredEntry, locationNormalForm } from './portable/schema'
import { WHOLE, type Share, isWhole, parseShare, shareText } from './portable/shares'
import { type RegisterState, type Signers, kstDay, plan } from './rules'

const err = (code: string, message: string, details?: Record<string, unknown>): DaejangError => new DaejangError(code, message, details)
const enc = new TextEncoder()

/** A stand-in key for a holder with none: derived from who the holder is, so the same person is one key throughout. */
function standIn(h: Holder): string {
  const who = h.idHash ?? `${h.kind}\0${h.name}\0${h.id ?? ''}`
  return toHex(sha256(enc.encode(`daejang/land/migrate-stand-in\0${who}`)))
}

export interface Migrated {
  entries: StoredEntry[]
  cur: CurrentState
}

/**
 * Replays a migrated register's history through the live rules (pure: no state). `office` and `agency` are the
 * register's; `today` the latest day of the block (no receipt or cause after it); `tx` and `height` stamp the stored
 * entries.
 */
export function deriveMigrated(p: MigratePayload, agency: string, today: string, tx: string, height: number): Migrated {
  const standIns = new Set<string>()
  const withKey = (h: Holder): Holder => {
    if (h.key !== null || h.agency !== null) return h
    const k = standIn(h)
    standIns.add(k)
    return { ...h, key: k }
  }
  const withoutStandIn = (h: Holder): Holder => (h.key !== null && standIns.has(h.key) ? { ...h, key: null } : h)
  const n = parseRegisterNumber(p.number)!
  if (n.office !== p.office) throw err('LAND_MIGRATION', `register ${p.number} is numbered by office ${n.office}, not ${p.office}`)
  if (n.year > Number(today.slice(0, 4))) throw err('LAND_MIGRATION', `register ${p.number} is numbered in a year after this block's`)
  const at = (i: number, msg: string): string => `entry ${i + 1} (${p.entries[i]!.section === 'A' ? '갑구' : '을구'} ${p.entries[i]!.rank}): ${msg}`

  // receipts: not after the block's day, never going back, the cause not after its receipt
  let last: { on: string; number: number } | null = null
  p.entries.forEach((e, i) => {
    if (e.receipt.on > today) throw err('DATE_IN_FUTURE', at(i, `received on ${e.receipt.on}, after the day of this block (${today})`))
    if (e.causeOn > e.receipt.on) throw err('LAND_MIGRATION', at(i, `its cause (${e.causeOn}) is dated after its receipt (${e.receipt.on})`))
    if (last !== null && (e.receipt.on < last.on || (e.receipt.on === last.on && e.receipt.number < last.number))) {
      throw err('LAND_MIGRATION', at(i, `its receipt (${e.receipt.on} No. ${e.receipt.number}) comes before the entry above it`))
    }
    last = e.receipt
  })

  const stamp = (e: MigratedEntry, seq: number): Pick<StoredEntry, 'seq' | 'receipt' | 'tx' | 'height'> => ({
    seq,
    receipt: { office: e.receipt.office ?? p.office, on: e.receipt.on, number: e.receipt.number },
    tx,
    height,
  })

  // the first entry: the first owners (소유권보존, or the ownership carried over when the register was computerised)
  const first = p.entries[0]!
  if (first.section !== 'A' || first.rank !== '1' || (first.purpose !== 'ownership.preservation' && first.purpose !== 'ownership.transfer')) {
    throw err('LAND_MIGRATION', at(0, 'a register begins with its first ownership in 갑구, rank 1'))
  }
  if (first.holders.length === 0) throw err('LAND_MIGRATION', at(0, 'the first ownership names its owners'))
  const firstShares = first.holders.length === 1 && first.holders[0]!.share === null ? [WHOLE] : first.holders.map((h) => (h.share === null ? null : parseShare(h.share)))
  if (firstShares.some((s) => s === null) || !isWhole(firstShares as Share[])) {
    throw err('LAND_SHARES', at(0, 'the first owners must hold shares that make exactly the whole (one owner alone may leave the share out)'))
  }
  const firstHolders = first.holders.map((h, i) => ({ ...h, share: shareText(firstShares[i] as Share) }))
  const stored: StoredEntry[] = [
    {
      section: 'A',
      rank: '1',
      purpose: first.purpose,
      cause: first.cause,
      causeOn: first.causeOn,
      holders: firstHolders,
      of: null,
      portion: null,
      amount: first.amount,
      debtor: null,
      target: null,
      caseNo: null,
      provisional: null,
      ...stamp(first, 1),
    },
  ]
  // the state the rules read, with stand-in keys
  let cur: CurrentState = { owners: firstHolders.map((h) => ({ rank: '1', holder: withKey(h), share: h.share })), live: [], cancelled: {}, entries: 1 }
  const replayed: StoredEntry[] = [{ ...stored[0]!, holders: firstHolders.map(withKey) }]

  let i = 1
  while (i < p.entries.length) {
    const e = p.entries[i]!
    if (e.purpose === 'ownership.preservation') throw err('LAND_MIGRATION', at(i, 'only the first entry preserves ownership'))
    const r: LandRequest = {
      register: p.number,
      purpose: e.purpose,
      cause: e.cause,
      causeOn: e.causeOn,
      holders: e.holders.map(withKey),
      of: e.of,
      portion: e.portion,
      amount: e.amount,
      debtor: e.debtor,
      target: e.target,
      caseNo: e.caseNo,
      mandate: null,
    }
    // every party is taken as having signed; a share transfer's seller is the one co-owner of `of` the line names
    const keys = new Set<string>()
    const agencies = new Set<string>()
    const add = (h: Holder): void => {
      if (h.key !== null) keys.add(h.key)
      if (h.agency !== null) agencies.add(h.agency)
    }
    for (const o of cur.owners) add(o.holder)
    for (const l of cur.live) l.holders.forEach(add)
    r.holders.forEach(add)
    // a 본등기 is signed by its 가등기's obligors (the owners it was entered against), who may own nothing now
    if (e.purpose === 'provisional.main') for (const x of replayed) if (x.section === 'A') x.holders.forEach(add)
    if (e.purpose === 'ownership.share-transfer' && e.of !== null) {
      const of = cur.owners.filter((o) => o.rank === e.of)
      const pick = e.seller ?? 0
      if (of.length > 1 && e.seller === undefined) throw err('LAND_MIGRATION', at(i, `several owners hold by entry ${e.of}: name the seller`))
      of.forEach((o, k) => {
        if (k !== pick && o.holder.key !== null) keys.delete(o.holder.key)
      })
    }
    const s: Signers = { keys, banks: agencies, authorities: agencies, agents: new Set() }
    const restriction = e.purpose.startsWith('restriction.')
    const authority = restriction ? (r.holders.find((h) => h.agency !== null)?.agency ?? 'migrated') : null
    const reg: RegisterState = { number: p.number, head: { ...p.head, office: p.office, agency } as RegisterState['head'], cur, entries: replayed }
    let pl: ReturnType<typeof plan>
    try {
      pl = plan(reg, r, s, authority)
    } catch (x) {
      if (x instanceof DaejangError) throw new DaejangError(x.code, at(i, x.message), x.details)
      throw x
    }
    // the rules may write more than one entry (a 본등기 cancels what came after its 가등기): the lines must carry them
    for (const planned of pl.entries) {
      const given = p.entries[i]
      if (given === undefined) throw err('LAND_MIGRATION', `the history ends where the rules write ${planned.purpose} at rank ${planned.rank}`)
      const same =
        given.section === planned.section &&
        given.rank === planned.rank &&
        given.purpose === planned.purpose &&
        JSON.stringify(given.target) === JSON.stringify(planned.target)
      if (planned.holders.length === 0 && given.holders.length > 0) {
        throw err('LAND_MIGRATION', at(i, `a ${planned.purpose} names no holders, yet the line gives ${given.holders.length}`))
      }
      if (!same) {
        throw err('LAND_MIGRATION', at(i, `the rules give ${planned.section === 'A' ? '갑구' : '을구'} rank ${planned.rank} (${planned.purpose}${planned.target ? ` of rank ${planned.target.rank}` : ''})`))
      }
      const seq = replayed.length + 1
      const full: StoredEntry = { ...planned, ...stamp(given, seq) }
      if (given !== e) {
        // an entry the rules write with another (an ex-officio cancellation): its own cause and receipt as given
        full.cause = given.cause
        full.causeOn = given.causeOn
      }
      replayed.push(full)
      stored.push({ ...full, holders: full.holders.map(withoutStandIn) })
      i++
    }
    cur = pl.cur
  }
  const clean: CurrentState = {
    owners: cur.owners.map((o) => ({ ...o, holder: withoutStandIn(o.holder) })),
    live: cur.live.map((l) => ({ ...l, holders: l.holders.map(withoutStandIn) })),
    cancelled: cur.cancelled,
    entries: stored.length,
  }
  return { entries: stored, cur: clean }
}

async function agencyOf(state: StateReader, office: string): Promise<string> {
  const a = await state.get(officeKey(office))
  if (typeof a !== 'string') throw err('LAND_OFFICE', `no registry office has the code ${office}`)
  return a
}

/** Keeps an office's counter of this year at least `n`, so live numbering never reuses a migrated number or receipt. */
async function atLeast(ctx: TxContext<unknown>, key: string, n: number): Promise<void> {
  const v = await ctx.state.get(key)
  if (typeof v !== 'number' || v < n) ctx.state.put(key, n)
}

export async function applyMigrateRegister(ctx: TxContext<MigratePayload>): Promise<void> {
  const p = ctx.payload
  const agency = await agencyOf(ctx.state, p.office)
  if (!ctx.actingFor.includes(agency)) {
    throw new DaejangError('UNAUTHORIZED_ROLE', `only a registrar of the agency that keeps office ${p.office} may migrate its registers`)
  }
  const today = latestDayAt(ctx.time)
  const n = parseRegisterNumber(p.number)!
  const year = Number(kstDay(ctx.time).slice(0, 4))
  if (p.source !== null && (await ctx.state.get(migrationKey(p.source))) !== undefined) {
    throw err('LAND_ALREADY_IMPORTED', `the line with hash ${p.source} has already been imported`)
  }
  if ((await ctx.state.get(headKey(p.number))) !== undefined) throw err('LAND_NUMBER_TAKEN', `register ${p.number} is already open`)

  const head: Head = p.head
  if (head.kind !== 'unit' && p.complex != null) throw err('LAND_HEAD', 'only a unit names its complex')
  if (head.kind === 'unit') {
    const cx = (await ctx.state.get(complexKey(head.complex))) as Record<string, unknown> | undefined
    if (cx === undefined) {
      if (p.complex == null) throw err('LAND_HEAD', `no complex has the number ${head.complex}; the first unit migrated carries it`)
      const c = parseRegisterNumber(head.complex)!
      if (c.office !== p.office) throw err('LAND_OFFICE', `complex ${head.complex} is not numbered by office ${p.office}`)
      ctx.state.put(complexKey(head.complex), { ...p.complex, office: p.office, tx: ctx.hash, height: ctx.height } as unknown as Canonical)
      if (c.year === year) await atLeast(ctx, sequenceKey(p.office, year), c.seq)
    } else {
      if (cx.office !== p.office) throw err('LAND_OFFICE', `complex ${head.complex} is kept by office ${String(cx.office)}, not ${p.office}`)
      if (p.complex != null) {
        const { office: _o, tx: _t, height: _h, ...kept } = cx
        if (JSON.stringify(kept) !== JSON.stringify(p.complex)) throw err('LAND_HEAD', `complex ${head.complex} is already defined otherwise`)
      }
    }
    const unit = await ctx.state.get(complexUnitKey(head.complex, head.unit))
    if (unit !== undefined) throw err('LAND_HEAD', `the unit ${head.unit} of complex ${head.complex} already has register ${String(unit)}`)
    ctx.state.put(complexUnitKey(head.complex, head.unit), p.number)
  }
  if (head.kind === 'land') {
    const parcel = locationKey(locationNormalForm(head.location))
    const other = await ctx.state.get(parcel)
    if (other !== undefined) throw err('LAND_HEAD', `the parcel ${parcel.slice('ld/loc/'.length)} already has register ${String(other)}`)
    ctx.state.put(parcel, p.number)
  }

  const m = deriveMigrated(p, agency, today, ctx.hash, ctx.height)
  ctx.state.put(headKey(p.number), { ...head, office: p.office, agency } as unknown as Canonical)
  for (const e of m.entries) ctx.state.put(entryKey(p.number, e.seq), e as unknown as Canonical)
  ctx.state.put(currentKey(p.number), m.cur as unknown as Canonical)
  if (p.source !== null) ctx.state.put(migrationKey(p.source), p.number)
  if (n.year === year) await atLeast(ctx, sequenceKey(p.office, year), n.seq)
  let rcpt = 0
  for (const e of m.entries) if (e.receipt.office === p.office && e.receipt.on.startsWith(String(year))) rcpt = Math.max(rcpt, e.receipt.number)
  if (rcpt > 0) await atLeast(ctx, receiptCounterKey(p.office, year), rcpt)
}

/** State keys the migration reads, loaded before the block executes. */
export function migrateKeys(p: MigratePayload): string[] {
  return [
    officeKey(p.office),
    headKey(p.number),
    ...(p.source !== null ? [migrationKey(p.source)] : []),
    ...(p.head.kind === 'land' ? [locationKey(locationNormalForm(p.head.location))] : []),
    ...(p.head.kind === 'unit' ? [complexKey(p.head.complex), complexUnitKey(p.head.complex, p.head.unit)] : []),
  ]
}
