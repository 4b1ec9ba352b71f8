/**
 * Preparing an application (docs/adr/0039) without a browser (test/renderer/land-apply.test.ts): the form's state, its
 * checks field by field (each problem a message key under land.apply.problems, never the schema's English), the
 * request it builds (checked again by the registry's own schema), the parties who must sign it besides the one
 * preparing it, and the identifiers as they leave the device: a resident registration number masked here
 * (800101-1******), the clear number kept in the form only and never put in the act.
 */
import { parseWon } from '../../../ledger/registries/land/portable/money'
import { parseRegisterNumber, formatRegisterNumber } from '../../../ledger/registries/land/portable/numbers'
import { maskResidentNumber, parseCorporateNumber } from '../../../ledger/registries/land/portable/identifiers'
import { ApplySchema, type ApplyPayload, type Cause, type Holder, type LandRequest } from '../../../ledger/registries/land/portable/schema'
import { isWhole, parseShare, type Share } from '../../../ledger/registries/land/portable/shares'
import type { RegisterDto } from './api'

/** What a party (or its agent, or a bank officer) applies for in this screen. */
export const APPLY_PURPOSES = ['ownership.transfer', 'right.mortgage', 'right.jeonse', 'cancellation', 'provisional.transfer'] as const
export type ApplyPurpose = (typeof APPLY_PURPOSES)[number]

/** The causes (등기원인) each purpose takes, the first the usual one. */
export const PURPOSE_CAUSES: Readonly<Record<ApplyPurpose, readonly Cause[]>> = {
  'ownership.transfer': ['sale', 'gift', 'exchange', 'inheritance'],
  'right.mortgage': ['contract'],
  'right.jeonse': ['contract'],
  cancellation: ['release', 'termination'],
  'provisional.transfer': ['promise-of-sale'],
}

/** A new right-holder as typed: the buyer, the creditor, the tenant, the holder of the claim. */
export interface PartyInput {
  kind: 'person' | 'corporation'
  name: string
  /** the registration number as typed; only its masked form (a person's) leaves the device */
  number: string
  address: string
  /** the key that will sign for the right (lowercase hex) */
  key: string
  /** with two or more buyers: each one's share, a fraction (1/2) */
  share: string
}

export interface ApplyInput {
  register: string
  purpose: ApplyPurpose
  cause: Cause
  /** the day of the cause, YYYY-MM-DD */
  causeOn: string
  /** 거래가액 / 채권최고액 / 전세금, digits (commas allowed) */
  amount: string
  parties: PartyInput[]
  /** a mortgage applied for by a bank's officer: the bank (agency) is the creditor, its officer signs */
  bank: { agency: string; name: string; number: string; address: string } | null
  debtorName: string
  debtorAddress: string
  /** a cancellation: the live entry cancelled, "A:3" / "B:1" */
  target: string
  /**
   * a mortgage filed together (연건신청) with a sale not yet entered on this register: that sale's receipt as
   * receiptKey() writes it (1101-2026-17), or '' for none. The sale's buyers then grant the mortgage.
   */
  together: string
}

export const emptyParty = (): PartyInput => ({ kind: 'person', name: '', number: '', address: '', key: '', share: '' })

export function emptyApply(register = ''): ApplyInput {
  return {
    register,
    purpose: 'ownership.transfer',
    cause: 'sale',
    causeOn: '',
    amount: '',
    parties: [emptyParty()],
    bank: null,
    debtorName: '',
    debtorAddress: '',
    target: '',
    together: '',
  }
}

/** The message keys (under land.apply.problems) of what is wrong, by field path (parties.0.number). */
export type Problems = Record<string, string>

const HEX64 = /^[0-9a-f]{64}$/
/** a share as the register writes it: a fraction n/d (the registry's schema refuses decimals) */
const fraction = (text: string): Share | null => (/^\d+\/\d+$/.test(text.trim()) ? parseShare(text.trim()) : null)

/** A registration number as it goes on the register: a person's masked, a company's whole; null when it is not one. */
export function printedId(kind: PartyInput['kind'], number: string): string | null {
  const n = number.trim()
  if (n === '') return null
  return kind === 'corporation' ? parseCorporateNumber(n) : maskResidentNumber(n)
}

/** The amount in digits (commas and spaces dropped), or null when it is not whole won above zero. */
export function amountDigits(text: string): string | null {
  const d = text.replace(/[,\s]/g, '')
  const w = parseWon(d)
  return w !== null && w === d && w !== '0' ? w : null
}

function realDay(s: string, today: string): 'ok' | 'bad' | 'future' {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (!m) return 'bad'
  const d = new Date(`${s}T00:00:00Z`)
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) return 'bad'
  return s > today ? 'future' : 'ok'
}

const takesAmount = (p: ApplyPurpose): boolean => p === 'ownership.transfer' || p === 'right.mortgage' || p === 'right.jeonse'
const takesParties = (p: ApplyPurpose): boolean => p !== 'cancellation'
/** whether the purpose's new holders are typed as parties (a bank's mortgage names the bank instead) */
export const partiesTyped = (f: Pick<ApplyInput, 'purpose' | 'bank'>): boolean => takesParties(f.purpose) && !(f.purpose === 'right.mortgage' && f.bank !== null)

/**
 * Checks every field; an empty object when the form can be signed. `today`: the day (YYYY-MM-DD, Korean time) a
 * cause may not be after.
 */
export function checkApply(f: ApplyInput, today: string, reg: RegisterDto | null): Problems {
  const out: Problems = {}
  if (parseRegisterNumber(f.register.trim()) === null) out.register = 'register'
  else if (reg === null || reg.number !== formatRegisterNumber(parseRegisterNumber(f.register.trim())!)) out.register = 'registerUnread'
  if (!PURPOSE_CAUSES[f.purpose].includes(f.cause)) out.cause = 'cause'
  const day = realDay(f.causeOn.trim(), today)
  if (day !== 'ok') out.causeOn = day === 'future' ? 'causeOnFuture' : 'causeOn'
  if (takesAmount(f.purpose) && amountDigits(f.amount) === null) out.amount = f.amount.trim() === '' ? 'amountRequired' : 'amount'
  if (f.purpose === 'right.mortgage') {
    if (f.debtorName.trim() === '') out.debtorName = 'debtorName'
    if (f.bank !== null && parseCorporateNumber(f.bank.number) === null) out.bankNumber = 'corporateNumber'
  }
  if (f.purpose === 'cancellation') {
    if (!reg || !reg.live.some((l) => `${l.section}:${l.rank}` === f.target)) out.target = 'target'
  }
  if (partiesTyped(f)) {
    f.parties.forEach((p, i) => {
      const at = `parties.${i}.`
      if (p.name.trim() === '') out[`${at}name`] = 'name'
      if (printedId(p.kind, p.number) === null) out[`${at}number`] = p.kind === 'corporation' ? 'corporateNumber' : 'residentNumber'
      if (!HEX64.test(p.key.trim().toLowerCase())) out[`${at}key`] = 'key'
      if (f.parties.length > 1 && fraction(p.share) === null) out[`${at}share`] = 'share'
    })
    const keys = f.parties.map((p) => p.key.trim().toLowerCase()).filter((k) => k !== '')
    if (new Set(keys).size !== keys.length) out.parties = 'sameKey'
    if (f.purpose === 'ownership.transfer' && f.parties.length > 1 && !Object.keys(out).some((k) => k.endsWith('.share'))) {
      const shares = f.parties.map((p) => fraction(p.share)).filter((s): s is Share => s !== null)
      if (!isWhole(shares)) out.parties = 'sharesWhole'
    }
    if (f.purpose !== 'ownership.transfer' && f.parties.length > 1) out.parties = 'oneHolder'
  }
  return out
}

function holderOf(p: PartyInput, withShare: boolean): Holder {
  return {
    kind: p.kind,
    name: p.name.trim(),
    id: printedId(p.kind, p.number),
    // the peppered hash needs the consortium's pepper, which a party's device does not hold (docs/adr/0039)
    idHash: null,
    address: p.address.trim(),
    key: p.key.trim().toLowerCase(),
    agency: null,
    share: withShare ? p.share.trim() : null,
  }
}

/** The payload of `land.apply` the form describes (the registry's schema has the last word), or null when it has problems. */
export function buildApply(f: ApplyInput, today: string, reg: RegisterDto | null): ApplyPayload | null {
  if (Object.keys(checkApply(f, today, reg)).length > 0 || reg === null) return null
  let holders: Holder[] = []
  if (f.purpose === 'right.mortgage' && f.bank !== null) {
    holders = [
      { kind: 'corporation', name: f.bank.name, id: parseCorporateNumber(f.bank.number), idHash: null, address: f.bank.address, key: null, agency: f.bank.agency, share: null },
    ]
  } else if (partiesTyped(f)) {
    holders = f.parties.map((p) => holderOf(p, f.purpose === 'ownership.transfer' && f.parties.length > 1))
  }
  const [section, rank] = f.target.split(':')
  const request: LandRequest = {
    register: reg.number,
    purpose: f.purpose,
    cause: f.cause,
    causeOn: f.causeOn.trim(),
    holders,
    of: null,
    portion: null,
    amount: takesAmount(f.purpose) ? amountDigits(f.amount) : null,
    debtor: f.purpose === 'right.mortgage' ? { name: f.debtorName.trim(), address: f.debtorAddress.trim() } : null,
    target: f.purpose === 'cancellation' ? { section: section as 'A' | 'B', rank: rank! } : null,
    caseNo: null,
    // a licensed agent's mandate is the party's signed act (ADR 0033, as built by the rules): not made here yet
    mandate: null,
  }
  const link = f.purpose === 'right.mortgage' ? parseReceiptKey(f.together) : null
  const parsed = ApplySchema.safeParse({ office: reg.office, request, ...(link ? { together: link } : {}) })
  return parsed.success ? parsed.data : null
}

/**
 * The keys that must sign with the one preparing it (ADR 0033, "Acts"): every current owner (a transfer, a right, a
 * 가등기), the new holders with keys, or the holders of the entry cancelled — less the key signing (and nothing for a
 * holder that is an agency: its officer signs, the one preparing a bank's mortgage).
 */
export function cosignersOf(request: LandRequest, reg: RegisterDto, signer: string, linkedBuyers?: ReadonlyArray<string | null>): string[] {
  const keys: Array<string | null> = []
  if (linkedBuyers !== undefined && request.purpose === 'right.mortgage') {
    // filed together with a sale: the buyers, owners once the sale is entered first, grant the mortgage
    keys.push(...linkedBuyers, ...request.holders.map((h) => h.key))
  } else if (request.purpose === 'cancellation') {
    const t = request.target
    const live = reg.live.find((l) => t !== null && l.section === t.section && l.rank === t.rank)
    keys.push(...(live?.holders ?? []).map((h) => h.key))
  } else {
    keys.push(...reg.owners.map((o) => o.holder.key))
    keys.push(...request.holders.map((h) => h.key))
  }
  return [...new Set(keys.filter((k): k is string => k !== null && k !== signer))]
}

/** The current owners with no key on the register yet: a registrar must bind one before they can sign (LAND_NO_KEY). */
export function ownersWithoutKey(reg: RegisterDto): string[] {
  return reg.owners.filter((o) => o.holder.key === null && o.holder.agency === null).map((o) => o.holder.name)
}

/** Today in Korean time, YYYY-MM-DD (a cause may not be after it). */
export function todayKst(now = Date.now()): string {
  return new Date(now + 9 * 3600_000).toISOString().slice(0, 10)
}

/** The message key (under land.apply.purposes, .amount, .partiesTitle) of a purpose: message paths take no dots. */
export const PURPOSE_KEY: Readonly<Record<ApplyPurpose, string>> = {
  'ownership.transfer': 'transfer',
  'right.mortgage': 'mortgage',
  'right.jeonse': 'jeonse',
  cancellation: 'cancellation',
  'provisional.transfer': 'provisional',
}

/**
 * An application's receipt as a person reads and retypes it, whole: office, year and number (1101-2026-17). Receipt
 * numbers restart each year at each office, so the number alone names several applications.
 */
export function receiptKey(app: { office: string; year: number; receipt: number }): string {
  return `${app.office}-${app.year}-${app.receipt}`
}

/** The receipt a person typed or picked (1101-2026-17) as the registry names it, or null when it is not one. */
export function parseReceiptKey(text: string): { office: string; year: number; receipt: number } | null {
  const m = /^(\d{4})-(\d{4})-(\d+)$/.exec(text.trim())
  if (!m) return null
  const receipt = Number(m[3])
  return receipt >= 1 && Number.isSafeInteger(receipt) ? { office: m[1]!, year: Number(m[2]), receipt } : null
}
