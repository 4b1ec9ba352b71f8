/**
 * The fifth first-run choice (docs/adr/0063, 0065): restore this node from a backup. The page sends the file in
 * chunks (the setup server's requests are bounded), sees what its header says it holds, gives the passphrase, and
 * the node is restored into the empty home and then started as after any other choice.
 *
 *   POST /api/v1/setup/restore-begin   { bytes }                      a new upload (an earlier one is dropped)
 *   POST /api/v1/setup/restore-chunk   { id, offset, data }           a chunk (base64url); the last one answers the header
 *   POST /api/v1/setup/restore         { id, passphrase }             the restore starts (202); GET /api/v1/setup says how
 *                                                                     far, and a refusal (restoreError: a wrong passphrase
 *                                                                     keeps the upload, to type it again)
 *
 * The upload lives beside the home, never in it (BackupUpload); a refusal leaves the home as it was.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { backupError } from '../backup/format'
import { BackupUpload } from '../backup/upload'
import type { BackupSummary, RestoreProgress, RestoreResult } from '../backup/restore'

/** the largest chunk a page sends (base64url of it fits the setup's 1 MiB body) */
export const RESTORE_CHUNK_BYTES = 512 << 10

const BeginSchema = z.object({ bytes: z.number().int().min(1) }).strict()
const ChunkSchema = z
  .object({
    id: z.string().regex(/^[0-9a-f]{24}$/, 'an upload id'),
    offset: z.number().int().min(0),
    data: z.string().max(Math.ceil((RESTORE_CHUNK_BYTES * 4) / 3) + 4).regex(/^[A-Za-z0-9_-]*$/, 'base64url'),
  })
  .strict()
const RestoreSchema = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/, 'an upload id'), passphrase: z.string().min(1).max(1024) }).strict()

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body ?? {})
  if (!r.success) {
    const i = r.error.issues[0]
    throw new DaejangError('SCHEMA_INVALID', `${i && i.path.length ? i.path.join('.') + ': ' : ''}${i?.message ?? 'invalid'}`)
  }
  return r.data
}

/** One upload at a time, for the setup server of one home. */
export class SetupRestore {
  private upload: BackupUpload | null = null
  private id: string | null = null
  progress: RestoreProgress | null = null

  constructor(private readonly home: string) {}

  private current(id: string): BackupUpload {
    if (!this.upload || this.id !== id) throw new DaejangError('NOT_FOUND', 'no such upload (it was replaced or is over); choose the file again')
    return this.upload
  }

  begin(body: unknown): { id: string; received: number; bytes: number; chunkBytes: number } {
    const o = parse(BeginSchema, body)
    this.discard()
    this.upload = new BackupUpload(this.home, o.bytes)
    this.id = randomBytes(12).toString('hex')
    return { id: this.id, received: 0, bytes: o.bytes, chunkBytes: RESTORE_CHUNK_BYTES }
  }

  /** A chunk; once all arrived, what the header says (a file that is not a backup is refused and dropped). */
  async chunk(body: unknown): Promise<{ received: number; bytes: number; header: BackupSummary | null }> {
    const o = parse(ChunkSchema, body)
    const up = this.current(o.id)
    const data = Buffer.from(o.data, 'base64url')
    if (data.length > RESTORE_CHUNK_BYTES) throw new DaejangError('FILE_TOO_LARGE', `a chunk is at most ${RESTORE_CHUNK_BYTES} bytes`)
    const received = up.chunk(o.offset, data)
    if (received < up.bytes) return { received, bytes: up.bytes, header: null }
    try {
      return { received, bytes: up.bytes, header: await up.header() }
    } catch (e) {
      this.discard()
      throw e
    }
  }

  /** The restore asked for, checked (its form, its upload all arrived): what the header says, and the restore to run. */
  async prepare(body: unknown): Promise<{ header: BackupSummary; run: (onProgress?: (p: RestoreProgress) => void) => Promise<RestoreResult> }> {
    const o = parse(RestoreSchema, body)
    const up = this.current(o.id)
    if (up.received < up.bytes) {
      this.discard() // as BackupUpload.restore does: a file that did not all arrive is sent again
      throw backupError('BACKUP_TRUNCATED', `${up.received} of the announced ${up.bytes} bytes arrived`)
    }
    const header = await up.header()
    return { header, run: (onProgress) => this.restore(up, o.passphrase, onProgress) }
  }

  /** Restore the whole upload into the home (the caller checked the home is empty and no choice was made). */
  private async restore(up: BackupUpload, passphrase: string, onProgress?: (p: RestoreProgress) => void): Promise<RestoreResult> {
    this.progress = null
    try {
      const r = await up.restore(passphrase, (p) => {
        this.progress = p
        onProgress?.(p)
      })
      this.forget(up)
      return r
    } catch (e) {
      // BackupUpload keeps its file only after a wrong passphrase, to try another
      if ((e as { code?: string }).code !== 'BACKUP_WRONG_PASSPHRASE') this.forget(up)
      throw e
    }
  }

  private forget(up: BackupUpload): void {
    if (this.upload === up) {
      this.upload = null
      this.id = null
    }
  }

  discard(): void {
    this.upload?.discard()
    this.upload = null
    this.id = null
  }
}
