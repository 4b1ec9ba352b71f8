/** Display helpers. Pure. */

/**
 * Intl formatters, made once per locale and options: making one costs far more than formatting with it (the page's
 * start spent ~165 ms in this file under load, building a formatter for every number and date in the status bar and
 * the block list).
 */
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>()

function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(
  kind: string,
  locale: string,
  options: object,
  make: () => F,
): F {
  const key = `${kind} ${locale} ${JSON.stringify(options)}`
  let f = formatters.get(key)
  if (!f) {
    f = make()
    formatters.set(key, f)
  }
  return f as F
}

const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat =>
  cached('date', locale, options, () => new Intl.DateTimeFormat(locale, options))

/** `abcdef…7890` for long hex strings; the full value belongs in a title attribute. */
export function shortHash(hash: string | null | undefined, head = 8, tail = 6): string {
  if (!hash) return '—'
  return hash.length <= head + tail + 1 ? hash : `${hash.slice(0, head)}…${hash.slice(-tail)}`
}

const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: '2-digit', day: '2-digit' }
const TIME: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit' }
const DATE_TIME: Intl.DateTimeFormatOptions = { ...DATE, ...TIME }
const DATE_UTC: Intl.DateTimeFormatOptions = { ...DATE, timeZone: 'UTC' }
const RELATIVE: Intl.RelativeTimeFormatOptions = { numeric: 'auto' }

/**
 * Block times are milliseconds since the epoch; 0 means none. Every date on screen goes through this file: always a
 * four-digit year (dateStyle 'short' printed "26. 2. 3." and "2/3/26").
 */
export function formatDateTime(ms: number | null | undefined, locale: string): string {
  if (!ms) return '—'
  return dateTimeFormat(locale, DATE_TIME).format(new Date(ms))
}

/** A calendar day: a time in ms (in the local zone) or a YYYY-MM-DD date (that very day, whatever the zone). */
export function formatDate(value: number | string | null | undefined, locale: string): string {
  if (value === null || value === undefined || value === 0 || value === '') return '—'
  if (typeof value === 'number') return dateTimeFormat(locale, DATE).format(new Date(value))
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return value
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
  return dateTimeFormat(locale, DATE_UTC).format(day)
}

/** "12 seconds ago" style, in the UI language. */
export function formatRelative(ms: number, now: number, locale: string): string {
  const seconds = Math.round((ms - now) / 1000)
  const abs = Math.abs(seconds)
  const rtf = cached('relative', locale, RELATIVE, () => new Intl.RelativeTimeFormat(locale, RELATIVE))
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  if (abs < 86_400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86_400), 'day')
}

export function formatNumber(n: number | null | undefined, locale: string): string {
  return n === null || n === undefined ? '—' : cached('number', locale, {}, () => new Intl.NumberFormat(locale)).format(n)
}
