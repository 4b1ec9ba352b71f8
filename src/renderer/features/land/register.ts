/**
 * The land screens' logic without a browser (test/renderer/land-ui.test.ts): what the lookup field holds (a register
 * number or an address), the register's sections in rank order with cancelled entries marked and the current-only
 * view, holders' identifiers as printed (a person's masked), amounts in won, the head's rows, and the rules' findings
 * of an application in words.
 */
import { LAND_CATEGORIES } from '../../../ledger/registries/land/portable/categories'
import { LAND_ERRORS } from '../../../ledger/registries/land/portable/errors'
import { formatWon } from '../../../ledger/registries/land/portable/money'
import { formatRegisterNumber, parseRegisterNumber } from '../../../ledger/registries/land/portable/numbers'
import { parseRank } from '../../../ledger/registries/land/portable/ranks'
import { type Head, locationText } from '../../../ledger/registries/land/portable/schema'
import { CAUSE_WORDS, KIND_WORDS, LAND_RIGHT_WORDS, PURPOSE_WORDS, SECTION_WORDS } from '../../../ledger/registries/land/portable/words'
import { parseShare, shareWords } from '../../../ledger/registries/land/portable/shares'
import { errorSentence } from '../../../shared/error-text'
import type { ApplicationDto, EntryDto, FindingDto, HolderDto } from './api'

export type Lang = 'ko' | 'en'
export type Section = 'A' | 'B'
export const SECTIONS: readonly Section[] = ['A', 'B']

/** What was typed in the lookup field: a register number (with or without hyphens) or an address. */
export type Lookup = { kind: 'number'; number: string } | { kind: 'address'; address: string } | { kind: 'empty' }

export function parseLookup(text: string): Lookup {
  const t = text.trim()
  if (t === '') return { kind: 'empty' }
  const n = parseRegisterNumber(t)
  if (n !== null) return { kind: 'number', number: formatRegisterNumber(n) }
  return { kind: 'address', address: t.replace(/\s+/g, ' ') }
}

/** Something that looks like a number but is not a valid one (digits and hyphens only): said, not searched as an address. */
export function looksLikeNumber(text: string): boolean {
  return /^[\d-]{6,}$/.test(text.trim()) && parseRegisterNumber(text) === null
}

const w = (table: Readonly<Record<string, { ko: string; en: string }>>, id: string, lang: Lang): string => table[id]?.[lang] ?? id

export const purposeText = (purpose: string, lang: Lang): string => w(PURPOSE_WORDS, purpose, lang)
export const causeText = (cause: string, lang: Lang): string => w(CAUSE_WORDS, cause, lang)
export const sectionText = (section: Section, lang: Lang): string => SECTION_WORDS[section][lang]
/** A share as the register prints it: 10분의 1 / 1/10; the whole as 단독 / sole. */
export function shareIn(text: string, lang: Lang): string {
  const s = parseShare(text)
  return s === null ? text : shareWords(s, lang)
}
export const kindText = (kind: string, lang: Lang): string => w(KIND_WORDS, kind, lang)
export function categoryText(id: string, lang: Lang): string {
  return LAND_CATEGORIES.find((c) => c.id === id)?.words[lang] ?? id
}

/** Amounts as the register prints them: 금 120,000,000원 / KRW 120,000,000. */
export function amountText(digits: string | null, lang: Lang): string | null {
  if (digits === null || !/^\d+$/.test(digits)) return null
  return formatWon(digits, lang)
}

/**
 * A holder's identifier as printed: a person's resident number masked after the sex digit (800101-1******), even
 * if a node sent it whole; a company's number whole (public on the register); none as a dash.
 */
export function holderId(h: Pick<HolderDto, 'kind' | 'id'>): string {
  const id = h.id
  if (id === null || id === '') return '—'
  if (h.kind !== 'person') return id
  const m = /^(\d{6})-?(\d)/.exec(id)
  return m ? `${m[1]}-${m[2]}******` : id.replace(/\d(?=[\d*]{0,5}$)/g, '*')
}

export interface EntryRow {
  key: string
  section: Section
  rank: string
  purpose: string
  /** 접수: date and receipt number */
  receivedOn: string
  receipt: number
  cause: string
  causeOn: string
  holders: Array<{ name: string; id: string; address: string; share: string | null }>
  amount: string | null
  debtor: string | null
  /** the entry this one cancels (a cancellation), as "section rank" */
  cancels: { section: Section; rank: string } | null
  /** the rank of the entry that cancelled this one; null while it is in force */
  cancelledBy: string | null
  /** struck through (cancelled) */
  struck: boolean
  caseNo: string | null
}

function byRank(a: EntryDto, b: EntryDto): number {
  const ra = parseRank(a.rank) ?? [Number.MAX_SAFE_INTEGER, 0]
  const rb = parseRank(b.rank) ?? [Number.MAX_SAFE_INTEGER, 0]
  return ra[0] - rb[0] || ra[1] - rb[1] || a.seq - b.seq
}

/**
 * One section's entries in rank order. With `currentOnly` (현재 유효사항): only the entries in force — cancelled
 * entries and the cancellations themselves left out — as the 일부증명서 prints them.
 */
export function sectionRows(entries: readonly EntryDto[], section: Section, currentOnly: boolean, lang: Lang): EntryRow[] {
  return entries
    .filter((e) => e.section === section)
    .filter((e) => !currentOnly || (e.cancelledBy === null && e.purpose !== 'cancellation'))
    .slice()
    .sort(byRank)
    .map((e) => ({
      key: `${e.section}:${e.rank}:${e.seq}`,
      section: e.section,
      rank: e.rank,
      purpose: e.purpose,
      receivedOn: e.receipt.on,
      receipt: e.receipt.number,
      cause: e.cause,
      causeOn: e.causeOn,
      holders: e.holders.map((h) => ({ name: h.name, id: holderId(h), address: h.address, share: h.share ?? null })),
      amount: amountText(e.amount, lang),
      debtor: e.debtor ? e.debtor.name : null,
      cancels: e.purpose === 'cancellation' && e.target ? e.target : null,
      cancelledBy: e.cancelledBy,
      struck: e.struck ?? e.cancelledBy !== null,
      caseNo: e.caseNo,
    }))
}

/** The 표제부's rows: label key (under land.head.*) → value. */
export function headRows(head: Head, lang: Lang): Array<{ key: string; value: string }> {
  const rows: Array<{ key: string; value: string }> = [{ key: 'kind', value: kindText(head.kind, lang) }]
  if (head.kind === 'land') {
    rows.push({ key: 'location', value: locationText(head.location) })
    if (head.road) rows.push({ key: 'road', value: head.road })
    rows.push({ key: 'category', value: categoryText(head.category, lang) }, { key: 'area', value: `${head.area}㎡` })
  } else if (head.kind === 'building') {
    rows.push({ key: 'location', value: locationText(head.location) })
    if (head.road) rows.push({ key: 'road', value: head.road })
    rows.push(
      { key: 'structure', value: `${head.structure} ${head.roof}` },
      { key: 'use', value: head.use },
      { key: 'floors', value: head.floors.map((f) => `${f.floor} ${f.area}㎡`).join(', ') },
    )
  } else {
    rows.push(
      { key: 'complex', value: head.complex },
      { key: 'unit', value: `${head.unit} (${head.floor})` },
      { key: 'structure', value: head.structure },
      { key: 'area', value: `${head.area}㎡` },
      { key: 'landRight', value: `${w(LAND_RIGHT_WORDS, head.landRight.kind, lang)} ${shareIn(head.landRight.share, lang)}` },
    )
  }
  return rows
}

/** The address a head prints (for the lookup's results and the page title). */
export function headAddress(head: Head): string {
  if (head.kind === 'unit') return head.unit
  return head.road ?? locationText(head.location)
}

/**
 * The rules' findings of an application, in words: the registry's sentence for each stable code, in the reader's
 * language; a code this build does not know keeps the node's own message. Codes are never shown raw.
 */
export function findingText(f: FindingDto, lang: Lang): string {
  if (f.text) return f.text[lang]
  return errorSentence(f.code, lang, (code) => (LAND_ERRORS as Record<string, { text: { ko: string; en: string } }>)[code]?.text)
}

export function findingTexts(app: Pick<ApplicationDto, 'findings'>, lang: Lang): string[] {
  return app.findings.map((f) => findingText(f, lang))
}

/**
 * The node's own detail of a finding, shown under its sentence: which party, holder or share (review-ui 2) — the
 * registrar writes a rejection reason the applicants read. Null when it says nothing more than the sentence (empty,
 * the same, or the code's default message). The rules speak English for now: in Korean it is labelled 상세(영문).
 */
export function findingDetail(f: FindingDto, lang: Lang): string | null {
  const m = f.message.trim()
  const known = (LAND_ERRORS as Record<string, { message: string } | undefined>)[f.code]?.message
  if (m === '' || m === known || m === f.text?.en || m === f.text?.ko) return null
  const korean = /니다|시오/.test(m)
  return lang === 'ko' && !korean ? `상세(영문): ${m}` : m
}

const sameFinding = (a: FindingDto, b: FindingDto): boolean => a.code === b.code && a.message === b.message

/**
 * Each finding of an application, once (the same code and detail recorded twice reads once): its sentence, the
 * node's detail under it, and whether today's check finds it still (`now`), so that a finding that holds at receipt
 * and today is one line, not two.
 */
export function findingLines(
  app: Pick<ApplicationDto, 'findings' | 'findingNow'>,
  lang: Lang,
): Array<{ text: string; detail: string | null; now: boolean }> {
  const once = app.findings.filter((f, i) => app.findings.findIndex((g) => sameFinding(f, g)) === i)
  return once.map((f) => ({ text: findingText(f, lang), detail: findingDetail(f, lang), now: app.findingNow !== null && sameFinding(f, app.findingNow) }))
}

/** Today's finding when it is not one of those recorded at receipt (then it is a line of its own). */
export function newFindingNow(app: Pick<ApplicationDto, 'findings' | 'findingNow'>): FindingDto | null {
  const now = app.findingNow
  return now !== null && !app.findings.some((f) => sameFinding(f, now)) ? now : null
}

/** An application's receipt as a person types it back: 2026-17 (year and number). */
export function receiptLabel(app: Pick<ApplicationDto, 'year' | 'receipt'>): string {
  return `${app.year}-${app.receipt}`
}
