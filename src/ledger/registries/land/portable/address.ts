/**
 * Addresses of registers, for search (docs/adr/0033, "Reads"): one normal form so that "서울 종로구 세종로 1",
 * "서울특별시 종로구 세종로 1번지" and "서울특별시  종로구 세종로1" find the same register. Search is node-local (an
 * index outside consensus); what it finds is proven when read.
 *
 * Normal form: tokens separated by one space; the 시도 by its short name (서울특별시 → 서울); 번지, 번 and 호 after a
 * lot number dropped; a lot number glued to its 동/리/로/길 split off; 산 before a lot number kept as its own token.
 */

/** The 17 시도 of Korea: the long name a register prints and the short one people type. */
export const SIDO: ReadonlyArray<readonly [long: string, short: string]> = [
  ['서울특별시', '서울'],
  ['부산광역시', '부산'],
  ['대구광역시', '대구'],
  ['인천광역시', '인천'],
  ['광주광역시', '광주'],
  ['대전광역시', '대전'],
  ['울산광역시', '울산'],
  ['세종특별자치시', '세종'],
  ['경기도', '경기'],
  ['강원특별자치도', '강원'],
  ['충청북도', '충북'],
  ['충청남도', '충남'],
  ['전북특별자치도', '전북'],
  ['전라남도', '전남'],
  ['경상북도', '경북'],
  ['경상남도', '경남'],
  ['제주특별자치도', '제주'],
]

/** Former long names still found on old registers and in people's habits. */
const FORMER: ReadonlyArray<readonly [string, string]> = [
  ['강원도', '강원'],
  ['전라북도', '전북'],
  ['제주도', '제주'],
  ['서울시', '서울'],
  ['부산시', '부산'],
  ['대구시', '대구'],
  ['인천시', '인천'],
  ['광주시', '광주'],
  ['대전시', '대전'],
  ['울산시', '울산'],
  ['세종시', '세종'],
]

const SHORT = new Map<string, string>([...SIDO.map(([l, s]) => [l, s] as const), ...FORMER, ...SIDO.map(([, s]) => [s, s] as const)])

/** "세종로1" → "세종로 1"; "산12-3" → "산 12-3"; "1번지" → "1"; "12-3번" → "12-3". */
function splitToken(t: string): string[] {
  const lot = /^(.*?[동리로길가])(산?)(\d+(?:-\d+)?)(?:번지|번|호)?$/.exec(t)
  if (lot !== null && lot[1] !== '') return [lot[1]!, ...(lot[2] ? [lot[2]] : []), lot[3]!]
  const mountain = /^산(\d+(?:-\d+)?)(?:번지|번)?$/.exec(t)
  if (mountain !== null) return ['산', mountain[1]!]
  const number = /^(\d+(?:-\d+)?)(?:번지|번)$/.exec(t)
  if (number !== null) return [number[1]!]
  return [t]
}

/** The address's search tokens, in order. */
export function addressTokens(text: string): string[] {
  const raw = text
    .normalize('NFC')
    .replace(/[(),]/g, ' ')
    .split(/\s+/)
    .filter((t) => t !== '')
  const out: string[] = []
  for (const [i, t] of raw.entries()) {
    if (i === 0 && SHORT.has(t)) {
      out.push(SHORT.get(t)!)
      continue
    }
    out.push(...splitToken(t.replace(/[‐–—]/g, '-')))
  }
  return out
}

/** The normal form: tokens joined by one space. */
export function normalizeAddress(text: string): string {
  return addressTokens(text).join(' ')
}

/**
 * Whether a query matches an address: the query's tokens appear in the address's tokens in order and next to each
 * other (a run), each query token a prefix of its address token — except that a lot number must match whole ("세종로
 * 1" does not find "세종로 12"). A query may start anywhere ("종로구 세종로" finds "서울 종로구 세종로 1").
 */
export function addressMatches(query: string, address: string): boolean {
  const q = addressTokens(query)
  const a = addressTokens(address)
  if (q.length === 0 || q.length > a.length) return false
  const tokenMatch = (qt: string, at: string): boolean => (/^\d/.test(qt) ? qt === at || at.startsWith(qt + '-') : at.startsWith(qt))
  for (let start = 0; start + q.length <= a.length; start++) {
    let ok = true
    for (let i = 0; i < q.length && ok; i++) ok = tokenMatch(q[i]!, a[start + i]!)
    if (ok) return true
  }
  return false
}
