/**
 * The words of the CLI's proof output, in its language (lang.ts): a check's name and what it found, from the finding
 * key and its values (the checks' `detail` is the English technical line; this is what a person reads). The sentences
 * of inclusion and header checks are the explorer's (renderer/features/explorer/messages.ts, plain data), those of
 * state checks are here.
 */
import { resolveParticles } from '../../shared/particles'
import explorer from '../../renderer/features/explorer/messages'
import { type CliLang, cliLang } from './lang'

const STATE_FINDINGS: Record<CliLang, Record<string, string>> = {
  ko: {
    'state-ok': '상태 증명이 블록 {height}의 상태(앱 해시)로 이어집니다.',
    'state-invalid': '상태 증명이 블록 {height}의 앱 해시로 이어지지 않습니다.',
    'state-old-header': '블록 {height}[은/는] 이전 버전이 만든 형식이라 앱 해시가 상태 루트가 아닙니다.',
  },
  en: {
    'state-ok': "The state proof leads to the state of block {height} (its app hash).",
    'state-invalid': "The state proof does not lead to block {height}'s app hash.",
    'state-old-header': 'Block {height} is of a format made by an earlier build: its app hash is not a state root.',
  },
}

const STATE_CHECK: Record<CliLang, string> = { ko: '상태가 블록의 앱 해시 아래에 있음', en: "The state is under the block's app hash" }

const fill = (text: string, values: Record<string, string | number>): string =>
  resolveParticles(text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m)))

/** A check's name in words. */
export function checkWords(name: string, lang: CliLang = cliLang()): string {
  if (name === 'state') return STATE_CHECK[lang]
  return (explorer[lang].proof.checks as Record<string, string>)[name] ?? name
}

/** What a check found, in words (the finding's sentence with its values; the English detail when none is known). */
export function findingWords(c: { finding: string; values: Record<string, string | number>; detail: string }, lang: CliLang = cliLang()): string {
  const text = STATE_FINDINGS[lang][c.finding] ?? (explorer[lang].proof.findings as Record<string, string>)[c.finding]
  return text ? fill(text, c.values) : c.detail
}

/** The lines of a verification's checks: ✓/✗, the check in words, what it found. */
export function checkLines(checks: ReadonlyArray<{ name: string; ok: boolean; finding: string; values: Record<string, string | number>; detail: string }>, lang: CliLang = cliLang()): string[] {
  return checks.map((c) => `  ${c.ok ? '✓' : '✗'} ${checkWords(c.name, lang)}: ${findingWords(c, lang)}`)
}

/** "trusted through N carried set changes, to height H", in words. */
export function trustedThroughWords(t: { changes: number; height: number }, lang: CliLang = cliLang()): string {
  return lang === 'ko'
    ? `증명에 실려 온 검증자 집합 변경 ${t.changes}건을 따라 높이 ${t.height}까지 신뢰했습니다`
    : `trusted through ${t.changes} carried validator-set change(s), to height ${t.height}`
}
