/**
 * Making a node's backup (docs/adr/0065): the home's keys, config, genesis and signing guard, and — when asked — its
 * store, read from one LevelDB snapshot (Store.snapshotEntries) so that a node that goes on committing blocks while
 * the backup is written is copied as it was at one moment, never torn. Written through a sink, so a store of many
 * GB streams to a file (or an HTTP answer) without being held in memory.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { FileGuardStore } from '../../ledger/consensus/guard-file'
import type { Home } from '../../ledger/node/home'
import type { Store } from '../../ledger/store/store'
import { DaejangError } from '../../shared/errors'
import { backupError, BackupWriter, type HeaderClaims, type SCRYPT_DEFAULT, type Sink } from './format'

export interface BackupProgress {
  phase: 'files' | 'store' | 'done'
  /** store entries copied */
  entries: number
  /** bytes written to the backup so far */
  bytes: number
  /** the store's size on disk (an estimate of the work: the backup is about as large) */
  storeBytes: number
}

export interface CreateOptions {
  home: Home
  passphrase: string
  /** the node's open store (the running node's, or one opened for the backup); null: keys and config only */
  store: Store | null
  onProgress?: (p: BackupProgress) => void
  /** tests and benches */
  chunkBytes?: number
  scrypt?: typeof SCRYPT_DEFAULT
}

export interface CreateResult {
  claims: HeaderClaims
  files: number
  entries: number
  bytes: number
}

/** bytes of the files under a folder (the store's size on disk) */
export function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0
  let n = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) n += folderBytes(p)
    else if (e.isFile()) n += statSync(p).size
  }
  return n
}

/** The home's files a backup carries, as [path in the home, bytes]. */
function homeFiles(home: Home, withActivity: boolean): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = []
  const add = (rel: string): void => {
    const p = join(home.dir, rel)
    if (existsSync(p)) out.push([rel, readFileSync(p)])
  }
  add('genesis.json')
  add('config.json')
  if (existsSync(home.keysDir)) {
    for (const f of readdirSync(home.keysDir).sort()) if (/^[a-zA-Z0-9_-]{1,64}\.json$/.test(f)) add(`keys/${f}`)
  }
  add('data/consensus/sign-guard')
  if (withActivity) add('data/activity.jsonl')
  return out
}

export async function createBackup(o: CreateOptions, sink: Sink): Promise<CreateResult> {
  const { home } = o
  home.requireExists()
  const genesis = home.readGenesis()
  const nodeKey = home.readKey('node')
  const guardPath = join(home.consensusDir, 'sign-guard')
  let guard: HeaderClaims['guard'] = null
  if (existsSync(guardPath)) {
    const g = new FileGuardStore(guardPath).load()
    if (g) guard = { height: g.height, round: g.round, step: g.step }
  }
  // the snapshot is taken first: the height in the header is the snapshot's
  let snapshot = o.store ? await o.store.openSnapshot() : null
  if (snapshot && snapshot.height === null) {
    // an empty store (a node that has made or fetched no block yet): nothing of the ledger to carry, so the backup
    // is written as keys and config only, and its header says so (a restore then accepts it)
    await snapshot.close()
    snapshot = null
  }
  const files = homeFiles(home, snapshot !== null)
  const genesisBytes = files.find(([p]) => p === 'genesis.json')?.[1]
  if (!genesisBytes) throw new DaejangError('HOME_MISSING', `${home.dir} holds no genesis.json`)
  const height = snapshot ? (snapshot.height ?? 0) : null
  const claims: HeaderClaims = {
    chainId: genesis.chainId,
    genesisHash: createHash('sha256').update(genesisBytes).digest('hex'),
    nodeKey: nodeKey.publicKey,
    label: genesis.label ?? null,
    height,
    createdAt: new Date().toISOString(),
    withStore: snapshot !== null,
    guard,
  }
  try {
    const w = await BackupWriter.open(sink, claims, o.passphrase, {
      ...(o.chunkBytes ? { chunkBytes: o.chunkBytes } : {}),
      ...(o.scrypt ? { scrypt: o.scrypt } : {}),
    })
    const storeBytes = snapshot ? folderBytes(join(home.dataDir, 'chain')) : 0
    const progress = (phase: BackupProgress['phase'], entries: number): void => o.onProgress?.({ phase, entries, bytes: w.outBytes, storeBytes })
    progress('files', 0)
    for (const [p, b] of files) await w.file(p, b)
    let entries = 0
    if (snapshot) {
      for await (const batch of snapshot.entries()) {
        for (const [k, v] of batch) await w.kv(k, v)
        entries += batch.length
        progress('store', entries)
      }
    }
    const t = await w.finish()
    progress('done', entries)
    return { claims, files: t.files, entries: t.entries, bytes: t.bytes }
  } finally {
    // entries() closes the snapshot at its end; a backup that failed before or during it closes it here
    await snapshot?.close().catch(() => undefined)
  }
}

/** Write a backup to a file (through a temporary name, renamed once whole). */
export async function createBackupFile(o: CreateOptions, out: string): Promise<CreateResult> {
  const tmp = `${out}.part`
  const fh = await open(tmp, 'w', 0o600)
  let r: CreateResult
  try {
    r = await createBackup(o, async (b) => {
      await fh.write(b)
    })
    await fh.sync()
  } catch (e) {
    await fh.close()
    rmSync(tmp, { force: true })
    throw e
  }
  await fh.close()
  renameSync(tmp, out)
  return r
}

export function requirePassphrase(p: string | undefined): string {
  if (p === undefined || p.length === 0) throw backupError('BACKUP_NO_PASSPHRASE', 'a backup needs a passphrase (--passphrase-file, or DAEJANG_PASSPHRASE)')
  return p
}
