/**
 * The API of node backups (docs/adr/0065), for the app's Settings screen and for `daejang backup create` while the
 * node runs (its store is locked by the node: the backup is made by the node, from a snapshot of its store):
 *
 *   POST /api/v1/backups                  start a backup (passphrase, with or without the store)
 *   GET  /api/v1/backups/:id              its progress; once done, its size and what its header says
 *   GET  /api/v1/backups/:id/file?offset  the file, a chunk at a time (base64url), as bundles are read
 *   POST /api/v1/backups/:id/discard      remove the file from the node's home once saved
 *
 * One backup at a time; the file lives in the home's backups/ folder (emptied when the node starts) until it is
 * discarded or the next backup begins. The passphrase goes no further than the key derivation.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { Home } from '../../ledger/node/home'
import { DaejangError, toDaejangError } from '../../shared/errors'
import { backupError } from './format'
import type { Route } from '../route-types'
import { type BackupProgress, createBackupFile } from './create'
import { type BackupSummary, summaryOf } from './restore'

export const BACKUP_CHUNK_BYTES = 1 << 20
export const MIN_BACKUP_PASSPHRASE = 12

interface Job {
  id: string
  path: string
  progress: BackupProgress
  done: boolean
  error: { code: string; message: string } | null
  bytes: number
  header: BackupSummary | null
}

let current: Job | null = null
const cleared = new Set<string>()

function dirOf(home: Home | null): string {
  if (!home) throw new DaejangError('NOT_LOCAL', 'a backup needs a node that runs from its home')
  const d = join(home.dir, 'backups')
  if (!cleared.has(d)) {
    rmSync(d, { recursive: true, force: true })
    cleared.add(d)
  }
  mkdirSync(d, { recursive: true, mode: 0o700 })
  return d
}

function job(id: string): Job {
  if (!current || current.id !== id) throw new DaejangError('NOT_FOUND', 'no such backup on this node (it may have been discarded)')
  return current
}

const idParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'a backup id') })

const view = (j: Job) => ({
  id: j.id,
  phase: j.progress.phase,
  entries: j.progress.entries,
  written: j.progress.bytes,
  storeBytes: j.progress.storeBytes,
  done: j.done,
  error: j.error,
  bytes: j.bytes,
  header: j.header,
})

export const BACKUP_ROUTES: Route[] = [
  {
    method: 'POST',
    path: '/api/v1/backups',
    summary: "Start a backup of this node: its keys, config and genesis, and (withStore) its store, encrypted under a passphrase",
    body: z.object({ passphrase: z.string().max(1024), withStore: z.boolean() }).strict(),
    handler: async ({ node, home, body }) => {
      const b = body as { passphrase: string; withStore: boolean }
      if (b.passphrase.length === 0) throw backupError('BACKUP_NO_PASSPHRASE', 'a backup needs a passphrase')
      if ([...b.passphrase].length < MIN_BACKUP_PASSPHRASE) throw backupError('BACKUP_WEAK_PASSPHRASE', `a backup passphrase has at least ${MIN_BACKUP_PASSPHRASE} characters`)
      const dir = dirOf(home)
      if (current && !current.done) throw new DaejangError('STATE_READS_BUSY', 'a backup is being made; wait for it to finish')
      if (current) rmSync(current.path, { force: true })
      const id = randomBytes(16).toString('hex')
      const j: Job = {
        id,
        path: join(dir, `${id}.djbackup`),
        progress: { phase: 'files', entries: 0, bytes: 0, storeBytes: 0 },
        done: false,
        error: null,
        bytes: 0,
        header: null,
      }
      current = j
      createBackupFile(
        {
          home: home!,
          passphrase: b.passphrase,
          store: b.withStore ? node.store : null,
          onProgress: (p) => {
            j.progress = p
          },
        },
        j.path,
      ).then(
        (r) => {
          j.bytes = r.bytes
          j.header = summaryOf(r.claims)
          j.done = true
        },
        (e: unknown) => {
          const err = toDaejangError(e)
          j.error = { code: err.code, message: err.message }
          j.done = true
        },
      )
      return { status: 202, body: view(j) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/backups/:id',
    summary: 'The progress of a backup; once done, its size and what its header says',
    params: idParams,
    handler: async ({ params }) => ({ body: view(job(params.id!)) }),
  },
  {
    method: 'GET',
    path: '/api/v1/backups/:id/file',
    summary: 'A chunk of a finished backup file (base64url), from an offset',
    params: idParams,
    query: z.object({ offset: z.string().regex(/^[0-9]{1,16}$/).transform(Number) }).strict(),
    handler: async ({ params, query }) => {
      const j = job(params.id!)
      if (!j.done || j.error) throw new DaejangError('NOT_FOUND', 'the backup is not finished')
      const at = query.offset as number
      if (at > j.bytes) throw new DaejangError('SCHEMA_INVALID', 'the offset is past the end of the backup')
      const n = Math.min(BACKUP_CHUNK_BYTES, j.bytes - at)
      const buf = Buffer.alloc(n)
      const fd = openSync(j.path, 'r')
      try {
        readSync(fd, buf, 0, n, at)
      } finally {
        closeSync(fd)
      }
      return { body: { offset: at, bytes: j.bytes, data: buf.toString('base64url'), done: at + n >= j.bytes } }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/backups/:id/discard',
    summary: "Remove a backup file from the node's home (once it is saved elsewhere)",
    params: idParams,
    handler: async ({ params }) => {
      const j = job(params.id!)
      if (!j.done) throw new DaejangError('STATE_READS_BUSY', 'the backup is still being made')
      rmSync(j.path, { force: true })
      current = null
      return { body: { discarded: true } }
    },
  },
]
