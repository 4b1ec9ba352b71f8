/**
 * File-backed storage of the signing guard's record. The file has two fixed slots; each save writes the record,
 * with a sequence number and a checksum, into the slot the previous save did not use and fdatasyncs the file, so a
 * crash in the middle of a write leaves the other slot — the previous record — intact, and one sync per signature
 * suffices (no temporary file, rename or directory sync). Loading takes the valid slot with the highest sequence
 * number. `save` returns only when the record is durable, which is before the signature is produced (guard.ts).
 *
 * A file in the earlier format (one canonical record, written through a temporary file and a rename) is read, and
 * replaced by the slotted form at the next save.
 */
import { closeSync, fdatasyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { DaejangError } from '../../shared/errors'
import { equalBytes } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import { sha256 } from '../crypto/sha256'
import type { GuardRecord, GuardStore } from './guard'

const TAG = 'daejang/sign-guard/v1'
const SLOT_TAG = 'daejang/sign-guard/v2'
/** bytes of one slot: [u32 length][4 bytes of SHA-256 of the payload][payload][zero padding] */
export const GUARD_SLOT_BYTES = 128

function recordOf(v: Canonical, tag: string, fields: number): GuardRecord & { seq: number } {
  const bad = (): never => {
    throw new DaejangError('CORRUPT_DATA', 'sign guard file')
  }
  if (!Array.isArray(v) || v.length !== fields || v[0] !== tag) return bad()
  const seq = fields === 6 ? v[1] : 0
  const [height, round, step, digest] = v.slice(fields - 4)
  if (
    typeof seq !== 'number' ||
    typeof height !== 'number' ||
    typeof round !== 'number' ||
    (step !== 0 && step !== 1 && step !== 2) ||
    !(digest instanceof Uint8Array) ||
    digest.length !== 32
  ) {
    return bad()
  }
  return { seq, height, round, step, digest }
}

/** The record in one slot, or null if the slot is empty, torn or corrupt. */
function readSlot(bytes: Uint8Array): (GuardRecord & { seq: number }) | null {
  if (bytes.length < GUARD_SLOT_BYTES) return null
  const len = new DataView(bytes.buffer, bytes.byteOffset, 8).getUint32(0)
  if (len === 0 || len > GUARD_SLOT_BYTES - 8) return null
  const payload = bytes.subarray(8, 8 + len)
  if (!equalBytes(sha256(payload).subarray(0, 4), bytes.subarray(4, 8))) return null
  try {
    return recordOf(decodeCanonical(payload), SLOT_TAG, 6)
  } catch {
    return null
  }
}

export class FileGuardStore implements GuardStore {
  private fd: number | null = null
  /** sequence number of the last record loaded or saved; the next save goes to slot (seq + 1) % 2 */
  private seq = 0
  /** the file is in the earlier single-record form: rewrite it whole at the next save */
  private legacy = false

  constructor(readonly path: string) {}

  load(): GuardRecord | null {
    let raw: Buffer
    try {
      raw = readFileSync(this.path)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw e
    }
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength)
    const slots = [0, 1].map((i) => readSlot(bytes.subarray(i * GUARD_SLOT_BYTES, (i + 1) * GUARD_SLOT_BYTES)))
    const best = slots.reduce<(GuardRecord & { seq: number }) | null>((a, s) => (s && (!a || s.seq > a.seq) ? s : a), null)
    if (best) {
      this.seq = best.seq
      this.legacy = false
      return { height: best.height, round: best.round, step: best.step, digest: best.digest }
    }
    // the earlier form, or nothing usable at all
    let old: GuardRecord & { seq: number }
    try {
      old = recordOf(decodeCanonical(bytes), TAG, 5)
    } catch {
      throw new DaejangError('CORRUPT_DATA', 'sign guard file')
    }
    this.legacy = true
    return { height: old.height, round: old.round, step: old.step, digest: old.digest }
  }

  save(r: GuardRecord): void {
    const seq = this.seq + 1
    const payload = encodeCanonical([SLOT_TAG, seq, r.height, r.round, r.step, r.digest])
    if (8 + payload.length > GUARD_SLOT_BYTES) throw new Error('sign guard record too large')
    const slot = new Uint8Array(GUARD_SLOT_BYTES)
    new DataView(slot.buffer).setUint32(0, payload.length)
    slot.set(sha256(payload).subarray(0, 4), 4)
    slot.set(payload, 8)
    if (this.fd === null && !this.legacy) {
      try {
        this.fd = openSync(this.path, 'r+')
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
        this.rewrite(slot, seq)
        return
      }
    }
    if (this.legacy || this.fd === null) {
      this.rewrite(slot, seq)
      return
    }
    writeSync(this.fd, slot, 0, slot.length, (seq % 2) * GUARD_SLOT_BYTES)
    fdatasyncSync(this.fd)
    this.seq = seq
  }

  /** A new file with the record in its slot (the other empty), made durable and moved into place. */
  private rewrite(slot: Uint8Array, seq: number): void {
    const whole = new Uint8Array(2 * GUARD_SLOT_BYTES)
    whole.set(slot, (seq % 2) * GUARD_SLOT_BYTES)
    const tmp = this.path + '.tmp'
    const fd = openSync(tmp, 'w', 0o600)
    try {
      writeSync(fd, whole)
      fdatasyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, this.path)
    syncDir(dirname(this.path))
    if (this.fd !== null) closeSync(this.fd)
    this.fd = openSync(this.path, 'r+')
    this.legacy = false
    this.seq = seq
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
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
    fdatasyncSync(fd)
  } catch {
    // some platforms (Windows) cannot sync a directory; the rename is still atomic there
  } finally {
    closeSync(fd)
  }
}
