/**
 * The extract commands (docs/adr/0036), registered under `daejang land` by one line in cli.ts:
 *
 *   daejang land extract NUMBER [--current] [--lang ko|en] --out FILE [--height H]
 *                                        the certified extract PDF (등기사항전부증명서, or 일부증명서 with --current)
 *   daejang land range-proof NUMBER --out FILE [--height H]
 *                                        the register's range proof, for `daejang verify --status-proof FILE`
 *
 * `daejang verify --certificate FILE` verifies the PDF (the land verifier is declared in the registry's barrel).
 */
import type { Command } from 'commander'
import { DaejangError } from '../../../shared/errors'
import type { CliHost, CliOptions } from '../types'
import { normalizeRegisterNumber } from './portable/numbers'

type Host = Pick<CliHost, 'act' | 'client' | 'print' | 'files' | 'lang'>

const enc = encodeURIComponent

export function landExtractCli(land: Command, { act, client, print, files, lang: cliLang }: Host): void {
  const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
  const numberOf = (number: string): string => {
    const n = normalizeRegisterNumber(number)
    if (n === null) throw new DaejangError('SCHEMA_INVALID', say(`부동산고유번호가 아닙니다: ${number} (NNNN-YYYY-NNNNNN 형식)`, `not a register number: ${number} (NNNN-YYYY-NNNNNN)`))
    return n
  }
  const heightOf = (o: CliOptions): number | undefined => {
    if (o.height === undefined) return undefined
    const h = Number(o.height)
    if (!Number.isSafeInteger(h) || h < 1) throw new DaejangError('SCHEMA_INVALID', say('--height는 1 이상의 블록 높이입니다.', '--height is a block height of 1 or more'))
    return h
  }

  land
    .command('extract')
    .description('a certified extract PDF: 등기사항전부증명서 (every entry, cancelled ones struck through) or, with --current, 일부증명서 (현재 유효사항)')
    .argument('<number>', 'the register number NNNN-YYYY-NNNNNN')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--out <file>', 'the PDF to write')
    .option('--current', 'only what is in force (현재 유효사항)')
    .option('--lang <lang>', 'the extract in ko or en', 'ko')
    .option('--height <height>', 'as of this block (default: the head)')
    .option('--json', 'JSON output')
    .action((number: string, o: CliOptions) =>
      act(async () => {
        if (o.lang !== 'ko' && o.lang !== 'en') throw new DaejangError('SCHEMA_INVALID', say('--lang은 ko 또는 en입니다.', '--lang is ko or en'))
        const n = numberOf(number)
        const q = new URLSearchParams({ view: o.current ? 'current' : 'full', lang: o.lang })
        const h = heightOf(o)
        if (h !== undefined) q.set('height', String(h))
        const r = await client(o).get<{ data: string; qr: { version: number; level: string; chars: number }; pages: number; height: number }>(
          `/api/v1/land/registers/${enc(n)}/extract?${q.toString()}`,
        )
        const pdf = Uint8Array.from(atob(r.data), (ch) => ch.charCodeAt(0))
        files.write(o.out as string, pdf)
        const out = { number: n, view: o.current ? 'current' : 'full', lang: o.lang, out: o.out, bytes: pdf.length, pages: r.pages, height: r.height, qr: r.qr }
        print(o, out, () =>
          say(
            `${n}의 ${o.current ? '등기사항일부증명서(현재 유효사항)' : '등기사항전부증명서'} → ${o.out as string} (블록 ${r.height} 기준, ${r.pages}쪽, ${pdf.length}바이트, QR 버전 ${r.qr.version}-${r.qr.level})`,
            `${o.current ? 'extract of the entries in force' : 'full extract'} of ${n} → ${o.out as string} (as of block ${r.height}; ${r.pages} page${r.pages === 1 ? '' : 's'}, ${pdf.length} bytes; QR version ${r.qr.version}-${r.qr.level})`,
          ),
        )
      })(o),
    )

  land
    .command('range-proof')
    .description("a register's range proof as of a block (default: the head): with an extract, `daejang verify --status-proof FILE` tells whether it is still current")
    .argument('<number>', 'the register number NNNN-YYYY-NNNNNN')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--out <file>', 'the JSON file to write')
    .option('--height <height>', 'as of this block (default: the head)')
    .option('--json', 'JSON output')
    .action((number: string, o: CliOptions) =>
      act(async () => {
        const n = numberOf(number)
        const h = heightOf(o)
        const json = await client(o).get<{ state: { header: { height: number } } }>(`/api/v1/land/registers/${enc(n)}/range-proof${h !== undefined ? `?height=${h}` : ''}`)
        const bytes = new TextEncoder().encode(JSON.stringify(json, null, 2) + '\n')
        files.write(o.out as string, bytes)
        const at = json.state.header.height
        print(o, { number: n, out: o.out, height: at, bytes: bytes.length }, () =>
          say(`${n}의 범위 증명 (블록 ${at} 기준) → ${o.out as string}`, `range proof of ${n} as of block ${at} → ${o.out as string}`),
        )
      })(o),
    )
}
