/**
 * A backup uploaded in chunks, then restored (docs/adr/0065): for a first-run screen served by a setup server whose
 * requests are bounded in size (the onboarding's setup mode, docs/adr/0063). The chunks go to a file beside the
 * home (never in it), each at the offset where the last one ended and never past the announced size; `restore`
 * refuses a file that did not all arrive (BACKUP_TRUNCATED), restores it with restoreFromBackup and removes the file
 * whatever happens. Framework-free: the setup server maps its routes onto these calls.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { DaejangError } from '../../shared/errors'
import { backupError } from './format'
import { type RestoreProgress, type RestoreResult, readBackupHeader, restoreFromBackup, type BackupSummary } from './restore'

/** the largest backup accepted through an upload (a store of many GB is restored with the CLI) */
export const MAX_UPLOAD_BYTES = 16 * 2 ** 30

export class BackupUpload {
  readonly path: string
  received = 0
  private closed = false

  constructor(
    readonly home: string,
    readonly bytes: number,
  ) {
    if (!Number.isSafeInteger(bytes) || bytes < 1) throw new DaejangError('SCHEMA_INVALID', 'a backup upload announces its size in bytes')
    if (bytes > MAX_UPLOAD_BYTES) throw new DaejangError('FILE_TOO_LARGE', `the backup is ${bytes} bytes; at most ${MAX_UPLOAD_BYTES} are taken by upload (use daejang backup restore)`)
    const target = resolve(home)
    mkdirSync(dirname(target), { recursive: true })
    this.path = join(dirname(target), `.${basename(target)}.upload-${randomBytes(6).toString('hex')}.djbackup`)
    closeSync(openSync(this.path, 'wx', 0o600))
  }

  /** One chunk, at the offset where the last one ended. */
  chunk(offset: number, data: Uint8Array): number {
    if (this.closed) throw new DaejangError('NOT_FOUND', 'this upload is over')
    if (offset !== this.received) throw new DaejangError('SCHEMA_INVALID', `the next chunk starts at ${this.received}`)
    if (this.received + data.length > this.bytes) throw new DaejangError('FILE_TOO_LARGE', 'the upload is longer than announced')
    const fd = openSync(this.path, 'r+')
    try {
      writeSync(fd, data, 0, data.length, offset)
    } finally {
      closeSync(fd)
    }
    this.received += data.length
    return this.received
  }

  /** What the backup says it holds (its header), once its first bytes arrived. */
  header(): Promise<BackupSummary> {
    return readBackupHeader(createReadStream(this.path, { end: 64 << 10 }))
  }

  /** Restore the whole upload into the home; the uploaded file is removed, restored or refused (kept only after a wrong passphrase, to try another). */
  async restore(passphrase: string, onProgress?: (p: RestoreProgress) => void, opts: { expectChainId?: string } = {}): Promise<RestoreResult> {
    if (this.closed) throw new DaejangError('NOT_FOUND', 'this upload is over')
    try {
      if (this.received < this.bytes) throw backupError('BACKUP_TRUNCATED', `${this.received} of the announced ${this.bytes} bytes arrived`)
      const r = await restoreFromBackup(this.home, createReadStream(this.path, { highWaterMark: 1 << 20 }), passphrase, onProgress, { total: this.bytes, ...opts })
      this.discard()
      return r
    } catch (e) {
      if ((e as { code?: string }).code !== 'BACKUP_WRONG_PASSPHRASE') this.discard()
      throw e
    }
  }

  discard(): void {
    this.closed = true
    rmSync(this.path, { force: true })
  }
}
