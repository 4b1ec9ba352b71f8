/** Validation of what the renderer sends over IPC. Anything that does not parse is refused. */
import { isAbsolute } from 'node:path'
import { z } from 'zod'
import {
  FILE_LIMITS,
  PICKED_FILES_MAX,
  SECRET_LIMITS,
  type HashFileRequest,
  type OpenFileOptions,
  type SaveFileOptions,
} from '../shared/bridge'

const title = z.string().max(200)

const filters = z
  .array(
    z.object({
      name: z.string().min(1).max(100),
      extensions: z
        .array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/))
        .min(1)
        .max(FILE_LIMITS.maxExtensions),
    }),
  )
  .max(FILE_LIMITS.maxFilters)

/** A bare file name: no directories, no NUL, not `.` or `..`. */
const fileName = z
  .string()
  .min(1)
  .max(FILE_LIMITS.maxNameLength)
  .refine((n) => !/[/\\\0]/.test(n) && n !== '.' && n !== '..', 'must be a file name without directories')

const data = z
  .union([z.string(), z.instanceof(Uint8Array)])
  .refine((d) => (typeof d === 'string' ? d.length * 3 : d.byteLength) <= FILE_LIMITS.maxBytes, 'too large')

const openFileSchema = z.object({ title: title.optional(), filters: filters.optional() }).strict()

const saveFileSchema = z
  .object({ title: title.optional(), defaultName: fileName, data, filters: filters.optional() })
  .strict()

export class InvalidIpcArgumentError extends Error {
  constructor(channel: string, detail: string) {
    super(`Invalid argument for ${channel}: ${detail}`)
    this.name = 'InvalidIpcArgumentError'
  }
}

export function parseOpenFileOptions(raw: unknown): OpenFileOptions {
  const parsed = openFileSchema.safeParse(raw ?? {})
  if (!parsed.success) throw new InvalidIpcArgumentError('open-file', parsed.error.message)
  return parsed.data
}

export function parseSaveFileOptions(raw: unknown): SaveFileOptions {
  const parsed = saveFileSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidIpcArgumentError('save-file', parsed.error.message)
  return parsed.data
}

const secretBytes = z
  .instanceof(Uint8Array)
  .refine((d) => d.byteLength >= 1 && d.byteLength <= SECRET_LIMITS.maxBytes, `must be 1 to ${SECRET_LIMITS.maxBytes} bytes`)

/** Bytes for protect-secret / unprotect-secret: a non-empty Uint8Array within SECRET_LIMITS. */
export function parseSecretBytes(channel: 'protect-secret' | 'unprotect-secret', raw: unknown): Uint8Array {
  const parsed = secretBytes.safeParse(raw)
  if (!parsed.success) throw new InvalidIpcArgumentError(channel, parsed.error.message)
  return parsed.data
}

const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0') && isAbsolute(p), 'must be an absolute path')

const hashFileSchema = z
  .object({
    id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    path: absolutePath,
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  })
  .strict()

/** hash-file: the call id, the absolute path the preload found for the picked File, and the File's size. */
export function parseHashFileRequest(raw: unknown): HashFileRequest {
  const parsed = hashFileSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidIpcArgumentError('hash-file', parsed.error.message)
  return parsed.data
}

const pickedFilesSchema = z.array(absolutePath).min(1).max(PICKED_FILES_MAX)

/** picked-files: the absolute paths of the Files a trusted drop or file dialog gave the page. */
export function parsePickedFiles(raw: unknown): string[] {
  const parsed = pickedFilesSchema.safeParse(raw)
  if (!parsed.success) throw new InvalidIpcArgumentError('picked-files', parsed.error.message)
  return parsed.data
}
