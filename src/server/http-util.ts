/** Small HTTP helpers for the local API: JSON bodies with a size cap, error replies with stable codes. */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type CoreErrorCode, DaejangError, type ErrorCode, isCoreErrorCode, toDaejangError } from '../shared/errors'
import { REGISTRIES } from '../ledger/registries'
import type { RegistryPortable } from '../ledger/registries/portable-types'

export const MAX_BODY_BYTES = 1 << 20
/** deeper JSON is refused before any schema walks it (recursion) */
export const MAX_JSON_DEPTH = 32

/** Depth of a parsed JSON value, computed without recursion; stops counting past `limit`. */
export function jsonDepth(v: unknown, limit = MAX_JSON_DEPTH + 1): number {
  let max = 0
  const stack: Array<[unknown, number]> = [[v, 0]]
  while (stack.length > 0) {
    const [x, d] = stack.pop()!
    if (d > max) max = d
    if (max >= limit) return max
    if (x !== null && typeof x === 'object') {
      for (const c of Array.isArray(x) ? x : Object.values(x)) if (c !== null && typeof c === 'object') stack.push([c, d + 1])
    }
  }
  return max
}

/**
 * The HTTP status of every stable code of the core. Total over CoreErrorCode: a new code without a status here fails
 * typecheck. A registry's codes declare their status themselves (registries/<domain>/portable/errors.ts).
 * Every code is a 4xx (the request, the caller or the data it names), 503 when the node is overloaded or not
 * serving (the same request may succeed later: see Retry-After), and only INTERNAL is a 500.
 */
const STATUS: Record<CoreErrorCode, number> = {
  MALFORMED_JSON: 400,
  SCHEMA_INVALID: 400,
  NON_CANONICAL: 400,
  UNSUPPORTED_VERSION: 400,
  PAYLOAD_TOO_LARGE: 413,
  TX_TOO_LARGE: 413,
  WRONG_CHAIN: 422,
  UNKNOWN_TYPE: 422,
  BAD_PAYLOAD: 422,
  BAD_SIGNATURE: 422,
  MISSING_SIGNATURE: 422,
  NONCE_REPLAYED: 409,
  NONCE_PENDING: 409,
  DUPLICATE_TX: 409,
  TX_FROM_FUTURE: 422,
  ACT_EXPIRED: 422,
  NONCE_AHEAD: 422,
  UNAUTHORIZED_ROLE: 403,
  RULE_VIOLATION: 422,
  DATE_IN_FUTURE: 422,
  MEMPOOL_FULL: 503,
  NOT_FOUND: 404,
  UNKNOWN_HEIGHT: 404,
  HEIGHT_PRUNED: 410,
  RANGE_TOO_LARGE: 422,
  TRUST_STEPS_TOO_MANY: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN_HOST: 403,
  FORBIDDEN_ORIGIN: 403,
  METHOD_NOT_ALLOWED: 405,
  NODE_NOT_RUNNING: 503,
  NODE_STOPPING: 503,
  STATE_READS_BUSY: 503,
  TX_PENDING: 408, // a stable code is a 4xx (only INTERNAL is a 5xx): not committed within the wait, may still commit
  HOME_EXISTS: 409,
  HOME_MISSING: 404,
  BAD_KEY: 422,
  CORRUPT_DATA: 422,
  CHAIN_FORMAT_OLD: 409,
  PROOF_INVALID: 422,
  NEEDS_CONSENSUS: 409,
  NOT_LOCAL: 403,
  FILE_UNREADABLE: 422,
  FILE_TOO_LARGE: 413,
  PDF_TOO_COMPLEX: 422,
  LIGHT_BAD_COMMIT: 422,
  LIGHT_CHAIN_BROKEN: 422,
  LIGHT_SET_UNPROVEN: 422,
  LIGHT_PROOF_OTHER_KEY: 422,
  LIGHT_ROOT_UNKNOWN: 422,
  LIGHT_BAD_ANSWER: 422,
  LIGHT_NOT_SYNCED: 409,
  BUNDLE_CORRUPT: 422,
  BUNDLE_TRUNCATED: 422,
  BUNDLE_TOO_LARGE: 413,
  BUNDLE_BAD_HEADER: 422,
  BUNDLE_BAD_SIGNATURE: 422,
  BUNDLE_OTHER_CHAIN: 409,
  BUNDLE_GAP: 409,
  BUNDLE_FORGED_COMMIT: 422,
  BUNDLE_BLOCK_ALTERED: 422,
  BUNDLE_CONFLICT: 409,
  SETUP_REQUIRED: 409,
  SETUP_DONE: 409,
  GENESIS_INVALID: 422,
  AGENCY_ID_TAKEN: 409,
  ADMISSION_TOO_LARGE: 413,
  ADMISSION_MALFORMED: 422,
  ADMISSION_BAD_SIGNATURE: 422,
  ADMISSION_WRONG_CHAIN: 409,
  ADMISSION_AGENCY_TAKEN: 409,
  ADMISSION_KEY_TAKEN: 409,
  ADMISSION_UNKNOWN_AGENCY: 409,
  ADMISSION_ADMIN_KEY_TWICE: 422,
  BACKUP_NOT_A_BACKUP: 422,
  BACKUP_BAD_HEADER: 422,
  BACKUP_TRUNCATED: 422,
  BACKUP_CORRUPT: 422,
  BACKUP_WRONG_PASSPHRASE: 422,
  BACKUP_OTHER_CHAIN: 409,
  BACKUP_HOME_NOT_EMPTY: 409,
  BACKUP_NODE_RUNNING: 409,
  BACKUP_NO_PASSPHRASE: 400,
  BACKUP_WEAK_PASSPHRASE: 400,
  BACKUP_LEDGER_NOWHERE_ELSE: 409,
  INTERNAL: 500,
}

/** Seconds a client should wait before trying again after a 503 (overload, shutting down). */
export const RETRY_AFTER_SECONDS = 2

/** The status of a code of the core or of one of `registries`; an unknown code is an internal error (500). */
export function httpStatus(code: ErrorCode, registries: readonly RegistryPortable[] = REGISTRIES): number {
  if (isCoreErrorCode(code)) return STATUS[code]
  for (const r of registries) if (Object.hasOwn(r.errors, code)) return r.errors[code]!.status
  return 500
}

/** Whether the core or one of `registries` declares `code`. */
export function isDeclaredCode(code: ErrorCode, registries: readonly RegistryPortable[] = REGISTRIES): boolean {
  return isCoreErrorCode(code) || registries.some((r) => Object.hasOwn(r.errors, code))
}

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
}

export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) return
  const data = JSON.stringify(body)
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(data),
  })
  res.end(data)
}

export function sendError(
  res: ServerResponse,
  e: unknown,
  extra: Record<string, string> = {},
  registries: readonly RegistryPortable[] = REGISTRIES,
): void {
  let err = toDaejangError(e)
  if (err.code === 'INTERNAL') {
    // details of internal failures (paths, library messages) go to the node's log, not to the caller
    console.error('daejang api: internal error:', e)
    err = new DaejangError('INTERNAL')
  } else if (!isDeclaredCode(err.code, registries)) {
    // a code neither the core nor any registry declares is a bug of the code that threw it: an internal error, its
    // code and message to the log only (a registry's message could carry anything)
    console.error(`daejang api: internal error: undeclared error code ${err.code}:`, e)
    err = new DaejangError('INTERNAL')
  }
  const status = httpStatus(err.code, registries)
  // overload and shutdown are transient: say when to come back (RFC 9110 §10.2.3)
  const retry: Record<string, string> = status === 503 ? { 'Retry-After': String(RETRY_AFTER_SECONDS) } : {}
  sendJson(res, status, { error: err.toJSON() }, { ...retry, ...extra })
}

/** Read a body as UTF-8 text, refusing anything over the cap (from its declared length, or as it comes) before buffering it whole. */
export function readTextBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0')
    if (declared > max) {
      reject(new DaejangError('PAYLOAD_TOO_LARGE', `the body is larger than ${max} bytes`))
      req.resume()
      return
    }
    const chunks: Buffer[] = []
    let n = 0
    let failed = false
    req.on('data', (c: Buffer) => {
      if (failed) return
      n += c.length
      if (n > max) {
        failed = true
        reject(new DaejangError('PAYLOAD_TOO_LARGE', `the body is larger than ${max} bytes`))
        return
      }
      chunks.push(c)
    })
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'))
    })
    req.on('error', (e) => reject(e))
  })
}

/** Read and parse a JSON body, refusing anything over the cap before buffering it whole. */
export async function readJsonBody(req: IncomingMessage, max = MAX_BODY_BYTES): Promise<unknown> {
  const text = await readTextBody(req, max)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new DaejangError('MALFORMED_JSON', 'the request body is not valid JSON')
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) throw new DaejangError('SCHEMA_INVALID', `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`)
  return value
}
