/**
 * Outbreak tracing and the officer's dashboard on the command line (docs/adr/0046), each with --json and human output
 * in Korean or English, and --csv FILE for the table:
 *
 *   daejang livestock trace --animal N | --site S --from D --to D [--depth K] [--csv F] --home H
 *   daejang livestock dashboard [--region P] [--as-of D] [--limit L] [--csv F] --home H
 */
import type { Command } from 'commander'
import { DaejangError } from '../../../shared/errors'
import type { CliHost, CliOptions } from '../types'
import type { DashboardResult } from './dashboard'
import type { IndexStatus } from './local-index'
import type { TraceResult } from './trace'

type Lang = 'ko' | 'en'
const DATE = /^\d{4}-\d{2}-\d{2}$/

export function livestockTraceCli({ program, act, client, print, format, files, lang: cliLang }: CliHost): void {
  const livestock = program.commands.find((c) => c.name() === 'livestock') ?? program.command('livestock').description('the livestock traceability register (가축 이력)')
  const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
  const reading = (cmd: Command) =>
    cmd
      .requiredOption('--home <dir>', 'node home directory')
      .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
      .option('--csv <file>', 'also write the table as CSV to this file')
      .option('--json', 'JSON output')
  const dateOf = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || !DATE.test(v)) throw new DaejangError('SCHEMA_INVALID', say(`${what}은(는) YYYY-MM-DD 형식의 날짜입니다.`, `${what} is a date, YYYY-MM-DD`))
    return v
  }
  const behind = (i: IndexStatus, lang: Lang): string =>
    i.caughtUp ? '' : lang === 'ko' ? `\n(색인이 아직 따라잡는 중입니다: ${i.height}/${i.head} 블록)` : `\n(the index is still catching up: block ${i.height} of ${i.head})`
  const writeCsv = (o: CliOptions, text: string): void => {
    if (typeof o.csv === 'string') files.write(o.csv, new TextEncoder().encode('\ufeff' + text))
  }

  reading(
    livestock
      .command('trace')
      .description('trace an outbreak from an animal or a farm over a window of days: who shared a site with it, to a depth, and where their meat went')
      .option('--animal <number>', 'from this animal (12 digits)')
      .option('--site <number>', 'from this farm or business (6 digits)')
      .requiredOption('--from <date>', 'the first day of the window (YYYY-MM-DD)')
      .requiredOption('--to <date>', 'the last day of the window (YYYY-MM-DD)')
      .option('--depth <k>', 'how many steps of contact (1–4)', '2'),
  ).action(
    act(async (o) => {
      const lang = cliLang()
      if ((o.animal === undefined) === (o.site === undefined)) throw new DaejangError('SCHEMA_INVALID', say('--animal과 --site 중 하나만 주세요.', 'give one of --animal and --site'))
      const q = new URLSearchParams({ from: dateOf(o.from, '--from'), to: dateOf(o.to, '--to'), depth: String(o.depth) })
      if (typeof o.animal === 'string') q.set('animal', o.animal.replace(/[\s-]/g, ''))
      if (typeof o.site === 'string') q.set('site', o.site)
      const r = await client(o).get<TraceResult & { index: IndexStatus }>(`/api/v1/livestock/trace?${q}`)
      // loaded here, not at every command's start (papaparse)
      const { SITE_KIND_WORDS, traceCsv, word } = await import('./portable/trace-csv')
      writeCsv(o, traceCsv(r, lang))
      print(o, r, () => {
        const farms = r.sites.filter((s) => s.kind === 'farm').length
        const head =
          lang === 'ko'
            ? `${r.from}부터 ${r.to}까지 ${r.depth}단계: 소 ${r.counts.animals.toLocaleString('ko-KR')}마리, 농장 ${farms.toLocaleString('ko-KR')}곳, 농장·업소 ${r.sites.length.toLocaleString('ko-KR')}곳, 도체 ${r.counts.carcasses}, 묶음 ${r.bundles.length}, 판매점 ${r.shops.length}곳`
            : `${r.from} to ${r.to}, depth ${r.depth}: ${r.counts.animals.toLocaleString('en-US')} animals, ${farms.toLocaleString('en-US')} farms, ${r.sites.length.toLocaleString('en-US')} sites, ${r.counts.carcasses} carcasses, ${r.bundles.length} bundles, ${r.shops.length} shops`
        const cols = lang === 'ko' ? ['번호', '종류', '이름', '법정동', '단계'] : ['Number', 'Kind', 'Name', 'Area', 'Depth']
        const sites = format.table(
          r.sites.slice(0, 200).map((s) => ({ [cols[0]!]: s.site, [cols[1]!]: word(SITE_KIND_WORDS, s.kind, lang), [cols[2]!]: s.name, [cols[3]!]: s.area, [cols[4]!]: s.depth })),
          cols,
        )
        const more = r.sites.length > 200 ? (lang === 'ko' ? `\n… 외 ${r.sites.length - 200}곳 (--csv 또는 --json)` : `\n… and ${r.sites.length - 200} more (--csv or --json)`) : ''
        const trunc = r.truncated ? (lang === 'ko' ? '\n(도달한 소가 너무 많아 중간에 멈췄습니다)' : '\n(stopped: too many animals reached)') : ''
        return `${head}\n${sites}${more}${trunc}${behind(r.index, lang)}`
      })
    }),
  )

  reading(
    livestock
      .command('dashboard')
      .description("the livestock officer's dashboard: late reports, animals untagged past 30 days, animals with no event for a year, by region and month")
      .option('--region <prefix>', 'a 법정동 code prefix: 2 (시도), 5 (시군구), 8 (읍면동) or 10 digits')
      .option('--as-of <date>', 'the day it is as of (default: today in Korea)')
      .option('--limit <n>', 'rows listed per list (1–5000)', '50'),
  ).action(
    act(async (o) => {
      const lang = cliLang()
      const q = new URLSearchParams({ limit: String(o.limit) })
      if (typeof o.region === 'string') q.set('region', o.region)
      if (o.asOf !== undefined) q.set('asOf', dateOf(o.asOf, '--as-of'))
      const r = await client(o).get<DashboardResult & { index: IndexStatus }>(`/api/v1/livestock/dashboard?${q}`)
      const { EVENT_KIND_WORDS, dashboardCsv, word } = await import('./portable/trace-csv')
      writeCsv(o, dashboardCsv(r, lang))
      print(o, r, () => {
        const ko = lang === 'ko'
        const where = r.region === null ? (ko ? '전국' : 'the whole country') : r.region
        const lines = [
          ko ? `${r.asOf} 기준, ${where}` : `As of ${r.asOf}, ${where}`,
          ko
            ? `늦은 신고 ${r.late.count}건, 귀표 없는 소(출생 30일 경과) ${r.untagged.count}마리, 1년 넘게 신고 없는 소 ${r.silent.count}마리`
            : `${r.late.count} late reports, ${r.untagged.count} untagged more than 30 days after birth, ${r.silent.count} with no event for a year`,
        ]
        if (r.late.rows.length > 0) {
          const cols = ko ? ['이력번호', '신고', '기록된 날', '늦은 날수'] : ['Animal', 'Report', 'Recorded', 'Days late']
          lines.push(format.table(r.late.rows.map((l) => ({ [cols[0]!]: l.animal, [cols[1]!]: word(EVENT_KIND_WORDS, l.kind, lang), [cols[2]!]: l.recordedOn, [cols[3]!]: l.late })), cols))
        }
        const rc = ko ? ['지역', '사육 중', '늦은 신고', '귀표 없음', '1년 무신고'] : ['Region', 'Alive', 'Late', 'Untagged', 'Silent']
        lines.push(format.table(r.byRegion.map((g) => ({ [rc[0]!]: g.region, [rc[1]!]: g.animals, [rc[2]!]: g.late, [rc[3]!]: g.untagged, [rc[4]!]: g.silent })), rc))
        return lines.join('\n') + behind(r.index, lang)
      })
    }),
  )
}
