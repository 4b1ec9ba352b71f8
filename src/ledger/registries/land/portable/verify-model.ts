/**
 * The certified extract's content (docs/adr/0036): a register's proven state group read back as the register prints
 * it — 표제부, 갑구 and 을구, each entry's 순위번호, 등기목적, 접수, 등기원인 and 권리자 및 기타사항, cancelled entries
 * struck through (등기사항전부증명서) or left out (일부증명서, 현재 유효사항) — in Korean or English. The PDF is laid
 * out from this text, and the verifier derives it again from the proven values and compares, so what the extract
 * prints is what the ledger holds. Portable: the node, the CLI, the app and the standalone page run this same code.
 *
 * "Cancelled by" and 현재 유효사항 are derived as the register's read model derives them (queries.ts `annotate`,
 * `isCurrent`); test/cert/land-extract.test.ts holds the two to the same answers.
 */
import type { Canonical } from '../../../codec/canonical'
import { LAND_CATEGORIES } from './categories'
import { currentKey, headKey, registerGroup } from './keys'
import { formatWon } from './money'
import { parseRank } from './ranks'
import { parseShare, shareWords } from './shares'
import { type CurrentState, type Head, type Holder, type StoredEntry, locationText } from './schema'
import { CAUSE_WORDS, KIND_WORDS, LAND_RIGHT_WORDS, PURPOSE_WORDS } from './words'

export type ExtractLang = 'ko' | 'en'
export type ExtractView = 'full' | 'current'

/** The register's group as proven: its head (with the office and agency), its entries in order, its current state. */
export interface ProvenRegister {
  number: string
  head: Head & { office: string; agency: string }
  entries: StoredEntry[]
  cur: CurrentState
}

/** One printed row of a section. */
export interface ExtractRow {
  /** 순위번호 */
  rank: string
  /** 등기목적 */
  purpose: string
  /** 접수: the day and the receipt number */
  receipt: string
  /** 등기원인: the cause and its day */
  cause: string
  /** 권리자 및 기타사항, one line each */
  details: string[]
  /** cancelled: struck through on the full extract */
  struck: boolean
  /** the rank (same section) of the entry that cancelled it, or null */
  cancelledBy: string | null
}

/** What an extract prints about the register: everything the verifier derives again and compares. */
export interface ExtractText {
  number: string
  view: ExtractView
  lang: ExtractLang
  /** the block the register is proven as of */
  height: number
  /** 표제부: label and value */
  head: Array<[string, string]>
  sections: { A: ExtractRow[]; B: ExtractRow[] }
}

const SEQ_KEY = /^e-(\d{6})$/

function invalid(why: string): Error {
  return new Error(why)
}

/**
 * A register from the entries of its group (a range proof's: complete). Throws, saying why, when the entries are not
 * a register's: no head or current state, an entry out of sequence, a current state that does not match its entries.
 */
export function registerOf(number: string, group: string, entries: ReadonlyArray<readonly [string, Canonical]>): ProvenRegister {
  if (group !== registerGroup(number)) throw invalid(`the proof is of ${group}, not of register ${number}`)
  let head: ProvenRegister['head'] | null = null
  let cur: CurrentState | null = null
  const stored: StoredEntry[] = []
  for (const [k, v] of entries) {
    if (k === headKey(number)) head = v as unknown as ProvenRegister['head']
    else if (k === currentKey(number)) cur = v as unknown as CurrentState
    else {
      const m = SEQ_KEY.exec(k.slice(group.length + 1))
      if (m) stored.push(v as unknown as StoredEntry)
    }
  }
  if (head === null || typeof head !== 'object' || typeof head.kind !== 'string') throw invalid(`the proven state holds no 표제부 of register ${number}`)
  if (cur === null || typeof cur !== 'object' || !Array.isArray(cur.owners)) throw invalid(`the proven state holds no current state of register ${number}`)
  stored.sort((a, b) => a.seq - b.seq)
  stored.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || e.seq !== i + 1) throw invalid(`the register's entries are not numbered 1 to ${stored.length}`)
  })
  const reg = { number, head, entries: stored, cur }
  const why = currentProblem(reg)
  if (why) throw invalid(why)
  return reg
}

const sectionKey = (section: 'A' | 'B', rank: string): string => `${section}:${rank}`

/**
 * Why the current state (`cur`, what the rules read) does not match the entries, or null: the count of entries, every
 * cancellation recorded against the entry it targets and nothing cancelled without one, and every owner and live right
 * an entry that stands.
 */
export function currentProblem(reg: ProvenRegister): string | null {
  const { cur, entries } = reg
  if (cur.entries !== entries.length) return `the current state counts ${cur.entries} entries, the register has ${entries.length}`
  const ranks = new Set(entries.map((e) => sectionKey(e.section, e.rank)))
  const byCancellation = new Map<string, string>()
  for (const e of entries) if (e.purpose === 'cancellation' && e.target) byCancellation.set(sectionKey(e.target.section, e.target.rank), e.rank)
  for (const [k, by] of Object.entries(cur.cancelled)) {
    if (!ranks.has(k)) return `the current state cancels ${k}, which is not on the register`
    // a 본등기 cancels what came after its 가등기 without a cancellation entry of its own: it is named by rank
    if (byCancellation.has(k) && byCancellation.get(k) !== by) return `the current state says ${k} was cancelled by ${by}, the register by ${byCancellation.get(k)}`
  }
  for (const k of byCancellation.keys()) if (cur.cancelled[k] === undefined) return `entry ${k} is cancelled on the register but stands in the current state`
  for (const o of cur.owners) {
    if (!ranks.has(sectionKey('A', o.rank))) return `the current state names an owner by entry ${o.rank}, which is not on the register`
    if (cur.cancelled[sectionKey('A', o.rank)] !== undefined && !entries.some((e) => e.purpose === 'provisional.main' && e.provisional?.rank === o.rank)) {
      return `the current state names an owner by entry ${o.rank}, which is cancelled`
    }
  }
  for (const l of cur.live) {
    if (!ranks.has(sectionKey(l.section, l.rank))) return `the current state names a live right ${l.section}:${l.rank}, which is not on the register`
    if (cur.cancelled[sectionKey(l.section, l.rank)] !== undefined) return `the current state names ${l.section}:${l.rank} live, and cancelled`
  }
  return null
}

export interface AnnotatedEntry extends StoredEntry {
  cancelledBy: string | null
  completedBy: number | null
  struck: boolean
}

/** Entries with what later ones say about them (as queries.ts `annotate`). */
export function annotateEntries(reg: ProvenRegister): AnnotatedEntry[] {
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

/** What 현재 유효사항 keeps (as queries.ts `isCurrent`). */
export function isCurrentEntry(e: AnnotatedEntry, reg: ProvenRegister): boolean {
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

function byRank(a: StoredEntry, b: StoredEntry): number {
  const ra = parseRank(a.rank)!
  const rb = parseRank(b.rank)!
  return ra[0] - rb[0] || ra[1] - rb[1] || a.seq - b.seq
}

// ------------------------------------------------------------------------------------------------ words

const KST_MS = 9 * 3600_000
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** A day as the register prints it: 2023년11월10일 / 10 Nov 2023. */
export function dayText(day: string, lang: ExtractLang): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!m) return day
  return lang === 'ko' ? `${m[1]}년${Number(m[2])}월${Number(m[3])}일` : `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`
}

/** A time (ms) in Korean time, as the extract prints its issue: 2023년11월10일 14:03 (KST) / 10 Nov 2023, 14:03 KST. */
export function kstTimeText(ms: number, lang: ExtractLang): string {
  const iso = new Date(ms + KST_MS).toISOString()
  const day = dayText(iso.slice(0, 10), lang)
  const clock = iso.slice(11, 16)
  return lang === 'ko' ? `${day} ${clock} (한국 표준시)` : `${day}, ${clock} KST`
}

const w = (table: Readonly<Record<string, Readonly<Record<ExtractLang, string>>>>, id: string, lang: ExtractLang): string => table[id]?.[lang] ?? id

const areaText = (a: string): string => `${a}㎡`

function shareText(s: string | null, lang: ExtractLang): string | null {
  if (s === null) return null
  const p = parseShare(s)
  return p ? shareWords(p, lang) : s
}

/** The role a holder of an entry has, by its purpose: 소유자, 공유자, 근저당권자, 채권자, 권리자… */
function holderRole(purpose: string, shared: boolean, lang: ExtractLang): string {
  const ko: Record<string, string> = {
    'ownership.preservation': shared ? '공유자' : '소유자',
    'ownership.transfer': shared ? '공유자' : '소유자',
    'ownership.share-transfer': '공유자',
    'provisional.transfer': '가등기권자',
    'provisional.main': shared ? '공유자' : '소유자',
    'restriction.provisional-attachment': '채권자',
    'restriction.injunction': '채권자',
    'restriction.seizure': '권리자',
    'restriction.auction': '채권자',
    'right.mortgage': '근저당권자',
    'right.jeonse': '전세권자',
    'right.superficies': '지상권자',
    'right.lease': '임차권자',
    'holder.alteration': '등기명의인',
  }
  const en: Record<string, string> = {
    'ownership.preservation': shared ? 'Co-owner' : 'Owner',
    'ownership.transfer': shared ? 'Co-owner' : 'Owner',
    'ownership.share-transfer': 'Co-owner',
    'provisional.transfer': 'Holder of the provisional registration',
    'provisional.main': shared ? 'Co-owner' : 'Owner',
    'restriction.provisional-attachment': 'Creditor',
    'restriction.injunction': 'Creditor',
    'restriction.seizure': 'Holder',
    'restriction.auction': 'Creditor',
    'right.mortgage': 'Mortgagee',
    'right.jeonse': 'Jeonse holder',
    'right.superficies': 'Superficiary',
    'right.lease': 'Lessee',
    'holder.alteration': 'Holder',
  }
  return (lang === 'ko' ? ko : en)[purpose] ?? (lang === 'ko' ? '권리자' : 'Holder')
}

/** What an amount is, by the entry's purpose: 거래가액, 채권최고액, 전세금, 청구금액. */
function amountLabel(purpose: string, lang: ExtractLang): string {
  if (purpose === 'right.mortgage') return lang === 'ko' ? '채권최고액' : 'Maximum secured amount'
  if (purpose === 'right.jeonse') return lang === 'ko' ? '전세금' : 'Jeonse deposit'
  if (purpose === 'right.lease') return lang === 'ko' ? '차임·보증금' : 'Rent or deposit'
  if (purpose.startsWith('restriction.')) return lang === 'ko' ? '청구금액' : 'Amount claimed'
  return lang === 'ko' ? '거래가액' : 'Transaction price'
}

/** A holder's line: role, name, the identifier as printed (masked), address, share. Never the key or the hash. */
function holderLine(h: Holder, role: string, lang: ExtractLang): string {
  const share = shareText(h.share, lang)
  const shareWordsText = share === null ? '' : lang === 'ko' ? ` 지분 ${share}` : ` (share ${share})`
  return [`${role}${shareWordsText}`, h.name, h.id ?? '', h.address].filter((x) => x !== '').join('  ')
}

function purposeText(e: StoredEntry, reg: ProvenRegister, lang: ExtractLang): string {
  if (e.purpose === 'cancellation' && e.target) {
    const target = reg.entries.find((x) => x.section === e.target!.section && x.rank === e.target!.rank && x.purpose !== 'holder.alteration')
    const what = target ? w(PURPOSE_WORDS, target.purpose, lang) : ''
    return lang === 'ko' ? `${e.target.rank}번${what}등기말소` : `Cancellation of entry ${e.target.rank}${what ? ` (${what})` : ''}`
  }
  if (e.purpose === 'holder.alteration' && e.target) {
    return lang === 'ko' ? `${e.target.rank}번등기명의인표시변경` : `Change in the holder’s particulars of entry ${e.target.rank}`
  }
  return w(PURPOSE_WORDS, e.purpose, lang)
}

function rowOf(e: AnnotatedEntry, reg: ProvenRegister, lang: ExtractLang): ExtractRow {
  const details: string[] = []
  const shared = e.holders.filter((h) => h.share !== null && h.share !== '1/1').length > 0
  for (const h of e.holders) details.push(holderLine(h, holderRole(e.purpose, shared, lang), lang))
  if (e.of !== null) details.push(lang === 'ko' ? `목적 ${e.of}번 ${e.portion !== null ? `지분 중 ${shareText(e.portion, lang)}` : '지분'}` : `Of the share of entry ${e.of}${e.portion !== null ? `: ${shareText(e.portion, lang)} of it` : ''}`)
  else if (e.portion !== null) details.push(lang === 'ko' ? `지분 ${shareText(e.portion, lang)}` : `Share ${shareText(e.portion, lang)}`)
  if (e.amount !== null) details.push(`${amountLabel(e.purpose, lang)}  ${formatWon(e.amount, lang)}`)
  if (e.debtor !== null) details.push(`${lang === 'ko' ? '채무자' : 'Debtor'}  ${e.debtor.name}  ${e.debtor.address}`)
  if (e.caseNo !== null) details.push(`${lang === 'ko' ? '사건번호' : 'Case No.'}  ${e.caseNo}`)
  if (e.provisional) {
    details.push(
      lang === 'ko'
        ? `${e.provisional.rank}번 가등기에 의한 본등기 (가등기 접수 ${dayText(e.provisional.receivedOn, lang)} 제${e.provisional.receipt}호)`
        : `Main registration of provisional entry ${e.provisional.rank} (received ${dayText(e.provisional.receivedOn, lang)}, No. ${e.provisional.receipt})`,
    )
  }
  if (e.note) details.push(e.note)
  if (e.cancelledBy !== null) details.push(lang === 'ko' ? `${e.cancelledBy}번 등기로 말소` : `Cancelled by entry ${e.cancelledBy}`)
  if (e.completedBy !== null) details.push(lang === 'ko' ? '본등기 완료' : 'Completed by its main registration')
  const receipt =
    lang === 'ko' ? `${dayText(e.receipt.on, lang)} 제${e.receipt.number}호` : `${dayText(e.receipt.on, lang)}, No. ${e.receipt.number}`
  const cause = lang === 'ko' ? `${dayText(e.causeOn, lang)} ${w(CAUSE_WORDS, e.cause, lang)}` : `${w(CAUSE_WORDS, e.cause, lang)}, ${dayText(e.causeOn, lang)}`
  return { rank: e.rank, purpose: purposeText(e, reg, lang), receipt, cause, details, struck: e.struck, cancelledBy: e.cancelledBy }
}

function headRows(reg: ProvenRegister, lang: ExtractLang): Array<[string, string]> {
  const h = reg.head
  const ko = lang === 'ko'
  const rows: Array<[string, string]> = [
    [ko ? '고유번호' : 'Register No.', reg.number],
    [ko ? '구분' : 'Kind', w(KIND_WORDS, h.kind, lang)],
    [ko ? '관할 등기소' : 'Registry office', h.office],
  ]
  const category = (id: string): string => LAND_CATEGORIES.find((c) => c.id === id)?.words[lang] ?? id
  if (h.kind === 'land') {
    rows.push([ko ? '소재지번' : 'Location', locationText(h.location)])
    if (h.road) rows.push([ko ? '도로명주소' : 'Road address', h.road])
    rows.push([ko ? '지목' : 'Land category', category(h.category)])
    rows.push([ko ? '면적' : 'Area', areaText(h.area)])
  } else if (h.kind === 'building') {
    rows.push([ko ? '소재지번 및 건물번호' : 'Location and building', locationText(h.location)])
    if (h.road) rows.push([ko ? '도로명주소' : 'Road address', h.road])
    rows.push([ko ? '건물내역' : 'Building', `${h.structure} ${h.roof} ${h.use}`])
    rows.push([ko ? '층별 면적' : 'Floor areas', h.floors.map((f) => `${f.floor} ${areaText(f.area)}`).join(', ')])
  } else {
    rows.push([ko ? '1동의 건물' : 'Building (complex)', h.complex])
    rows.push([ko ? '전유부분' : 'Unit', `${h.unit} (${h.floor}) ${h.structure} ${areaText(h.area)}`])
    rows.push([ko ? '대지권' : 'Land right', `${w(LAND_RIGHT_WORDS, h.landRight.kind, lang)} ${shareText(h.landRight.share, lang) ?? ''}`.trim()])
  }
  return rows
}

/** What the extract of `view` prints about the register, in `lang`, as of block `height`. */
export function extractText(reg: ProvenRegister, view: ExtractView, lang: ExtractLang, height: number): ExtractText {
  const all = annotateEntries(reg)
  const shown = view === 'current' ? all.filter((e) => isCurrentEntry(e, reg)) : all
  const rows = (s: 'A' | 'B') => shown.filter((e) => e.section === s).sort(byRank).map((e) => rowOf(e, reg, lang))
  return { number: reg.number, view, lang, height, head: headRows(reg, lang), sections: { A: rows('A'), B: rows('B') } }
}

/** A row's identity for comparisons: section and rank, and the position among rows of the same rank. */
const rowKey = (s: 'A' | 'B', r: ExtractRow, i: number): string => `${s}:${r.rank}#${i}`

function keyed(t: ExtractText): Map<string, { section: 'A' | 'B'; row: ExtractRow }> {
  const out = new Map<string, { section: 'A' | 'B'; row: ExtractRow }>()
  for (const s of ['A', 'B'] as const) {
    const seen = new Map<string, number>()
    for (const r of t.sections[s]) {
      const i = seen.get(r.rank) ?? 0
      seen.set(r.rank, i + 1)
      out.set(rowKey(s, r, i), { section: s, row: r })
    }
  }
  return out
}

/** How a printed extract differs from the one derived from the proof: one finding per difference, most serious first. */
export type TextFinding =
  | { kind: 'entry-missing'; section: 'A' | 'B'; rank: string }
  | { kind: 'entry-added'; section: 'A' | 'B'; rank: string }
  | { kind: 'cancelled-shown-live'; section: 'A' | 'B'; rank: string }
  | { kind: 'entry-changed'; section: 'A' | 'B'; rank: string; field: string }
  | { kind: 'head-changed'; label: string }
  | { kind: 'other'; what: string }

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

export function compareText(printed: ExtractText, proven: ExtractText): TextFinding[] {
  const out: TextFinding[] = []
  for (const f of ['number', 'view', 'lang', 'height'] as const) if (printed[f] !== proven[f]) out.push({ kind: 'other', what: f })
  const p = keyed(printed)
  const q = keyed(proven)
  for (const [k, { section, row }] of q) {
    const got = p.get(k)
    if (!got) {
      out.push({ kind: 'entry-missing', section, rank: row.rank })
      continue
    }
    if (row.struck && !got.row.struck) out.push({ kind: 'cancelled-shown-live', section, rank: row.rank })
    for (const field of ['purpose', 'receipt', 'cause', 'details', 'struck', 'cancelledBy'] as const) {
      if (field === 'struck' && row.struck && !got.row.struck) continue
      if (!same(row[field], got.row[field])) out.push({ kind: 'entry-changed', section, rank: row.rank, field })
    }
  }
  for (const [k, { section, row }] of p) if (!q.has(k)) out.push({ kind: 'entry-added', section, rank: row.rank })
  if (!same(printed.head, proven.head)) {
    const label = proven.head.find(([l, v], i) => !same(printed.head[i], [l, v]))?.[0] ?? 'head'
    out.push({ kind: 'head-changed', label })
  }
  const order = ['entry-missing', 'cancelled-shown-live', 'entry-changed', 'entry-added', 'head-changed', 'other']
  return out.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
}

/** What changed on a register between an extract's block and a later one (for "is it still current?"). */
export interface RegisterChange {
  /** entries entered since, by section and rank, with their purpose (in words) */
  added: Array<{ section: 'A' | 'B'; rank: string; purpose: string }>
  /** entries cancelled since */
  cancelled: Array<{ section: 'A' | 'B'; rank: string; by: string }>
  /** the 표제부 changed */
  head: boolean
}

export function changesBetween(before: ProvenRegister, after: ProvenRegister, lang: ExtractLang = 'en'): RegisterChange {
  const added = after.entries.slice(before.entries.length).map((e) => ({ section: e.section, rank: e.rank, purpose: purposeText(e, after, lang) }))
  const cancelled = Object.entries(after.cur.cancelled)
    .filter(([k]) => before.cur.cancelled[k] === undefined)
    .map(([k, by]) => ({ section: k[0] as 'A' | 'B', rank: k.slice(2), by }))
  return { added, cancelled, head: !same(before.head, after.head) }
}

export const isUnchanged = (c: RegisterChange): boolean => c.added.length === 0 && c.cancelled.length === 0 && !c.head
