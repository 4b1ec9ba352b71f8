/**
 * OS secure storage for the renderer's key records (Electron `safeStorage`: Keychain on macOS, DPAPI on Windows,
 * libsecret or KWallet on Linux). The renderer already encrypts a key's seed with the user's passphrase; this wraps
 * that record once more so that a copied profile folder is useless on another account or machine.
 *
 * On Linux, when no password manager is found, Chromium falls back to the `basic_text` backend, which encrypts with a
 * fixed, public key: that is no protection, so it counts as unavailable (the UI then says "passphrase only").
 */
import { safeStorage } from 'electron'

/** The part of Electron's SafeStorage used here (tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  getSelectedStorageBackend?(): string
}

export interface SecretStore {
  available(): boolean
  protect(data: Uint8Array): Promise<Uint8Array | null>
  unprotect(data: Uint8Array): Promise<Uint8Array>
}

/** Prefix inside the OS-encrypted string, so foreign or damaged data is recognised on the way back. */
const MAGIC = 'daejang-secret/1:'
const WEAK_LINUX_BACKENDS = new Set(['basic_text', 'unknown'])

export class SecretStorageUnavailableError extends Error {
  constructor() {
    super('The operating system secure storage is not available.')
    this.name = 'SecretStorageUnavailableError'
  }
}

export function createSecretStore(storage: SafeStorageLike = safeStorage, platform: string = process.platform): SecretStore {
  const available = (): boolean => {
    try {
      if (!storage.isEncryptionAvailable()) return false
      if (platform === 'linux' && storage.getSelectedStorageBackend) {
        return !WEAK_LINUX_BACKENDS.has(storage.getSelectedStorageBackend())
      }
      return true
    } catch {
      return false
    }
  }
  return {
    available,
    async protect(data) {
      if (!available()) return null
      // copies: a small Buffer may be a view into Node's shared pool, and IPC would send the whole pool along
      return new Uint8Array(storage.encryptString(MAGIC + Buffer.from(data).toString('base64')))
    },
    async unprotect(data) {
      if (!available()) throw new SecretStorageUnavailableError()
      const text = storage.decryptString(Buffer.from(data))
      if (!text.startsWith(MAGIC)) throw new Error('The data was not protected by this app.')
      return new Uint8Array(Buffer.from(text.slice(MAGIC.length), 'base64'))
    },
  }
}
