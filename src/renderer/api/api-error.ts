/** The one error of the API client: what went wrong talking to the node, by kind. */
import type { ErrorCode } from '../../shared/errors'

export type ApiErrorKind = 'network' | 'timeout' | 'http' | 'api' | 'invalid'

export class ApiError extends Error {
  readonly kind: ApiErrorKind
  readonly status: number | undefined
  readonly code: ErrorCode | undefined
  /** how long the node asked to wait before trying again (its Retry-After header, on a 503), in ms */
  readonly retryAfterMs: number | undefined
  constructor(kind: ApiErrorKind, message: string, status?: number, code?: ErrorCode, retryAfterMs?: number) {
    super(message)
    this.name = 'ApiError'
    this.kind = kind
    this.status = status
    this.code = code
    this.retryAfterMs = retryAfterMs
  }
  /** The node could not be reached at all (as opposed to answering with an error). */
  get unreachable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout'
  }
}
