/**
 * The start asks the node for its status before the app's modules are evaluated (api/early.ts): with a token at hand
 * the request leaves synchronously; the stores take the sign-in and the first status once; a failed early request is
 * asked again the usual way. And what waits for the first painted status (lib/status-shown.ts) waits no longer than
 * its fallback when no status comes.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { apiInfoNowOrLater, MissingTokenError, TOKEN_STORAGE_KEY, type ConnectionEnv } from '../../src/renderer/api/connection'
import { statusDto } from './fixtures/dtos'

const ORIGIN = 'http://127.0.0.1:4000'

function env(hash: string, extra: Partial<ConnectionEnv> = {}): ConnectionEnv {
  const store = new Map<string, string>()
  return {
    location: { origin: ORIGIN, pathname: '/', search: '', hash },
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    replaceUrl: vi.fn(),
    ...extra,
  }
}

describe('apiInfoNowOrLater', () => {
  it('answers at once with a token from the address', () => {
    expect(apiInfoNowOrLater(env('#token=abc'))).toEqual({ url: ORIGIN, token: 'abc' })
  })

  it('answers later when a sign-in code must be exchanged, keeping the token it gets', async () => {
    const e = env('#code=one-time', { exchangeCode: vi.fn(async () => 'the-token') })
    const info = apiInfoNowOrLater(e)
    expect(info).toBeInstanceOf(Promise)
    await expect(info).resolves.toEqual({ url: ORIGIN, token: 'the-token' })
    expect(e.storage?.getItem(TOKEN_STORAGE_KEY)).toBe('the-token')
  })

  it('throws MissingTokenError at once without any sign-in', () => {
    expect(() => apiInfoNowOrLater(env(''))).toThrow(MissingTokenError)
  })
})

/** a page at ORIGIN with `hash`, whose fetch answers /status with `answer` */
function stubPage(hash: string, answer: () => Promise<Response>): ReturnType<typeof vi.fn> {
  const store = new Map<string, string>()
  const location = { origin: ORIGIN, pathname: '/', search: '', hash }
  vi.stubGlobal('window', {
    location,
    sessionStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) },
    history: {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => {
        location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : ''
      },
    },
  })
  const fetch = vi.fn(answer)
  vi.stubGlobal('fetch', fetch)
  return fetch
}

describe('the early status request', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => vi.unstubAllGlobals())

  it('leaves synchronously with a token at hand, and is taken once by the node at that address', async () => {
    const fetch = stubPage('#token=abc', async () => new Response(JSON.stringify(statusDto({ height: 42 })), { status: 200 }))
    const early = await import('../../src/renderer/api/early')
    early.startEarly()
    // on its way before startEarly returned: no await in between
    expect(fetch).toHaveBeenCalledTimes(1)
    const [url, init] = fetch.mock.calls[0] as [string, RequestInit]
    expect(url).toBe(`${ORIGIN}/api/v1/status`)
    expect((init.headers as Record<string, string>)['Authorization']).toBe('Bearer abc')

    await expect(early.takeEarlyApiInfo()).resolves.toEqual({ url: ORIGIN, token: 'abc' })
    expect(early.takeEarlyApiInfo()).toBeNull()
    await expect(early.takeEarlyStatus(ORIGIN)).resolves.toMatchObject({ height: 42 })
    expect(early.takeEarlyStatus(ORIGIN)).toBeNull()
  })

  it('gives nothing for another node, or when the request failed (the caller asks again)', async () => {
    stubPage('#token=abc', async () => new Response(JSON.stringify(statusDto()), { status: 200 }))
    let early = await import('../../src/renderer/api/early')
    early.startEarly()
    await expect(early.takeEarlyStatus('http://127.0.0.1:5000')).resolves.toBeNull()

    vi.resetModules()
    stubPage('#token=abc', async () => new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'no' } }), { status: 401 }))
    early = await import('../../src/renderer/api/early')
    early.startEarly()
    await expect(early.takeEarlyStatus(ORIGIN)).resolves.toBeNull()
  })

  it('hands a missing sign-in to the connection store as MissingTokenError', async () => {
    const fetch = stubPage('', async () => new Response('{}', { status: 200 }))
    const early = await import('../../src/renderer/api/early')
    // the module instance the store would see (modules were reset for this test)
    const connection = await import('../../src/renderer/api/connection')
    early.startEarly()
    await expect(early.takeEarlyApiInfo()).rejects.toBeInstanceOf(connection.MissingTokenError)
    await expect(early.takeEarlyStatus(ORIGIN)).resolves.toBeNull()
    expect(fetch).not.toHaveBeenCalled()
  })
})

describe('afterStatusShown', () => {
  beforeEach(() => vi.resetModules())
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('resolves after the frame that painted the first status', async () => {
    const frames: (() => void)[] = []
    vi.stubGlobal('requestAnimationFrame', (cb: () => void) => frames.push(cb))
    const { afterStatusShown, markStatusShown } = await import('../../src/renderer/lib/status-shown')
    let done = false
    void afterStatusShown(60_000).then(() => (done = true))
    markStatusShown()
    await new Promise((r) => setTimeout(r, 10))
    expect(done).toBe(false)
    for (const f of frames.splice(0)) f()
    await vi.waitFor(() => expect(done).toBe(true))
  })

  it('stops waiting after its fallback when no status comes', async () => {
    vi.useFakeTimers()
    const { afterStatusShown, STATUS_SHOWN_FALLBACK_MS } = await import('../../src/renderer/lib/status-shown')
    let done = false
    void afterStatusShown().then(() => (done = true))
    await vi.advanceTimersByTimeAsync(STATUS_SHOWN_FALLBACK_MS - 1)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(done).toBe(true)
  })
})
