/**
 * The land register's node-local commands (docs/adr/0038), each with --json and human output in Korean or English:
 *
 *   daejang land watch add|remove NUMBER --home H     the bank's watch list (등기변동 알림)
 *   daejang land watch list --home H
 *   daejang land watch changes [--unread] [--register N] [--limit N] [--mark-read] --home H
 *   daejang land owners --id-file FILE|- --home H [--key K]  registers by owner: a lookup signed by the key (a registrar,
 *                                                       bank officer or commissioning authority), hashed by the node
 */
import { createReadStream } from 'node:fs'
import type { Command } from 'commander'
import { DaejangError } from '../../../shared/errors'
import type { CliHost, CliOptions } from '../types'
import type { OwnerLookupDto } from './local-index-owners'
import { normalizeRegisterNumber } from './portable/numbers'
import { shareWords, parseShare } from './portable/shares'
import { KIND_WORDS, PURPOSE_WORDS, SECTION_WORDS } from './portable/words'
import type { WatchItem, WatchNote } from './watch'

type Lang = 'ko' | 'en'
/** the type a signed owner lookup carries (local-index-owners.ts; not imported here: the CLI loads no node code) */
const OWNER_LOOKUP_TYPE = 'land.query.owners'

const L = {
  number: { ko: '부동산고유번호', en: 'Register number' },
  addedAt: { ko: '추가한 때', en: 'Added' },
  when: { ko: '때', en: 'When' },
  block: { ko: '블록', en: 'Block' },
  change: { ko: '변동 내용', en: 'What changed' },
  unread: { ko: '안 읽음', en: 'unread' },
  kind: { ko: '종류', en: 'Kind' },
  address: { ko: '소재지번', en: 'Location' },
  holds: { ko: '권리', en: 'Holds' },
  none: { ko: '(없음)', en: '(none)' },
} as const

const words = (table: Readonly<Record<string, { ko: string; en: string }>>, k: string | null, lang: Lang): string =>
  k !== null && Object.hasOwn(table, k) ? table[k]![lang] : ''

export function landLocalCli({ program, act, client, key, print, format, lang: cliLang }: CliHost): void {
  const land = program.commands.find((c) => c.name() === 'land') ?? program.command('land').description('the land register (부동산 등기부)')
  const t = (k: keyof typeof L, lang: Lang): string => L[k][lang]
  const say = (ko: string, en: string): string => (cliLang() === 'ko' ? ko : en)
  const reading = (cmd: Command) =>
    cmd
      .requiredOption('--home <dir>', 'node home directory')
      .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
      .option('--json', 'JSON output')
  const numberOf = (text: string): string => {
    const n = normalizeRegisterNumber(text)
    if (n === null) throw new DaejangError('SCHEMA_INVALID', say(`부동산고유번호가 아닙니다: ${text} (NNNN-YYYY-NNNNNN 형식)`, `not a register number: ${text} (NNNN-YYYY-NNNNNN)`))
    return n
  }

  const watch = land.command('watch').description('the watch list of registers (등기변동 알림): changes to them become notifications')

  reading(watch.command('add').description('put a register on the watch list').argument('<number>', 'the register number')).action((number: string, o: CliOptions) =>
    act(async () => {
      const w = await client(o).post<WatchItem>('/api/v1/land/watch', { number: numberOf(number) })
      print(o, w, () => say(`관심 등기에 추가했습니다: ${w.number}`, `Watching register ${w.number}`))
    })(o),
  )

  reading(watch.command('remove').description('take a register off the watch list').argument('<number>', 'the register number')).action((number: string, o: CliOptions) =>
    act(async () => {
      const n = numberOf(number)
      const r = await client(o).post<{ removed: boolean }>('/api/v1/land/watch/remove', { number: n })
      print(o, r, () => (r.removed ? say(`관심 등기에서 뺐습니다: ${n}`, `No longer watching register ${n}`) : say(`관심 등기가 아니었습니다: ${n}`, `Register ${n} was not on the watch list`)))
    })(o),
  )

  reading(watch.command('list').description('the registers on the watch list')).action(
    act(async (o) => {
      const lang = cliLang()
      const list = await client(o).get<WatchItem[]>('/api/v1/land/watch')
      print(o, list, () =>
        list.length === 0
          ? t('none', lang)
          : format.table(
              list.map((w) => ({ [t('number', lang)]: w.number, [t('addedAt', lang)]: format.time(w.addedAt) })),
              [t('number', lang), t('addedAt', lang)],
            ),
      )
    }),
  )

  reading(
    watch
      .command('changes')
      .description('changes to watched registers in words, newest first (application received, entry entered or cancelled, rejected, withdrawn)')
      .option('--unread', 'only those not yet read')
      .option('--register <number>', 'only this register')
      .option('--limit <n>', 'at most this many (1–1000)', '50')
      .option('--mark-read', 'mark the ones shown as read'),
  ).action(
    act(async (o) => {
      const lang = cliLang()
      const limit = Number(o.limit)
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) throw new DaejangError('SCHEMA_INVALID', say('--limit은 1부터 1000까지의 자연수입니다.', '--limit is a whole number from 1 to 1000'))
      const q = new URLSearchParams({ limit: String(limit) })
      if (o.unread) q.set('unread', 'true')
      if (o.register !== undefined) q.set('register', numberOf(o.register as string))
      const r = await client(o).get<{ notes: WatchNote[]; unread: number; indexHeight: number }>(`/api/v1/land/watch/changes?${q.toString()}`)
      if (o.markRead && r.notes.length > 0) await client(o).post('/api/v1/land/watch/changes/read', { ids: r.notes.map((n) => n.id) })
      print(o, r, () => {
        const head = say(`읽지 않은 알림 ${r.unread}건`, `${r.unread} unread`)
        if (r.notes.length === 0) return `${head}\n${t('none', lang)}`
        return (
          `${head}\n` +
          format.table(
            r.notes.map((n) => ({
              [t('number', lang)]: n.register,
              [t('when', lang)]: `${n.day} (${t('block', lang)} ${n.height})`,
              [t('change', lang)]: `${n.words[lang]}${n.read ? '' : ` [${t('unread', lang)}]`}`,
            })),
            [t('number', lang), t('when', lang), t('change', lang)],
          )
        )
      })
    }),
  )

  reading(
    land
      .command('owners')
      .description('registers where a person or company owns or holds a live right, by registration number (a registrar, bank officer or commissioning authority; the node needs its land-pepper)')
      .option('--id-file <file>', 'a file whose first line is the resident or corporate registration number, or - for standard input (sent to your node only, hashed there, never kept)')
      .option('--id <number>', 'the number on the command line: other users of this machine can see it in the process list and your shell keeps it in its history; prefer --id-file')
      .option('--key <name>', 'the key that signs the lookup (a registrar, bank officer or authority)', 'bank-officer')
      .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)'),
  ).action(
    act(async (o) => {
      const lang = cliLang()
      // addressed to this node: a lookup signed for one node is refused by any other
      const { node } = await client(o).get<{ node: string }>('/api/v1/land/owners/audience')
      const signed = await key(o).signAct(OWNER_LOOKUP_TYPE, { id: await identifierOf(o, say), node }, [])
      const r = await client(o).post<OwnerLookupDto>('/api/v1/land/owners', signed)
      // the answer, never the number asked for
      print(o, r, () =>
        r.registers.length === 0
          ? say(`찾은 등기기록이 없습니다 (블록 ${r.height} 기준).`, `No register found (as of block ${r.height}).`)
          : format.table(
              r.registers.map((s) => ({
                [t('number', lang)]: s.number,
                [t('kind', lang)]: words(KIND_WORDS, s.kind, lang),
                [t('address', lang)]: s.address,
                [t('holds', lang)]: s.holds
                  .map((h) =>
                    h.as === 'owner'
                      ? `${say('소유자', 'owner')} ${h.name} ${shareText(h.share, lang)}`
                      : `${words(PURPOSE_WORDS, h.purpose, lang)} ${h.name} (${words(SECTION_WORDS, h.section, lang)} ${h.rank})`,
                  )
                  .join(', '),
              })),
              [t('number', lang), t('kind', lang), t('address', lang), t('holds', lang)],
            ) + (r.more ? `\n${say(`처음 ${r.registers.length}건만 표시합니다.`, `Only the first ${r.registers.length} are shown.`)}` : ''),
      )
    }),
  )
}

/** the most bytes read of an --id-file (or standard input) to find its first line: a number is 14 characters */
export const MAX_ID_LINE_BYTES = 4096

/**
 * The first line of a file (or of standard input, `-`), reading at most MAX_ID_LINE_BYTES (+1, to tell a longer line):
 * a large file, a device or an endless pipe given by mistake is never read whole. SCHEMA_INVALID when the first line
 * is longer than that.
 */
async function firstLine(file: string, say: (ko: string, en: string) => string): Promise<string> {
  const stream = file === '-' ? process.stdin : createReadStream(file, { start: 0, end: MAX_ID_LINE_BYTES })
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      const nl = b.indexOf(10)
      if (nl >= 0 && size + nl <= MAX_ID_LINE_BYTES) {
        chunks.push(b.subarray(0, nl))
        return Buffer.concat(chunks).toString('utf8')
      }
      chunks.push(b)
      size += b.length
      if (size > MAX_ID_LINE_BYTES) break
    }
  } finally {
    if (file !== '-') stream.destroy()
  }
  if (size > MAX_ID_LINE_BYTES) {
    const where = file === '-' ? say('표준 입력', 'Standard input') : file
    throw new DaejangError(
      'SCHEMA_INVALID',
      say(`${where}의 첫 줄이 ${MAX_ID_LINE_BYTES}바이트보다 깁니다: 등록번호 한 줄만 주십시오.`, `The first line of ${where} is longer than ${MAX_ID_LINE_BYTES} bytes: give one line with the registration number.`),
    )
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** The registration number asked for: from --id-file (a file, or - for standard input), else --id. Never printed. */
async function identifierOf(o: CliOptions, say: (ko: string, en: string) => string): Promise<string> {
  const file = o.idFile as string | undefined
  if (file !== undefined) {
    const line = (await firstLine(file, say)).replace(/\r$/, '').trim()
    if (line === '') throw new DaejangError('SCHEMA_INVALID', say(`${file === '-' ? '표준 입력' : file}에 등록번호가 없습니다.`, `${file === '-' ? 'Standard input' : file} holds no registration number.`))
    return line
  }
  if (o.id !== undefined) return String(o.id)
  throw new DaejangError('SCHEMA_INVALID', say('--id-file(또는 --id)로 주민등록번호나 법인등록번호를 주십시오.', 'Give the resident or corporate registration number with --id-file (or --id).'))
}

function shareText(share: string | null, lang: Lang): string {
  if (share === null) return ''
  const s = parseShare(share)
  return s === null ? share : shareWords(s, lang)
}
