/**
 * How the CLI speaks: human lines by default, one JSON document with --json; errors as one line and exit 1. Human
 * lines are Korean or English (lang.ts); the JSON is the same in both.
 */
import { type DaejangError, toDaejangError } from '../../shared/errors'
import { REGISTRIES } from '../../ledger/registries'
import { type Catalogue, makeCatalogue } from '../../ledger/registries/catalogue'
import { cliLang } from './lang'

export interface OutputOptions {
  json?: boolean
}

export function print(o: OutputOptions, value: unknown, human: () => string): void {
  if (o.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n')
  else process.stdout.write(human() + '\n')
}

let catalogue: Catalogue | null = null

/** The catalogue whose registries' error sentences fail() uses (program.ts sets the one of the registries it mounts). */
export function setErrorCatalogue(c: Catalogue): void {
  catalogue = c
}

/**
 * An error as the person at the terminal reads it, in one line: what it means (the sentence of its code, the core's
 * or a registry's: shared/error-text.ts, the catalogue), then the node's or the command's own detail in brackets — in
 * Korean a detail still in English (a node-side refusal) is labelled 상세(영문). The code itself is for scripts: it is in the --json output.
 */
export function errorLine(err: DaejangError, lang = cliLang()): string {
  catalogue ??= makeCatalogue(REGISTRIES)
  const sentence = catalogue.errorSentence(err.code, lang)
  const detail = err.message.split('\n')[0]!.trim()
  // in Korean, a detail in English (the node's technical reason, e.g. which holder's share a rule found missing) is
  // kept but labelled as English: dropping it would hide which file field, option or holder is meant (review-ui 1)
  // the code's default English message is no detail: the sentence already says it
  const shown = detail && detail !== sentence && detail !== catalogue.errorMessage(err.code)
  // a Korean detail is a Korean sentence (…니다, …시오), not an English one naming a Korean holder
  const korean = /니다|시오/.test(detail) || /[\uac00-\ud7a3][.)」”"]*$/.test(detail)
  const label = lang !== 'ko' ? '' : korean ? '상세: ' : '상세(영문): '
  const more = shown ? ` (${label}${detail})` : ''
  return `${lang === 'ko' ? '오류' : 'error'}: ${sentence}${more}`
}

export function fail(o: OutputOptions, e: unknown): never {
  const err = toDaejangError(e)
  if (o.json) process.stdout.write(JSON.stringify({ error: err.toJSON() }) + '\n')
  process.stderr.write(errorLine(err) + '\n')
  process.exit(1)
}

export function table(rows: Array<Record<string, unknown>>, cols: string[]): string {
  if (rows.length === 0) return cliLang() === 'ko' ? '(없음)' : '(none)'
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
