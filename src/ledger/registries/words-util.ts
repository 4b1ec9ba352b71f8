/**
 * Small helpers for the registries' `describe` one-liners (registries/<domain>/portable/words.ts): reading an
 * untrusted payload without throwing, and writing keys, days and names the same way in every registry. Portable.
 */
import type { Locale, NameResolver, Words } from './portable-types'

/** The payload as a record, or null when it is not an object. */
export function record(payload: unknown): Readonly<Record<string, unknown>> | null {
  return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : null
}

export function str(o: Readonly<Record<string, unknown>> | null, key: string): string | null {
  const v = o && Object.hasOwn(o, key) ? o[key] : undefined
  return typeof v === 'string' && v.length > 0 ? v : null
}

export function num(o: Readonly<Record<string, unknown>> | null, key: string): number | null {
  const v = o && Object.hasOwn(o, key) ? o[key] : undefined
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

/** A key or hash as its first eight hex digits and an ellipsis. */
export function shortKey(hex: string): string {
  return hex.length > 12 ? `${hex.slice(0, 8)}…` : hex
}

/** A time (ms since epoch) as its ISO day (UTC), the one date form a describer writes. */
export function isoDay(ms: number): string {
  const d = new Date(ms)
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString().slice(0, 10)
}

/** An agency by name when the caller can name it, else by its id. */
export function agencyName(id: string, names?: NameResolver): string {
  return names?.agency?.(id) ?? id
}

export function roleName(id: string, names?: NameResolver): string {
  return names?.role?.(id) ?? id
}

/** Enumerated value in words from a table, or the value as it is. */
export function valueIn(table: Readonly<Record<string, Words>> | undefined, value: string, locale: Locale): string {
  return table && Object.hasOwn(table, value) ? table[value]![locale] : value
}
