/**
 * `daejang backup create | restore | show` (docs/adr/0065): one encrypted file of a node — keys, config, genesis,
 * signing record, and with --with-store its store. A running node makes the backup itself (its store is locked by
 * it; server/backup/routes.ts); a stopped one is read here. Progress goes to stderr; --json prints one document.
 */
import { closeSync, createReadStream, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Command } from 'commander'
import type { Store } from '../../ledger/store/store'
import type { Home } from '../../ledger/node/home'
import { DaejangError } from '../../shared/errors'
import messages from '../../renderer/features/settings/backup/messages'
import type { BackupProgress } from '../backup/create'
import type { BackupSummary } from '../backup/restore'
import { makesBlocksAlone } from '../backup/alone'
import { backupError } from '../backup/format'
import { ApiClient } from './client'
import { act, home } from './context'
import { readPassphrase } from './keys'
import { type CliLang, cliLang } from './lang'
import { kv, print } from './output'

const fill = (text: string, values: Record<string, string | number>): string => text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m))
const mib = (n: number): string => (n < 1 << 20 ? `${Math.ceil(n / 1024)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`)

/** A progress line on stderr, at most a few a second (a terminal's line is rewritten in place). */
function progressLine(): { say(line: string): void; end(): void } {
  let last = 0
  let shown = false
  const tty = process.stderr.isTTY
  return {
    say(line) {
      const now = Date.now()
      if (now - last < 250) return
      last = now
      shown = true
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`)
    },
    end() {
      if (shown && tty) process.stderr.write('\n')
    },
  }
}

/** a backup's date in words: "2026년 12월 3일 21:14" / "3 December 2026 at 21:14" (this machine's time zone) */
export function dateWords(iso: string, lang: CliLang): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23' }).format(d)
}

export function summaryWords(s: BackupSummary, lang: CliLang = cliLang()): string {
  const m = messages[lang].show
  return (
    kv([
      [m.chain, s.label ? `${s.chainId} (${s.label})` : s.chainId],
      [m.nodeKey, s.nodeKey],
      [m.contents, s.withStore ? m.withStore : m.keysOnly],
      [m.height, s.height === null ? m.noStore : s.height],
      [m.created, dateWords(s.createdAt, lang)],
      [m.lastSigned, s.guard ? `${s.guard.height}/${s.guard.round}` : m.never],
    ]) + `\n${m.unverified}`
  )
}

/** The running node's API client, or null when the home's node is not running. */
async function runningNode(h: Home): Promise<ApiClient | null> {
  const info = h.readApiInfo()
  if (!info) return null
  const c = new ApiClient(info.url, info.token)
  try {
    await c.get('/api/v1/status')
    return c
  } catch {
    return null
  }
}

interface JobView {
  id: string
  phase: BackupProgress['phase']
  entries: number
  written: number
  done: boolean
  error: { code: string; message: string } | null
  bytes: number
  header: BackupSummary | null
}

async function createThroughNode(c: ApiClient, passphrase: string, withStore: boolean, out: string, say: (p: BackupProgress) => void): Promise<{ bytes: number; header: BackupSummary }> {
  let j = await c.post<JobView>('/api/v1/backups', { passphrase, withStore })
  while (!j.done) {
    await new Promise((r) => setTimeout(r, 200))
    j = await c.get<JobView>(`/api/v1/backups/${j.id}`)
    say({ phase: j.phase, entries: j.entries, bytes: j.written, storeBytes: 0 })
  }
  if (j.error) throw new DaejangError(j.error.code, j.error.message)
  const tmp = `${out}.part`
  const fd = openSync(tmp, 'w', 0o600)
  try {
    for (let at = 0; at < j.bytes; ) {
      const ch = await c.get<{ data: string }>(`/api/v1/backups/${j.id}/file?offset=${at}`)
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
  await c.post(`/api/v1/backups/${j.id}/discard`, {}).catch(() => undefined)
  return { bytes: j.bytes, header: j.header! }
}

async function openStoreHere(h: Home): Promise<Store> {
  const { Store } = await import('../../ledger/store/store')
  const store = new Store(join(h.dataDir, 'chain'))
  try {
    await store.open()
  } catch (e) {
    const text = `${(e as Error).message} ${String((e as { cause?: unknown }).cause ?? '')}`
    if (/lock/i.test(text)) throw new DaejangError('BACKUP_NODE_RUNNING', `the store of ${h.dir} is in use by a running node; start it, or stop it, and try again`)
    throw e
  }
  return store
}

/** The backup code, loaded by the commands that use it: the CLI's start loads no store (test/integration/cli-build). */
async function backupCode(): Promise<typeof import('../backup/create') & typeof import('../backup/restore') & typeof import('../backup/routes')> {
  const [create, restore, routes] = await Promise.all([import('../backup/create'), import('../backup/restore'), import('../backup/routes')])
  return { ...create, ...restore, ...routes }
}

async function passphraseOf(file: string | undefined): Promise<string> {
  const { requirePassphrase, MIN_BACKUP_PASSPHRASE } = await backupCode()
  const p = requirePassphrase(readPassphrase(file))
  if ([...p].length < MIN_BACKUP_PASSPHRASE) throw backupError('BACKUP_WEAK_PASSPHRASE', `a backup passphrase has at least ${MIN_BACKUP_PASSPHRASE} characters`)
  return p
}

export function addBackupCommands(program: Command): void {
  const backup = program.command('backup').description("one encrypted backup file of a node: its keys, config, genesis, signing record and optionally its store")

  backup
    .command('create')
    .description('write the backup of a node (a running node makes it from a snapshot of its store)')
    .requiredOption('--home <dir>', 'node home directory')
    .requiredOption('--out <file>', 'the backup file to write')
    .option('--with-store', "include the node's store (its copy of the ledger)")
    .option('--keys-only-anyway', 'make a backup without the ledger even of a node that makes blocks alone (its ledger is then nowhere else)')
    .option('--passphrase-file <file>', 'the backup passphrase (default: $DAEJANG_PASSPHRASE)')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const h = home(o)
        h.requireExists()
        const lang = cliLang()
        const pass = await passphraseOf(o.passphraseFile as string | undefined)
        const { createBackupFile, summaryOf } = await backupCode()
        const out = o.out as string
        const withStore = o.withStore === true
        if (!withStore && makesBlocksAlone(h.readGenesis(), h.readKey('node').publicKey)) {
          if (o.keysOnlyAnyway !== true) {
            throw backupError('BACKUP_LEDGER_NOWHERE_ELSE', 'this node makes blocks alone (the local consortium, or more than 2/3 of the power): a backup without --with-store could never get its ledger back; add --with-store (or --keys-only-anyway)')
          }
          process.stderr.write(`${messages[lang].cli.aloneWarning}\n`)
        }
        const line = progressLine()
        const say = (p: BackupProgress): void => line.say(fill(messages[lang].cli.creating, { entries: p.entries, bytes: mib(p.bytes) }))
        let result: { bytes: number; header: BackupSummary }
        const c = await runningNode(h)
        try {
          if (c) result = await createThroughNode(c, pass, withStore, out, say)
          else {
            const store = withStore ? await openStoreHere(h) : null
            try {
              const r = await createBackupFile({ home: h, passphrase: pass, store, onProgress: say }, out)
              result = { bytes: r.bytes, header: summaryOf(r.claims) }
            } finally {
              await store?.close()
            }
          }
        } finally {
          line.end()
        }
        const m = messages[lang].cli
        print(o, { file: out, bytes: result.bytes, header: result.header }, () =>
          result.header.withStore
            ? fill(m.created, { file: out, bytes: mib(result.bytes), height: result.header.height ?? 0 })
            : fill(m.createdNoStore, { file: out, bytes: mib(result.bytes) }),
        )
      }),
    )

  backup
    .command('restore')
    .description('restore a node from its backup into an empty home (checks the whole file before anything is written)')
    .requiredOption('--home <dir>', 'the new home directory (absent or empty)')
    .requiredOption('--from <file>', 'the backup file')
    .option('--passphrase-file <file>', 'the backup passphrase (default: $DAEJANG_PASSPHRASE)')
    .option('--chain-id <id>', 'refuse a backup of another chain')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const lang = cliLang()
        const file = o.from as string
        let size: number
        try {
          size = statSync(file).size
        } catch (e) {
          throw new DaejangError('FILE_UNREADABLE', `${file}: ${(e as Error).message}`)
        }
        const { requirePassphrase, restoreFromBackup } = await backupCode()
        const pass = requirePassphrase(readPassphrase(o.passphraseFile as string | undefined))
        const m = messages[lang].cli
        const line = progressLine()
        let r
        try {
          r = await restoreFromBackup(
            (o.home as string),
            createReadStream(file, { highWaterMark: 1 << 20 }),
            pass,
            (p) => line.say(p.phase === 'check' ? m.checking : fill(m.restoring, { pct: size > 0 ? Math.floor((100 * p.bytes) / size) : 100, entries: p.entries })),
            { total: size, ...(o.chainId ? { expectChainId: o.chainId as string } : {}) },
          )
        } finally {
          line.end()
        }
        const done = r
        print(o, done, () =>
          [
            done.withStore
              ? fill(m.restored, { home: done.home, chain: done.chainId, height: done.height ?? 0 })
              : fill(m.restoredNoStore, { home: done.home, chain: done.chainId }),
            fill(m.next, { home: done.home }),
          ].join('\n'),
        )
      }),
    )

  backup
    .command('show')
    .description('what a backup file says it holds (its header; no passphrase needed)')
    .argument('<file>', 'the backup file')
    .option('--json', 'JSON output')
    .action(async (file: string, opts: Record<string, unknown>) =>
      act(async (o) => {
        try {
          statSync(file)
        } catch (e) {
          throw new DaejangError('FILE_UNREADABLE', `${file}: ${(e as Error).message}`)
        }
        const { readBackupHeader } = await backupCode()
        const s = await readBackupHeader(createReadStream(file, { end: 64 << 10 }))
        print(o, s, () => summaryWords(s))
      })(opts as never),
    )
}
