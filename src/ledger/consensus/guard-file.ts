/**
 * File-backed storage of the signing guard's record: written to a temporary file, fsynced, renamed over the old
 * one, and the directory fsynced, so that after a crash the file holds either the old or the new record, never a
 * mix. `save` returns only when the record is durable, which is before the signature is produced (guard.ts).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { DaejangError } from '../../shared/errors'
import { decodeCanonical, encodeCanonical } from '../codec/canonical'
import type { GuardRecord, GuardStore } from './guard'

const TAG = 'daejang/sign-guard/v1'

export class FileGuardStore implements GuardStore {
  constructor(readonly path: string) {}

  load(): GuardRecord | null {
    let bytes: Uint8Array
    try {
      bytes = readFileSync(this.path)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
    const v = decodeCanonical(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    if (!Array.isArray(v) || v.length !== 5 || v[0] !== TAG) throw new DaejangError('CORRUPT_DATA', 'sign guard file')
    const [, height, round, step, digest] = v
    if (
      typeof height !== 'number' ||
      typeof round !== 'number' ||
      (step !== 0 && step !== 1 && step !== 2) ||
      !(digest instanceof Uint8Array) ||
      digest.length !== 32
    ) {
      throw new DaejangError('CORRUPT_DATA', 'sign guard file')
    }
    return { height, round, step, digest }
  }

  save(r: GuardRecord): void {
    const bytes = encodeCanonical([TAG, r.height, r.round, r.step, r.digest])
    const tmp = this.path + '.tmp'
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, bytes)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.path)
    syncDir(dirname(this.path))
  }
}

export function syncDir(dir: string): void {
  let fd: number
  try {
    fd = openSync(dir, 'r')
  } catch {
    return
  }
  try {
    fsyncSync(fd)
  } catch {
    // some platforms (Windows) cannot fsync a directory; the rename is still atomic there
  } finally {
    closeSync(fd)
  }
}
