/**
 * The consumer's commands (docs/adr/0045), under `daejang livestock` (registered by one line in index.ts):
 *
 *   daejang livestock lookup NUMBER [--lang ko|en]     an animal's history in words, or a bundle's animals
 *   daejang livestock label NUMBER --out FILE [--lang ko|en] [--height H]
 *                                                      the printable label PDF (60 × 40 mm, QR proof, file attached)
 *   daejang livestock head-proof NUMBER --out FILE [--height H]
 *                                                      the animal's record proven now, for `daejang verify --status-proof`
 *
 * `daejang verify --certificate LABEL.pdf` (or the QR text) verifies a label offline.
 */
import type { Command } from 'commander'
import { DaejangError } from '../../../shared/errors'
import type { CliHost, CliOptions } from '../types'
import type { AnimalLookup, BundleLookup } from './label'
import { BUNDLE_SHAPE, animalNumberProblem, formatAnimalNumber } from './portable/identifiers'

type Host = Pick<CliHost, 'program' | 'act' | 'client' | 'print' | 'files' | 'lang'>

const enc = encodeURIComponent

/** The `livestock` command group: the rules' commands may have made it already. */
export function livestockCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === 'livestock') ?? program.command('livestock').description('the livestock traceability register')
}

export function livestockLabelCli({ program, act, client, print, files, lang: cliLang }: Host): void {
  const livestock = livestockCommand(program)
  const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
  const langOf = (o: CliOptions): 'ko' | 'en' => {
    const l = o.lang ?? cliLang()
    if (l !== 'ko' && l !== 'en') throw new DaejangError('SCHEMA_INVALID', say('--lang은 ko 또는 en입니다.', '--lang is ko or en'))
    return l
  }
  const animalOf = (typed: string): string => {
    const n = typed.replace(/[\s-]/g, '')
    const p = animalNumberProblem(n)
    if (p === 'shape') throw new DaejangError('LIVESTOCK_BAD_NUMBER', say(`이력번호가 아닙니다: ${typed} (12자리)`, `not an animal number: ${typed} (12 digits)`))
    if (p === 'check') throw new DaejangError('LIVESTOCK_BAD_NUMBER', say(`${n}의 검증 숫자가 맞지 않습니다: 잘못 입력된 숫자가 있습니다.`, `the check digit of ${n} does not match: a digit was mistyped`))
    return n
  }
  const heightOf = (o: CliOptions): string => {
    if (o.height === undefined) return ''
    const h = Number(o.height)
    if (!Number.isSafeInteger(h) || h < 1) throw new DaejangError('SCHEMA_INVALID', say('--height는 1 이상의 블록 높이입니다.', '--height is a block height of 1 or more'))
    return `&height=${h}`
  }

  livestock
    .command('lookup')
    .description("an animal's history from birth to the shop (or a bundle's animals), by the number on the label — no role needed")
    .argument('<number>', 'the animal number (12 digits) or the bundle number (L and 14 digits)')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--lang <lang>', 'ko or en')
    .option('--json', 'JSON output')
    .action((number: string, o: CliOptions) =>
      act(async () => {
        const lang = langOf(o)
        const t = number.trim().toUpperCase()
        const n = BUNDLE_SHAPE.test(t) ? t : animalOf(number)
        const r = await client(o).get<({ kind: 'animal' } & AnimalLookup) | ({ kind: 'bundle' } & BundleLookup)>(`/api/v1/livestock/lookup/${enc(n)}?lang=${lang}`)
        print(o, r, () => {
          if (r.kind === 'bundle') {
            const head = say(`묶음번호 ${r.bundle} (포장 ${r.record.date}, ${r.packer.name ?? r.packer.site}) — ${r.animals.length}마리`, `bundle ${r.bundle} (packed ${r.record.date} by ${r.packer.name ?? r.packer.site}) — ${r.animals.length} animal${r.animals.length === 1 ? '' : 's'}`)
            return [head, ...r.animals.map((a) => `  ${formatAnimalNumber(a.animal)}  ${a.label ? a.label.facts.slice(1, 4).map(([, v]) => v).join(' · ') : say('등록되지 않음', 'not registered')}`)].join('\n')
          }
          const name = new Map(r.sites.map((s) => [s.site, s.name]))
          const facts = r.text.facts.map(([k, v]) => `  ${k}: ${v}`)
          const lines = r.text.lines.map((l) => `  ${l.date}  ${l.what}${l.site ? `  [${name.get(l.site) ?? l.site}]` : ''}${l.late ? `  (${l.late})` : ''}${l.alert ? say('  ⚠ 경보', '  ⚠ alert') : ''}`)
          return [say(`소 이력 (블록 ${r.height} 기준)`, `animal history (as of block ${r.height})`), ...facts, say('기록:', 'events:'), ...lines].join('\n')
        })
      })(o),
    )

  livestock
    .command('label')
    .description('the printable label PDF: 60 × 40 mm, its facts and the QR code carrying the proof of its record; the whole history attached')
    .argument('<number>', 'the animal number (12 digits)')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--out <file>', 'the PDF to write')
    .option('--lang <lang>', 'the label in ko or en')
    .option('--height <height>', 'as of this block (default: the head)')
    .option('--json', 'JSON output')
    .action((number: string, o: CliOptions) =>
      act(async () => {
        const lang = langOf(o)
        const n = animalOf(number)
        const r = await client(o).get<{ data: string; qr: { version: number; level: string; chars: number; moduleMm: number }; height: number; size: { width: number; height: number } }>(
          `/api/v1/livestock/animals/${enc(n)}/label?lang=${lang}${heightOf(o)}`,
        )
        const pdf = Uint8Array.from(atob(r.data), (ch) => ch.charCodeAt(0))
        files.write(o.out as string, pdf)
        const out = { animal: n, lang, out: o.out, bytes: pdf.length, height: r.height, qr: r.qr, size: r.size }
        print(o, out, () =>
          say(
            `${formatAnimalNumber(n)}의 라벨 → ${o.out as string} (블록 ${r.height} 기준, ${r.size.width}×${r.size.height} mm, ${pdf.length}바이트, QR 버전 ${r.qr.version}-${r.qr.level}, 모듈 ${r.qr.moduleMm.toFixed(2)} mm)`,
            `label of ${formatAnimalNumber(n)} → ${o.out as string} (as of block ${r.height}; ${r.size.width} × ${r.size.height} mm, ${pdf.length} bytes; QR version ${r.qr.version}-${r.qr.level}, module ${r.qr.moduleMm.toFixed(2)} mm)`,
          ),
        )
      })(o),
    )

  livestock
    .command('head-proof')
    .description("the animal's record proven as of a block (default: the head): with a label, `daejang verify --status-proof FILE` tells whether it is still current")
    .argument('<number>', 'the animal number (12 digits)')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--out <file>', 'the JSON file to write')
    .option('--height <height>', 'as of this block (default: the head)')
    .option('--json', 'JSON output')
    .action((number: string, o: CliOptions) =>
      act(async () => {
        const n = animalOf(number)
        const h = heightOf(o)
        const json = await client(o).get<{ state: { header: { height: number } } }>(`/api/v1/livestock/animals/${enc(n)}/head-proof${h ? `?${h.slice(1)}` : ''}`)
        const bytes = new TextEncoder().encode(JSON.stringify(json, null, 2) + '\n')
        files.write(o.out as string, bytes)
        const height = json.state.header.height
        print(o, { animal: n, out: o.out, height, bytes: bytes.length }, () =>
          say(`${formatAnimalNumber(n)}의 기록 증명 (블록 ${height} 기준) → ${o.out as string}`, `proof of the record of ${formatAnimalNumber(n)} as of block ${height} → ${o.out as string}`),
        )
      })(o),
    )
}
