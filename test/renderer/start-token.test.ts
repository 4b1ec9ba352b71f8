/** The token in `#token=…` leaves the address before the hash router reads the fragment as a route. */
import { describe, expect, it, vi } from 'vitest'
import { resolveApiInfo, stashTokenFromHash, TOKEN_STORAGE_KEY, type ConnectionEnv } from '../../src/renderer/api/connection'

function env(hash: string, storage: ConnectionEnv['storage'] = null): ConnectionEnv {
  return { location: { origin: 'http://127.0.0.1:4000', pathname: '/', search: '', hash }, storage, replaceUrl: vi.fn() }
}

describe('stashTokenFromHash', () => {
  it('keeps the token and leaves the address without it', () => {
    const store = new Map<string, string>()
    const e = env('#token=abc', { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) })
    expect(stashTokenFromHash(e)).toBe('abc')
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('abc')
    expect(e.replaceUrl).toHaveBeenCalledWith('/')
  })

  it('leaves route fragments alone', () => {
    const e = env('#/explorer/blocks/3')
    expect(stashTokenFromHash(e)).toBeNull()
    expect(e.replaceUrl).not.toHaveBeenCalled()
  })

  it('does nothing in Electron, where the bridge gives the token', () => {
    const e = { ...env('#token=abc'), bridge: {} as ConnectionEnv['bridge'] }
    expect(stashTokenFromHash(e)).toBeNull()
  })

  it('still connects when storage refused the token taken at start', async () => {
    const failing = {
      getItem: () => null,
      setItem: () => {
        throw new Error('denied')
      },
    }
    const first = env('#token=abc', failing)
    const startToken = stashTokenFromHash(first)
    // later, the fragment is gone and storage has nothing
    await expect(resolveApiInfo({ ...env('', failing), startToken })).resolves.toEqual({ url: 'http://127.0.0.1:4000', token: 'abc' })
  })
})
