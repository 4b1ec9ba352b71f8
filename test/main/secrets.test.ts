/** OS secure storage for key records: safeStorage mocked as available, unavailable, and Linux's weak fallback. */
import { beforeEach, describe, expect, it, vi } from 'vitest'

const electron = vi.hoisted(() => {
  const state = { available: true, backend: 'gnome_libsecret' }
  // a reversible stand-in for OS encryption: XOR with 0x5a, tagged so foreign data is recognisable
  const xor = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a))
  return {
    state,
    safeStorage: {
      isEncryptionAvailable: vi.fn(() => state.available),
      getSelectedStorageBackend: vi.fn(() => state.backend),
      encryptString: vi.fn((s: string) => xor(Buffer.from('OS:' + s, 'utf8'))),
      decryptString: vi.fn((b: Buffer) => {
        const s = xor(b).toString('utf8')
        if (!s.startsWith('OS:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
        return s.slice(3)
      }),
    },
  }
})
vi.mock('electron', () => electron)

import { createSecretStore, SecretStorageUnavailableError } from '../../src/main/secrets'

describe('OS secret store (safeStorage)', () => {
  beforeEach(() => {
    electron.state.available = true
    electron.state.backend = 'gnome_libsecret'
    vi.clearAllMocks()
  })

  it('round-trips bytes when encryption is available, and the sealed form differs from the input', async () => {
    const store = createSecretStore(undefined, 'linux')
    const data = new Uint8Array([0, 1, 2, 250, 255, 7])
    const sealed = await store.protect(data)
    expect(sealed).toBeInstanceOf(Uint8Array)
    expect(Buffer.from(sealed!).includes(Buffer.from(data))).toBe(false)
    const back = await store.unprotect(sealed!)
    expect(back).toEqual(data)
    expect(electron.safeStorage.encryptString).toHaveBeenCalledTimes(1)
    // own, exact-size buffers: IPC clones the whole ArrayBuffer behind a view (never Node's shared Buffer pool)
    for (const out of [sealed!, back]) {
      expect(Buffer.isBuffer(out)).toBe(false)
      expect(out.byteOffset).toBe(0)
      expect(out.buffer.byteLength).toBe(out.byteLength)
    }
  })

  it('answers null (no protection) when safeStorage is unavailable, and refuses to unprotect', async () => {
    electron.state.available = false
    const store = createSecretStore(undefined, 'win32')
    expect(store.available()).toBe(false)
    await expect(store.protect(new Uint8Array([1]))).resolves.toBeNull()
    await expect(store.unprotect(new Uint8Array([1]))).rejects.toBeInstanceOf(SecretStorageUnavailableError)
    expect(electron.safeStorage.encryptString).not.toHaveBeenCalled()
  })

  it("treats Linux's basic_text fallback (a fixed, public key) as unavailable", async () => {
    electron.state.backend = 'basic_text'
    const store = createSecretStore(undefined, 'linux')
    expect(store.available()).toBe(false)
    await expect(store.protect(new Uint8Array([1]))).resolves.toBeNull()
    // the backend only matters on Linux
    expect(createSecretStore(undefined, 'darwin').available()).toBe(true)
  })

  it('refuses data that safeStorage cannot decrypt or that this app did not protect', async () => {
    const store = createSecretStore(undefined, 'darwin')
    await expect(store.unprotect(new Uint8Array([1, 2, 3]))).rejects.toThrow()
    const foreign = electron.safeStorage.encryptString('not ours')
    await expect(store.unprotect(new Uint8Array(foreign))).rejects.toThrow(/not protected by this app/)
  })
})
