/**
 * The CLI's language: Korean or English, for its errors and the human output of its commands (--json output is the
 * same in both). `--lang ko|en` on any command; else the locale environment as POSIX orders it (LC_ALL, then
 * LC_MESSAGES, then LANG: the first one set) — Korean when it starts with "ko", English otherwise.
 */
import { DaejangError } from '../../shared/errors'
import type { UiLocale } from '../../shared/error-text'

export type CliLang = UiLocale

/** The language the locale environment asks for. */
export function langFromEnv(env: NodeJS.ProcessEnv = process.env): CliLang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? ''
  return /^ko/i.test(locale) ? 'ko' : 'en'
}

/** A --lang value: ko or en, refused in both languages otherwise. */
export function parseLang(v: unknown): CliLang {
  if (v === 'ko' || v === 'en') return v
  throw new DaejangError('SCHEMA_INVALID', `--lang은 ko 또는 en입니다 / --lang is ko or en, not "${String(v)}"`)
}

let chosen: CliLang | null = null

/** Set by the command line's --lang before a command runs (null: from the environment). */
export function setCliLang(l: CliLang | null): void {
  chosen = l
}

export function cliLang(): CliLang {
  return chosen ?? langFromEnv()
}

/** The Korean or the English of a pair, in the CLI's language. */
export const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
