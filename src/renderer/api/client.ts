/**
 * The UI's only way to the node: HTTP GETs with `Authorization: Bearer <token>` and one WebSocket of node events
 * (`/api/v1/events?token=…`) that reconnects with backoff. Written against small structural types (no DOM types) so it
 * runs and is tested in Node as well. Answers are parsed with schemas loaded on first use (api/parse.ts): zod is not
 * part of the start bundle.
 */
import { API_PREFIX } from '../../shared/api-prefix'
import type { BlockSummaryDto, NodeEventDto, StatusDto } from '../../shared/api'
import type { ApiInfo } from '../../shared/bridge'
import type { ErrorCode } from '../../shared/errors'
import { ApiError } from './api-error'
import { backoffDelay } from './backoff'
import { answerOf, apiSchemas, type ApiSchemas, loadedApiSchemas, parseAnswer, parseList } from './parse'

export { ApiError, type ApiErrorKind } from './api-error'

export interface ResponseLike {
  ok: boolean
  status: number
  headers?: { get(name: string): string | null }
  json(): Promise<unknown>
}

/** The longest wait a Retry-After header is honoured for (a wrong or hostile value must not park the outbox). */
export const MAX_RETRY_AFTER_MS = 5 * 60_000

/**
 * A Retry-After header (RFC 9110 §10.2.3: delay-seconds, or an HTTP date) in ms from `now`, capped; undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined
  const v = value.trim()
  const ms = /^\d+$/.test(v) ? Number(v) * 1000 : Date.parse(v) - now
  if (!Number.isFinite(ms)) return undefined
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms))
}
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; signal: AbortSignal; cache?: 'no-store'; body?: string },
) => Promise<ResponseLike>

export interface WebSocketLike {
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  close(code?: number, reason?: string): void
}
export type WebSocketFactory = (url: string) => WebSocketLike

export interface EventHandlers {
  onEvent(event: NodeEventDto): void
  onOpen?(): void
  onClose?(): void
}

export interface EventStream {
  readonly connected: boolean
  close(): void
}

export interface ApiClient {
  readonly baseUrl: string
  status(): Promise<StatusDto>
  blocks(limit?: number): Promise<BlockSummaryDto[]>
  /** Opens the event stream; it reconnects by itself until closed. */
  events(handlers: EventHandlers): EventStream
  /**
   * Any API call: `path` below /api/v1 (e.g. `/txs`), an optional JSON body. Resolves to the parsed answer; throws an
   * ApiError (kind 'network' | 'timeout' when the node is unreachable, 'api' with the stable code when it refused).
   */
  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>
}

export interface ClientOptions {
  fetch?: FetchLike
  webSocket?: WebSocketFactory
  timeoutMs?: number
  random?: () => number
  /** called when the node refuses the token (it restarted with a new one): the owner drops this client */
  onUnauthenticated?: () => void
  /**
   * A screen's read begins (a GET other than the status and recent blocks the frame polls): the callback returned,
   * if any, hears the height and block time the node answered at (stores/freshness.ts).
   */
  onRead?: (path: string) => ((height: number, blockTime: number) => void) | undefined
}

export const DEFAULT_TIMEOUT_MS = 10_000

export function createApiClient(info: ApiInfo, options: ClientOptions = {}): ApiClient {
  const baseUrl = info.url.replace(/\/+$/, '')
  const fetchFn = options.fetch ?? defaultFetch()
  const openSocket = options.webSocket ?? defaultWebSocket()
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const random = options.random ?? Math.random

  async function request(method: 'GET' | 'POST', path: string, body?: unknown, track = true): Promise<unknown> {
    const read = track && method === 'GET' ? options.onRead?.(path) : undefined
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const headers: Record<string, string> = { Authorization: `Bearer ${info.token}`, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    let res: ResponseLike
    try {
      res = await fetchFn(`${baseUrl}${API_PREFIX}${path}`, {
        method,
        headers,
        signal: controller.signal,
        cache: 'no-store',
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    } catch (err) {
      if (controller.signal.aborted) throw new ApiError('timeout', `No answer within ${timeoutMs} ms.`)
      throw new ApiError('network', err instanceof Error ? err.message : String(err))
    } finally {
      clearTimeout(timer)
    }
    const answer = await res.json().catch(() => undefined)
    if (!res.ok) {
      const error = apiErrorOf(answer, await apiSchemas())
      if (error?.code === 'UNAUTHENTICATED') options.onUnauthenticated?.()
      const retryAfterMs = parseRetryAfter(res.headers?.get('Retry-After'))
      if (error) throw new ApiError('api', error.message, res.status, error.code, retryAfterMs)
      throw new ApiError('http', `HTTP ${res.status}`, res.status, undefined, retryAfterMs)
    }
    if (answer === undefined) throw new ApiError('invalid', 'The answer is not JSON.', res.status)
    if (read) {
      const height = Number(res.headers?.get('X-Daejang-Height') ?? NaN)
      const time = Number(res.headers?.get('X-Daejang-Block-Time') ?? NaN)
      if (Number.isSafeInteger(height) && height >= 0) read(height, Number.isFinite(time) ? time : 0)
    }
    return answer
  }

  /** the frame's own polls: not a screen's data */
  const get = (path: string): Promise<unknown> => request('GET', path, undefined, false)

  return {
    baseUrl,
    status() {
      return answerOf('StatusSchema', get('/status'), 'status')
    },
    async blocks(limit = 20) {
      const n = Math.max(1, Math.min(100, Math.floor(limit)))
      const schemas = apiSchemas()
      const body = await get(`/blocks?limit=${n}`)
      return blockList(body, await schemas)
    },
    events(handlers) {
      return openEventStream(eventsUrl(baseUrl, info.token), openSocket, handlers, random)
    },
    request: (method, path, body) => request(method, path, body),
  }
}

/** `http://h:p` → `ws://h:p/api/v1/events?token=…` (https → wss). */
export function eventsUrl(baseUrl: string, token: string): string {
  const url = new URL(`${API_PREFIX}/events`, baseUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.searchParams.set('token', token)
  return url.href
}

function openEventStream(
  url: string,
  openSocket: WebSocketFactory,
  handlers: EventHandlers,
  random: () => number,
): EventStream {
  let closed = false
  let connected = false
  let socket: WebSocketLike | null = null
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  /** the schemas, once loaded; messages that arrive before are parsed, in order, when they are */
  let schemas: ApiSchemas | null = loadedApiSchemas()
  let early: unknown[] = []

  const deliver = (data: unknown): void => {
    const event = parseNodeEvent(data, schemas!)
    if (event && !closed) handlers.onEvent(event)
  }
  function whenSchemas(): void {
    if (schemas) return
    apiSchemas().then(
      (s) => {
        schemas = s
        const waiting = early
        early = []
        waiting.forEach(deliver)
      },
      () => {
        // the schemas could not load: drop what waited (as malformed messages are); the next message tries again
        early = []
      },
    )
  }

  const retry = (): void => {
    if (closed) return
    timer = setTimeout(connect, backoffDelay(attempt++, random))
  }

  function connect(): void {
    if (closed) return
    let ws: WebSocketLike
    try {
      ws = openSocket(url)
    } catch {
      retry()
      return
    }
    socket = ws
    whenSchemas()
    ws.onopen = () => {
      if (socket !== ws) return
      attempt = 0
      connected = true
      handlers.onOpen?.()
    }
    ws.onmessage = (ev) => {
      if (schemas) {
        deliver(ev.data)
        return
      }
      early.push(ev.data)
      whenSchemas()
    }
    ws.onerror = () => undefined // 'close' follows and schedules the retry
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      const was = connected
      connected = false
      if (was) handlers.onClose?.()
      retry()
    }
  }

  connect()
  return {
    get connected() {
      return connected
    },
    close() {
      closed = true
      clearTimeout(timer)
      const ws = socket
      socket = null
      connected = false
      ws?.close(1000, 'client closed')
    },
  }
}

/** A node event from a WebSocket message, or null for anything unknown or malformed. */
export function parseNodeEvent(data: unknown, schemas: Pick<ApiSchemas, 'NodeEventSchema'>): NodeEventDto | null {
  if (typeof data !== 'string' || data.length > 65_536) return null
  let value: unknown
  try {
    value = JSON.parse(data)
  } catch {
    return null
  }
  const event = schemas.NodeEventSchema.safeParse(value)
  return event.success ? event.data : null
}

function blockList(body: unknown, schemas: ApiSchemas): BlockSummaryDto[] {
  return parseList(schemas.BlockSummarySchema, parseAnswer(schemas.BlockListSchema, body, 'block list'), 'block list')
}

function apiErrorOf(body: unknown, schemas: ApiSchemas): { code: ErrorCode; message: string } | null {
  const parsed = schemas.ApiErrorSchema.safeParse(body)
  return parsed.success ? parsed.data.error : null
}

function defaultFetch(): FetchLike {
  const f = (globalThis as { fetch?: FetchLike }).fetch
  if (!f) return () => Promise.reject(new Error('fetch is not available'))
  return f.bind(globalThis) as FetchLike
}

function defaultWebSocket(): WebSocketFactory {
  const Ctor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket
  return (url) => {
    if (!Ctor) throw new Error('WebSocket is not available')
    return new Ctor(url)
  }
}
