/**
 * `daejang land import FILE` (docs/adr/0037, docs/land-import.md): an office's existing registers brought over in
 * bulk. The file holds JSON lines, one register with its history a line. Each line is checked as the node will check
 * it (shape, and the history replayed through the live rules); a refused line goes to the report with its number and
 * the reason in words. Valid lines are signed by the registrar's key and sent in batches (several transactions a
 * block), with progress printed.
 *
 * Resumable after a crash or kill -9: a progress file keyed by each line's SHA-256 records the lines settled
 * (imported, skipped, refused by the node), appended and synced after every batch. A line sent but not yet recorded is
 * sent again on the next run; the ledger itself never imports a line twice (`ld/mig/<hash>`: LAND_ALREADY_IMPORTED,
 * counted as imported) nor opens a number twice (LAND_NUMBER_TAKEN: skipped and reported).
 */
import { closeSync, createReadStream, existsSync, fsyncSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs'
import { DaejangError } from '../../../shared/errors'
import { toHex } from '../../codec/bytes'
import { latestDayAt } from '../../codec/dates'
import { sha256 } from '../../crypto/sha256'
import { nodeSigner } from '../../crypto/ed25519-node'
import { isEncrypted, unlockSeed } from '../../crypto/keystore'
import { Home } from '../../node/home'
import { type JsonValue, makeTx, txToJson } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import { deriveMigrated } from './import-rules'
import { type MigratePayload, MigrateSchema } from './portable/import-schema'

/** a line longer than this is refused unread (a transaction is at most 64 KiB by default) */
export const MAX_LINE_BYTES = 60 * 1024
const enc = new TextEncoder()

/**
 * The lines of a stream, each at most `max` bytes held in memory: a longer line is not kept whole (a file of one
 * endless line must not exhaust memory) but yielded as `null` once its end is reached, to be refused by its number.
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, max: number): AsyncGenerator<string | null> {
  let parts: Buffer[] = []
  let size = 0
  let tooLong = false
  const end = function* (): Generator<string | null> {
    if (tooLong) yield null
    else yield Buffer.concat(parts).toString('utf8').replace(/\r$/, '')
    parts = []
    size = 0
    tooLong = false
  }
  for await (const chunk of input) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10)) {
      const head = buf.subarray(0, nl)
      if (!tooLong && size + head.length <= max) parts.push(head)
      else tooLong = true
      yield* end()
      buf = buf.subarray(nl + 1)
    }
    if (buf.length === 0) continue
    if (!tooLong && size + buf.length <= max) {
      parts.push(Buffer.from(buf))
      size += buf.length
    } else {
      tooLong = true
      parts = []
      size = 0
    }
  }
  if (tooLong || size > 0) yield* end()
}

/** The hash a line is known by in the progress file and on the ledger (`source`): SHA-256 of its text, trimmed. */
export const lineHash = (line: string): string => toHex(sha256(enc.encode(line.trim())))

export interface LineProblem {
  code: string
  detail: string
}

/** Checks one line as the node will (no state): its JSON, its shape, its history through the live rules. */
export function checkLine(line: string, today: string): { payload: MigratePayload } | { problem: LineProblem } {
  if (Buffer.byteLength(line) > MAX_LINE_BYTES) return { problem: { code: 'TX_TOO_LARGE', detail: `the line is longer than ${MAX_LINE_BYTES} bytes` } }
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return { problem: { code: 'MALFORMED_JSON', detail: 'the line is not JSON' } }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return { problem: { code: 'BAD_PAYLOAD', detail: 'the line is not a JSON object' } }
  const parsed = MigrateSchema.safeParse({ ...(json as Record<string, unknown>), source: lineHash(line) })
  if (!parsed.success) {
    const i = parsed.error.issues[0]
    return { problem: { code: 'BAD_PAYLOAD', detail: `${i?.path.join('.') || 'line'}: ${i?.message ?? 'invalid'}` } }
  }
  try {
    deriveMigrated(parsed.data, 'import-check', today, '', 0)
  } catch (e) {
    if (e instanceof DaejangError) return { problem: { code: e.code, detail: e.message } }
    throw e
  }
  return { payload: parsed.data }
}

/** what a line's own problems are called in the report (the catalogue's sentences speak of a request or a transaction) */
const LINE_WORDS: Readonly<Record<string, { ko: string; en: string }>> = {
  MALFORMED_JSON: { ko: '이 줄은 JSON 형식이 아닙니다.', en: 'The line is not JSON.' },
  BAD_PAYLOAD: { ko: '이 줄의 항목이 이관 형식에 맞지 않습니다.', en: 'A field of the line does not fit the import format.' },
  TX_TOO_LARGE: { ko: '줄이 너무 깁니다.', en: 'The line is too long.' },
  LAND_ALREADY_IMPORTED: { ko: '앞의 줄과 같거나 이미 이관된 줄입니다.', en: 'The line repeats an earlier line, or was imported already.' },
}

type Settled = 'imported' | 'skipped' | 'refused'
interface ProgressRecord {
  h: string
  s: Settled
  line: number
  number?: string
  code?: string
  detail?: string
}

/** The progress file: one JSON record a line; a torn last line (kill -9 mid-write) is ignored. */
function readProgress(path: string): Map<string, ProgressRecord> {
  const m = new Map<string, ProgressRecord>()
  if (!existsSync(path)) return m
  for (const l of readFileSync(path, 'utf8').split('\n')) {
    try {
      const r = JSON.parse(l) as ProgressRecord
      if (typeof r.h === 'string' && typeof r.s === 'string') m.set(r.h, r)
    } catch {
      // a torn record: the line is sent again, and the ledger refuses it if it was imported
    }
  }
  return m
}

interface Pending {
  line: number
  hash: string
  payload: MigratePayload
}

interface TxState {
  status: string
  rejection?: { code: string; message: string }
}

export function landImportCli({ program, act, client, print, catalogue, lang: cliLang }: CliHost): void {
  const land = program.commands.find((c) => c.name() === 'land') ?? program.command('land')
  land
    .command('import')
    .description(
      'import existing registers with their history (a registrar of the office): FILE holds JSON lines, one register a line (docs/land-import.md); refused lines are reported with their number and reason; resumable',
    )
    .argument('<file>', 'the JSON-lines file')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--key <name>', 'key name in the home (a registrar)', 'registrar')
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--batch <n>', 'transactions sent together (1–1000)', '200')
    .option('--progress <file>', 'the progress file (default: FILE.progress)')
    .option('--report <file>', 'the report of refused and skipped lines (default: FILE.report.txt; with --json also FILE.report.json)')
    .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
    .option('--json', 'JSON output')
    .action((file: string, o: CliOptions) => act(async (opts) => runImport(file, opts))(o))

  async function runImport(file: string, o: CliOptions): Promise<void> {
    const lang = cliLang()
    const say = (ko: string, en: string): string => (lang === 'ko' ? ko : en)
    const batchSize = Number(o.batch)
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) {
      throw new DaejangError('BAD_REQUEST', say('--batch는 1에서 1000 사이의 정수입니다.', '--batch is a whole number from 1 to 1000'))
    }
    if (!existsSync(file)) throw new DaejangError('NOT_FOUND', say(`파일 ${file}이(가) 없습니다.`, `no file ${file}`))
    const progressPath = (o.progress as string | undefined) ?? `${file}.progress`
    const reportPath = (o.report as string | undefined) ?? `${file}.report.txt`
    const home = new Home(o.home as string)
    const c = client(o)
    const keyFile = home.readKey(o.key as string)
    const pass = isEncrypted(keyFile) ? (o.passphraseFile ? readFileSync(o.passphraseFile as string, 'utf8').replace(/\r?\n$/, '') : process.env.DAEJANG_PASSPHRASE) : undefined
    const signer = nodeSigner(unlockSeed(keyFile, pass))
    const pk = toHex(signer.publicKey)
    const chainId = home.readGenesis().chainId
    let nonce = Math.max((await c.get<{ nonce: number }>(`/api/v1/identity/keys/${pk}`)).nonce + 1, Date.now())

    const done = readProgress(progressPath)
    const earlier = done.size
    const fd = openSync(progressPath, 'a')
    const record = (rs: ProgressRecord[]): void => {
      if (rs.length === 0) return
      writeSync(fd, rs.map((r) => JSON.stringify(r) + '\n').join(''))
      fsyncSync(fd)
      for (const r of rs) done.set(r.h, r)
    }
    const refusedNow: ProgressRecord[] = []
    const seen = new Map<string, number>()
    let lines = 0
    let valid = 0
    let importedNow = 0
    let alreadyImported = 0
    const started = Date.now()
    const progress = (): void => {
      const secs = Math.max((Date.now() - started) / 1000, 0.001)
      process.stderr.write(
        say(
          `이관 중: ${lines.toLocaleString('ko-KR')}줄 읽음, ${importedNow.toLocaleString('ko-KR')}건 이관 (초당 ${Math.round(importedNow / secs)}건)\n`,
          `importing: ${lines.toLocaleString('en-US')} lines read, ${importedNow.toLocaleString('en-US')} registers imported (${Math.round(importedNow / secs)}/s)\n`,
        ),
      )
    }

    const txState = async (hash: string): Promise<TxState> => {
      try {
        return await c.get<TxState>(`/api/v1/txs/${hash}`)
      } catch (e) {
        if (e instanceof DaejangError && e.code === 'NOT_FOUND') return { status: 'unknown' }
        throw e
      }
    }

    async function send(batch: Pending[]): Promise<void> {
      let todo = batch
      const settled: ProgressRecord[] = []
      for (let attempt = 0; todo.length > 0; attempt++) {
        const txs = todo.map((p) => txToJson(makeTx(signer, { chainId, type: 'land.register.migrate', payload: p.payload as unknown as JsonValue, nonce: nonce++ })))
        const r = await c.post<{ results: Array<{ hash?: string; error?: { code: string; message: string } }> }>('/api/v1/txs/batch', { txs })
        const waiting: Array<{ p: Pending; hash: string }> = []
        const again: Pending[] = []
        r.results.forEach((res, i) => {
          const p = todo[i]!
          if (res.hash !== undefined) waiting.push({ p, hash: res.hash })
          else if (res.error?.code === 'MEMPOOL_FULL') again.push(p)
          else if (res.error?.code === 'BAD_PAYLOAD' || res.error?.code?.startsWith('LAND_')) {
            settled.push({ h: p.hash, s: 'refused', line: p.line, number: p.payload.number, code: res.error.code, detail: res.error.message })
          } else {
            // not the line's fault (the key is no registrar, the node is stopping): stop, the next run resumes here
            throw new DaejangError((res.error?.code ?? 'INTERNAL') as 'INTERNAL', res.error?.message ?? 'the node refused the batch')
          }
        })
        // wait until each is committed or refused (a condition, polled; the block interval decides how long)
        let open = waiting
        while (open.length > 0) {
          const states = await Promise.all(open.map(async (w) => ({ w, st: await txState(w.hash) })))
          open = []
          for (const { w, st } of states) {
            if (st.status === 'committed') {
              settled.push({ h: w.p.hash, s: 'imported', line: w.p.line, number: w.p.payload.number })
              importedNow++
            } else if (st.status === 'rejected') {
              const code = st.rejection?.code ?? 'INTERNAL'
              if (code === 'LAND_ALREADY_IMPORTED') {
                settled.push({ h: w.p.hash, s: 'imported', line: w.p.line, number: w.p.payload.number })
                alreadyImported++
              } else if (code === 'LAND_NUMBER_TAKEN') {
                settled.push({ h: w.p.hash, s: 'skipped', line: w.p.line, number: w.p.payload.number, code, detail: st.rejection?.message ?? '' })
              } else {
                settled.push({ h: w.p.hash, s: 'refused', line: w.p.line, number: w.p.payload.number, code, detail: st.rejection?.message ?? '' })
              }
            } else if (st.status === 'unknown') {
              // dropped before it was admitted for good: send again
              again.push(w.p)
            } else open.push(w)
          }
          if (open.length > 0) await new Promise((r) => setTimeout(r, 100))
        }
        todo = again
        if (todo.length > 0) await new Promise((r) => setTimeout(r, Math.min(2000, 200 * (attempt + 1))))
      }
      record(settled)
      progress()
    }

    const today = latestDayAt(Date.now())
    let batch: Pending[] = []
    const input = createReadStream(file)
    try {
      // a line over MAX_LINE_BYTES (and a CR) is never held whole: refused by its number
      for await (const text of boundedLines(input, MAX_LINE_BYTES + 1)) {
        lines++
        if (text === null) {
          refusedNow.push({ h: lineHash(`line ${lines} too long`), s: 'refused', line: lines, code: 'TX_TOO_LARGE', detail: `the line is longer than ${MAX_LINE_BYTES} bytes` })
          continue
        }
        if (text.trim() === '') continue
        const h = lineHash(text)
        const dup = seen.get(h)
        if (dup !== undefined) {
          refusedNow.push({ h, s: 'skipped', line: lines, code: 'LAND_ALREADY_IMPORTED', detail: `the same as line ${dup}` })
          continue
        }
        seen.set(h, lines)
        const prior = done.get(h)
        if (prior !== undefined) {
          if (prior.s === 'imported') alreadyImported++
          continue
        }
        const checked = checkLine(text, today)
        if ('problem' in checked) {
          refusedNow.push({ h, s: 'refused', line: lines, code: checked.problem.code, detail: checked.problem.detail })
          continue
        }
        valid++
        batch.push({ line: lines, hash: h, payload: checked.payload })
        if (batch.length >= batchSize) {
          await send(batch)
          batch = []
        }
      }
      if (batch.length > 0) await send(batch)
    } finally {
      input.destroy()
      closeSync(fd)
    }

    // the report: every line refused or skipped, from this run and the runs before (the progress file)
    const reported = [...refusedNow, ...[...done.values()].filter((r) => r.s !== 'imported')].sort((a, b) => a.line - b.line)
    const reason = (r: ProgressRecord): string => LINE_WORDS[r.code ?? '']?.[lang] ?? catalogue.errorSentence(r.code ?? 'INTERNAL', lang)
    const text = reported
      .map((r) =>
        lang === 'ko'
          ? `${r.line}행${r.number ? ` (${r.number})` : ''}: ${r.s === 'skipped' ? '건너뜀' : '거절'} — ${reason(r)} (상세(영문): ${r.detail ?? ''})`
          : `line ${r.line}${r.number ? ` (${r.number})` : ''}: ${r.s === 'skipped' ? 'skipped' : 'refused'} — ${reason(r)} (${r.detail ?? ''})`,
      )
      .join('\n')
    writeFileSync(reportPath, text === '' ? '' : text + '\n')
    const imported = [...done.values()].filter((r) => r.s === 'imported').length
    const summary = {
      file,
      lines,
      valid,
      imported,
      importedNow,
      importedBefore: imported - importedNow,
      /** lines this run found imported already (by the progress file, or refused by the ledger as imported) */
      alreadyImported,
      settledBefore: earlier,
      skipped: reported.filter((r) => r.s === 'skipped').map((r) => ({ line: r.line, number: r.number ?? null, code: r.code, reason: reason(r), detail: r.detail })),
      refused: reported.filter((r) => r.s === 'refused').map((r) => ({ line: r.line, number: r.number ?? null, code: r.code, reason: reason(r), detail: r.detail })),
      report: reportPath,
      progress: progressPath,
      seconds: (Date.now() - started) / 1000,
    }
    if (o.json) writeFileSync(reportPath.replace(/\.txt$/, '') + '.json', JSON.stringify(summary, null, 2) + '\n')
    print(o, summary, () =>
      say(
        `이관 끝: ${lines.toLocaleString('ko-KR')}줄 중 ${imported.toLocaleString('ko-KR')}건 이관됨 (이번 실행 ${importedNow.toLocaleString('ko-KR')}건), 건너뜀 ${summary.skipped.length}건, 거절 ${summary.refused.length}건. 보고서: ${reportPath}`,
        `import finished: ${imported.toLocaleString('en-US')} registers imported of ${lines.toLocaleString('en-US')} lines (${importedNow.toLocaleString('en-US')} in this run), ${summary.skipped.length} skipped, ${summary.refused.length} refused. Report: ${reportPath}`,
      ),
    )
  }
}
