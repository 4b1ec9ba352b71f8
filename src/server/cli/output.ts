/** How the CLI speaks: human lines by default, one JSON document with --json; errors as one line and exit 1. */
import { toDaejangError } from '../../shared/errors'

export interface OutputOptions {
  json?: boolean
}

export function print(o: OutputOptions, value: unknown, human: () => string): void {
  if (o.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n')
  else process.stdout.write(human() + '\n')
}

export function fail(o: OutputOptions, e: unknown): never {
  const err = toDaejangError(e)
  if (o.json) process.stdout.write(JSON.stringify({ error: err.toJSON() }) + '\n')
  process.stderr.write(`error: ${err.code}: ${err.message.split('\n')[0]}\n`)
  process.exit(1)
}

export function table(rows: Array<Record<string, unknown>>, cols: string[]): string {
  if (rows.length === 0) return '(none)'
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)))
  const line = (vals: string[]): string => vals.map((v, i) => v.padEnd(w[i]!)).join('  ').trimEnd()
  return [line(cols), ...rows.map((r) => line(cols.map((c) => String(r[c] ?? ''))))].join('\n')
}

export function kv(pairs: Array<[string, unknown]>): string {
  const w = Math.max(...pairs.map(([k]) => k.length))
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${String(v)}`).join('\n')
}

const TONES = { ok: 32, warn: 33, bad: 31 } as const

/** A verdict line in colour (green, amber, red) on a terminal; plain when piped or NO_COLOR is set. */
export function tone(text: string, t: keyof typeof TONES): string {
  if (!process.stdout.isTTY || process.env.NO_COLOR) return text
  return `\x1b[1;${TONES[t]}m${text}\x1b[0m`
}
