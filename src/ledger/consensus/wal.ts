/**
 * Write-ahead log of consensus inputs. Every input the state machine accepts is appended before its effects are
 * carried out, and the log is made durable (`sync`) before any effect that leaves the process — a signature, a
 * decision, evidence — so whatever a validator did outside is always explained by its log; a restarted validator
 * replays the log to regain its height, round, locks and the messages it decided to send. Inputs whose effects stay
 * inside (timers, buffering) may be lost with a power failure: that is as if they never arrived, and peers send
 * again. One sync per signature instead of one per received message (docs/adr/0012).
 *
 * Record framing: [length u32 BE][checksum: first 4 bytes of SHA-256(payload)][payload]. Reading stops at the first
 * record that is incomplete or whose checksum fails: a torn tail (a crash in the middle of an append) is detected,
 * reported and ignored, and the file-backed log cuts it off before appending again.
 */
import { equalBytes } from '../codec/bytes'
import { sha256 } from '../crypto/sha256'

export const WAL_HEADER_BYTES = 8
export const WAL_MAX_RECORD = 16 * 1024 * 1024

export interface WalRead {
  records: Uint8Array[]
  /** bytes of valid records (where the next append goes) */
  validBytes: number
  /** a partial or corrupt tail was found and ignored */
  torn: boolean
}

export interface Wal {
  /** append a record (written in order; durable at the next sync) */
  append(record: Uint8Array): void
  /** make every appended record durable */
  sync(): void
  read(): WalRead
  /** replace the whole log by these records (compaction after a decision) */
  rewrite(records: readonly Uint8Array[]): void
}

export function frameRecord(payload: Uint8Array): Uint8Array {
  if (payload.length > WAL_MAX_RECORD) throw new Error('WAL record too large')
  const out = new Uint8Array(WAL_HEADER_BYTES + payload.length)
  new DataView(out.buffer).setUint32(0, payload.length)
  out.set(sha256(payload).subarray(0, 4), 4)
  out.set(payload, WAL_HEADER_BYTES)
  return out
}

export function parseRecords(bytes: Uint8Array): WalRead {
  const records: Uint8Array[] = []
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let off = 0
  while (off < bytes.length) {
    if (bytes.length - off < WAL_HEADER_BYTES) return { records, validBytes: off, torn: true }
    const len = view.getUint32(off)
    const end = off + WAL_HEADER_BYTES + len
    if (len > WAL_MAX_RECORD || end > bytes.length) return { records, validBytes: off, torn: true }
    const payload = bytes.subarray(off + WAL_HEADER_BYTES, end)
    if (!equalBytes(sha256(payload).subarray(0, 4), bytes.subarray(off + 4, off + 8))) {
      return { records, validBytes: off, torn: true }
    }
    records.push(payload.slice())
    off = end
  }
  return { records, validBytes: off, torn: false }
}

/**
 * In-memory WAL (simulation, tests) holding the same bytes a file would. `tearNextAppend` makes the next append
 * write only a prefix of its record, as a crash in the middle of a write would.
 */
export class MemoryWal implements Wal {
  private chunks: Uint8Array[] = []
  private size = 0
  /** bytes made durable by the last sync (a power failure keeps only these) */
  private synced = 0
  syncs = 0
  /** if set, the next append writes only this many bytes of the framed record and throws WalCrash */
  tearNextAppend: number | null = null

  append(record: Uint8Array): void {
    const framed = frameRecord(record)
    if (this.tearNextAppend !== null) {
      const n = Math.max(0, Math.min(framed.length - 1, this.tearNextAppend))
      this.tearNextAppend = null
      this.push(framed.subarray(0, n))
      throw new WalCrash()
    }
    this.push(framed)
  }

  private push(b: Uint8Array): void {
    this.chunks.push(b.slice())
    this.size += b.length
  }

  sync(): void {
    if (this.synced === this.size) return
    this.synced = this.size
    this.syncs++
  }

  /** A power failure: what was appended since the last sync is gone. */
  loseUnsynced(): void {
    const all = this.bytes().slice(0, this.synced)
    this.chunks = [all]
    this.size = all.length
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size)
    let off = 0
    for (const c of this.chunks) {
      out.set(c, off)
      off += c.length
    }
    return out
  }

  read(): WalRead {
    const all = this.bytes()
    const r = parseRecords(all)
    if (r.torn) {
      // like the file WAL: cut the torn tail so later appends follow the last good record
      this.chunks = [all.slice(0, r.validBytes)]
      this.size = r.validBytes
      this.synced = Math.min(this.synced, this.size)
    }
    return r
  }

  rewrite(records: readonly Uint8Array[]): void {
    this.chunks = records.map(frameRecord)
    this.size = this.chunks.reduce((a, c) => a + c.length, 0)
    this.synced = this.size // a rewrite is durable when it returns, as the file's (written, synced, renamed)
  }
}

/** Thrown by MemoryWal when a torn append simulates a crash. */
export class WalCrash extends Error {
  constructor() {
    super('simulated crash during WAL append')
  }
}
