/**
 * An animal's history in words (docs/adr/0045): one portable function turns the animal's proven group — its head and
 * every event (`lv/a/<number>/head`, `e-NNNNNN`) — into what the consumer lookup shows and the label prints, in Korean
 * or English: breed, sex, birth or import, the farms with their dates, vaccinations and tests, the slaughterhouse, the
 * day and the inspection result, the grades, the packer, the shop, late reports flagged with how late, DNA alerts.
 * The node renders the lookup and the label from it; the verifier derives it again from the proof and compares.
 * Site names live in other groups (`lv/s/<site>`): the words name sites by their numbers, which the proof holds.
 * Portable.
 */
import type { Canonical } from '../../../codec/canonical'
import { formatAnimalNumber, numberKind } from './identifiers'
import { animalGroup, animalKey } from './keys'
import type { AnimalEvent, AnimalHead } from './schema'
import { BREED_WORDS, CUT_WORDS, DISEASE_WORDS, DISPOSAL_WORDS, RESULT_WORDS, SEX_WORDS } from './words'

export type LabelLang = 'ko' | 'en'

/** An animal's group, read from proven entries: its head and its events in order. */
export interface ProvenHistory {
  animal: string
  head: AnimalHead
  events: AnimalEvent[]
}

/** One line of the history as shown: the day, what happened, where, and how late it was reported. */
export interface HistoryLine {
  seq: number
  date: string
  kind: AnimalEvent['kind']
  what: string
  /** the site's number, or '' */
  site: string
  /** '' when on time, else "reported 3 days late" in words */
  late: string
  /** a DNA mismatch or a positive test: shown as an alert */
  alert: boolean
}

/** What the lookup shows and the label's file carries: facts (label, value) and the history. */
export interface HistoryText {
  animal: string
  lang: LabelLang
  height: number
  facts: Array<[string, string]>
  lines: HistoryLine[]
  /** DNA mismatches recorded against meat sold under the number */
  alerts: number
}

/** What the small printed label shows: a few facts, all of them in the animal's head (the QR code's proof). */
export interface LabelFacts {
  animal: string
  lang: LabelLang
  facts: Array<[string, string]>
  alerts: number
}

const W = {
  ko: {
    number: '이력번호',
    breed: '품종',
    sex: '성별',
    birth: '출생일',
    origin: '출생·수입',
    born: (farm: string) => `농장 ${farm}에서 출생`,
    imported: (country: string, lot: string, id: string) => `${country}에서 수입 (수입 로트 ${lot}, 원산국 번호 ${id})`,
    mother: '어미',
    status: '상태',
    farms: '사육지',
    stay: (site: string, from: string, to: string | null) => `${site} (${from} ~ ${to ?? '현재'})`,
    tagged: '귀표 부착일',
    untagged: '귀표 없음',
    slaughter: '도축',
    slaughterAt: (site: string, date: string) => `${date} 도축장 ${site}`,
    inspection: '도축 검사',
    grade: '등급',
    gradeValue: (q: string, y: string | null, kg: string) => `육질 ${q}${y ? `, 육량 ${y}` : ''} (도체중 ${kg} kg)`,
    alerts: 'DNA 불일치 경보',
    alertCount: (n: number) => `${n}건`,
    none: '없음',
    late: (d: number) => `${d}일 늦게 신고됨`,
    site: (s: string) => `농장·업소 ${s}`,
  },
  en: {
    number: 'Animal number',
    breed: 'Breed',
    sex: 'Sex',
    birth: 'Born',
    origin: 'Origin',
    born: (farm: string) => `born on farm ${farm}`,
    imported: (country: string, lot: string, id: string) => `imported from ${country} (lot ${lot}, foreign number ${id})`,
    mother: 'Dam',
    status: 'Status',
    farms: 'Farms',
    stay: (site: string, from: string, to: string | null) => `${site} (${from} to ${to ?? 'now'})`,
    tagged: 'Ear tag fitted',
    untagged: 'not tagged',
    slaughter: 'Slaughter',
    slaughterAt: (site: string, date: string) => `${date} at slaughterhouse ${site}`,
    inspection: 'Inspection',
    grade: 'Grade',
    gradeValue: (q: string, y: string | null, kg: string) => `quality ${q}${y ? `, yield ${y}` : ''} (carcass ${kg} kg)`,
    alerts: 'DNA mismatch alerts',
    alertCount: (n: number) => `${n}`,
    none: 'none',
    late: (d: number) => `reported ${d} day${d === 1 ? '' : 's'} late`,
    site: (s: string) => `site ${s}`,
  },
} as const

const STATUS: Record<AnimalHead['status'], Record<LabelLang, string>> = {
  alive: { ko: '사육 중', en: 'Alive on a farm' },
  dead: { ko: '폐사', en: 'Died' },
  slaughtered: { ko: '도축됨', en: 'Slaughtered' },
  exported: { ko: '수출됨', en: 'Exported' },
}
const INSPECTION: Record<string, Record<LabelLang, string>> = {
  pass: { ko: '합격', en: 'Passed' },
  fail: { ko: '불합격', en: 'Failed' },
}
const word = (table: Readonly<Record<string, Readonly<Record<LabelLang, string>>>>, k: unknown, lang: LabelLang): string =>
  typeof k === 'string' && table[k] ? table[k][lang] : lang === 'ko' ? '알 수 없음' : 'unknown'
/** a word inside an English sentence: lower case, unless it is an acronym (BSE) */
const inner = (table: Readonly<Record<string, Readonly<Record<LabelLang, string>>>>, k: unknown, lang: LabelLang): string => {
  const w = word(table, k, lang)
  return lang === 'en' && !/^[A-Z]{2,}\b/.test(w) ? w.charAt(0).toLowerCase() + w.slice(1) : w
}
const BREED = BREED_WORDS
const SEX = SEX_WORDS
const DISEASE = DISEASE_WORDS
const RESULT = RESULT_WORDS
const DISPOSAL = DISPOSAL_WORDS
const CUT = CUT_WORDS
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')

/** What one event says, in words (the site is said apart). */
export function eventWords(e: AnimalEvent, lang: LabelLang): string {
  const d = e.detail ?? {}
  const ko = lang === 'ko'
  switch (e.kind) {
    case 'birth':
      return ko ? '출생 신고' : 'Birth reported'
    case 'import':
      return ko ? `수입 (${str(d.country)}, 로트 ${str(d.lot)})` : `Imported (${str(d.country)}, lot ${str(d.lot)})`
    case 'tag':
      return ko ? '귀표 부착' : 'Ear tag fitted'
    case 'move':
      return ko ? `이동: 농장·업소 ${str(d.from)} → ${str(d.to)}` : `Moved from site ${str(d.from)} to ${str(d.to)}`
    case 'vaccination':
      return ko
        ? `${inner(DISEASE, d.disease, lang)} 예방접종${d.product ? ` (${str(d.product)})` : ''}`
        : `Vaccinated against ${inner(DISEASE, d.disease, lang)}${d.product ? ` (${str(d.product)})` : ''}`
    case 'test':
      return ko
        ? `${inner(DISEASE, d.disease, lang)} 검사: ${inner(RESULT, d.result, lang)}`
        : `Tested for ${inner(DISEASE, d.disease, lang)}: ${inner(RESULT, d.result, lang)}`
    case 'death':
      return ko ? `폐사 (${str(d.cause)}; ${inner(DISPOSAL, d.disposal, lang)})` : `Died (${str(d.cause)}; ${inner(DISPOSAL, d.disposal, lang)})`
    case 'export':
      return ko ? `수출 (${str(d.country)})` : `Exported (${str(d.country)})`
    case 'slaughter':
      return ko ? `도축, 검사 ${word(INSPECTION, d.inspection, lang)}` : `Slaughtered; inspection ${word(INSPECTION, d.inspection, lang).toLowerCase()}`
    case 'grade':
      return ko
        ? `등급 판정: 육질 ${str(d.quality)}${d.yield ? `, 육량 ${str(d.yield)}` : ''}${d.weightKg ? ` (${str(d.weightKg)} kg)` : ''}`
        : `Graded: quality ${str(d.quality)}${d.yield ? `, yield ${str(d.yield)}` : ''}${d.weightKg ? ` (${str(d.weightKg)} kg)` : ''}`
    case 'pack':
      return ko
        ? `포장: ${inner(CUT, d.cut, lang)}${d.bundle ? ` (묶음번호 ${str(d.bundle)})` : ''}`
        : `Packed: ${inner(CUT, d.cut, lang)}${d.bundle ? ` (bundle ${str(d.bundle)})` : ''}`
    case 'sale':
      return ko ? `판매${d.bundle ? ` (묶음번호 ${str(d.bundle)})` : ''}` : `Sold${d.bundle ? ` (bundle ${str(d.bundle)})` : ''}`
    case 'dna':
      return d.match === false
        ? ko
          ? 'DNA 검사: 판매 중인 고기가 이 소의 시료와 다름 (경보)'
          : "DNA test: the meat on sale does not match this animal's sample (alert)"
        : ko
          ? 'DNA 검사: 판매 중인 고기가 이 소의 것으로 확인됨'
          : "DNA test: the meat on sale is this animal's"
    default:
      return ko ? '기록' : 'Record'
  }
}

function headFacts(h: AnimalHead, lang: LabelLang, full: boolean): Array<[string, string]> {
  const w = W[lang]
  const out: Array<[string, string]> = [
    [w.number, formatAnimalNumber(h.animal)],
    [w.breed, BREED[h.breed]?.[lang] ?? h.breed],
    [w.sex, SEX[h.sex]?.[lang] ?? h.sex],
    [w.birth, h.birthDate],
  ]
  if (full) {
    out.push([w.origin, h.origin.kind === 'born' ? w.born(h.origin.farm) : w.imported(h.origin.country, h.origin.lot, h.origin.foreignId)])
    if (h.mother) out.push([w.mother, formatAnimalNumber(h.mother)])
    out.push([w.status, STATUS[h.status]?.[lang] ?? h.status])
    out.push([w.tagged, h.tagged ?? w.untagged])
  }
  out.push([w.farms, h.stays.map((s) => w.stay(s.site, s.from, s.to)).join('; ') || w.none])
  if (h.slaughter) {
    out.push([w.slaughter, w.slaughterAt(h.slaughter.site, h.slaughter.date)])
    out.push([w.inspection, INSPECTION[h.slaughter.inspection]?.[lang] ?? h.slaughter.inspection])
  }
  if (h.grade) out.push([w.grade, w.gradeValue(h.grade.quality, h.grade.yield, h.grade.weightKg)])
  out.push([w.alerts, h.alerts > 0 ? w.alertCount(h.alerts) : w.none])
  return out
}

/** The printed label's facts: every one in the head, so the QR code's proof of the head backs them all. */
export function labelFacts(h: AnimalHead, lang: LabelLang): LabelFacts {
  return { animal: h.animal, lang, facts: headFacts(h, lang, false), alerts: h.alerts }
}

/** The whole history in words, as the lookup shows it and the label's file carries it. */
export function historyText(p: ProvenHistory, lang: LabelLang, height: number): HistoryText {
  const w = W[lang]
  const lines = p.events.map(
    (e): HistoryLine => ({
      seq: e.seq,
      date: e.date,
      kind: e.kind,
      what: eventWords(e, lang),
      site: e.site ?? '',
      late: e.late > 0 ? w.late(e.late) : '',
      alert: (e.kind === 'dna' && e.detail?.match === false) || (e.kind === 'test' && e.detail?.result === 'positive'),
    }),
  )
  return { animal: p.animal, lang, height, facts: headFacts(p.head, lang, true), lines, alerts: p.head.alerts }
}

// ---- reading the proven entries -----------------------------------------------------------------------------------

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)

/** Why a value is not an animal's head, or null. Only what the words read is checked; the rules wrote the rest. */
export function headProblem(v: Canonical | undefined, animal: string): string | null {
  if (!isObj(v)) return 'the head is not a record'
  if (v.animal !== animal) return `the head is of animal ${str(v.animal)}, not ${animal}`
  for (const k of ['breed', 'sex', 'birthDate', 'status', 'site'] as const) if (typeof v[k] !== 'string') return `the head has no ${k}`
  if (!Array.isArray(v.stays) || !v.stays.every((s) => isObj(s) && typeof s.site === 'string' && typeof s.from === 'string')) return 'the head has no stays'
  if (!isObj(v.origin) || (v.origin.kind !== 'born' && v.origin.kind !== 'imported')) return 'the head has no origin'
  if (typeof v.events !== 'number' || !Number.isSafeInteger(v.events) || v.events < 0) return 'the head has no event count'
  if (typeof v.alerts !== 'number' || !Number.isSafeInteger(v.alerts) || v.alerts < 0) return 'the head has no alert count'
  return null
}

function eventProblem(v: Canonical, seq: number): string | null {
  if (!isObj(v)) return `event ${seq} is not a record`
  if (v.seq !== seq) return `event ${seq} says it is event ${str(v.seq)}`
  if (typeof v.kind !== 'string' || typeof v.date !== 'string' || typeof v.late !== 'number') return `event ${seq} is not an event`
  if (v.detail !== undefined && v.detail !== null && !isObj(v.detail)) return `event ${seq}'s details are not a record`
  return null
}

/**
 * An animal's history from its proven group: the head and exactly the events e-000001 … e-<head.events>, nothing else.
 * Throws with the reason when the entries are not an animal's history.
 */
export function historyOf(animal: string, group: string, entries: ReadonlyArray<readonly [string, Canonical]>): ProvenHistory {
  if (numberKind(animal) !== 'animal') throw new Error(`${animal} is not an animal number`)
  if (group !== animalGroup(animal)) throw new Error(`the proof is of the state group ${group}, not of animal ${animal}`)
  const byKey = new Map(entries.map(([k, v]) => [k, v]))
  const head = byKey.get(animalKey(animal))
  const hp = headProblem(head, animal)
  if (hp) throw new Error(head === undefined ? `no animal ${animal} is registered in the proven state` : hp)
  const h = head as unknown as AnimalHead
  if (entries.length !== h.events + 1) throw new Error(`the head counts ${h.events} events; the proven group holds ${entries.length - 1}`)
  const events: AnimalEvent[] = []
  for (let seq = 1; seq <= h.events; seq++) {
    const v = byKey.get(`${animalGroup(animal)}/e-${String(seq).padStart(6, '0')}`)
    if (v === undefined) throw new Error(`event ${seq} of ${h.events} is not in the proven group`)
    const ep = eventProblem(v, seq)
    if (ep) throw new Error(ep)
    events.push(v as unknown as AnimalEvent)
  }
  return { animal, head: h, events }
}

// ---- comparing what is printed with what is proven ---------------------------------------------------------------

export type TextFinding =
  | { kind: 'fact-changed'; label: string }
  | { kind: 'fact-missing'; label: string }
  | { kind: 'fact-added'; label: string }
  | { kind: 'event-missing'; seq: number }
  | { kind: 'event-added'; seq: number }
  | { kind: 'event-changed'; seq: number }
  | { kind: 'other'; what: string }

function compareFacts(printed: ReadonlyArray<readonly [string, string]>, proven: ReadonlyArray<readonly [string, string]>): TextFinding[] {
  const out: TextFinding[] = []
  const p = new Map(printed.map(([k, v]) => [k, v]))
  const q = new Map(proven.map(([k, v]) => [k, v]))
  for (const [k, v] of q) {
    if (!p.has(k)) out.push({ kind: 'fact-missing', label: k })
    else if (p.get(k) !== v) out.push({ kind: 'fact-changed', label: k })
  }
  for (const k of p.keys()) if (!q.has(k)) out.push({ kind: 'fact-added', label: k })
  if (out.length === 0 && printed.map((x) => x[0]).join('\n') !== proven.map((x) => x[0]).join('\n')) out.push({ kind: 'other', what: 'order of the facts' })
  return out
}

/** How the printed history differs from the proven one: [] when it is the same. */
export function compareHistory(printed: HistoryText, proven: HistoryText): TextFinding[] {
  const out: TextFinding[] = []
  if (printed.animal !== proven.animal) out.push({ kind: 'other', what: 'animal number' })
  if (printed.lang !== proven.lang) out.push({ kind: 'other', what: 'language' })
  if (printed.height !== proven.height) out.push({ kind: 'other', what: 'block' })
  if (printed.alerts !== proven.alerts) out.push({ kind: 'fact-changed', label: W[proven.lang].alerts })
  out.push(...compareFacts(printed.facts, proven.facts))
  const pl = new Map(printed.lines.map((l) => [l.seq, l]))
  for (const l of proven.lines) {
    const x = pl.get(l.seq)
    if (!x) out.push({ kind: 'event-missing', seq: l.seq })
    else if (x.date !== l.date || x.kind !== l.kind || x.what !== l.what || x.site !== l.site || x.late !== l.late || x.alert !== l.alert) {
      out.push({ kind: 'event-changed', seq: l.seq })
    }
  }
  const proven1 = new Set(proven.lines.map((l) => l.seq))
  for (const l of printed.lines) if (!proven1.has(l.seq)) out.push({ kind: 'event-added', seq: l.seq })
  if (printed.lines.length !== new Set(printed.lines.map((l) => l.seq)).size) out.push({ kind: 'other', what: 'a history line repeated' })
  return out
}

/** How the printed label differs from the proven head: [] when it is the same. */
export function compareLabel(printed: LabelFacts, proven: LabelFacts): TextFinding[] {
  const out: TextFinding[] = []
  if (printed.animal !== proven.animal) out.push({ kind: 'other', what: 'animal number' })
  if (printed.alerts !== proven.alerts) out.push({ kind: 'fact-changed', label: W[proven.lang].alerts })
  out.push(...compareFacts(printed.facts, proven.facts))
  return out
}

/** What changed in an animal's head between two proofs (a later one shows more events, a new status, an alert). */
export interface HistoryChange {
  events: number
  status: { from: AnimalHead['status']; to: AnimalHead['status'] } | null
  alerts: number
  /** the facts the label prints that changed */
  facts: string[]
}

export function changesBetween(before: AnimalHead, after: AnimalHead, lang: LabelLang = 'en'): HistoryChange {
  const a = labelFacts(before, lang).facts
  const b = new Map(labelFacts(after, lang).facts)
  return {
    events: after.events - before.events,
    status: before.status !== after.status ? { from: before.status, to: after.status } : null,
    alerts: after.alerts - before.alerts,
    facts: a.filter(([k, v]) => b.get(k) !== v).map(([k]) => k),
  }
}

export const isUnchanged = (c: HistoryChange): boolean => c.events === 0 && c.status === null && c.alerts === 0 && c.facts.length === 0
