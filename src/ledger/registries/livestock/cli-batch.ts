/**
 * `daejang livestock batch FILE [--dry-run] [--json]` (docs/livestock-batch.md, docs/adr/0047): a reporter's file of
 * events — JSON lines or CSV — checked line by line and committed as `livestock.batch` transactions of at most 500
 * events (and under the chain's transaction size), one after another so a later event sees the earlier ones. The
 * report names every refused line with its number, the animal and the reason in words.
 *
 * Resumable after kill -9, nothing twice: before a transaction is sent, the progress file (FILE.progress) records it
 * signed, with the lines it carries, and syncs; after it is committed, the outcome. A run finding a transaction sent
 * but not settled asks the node about it and, if the node does not know it, sends the very same signed transaction
 * again — its nonce can be used once, so the ledger applies it once at most. Lines settled are not sent again.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { DaejangError } from '../../../shared/errors'
import { toHex } from '../../codec/bytes'
import { sha256 } from '../../crypto/sha256'
import { nodeSigner } from '../../crypto/ed25519-node'
import { isEncrypted, unlockSeed } from '../../crypto/keystore'
import { Home } from '../../node/home'
import { type JsonValue, type TxJson, encodeTx, makeTx, txHash, txToJson } from '../../types/tx'
import type { CliHost, CliOptions } from '../types'
import { BATCH_MAX_EVENTS } from './batch-rules'
import { dryRunParts } from './portable/dry-run-parts'
import { BATCH_FILE_MAX_BYTES, type BatchLineEvent, readBatchFile } from './portable/batch-format'
import { formatAnimalNumber } from './portable/identifiers'
import type { BatchRecord } from './portable/schema'

const enc = new TextEncoder()
const lineHash = (text: string): string => toHex(sha256(enc.encode(text.trim())))

/** what a line's own problems are called in the report */
const LINE_WORDS: Readonly<Record<string, { ko: string; en: string }>> = {
  MALFORMED_JSON: { ko: '이 줄은 JSON 형식이 아닙니다.', en: 'The line is not JSON.' },
  BAD_PAYLOAD: { ko: '이 줄의 항목이 신고 형식에 맞지 않습니다.', en: 'A field of the line does not fit the report format.' },
  REPEATED_LINE: { ko: '앞의 줄과 똑같은 줄입니다.', en: 'The line repeats an earlier line.' },
}

/** the progress file's records: a transaction sent (signed, with its lines), then settled */
type Journal =
  | { k: 'sent'; tx: string; lines: Array<{ n: number; h: string }>; json: TxJson }
  | { k: 'done'; tx: string; accepted: number; refused: Array<{ n: number; h: string; code: string; message: string }> }
  | { k: 'dropped'; tx: string; code: string; message: string }

function readJournal(path: string): Journal[] {
  if (!existsSync(path)) return []
  const out: Journal[] = []
  for (const l of readFileSync(path, 'utf8').split('\n')) {
    if (l.trim() === '') continue
    try {
      const r = JSON.parse(l) as Journal
      if (typeof r.tx === 'string' && (r.k === 'sent' || r.k === 'done' || r.k === 'dropped')) out.push(r)
    } catch {
      // a torn last record (kill -9 mid-write): a 'sent' torn is never sent (it is written before sending); a 'done'
      // torn is asked of the node again
    }
  }
  return out
}

export interface LineOutcome {
  line: number
  type: string | null
  animal: string | null
  status: 'accepted' | 'refused' | 'skipped'
  code?: string
  reason?: string
  detail?: string
}

/** The animal a payload names first (the report shows it beside the line number). */
function animalOf(payload: Record<string, unknown> | undefined): string | null {
  if (!payload) return null
  const a = typeof payload.animal === 'string' ? payload.animal : Array.isArray(payload.animals) && typeof payload.animals[0] === 'string' ? payload.animals[0] : typeof payload.number === 'string' ? payload.number : null
  return a
}

export function livestockBatchCli({ program, act, client, print, catalogue, lang: cliLang }: CliHost): void {
  const livestock = program.commands.find((c) => c.name() === 'livestock') ?? program.command('livestock').description('the livestock traceability register')
  livestock
    .command('batch')
    .description(
      'report many events at once (a slaughterhouse, a tagging agency…): FILE holds JSON lines or CSV (docs/livestock-batch.md); each line is checked, refused lines are reported with the reason in words, the rest committed in transactions of up to 500 events; resumable after a crash',
    )
    .argument('<file>', 'the JSON-lines or CSV file')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--key <name>', 'key name in the home (the reporter)', 'reporter')
    .option('--passphrase-file <file>', 'passphrase of an encrypted key (or DAEJANG_PASSPHRASE)')
    .option('--dry-run', 'check every line against the ledger as it is now and report; send nothing')
    .option('--format <format>', 'jsonl or csv (default: by the first line)')
    .option('--batch <n>', 'events a transaction carries at most (1–500)', String(BATCH_MAX_EVENTS))
    .option('--progress <file>', 'the progress file (default: FILE.progress)')
    .option('--report <file>', 'the report of refused lines (default: FILE.report.txt)')
    .option('--lang <lang>', 'ko or en (default: from LC_ALL / LC_MESSAGES / LANG)')
    .option('--json', 'JSON output')
    .action((file: string, o: CliOptions) => act(async (opts) => runBatch(file, opts))(o))

  async function runBatch(file: string, o: CliOptions): Promise<void> {
    const lang = cliLang()
    const say = (ko: string, en: string): string => (lang === 'ko' ? ko : en)
    const num = (n: number): string => n.toLocaleString(lang === 'ko' ? 'ko-KR' : 'en-US')
    const batchSize = Number(o.batch)
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > BATCH_MAX_EVENTS) {
      throw new DaejangError('BAD_REQUEST', say(`--batch는 1에서 ${BATCH_MAX_EVENTS} 사이의 정수입니다.`, `--batch is a whole number from 1 to ${BATCH_MAX_EVENTS}`))
    }
    const format = o.format as string | undefined
    if (format !== undefined && format !== 'jsonl' && format !== 'csv') throw new DaejangError('BAD_REQUEST', say('--format은 jsonl 또는 csv입니다.', '--format is jsonl or csv'))
    if (!existsSync(file)) throw new DaejangError('NOT_FOUND', say(`파일 ${file}이(가) 없습니다.`, `no file ${file}`))
    if (statSync(file).size > BATCH_FILE_MAX_BYTES) {
      throw new DaejangError('BAD_REQUEST', say(`파일이 너무 큽니다(최대 ${BATCH_FILE_MAX_BYTES / 2 ** 20} MiB). 나누어 신고하십시오.`, `the file is larger than ${BATCH_FILE_MAX_BYTES / 2 ** 20} MiB: split it`))
    }
    const started = Date.now()
    const dryRun = o.dryRun === true
    const progressPath = (o.progress as string | undefined) ?? `${file}.progress`
    const reportPath = (o.report as string | undefined) ?? `${file}.report.txt`
    const home = new Home(o.home as string)
    const c = client(o)
    const keyFile = home.readKey(o.key as string)
    const pass = isEncrypted(keyFile) ? (o.passphraseFile ? readFileSync(o.passphraseFile as string, 'utf8').replace(/\r?\n$/, '') : process.env.DAEJANG_PASSPHRASE) : undefined
    const signer = nodeSigner(unlockSeed(keyFile, pass))
    const pk = toHex(signer.publicKey)
    const genesis = home.readGenesis()
    const maxTxBytes = genesis.params.maxTxBytes

    // the file, line by line
    const outcomes = new Map<number, LineOutcome>()
    const reason = (code: string): string => LINE_WORDS[code]?.[lang] ?? catalogue.errorSentence(code, lang)
    const refuse = (line: number, type: string | null, animal: string | null, code: string, detail: string, status: 'refused' | 'skipped' = 'refused'): void => {
      outcomes.set(line, { line, type, animal, status, code, reason: reason(code), detail })
    }
    const lines = readBatchFile(readFileSync(file, 'utf8'), format as 'jsonl' | 'csv' | undefined)
    const events: Array<BatchLineEvent & { h: string }> = []
    const seen = new Map<string, number>()
    for (const l of lines) {
      if ('problem' in l) {
        refuse(l.line, null, null, l.problem.code, l.problem.detail)
        continue
      }
      const h = lineHash(l.text)
      const first = seen.get(h)
      if (first !== undefined) {
        refuse(l.line, l.event.type, animalOf(l.event.payload), 'REPEATED_LINE', `the same as line ${first}`, 'skipped')
        continue
      }
      seen.set(h, l.line)
      events.push({ ...l, h })
    }
    const typeOfLine = new Map(events.map((e) => [e.line, e]))
    const byHash = new Map(events.map((e) => [e.h, e]))
    const settle = (line: number, code?: string, message?: string): void => {
      const e = typeOfLine.get(line)
      const type = e?.event.type ?? null
      const animal = animalOf(e?.event.payload)
      if (code === undefined) outcomes.set(line, { line, type, animal, status: 'accepted' })
      else refuse(line, type, animal, code, message ?? '')
    }

    let acceptedNow = 0
    let acceptedBefore = 0
    const txs: string[] = []
    if (dryRun) {
      // the file's parts, each continuing the node's dry run of the parts before (its session): a tag sees its birth
      let session: string | undefined
      const parts = dryRunParts(events.map((e) => e.event))
      for (const [i, [k, end]] of parts.entries()) {
        const chunk = events.slice(k, end)
        if (parts.length > 1 && !o.json) process.stderr.write(say(`점검 중: ${k} / ${events.length}건 (${parts.length}개 부분 중 ${i + 1}번째)\n`, `checking: ${k} of ${events.length} (part ${i + 1} of ${parts.length})\n`))
        const r = await c.post<BatchRecord & { session: string }>('/api/v1/livestock/batch/check', { signer: pk, events: chunk.map((e) => e.event), ...(session !== undefined ? { session } : {}) })
        session = r.session
        const refusedAt = new Map(r.refused.map((x) => [x.index, x]))
        chunk.forEach((e, i) => {
          const x = refusedAt.get(i)
          settle(e.line, x?.code, x?.message)
        })
      }
    } else {
      // the journal: what earlier runs settled, and what they sent without knowing its outcome
      const journal = readJournal(progressPath)
      const fd = openSync(progressPath, 'a')
      const append = (r: Journal): void => {
        writeSync(fd, JSON.stringify(r) + '\n')
        fsyncSync(fd)
      }
      const settledLines = new Set<string>()
      const sent = new Map<string, Extract<Journal, { k: 'sent' }>>()
      const closed = new Set<string>()
      for (const r of journal) {
        if (r.k === 'sent') sent.set(r.tx, r)
        else closed.add(r.tx)
        if (r.k === 'done') {
          acceptedBefore += r.accepted
          const refusedHere = new Map(r.refused.map((x) => [x.h, x]))
          for (const l of sent.get(r.tx)?.lines ?? []) {
            settledLines.add(l.h)
            // a line of an earlier run keeps its outcome in this run's report (by its text, wherever it is now)
            const now = byHash.get(l.h)
            if (now) {
              const x = refusedHere.get(l.h)
              settle(now.line, x?.code, x?.message)
            }
          }
        }
      }
      const txStatus = async (hash: string): Promise<{ status: string; rejection?: { code: string; message: string } }> => {
        try {
          return await c.get(`/api/v1/txs/${hash}`)
        } catch (e) {
          if (e instanceof DaejangError && e.code === 'NOT_FOUND') return { status: 'unknown' }
          throw e
        }
      }
      /** Sends a signed batch (again, if it was sent before) and waits until it is committed or refused. */
      const commit = async (s: Extract<Journal, { k: 'sent' }>): Promise<void> => {
        for (let attempt = 0; ; attempt++) {
          let st = await txStatus(s.tx)
          if (st.status === 'unknown') {
            // never seen, or dropped before it was admitted for good: the same signed bytes again (its nonce is used once)
            const r = await c.post<{ results: Array<{ hash?: string; error?: { code: string; message: string } }> }>('/api/v1/txs/batch', { txs: [s.json] })
            const err = r.results[0]?.error
            if (err && err.code !== 'DUPLICATE_TX' && err.code !== 'MEMPOOL_FULL') {
              // not a line's fault (the key lacks every reporting role, the node is stopping): stop, a next run resumes here
              append({ k: 'dropped', tx: s.tx, code: err.code, message: err.message })
              throw new DaejangError(err.code as 'INTERNAL', err.message)
            }
            st = await txStatus(s.tx)
          }
          // wait until it is committed or refused (a condition, polled; the block interval decides how long)
          while (st.status !== 'committed' && st.status !== 'rejected' && st.status !== 'unknown') {
            await new Promise((r) => setTimeout(r, 100))
            st = await txStatus(s.tx)
          }
          if (st.status === 'committed') {
            const rec = await c.get<BatchRecord>(`/api/v1/livestock/batch/${s.tx}`)
            const refused = rec.refused.flatMap((x) => (s.lines[x.index] ? [{ n: s.lines[x.index]!.n, h: s.lines[x.index]!.h, code: x.code, message: x.message }] : []))
            append({ k: 'done', tx: s.tx, accepted: rec.accepted, refused })
            const refusedAt = new Map(rec.refused.map((x) => [x.index, x]))
            s.lines.forEach((l, i) => {
              settledLines.add(l.h)
              const now = byHash.get(l.h)
              if (now) settle(now.line, refusedAt.get(i)?.code, refusedAt.get(i)?.message)
            })
            acceptedNow += rec.accepted
            txs.push(s.tx)
            return
          }
          if (st.status === 'rejected') {
            // the whole transaction refused (not an event of it: those are recorded, not refused): nothing of it is on the ledger
            const code = st.rejection?.code ?? 'INTERNAL'
            append({ k: 'dropped', tx: s.tx, code, message: st.rejection?.message ?? '' })
            throw new DaejangError(code as 'INTERNAL', st.rejection?.message ?? 'the batch was refused')
          }
          await new Promise((r) => setTimeout(r, Math.min(2000, 200 * (attempt + 1))))
        }
      }
      try {
        // first what an earlier run sent and did not see settled
        for (const s of sent.values()) if (!closed.has(s.tx)) await commit(s)
        const todo = events.filter((e) => !settledLines.has(e.h))
        let nonce = Math.max((await c.get<{ nonce: number }>(`/api/v1/identity/keys/${pk}`)).nonce + 1, Date.now())
        const sign = (chunk: typeof todo): { tx: string; json: TxJson; bytes: number } => {
          const tx = makeTx(signer, { chainId: genesis.chainId, type: 'livestock.batch', payload: { events: chunk.map((e) => e.event) } as unknown as JsonValue, nonce: nonce++ })
          const json = txToJson(tx)
          const bytes = encodeTx(tx)
          return { tx: toHex(txHash(bytes)), json, bytes: bytes.length }
        }
        let done = 0
        for (let k = 0; k < todo.length; ) {
          let n = Math.min(batchSize, todo.length - k)
          let signed = sign(todo.slice(k, k + n))
          // under the chain's transaction size: halve until it fits (an event is a few hundred bytes)
          while (signed.bytes > maxTxBytes - 512 && n > 1) {
            n = Math.ceil(n / 2)
            signed = sign(todo.slice(k, k + n))
          }
          const chunk = todo.slice(k, k + n)
          const s: Extract<Journal, { k: 'sent' }> = { k: 'sent', tx: signed.tx, lines: chunk.map((e) => ({ n: e.line, h: e.h })), json: signed.json }
          append(s)
          await commit(s)
          k += n
          done += n
          const secs = Math.max((Date.now() - started) / 1000, 0.001)
          process.stderr.write(
            say(
              `신고 중: ${num(done)}/${num(todo.length)}건 보냄, ${num(acceptedNow)}건 반영 (초당 ${Math.round(done / secs)}건)\n`,
              `reporting: ${num(done)}/${num(todo.length)} events sent, ${num(acceptedNow)} accepted (${Math.round(done / secs)}/s)\n`,
            ),
          )
        }
      } finally {
        closeSync(fd)
      }
    }

    // the report: every refused or skipped line, in the file's order
    const all = [...outcomes.values()].sort((a, b) => a.line - b.line)
    const refused = all.filter((x) => x.status !== 'accepted')
    const accepted = all.filter((x) => x.status === 'accepted').length
    const typeWords = (t: string | null): string => (t ? catalogue.txTypeWords(t, lang) : '')
    const text = refused
      .map((r) => {
        const who = r.animal ? ` (${r.animal.startsWith('L') ? r.animal : formatAnimalNumber(r.animal)})` : ''
        const what = r.type ? ` ${typeWords(r.type)}` : ''
        return lang === 'ko'
          ? `${r.line}행${who}${what}: ${r.status === 'skipped' ? '건너뜀' : '거절'} — ${r.reason ?? ''} (상세(영문): ${r.detail ?? ''})`
          : `line ${r.line}${who}${what}: ${r.status === 'skipped' ? 'skipped' : 'refused'} — ${r.reason ?? ''} (${r.detail ?? ''})`
      })
      .join('\n')
    writeFileSync(reportPath, text === '' ? '' : text + '\n')
    const summary = {
      file,
      dryRun,
      lines: lines.length,
      events: events.length,
      accepted,
      acceptedNow,
      acceptedBefore,
      refused: refused.map((r) => ({ line: r.line, status: r.status, type: r.type, animal: r.animal, code: r.code, reason: r.reason, detail: r.detail })),
      txs,
      report: reportPath,
      ...(dryRun ? {} : { progress: progressPath }),
      seconds: (Date.now() - started) / 1000,
    }
    print(o, summary, () =>
      dryRun
        ? say(
            `점검 끝(보내지 않음): ${num(lines.length)}줄 중 ${num(accepted)}건 반영 가능, ${num(refused.length)}건 거절. 보고서: ${reportPath}`,
            `check finished (nothing sent): of ${num(lines.length)} lines, ${num(accepted)} would be accepted, ${num(refused.length)} refused. Report: ${reportPath}`,
          )
        : say(
            `일괄 신고 끝: ${num(lines.length)}줄 중 ${num(accepted)}건 반영 (이번 실행 ${num(acceptedNow)}건, 거래 ${num(txs.length)}건), ${num(refused.length)}건 거절·건너뜀. 보고서: ${reportPath}`,
            `batch finished: of ${num(lines.length)} lines, ${num(accepted)} accepted (${num(acceptedNow)} in this run, ${num(txs.length)} transactions), ${num(refused.length)} refused or skipped. Report: ${reportPath}`,
          ),
    )
  }
}
