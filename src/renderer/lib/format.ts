/** Display helpers. Pure. */

/** `abcdef…7890` for long hex strings; the full value belongs in a title attribute. */
export function shortHash(hash: string | null | undefined, head = 8, tail = 6): string {
  if (!hash) return '—'
  return hash.length <= head + tail + 1 ? hash : `${hash.slice(0, head)}…${hash.slice(-tail)}`
}

/** Block times are milliseconds since the epoch; 0 means none. */
export function formatDateTime(ms: number | null | undefined, locale: string): string {
  if (!ms) return '—'
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(ms))
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
