/**
 * Deterministic rules of the land register (docs/adr/0033). Every refusal carries a stable code and leaves state
 * untouched (the executor runs each transaction on its own overlay).
 *
 * The flow: an office is defined by its agency's administrator; a registrar opens registers; parties apply (one
 * co-signed act), authorities commission; the registrar of the competent office enters or rejects. `plan` is the one
 * function that decides what an application would write: it runs as a dry run at receipt (its refusals become the
 * application's findings) and for real at entry (its refusal refuses the entry).
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import { dayOf, latestDayAt } from '../../codec/dates'
import { agenciesForRoles } from '../identity/authz'
import { type StateReader, type StateView, readMany } from '../../state/view'
import type { AdmissionContext, TxContext } from '../types'
import {
  applicationKey,
  complexKey,
  complexUnitKey,
  currentKey,
  entryKey,
  headKey,
  locationKey,
  officeKey,
  officeRangeKey,
  receiptCounterKey,
  mandateUsedKey,
  sequenceKey,
} from './portable/keys'
import { formatRegisterNumber } from './portable/numbers'
import { type RankedEntry, compareRank, nextMainRank, nextSupplementRank, parseRank } from './portable/ranks'
import { checkMandate } from './portable/mandate'
import {
  AGENT_ROLE,
  AUTHORITY_ROLE,
  B_RIGHTS,
  BANK_OFFICER_ROLE,
  type ApplyPayload,
  type CurrentLive,
  type CurrentOwner,
  type CurrentState,
  type DefineComplexPayload,
  type DefineOfficePayload,
  type Head,
  type Holder,
  type LandRequest,
  type Mandate,
  locationNormalForm,
  type OpenRegisterPayload,
  PURPOSES,
  type Purpose,
  RESTRICTIONS,
  REGISTRAR_ROLE,
  type RebindPayload,
  type ReceiptRef,
  type RejectPayload,
  type StoredApplication,
  type StoredEntry,
} from './portable/schema'
import {
  MAX_COMMON_DIGITS,
  type Share,
  WHOLE,
  commonDenominator,
  compareShares,
  isWhole,
  parseShare,
  shareText,
  subtractShares,
  sumShares,
} from './portable/shares'

/** co-owners one register may hold (with the bounded common denominator, this keeps every act on it cheap) */
export const MAX_OWNERS = 1000

const KST_MS = 9 * 3600_000
/** The day of an instant in Korean time: receipts are dated by the registry office's day. */
export const kstDay = (ms: number): string => dayOf(ms + KST_MS)

const err = (code: string, message: string, details?: Record<string, unknown>): DaejangError =>
  new DaejangError(code, message, details)

function toShare(s: string): Share {
  const v = parseShare(s)
  if (v === null) throw err('LAND_SHARES', `not a share: ${s}`)
  return v
}

// ---------------------------------------------------------------------------------------------- reading state

export interface RegisterState {
  number: string
  head: Head & { office: string; agency: string }
  cur: CurrentState
  entries: StoredEntry[]
}

/**
 * A register whole: its head and current state in one read, then all its entries in one more (`readMany`: the
 * reader's getMany — the node's store answers it with one LevelDB call, the state tree as of a block with one batch,
 * an overlay with its own writes over its parent's). Pure, so the same answer on every node.
 */
export async function readRegister(state: StateReader, number: string): Promise<RegisterState> {
  return (await readRegisterWith(state, number, () => [])).reg
}

/**
 * readRegister, with more keys read in the entries' read: `more(head)` names them once the head is known (an
 * office's name, a unit's complex), so a register and what is shown beside it take two reads, not three.
 */
export async function readRegisterWith(
  state: StateReader,
  number: string,
  more: (head: RegisterState['head']) => readonly string[],
): Promise<{ reg: RegisterState; more: Array<Canonical | undefined> }> {
  const [h, c] = await readMany(state, [headKey(number), currentKey(number)])
  const head = h as unknown as RegisterState['head'] | undefined
  const cur = c as unknown as CurrentState | undefined
  if (head === undefined || cur === undefined) throw err('LAND_REGISTER_UNKNOWN', `no register has the number ${number}`)
  const extra = more(head)
  const keys = Array.from({ length: cur.entries }, (_, i) => entryKey(number, i + 1))
  const got = await readMany(state, extra.length === 0 ? keys : [...keys, ...extra])
  const entries: StoredEntry[] = []
  for (let i = 0; i < keys.length; i++) {
    const e = got[i] as unknown as StoredEntry | undefined
    if (e === undefined) throw new DaejangError('INTERNAL', `register ${number} lacks its entry ${i + 1}`)
    entries.push(e)
  }
  return { reg: { number, head, cur, entries }, more: got.slice(keys.length) }
}

async function officeAgency(state: StateReader, office: string): Promise<string> {
  const a = await state.get(officeKey(office))
  if (typeof a !== 'string') throw err('LAND_OFFICE', `no registry office has the code ${office}`)
  return a
}

/** The registrar's agency must be the office's. */
async function requireRegistrarOf(ctx: TxContext<unknown>, office: string): Promise<string> {
  const agency = await officeAgency(ctx.state, office)
  if (!ctx.actingFor.includes(agency)) {
    throw new DaejangError('UNAUTHORIZED_ROLE', `only a registrar of the agency that keeps office ${office} may do this`)
  }
  return agency
}

function requireNotAfterBlock(day: string, time: number, field: string): void {
  const last = latestDayAt(time)
  if (day > last) throw new DaejangError('DATE_IN_FUTURE', `the date ${day} is after the day of this block (${last})`, { field, latest: last })
}

// ---------------------------------------------------------------------------------------------- offices, registers

export async function applyDefineOffice(ctx: TxContext<DefineOfficePayload>): Promise<void> {
  const p = ctx.payload
  if (!ctx.adminOf.includes(p.agency)) {
    throw new DaejangError('UNAUTHORIZED_ROLE', `only an administrator of agency "${p.agency}" may define its registry offices`)
  }
  const cur = await ctx.state.get(officeKey(p.office))
  if (cur !== undefined && cur !== p.agency) throw err('LAND_OFFICE', `office ${p.office} belongs to another agency`)
  // an office-code range (the code's first two digits, a region) belongs to the agency that defined its first office:
  // another agency cannot set up an office in a region whose offices it does not keep (docs/adr/0033, "Offices")
  const range = await ctx.state.get(officeRangeKey(p.office))
  if (range !== undefined && range !== p.agency) {
    throw err('LAND_OFFICE', `the office codes ${p.office.slice(0, 2)}xx belong to the offices of another agency`)
  }
  ctx.state.put(officeRangeKey(p.office), p.agency)
  ctx.state.put(officeKey(p.office), p.agency)
  ctx.state.put(`ld/of/${p.office}/name`, p.name)
}

async function nextNumber(ctx: TxContext<unknown>, office: string): Promise<string> {
  const year = Number(kstDay(ctx.time).slice(0, 4))
  const key = sequenceKey(office, year)
  const last = await ctx.state.get(key)
  const seq = (typeof last === 'number' ? last : 0) + 1
  ctx.state.put(key, seq)
  return formatRegisterNumber({ office, year, seq })
}

async function nextReceipt(state: StateView, office: string, time: number): Promise<{ year: number; on: string; number: number }> {
  const on = kstDay(time)
  const year = Number(on.slice(0, 4))
  const key = receiptCounterKey(office, year)
  const last = await state.get(key)
  const number = (typeof last === 'number' ? last : 0) + 1
  state.put(key, number)
  return { year, on, number }
}

export async function applyDefineComplex(ctx: TxContext<DefineComplexPayload>): Promise<void> {
  await requireRegistrarOf(ctx, ctx.payload.office)
  const number = await nextNumber(ctx, ctx.payload.office)
  ctx.state.put(complexKey(number), { ...ctx.payload.complex, office: ctx.payload.office, tx: ctx.hash, height: ctx.height } as unknown as Canonical)
}

export async function applyOpenRegister(ctx: TxContext<OpenRegisterPayload>): Promise<void> {
  const p = ctx.payload
  const agency = await requireRegistrarOf(ctx, p.office)
  requireNotAfterBlock(p.causeOn, ctx.time, 'causeOn')
  if (p.head.kind === 'unit') {
    const cx = (await ctx.state.get(complexKey(p.head.complex))) as { office?: unknown } | undefined
    if (cx === undefined) throw err('LAND_HEAD', `no complex has the number ${p.head.complex}`)
    if (cx.office !== p.office) throw err('LAND_OFFICE', `complex ${p.head.complex} is kept by office ${String(cx.office)}, not ${p.office}`)
    const unit = await ctx.state.get(complexUnitKey(p.head.complex, p.head.unit))
    if (unit !== undefined) throw err('LAND_HEAD', `the unit ${p.head.unit} of complex ${p.head.complex} already has register ${String(unit)}`)
  }
  const parcel = p.head.kind === 'land' ? locationKey(locationNormalForm(p.head.location)) : null
  if (parcel !== null) {
    const other = await ctx.state.get(parcel)
    if (other !== undefined) throw err('LAND_HEAD', `the parcel ${parcel.slice('ld/loc/'.length)} already has register ${String(other)}`)
  }
  const shares = p.owners.map((o) => (o.share === null ? null : toShare(o.share)))
  const ownerShares = p.owners.length === 1 && shares[0] === null ? [WHOLE] : shares
  if (ownerShares.some((s) => s === null) || !isWhole(ownerShares as Share[])) {
    throw err('LAND_SHARES', 'the first owners must hold shares that make exactly the whole (one owner alone may leave the share out)')
  }
  const number = await nextNumber(ctx, p.office)
  const receipt = await nextReceipt(ctx.state, p.office, ctx.time)
  if (p.head.kind === 'unit') ctx.state.put(complexUnitKey(p.head.complex, p.head.unit), number)
  if (parcel !== null) ctx.state.put(parcel, number)
  ctx.state.put(headKey(number), { ...p.head, office: p.office, agency } as unknown as Canonical)
  const holders = p.owners.map((o, i) => ({ ...o, share: shareText(ownerShares[i] as Share) }))
  const entry: StoredEntry = {
    seq: 1,
    section: 'A',
    rank: '1',
    purpose: 'ownership.preservation',
    receipt: { office: p.office, on: receipt.on, number: receipt.number },
    cause: p.cause,
    causeOn: p.causeOn,
    holders,
    of: null,
    portion: null,
    amount: null,
    debtor: null,
    target: null,
    caseNo: null,
    provisional: null,
    tx: ctx.hash,
    height: ctx.height,
  }
  ctx.state.put(entryKey(number, 1), entry as unknown as Canonical)
  const cur: CurrentState = {
    owners: holders.map((h) => ({ rank: '1', holder: h, share: h.share! })),
    live: [],
    cancelled: {},
    entries: 1,
  }
  ctx.state.put(currentKey(number), cur as unknown as Canonical)
}

// ---------------------------------------------------------------------------------------------- the plan of an entry

/** Who signed an application: keys, and the agencies each acts for as bank officer or authority. */
export interface Signers {
  keys: ReadonlySet<string>
  /** agencies for which some signer holds an active bank-officer credential */
  banks: ReadonlySet<string>
  /** agencies for which some signer holds an active land-authority credential */
  authorities: ReadonlySet<string>
  /** agencies for which some signer holds an active licensed-agent credential */
  agents: ReadonlySet<string>
}

/**
 * The signers of an application: the keys that signed it and, through a licensed agent's verified mandates
 * (`mandated`), the parties the agent signed for — a mandate stands in for its party's signature.
 */
export async function signersOf(state: StateReader, keys: readonly string[], time: number, mandated: readonly string[] = []): Promise<Signers> {
  const banks = new Set<string>()
  const authorities = new Set<string>()
  const agents = new Set<string>()
  for (const k of keys) {
    for (const a of await agenciesForRoles(state, k, [AGENT_ROLE], time)) agents.add(a)
    for (const a of await agenciesForRoles(state, k, [BANK_OFFICER_ROLE], time)) banks.add(a)
    for (const a of await agenciesForRoles(state, k, [AUTHORITY_ROLE], time)) authorities.add(a)
  }
  return { keys: new Set([...keys, ...mandated]), banks, authorities, agents }
}

/** The signers of a stored application, with the parties its agent's mandates signed for. */
export function applicationSigners(state: StateReader, app: StoredApplication, time: number): Promise<Signers> {
  return signersOf(state, app.parties, time, (app.mandates ?? []).map((m) => m.party))
}

/**
 * Whether a holder signed: by its key, or — a bank, a court, an office — by an officer of its agency: a bank officer
 * for a right or a purchase (`bank`), an authority's officer for a restriction (`authority`).
 */
function signedBy(h: Holder, s: Signers, as: 'bank' | 'authority'): boolean {
  if (h.key !== null && s.keys.has(h.key)) return true
  if (h.agency !== null) return (as === 'bank' ? s.banks : s.authorities).has(h.agency)
  if (h.key === null) throw err('LAND_NO_KEY', `${h.name} has no key on the register yet; a registrar must bind one first`)
  return false
}

function requireSigned(holders: readonly Holder[], s: Signers, who: string, as: 'bank' | 'authority' = 'bank'): void {
  for (const h of holders) {
    if (!signedBy(h, s, as)) throw err('LAND_PARTIES', `${who} ${h.name} has not signed this application`, { missing: h.key ?? h.agency })
  }
}

/**
 * Standing: an application must be signed by someone the register already names — a current owner, or a holder of a
 * live entry (in person, or an officer of the holder's agency) — or by a credentialed professional (a bank officer:
 * a buyer's mortgage is applied for with the transfer, before the buyer is on the register; a licensed agent). So a
 * key with no standing cannot fill a register's queue (and its receipt numbers) by naming itself a buyer.
 */
function requireStanding(reg: RegisterState, s: Signers, linked: readonly Holder[] = []): void {
  const holders: Holder[] = [...linked, ...reg.cur.owners.map((o) => o.holder)]
  for (const l of reg.cur.live) holders.push(...l.holders)
  // a bank officer gives standing (a buyer's mortgage); a licensed agent only through the parties it has mandates of
  if (s.banks.size > 0) return
  const stands = holders.some(
    (h) => (h.key !== null && s.keys.has(h.key)) || (h.agency !== null && (s.banks.has(h.agency) || s.authorities.has(h.agency))),
  )
  if (!stands) throw err('LAND_PARTIES', `no one who signed this application holds a right on register ${reg.number}`)
}

const sectionKey = (section: 'A' | 'B', rank: string): string => `${section}:${rank}`

function liveEntry(reg: RegisterState, target: { section: 'A' | 'B'; rank: string }): StoredEntry {
  const es = reg.entries.filter((x) => x.section === target.section && x.rank === target.rank && x.purpose !== 'holder.alteration')
  // a 본등기 takes its 가등기's rank: the rank then names the 본등기, live while an owner holds by it
  const e = es[es.length - 1]
  if (e === undefined) throw err('LAND_TARGET', `there is no entry ${target.rank} in section ${target.section === 'A' ? '갑구' : '을구'}`)
  if (e.purpose === 'provisional.main') {
    if (!reg.cur.owners.some((o) => o.rank === e.rank)) throw err('LAND_TARGET', `entry ${target.rank} of section 갑구 holds no live right`)
    return e
  }
  if (reg.cur.cancelled[sectionKey(target.section, target.rank)] !== undefined) {
    throw err('LAND_TARGET', `entry ${target.rank} of section ${target.section === 'A' ? '갑구' : '을구'} is already cancelled`)
  }
  return e
}

/** The holders of a live entry as they are now (cur), or null when the entry is not live. */
function currentHolders(live: readonly CurrentLive[], section: 'A' | 'B', rank: string): Holder[] | null {
  return live.find((l) => l.section === section && l.rank === rank)?.holders ?? null
}

/** The restrictions that stand in the way of disposing of the whole (of === null) or of one owner entry's share. */
function blockingRestrictions(reg: RegisterState, of: string | null): CurrentState['live'] {
  return reg.cur.live.filter(
    (l) => l.section === 'A' && RESTRICTIONS.includes(l.purpose) && (of === null || l.of === null || l.of === of),
  )
}

function requireUnrestricted(reg: RegisterState, of: string | null): void {
  const b = blockingRestrictions(reg, of)
  if (b.length > 0) {
    throw err('LAND_RESTRICTED', `entry ${b[0]!.rank} of section 갑구 restricts disposing of ${of === null ? 'the property' : `the share of entry ${of}`}`, {
      ranks: b.map((x) => x.rank),
    })
  }
}

function requireHoldersWithKeys(holders: readonly Holder[]): void {
  for (const h of holders) {
    if (h.key === null && h.agency === null) throw err('LAND_PARTIES', `${h.name} must be named with the key that will sign for the right`)
  }
}

/** An entry as the one rank function (portable/ranks.ts) reads it. */
function ranked(e: Pick<StoredEntry, 'section' | 'rank' | 'receipt' | 'provisional'>): RankedEntry {
  return {
    section: e.section,
    rank: e.rank,
    receivedOn: e.receipt.on,
    receipt: e.receipt.number,
    ...(e.provisional !== null ? { provisional: e.provisional } : {}),
  }
}

/** The entry a live item stands on: the first entry of its section and rank that is not a holder alteration. */
function entryOf(reg: RegisterState, l: { section: 'A' | 'B'; rank: string }): StoredEntry {
  const e = reg.entries.find((x) => x.section === l.section && x.rank === l.rank && x.purpose !== 'holder.alteration')
  if (e === undefined) throw new DaejangError('INTERNAL', `register ${reg.number} lacks the entry of rank ${l.rank}`)
  return e
}

/** What a 본등기 cancels when it ranks before it: entries that conflict with the ownership its 가등기 reserved. */
const CONFLICTS_WITH_PROVISIONAL: readonly Purpose[] = [
  'ownership.transfer',
  'ownership.share-transfer',
  'provisional.transfer',
  'provisional.main',
  ...RESTRICTIONS,
  ...B_RIGHTS,
]

/**
 * The main entries that rank after the 가등기 `prov` (by compareRank: within 갑구 by rank number, against 을구 by
 * receipt) and conflict with it, still standing: the 본등기 of `prov` cancels each ex officio. A later 가등기 already
 * completed by its own 본등기 is cancelled through that 본등기 (same rank); a later 가등기 still pending is cancelled
 * itself.
 */
function laterConflicting(reg: RegisterState, prov: StoredEntry, cancelled: Readonly<Record<string, string>>): StoredEntry[] {
  const p = ranked(prov)
  const out: StoredEntry[] = []
  const completed = new Set(reg.entries.filter((e) => e.purpose === 'provisional.main').map((e) => sectionKey(e.section, e.rank)))
  for (const e of reg.entries) {
    if (e === prov || parseRank(e.rank)![1] !== 0 || !CONFLICTS_WITH_PROVISIONAL.includes(e.purpose)) continue
    const k = sectionKey(e.section, e.rank)
    if (e.purpose === 'provisional.transfer' && completed.has(k)) continue
    // a 가등기 completed by its 본등기 is marked with its own rank: that is completion, not cancellation
    const by = cancelled[k]
    if (by !== undefined && !(e.purpose === 'provisional.main' && by === e.rank)) continue
    if (compareRank(ranked(e), p) <= 0) continue
    out.push(e)
  }
  return out
}

/**
 * The obligors of a 가등기 (가등기의무자): the owners it was entered against, as recorded on it; for a 가등기 entered
 * before they were recorded (a migrated register), the holders of the whole-ownership entry just before it.
 */
function obligorsOf(reg: RegisterState, prov: StoredEntry): CurrentOwner[] {
  if (prov.obligors !== undefined) return prov.obligors
  const before = reg.entries.filter((e) => e.section === 'A' && e.seq < prov.seq && parseRank(e.rank)![1] === 0)
  for (let i = before.length - 1; i >= 0; i--) {
    const e = before[i]!
    if (e.purpose === 'ownership.share-transfer') break
    if (e.purpose === 'ownership.preservation' || e.purpose === 'ownership.transfer' || e.purpose === 'provisional.main') {
      return e.holders.map((h) => ({ rank: e.rank, holder: h, share: h.share ?? '1/1' }))
    }
  }
  throw err('LAND_NOT_OBLIGOR', `the owners entry ${prov.rank} was entered against are not recorded; a registrar must examine it`)
}

/** The same holder but for the key: what a registrar's rebinding keeps (it changes the key only). */
function sameButKey(a: Holder, b: Holder): boolean {
  return a.kind === b.kind && a.name === b.name && a.id === b.id && a.idHash === b.idHash && a.address === b.address && a.agency === b.agency
}

/**
 * The obligors as the register has them now: each owner entry's holder followed through the alterations of that
 * entry — a holder's own (particulars changed, same key) and a registrar's rebinding (same person, a new key,
 * `ex-officio`). So a key a registrar replaced (lost, stolen) no longer counts, and the key bound since does. A
 * rebinding is followed for the one obligor of that entry it can be: when two look alike but for their keys (two
 * co-owners of one name, no identifier recorded), the register cannot tell which was rebound and neither is followed
 * (`null`: a registrar must examine) — else one co-owner's new key would stand in for the other.
 */
function obligorsNow(reg: RegisterState, obligors: readonly CurrentOwner[]): Array<Holder | null> {
  const now: Array<Holder | null> = obligors.map((o) => o.holder)
  for (const e of reg.entries) {
    if (e.purpose !== 'holder.alteration' || e.target?.section !== 'A') continue
    const h = e.holders[0]
    if (h === undefined) continue
    const at = obligors.map((o, i) => i).filter((i) => obligors[i]!.rank === e.target!.rank && now[i] !== null)
    const own = at.filter((i) => h.key !== null && now[i]!.key === h.key)
    if (own.length > 0) {
      for (const i of own) now[i] = h
      continue
    }
    if (e.cause !== 'ex-officio') continue
    const alike = at.filter((i) => sameButKey(h, now[i]!))
    if (alike.length === 1) now[alike[0]!] = h
    else for (const i of alike) now[i] = null
  }
  return now
}

/**
 * The 본등기 needs every obligor of its 가등기 — by its key as the register has it now (obligorsNow), or an officer of
 * its agency — whoever owns now. The current owner, if another, cannot stand in.
 */
function requireObligors(reg: RegisterState, prov: StoredEntry, s: Signers): void {
  const obligors = obligorsOf(reg, prov)
  const nows = obligorsNow(reg, obligors)
  obligors.forEach((o, i) => {
    const h = nows[i]
    if (h === null || h === undefined) {
      throw err('LAND_NOT_OBLIGOR', `a registrar rebound one of the owners named ${o.holder.name} of entry ${o.rank}, and the register does not say which; a registrar must examine this main registration`)
    }
    const byAgency = h.agency !== null && s.banks.has(h.agency)
    if (h.key === null && !byAgency) throw err('LAND_NO_KEY', `${h.name} has no key on the register yet; a registrar must bind one first`)
    if (!byAgency && !s.keys.has(h.key!)) {
      throw err('LAND_NOT_OBLIGOR', `${h.name}, against whom entry ${prov.rank} was entered, has not signed this main registration`, { missing: h.key })
    }
  })
}

/** What entering a request writes: the entries (in order) and the current state after them. */
export interface Plan {
  entries: Array<Omit<StoredEntry, 'seq' | 'receipt' | 'tx' | 'height'>>
  cur: CurrentState
}

const baseEntry = (r: LandRequest): Omit<StoredEntry, 'seq' | 'receipt' | 'tx' | 'height' | 'section' | 'rank' | 'purpose' | 'holders'> => ({
  cause: r.cause,
  causeOn: r.causeOn,
  of: r.of,
  portion: r.portion,
  amount: r.amount,
  debtor: r.debtor,
  target: r.target,
  caseNo: r.caseNo,
  provisional: null,
})

/** Owners in a request take their shares from the payload; a single owner may leave it out (the whole). */
function newOwnerShares(holders: readonly Holder[], whole: Share): Share[] {
  if (holders.length === 1 && holders[0]!.share === null) return [whole]
  return holders.map((h) => {
    if (h.share === null) throw err('LAND_SHARES', `the share of ${h.name} is missing`)
    return toShare(h.share)
  })
}

/**
 * Decides what entering `r` on `reg` writes, as of the state given, or refuses with the rule's code. `authority`:
 * the agency of a commissioning authority (null for parties' applications).
 */
export function plan(reg: RegisterState, r: LandRequest, s: Signers, authority: string | null): Plan {
  const live = [...reg.cur.live]
  const cancelled = { ...reg.cur.cancelled }
  let owners: CurrentOwner[] = reg.cur.owners.map((o) => ({ ...o }))
  const entries: Plan['entries'] = []
  const allEntries = (): Array<{ section: 'A' | 'B'; rank: string; receivedOn: string; receipt: number }> =>
    [...reg.entries, ...entries].map((e) => ({ section: e.section, rank: e.rank, receivedOn: '', receipt: 0 }))
  const section = PURPOSES[r.purpose]
  const purpose: Purpose = r.purpose
  const ownerKeys = (os: readonly CurrentOwner[]): Holder[] => os.map((o) => o.holder)

  switch (purpose) {
    case 'ownership.preservation':
      throw err('LAND_TARGET', 'a register is preserved when it is opened, not by an application')
    case 'ownership.transfer': {
      requireUnrestricted(reg, null)
      requireSigned(ownerKeys(owners), s, 'the owner')
      requireHoldersWithKeys(r.holders)
      requireSigned(r.holders, s, 'the buyer')
      const shares = newOwnerShares(r.holders, WHOLE)
      if (!isWhole(shares)) throw err('LAND_SHARES', 'the new owners must hold shares that make exactly the whole')
      const rank = nextMainRank(allEntries(), 'A')
      const holders = r.holders.map((h, i) => ({ ...h, share: shareText(shares[i]!) }))
      entries.push({ ...baseEntry(r), section: 'A', rank, purpose, holders })
      owners = holders.map((h) => ({ rank, holder: h, share: h.share }))
      break
    }
    case 'ownership.share-transfer': {
      if (r.of === null || r.portion === null) throw err('LAND_PARTIES', 'a share transfer names the owner entry (of) and the portion that moves')
      const sellers = owners.filter((o) => o.rank === r.of && o.holder.key !== null && s.keys.has(o.holder.key))
      if (sellers.length !== 1) throw err('LAND_NOT_OWNER', `no owner of entry ${r.of} has signed this application`)
      requireUnrestricted(reg, r.of)
      const seller = sellers[0]!
      const portion = toShare(r.portion)
      const held = toShare(seller.share)
      if (compareShares(portion, held) > 0) throw err('LAND_SHARES', `the portion ${r.portion} exceeds the share held, ${seller.share}`)
      requireHoldersWithKeys(r.holders)
      requireSigned(r.holders, s, 'the buyer')
      const shares = newOwnerShares(r.holders, portion)
      if (r.holders.length === 0 || compareShares(sumShares(shares), portion) !== 0) {
        throw err('LAND_SHARES', `the buyers' shares must add up to the portion that moves, ${r.portion}`)
      }
      const rank = nextMainRank(allEntries(), 'A')
      const holders = r.holders.map((h, i) => ({ ...h, share: shareText(shares[i]!) }))
      entries.push({ ...baseEntry(r), section: 'A', rank, purpose, holders })
      const left = subtractShares(held, portion)
      owners = owners.flatMap((o) => (o !== seller ? [o] : left.n === 0n ? [] : [{ ...o, share: shareText(left) }]))
      owners.push(...holders.map((h) => ({ rank, holder: h, share: h.share })))
      break
    }
    case 'provisional.transfer': {
      requireSigned(ownerKeys(owners), s, 'the owner')
      requireHoldersWithKeys(r.holders)
      requireSigned(r.holders, s, 'the holder of the claim')
      if (r.holders.length === 0) throw err('LAND_PARTIES', 'a provisional registration names the holder of the claim')
      const rank = nextMainRank(allEntries(), 'A')
      const holders = r.holders.map((h) => ({ ...h }))
      // the owners it is entered against (its obligors): they, not whoever owns later, apply for its 본등기
      entries.push({ ...baseEntry(r), section: 'A', rank, purpose, holders, obligors: owners.map((o) => ({ ...o })) })
      live.push({ section: 'A', rank, purpose, of: null, holders })
      break
    }
    case 'provisional.main': {
      if (r.target === null || r.target.section !== 'A') throw err('LAND_TARGET', 'a main registration names its provisional registration in 갑구')
      const prov = liveEntry(reg, r.target)
      if (prov.purpose !== 'provisional.transfer') throw err('LAND_TARGET', `entry ${prov.rank} is not a provisional registration`)
      const provHolders = currentHolders(live, 'A', prov.rank)
      if (provHolders === null) throw err('LAND_TARGET', `entry ${prov.rank} is not live`)
      requireSigned(provHolders, s, 'the holder of the claim')
      requireObligors(reg, prov, s)
      const provRanked = ranked(prov)
      // only what ranks before the 가등기 stands in the way; what came after it is cancelled by this entry's rank
      const before = blockingRestrictions(reg, null).filter((l) => compareRank(ranked(entryOf(reg, l)), provRanked) < 0)
      if (before.length > 0) throw err('LAND_RESTRICTED', `entry ${before[0]!.rank} of section 갑구 ranks before the provisional registration and restricts it`)
      const shares = newOwnerShares(provHolders, WHOLE)
      if (!isWhole(shares)) throw err('LAND_SHARES', 'the holders of the claim must take shares that make exactly the whole')
      const holders = provHolders.map((h, i) => ({ ...h, share: shareText(shares[i]!) }))
      entries.push({
        ...baseEntry(r),
        section: 'A',
        rank: prov.rank,
        purpose,
        holders,
        provisional: { rank: prov.rank, receivedOn: prov.receipt.on, receipt: prov.receipt.number },
      })
      // every entry that ranks after the 가등기 (in either section, by the one rank function) and conflicts with the
      // right it reserved is cancelled ex officio (직권말소): later transfers, restrictions and 가등기 in 갑구, later
      // rights in 을구; each by an entry of its own section pointing at it
      for (const e of laterConflicting(reg, prov, cancelled)) {
        const rank = nextMainRank(allEntries(), e.section)
        entries.push({
          ...baseEntry(r),
          cause: 'ex-officio',
          causeOn: r.causeOn,
          section: e.section,
          rank,
          purpose: 'cancellation',
          holders: [],
          target: { section: e.section, rank: e.rank },
          of: null,
          portion: null,
          amount: null,
          debtor: null,
          caseNo: null,
        })
        cancelled[sectionKey(e.section, e.rank)] = rank
      }
      cancelled[sectionKey('A', prov.rank)] = prov.rank
      const stillLive = live.filter((l) => cancelled[sectionKey(l.section, l.rank)] === undefined)
      live.length = 0
      live.push(...stillLive)
      owners = holders.map((h) => ({ rank: prov.rank, holder: h, share: h.share }))
      break
    }
    case 'restriction.provisional-attachment':
    case 'restriction.injunction':
    case 'restriction.seizure':
    case 'restriction.auction': {
      if (authority === null) throw err('LAND_PARTIES', 'a restriction is entered on the commission of a court or an office, not on application')
      if (r.holders.length === 0) throw err('LAND_PARTIES', 'a restriction names its creditor or the authority')
      if (r.of !== null && !owners.some((o) => o.rank === r.of)) throw err('LAND_TARGET', `no live owner holds by entry ${r.of}`)
      const rank = nextMainRank(allEntries(), 'A')
      const holders = r.holders.map((h) => ({ ...h }))
      entries.push({ ...baseEntry(r), section: 'A', rank, purpose, holders })
      live.push({ section: 'A', rank, purpose, of: r.of, holders })
      break
    }
    case 'right.mortgage':
    case 'right.jeonse':
    case 'right.superficies':
    case 'right.lease': {
      const grantors = r.of === null ? owners : owners.filter((o) => o.rank === r.of)
      if (grantors.length === 0) throw err('LAND_TARGET', `no live owner holds by entry ${r.of}`)
      requireUnrestricted(reg, r.of)
      requireSigned(ownerKeys(grantors), s, 'the owner')
      if (r.holders.length === 0) throw err('LAND_PARTIES', 'a right names its holder')
      requireHoldersWithKeys(r.holders)
      requireSigned(r.holders, s, 'the holder of the right')
      if (purpose === 'right.mortgage' && (r.amount === null || r.debtor === null)) {
        throw err('LAND_PARTIES', 'a mortgage states its maximum amount and its debtor')
      }
      const rank = nextMainRank(allEntries(), 'B')
      const holders = r.holders.map((h) => ({ ...h }))
      entries.push({ ...baseEntry(r), section: 'B', rank, purpose, holders })
      live.push({ section: 'B', rank, purpose, of: r.of, holders })
      break
    }
    case 'cancellation': {
      if (r.target === null) throw err('LAND_TARGET', 'a cancellation names the entry it cancels')
      const t = liveEntry(reg, r.target)
      const tHolders = currentHolders(live, t.section, t.rank)
      if (tHolders === null) throw err('LAND_TARGET', `entry ${t.rank} is not a right or restriction that can be cancelled`)
      if (RESTRICTIONS.includes(t.purpose)) {
        const agency = tHolders.find((h) => h.agency !== null)?.agency ?? null
        const byAuthority = authority !== null && (agency === null || authority === agency)
        const byCreditor = tHolders.length > 0 && tHolders.every((h) => (h.key !== null && s.keys.has(h.key)) || (h.agency !== null && s.banks.has(h.agency)))
        if (!byAuthority && !byCreditor) throw err('LAND_PARTIES', `only the authority or the creditor of entry ${t.rank} may have it cancelled`)
      } else {
        requireSigned(tHolders, s, 'the holder of the right')
      }
      const rank = nextMainRank(allEntries(), t.section)
      entries.push({ ...baseEntry(r), section: t.section, rank, purpose, holders: [] })
      cancelled[sectionKey(t.section, t.rank)] = rank
      const i = live.findIndex((l) => l.section === t.section && l.rank === t.rank)
      live.splice(i, 1)
      break
    }
    case 'holder.alteration': {
      if (r.target === null) throw err('LAND_TARGET', 'an alteration names the entry whose holder changes')
      const t = liveEntry(reg, r.target)
      const isOwner = owners.some((o) => o.rank === t.rank && t.section === 'A')
      const liveHolders = currentHolders(live, t.section, t.rank)
      if (!isOwner && liveHolders === null) throw err('LAND_TARGET', `entry ${t.rank} holds no live right`)
      if (r.holders.length !== 1 || r.holders[0]!.key === null) throw err('LAND_PARTIES', 'an alteration gives the one holder as changed, with its key')
      const changed = r.holders[0]!
      // the holder as the register has it now (after earlier alterations and rebinding), found by its current key
      const nowHolders = isOwner ? owners.filter((o) => o.rank === t.rank).map((o) => o.holder) : liveHolders!
      const before = nowHolders.find((h) => h.key === changed.key)
      if (before === undefined) throw err('LAND_PARTIES', `the key given holds no right by entry ${t.rank}`)
      requireSigned([before], s, 'the holder')
      const updated = { ...changed, share: before.share, idHash: changed.idHash ?? before.idHash }
      const rank = nextSupplementRank(allEntries(), t.section, parseRank(t.rank)![1] === 0 ? t.rank : String(parseRank(t.rank)![0]))
      entries.push({ ...baseEntry(r), section: t.section, rank, purpose, holders: [updated] })
      if (isOwner) {
        owners = owners.map((o) => (o.rank === t.rank && t.section === 'A' && o.holder.key === changed.key ? { ...o, holder: { ...updated, share: o.share } } : o))
      } else {
        const i = live.findIndex((l) => l.section === t.section && l.rank === t.rank)
        live[i] = { ...live[i]!, holders: live[i]!.holders.map((h) => (h.key === changed.key ? { ...updated, share: h.share } : h)) }
      }
      break
    }
  }
  if (section !== null && entries.length > 0 && entries[0]!.section !== section) throw new DaejangError('INTERNAL', 'section mismatch')
  if (owners.length > MAX_OWNERS) throw err('LAND_SHARES', `a register holds at most ${MAX_OWNERS} co-owners`)
  const ownerShares = owners.map((o) => toShare(o.share))
  if (commonDenominator(ownerShares) === null) {
    throw err('LAND_SHARES', `the owners' shares would need a common denominator of more than ${MAX_COMMON_DIGITS} digits`)
  }
  if (owners.length > 0 && !isWhole(ownerShares)) throw err('LAND_SHARES', 'the owners would not hold exactly the whole')
  return { entries, cur: { owners, live, cancelled, entries: reg.cur.entries + entries.length } }
}

// ---------------------------------------------------------------------------------------------- applications

function requireCauseDate(r: LandRequest, time: number): void {
  requireNotAfterBlock(r.causeOn, time, 'causeOn')
}

/** Purposes whose request names the new right-holders (buyers, creditors, the holder of a 가등기). */
const NAMES_NEW_HOLDERS: readonly Purpose[] = ['ownership.transfer', 'ownership.share-transfer', 'provisional.transfer', ...B_RIGHTS]

/** Keys of the new holders an application names (a buyer, a creditor), for standing. */
const namedNewHolders = (r: LandRequest): Holder[] => (NAMES_NEW_HOLDERS.includes(r.purpose) ? r.holders : [])

/**
 * The new holders an application filed together with this one lends standing to: only while it is still received.
 * Once entered, its new holders are on the register in their own right for as long as they hold (a former buyer who
 * has sold on must not keep standing through an old, entered sale).
 */
const linkedHolders = (together: StoredApplication | null): Holder[] =>
  together !== null && together.status === 'received' ? namedNewHolders(together.request) : []

/**
 * The mandates of an application, each verified (portable/mandate.ts): for this office and exact request, signed by
 * its party, for an agent who signed the application and holds an active licensed-agent credential; one per party.
 * And an agent who signed for anyone must carry a mandate: a licensed agent without one gets LAND_MANDATE.
 */
async function verifyMandates(
  state: StateReader,
  chainId: string,
  office: string,
  request: LandRequest,
  mandates: readonly Mandate[],
  signed: readonly string[],
  time: number,
  /** keys that hold something on the register: an agent who is itself a holder signs for itself */
  holderKeys: ReadonlySet<string>,
): Promise<Array<{ party: string; agent: string; hash: string }>> {
  const out: Array<{ party: string; agent: string; hash: string }> = []
  const agents = new Map<string, boolean>()
  const isAgent = async (k: string): Promise<boolean> => {
    if (!agents.has(k)) agents.set(k, (await agenciesForRoles(state, k, [AGENT_ROLE], time)).length > 0)
    return agents.get(k)!
  }
  for (const m of mandates) {
    if (!signed.includes(m.agent)) throw err('LAND_MANDATE', `the agent named by the mandate of ${m.party.slice(0, 12)}… has not signed this application`)
    if (!(await isAgent(m.agent))) throw err('LAND_MANDATE', 'only a licensed agent (법무사) acts under a mandate')
    if (signed.includes(m.party)) throw err('LAND_MANDATE', `${m.party.slice(0, 12)}… signed this application itself; its mandate is not needed`)
    if (out.some((x) => x.party === m.party)) throw err('LAND_MANDATE', `two mandates of ${m.party.slice(0, 12)}…`)
    const c = checkMandate(m, office, request, chainId)
    if ('reason' in c) throw err('LAND_MANDATE', c.reason)
    // used once: a withdrawn, rejected or entered application's mandate cannot file the same request again
    if ((await state.get(mandateUsedKey(c.hash))) !== undefined) {
      throw err('LAND_MANDATE', `the mandate of ${m.party.slice(0, 12)}… was already used by another application; the party signs anew`)
    }
    out.push({ party: m.party, agent: m.agent, hash: c.hash })
  }
  for (const k of signed) {
    if ((await isAgent(k)) && !out.some((x) => x.agent === k) && !holderKeys.has(k) && !request.holders.some((h) => h.key === k)) {
      throw err('LAND_MANDATE', 'a licensed agent signed this application without a mandate of a party for it')
    }
  }
  if (request.mandate !== null && !out.some((x) => x.hash === request.mandate)) {
    throw err('LAND_MANDATE', 'the request names a mandate the application does not carry')
  }
  return out
}

/** The keys of the current owners and of the holders of live entries. */
function holderKeysOf(cur: CurrentState): Set<string> {
  const keys = new Set<string>()
  for (const h of [...cur.owners.map((o) => o.holder), ...cur.live.flatMap((l) => l.holders)]) if (h.key !== null) keys.add(h.key)
  return keys
}

/** The application this one is filed together with (연건신청): on the same register, received or entered. */
async function readTogether(state: StateReader, ref: ReceiptRef | undefined, register: string): Promise<StoredApplication | null> {
  if (ref === undefined) return null
  const app = (await state.get(applicationKey(ref.office, ref.year, ref.receipt))) as unknown as StoredApplication | undefined
  if (app === undefined) throw err('LAND_APP_UNKNOWN', `no application has the receipt ${ref.office}/${ref.year}/${ref.receipt}`)
  if (app.request.register !== register) throw err('LAND_TARGET', `the application filed together with this one is on another register, ${app.request.register}`)
  if (app.status !== 'received' && app.status !== 'entered') throw err('LAND_APP_STATE', `the application filed together with this one is ${app.status}`)
  return app
}

async function receive(ctx: TxContext<ApplyPayload>, authority: string | null): Promise<void> {
  const p = ctx.payload
  requireCauseDate(p.request, ctx.time)
  const reg = await readRegister(ctx.state, p.request.register)
  if (reg.head.office !== p.office) throw err('LAND_OFFICE', `register ${reg.number} is kept by office ${reg.head.office}, not ${p.office}`)
  const parties = [ctx.signer, ...ctx.cosigners.map((c) => c.key)]
  const mandates = await verifyMandates(ctx.state, ctx.genesis.chainId, p.office, p.request, p.mandates ?? [], parties, ctx.time, holderKeysOf(reg.cur))
  const together = await readTogether(ctx.state, p.together, reg.number)
  const signers = await signersOf(ctx.state, parties, ctx.time, mandates.map((m) => m.party))
  if (authority === null) requireStanding(reg, signers, linkedHolders(together))
  const findings: StoredApplication['findings'] = []
  try {
    plan(reg, p.request, signers, authority)
  } catch (e) {
    if (!(e instanceof DaejangError)) throw e
    findings.push({ code: e.code, message: e.message })
  }
  const r = await nextReceipt(ctx.state, p.office, ctx.time)
  const app: StoredApplication = {
    office: p.office,
    year: r.year,
    receipt: r.number,
    on: r.on,
    request: p.request,
    parties,
    authority,
    ...(mandates.length > 0 ? { mandates } : {}),
    ...(p.together !== undefined ? { together: p.together } : {}),
    status: 'received',
    findings,
    reason: null,
    decidedBy: null,
    decidedAt: null,
    tx: ctx.hash,
    height: ctx.height,
  }
  ctx.state.put(applicationKey(p.office, r.year, r.number), app as unknown as Canonical)
  for (const m of mandates) ctx.state.put(mandateUsedKey(m.hash), [p.office, r.year, r.number] as unknown as Canonical)
}

export async function applyApply(ctx: TxContext<ApplyPayload>): Promise<void> {
  if (RESTRICTIONS.includes(ctx.payload.request.purpose)) {
    throw err('LAND_PARTIES', 'a restriction is entered on the commission of a court or an office, not on application')
  }
  await receive(ctx, null)
}

export async function applyCommission(ctx: TxContext<ApplyPayload>): Promise<void> {
  const r = ctx.payload.request
  if (!RESTRICTIONS.includes(r.purpose) && r.purpose !== 'cancellation') {
    throw err('LAND_PARTIES', 'an authority commissions restrictions and their cancellation only')
  }
  // the authority acts for the agency it names as the restriction's holder (or, cancelling, the target's)
  const agency = r.purpose === 'cancellation' ? null : (r.holders.find((h) => h.agency !== null)?.agency ?? null)
  if (agency !== null && !ctx.actingFor.includes(agency)) {
    throw new DaejangError('UNAUTHORIZED_ROLE', `only an officer of "${agency}" may commission a restriction in its name`)
  }
  if (r.purpose !== 'cancellation' && agency === null) throw err('LAND_PARTIES', 'a restriction names the agency of the authority among its holders')
  await receive(ctx, agency ?? ctx.actingFor[0] ?? null)
}

/**
 * At admission (docs/adr/0033, "Parties and their keys"): every key that signed — the signer and each co-signer —
 * must be a holder on the named register (a current owner, a holder of a live entry, an officer of a holder's
 * agency), a new holder the request names (a buyer, a creditor; or one the application filed together with names),
 * or a credentialed bank officer or licensed agent; an agent must carry a valid mandate; and someone must stand on
 * the register, as execution requires. So a stranger can neither apply, nor ride along as a co-signer, nor name
 * itself the buyer of a register it holds nothing on.
 */
export async function admitApply(ctx: AdmissionContext<ApplyPayload>): Promise<void> {
  const p = ctx.payload
  const r = p.request
  const refuse = (why: string): never => {
    throw new DaejangError('UNAUTHORIZED_ROLE', `only a party to the register or the act, a licensed agent or a bank officer may apply: ${why}`)
  }
  const head = (await ctx.state.get(headKey(r.register))) as unknown as { office?: unknown } | undefined
  const cur = (await ctx.state.get(currentKey(r.register))) as unknown as CurrentState | undefined
  if (head === undefined || cur === undefined) throw err('LAND_REGISTER_UNKNOWN', `no register has the number ${r.register}`)
  if (head.office !== p.office) throw err('LAND_OFFICE', `register ${r.register} is kept by office ${String(head.office)}, not ${p.office}`)
  const signed = [ctx.signer, ...(ctx.cosigners ?? [])]
  const holders: Holder[] = [...cur.owners.map((o) => o.holder), ...cur.live.flatMap((l) => l.holders)]
  const together = await readTogether(ctx.state, p.together, r.register)
  const linked = linkedHolders(together)
  const named = [...namedNewHolders(r), ...linked]
  const mandates = await verifyMandates(ctx.state, ctx.genesis.chainId, p.office, r, p.mandates ?? [], signed, ctx.time, holderKeysOf(cur))
  // standing, as execution has it (requireStanding): a holder on the register (or named by the application filed
  // together), in person or by mandate, or a bank officer
  const standing = [...holders, ...linked]
  let stands = mandates.some((m) => standing.some((h) => h.key === m.party))
  for (const k of signed) {
    const agent = (await agenciesForRoles(ctx.state, k, [AGENT_ROLE], ctx.time)).length > 0
    const bankOf = await agenciesForRoles(ctx.state, k, [BANK_OFFICER_ROLE], ctx.time)
    const authorityOf = await agenciesForRoles(ctx.state, k, [AUTHORITY_ROLE], ctx.time)
    const holds = holders.some((h) => h.key === k || (h.agency !== null && (bankOf.includes(h.agency) || authorityOf.includes(h.agency))))
    if (holds || bankOf.length > 0 || standing.some((h) => h.key === k)) stands = true
    if (!holds && !agent && bankOf.length === 0 && !named.some((h) => h.key === k)) {
      refuse(`the key ${k.slice(0, 12)}… holds nothing on register ${r.register} and is not named in the application`)
    }
  }
  if (!stands) refuse(`no one who signed holds a right on register ${r.register}`)
}

async function readApplication(state: StateReader, ref: ReceiptRef): Promise<StoredApplication> {
  const app = (await state.get(applicationKey(ref.office, ref.year, ref.receipt))) as unknown as StoredApplication | undefined
  if (app === undefined) throw err('LAND_APP_UNKNOWN', `no application has the receipt ${ref.office}/${ref.year}/${ref.receipt}`)
  if (app.status !== 'received') throw err('LAND_APP_STATE', `the application is already ${app.status}`)
  return app
}

export async function applyEnter(ctx: TxContext<ReceiptRef>): Promise<void> {
  await requireRegistrarOf(ctx, ctx.payload.office)
  const app = await readApplication(ctx.state, ctx.payload)
  const reg = await readRegister(ctx.state, app.request.register)
  const signers = await applicationSigners(ctx.state, app, ctx.time)
  const pl = plan(reg, app.request, signers, app.authority)
  let seq = reg.cur.entries
  for (const e of pl.entries) {
    seq++
    const stored: StoredEntry = {
      ...e,
      seq,
      receipt: { office: app.office, on: app.on, number: app.receipt },
      tx: ctx.hash,
      height: ctx.height,
    }
    ctx.state.put(entryKey(reg.number, seq), stored as unknown as Canonical)
  }
  ctx.state.put(currentKey(reg.number), pl.cur as unknown as Canonical)
  const done: StoredApplication = { ...app, status: 'entered', decidedBy: ctx.signer, decidedAt: ctx.height }
  ctx.state.put(applicationKey(app.office, app.year, app.receipt), done as unknown as Canonical)
}

export async function applyReject(ctx: TxContext<RejectPayload>): Promise<void> {
  await requireRegistrarOf(ctx, ctx.payload.office)
  const app = await readApplication(ctx.state, ctx.payload)
  const done: StoredApplication = { ...app, status: 'rejected', reason: ctx.payload.reason, decidedBy: ctx.signer, decidedAt: ctx.height }
  ctx.state.put(applicationKey(app.office, app.year, app.receipt), done as unknown as Canonical)
}

export async function applyWithdraw(ctx: TxContext<ReceiptRef>): Promise<void> {
  const app = await readApplication(ctx.state, ctx.payload)
  if (!mayWithdraw(app, ctx.signer)) {
    throw new DaejangError('UNAUTHORIZED_ROLE', 'only a party that signed the application (or whose mandate it carries) may withdraw it')
  }
  const done: StoredApplication = { ...app, status: 'withdrawn', decidedBy: ctx.signer, decidedAt: ctx.height }
  ctx.state.put(applicationKey(app.office, app.year, app.receipt), done as unknown as Canonical)
}

export async function admitWithdraw(ctx: AdmissionContext<ReceiptRef>): Promise<void> {
  const app = (await ctx.state.get(applicationKey(ctx.payload.office, ctx.payload.year, ctx.payload.receipt))) as unknown as
    | StoredApplication
    | undefined
  if (app === undefined || !mayWithdraw(app, ctx.signer)) {
    throw new DaejangError('UNAUTHORIZED_ROLE', 'only a party that signed the application (or whose mandate it carries) may withdraw it')
  }
}

/** A party that signed the application, or a party an agent signed it for (its mandate is on the application). */
function mayWithdraw(app: StoredApplication, key: string): boolean {
  return app.parties.includes(key) || (app.mandates ?? []).some((m) => m.party === key)
}

/** A registrar binds a key to a holder after checking the person's identity (lost key, migrated register). */
export async function applyRebind(ctx: TxContext<RebindPayload>): Promise<void> {
  const p = ctx.payload
  const reg = await readRegister(ctx.state, p.register)
  await requireRegistrarOf(ctx, reg.head.office)
  // the holder as the register has it now: a current owner holding by that entry (by position among them), or a
  // holder of a live entry; a cancelled entry's or a former owner's holder cannot be rebound
  const ownersOf = p.section === 'A' ? reg.cur.owners.filter((o) => o.rank === p.rank) : []
  const liveAt = reg.cur.live.findIndex((l) => l.section === p.section && l.rank === p.rank)
  const nowHolders = ownersOf.length > 0 ? ownersOf.map((o) => o.holder) : liveAt >= 0 ? reg.cur.live[liveAt]!.holders : []
  if (p.holder >= nowHolders.length) {
    throw err('LAND_TARGET', `entry ${p.rank} of section ${p.section === 'A' ? '갑구' : '을구'} has no live holder ${p.holder + 1}`)
  }
  const old = nowHolders[p.holder]!
  const seq = reg.cur.entries + 1
  const rank = nextSupplementRank(
    reg.entries.map((x) => ({ section: x.section, rank: x.rank, receivedOn: '', receipt: 0 })),
    p.section,
    String(parseRank(p.rank)![0]),
  )
  const r = await nextReceipt(ctx.state, reg.head.office, ctx.time)
  const updated: Holder = { ...old, key: p.key }
  const entry: StoredEntry = {
    seq,
    section: p.section,
    rank,
    purpose: 'holder.alteration',
    receipt: { office: reg.head.office, on: r.on, number: r.number },
    cause: 'ex-officio',
    causeOn: r.on,
    holders: [updated],
    of: null,
    portion: null,
    amount: null,
    debtor: null,
    target: { section: p.section, rank: p.rank },
    caseNo: null,
    provisional: null,
    note: p.reason,
    tx: ctx.hash,
    height: ctx.height,
  }
  ctx.state.put(entryKey(reg.number, seq), entry as unknown as Canonical)
  const target = ownersOf.length > 0 ? ownersOf[p.holder]! : null
  const owners = reg.cur.owners.map((o) => (o === target ? { ...o, holder: { ...o.holder, key: p.key } } : o))
  const live = reg.cur.live.map((l, i) =>
    i === liveAt && target === null ? { ...l, holders: l.holders.map((h, j) => (j === p.holder ? { ...h, key: p.key } : h)) } : l,
  )
  ctx.state.put(currentKey(reg.number), { ...reg.cur, owners, live, entries: seq } as unknown as Canonical)
}

/** Roles that enter (registrar) and commission (authority), for the type table. */
export const ROLES = { registrar: [REGISTRAR_ROLE], authority: [AUTHORITY_ROLE] } as const
export { B_RIGHTS }
