/**
 * File-backed WAL: records framed as in wal.ts, appended in order and fsynced when the replica syncs (before an
 * effect leaves the process). Opening reads the file, and if its
 * tail is torn (a crash in the middle of an append) cuts the file back to the last complete record, so that new
 * records follow good ones. Compaction (`rewrite`) writes a new file beside it, fsyncs, and renames it over the log.
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { syncDir } from './guard-file'
import { type Wal, type WalRead, frameRecord, parseRecords } from './wal'

export class FileWal implements Wal {
  private fd: number
  private size: number
  /** a torn tail was cut when the file was opened (reported by the next read) */
  private tornAtOpen: boolean
  /** records written since the last fsync */
  private dirty = false

  constructor(readonly path: string) {
    const created = !existsSync(path)
    this.fd = openSync(path, 'a+', 0o600)
    // a new log's directory entry is made durable too: an fsync of the file alone need not keep its name
    if (created) syncDir(dirname(path))
    const r = this.scan()
    this.tornAtOpen = r.torn
    this.size = r.validBytes
  }

  private scan(): WalRead {
    const bytes = readFileSync(this.path)
    const r = parseRecords(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    if (r.torn) {
      ftruncateSync(this.fd, r.validBytes)
      fsyncSync(this.fd)
    }
    return r
  }

  append(record: Uint8Array): void {
    const framed = frameRecord(record)
    writeSync(this.fd, framed) // the file is opened for appending
    this.dirty = true
    this.size += framed.length
  }

  sync(): void {
    if (!this.dirty) return
    fsyncSync(this.fd)
    this.dirty = false
  }

  read(): WalRead {
    const r = this.scan()
    const torn = r.torn || this.tornAtOpen
    this.tornAtOpen = false
    return { ...r, torn }
  }

  rewrite(records: readonly Uint8Array[]): void {
    const tmp = this.path + '.tmp'
    const fd = openSync(tmp, 'w', 0o600)
    let size = 0
    try {
      for (const r of records) {
        const f = frameRecord(r)
        writeSync(fd, f)
        size += f.length
      }
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.path)
    syncDir(dirname(this.path))
    closeSync(this.fd)
    this.fd = openSync(this.path, 'a+', 0o600)
    this.size = size
    this.dirty = false
  }

  get bytes(): number {
    return this.size
  }

  close(): void {
    this.sync()
    closeSync(this.fd)
  }
}
