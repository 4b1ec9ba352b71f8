/**
 * The old-style tar of a Belenios election archive (specification 2.5, "Public data"): 512-byte blocks, each file a
 * header block (name, mode 0000644, uid and gid 0, size and time in octal, checksum, type '0', no "ustar" magic)
 * then its bytes padded with zeros to a block. Belenios appends files and writes no end-of-archive blocks; the
 * writer does the same, and the reader accepts zero blocks at the end.
 *
 * The reader takes hostile bytes: every size is bounded, every header's checksum and fields are checked, a name is
 * one of the archive's own (`BELENIOS`, `<sha256>.data.json`, `<sha256>.event.json`: no path, no link, no long-name
 * extension), and a cut-short or malformed tar is refused with a stable code (errors.ts) — it never throws anything
 * else. Portable: no Node APIs.
 */
import { DaejangError } from '../../../../../shared/errors'
import { ARCHIVE_ERRORS, type ArchiveErrorCode } from './errors'

export const BLOCK = 512

export interface TarFile {
  name: string
  body: Uint8Array
}

export interface TarEntry extends TarFile {
  /** the offset of the file's header block in the archive */
  offset: number
}

export interface TarLimits {
  /** the whole archive, in bytes */
  maxArchiveBytes: number
  /** one file inside it, in bytes */
  maxFileBytes: number
  /** how many files */
  maxFiles: number
}

/**
 * Generous for a national election's record held in memory (44M ballots are tens of GB: such a record is checked by
 * parts, not read whole); a caller sets its own.
 */
export const DEFAULT_TAR_LIMITS: TarLimits = {
  maxArchiveBytes: 2 ** 31,
  maxFileBytes: 2 ** 29,
  maxFiles: 20_000_000,
}

/** the names an archive may hold: its header, then data and events named by the SHA-256 (hex) of their bytes */
export const HEADER_NAME = 'BELENIOS'
export const ENTRY_NAME = /^([0-9a-f]{64})\.(data|event)\.json$/

export function archiveError(code: ArchiveErrorCode, detail?: string): DaejangError {
  const base = ARCHIVE_ERRORS[code].message
  return new DaejangError(code, detail === undefined ? base : `${base} (${detail})`, detail === undefined ? undefined : { detail })
}

function octal(n: number, digits: number): string {
  const s = n.toString(8)
  if (s.length > digits) throw archiveError('VOTING_ARCHIVE_TOO_LARGE', `${n} does not fit in ${digits} octal digits`)
  return s.padStart(digits, '0')
}

function put(block: Uint8Array, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) block[at + i] = s.charCodeAt(i)
}

function checksum(block: Uint8Array): number {
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!
  return sum
}

function headerBlock(name: string, size: number, mtime: number): Uint8Array {
  const b = new Uint8Array(BLOCK)
  if (name.length === 0 || name.length > 99 || !/^[\x21-\x7e]+$/.test(name)) throw archiveError('VOTING_ARCHIVE_MALFORMED', 'a file name of the archive')
  put(b, 0, name)
  put(b, 100, '0000644')
  put(b, 108, '0000000')
  put(b, 116, '0000000')
  put(b, 124, octal(size, 11))
  put(b, 136, octal(mtime, 11))
  put(b, 156, '0')
  put(b, 148, `${octal(checksum(b), 6)}\0 `)
  return b
}

/** The tar of these files in this order, every header with this time (seconds): the same input, the same bytes. */
export function writeTar(files: readonly TarFile[], mtime: number): Uint8Array {
  if (!Number.isSafeInteger(mtime) || mtime < 0) throw archiveError('VOTING_ARCHIVE_MALFORMED', 'the archive time')
  let total = 0
  for (const f of files) total += BLOCK + Math.ceil(f.body.length / BLOCK) * BLOCK
  const out = new Uint8Array(total)
  let at = 0
  for (const f of files) {
    out.set(headerBlock(f.name, f.body.length, mtime), at)
    at += BLOCK
    out.set(f.body, at)
    at += Math.ceil(f.body.length / BLOCK) * BLOCK
  }
  return out
}

/** an octal field: digits, then NUL or space padding only */
function readOctal(b: Uint8Array, at: number, len: number, what: string): number {
  let i = at
  while (i < at + len && b[i] === 32) i++ // leading spaces (some writers)
  let n = 0
  let digits = 0
  for (; i < at + len; i++) {
    const c = b[i]!
    if (c < 48 || c > 55) break
    n = n * 8 + (c - 48)
    digits++
  }
  for (; i < at + len; i++) if (b[i] !== 0 && b[i] !== 32) throw archiveError('VOTING_ARCHIVE_MALFORMED', `the ${what} field of a tar header`)
  if (digits === 0 || !Number.isSafeInteger(n)) throw archiveError('VOTING_ARCHIVE_MALFORMED', `the ${what} field of a tar header`)
  return n
}

function isZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false
  return true
}

/**
 * The files of an archive, in order, each with its bytes (a view into `bytes`). Refuses with VOTING_ARCHIVE_TOO_LARGE,
 * VOTING_ARCHIVE_TRUNCATED or VOTING_ARCHIVE_MALFORMED; never throws anything else.
 */
export function readTar(bytes: Uint8Array, limits: TarLimits = DEFAULT_TAR_LIMITS): TarEntry[] {
  if (bytes.length > limits.maxArchiveBytes) throw archiveError('VOTING_ARCHIVE_TOO_LARGE', `${bytes.length} bytes`)
  const out: TarEntry[] = []
  let at = 0
  while (at < bytes.length) {
    if (bytes.length - at < BLOCK) throw archiveError('VOTING_ARCHIVE_TRUNCATED', `a header block at byte ${at}`)
    if (isZero(bytes, at, at + BLOCK)) {
      // end of archive: only zeros may follow
      if (!isZero(bytes, at, bytes.length)) throw archiveError('VOTING_ARCHIVE_MALFORMED', `data after the end of the archive at byte ${at}`)
      break
    }
    const h = bytes.subarray(at, at + BLOCK)
    const sum = readOctal(h, 148, 8, 'checksum')
    if (sum !== checksum(h)) throw archiveError('VOTING_ARCHIVE_MALFORMED', `the checksum of the tar header at byte ${at}`)
    let end = 0
    while (end < 100 && h[end] !== 0) end++
    let name = ''
    for (let i = 0; i < end; i++) name += String.fromCharCode(h[i]!)
    if (name !== HEADER_NAME && !ENTRY_NAME.test(name)) throw archiveError('VOTING_ARCHIVE_MALFORMED', `a file name that is not one of an election archive at byte ${at}`)
    if (name === HEADER_NAME ? out.length !== 0 : out.length === 0) throw archiveError('VOTING_ARCHIVE_MALFORMED', 'the archive does not start with its BELENIOS header, or has it twice')
    const type = h[156]
    if (type !== 48 && type !== 0) throw archiveError('VOTING_ARCHIVE_MALFORMED', `a tar entry that is not a plain file at byte ${at}`)
    // a ustar "prefix" would put the file under a directory: none is allowed
    if (h[257] === 0x75 && !isZero(h, 345, 500)) throw archiveError('VOTING_ARCHIVE_MALFORMED', `a path prefix in the tar header at byte ${at}`)
    const size = readOctal(h, 124, 12, 'size')
    if (size > limits.maxFileBytes) throw archiveError('VOTING_ARCHIVE_TOO_LARGE', `${name}: ${size} bytes`)
    if (out.length >= limits.maxFiles) throw archiveError('VOTING_ARCHIVE_TOO_LARGE', `more than ${limits.maxFiles} files`)
    const body = at + BLOCK
    const next = body + Math.ceil(size / BLOCK) * BLOCK
    if (next > bytes.length) throw archiveError('VOTING_ARCHIVE_TRUNCATED', `${name} needs ${size} bytes`)
    out.push({ name, body: bytes.subarray(body, body + size), offset: at })
    at = next
  }
  if (out.length === 0) throw archiveError('VOTING_ARCHIVE_MALFORMED', 'an empty archive')
  return out
}
