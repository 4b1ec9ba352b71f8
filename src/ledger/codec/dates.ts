/**
 * Dates in transaction payloads, one definition for every registry (so the node, the API, the CLI and the forms refuse
 * the same things). A calendar date is `YYYY-MM-DD` naming a day that exists (no 2026-02-30) between 1900-01-01 and
 * 2199-12-31; an instant (an expiry) is whole milliseconds since the epoch (never before it: no ledger time is) up to
 * the end of 2199. Portable: the
 * renderer checks its forms with these.
 *
 * Whether a date is in the future is not a property of the payload: a rule checks it at execution against the block's
 * time (`latestDayAt`), deterministically on every node.
 */
import { z } from 'zod'

export const FIRST_DAY = '1900-01-01'
export const LAST_DAY = '2199-12-31'
/** the first and the last millisecond an instant may name (an expiry before the epoch precedes every ledger) */
export const FIRST_INSTANT = 0
export const LAST_INSTANT = Date.UTC(2200, 0, 1) - 1

const DAY_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/
/** the easternmost time zone on earth (UTC+14): where a day begins first */
const EARLIEST_ZONE_MS = 14 * 3_600_000

/** Whether `s` is YYYY-MM-DD naming a day of the Gregorian calendar (any year). */
export function isRealDay(s: string): boolean {
  const m = DAY_SHAPE.exec(s)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (mo < 1 || mo > 12 || d < 1) return false
  const t = new Date(Date.UTC(2000, mo - 1, d))
  t.setUTCFullYear(y)
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
}

/** The calendar day of an instant in UTC, YYYY-MM-DD. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/**
 * The latest calendar day anywhere on earth at this instant (the day in UTC+14). A document dated that day or before
 * is not dated in the future wherever its agency is.
 */
export function latestDayAt(ms: number): string {
  return dayOf(ms + EARLIEST_ZONE_MS)
}

/** What is wrong with a calendar date, or null. `notAfter`: the last day allowed (YYYY-MM-DD), e.g. today. */
export function dateProblem(s: string, notAfter: string = LAST_DAY): 'shape' | 'day' | 'early' | 'late' | null {
  if (!DAY_SHAPE.test(s)) return 'shape'
  if (!isRealDay(s)) return 'day'
  if (s < FIRST_DAY) return 'early'
  if (s > notAfter || s > LAST_DAY) return 'late'
  return null
}

/**
 * An instant typed by a person (ISO 8601: a day, or a day and a time), or null when it is not one. Date.parse alone
 * rolls 2026-02-30 over to 2 March; here a day that does not exist is refused.
 */
export function parseInstant(s: string): number | null {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(s.trim())?.[0]
  if (day !== undefined && !isRealDay(day)) return null
  const ms = Date.parse(s.trim())
  return Number.isNaN(ms) ? null : ms
}

const DATE_MESSAGES = {
  shape: 'a date is YYYY-MM-DD',
  day: 'this day does not exist in the calendar',
  early: `a date is not before ${FIRST_DAY}`,
  late: `a date is not after ${LAST_DAY}`,
} as const

/** A calendar date in a payload: YYYY-MM-DD, a real day, 1900-01-01 … 2199-12-31. */
export const calendarDate = z.string().superRefine((s, ctx) => {
  const p = dateProblem(s)
  if (p) ctx.addIssue({ code: 'custom', message: DATE_MESSAGES[p] })
})

/** An instant in a payload (ms since the epoch), e.g. an expiry: whole milliseconds from the epoch to 2199. */
export const instant = z
  .number()
  .int()
  .min(FIRST_INSTANT, 'a time is not before 1970-01-01 (the epoch)')
  .max(LAST_INSTANT, `a time is not after ${LAST_DAY}`)
