/**
 * Dates in payloads (src/ledger/codec/dates.ts), the one definition every registry schema uses: a real calendar day in
 * 1900 … 2199, an expiry from the epoch to 2199; what a person types as an instant never rolls 30 February over.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { calendarDate, dateProblem, instant, isRealDay, latestDayAt, parseInstant } from '../../src/ledger/codec/dates'
import { RoleGrantSchema } from '../../src/ledger/registries/identity/portable/schema'
import { BatchSchema, RegisterSchema } from '../../src/ledger/registries/notary/portable/schema'
import { registerPayload } from './notary-helpers'

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
/** days in a month of the Gregorian calendar, written out (not through Date) */
const daysIn = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31

describe('calendar dates', () => {
  it('a day exists exactly when the Gregorian calendar has it (any year, month 0–13, day 0–32)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const s = `${pad(y, 4)}-${pad(m)}-${pad(d)}`
        const real = m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m)
        expect(isRealDay(s)).toBe(real)
        const inRange = real && y >= 1900 && y <= 2199
        expect(calendarDate.safeParse(s).success).toBe(inRange)
      }),
      { numRuns: 2000 },
    )
  })

  it('names what is wrong: shape, a day that does not exist, too early, too late', () => {
    expect(dateProblem('2026-02-30')).toBe('day')
    expect(dateProblem('2023-02-29')).toBe('day')
    expect(dateProblem('2024-02-29')).toBeNull()
    expect(dateProblem('1899-12-31')).toBe('early')
    expect(dateProblem('9999-12-31')).toBe('late')
    expect(dateProblem('2026-3-1')).toBe('shape')
    expect(dateProblem('2026-03-02', '2026-03-01')).toBe('late')
    expect(dateProblem('2026-03-01', '2026-03-01')).toBeNull()
  })

  it('the latest day on earth at an instant is the day in UTC+14', () => {
    expect(latestDayAt(Date.UTC(2026, 2, 1, 9, 59))).toBe('2026-03-01')
    expect(latestDayAt(Date.UTC(2026, 2, 1, 10, 0))).toBe('2026-03-02')
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2199, 0, 1) }), (ms) => {
        const d = latestDayAt(ms)
        // never before the UTC day, at most one day after it
        const utc = new Date(ms).toISOString().slice(0, 10)
        expect(d >= utc).toBe(true)
        expect(Date.parse(d) - Date.parse(utc)).toBeLessThanOrEqual(86_400_000)
      }),
    )
  })

  it('an instant typed by a person: 30 February is refused, not rolled over to March', () => {
    expect(parseInstant('2026-02-30')).toBeNull()
    expect(parseInstant('2026-02-30T12:00:00Z')).toBeNull()
    expect(parseInstant('tomorrow')).toBeNull()
    expect(parseInstant('2026-02-28')).toBe(Date.UTC(2026, 1, 28))
    expect(parseInstant('2026-02-28T12:00:00Z')).toBe(Date.UTC(2026, 1, 28, 12))
  })

  it('an instant is whole milliseconds from the epoch to the end of 2199', () => {
    expect(instant.safeParse(Date.UTC(2199, 11, 31, 23, 59)).success).toBe(true)
    expect(instant.safeParse(0).success).toBe(true)
    expect(instant.safeParse(Date.UTC(2200, 0, 1)).success).toBe(false)
    expect(instant.safeParse(-5).success).toBe(false)
    expect(instant.safeParse(Date.UTC(1899, 11, 31)).success).toBe(false)
    expect(instant.safeParse(8.64e15).success).toBe(false)
    expect(instant.safeParse(1.5).success).toBe(false)
  })
})

describe('every payload schema with a date uses it', () => {
  const grant = (expiresAt: number | null): unknown => ({ agency: 'a', subject: '11'.repeat(32), role: 'notary', expiresAt })
  const batch = (date: string): unknown => ({ ...registerPayload({ number: 'A-1', date }), count: 2, root: '00'.repeat(32), documentHash: undefined, documentType: undefined, language: undefined })

  it('notary registrations and batches refuse impossible and far dates', () => {
    for (const date of ['2026-02-30', '9999-12-31', '1899-12-31', '2026-13-01', '2026-00-10']) {
      expect(RegisterSchema.safeParse(registerPayload({ number: 'A-1', date })).success, date).toBe(false)
      expect(BatchSchema.safeParse(JSON.parse(JSON.stringify(batch(date)))).success, date).toBe(false)
    }
    expect(RegisterSchema.safeParse(registerPayload({ number: 'A-1', date: '2024-02-29' })).success).toBe(true)
    expect(BatchSchema.safeParse(JSON.parse(JSON.stringify(batch('2024-02-29')))).success).toBe(true)
  })

  it('a role credential expires within the sane range, or never', () => {
    expect(RoleGrantSchema.safeParse(grant(null)).success).toBe(true)
    expect(RoleGrantSchema.safeParse(grant(Date.UTC(2030, 0, 1))).success).toBe(true)
    expect(RoleGrantSchema.safeParse(grant(Date.UTC(9999, 11, 31))).success).toBe(false)
    expect(RoleGrantSchema.safeParse(grant(8.64e15)).success).toBe(false)
  })
})
