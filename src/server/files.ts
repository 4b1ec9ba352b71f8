/**
 * Files named on the command line (documents, certificates, bundles, trust lists): documents are hashed as streams
 * (any size: a whole-file read fails at 2 GiB), everything else is read whole only under a size cap. A file that
 * cannot be read says why, in the OS's words: NOT_FOUND only when there is no such file, FILE_UNREADABLE otherwise.
 */
import { createHash } from 'node:crypto'
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs'
import { DaejangError } from '../shared/errors'

/** Read size of one chunk of a hashed file. */
const HASH_CHUNK = 4 << 20

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  EIO: 'input/output error',
  ENOTDIR: 'a part of the path is not a directory',
  EMFILE: 'too many open files',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
}

/** The error for a file that could not be read: what it was, where, and the OS's reason. */
export function fileError(e: unknown, path: string, what: string): DaejangError {
  if (e instanceof DaejangError) return e
  const code = (e as NodeJS.ErrnoException | null)?.code
  const reason = (code && REASONS[code]) ?? (e instanceof Error ? e.message : String(e))
  const message = `cannot read ${what} ${path}: ${reason}${code ? ` (${code})` : ''}`
  return new DaejangError(code === 'ENOENT' ? 'NOT_FOUND' : 'FILE_UNREADABLE', message, code ? { errno: code } : undefined)
}

function statFile(path: string, what: string): number {
  let size: number
  let isFile: boolean
  try {
    const st = statSync(path)
    size = st.size
    isFile = st.isFile()
  } catch (e) {
    throw fileError(e, path, what)
  }
  if (!isFile) throw new DaejangError('FILE_UNREADABLE', `cannot read ${what} ${path}: it is not a regular file`)
  return size
}

/**
 * A whole file, refused (FILE_TOO_LARGE) before it is read when it is larger than `max` bytes, and never read past
 * `max` + 1 bytes: the size seen by stat is not trusted (a file may grow after it, and some files, such as those of
 * /proc, say they have none).
 */
export function readCappedFile(path: string, what: string, max: number): Uint8Array {
  const tooLarge = (size: number | string): DaejangError =>
    new DaejangError('FILE_TOO_LARGE', `${what} ${path} has ${size} bytes; at most ${max} are accepted`)
  const size = statFile(path, what)
  if (size > max) throw tooLarge(size)
  let fd: number | null = null
  try {
    fd = openSync(path, 'r')
    let buf = Buffer.allocUnsafe(Math.min(max, Math.max(size, 64 << 10)) + 1)
    let at = 0
    for (;;) {
      if (at === buf.length) {
        // full and still under the cap (else refused below): grow, to at most max + 1
        const next = Buffer.allocUnsafe(Math.min(max + 1, buf.length * 2))
        buf.copy(next, 0, 0, at)
        buf = next
      }
      const n = readSync(fd, buf, at, buf.length - at, null)
      if (n === 0) return new Uint8Array(buf.subarray(0, at))
      at += n
      if (at > max) throw tooLarge(`more than ${max}`)
    }
  } catch (e) {
    throw fileError(e, path, what)
  } finally {
    if (fd !== null) closeSync(fd)
  }
}

/** SHA-256 (hex) of a file of any size, read as a stream. */
export async function sha256File(path: string, what = 'document'): Promise<string> {
  statFile(path, what)
  const h = createHash('sha256')
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: HASH_CHUNK })) h.update(chunk as Buffer)
  } catch (e) {
    throw fileError(e, path, what)
  }
  return h.digest('hex')
}
