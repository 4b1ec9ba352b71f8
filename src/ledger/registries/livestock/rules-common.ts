/**
 * What the livestock rules share (docs/adr/0041, "Who reports what"): the Korean day of a block, how late a report is,
 * reading sites, animals and standstills, the keeper and role checks, and the one way an event is written.
 *
 * Every rule reads and checks everything first and writes only at its end (a `Writes` list committed in one go), so
 * a refused event changes nothing even when several run one after another on one overlay (a batch, c-bulk).
 */
import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import { dayOf } from '../../codec/dates'
import { agenciesForRoles } from '../identity/authz'
import type { StateReader, StateView } from '../../state/view'
import type { LivestockErrorCode } from './portable/errors'
import { animalNumberProblem, areaPrefixes } from './portable/identifiers'
import { animalEventKey, animalKey, areaStandstillKey, siteKey, siteStandstillKey } from './portable/keys'
import { FARMER_ROLE, MARKET_ROLE, PACKER_ROLE, SHOP_ROLE, SLAUGHTERHOUSE_ROLE } from './portable/roles'
import type { AnimalEvent, AnimalHead, EventKind, SiteRecord, StandstillRecord } from './portable/schema'

/**
 * What a livestock rule sees: the payload, the signer, the transaction and block, and the state it reads and writes.
 * A transaction's TxContext is one; a batch gives each event one over the batch's overlay.
 */
export interface LivestockEventContext<P> {
  payload: P
  /** lowercase hex of the signer's key */
  signer: string
  /** lowercase hex of the transaction's hash (a batch's events share it) */
  hash: string
  height: number
  /** the block's time, ms since the epoch */
  time: number
  state: StateView
}

/** the number of stays an animal's head keeps (docs/adr/0041) */
export const MAX_STAYS = 64
/** the number of events an animal's history keeps: its lookup and its label's range proof stay bounded */
export const MAX_EVENTS = 4096
/**
 * The last events of an animal's history kept for the lab's DNA tests: every other report stops at
 * MAX_EVENTS - DNA_RESERVE, so a key that may report sales (or vet acts) of any animal cannot fill its history and keep
 * a mismatch, and its alert, off the record.
 */
export const DNA_RESERVE = 64

export const lvErr = (code: LivestockErrorCode, message: string, details?: Record<string, unknown>): DaejangError =>
  new DaejangError(code, message, details)

const KST_MS = 9 * 3600_000
/** The calendar day of an instant in Korean time: "late" and "in the future" are counted against it. */
export const kstDay = (ms: number): string => dayOf(ms + KST_MS)

const dayNumber = (day: string): number => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) / 86_400_000

/** Whole days from `a` to `b` (both YYYY-MM-DD): negative when b is before a. */
export const daysBetween = (a: string, b: string): number => dayNumber(b) - dayNumber(a)

/** Days past a deadline of `allowed` days counted from `from`, as of `recordedOn`; 0 when on time. */
export const lateBy = (from: string, allowed: number, recordedOn: string): number => Math.max(0, daysBetween(from, recordedOn) - allowed)

/** The deadlines (days) of the reports that have one (docs/adr/0041): counted from the event's date, a tag's from birth. */
export const DEADLINE_DAYS = { birth: 5, tag: 30, move: 5, death: 5, import: 5, export: 5 } as const

/** Refuses a date after the block's Korean day. */
export function requireNotFuture(date: string, time: number): void {
  const today = kstDay(time)
  if (date > today) throw lvErr('LIVESTOCK_DATE', `the date ${date} is after today (${today}, Korean time)`, { date, today })
}

/** Refuses a date before another (the animal's birth, its arrival on the site, its slaughter). */
export function requireNotBefore(date: string, earliest: string, what: string): void {
  if (date < earliest) throw lvErr('LIVESTOCK_DATE', `the date ${date} is before ${what} (${earliest})`, { date, earliest })
}

/** An animal number, its check digit included (the schemas check it too; a batch's events are checked here again). */
export function requireAnimalNumber(n: unknown): string {
  if (typeof n !== 'string' || animalNumberProblem(n) !== null) throw lvErr('LIVESTOCK_BAD_NUMBER', `not an animal number: ${String(n).slice(0, 40)}`)
  return n
}

export function requireDistinct(animals: readonly string[]): void {
  const seen = new Set<string>()
  for (const a of animals) {
    if (seen.has(a)) throw lvErr('LIVESTOCK_DUPLICATE', `animal ${a} is named twice`, { animal: a })
    seen.add(a)
  }
}

// ---------------------------------------------------------------------------------------------- roles

/**
 * Whether `signer` holds an active credential for any of `roles` at `time` (of an agency still in the consortium):
 * the check a batch makes for each event's type (c-bulk), and the rules for types two roles may report.
 */
export async function hasLivestockRole(state: StateReader, signer: string, roles: readonly string[], time: number): Promise<boolean> {
  return (await agenciesForRoles(state, signer, roles, time)).length > 0
}

/** The role a keeper of a site of each kind holds (docs/adr/0041, "Sites and keepers"). */
export const KEEPER_ROLE: Readonly<Record<SiteRecord['kind'], string>> = {
  farm: FARMER_ROLE,
  market: MARKET_ROLE,
  slaughterhouse: SLAUGHTERHOUSE_ROLE,
  packer: PACKER_ROLE,
  shop: SHOP_ROLE,
}

/** Whether `key` acts for the site: one of its keepers, holding the role of its kind. */
export async function isKeeper(state: StateReader, site: SiteRecord, key: string, time: number): Promise<boolean> {
  return site.keepers.includes(key) && (await hasLivestockRole(state, key, [KEEPER_ROLE[site.kind]], time))
}

export async function requireKeeper(state: StateReader, site: SiteRecord, key: string, time: number): Promise<void> {
  if (!(await isKeeper(state, site, key, time))) {
    throw lvErr('LIVESTOCK_NOT_KEEPER', `the signer is not a keeper of site ${site.site} holding the role ${KEEPER_ROLE[site.kind]}`, { site: site.site })
  }
}

// ---------------------------------------------------------------------------------------------- reading

export async function readSiteRecord(state: StateReader, site: string): Promise<SiteRecord | undefined> {
  return (await state.get(siteKey(site))) as unknown as SiteRecord | undefined
}

/**
 * A site of one of `kinds` (UNKNOWN_SITE: none, or closed; SITE_KIND: another kind). A closed site takes no animals,
 * but the animals still on it leave it (`leaving`: moved away, slaughtered, dead, exported).
 */
export async function requireSite(state: StateReader, site: string, kinds: readonly SiteRecord['kind'][], leaving = false): Promise<SiteRecord> {
  const s = await readSiteRecord(state, site)
  if (s === undefined || (s.closed && !leaving)) throw lvErr('LIVESTOCK_UNKNOWN_SITE', `no open farm or business has the number ${site}`, { site })
  if (!kinds.includes(s.kind)) throw lvErr('LIVESTOCK_SITE_KIND', `site ${site} is a ${s.kind}, not a ${kinds.join(' or ')}`, { site, kind: s.kind })
  return s
}

export async function readHead(state: StateReader, animal: string): Promise<AnimalHead | undefined> {
  return (await state.get(animalKey(animal))) as unknown as AnimalHead | undefined
}

export async function requireAnimal(state: StateReader, animal: string): Promise<AnimalHead> {
  const h = await readHead(state, animal)
  if (h === undefined) throw lvErr('LIVESTOCK_UNKNOWN_ANIMAL', `no animal is registered under ${animal}`, { animal })
  return h
}

export function requireAlive(h: AnimalHead): void {
  if (h.status !== 'alive') throw lvErr('LIVESTOCK_NOT_ALIVE', `animal ${h.animal} is ${h.status}`, { animal: h.animal, status: h.status })
}

export function requireTagged(h: AnimalHead): void {
  if (h.tagged === null) throw lvErr('LIVESTOCK_UNTAGGED', `animal ${h.animal} has no ear tag`, { animal: h.animal })
}

/** Slaughtered and passed inspection: what grading, packing and selling need. */
export function requireCarcass(h: AnimalHead): NonNullable<AnimalHead['slaughter']> {
  if (h.status !== 'slaughtered' || h.slaughter === null || h.slaughter.inspection !== 'pass') {
    throw lvErr('LIVESTOCK_NOT_SLAUGHTERED', `animal ${h.animal} has not been slaughtered or failed inspection`, { animal: h.animal })
  }
  return h.slaughter
}

/** The day the animal arrived on the site it is on (the last stay's first day). */
export function arrivedOn(h: AnimalHead): string {
  return h.stays[h.stays.length - 1]?.from ?? h.birthDate
}

export function isInForce(r: StandstillRecord | undefined): r is StandstillRecord {
  return r !== undefined && r.lifted === null
}

/** Refuses when a standstill is in force on any of the sites or on an area (시도, 시군구, 읍면동) of any of them. */
export async function requireNoStandstill(state: StateReader, sites: readonly SiteRecord[]): Promise<void> {
  const keys: string[] = []
  for (const s of sites) {
    keys.push(siteStandstillKey(s.site))
    for (const p of areaPrefixes(s.area)) keys.push(areaStandstillKey(p))
  }
  const got = await Promise.all(keys.map((k) => state.get(k)))
  for (let i = 0; i < keys.length; i++) {
    const r = got[i] as unknown as StandstillRecord | undefined
    if (isInForce(r)) {
      const on = keys[i]!.slice('lv/ss/'.length)
      throw lvErr('LIVESTOCK_STANDSTILL', `a standstill (order ${r.order}) is in force on ${on}`, { order: r.order, on })
    }
  }
}

// ---------------------------------------------------------------------------------------------- writing

/** What a rule writes, gathered while it checks and put only when every check has passed. */
export class Writes {
  private readonly list: Array<[string, Canonical]> = []
  /** the heads as changed so far (a rule touching an animal twice sees its own change) */
  private readonly heads = new Map<string, AnimalHead>()

  put(key: string, value: unknown): void {
    this.list.push([key, value as Canonical])
  }

  /**
   * An event of an animal (still gathering: it may refuse, LIVESTOCK_TOO_MANY_EVENTS): the event under its next sequence, and the head with `change` applied and its count raised.
   * `head` is the head as read (never mutated: state values are shared).
   */
  event(
    ctx: LivestockEventContext<unknown>,
    head: AnimalHead,
    e: { kind: EventKind; date: string; late?: number; site: string | null; detail: AnimalEvent['detail'] },
    change: Partial<AnimalHead> = {},
  ): void {
    const base = this.heads.get(head.animal) ?? head
    const seq = base.events + 1
    if (seq > (e.kind === 'dna' ? MAX_EVENTS : MAX_EVENTS - DNA_RESERVE)) throw lvErr('LIVESTOCK_TOO_MANY_EVENTS', `animal ${head.animal} has ${base.events} events`, { animal: head.animal })
    const next: AnimalHead = { ...base, ...change, events: seq }
    this.heads.set(head.animal, next)
    const ev: AnimalEvent = {
      seq,
      kind: e.kind,
      date: e.date,
      recordedOn: kstDay(ctx.time),
      late: e.late ?? 0,
      height: ctx.height,
      tx: ctx.hash,
      by: ctx.signer,
      site: e.site,
      detail: e.detail,
    }
    this.put(animalEventKey(head.animal, seq), ev)
  }

  /** Put everything: heads last, each once. */
  commit(state: StateView): void {
    for (const [k, v] of this.list) state.put(k, v)
    for (const [a, h] of this.heads) state.put(animalKey(a), h as unknown as Canonical)
  }
}

/** A new head (birth, import), before its first event. */
export function newHead(h: Omit<AnimalHead, 'events' | 'alerts' | 'slaughter' | 'grade'>): AnimalHead {
  return { ...h, slaughter: null, grade: null, events: 0, alerts: 0 }
}

/** The stays with the current one closed on `date`, and optionally a new one opened on `to`. */
export function closeStay(h: AnimalHead, date: string, to?: string): AnimalHead['stays'] {
  const stays = h.stays.map((s, i) => (i === h.stays.length - 1 ? { ...s, to: date } : s))
  if (to !== undefined) stays.push({ site: to, from: date, to: null })
  return stays
}
