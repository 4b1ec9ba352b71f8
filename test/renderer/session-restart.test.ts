/**
 * After the node restarts, a page served by it holds a token the node no longer accepts. The page must say so
 * (session ended, with the way out) instead of retrying the dead token forever, and sign in again from a new link
 * opened in the same tab (a new #code= fragment) without a reload.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CODE_STORAGE_KEY, MissingTokenError, TOKEN_STORAGE_KEY, type ConnectionEnv } from '../../src/renderer/api/connection'
import { setConnectionEnv, useConnectionStore } from '../../src/renderer/stores/connection'
import { statusDto } from './fixtures/dtos'

const ORIGIN = 'http://127.0.0.1:4000'

function fakeEnv(): ConnectionEnv & { store: Map<string, string>; location: { hash: string } } {
  const store = new Map<string, string>([[TOKEN_STORAGE_KEY, 'token-of-the-first-run']])
  const env = {
    store,
    location: { origin: ORIGIN, pathname: '/', search: '', hash: '' },
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    replaceUrl: (url: string) => {
      env.location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : ''
    },
    exchangeCode: vi.fn(async (code: string) => (code === 'new-code' ? 'token-of-the-second-run' : Promise.reject(new Error('unknown code')))),
    forget: (key: string) => void store.delete(key),
  }
  return env
}

/** The restarted node: only the second run's token opens it. */
function nodeAccepting(token: string): typeof fetch {
  return vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const auth = new Headers(init?.headers).get('Authorization')
    if (auth !== `Bearer ${token}`) {
      return new Response(JSON.stringify({ error: { code: 'UNAUTHENTICATED', message: 'The API token is missing or wrong.' } }), { status: 401 })
    }
    return new Response(JSON.stringify(statusDto({ chainId: 'c', height: 7 })), { status: 200 })
  }) as unknown as typeof fetch
}

describe('the session after the node restarts', () => {
  let env: ReturnType<typeof fakeEnv>
  beforeEach(() => {
    setActivePinia(createPinia())
    env = fakeEnv()
    setConnectionEnv(() => env)
    vi.stubGlobal('fetch', nodeAccepting('token-of-the-second-run'))
  })
  afterEach(() => vi.unstubAllGlobals())

  it('says the session ended (not "error" forever), stops using the dead token, and signs in again from a new link', async () => {
    const connection = useConnectionStore()
    const first = await connection.ensureClient()
    await expect(first.status()).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })

    expect(connection.setupProblem).toEqual({ kind: 'session-ended' })
    expect(env.store.get(TOKEN_STORAGE_KEY) ?? null).toBeNull()
    // asking again does not send the dead token again: it waits for a new link, still saying why
    await expect(connection.ensureClient()).rejects.toBeInstanceOf(MissingTokenError)
    expect(connection.setupProblem).toEqual({ kind: 'session-ended' })
    expect(vi.mocked(fetch)).toHaveBeenCalledTimes(1)

    // the user opens the new link in the same tab (`daejang open`): a hashchange, no reload
    env.location.hash = '#code=new-code'
    const second = await connection.signInAgain()
    expect(env.exchangeCode).toHaveBeenCalledWith('new-code')
    expect(connection.setupProblem).toBeNull()
    expect(env.location.hash).toBe('')
    expect(env.store.get(TOKEN_STORAGE_KEY)).toBe('token-of-the-second-run')
    expect(env.store.has(CODE_STORAGE_KEY)).toBe(false)
    await expect(second.status()).resolves.toMatchObject({ height: 7 })
  })

  it('tells a tab that never had a link to open one, naming the #code= links the node prints', async () => {
    env.store.clear()
    const connection = useConnectionStore()
    const err = await connection.ensureClient().catch((e: unknown) => e)
    expect(err).toBeInstanceOf(MissingTokenError)
    expect((err as Error).message).toContain('#code=')
    expect((err as Error).message).not.toContain('#token=')
    expect(connection.setupProblem).toEqual({ kind: 'no-token' })
  })
})
