/**
 * The land register's numbers (docs/adr/0033): the 부동산고유번호 of a register, `NNNN-YYYY-NNNNNN` — the registry
 * office's code, the year the register was opened and a sequence of that office and year. Korea's numbers carry no
 * check digit, so validation is of shape and range; this is the one function to change if a check is added.
 */

export interface RegisterNumber {
  /** the registry office's four-digit code ("1101") */
  office: string
  year: number
  seq: number
}

/** The first year a register can have been opened (the court registry's computerised registers start in the 1990s,
 * older registers were given numbers of the year they were carried over) and the last we accept. */
export const FIRST_YEAR = 1900
export const LAST_YEAR = 2999
export const MAX_SEQ = 999_999

const SHAPE = /^(\d{4})-?(\d{4})-?(\d{6})$/

/** Reads a number written with or without its hyphens; null when it is not one. */
export function parseRegisterNumber(text: string): RegisterNumber | null {
  const m = SHAPE.exec(text.trim())
  if (m === null) return null
  const office = m[1]!
  const year = Number(m[2])
  const seq = Number(m[3])
  if (office === '0000' || year < FIRST_YEAR || year > LAST_YEAR || seq < 1) return null
  return { office, year, seq }
}

/** The canonical form, with hyphens: what state keys and extracts use. */
export function formatRegisterNumber(n: RegisterNumber): string {
  if (!/^\d{4}$/.test(n.office) || n.office === '0000') throw new RangeError(`bad office code ${n.office}`)
  if (!Number.isInteger(n.year) || n.year < FIRST_YEAR || n.year > LAST_YEAR) throw new RangeError(`bad year ${n.year}`)
  if (!Number.isInteger(n.seq) || n.seq < 1 || n.seq > MAX_SEQ) throw new RangeError(`bad sequence ${n.seq}`)
  return `${n.office}-${n.year}-${String(n.seq).padStart(6, '0')}`
}

/** The canonical form of a number typed by a person (hyphens added), or null. */
export function normalizeRegisterNumber(text: string): string | null {
  const n = parseRegisterNumber(text)
  return n === null ? null : formatRegisterNumber(n)
}

/** A registry office's receipt number as printed (제12345호 / No. 12345). */
export function receiptText(n: number, locale: 'ko' | 'en'): string {
  return locale === 'ko' ? `제${n}호` : `No. ${n}`
}
