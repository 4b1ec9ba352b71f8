/**
 * Files named on the command line (documents, certificates, bundles, trust lists): documents are hashed as streams
 * (any size: a whole-file read fails at 2 GiB), everything else is read whole only under a size cap. A file that
 * cannot be read says why, in the OS's words: NOT_FOUND only when there is no such file, FILE_UNREADABLE otherwise.
 */
import { createHash } from 'node:crypto'
import { createReadStream, readFileSync, statSync } from 'node:fs'
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

/** A whole file, refused (FILE_TOO_LARGE) before it is read when it is larger than `max` bytes. */
export function readCappedFile(path: string, what: string, max: number): Uint8Array {
  const size = statFile(path, what)
  if (size > max) throw new DaejangError('FILE_TOO_LARGE', `${what} ${path} has ${size} bytes; at most ${max} are accepted`)
  try {
    return readFileSync(path)
  } catch (e) {
    throw fileError(e, path, what)
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
