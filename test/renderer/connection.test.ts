import { describe, expect, it, vi } from 'vitest'
import {
  MissingTokenError,
  resolveApiInfo,
  takeTokenFromHash,
  TOKEN_STORAGE_KEY,
  CODE_STORAGE_KEY,
  type ConnectionEnv,
} from '../../src/renderer/api/connection'
import type { DaejangBridge } from '../../src/shared/bridge'

function env(hash: string, stored: Record<string, string> = {}): ConnectionEnv & { store: Map<string, string> } {
  const store = new Map(Object.entries(stored))
  return {
    store,
    location: { origin: 'http://127.0.0.1:4000', pathname: '/', search: '?x=1', hash },
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    replaceUrl: vi.fn(),
  }
}

describe('API address and token', () => {
  it('asks the Electron bridge when there is one', async () => {
    const bridge = { version: 1, apiInfo: vi.fn(async () => ({ url: 'http://127.0.0.1:9', token: 't' })) }
    const e = { ...env('#token=ignored'), bridge: bridge as unknown as DaejangBridge }
    await expect(resolveApiInfo(e)).resolves.toEqual({ url: 'http://127.0.0.1:9', token: 't' })
    expect(e.replaceUrl).not.toHaveBeenCalled()
  })

  it('takes the token from the fragment once, keeps it and cleans the address bar', async () => {
    const e = env('#token=abc123&view=blocks')
    await expect(resolveApiInfo(e)).resolves.toEqual({ url: 'http://127.0.0.1:4000', token: 'abc123' })
    expect(e.store.get(TOKEN_STORAGE_KEY)).toBe('abc123')
    expect(e.replaceUrl).toHaveBeenCalledWith('/?x=1#view=blocks')
  })

  it('uses the kept token after a reload', async () => {
    const e = env('', { [TOKEN_STORAGE_KEY]: 'kept' })
    await expect(resolveApiInfo(e)).resolves.toEqual({ url: 'http://127.0.0.1:4000', token: 'kept' })
    expect(e.replaceUrl).not.toHaveBeenCalled()
  })

  it('exchanges a one-time sign-in code from the fragment for the token, once, and keeps the token', async () => {
    const e = env('#code=onetime123&view=blocks', { [TOKEN_STORAGE_KEY]: 'stale-from-an-earlier-start' })
    const exchangeCode = vi.fn(async (code: string) => (code === 'onetime123' ? 'fresh' : Promise.reject(new Error('used'))))
    const forget = vi.fn((k: string) => void e.store.delete(k))
    const withExchange = { ...e, exchangeCode, forget }
    await expect(resolveApiInfo(withExchange)).resolves.toEqual({ url: 'http://127.0.0.1:4000', token: 'fresh' })
    expect(exchangeCode).toHaveBeenCalledOnce()
    expect(e.store.get(TOKEN_STORAGE_KEY)).toBe('fresh')
    expect(e.store.has(CODE_STORAGE_KEY)).toBe(false)
    expect(e.replaceUrl).toHaveBeenCalledWith('/?x=1#view=blocks')
    // a reload: the code is gone, the kept token is used
    const reload = { ...env('', Object.fromEntries(e.store)), exchangeCode, forget }
    await expect(resolveApiInfo(reload)).resolves.toEqual({ url: 'http://127.0.0.1:4000', token: 'fresh' })
    expect(exchangeCode).toHaveBeenCalledOnce()
  })

  it('fails clearly without a token', async () => {
    await expect(resolveApiInfo(env('#main'))).rejects.toBeInstanceOf(MissingTokenError)
  })

  it('parses fragments', () => {
    expect(takeTokenFromHash('')).toEqual({ token: null, rest: '' })
    expect(takeTokenFromHash('#token=a%2Bb')).toEqual({ token: 'a+b', rest: '' })
    expect(takeTokenFromHash('#token=')).toEqual({ token: null, rest: '' })
  })
})

describe('a new sign-in link in an open tab', () => {
  it('is recognised even after the hash router rewrote it as a route (#/code=…), and other routes are not', async () => {
    const { hasSignIn, takeParamFromHash } = await import('../../src/renderer/api/connection')
    expect(hasSignIn('#code=abc')).toBe(true)
    expect(hasSignIn('#/code=abc')).toBe(true)
    expect(hasSignIn('#/token=abc')).toBe(true)
    expect(hasSignIn('#/outbox')).toBe(false)
    expect(hasSignIn('#/explorer?before=20')).toBe(false)
    expect(takeParamFromHash('#/code=abc', 'code')).toEqual({ value: 'abc', rest: '' })
    expect(takeParamFromHash('#/outbox', 'code')).toEqual({ value: null, rest: '#/outbox' })
  })
})
