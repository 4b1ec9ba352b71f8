/**
 * Read models of the land register (docs/adr/0033, "Reads") over committed state: a register whole (등기사항전부) or
 * current-only (현재 유효사항), now or as of a block; the registrar's queue of applications with the rules' findings;
 * the offices; a search by address or number.
 *
 * The address search scans the registers' heads (`ld/r/…/head`, every key of the registers is walked past): fine for
 * a node holding thousands of registers, not for a country's 90 million. The node-local address index the ADR plans
 * (rebuilt from blocks, outside consensus) replaces the scan without changing the answers.
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import type { StateReader } from '../../state/view'
import type { CommittedReader } from '../types'
import { addressMatches } from './portable/address'
import type {
  LandApplicationDto,
  LandEntryDto,
  LandFindingDto,
  LandOfficeDto,
  LandRegisterDto,
  LandRegisterSummaryDto,
} from './portable/dto'
import { LAND_ERRORS } from './portable/errors'
import { applicationKey, complexKey, headKey } from './portable/keys'
import { normalizeRegisterNumber } from './portable/numbers'
import { parseRank } from './portable/ranks'
import {
  type AppStatus,
  type Complex,
  type Head,
  type StoredApplication,
  type StoredEntry,
  locationText,
} from './portable/schema'
import { type RegisterState, applicationSigners, plan, readRegister, readRegisterWith } from './rules'

/** Committed state as of a block: values by key (a reader of the head, or RegistryHost.stateAsOf bound to a height). */
export type AsOfReader = StateReader

/**
 * A reader of state as of `height`, through a `stateAsOf` (RegistryHost's), and its `stateAsOfMany` when given (many
 * keys read by the state tree in one batch).
 */
export function readerAsOf(
  stateAsOf: (key: string, height: number) => Promise<Canonical | undefined>,
  height: number,
  stateAsOfMany?: (keys: readonly string[], height: number) => Promise<Array<Canonical | undefined>>,
): AsOfReader {
  return stateAsOfMany === undefined ? { get: (key) => stateAsOf(key, height) } : { get: (key) => stateAsOf(key, height), getMany: (keys) => stateAsOfMany(keys, height) }
}

const sectionKey = (section: 'A' | 'B', rank: string): string => `${section}:${rank}`

/** Entries of a section in rank order: by main rank, then supplement, then position (a 본등기 after its 가등기). */
function byRank(a: StoredEntry, b: StoredEntry): number {
  const ra = parseRank(a.rank)!
  const rb = parseRank(b.rank)!
  return ra[0] - rb[0] || ra[1] - rb[1] || a.seq - b.seq
}

/**
 * Entries with what later ones say about them: "cancelled by rank N" is derived from the current state's `cancelled`
 * (section:rank → the cancelling rank), applied to the entry a cancellation targets — the earliest entry of that rank
 * that is not a holder alteration, as the rules find it. A 가등기 whose 본등기 took its rank is completed, not struck —
 * unless that rank was later cancelled ex officio (an earlier 가등기's 본등기): then the 가등기 and its 본등기 are struck.
 */
export function annotate(reg: RegisterState): LandEntryDto[] {
  const targetOf = new Map<string, StoredEntry>()
  for (const e of reg.entries) {
    const k = sectionKey(e.section, e.rank)
    if (e.purpose !== 'holder.alteration' && !targetOf.has(k)) targetOf.set(k, e)
  }
  const mains = new Map<string, StoredEntry>()
  for (const e of reg.entries) if (e.purpose === 'provisional.main' && e.provisional) mains.set(sectionKey(e.section, e.provisional.rank), e)
  return reg.entries.map((e) => {
    const k = sectionKey(e.section, e.rank)
    // the entry a cancellation targets, and a 본등기 in its 가등기's rank (cancelled with it, 직권말소)
    const isTarget = targetOf.get(k) === e || (e.purpose === 'provisional.main' && mains.get(k) === e)
    const main = e.purpose === 'provisional.transfer' ? mains.get(k) : undefined
    const by = isTarget ? (reg.cur.cancelled[k] ?? null) : null
    const completedBy = main ? main.seq : null
    // a 가등기 completed by its 본등기 is marked with its own rank; any other rank is the entry that cancelled it
    const cancelledBy = by !== null && by !== e.rank ? by : null
    return { ...e, cancelledBy, completedBy, struck: cancelledBy !== null }
  })
}

/**
 * What 현재 유효사항 keeps: the entries of the current owners and the live restrictions, rights and 가등기 (each with
 * its 부기 entries), nothing cancelled, and no cancellations themselves.
 */
function isCurrent(e: LandEntryDto, reg: RegisterState): boolean {
  if (e.struck || e.purpose === 'cancellation') return false
  const main = String(parseRank(e.rank)![0])
  const standing = new Set<string>([
    ...reg.cur.owners.map((o) => sectionKey('A', o.rank)),
    ...reg.cur.live.map((l) => sectionKey(l.section, l.rank)),
  ])
  if (e.purpose === 'holder.alteration') return e.target !== null && standing.has(sectionKey(e.target.section, e.target.rank))
  if (e.purpose === 'provisional.transfer' && e.completedBy !== null) return standing.has(sectionKey(e.section, e.rank))
  return standing.has(sectionKey(e.section, e.rank)) || standing.has(sectionKey(e.section, main))
}

export async function addressOf(state: StateReader, head: Head): Promise<{ address: string; road: string | null }> {
  if (head.kind !== 'unit') return addressFrom(head, undefined)
  return addressFrom(head, await state.get(complexKey(head.complex)))
}

/** The key addressOf reads beside the head (a unit's complex), if any. */
function addressKeys(head: Head): string[] {
  return head.kind === 'unit' ? [complexKey(head.complex)] : []
}

/** A register's address from its head and, for a unit, its complex's value (read with addressKeys). */
function addressFrom(head: Head, complex: Canonical | undefined): { address: string; road: string | null } {
  if (head.kind !== 'unit') return { address: locationText(head.location), road: head.road }
  const cx = complex as unknown as Complex | undefined
  if (cx === undefined) return { address: head.unit, road: null }
  return { address: `${locationText(cx.location)} ${cx.name} ${head.unit}`, road: cx.road === null ? null : `${cx.road} ${head.unit}` }
}

export interface RegisterQuery {
  view?: 'full' | 'current'
  /** as of this block (default: the head) */
  height?: number
}

/**
 * A register by number (written with or without hyphens), whole or current-only, now or as of a block: `asOf` reads
 * state as of `query.height` (RegistryHost.stateAsOf), `state` the head. LAND_REGISTER_UNKNOWN when it does not
 * exist (or did not yet, at that height).
 */
export async function getRegister(
  state: CommittedReader,
  asOf: ((key: string, height: number) => Promise<Canonical | undefined>) | null,
  number: string,
  query: RegisterQuery = {},
  asOfMany?: (keys: readonly string[], height: number) => Promise<Array<Canonical | undefined>>,
): Promise<LandRegisterDto> {
  const n = normalizeRegisterNumber(number)
  if (n === null) throw new DaejangError('LAND_REGISTER_UNKNOWN', `not a register number: ${number} (NNNN-YYYY-NNNNNN)`)
  const headHeight = state.head()?.height ?? 0
  const height = query.height ?? headHeight
  const reader: StateReader = query.height === undefined || asOf === null ? state : readerAsOf(asOf, height, asOfMany)
  // two reads: head and cur; then every entry, the office's name and a unit's complex together
  const read = await readRegisterWith(reader, n, (h) => [`ld/of/${h.office}/name`, ...addressKeys(h as Head)])
  const reg = read.reg
  const view = query.view ?? 'full'
  const all = annotate(reg)
  const shown = view === 'current' ? all.filter((e) => isCurrent(e, reg)) : all
  const { office, agency, ...head } = reg.head
  const [officeName, complex] = read.more
  return {
    number: n,
    office,
    officeName: typeof officeName === 'string' ? officeName : null,
    agency,
    kind: head.kind,
    head: head as Head,
    ...addressFrom(head as Head, complex),
    height,
    view,
    sections: {
      A: shown.filter((e) => e.section === 'A').sort(byRank),
      B: shown.filter((e) => e.section === 'B').sort(byRank),
    },
    owners: reg.cur.owners,
    live: reg.cur.live,
    entries: reg.entries.length,
  }
}

export async function summaryOf(state: CommittedReader, number: string, headValue: Canonical): Promise<LandRegisterSummaryDto | null> {
  const head = headValue as unknown as Head & { office: string }
  const read = await readRegisterWith(state, number, () => addressKeys(head)).catch(() => null)
  if (read === null) return null
  const reg = read.reg
  const first = reg.entries[0]
  return {
    number,
    office: head.office,
    kind: head.kind,
    ...addressFrom(head, read.more[0]),
    owners: reg.cur.owners.map((o) => ({ name: o.holder.name, share: o.share })),
    entries: reg.entries.length,
    openedTx: first?.tx ?? '',
    openedHeight: first?.height ?? 0,
  }
}

/** `ld/r/<number>/head` → the number, else null. */
function numberOfHeadKey(k: string): string | null {
  const m = /^ld\/r\/(\d{4}-\d{4}-\d{6})\/head$/.exec(k)
  return m ? m[1]! : null
}

export interface SearchQuery {
  /** words of an address: 시도, 시군구, 읍면동, 리, lot number, or a road-name address (addressMatches) */
  address?: string
  /** a register number, with or without hyphens */
  number?: string
  /** only registers of this office */
  office?: string
  /** only registers opened in this year */
  year?: number
  /** only the register this transaction opened (what `daejang land open` looks for) */
  openedBy?: string
  limit?: number
}

/**
 * Registers by number (exact), or by address words, or every register of an office (and year), in number order.
 * Scans the registers' heads (see the top of this file).
 */
/**
 * The most state entries one search or queue request walks (heads and entries of registers, or applications): the
 * node-local indexes of ADR 0033 are not built yet, so a request that would walk more is refused with
 * LAND_SEARCH_TOO_WIDE, asking for an office and a year, instead of holding the node.
 */
export const MAX_SCANNED = 200_000

function tooLarge(what: string): DaejangError {
  return new DaejangError('LAND_SEARCH_TOO_WIDE', `${what} would read more than ${MAX_SCANNED.toLocaleString('en-US')} entries: name an office and a year`)
}

export async function searchRegisters(state: CommittedReader, q: SearchQuery): Promise<LandRegisterSummaryDto[]> {
  const limit = Math.min(q.limit ?? 50, 500)
  if (q.number !== undefined) {
    const n = normalizeRegisterNumber(q.number)
    if (n === null) return []
    const h = await state.get(headKey(n))
    if (h === undefined) return []
    const s = await summaryOf(state, n, h)
    return s ? [s] : []
  }
  const prefix = `ld/r/${q.office ? `${q.office}-${q.year !== undefined ? `${q.year}-` : ''}` : ''}`
  const out: LandRegisterSummaryDto[] = []
  let scanned = 0
  for await (const [k, v] of state.scanState(prefix, MAX_SCANNED + 1)) {
    if (++scanned > MAX_SCANNED) throw tooLarge('this search')
    const n = numberOfHeadKey(k)
    if (n === null) continue
    if (q.address !== undefined) {
      // the head alone decides whether the address matches: the register is read only when it does
      const { address, road } = await addressOf(state, v as unknown as Head)
      if (!addressMatches(q.address, address) && !(road !== null && addressMatches(q.address, road))) continue
    }
    const s = await summaryOf(state, n, v)
    if (s === null) continue
    if (q.openedBy !== undefined && s.openedTx !== q.openedBy) continue
    out.push(s)
    if (out.length >= limit) break
  }
  return out
}

// ---------------------------------------------------------------------------------------------- applications

export function findingOf(code: string, message: string): LandFindingDto {
  const def = (LAND_ERRORS as Record<string, { text: { ko: string; en: string } } | undefined>)[code]
  return { code, message, text: def ? { ko: def.text.ko, en: def.text.en } : null }
}

/**
 * What entering a received application would meet today: the rules run as of the head, as at entry (null: nothing
 * stands in the way). `now` is the time the signers' credentials are checked at.
 */
async function findingNow(state: CommittedReader, app: StoredApplication, reg: RegisterState | null, now: number): Promise<LandFindingDto | null> {
  if (app.status !== 'received') return null
  try {
    const r = reg ?? (await readRegister(state, app.request.register))
    plan(r, app.request, await applicationSigners(state, app, now), app.authority)
    return null
  } catch (e) {
    if (e instanceof DaejangError) return findingOf(e.code, e.message)
    throw e
  }
}

/** A party's name: a holder with its key in the request, else on the register (latest entry first). */
function partyName(key: string, app: StoredApplication, reg: RegisterState | null): string | null {
  const inRequest = app.request.holders.find((h) => h.key === key)
  if (inRequest) return inRequest.name
  for (const e of [...(reg?.entries ?? [])].reverse()) {
    const h = e.holders.find((x) => x.key === key)
    if (h) return h.name
  }
  return null
}

async function applicationDto(state: CommittedReader, app: StoredApplication, now: number): Promise<LandApplicationDto> {
  const reg = await readRegister(state, app.request.register).catch(() => null)
  return {
    office: app.office,
    year: app.year,
    receipt: app.receipt,
    on: app.on,
    request: app.request,
    purpose: app.request.purpose,
    register: app.request.register,
    parties: app.parties,
    partyNames: app.parties.map((k) => partyName(k, app, reg)),
    authority: app.authority,
    ...(app.mandates !== undefined ? { mandates: app.mandates.map((m) => ({ ...m, name: partyName(m.party, app, reg) })) } : {}),
    ...(app.together !== undefined ? { together: app.together } : {}),
    status: app.status,
    findings: app.findings.map((f) => findingOf(f.code, f.message)),
    findingNow: await findingNow(state, app, reg, now),
    reason: app.reason,
    decidedBy: app.decidedBy,
    decidedAt: app.decidedAt,
    tx: app.tx,
    height: app.height,
  }
}

/** An application by its receipt (office, year, number); LAND_APP_UNKNOWN when there is none. */
export async function getApplication(state: CommittedReader, office: string, year: number, receipt: number, now: number): Promise<LandApplicationDto> {
  const app = (await state.get(applicationKey(office, year, receipt))) as unknown as StoredApplication | undefined
  if (app === undefined) throw new DaejangError('LAND_APP_UNKNOWN', `no application has the receipt ${office}/${year}/${receipt}`)
  return applicationDto(state, app, now)
}

export interface QueueQuery {
  office: string
  status?: AppStatus
  year?: number
  /** only applications on this register */
  register?: string
  limit?: number
}

/** An office's applications in receipt order (the registrar's queue: status `received`), with the rules' findings. */
export async function listApplications(state: CommittedReader, q: QueueQuery, now: number): Promise<LandApplicationDto[]> {
  // each item reads its register and runs the rules as of now: at most 200 a request
  const limit = Math.min(q.limit ?? 100, 200)
  const prefix = `ld/app/${q.office}/${q.year !== undefined ? `${q.year}/` : ''}`
  const out: LandApplicationDto[] = []
  let scanned = 0
  for await (const [, v] of state.scanState(prefix, MAX_SCANNED + 1)) {
    if (++scanned > MAX_SCANNED) throw tooLarge('this list of applications')
    const app = v as unknown as StoredApplication
    if (q.status !== undefined && app.status !== q.status) continue
    if (q.register !== undefined && app.request.register !== q.register) continue
    out.push(await applicationDto(state, app, now))
    if (out.length >= limit) break
  }
  return out
}

// ---------------------------------------------------------------------------------------------- offices

/** The registry offices defined on the chain, by code. */
export async function listOffices(state: CommittedReader): Promise<LandOfficeDto[]> {
  const byCode = new Map<string, Partial<LandOfficeDto>>()
  for await (const [k, v] of state.scanState('ld/of/', 1_000_000)) {
    const m = /^ld\/of\/(\d{4})\/(agency|name)$/.exec(k)
    if (!m) continue
    const o = byCode.get(m[1]!) ?? { office: m[1]! }
    o[m[2] as 'agency' | 'name'] = v as string
    byCode.set(m[1]!, o)
  }
  return [...byCode.values()].filter((o): o is LandOfficeDto => o.agency !== undefined).map((o) => ({ office: o.office, name: o.name ?? o.office, agency: o.agency }))
}
