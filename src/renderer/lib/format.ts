/** Display helpers. Pure. */

/** `abcdef…7890` for long hex strings; the full value belongs in a title attribute. */
export function shortHash(hash: string | null | undefined, head = 8, tail = 6): string {
  if (!hash) return '—'
  return hash.length <= head + tail + 1 ? hash : `${hash.slice(0, head)}…${hash.slice(-tail)}`
}

const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' }
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit' }

/**
 * Block times are milliseconds since the epoch; 0 means none. Every date on screen goes through this file: always a
 * four-digit year (dateStyle 'short' printed "26. 2. 3." and "2/3/26").
 */
export function formatDateTime(ms: number | null | undefined, locale: string): string {
  if (!ms) return '—'
  return new Intl.DateTimeFormat(locale, { ...DATE, ...TIME }).format(new Date(ms))
}

/** A calendar day: a time in ms (in the local zone) or a YYYY-MM-DD date (that very day, whatever the zone). */
export function formatDate(value: number | string | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === 0 || value === '') return '—'
  if (typeof value === 'number') return new Intl.DateTimeFormat(locale, DATE).format(new Date(value))
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return value
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return new Intl.DateTimeFormat(locale, { ...DATE, timeZone: 'UTC' }).format(day)
}

/** "12 seconds ago" style, in the UI language. */
export function formatRelative(ms: number, now: number, locale: string): string {
  const seconds = Math.round((ms - now) / 1000)
  const abs = Math.abs(seconds)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86_400), 'day')
}

export function formatNumber(n: number | null | undefined, locale: string): string {
  return n === null || n === undefined ? '—' : new Intl.NumberFormat(locale).format(n)
}
