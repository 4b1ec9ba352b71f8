/**
 * The order of rights on a register (순위, 부동산등기법 art. 4–5; docs/adr/0033, "Ranks"): within a section (갑구 or
 * 을구) by rank number (순위번호); across the two sections by the receipt (date, then receipt number); a supplementary
 * entry (부기등기, numbered "1-1") ranks with its main entry and after the supplements before it; a main registration
 * (본등기) takes the rank of its provisional registration (가등기). One function, shared by the rules, the register's
 * read model, the extract and its verifier.
 */

export type Section = 'A' | 'B'

export interface RankedEntry {
  section: Section
  /** "3" for a main entry, "3-1" for its first supplement */
  rank: string
  /** the receipt: ISO day and the office's receipt number */
  receivedOn: string
  receipt: number
  /** for a 본등기: the rank and receipt of the 가등기 whose rank it takes */
  provisional?: { rank: string; receivedOn: string; receipt: number }
}

const RANK = /^([1-9]\d{0,5})(?:-([1-9]\d{0,3}))?$/

/** A rank number's parts: main and supplement (0 for a main entry); null when it is not one. */
export function parseRank(rank: string): [main: number, sub: number] | null {
  const m = RANK.exec(rank)
  return m === null ? null : [Number(m[1]), m[2] === undefined ? 0 : Number(m[2])]
}

/** The rank an entry holds: a 본등기 holds its 가등기's. */
function held(e: RankedEntry): { rank: string; receivedOn: string; receipt: number } {
  return e.provisional ?? e
}

function compareReceipt(a: { receivedOn: string; receipt: number }, b: { receivedOn: string; receipt: number }): number {
  if (a.receivedOn !== b.receivedOn) return a.receivedOn < b.receivedOn ? -1 : 1
  return a.receipt - b.receipt
}

/**
 * Negative when a ranks before b. Same section: by rank number (main, then supplement); across sections: by receipt,
 * and entries received together (the same receipt) are equal in rank (동순위), which gives 0.
 */
export function compareRank(a: RankedEntry, b: RankedEntry): number {
  const ha = held(a)
  const hb = held(b)
  if (a.section === b.section) {
    const ra = parseRank(ha.rank)
    const rb = parseRank(hb.rank)
    if (ra === null || rb === null) throw new RangeError(`bad rank number ${ra === null ? ha.rank : hb.rank}`)
    return ra[0] - rb[0] || ra[1] - rb[1]
  }
  return compareReceipt(ha, hb)
}

/** The next main rank number of a section, given the entries it has. */
export function nextMainRank(entries: readonly RankedEntry[], section: Section): string {
  let max = 0
  for (const e of entries) {
    if (e.section !== section) continue
    const r = parseRank(e.rank)
    if (r !== null && r[0] > max) max = r[0]
  }
  return String(max + 1)
}

/** The next supplement number under a main entry ("3" → "3-1", then "3-2"). */
export function nextSupplementRank(entries: readonly RankedEntry[], section: Section, main: string): string {
  const m = parseRank(main)
  if (m === null || m[1] !== 0) throw new RangeError(`not a main rank number: ${main}`)
  let max = 0
  for (const e of entries) {
    if (e.section !== section) continue
    const r = parseRank(e.rank)
    if (r !== null && r[0] === m[0] && r[1] > max) max = r[1]
  }
  return `${m[0]}-${max + 1}`
}
