/**
 * Restoring a node from its backup (docs/adr/0065), on a new machine: into an empty home only, never over a node.
 *
 * The backup is read once, as a stream (a store can be GBs): every part is authenticated before its records are
 * used, and what they hold is written into a staging folder beside the home — never the home itself. Only when the
 * whole file has been read (its last part authenticated, nothing after it) and what it holds agrees with its header
 * (chain, genesis, node key, the store's height) is the staging folder moved into place, in one rename. On any
 * refusal the staging folder is removed: nothing is written to the home.
 *
 * A restored home carries the restore fence (fence.ts): the node signs nothing until it has caught up with its
 * peers. Then it starts as any node does and fetches from its peers the blocks it lacks (all of them, from height
 * 0, when the backup holds no store).
 *
 *   restoreFromBackup(home, source, passphrase, onProgress) — for the CLI, the API and the first-run screen
 *   readBackupHeader(source)                                  — what a backup says it holds, before any passphrase
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { Level } from 'level'
import { decodeCanonical } from '../../ledger/codec/canonical'
import { FileGuardStore, syncDir } from '../../ledger/consensus/guard-file'
import { parseKeyFile, unlockSeed } from '../../ledger/crypto/keystore'
import { ConfigSchema, Home } from '../../ledger/node/home'
import { parseGenesis } from '../../ledger/types/genesis'
import { DaejangError, toDaejangError } from '../../shared/errors'
import { FENCE_FILE, writeFence } from './fence'
import { type BackupHeader, type ByteSource, type HeaderClaims, ByteReader, RECORD_FILE, backupError, readHeader, readRecords } from './format'

export type { BackupHeader } from './format'

export interface RestoreProgress {
  phase: 'restore' | 'check' | 'done'
  /** bytes of the backup read so far */
  bytes: number
  /** the backup's size, when the caller knows it */
  total: number | null
  /** store entries written so far */
  entries: number
}

export interface RestoreOptions {
  /** refuse a backup of another chain (BACKUP_OTHER_CHAIN), e.g. when the person chose a consortium first */
  expectChainId?: string
  /** the backup's size in bytes (progress) */
  total?: number
}

export interface RestoreResult {
  home: string
  chainId: string
  nodeKey: string
  /** the store's height restored (null: no store, the node syncs from height 0) */
  height: number | null
  withStore: boolean
  createdAt: string
  files: number
  entries: number
}

/** What a backup says it holds (its header, in clear: not yet authenticated — a restore checks it). */
export interface BackupSummary {
  chainId: string
  nodeKey: string
  label: string | null
  height: number | null
  withStore: boolean
  createdAt: string
  guard: BackupHeader['guard']
}

export const summaryOf = (h: HeaderClaims): BackupSummary => ({
  chainId: h.chainId,
  nodeKey: h.nodeKey,
  label: h.label,
  height: h.height,
  withStore: h.withStore,
  createdAt: h.createdAt,
  guard: h.guard,
})

export async function readBackupHeader(source: ByteSource): Promise<BackupSummary> {
  const r = new ByteReader(source)
  try {
    return summaryOf((await readHeader(r)).header)
  } finally {
    await r.close()
  }
}

/**
 * Refuse a target that is not an empty folder (or absent). A folder holding a node of another chain than the
 * backup's is said so; any other content is "not empty".
 */
function checkTarget(dir: string, chainId: string): void {
  if (!existsSync(dir)) return
  if (!statSync(dir).isDirectory()) throw backupError('BACKUP_HOME_NOT_EMPTY', `${dir} is a file, not a folder`)
  const names = readdirSync(dir)
  if (names.length === 0) return
  const g = join(dir, 'genesis.json')
  if (existsSync(g)) {
    let other: string | null = null
    try {
      other = parseGenesis(JSON.parse(readFileSync(g, 'utf8'))).chainId
    } catch {
      other = null
    }
    if (other !== null && other !== chainId) throw backupError('BACKUP_OTHER_CHAIN', `${dir} holds a node of chain ${other}; the backup is of chain ${chainId}`)
  }
  throw backupError('BACKUP_HOME_NOT_EMPTY', `${dir} is not empty (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); a backup is restored only into an empty home`)
}

const corrupt = (m: string): DaejangError => backupError('BACKUP_CORRUPT', m)

/** What the staged home holds agrees with the authenticated header; else BACKUP_CORRUPT. */
async function checkStaged(stage: string, h: BackupHeader): Promise<void> {
  const read = (rel: string): Buffer => {
    const p = join(stage, rel)
    if (!existsSync(p)) throw corrupt(`the backup holds no ${rel}`)
    return readFileSync(p)
  }
  const gBytes = read('genesis.json')
  if (createHash('sha256').update(gBytes).digest('hex') !== h.genesisHash) throw corrupt('genesis.json is not the one the header names')
  let chainId: string
  try {
    chainId = parseGenesis(JSON.parse(gBytes.toString('utf8'))).chainId
  } catch {
    throw corrupt('genesis.json is not a valid genesis document')
  }
  if (chainId !== h.chainId) throw corrupt('genesis.json is of another chain than the header says')
  try {
    const k = parseKeyFile(JSON.parse(read('keys/node.json').toString('utf8')))
    if (k.publicKey !== h.nodeKey) throw corrupt('the node key is not the one the header names')
    unlockSeed(k)
  } catch (e) {
    throw toDaejangError(e).code === 'BACKUP_CORRUPT' ? e : corrupt('the node key file is not valid')
  }
  if (existsSync(join(stage, 'config.json'))) {
    let ok = false
    try {
      ok = ConfigSchema.safeParse(JSON.parse(readFileSync(join(stage, 'config.json'), 'utf8'))).success
    } catch {
      ok = false
    }
    if (!ok) throw corrupt('config.json is not a valid node configuration')
  }
  const guard = join(stage, 'data', 'consensus', 'sign-guard')
  if (existsSync(guard)) {
    try {
      new FileGuardStore(guard).load()
    } catch {
      throw corrupt('the signing guard is not valid')
    }
  }
  if (!h.withStore) return
  const db = new Level<string, Uint8Array>(join(stage, 'data', 'chain'), { keyEncoding: 'utf8', valueEncoding: 'view', createIfMissing: false })
  try {
    await db.open()
    const head = await db.get('meta/head')
    const g = await db.get('meta/genesis')
    let height = -1
    let storeChain = ''
    try {
      if (head !== undefined) height = (decodeCanonical(head) as [number])[0]
      if (g !== undefined) storeChain = parseGenesis(JSON.parse(Buffer.from(g).toString('utf8'))).chainId
    } catch {
      throw corrupt('the store\'s head or genesis is not readable')
    }
    if (height !== h.height) throw corrupt(`the store is at height ${height}; the header says ${h.height}`)
    if (storeChain !== h.chainId) throw corrupt('the store is of another chain than the header says')
  } catch (e) {
    throw toDaejangError(e).code === 'BACKUP_CORRUPT' ? e : corrupt(`the store cannot be opened: ${(e as Error).message}`)
  } finally {
    await db.close().catch(() => undefined)
  }
}

const STORE_BATCH_BYTES = 8 << 20

export async function restoreFromBackup(
  home: string,
  source: ByteSource,
  passphrase: string,
  onProgress?: (p: RestoreProgress) => void,
  opts: RestoreOptions = {},
): Promise<RestoreResult> {
  const target = resolve(home)
  const reader = new ByteReader(source)
  let stage: string | null = null
  let db: Level<Uint8Array, Uint8Array> | null = null
  try {
    const opened = await readHeader(reader)
    const h = opened.header
    checkTarget(target, h.chainId)
    if (opts.expectChainId !== undefined && opts.expectChainId !== h.chainId) {
      throw backupError('BACKUP_OTHER_CHAIN', `the backup is of chain ${h.chainId}, not ${opts.expectChainId}`)
    }
    const total = opts.total ?? null
    const records = readRecords(reader, opened, passphrase)
    // the passphrase is checked (and the first part read) before anything is made on disk
    let next = await records.next()
    stage = join(dirname(target), `.${basename(target)}.restoring-${randomBytes(6).toString('hex')}`)
    mkdirSync(stage, { recursive: true, mode: 0o700 })
    if (h.withStore) {
      mkdirSync(join(stage, 'data'), { recursive: true, mode: 0o700 })
      db = new Level<Uint8Array, Uint8Array>(join(stage, 'data', 'chain'), { keyEncoding: 'view', valueEncoding: 'view' })
      await db.open()
    }
    let batch = db?.batch() ?? null
    let batchBytes = 0
    let entries = 0
    const seen = new Set<string>()
    while (!next.done) {
      const rec = next.value
      if (rec.kind === RECORD_FILE) {
        const rel = rec.a.toString('utf8')
        if (seen.has(rel)) throw corrupt(`the backup holds ${rel} twice`)
        seen.add(rel)
        const p = join(stage, rel)
        mkdirSync(dirname(p), { recursive: true, mode: 0o700 })
        writeFileSync(p, rec.b, { mode: 0o600, flag: 'wx' })
      } else {
        if (!batch) throw corrupt('the backup holds store entries but its header says it has no store')
        batch.put(rec.a, rec.b)
        batchBytes += rec.a.length + rec.b.length
        entries++
        if (batchBytes >= STORE_BATCH_BYTES) {
          await batch.write()
          batch = db!.batch()
          batchBytes = 0
          onProgress?.({ phase: 'restore', bytes: reader.offset, total, entries })
        }
      }
      next = await records.next()
    }
    const totals = next.value
    if (batch) await batch.write({ sync: true })
    if (db) await db.close()
    db = null
    if (h.withStore && entries === 0) throw corrupt('the header says the backup holds a store, and it holds none')
    onProgress?.({ phase: 'check', bytes: reader.offset, total, entries })
    await checkStaged(stage, h)
    mkdirSync(join(stage, 'data', 'consensus'), { recursive: true, mode: 0o700 })
    writeFence(join(stage, 'data', 'consensus', FENCE_FILE), {
      format: 'daejang-restore-fence/1',
      backupHeight: h.height,
      restoredAt: new Date().toISOString(),
      floor: null,
    })
    // the home is checked again just before the move: something may have appeared there meanwhile
    checkTarget(target, h.chainId)
    if (existsSync(target)) rmdirSync(target)
    renameSync(stage, target)
    stage = null
    syncDir(dirname(target))
    onProgress?.({ phase: 'done', bytes: reader.offset, total, entries })
    new Home(target).requireExists()
    return {
      home: target,
      chainId: h.chainId,
      nodeKey: h.nodeKey,
      height: h.height,
      withStore: h.withStore,
      createdAt: h.createdAt,
      files: totals.files,
      entries: totals.entries,
    }
  } finally {
    if (db) await db.close().catch(() => undefined)
    if (stage) rmSync(stage, { recursive: true, force: true })
    await reader.close().catch(() => undefined)
  }
}
