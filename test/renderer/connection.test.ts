import { describe, expect, it, vi } from 'vitest'
import {
  MissingTokenError,
  resolveApiInfo,
  takeTokenFromHash,
  TOKEN_STORAGE_KEY,
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

  it('fails clearly without a token', async () => {
    await expect(resolveApiInfo(env('#main'))).rejects.toBeInstanceOf(MissingTokenError)
  })

  it('parses fragments', () => {
    expect(takeTokenFromHash('')).toEqual({ token: null, rest: '' })
    expect(takeTokenFromHash('#token=a%2Bb')).toEqual({ token: 'a+b', rest: '' })
    expect(takeTokenFromHash('#token=')).toEqual({ token: null, rest: '' })
  })
})
