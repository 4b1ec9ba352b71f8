/// <reference lib="dom" />
/**
 * After a key is created and sealed by the OS secure storage (Electron bridge), the keys store asks for an encrypted
 * backup at once (`backupDue`, shown as the backup prompt on /keys); not when the key is protected by the passphrase
 * only (a browser), where the stored record itself is the encrypted copy.
 */
import type {} from '../../src/renderer/env'
import { IDBFactory } from 'fake-indexeddb'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'

function fakeWindow(bridge: unknown): unknown {
  const storage = new Map<string, string>()
  return {
    daejang: bridge,
    localStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    },
    location: { hash: '', search: '', href: 'http://localhost/', origin: 'http://localhost' },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  }
}

/** The preload bridge's secure storage part (the rest rejects: no node in this test). */
const sealingBridge = new Proxy(
  {
    protectSecret: async (data: Uint8Array) => data.map((b) => b ^ 0x5a),
    unprotectSecret: async (data: Uint8Array) => data.map((b) => b ^ 0x5a),
  } as Record<string, unknown>,
  { get: (target, key) => target[key as string] ?? (() => Promise.reject(new Error('no bridge here'))) },
)

async function keysStore(bridge: unknown) {
  vi.resetModules()
  vi.stubGlobal('window', fakeWindow(bridge))
  vi.stubGlobal('indexedDB', new IDBFactory())
  setActivePinia(createPinia())
  const { useKeysStore } = await import('../../src/renderer/stores/keys')
  return useKeysStore()
}

describe('backup prompt after creating a key', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('asks for a backup when the new key is sealed by the OS secure storage, until dismissed', async () => {
    const keys = await keysStore(sealingBridge)
    const meta = await keys.create('Clerk Kim', 'a long passphrase 1')
    expect(meta.protection).toBe('os')
    expect(keys.backupDue).toBe(meta.publicKey)
    keys.dismissBackupPrompt()
    expect(keys.backupDue).toBeNull()
    keys.lock()
  })

  it('does not when the key is protected by the passphrase only', async () => {
    const keys = await keysStore(undefined)
    const meta = await keys.create('Clerk Lee', 'a long passphrase 2')
    expect(meta.protection).toBe('passphrase')
    expect(keys.backupDue).toBeNull()
    keys.lock()
  })
})
