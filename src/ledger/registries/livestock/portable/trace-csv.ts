/**
 * A trace and the officer's dashboard as CSV (docs/adr/0046), in Korean or English, for the CLI (`--csv`) and the
 * screens' export: words, never codes (a site's kind, an event's kind in words; dates as YYYY-MM-DD). Written with
 * papaparse (quoting, a cell that starts with = + - @ made inert against spreadsheet formulas). No Node dependency:
 * the renderer imports it.
 */
import Papa from 'papaparse'
import type { DashboardResult } from '../dashboard'
import type { TraceResult } from '../trace'

type Lang = 'ko' | 'en'
type Words = Readonly<Record<string, { ko: string; en: string }>>

export const SITE_KIND_WORDS: Words = {
  farm: { ko: '농장', en: 'Farm' },
  market: { ko: '가축시장', en: 'Livestock market' },
  slaughterhouse: { ko: '도축장', en: 'Slaughterhouse' },
  packer: { ko: '포장처리업소', en: 'Packer' },
  shop: { ko: '판매점', en: 'Shop' },
}

export const EVENT_KIND_WORDS: Words = {
  birth: { ko: '출생', en: 'Birth' },
  import: { ko: '수입', en: 'Import' },
  tag: { ko: '귀표 부착', en: 'Ear tag' },
  move: { ko: '이동', en: 'Move' },
  vaccination: { ko: '예방접종', en: 'Vaccination' },
  test: { ko: '질병검사', en: 'Disease test' },
  death: { ko: '폐사', en: 'Death' },
  export: { ko: '수출', en: 'Export' },
  slaughter: { ko: '도축', en: 'Slaughter' },
  grade: { ko: '등급 판정', en: 'Grading' },
  pack: { ko: '포장', en: 'Packing' },
  sale: { ko: '판매', en: 'Sale' },
  dna: { ko: 'DNA 검사', en: 'DNA test' },
}

const ROW_WORDS: Words = {
  stay: { ko: '사육·거래', en: 'Kept at' },
  slaughter: { ko: '도축', en: 'Slaughtered' },
  pack: { ko: '포장', en: 'Packed' },
  sale: { ko: '판매', en: 'Sold' },
}

export const word = (table: Words, k: string, lang: Lang): string => (Object.hasOwn(table, k) ? table[k]![lang] : k)

const csv = (rows: unknown[][]): string => Papa.unparse(rows, { escapeFormulae: true, newline: '\r\n' })

/** One row per stay of a reached animal in the window, then its slaughter, packs and sales. */
export function traceCsv(r: TraceResult, lang: Lang): string {
  const ko = lang === 'ko'
  const head = ko
    ? ['구분', '이력번호', '단계', '농장·업소 번호', '종류', '이름', '법정동 코드', '부터(날짜)', '까지', '묶음번호']
    : ['Row', 'Animal number', 'Depth', 'Site number', 'Kind', 'Name', 'Area code', 'From (date)', 'To', 'Bundle number']
  const depth = new Map(r.animals.map((a) => [a.animal, a.depth]))
  const site = new Map(r.sites.map((s) => [s.site, s]))
  const siteCols = (code: string, kind: string): string[] => {
    const s = site.get(code)
    return [code, word(SITE_KIND_WORDS, s?.kind ?? kind, lang), s?.name ?? '', s?.area ?? '']
  }
  const rows: unknown[][] = [head]
  const d = (a: string): string => String(depth.get(a) ?? '')
  for (const s of r.stays) rows.push([word(ROW_WORDS, 'stay', lang), s.animal, d(s.animal), ...siteCols(s.site, 'farm'), s.from, s.to ?? (ko ? '현재' : 'now'), ''])
  for (const c of r.carcasses) rows.push([word(ROW_WORDS, 'slaughter', lang), c.animal, d(c.animal), ...siteCols(c.slaughterhouse, 'slaughterhouse'), c.date, '', ''])
  for (const p of r.packs) rows.push([word(ROW_WORDS, 'pack', lang), p.animal, d(p.animal), ...siteCols(p.packer, 'packer'), p.date, '', p.bundle ?? ''])
  for (const s of r.sales) rows.push([word(ROW_WORDS, 'sale', lang), s.animal, d(s.animal), ...siteCols(s.shop, 'shop'), s.date, '', s.bundle ?? ''])
  return csv(rows)
}

/** The dashboard's three lists, one after the other, each with its heading row, then the counts by region and month. */
/** The dashboard as a CSV; `sites` (the route's answer has them) names each site beside its number. */
export function dashboardCsv(r: DashboardResult & { sites?: ReadonlyArray<{ site: string; name: string }> }, lang: Lang): string {
  const ko = lang === 'ko'
  const names = new Map((r.sites ?? []).map((s) => [s.site, s.name]))
  const nameOf = (site: string | null): string => (site === null ? '' : (names.get(site) ?? ''))
  const rows: unknown[][] = []
  rows.push([ko ? '늦은 신고' : 'Late reports'])
  rows.push(ko ? ['이력번호', '신고', '일어난 날', '기록된 날', '늦은 날수', '농장·업소 번호', '이름', '법정동 코드'] : ['Animal number', 'Report', 'Day it happened', 'Day recorded', 'Days late', 'Site number', 'Name', 'Area code'])
  for (const l of r.late.rows) rows.push([l.animal, word(EVENT_KIND_WORDS, l.kind, lang), l.date, l.recordedOn, l.late, l.site ?? '', nameOf(l.site), l.area])
  rows.push([])
  rows.push([ko ? '출생 30일이 지나도록 귀표 없는 소' : 'Untagged more than 30 days after birth'])
  rows.push(ko ? ['이력번호', '출생일', '출생 후 날수', '농장 번호', '이름', '법정동 코드'] : ['Animal number', 'Born', 'Days since birth', 'Farm number', 'Name', 'Area code'])
  for (const u of r.untagged.rows) rows.push([u.animal, u.birth, u.days, u.site, nameOf(u.site), u.area])
  rows.push([])
  rows.push([ko ? '1년 넘게 신고가 없는 소' : 'No event for a year'])
  rows.push(ko ? ['이력번호', '마지막 신고일', '지난 날수', '농장 번호', '이름', '법정동 코드'] : ['Animal number', 'Last event', 'Days since', 'Farm number', 'Name', 'Area code'])
  for (const s of r.silent.rows) rows.push([s.animal, s.last, s.days, s.site, nameOf(s.site), s.area])
  rows.push([])
  rows.push([ko ? '지역별' : 'By region'])
  rows.push(ko ? ['법정동 코드', '사육 중', '늦은 신고', '귀표 없음', '1년 무신고'] : ['Area code', 'Alive', 'Late reports', 'Untagged', 'No event for a year'])
  for (const g of r.byRegion) rows.push([g.region, g.animals, g.late, g.untagged, g.silent])
  rows.push([])
  rows.push([ko ? '월별' : 'By month'])
  rows.push(ko ? ['월', '출생', '이동', '도축', '늦은 신고'] : ['Month', 'Births', 'Moves', 'Slaughters', 'Late reports'])
  for (const m of r.byMonth) rows.push([m.month, m.births, m.moves, m.slaughters, m.late])
  return csv(rows)
}
