/**
 * `daejang bundle export | import`: sneakernet bundles (docs/adr/0062), through the running node's API (the same
 * routes the app's Sneakernet screen uses: server/bundle-routes.ts), a chunk at a time.
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
        const made = await c.post<{ id: string; bytes: number; header: BundleHeader }>('/api/v1/bundles/export', body)
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
          }
        } catch (e) {
          closeSync(fd)
          rmSync(tmp, { force: true })
          throw e
        }
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
        const up = await c.post<{ id: string; chunkBytes: number }>('/api/v1/bundles/uploads', { bytes: size })
        const fd = openSync(file, 'r')
        try {
          const buf = Buffer.alloc(up.chunkBytes)
          for (let at = 0; at < size; ) {
            const n = readSync(fd, buf, 0, Math.min(up.chunkBytes, size - at), at)
            if (n === 0) break
            await c.post(`/api/v1/bundles/uploads/${up.id}/chunk`, { offset: at, data: buf.subarray(0, n).toString('base64url') })
            at += n
          }
        } finally {
          closeSync(fd)
        }
        const preview = await c.post<BundlePreview>(`/api/v1/bundles/uploads/${up.id}/preview`, {})
        if (o.dryRun) {
          print(o, { preview, applied: false }, () => `${messages[lang].import.preview}:\n${previewWords(preview, lang)}`)
          return
        }
        if (!o.json) process.stdout.write(`${messages[lang].import.preview}:\n${previewWords(preview, lang)}\n\n`)
        const r = await c.post<ImportResult>(`/api/v1/bundles/uploads/${up.id}/apply`, {})
        print(o, r, () => resultWords(r, lang))
      })(opts as never),
    )
}
