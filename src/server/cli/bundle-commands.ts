/**
 * `daejang bundle export | import`: sneakernet bundles (docs/adr/0062), through the running node's API (the same
 * routes the app's Sneakernet screen uses: server/bundle-routes.ts), a chunk at a time, saying how far it is on
 * stderr (stdout keeps the result, and --json its one object) in the language of --lang.
 */
import { closeSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import type { Command } from 'commander'
import type { BundleHeader } from '../../ledger/bundle/format'
import type { BundlePreview, ImportResult } from '../../ledger/bundle/import'
import { DaejangError } from '../../shared/errors'
import { resolveParticles } from '../../shared/particles'
import messages from '../../renderer/features/sneakernet/messages'
import { act, client } from './context'
import { type CliLang, cliLang } from './lang'
import { kv, print } from './output'

const fill = (text: string, values: Record<string, string | number>): string =>
  resolveParticles(text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m)))

type Job = { phase: string; done: number; total: number }
type Client = ReturnType<typeof client>

/**
 * Progress on stderr: on a terminal one line rewritten in place; else (a log, a pipe) a line when the phase changes
 * and at most one a second within it, and always the last of each phase (`final`).
 */
export function progressLine(stream: Pick<NodeJS.WriteStream, 'write' | 'isTTY'> = process.stderr, now: () => number = Date.now) {
  let last = ''
  let lastAt = 0
  let lastPhase = ''
  return {
    show(phase: string, text: string, final = false): void {
      if (text === last) return
      if (stream.isTTY) stream.write(`\r\x1b[K${text}`)
      else if (final || phase !== lastPhase || now() - lastAt >= 1_000) stream.write(`${text}\n`)
      else return
      last = text
      lastAt = now()
      lastPhase = phase
    },
    end(): void {
      if (stream.isTTY && last !== '') stream.write('\r\x1b[K')
      last = ''
    },
  }
}

const pct = (done: number, total: number): number => (total > 0 ? Math.floor((done * 100) / total) : 100)

/** Runs the node's work on a bundle file, showing its job's progress (GET /api/v1/bundles/jobs/:id) until it ends. */
async function following<T>(c: Client, id: string, work: Promise<T>, show: (job: Job, final: boolean) => void): Promise<T> {
  let over = false
  const ended = work.then(
    () => undefined,
    () => undefined,
  )
  const poll = (async () => {
    while (!over) {
      await Promise.race([ended, new Promise((r) => setTimeout(r, 250))])
      if (over) break
      const job = await c.get<Job>(`/api/v1/bundles/jobs/${id}`).catch(() => null)
      if (job && !over) show(job, false)
    }
  })()
  try {
    const r = await work
    // the last state of the work, however quickly it went (a job gone once applied says nothing more)
    const job = await c.get<Job>(`/api/v1/bundles/jobs/${id}`).catch(() => null)
    if (job) show(job, true)
    return r
  } finally {
    over = true
    await poll
  }
}

const mib = (n: number): string => (n < 1 << 20 ? `${Math.ceil(n / 1024)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`)

/** What a bundle holds and what it would change, in words. */
export function previewWords(p: BundlePreview, lang: CliLang = cliLang()): string {
  const m = messages[lang].preview
  const rows: Array<[string, unknown]> = [
    [m.kind, p.kind === 'blocks' ? m.kindBlocks : m.kindPending],
    [m.exporter, { validator: m.exporterValidator, workstation: m.exporterWorkstation, unknown: m.exporterUnknown }[p.exporterRole]],
    [m.created, new Date(p.createdAt).toISOString()],
  ]
  if (p.kind === 'blocks') {
    rows.push([m.heights, fill(m.heightsValue, { from: p.from, to: p.to })])
    rows.push([m.head, p.head])
    rows.push([m.newHeights, p.newFrom === null ? m.none : fill(m.newHeightsValue, { from: p.newFrom, to: p.newTo ?? p.newFrom, n: p.newBlocks })])
  } else rows.push([m.known, fill(m.count, { n: p.alreadyKnown })])
  rows.push([m.txs, fill(m.count, { n: p.newTxs })])
  let out = kv(rows)
  if (p.byRegistry.length > 0) out += `\n${m.byRegistry}:\n` + p.byRegistry.map((r) => `  ${r.words[lang]}: ${fill(m.count, { n: r.count })}`).join('\n')
  if (p.upToDate) out += '\n' + messages[lang].import.upToDate
  return out
}

export function resultWords(r: ImportResult, lang: CliLang = cliLang()): string {
  const m = messages[lang].import
  const lines: string[] = []
  if (r.kind === 'blocks') lines.push(r.appliedBlocks > 0 ? fill(m.applied, { blocks: r.appliedBlocks, height: r.headAfter }) : m.upToDate)
  else {
    lines.push(fill(m.admitted, { n: r.admitted }))
    if (r.refused.length > 0) lines.push(fill(m.refused, { n: r.refusedCount }), ...r.refused.map((f) => `  ${f.hash.slice(0, 16)}…  ${f.words[lang]}`))
  }
  return lines.join('\n')
}

export function addBundleCommands(program: Command): void {
  const bundle = program.command('bundle').description('signed bundles for air-gapped sites (sneakernet)')

  bundle
    .command('export')
    .description('write a signed bundle: blocks with their commits from a height (connected node), or this node\'s pending transactions (--pending)')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--out <file>', 'the bundle file to write')
    .option('--from <height>', 'first block height', (v) => Number(v))
    .option('--to <height>', 'last block height (default: the head)', (v) => Number(v))
    .option('--pending', 'the pending transactions of this node instead of blocks')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const c = client(o)
        const lang = cliLang()
        if (!o.pending && o.from === undefined) throw new DaejangError('SCHEMA_INVALID', 'give --from HEIGHT (blocks) or --pending')
        if (o.pending && (o.from !== undefined || o.to !== undefined)) throw new DaejangError('SCHEMA_INVALID', '--pending takes no heights')
        for (const k of ['from', 'to'] as const) {
          if (o[k] !== undefined && (!Number.isSafeInteger(o[k]) || (o[k] as number) < 1)) throw new DaejangError('SCHEMA_INVALID', `--${k} is a block height (1 or more)`)
        }
        const body = o.pending ? { kind: 'pending' } : { kind: 'blocks', from: o.from, ...(o.to !== undefined ? { to: o.to } : {}) }
        const line = progressLine()
        const m = messages[lang].export
        const made = await c.post<{ id: string; bytes: number; header: BundleHeader }>('/api/v1/bundles/export', body)
        line.show('export', fill(m.working, { done: made.header.blocks + made.header.txs, total: made.header.blocks + made.header.txs }), true)
        const out = o.out as string
        const tmp = `${out}.part`
        const fd = openSync(tmp, 'w', 0o600)
        try {
          for (let at = 0; at < made.bytes; ) {
            const ch = await c.get<{ data: string; done: boolean }>(`/api/v1/bundles/files/${made.id}?offset=${at}`)
            const buf = Buffer.from(ch.data, 'base64url')
            if (buf.length === 0) throw new DaejangError('INTERNAL', 'the node sent an empty chunk')
            writeSync(fd, buf, 0, buf.length, at)
            at += buf.length
            line.show('download', fill(m.downloading, { pct: pct(at, made.bytes) }), at >= made.bytes)
          }
        } catch (e) {
          closeSync(fd)
          rmSync(tmp, { force: true })
          line.end()
          throw e
        }
        line.end()
        closeSync(fd)
        renameSync(tmp, out)
        const h = made.header
        print(o, { file: out, bytes: made.bytes, header: h }, () => fill(messages[lang].export.done, { blocks: h.blocks, txs: h.txs, bytes: mib(made.bytes) }) + `\n${out}`)
      }),
    )

  bundle
    .command('import')
    .description('verify a bundle (every commit, before anything is applied), show what it will apply, and apply it')
    .argument('<file>', 'the bundle file')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--dry-run', 'verify and show, apply nothing')
    .option('--json', 'JSON output')
    .action(async (file: string, opts: Record<string, unknown>) =>
      act(async (o) => {
        const c = client(o)
        const lang = cliLang()
        let size: number
        try {
          size = statSync(file).size
        } catch (e) {
          throw new DaejangError('FILE_UNREADABLE', `${file}: ${(e as Error).message}`)
        }
        if (size === 0) throw new DaejangError('BUNDLE_TRUNCATED', 'the file is empty')
        const m = messages[lang].import
        const line = progressLine()
        const shown = (job: Job, final: boolean): void => {
          if (job.phase === 'verify') line.show('verify', fill(m.verifying, { done: job.done, total: job.total }), final)
          else if (job.phase === 'apply') line.show('apply', fill(m.applying, { done: job.done, total: job.total }), final)
        }
        const up = await c.post<{ id: string; chunkBytes: number }>('/api/v1/bundles/uploads', { bytes: size })
        const fd = openSync(file, 'r')
        let preview: BundlePreview
        try {
          const buf = Buffer.alloc(up.chunkBytes)
          for (let at = 0; at < size; ) {
            const n = readSync(fd, buf, 0, Math.min(up.chunkBytes, size - at), at)
            if (n === 0) break
            await c.post(`/api/v1/bundles/uploads/${up.id}/chunk`, { offset: at, data: buf.subarray(0, n).toString('base64url') })
            at += n
            line.show('upload', fill(m.uploading, { pct: pct(at, size) }), at >= size)
          }
          closeSync(fd)
          preview = await following(c, up.id, c.post<BundlePreview>(`/api/v1/bundles/uploads/${up.id}/preview`, {}), shown)
        } catch (e) {
          line.end()
          throw e
        } finally {
          try {
            closeSync(fd)
          } catch {
            // closed above
          }
        }
        line.end()
        if (o.dryRun) {
          print(o, { preview, applied: false }, () => `${messages[lang].import.preview}:\n${previewWords(preview, lang)}`)
          return
        }
        if (!o.json) process.stdout.write(`${messages[lang].import.preview}:\n${previewWords(preview, lang)}\n\n`)
        let r: ImportResult
        try {
          r = await following(c, up.id, c.post<ImportResult>(`/api/v1/bundles/uploads/${up.id}/apply`, {}), shown)
          // an applied upload is gone from the node, and its job with it: the last line from the result
          if (r.kind === 'blocks' && r.appliedBlocks > 0) line.show('apply', fill(m.applying, { done: r.appliedBlocks, total: r.appliedBlocks }), true)
        } finally {
          line.end()
        }
        print(o, r, () => resultWords(r, lang))
      })(opts as never),
    )
}
