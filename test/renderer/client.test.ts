import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import {
  ApiError,
  createApiClient,
  eventsUrl,
  MAX_RETRY_AFTER_MS,
  parseNodeEvent,
  parseRetryAfter,
  type FetchLike,
  type WebSocketLike,
} from '../../src/renderer/api/client'
import { apiSchemas, type ApiSchemas } from '../../src/renderer/api/parse'
import { blockSummaryDto, statusDto } from './fixtures/dtos'

let schemas: ApiSchemas
// the answer schemas load on first use (not at the page's start); load them once here
beforeAll(async () => {
  schemas = await apiSchemas()
})

const info = { url: 'http://127.0.0.1:4000/', token: 'tok' }
const json = (status: number, body: unknown) => ({ ok: status < 400, status, json: async () => body })

describe('HTTP', () => {
  it('sends the bearer token to /api/v1 paths', async () => {
    const fetch = vi.fn<FetchLike>(async () => json(200, statusDto()))
    const client = createApiClient(info, { fetch })
    await expect(client.status()).resolves.toEqual(statusDto())
    const [url, init] = fetch.mock.calls[0]!
    expect(url).toBe('http://127.0.0.1:4000/api/v1/status')
    expect(init.headers['Authorization']).toBe('Bearer tok')
  })

  it('asks for recent blocks with a limit', async () => {
    const fetch = vi.fn<FetchLike>(async () => json(200, [blockSummaryDto(2), blockSummaryDto(1)]))
    const blocks = await createApiClient(info, { fetch }).blocks(20)
    expect(fetch.mock.calls[0]![0]).toBe('http://127.0.0.1:4000/api/v1/blocks?limit=20')
    expect(blocks.map((b) => b.height)).toEqual([2, 1])
  })

  it('refuses an answer of the wrong shape with a clear error that says where it differs', async () => {
    const fetch = vi.fn<FetchLike>(async () => json(200, statusDto({ height: 'seven' as unknown as number })))
    const err = await createApiClient(info, { fetch }).status().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ kind: 'invalid' })
    expect((err as ApiError).message).toMatch(/^Unexpected status \(height: .+\)\.$/)
    // a block list wrapped as { blocks } is read; entries of the wrong shape are left out, the rest shown
    const wrapped = vi.fn<FetchLike>(async () => json(200, { blocks: [blockSummaryDto(3), { height: 2 }] }))
    expect((await createApiClient(info, { fetch: wrapped }).blocks()).map((b) => b.height)).toEqual([3])
    const junk = vi.fn<FetchLike>(async () => json(200, { nope: [] }))
    await expect(createApiClient(info, { fetch: junk }).blocks()).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('turns API errors into ApiError with the stable code', async () => {
    const fetch = vi.fn<FetchLike>(async () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'no' } }))
    const err = await createApiClient(info, { fetch }).status().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ kind: 'api', status: 401, code: 'UNAUTHENTICATED', unreachable: false })
  })

  it('tells its owner when the node refuses the token (a restarted node has a new one)', async () => {
    const onUnauthenticated = vi.fn()
    const refused = vi.fn<FetchLike>(async () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'no' } }))
    await createApiClient(info, { fetch: refused, onUnauthenticated }).status().catch(() => undefined)
    expect(onUnauthenticated).toHaveBeenCalledOnce()
    const other = vi.fn<FetchLike>(async () => json(404, { error: { code: 'NOT_FOUND', message: 'no' } }))
    await createApiClient(info, { fetch: other, onUnauthenticated }).status().catch(() => undefined)
    expect(onUnauthenticated).toHaveBeenCalledOnce()
  })

  it('reads the Retry-After of a 503 (seconds or an HTTP date), capped', async () => {
    const fetch = vi.fn<FetchLike>(async () => ({
      ...json(503, { error: { code: 'MEMPOOL_FULL', message: 'full' } }),
      headers: { get: (n: string) => (n.toLowerCase() === 'retry-after' ? '7' : null) },
    }))
    const err = await createApiClient(info, { fetch }).status().catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'api', status: 503, code: 'MEMPOOL_FULL', retryAfterMs: 7_000 })
    const none = await createApiClient(info, { fetch: vi.fn<FetchLike>(async () => json(503, { error: { code: 'NODE_STOPPING', message: 'x' } })) })
      .status()
      .catch((e: unknown) => e)
    expect(none).toMatchObject({ code: 'NODE_STOPPING', retryAfterMs: undefined })
    const now = Date.UTC(2026, 0, 1)
    expect(parseRetryAfter(new Date(now + 12_000).toUTCString(), now)).toBe(12_000)
    expect(parseRetryAfter('999999', now)).toBe(MAX_RETRY_AFTER_MS)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('marks network failures as unreachable', async () => {
    const fetch = vi.fn<FetchLike>(async () => {
      throw new TypeError('Failed to fetch')
    })
    const err = await createApiClient(info, { fetch }).status().catch((e: unknown) => e)
    expect(err).toMatchObject({ kind: 'network', unreachable: true })
  })
})

class FakeSocket implements WebSocketLike {
  onopen: ((ev: unknown) => void) | null = null
  onmessage: ((ev: { data: unknown }) => void) | null = null
  onclose: ((ev: unknown) => void) | null = null
  onerror: ((ev: unknown) => void) | null = null
  closed = false
  constructor(readonly url: string) {}
  close(): void {
    this.closed = true
  }
}

describe('events', () => {
  afterEach(() => vi.useRealTimers())

  it('builds the WebSocket URL with the token', () => {
    expect(eventsUrl('http://127.0.0.1:4000', 'a b')).toBe('ws://127.0.0.1:4000/api/v1/events?token=a+b')
  })

  it('delivers events and reconnects with backoff after a drop', async () => {
    vi.useFakeTimers()
    const sockets: FakeSocket[] = []
    const client = createApiClient(info, {
      webSocket: (url) => {
        const s = new FakeSocket(url)
        sockets.push(s)
        return s
      },
      random: () => 0,
    })
    const onEvent = vi.fn()
    const onOpen = vi.fn()
    const onClose = vi.fn()
    const stream = client.events({ onEvent, onOpen, onClose })
    expect(sockets).toHaveLength(1)
    expect(sockets[0]!.url).toBe('ws://127.0.0.1:4000/api/v1/events?token=tok')

    sockets[0]!.onopen?.({})
    expect(stream.connected).toBe(true)
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'block', height: 3, hash: 'h', time: 1, txCount: 0 }) })
    sockets[0]!.onmessage?.({ data: 'not json' })
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'unknown' }) })
    expect(onEvent).toHaveBeenCalledTimes(1)
    expect(onEvent.mock.calls[0]![0]).toMatchObject({ type: 'block', height: 3 })

    sockets[0]!.onclose?.({})
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(stream.connected).toBe(false)
    await vi.advanceTimersByTimeAsync(499)
    expect(sockets).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sockets).toHaveLength(2)

    // a second failure without ever opening waits longer
    sockets[1]!.onclose?.({})
    await vi.advanceTimersByTimeAsync(999)
    expect(sockets).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(sockets).toHaveLength(3)

    stream.close()
    expect(sockets[2]!.closed).toBe(true)
    sockets[2]!.onclose?.({})
    await vi.advanceTimersByTimeAsync(60_000)
    expect(sockets).toHaveLength(3)
    expect(onOpen).toHaveBeenCalledTimes(1)
  })

  it('keeps events that arrive before the schemas have loaded, and delivers them in order once they have', async () => {
    vi.resetModules()
    const fresh = await import('../../src/renderer/api/client')
    const freshParse = await import('../../src/renderer/api/parse')
    expect(freshParse.loadedApiSchemas()).toBeNull()
    const sockets: FakeSocket[] = []
    const client = fresh.createApiClient(info, { webSocket: (url) => (sockets.push(new FakeSocket(url)), sockets.at(-1)!) })
    const onEvent = vi.fn()
    const stream = client.events({ onEvent })
    sockets[0]!.onopen?.({})
    for (const height of [1, 2]) sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'block', height, hash: 'h', time: 1, txCount: 0 }) })
    sockets[0]!.onmessage?.({ data: 'not json' })
    await vi.waitFor(() => expect(onEvent).toHaveBeenCalledTimes(2))
    expect(onEvent.mock.calls.map((c) => c[0].height)).toEqual([1, 2])
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'block', height: 3, hash: 'h', time: 1, txCount: 0 }) })
    expect(onEvent).toHaveBeenCalledTimes(3)
    stream.close()
  })

  it('parses the hello event', () => {
    expect(parseNodeEvent(JSON.stringify({ type: 'hello', status: statusDto({ height: 1 }) }), schemas)).toMatchObject({ type: 'hello' })
    expect(parseNodeEvent(JSON.stringify({ type: 'hello' }), schemas)).toBeNull()
    expect(parseNodeEvent(JSON.stringify({ type: 'hello', status: { height: 1 } }), schemas)).toBeNull()
    expect(parseNodeEvent(JSON.stringify({ type: 'block', height: 'x', hash: 'h', time: 0, txCount: 0 }), schemas)).toBeNull()
    expect(parseNodeEvent(JSON.stringify({ type: 'tx.committed', hash: 'x', height: 1, index: 0, txType: 't' }), schemas)).not
      .toBeNull()
  })
})
