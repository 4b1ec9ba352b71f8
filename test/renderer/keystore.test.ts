/// <reference lib="dom" />
/**
 * Keys on the device (src/renderer/lib/keystore.ts): scrypt + AES-256-GCM round trip, wrong passphrase and tampering
 * refused, IndexedDB storage (fake-indexeddb) with and without OS secure storage, and backups that the node's own key
 * file code (the CLI) reads, and back.
 */
import { IDBFactory } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { newKeyFile, parseKeyFile, unlockSeed } from '../../src/ledger/crypto/keystore'
import { openDb, STORES } from '../../src/renderer/lib/idb'
import {
  decryptSeed,
  encryptSeed,
  generateSeed,
  KDF_PARAMS,
  KeyStore,
  KeystoreError,
  parseBackupFile,
  passphraseStrength,
  WrongPassphraseError,
  type EncryptedSecret,
  type SecretProtector,
  type StoredKey,
} from '../../src/renderer/lib/keystore'

/** Cheap scrypt for most tests; one test uses the real parameters. */
const FAST = { N: 1 << 10, r: 8, p: 1 }
const PASS = 'correct horse battery staple'

function fresh(): { seed: Uint8Array; publicKey: string } {
  const seed = generateSeed()
  return { seed, publicKey: toHex(publicKeyFromSeed(seed)) }
}

async function newStore(protector: SecretProtector | null = null) {
  const db = await openDb(new IDBFactory(), 'keystore-test')
  return { db, store: new KeyStore(db, protector) }
}

const flip = (hex: string, at = 0): string => {
  const b = parseInt(hex.slice(at, at + 2), 16) ^ 0x01
  return hex.slice(0, at) + b.toString(16).padStart(2, '0') + hex.slice(at + 2)
}

describe('seed encryption', () => {
  it('generates 32 random bytes per seed', () => {
    const a = generateSeed()
    const b = generateSeed()
    expect(a).toHaveLength(32)
    expect(toHex(a)).not.toBe(toHex(b))
  })

  it('round-trips a seed under its passphrase and reports scrypt progress up to 1', async () => {
    const { seed, publicKey } = fresh()
    const progress: number[] = []
    const secret = await encryptSeed(seed, publicKey, PASS, { params: FAST, onProgress: (p) => progress.push(p) })
    expect(secret).toMatchObject({ kind: 'scrypt-aes256gcm', N: FAST.N, r: 8, p: 1 })
    expect(secret.ciphertext).toHaveLength(64)
    expect(secret.tag).toHaveLength(32)
    expect(JSON.stringify(secret)).not.toContain(toHex(seed))
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toBe(1)
    await expect(decryptSeed(secret, publicKey, PASS)).resolves.toEqual(seed)
  })

  it('uses fresh salt and IV every time', async () => {
    const { seed, publicKey } = fresh()
    const a = await encryptSeed(seed, publicKey, PASS, { params: FAST })
    const b = await encryptSeed(seed, publicKey, PASS, { params: FAST })
    expect(a.salt).not.toBe(b.salt)
    expect(a.iv).not.toBe(b.iv)
    expect(a.ciphertext).not.toBe(b.ciphertext)
  })

  it('refuses a wrong passphrase', async () => {
    const { seed, publicKey } = fresh()
    const secret = await encryptSeed(seed, publicKey, PASS, { params: FAST })
    await expect(decryptSeed(secret, publicKey, PASS + '!')).rejects.toBeInstanceOf(WrongPassphraseError)
    await expect(decryptSeed(secret, publicKey, '')).rejects.toBeInstanceOf(WrongPassphraseError)
  })

  it('refuses tampered ciphertext, tag, IV, salt, or another public key (AAD)', async () => {
    const { seed, publicKey } = fresh()
    const secret = await encryptSeed(seed, publicKey, PASS, { params: FAST })
    const tampered: EncryptedSecret[] = [
      { ...secret, ciphertext: flip(secret.ciphertext, 10) },
      { ...secret, tag: flip(secret.tag) },
      { ...secret, iv: flip(secret.iv) },
      { ...secret, salt: flip(secret.salt) },
    ]
    for (const t of tampered) await expect(decryptSeed(t, publicKey, PASS)).rejects.toBeInstanceOf(WrongPassphraseError)
    const other = fresh().publicKey
    await expect(decryptSeed(secret, other, PASS)).rejects.toBeInstanceOf(WrongPassphraseError)
  })

  it('refuses malformed records and absurd scrypt costs before deriving anything', async () => {
    const { seed, publicKey } = fresh()
    const secret = await encryptSeed(seed, publicKey, PASS, { params: FAST })
    for (const bad of [
      { ...secret, N: 1 << 24 },
      { ...secret, N: 1000 },
      { ...secret, r: 64 },
      { ...secret, ciphertext: secret.ciphertext.slice(2) },
      { ...secret, iv: 'zz' },
    ]) {
      await expect(decryptSeed(bad, publicKey, PASS)).rejects.toBeInstanceOf(KeystoreError)
    }
  })

  it('grades passphrases (a hint only)', () => {
    expect(passphraseStrength('short')).toBe(0)
    expect(passphraseStrength('abcdefgh')).toBe(1)
    expect(passphraseStrength('abcdefghijkl')).toBeGreaterThanOrEqual(1)
    expect(passphraseStrength('Correct horse 7 battery')).toBe(4)
    expect(passphraseStrength('가나다라마바사아자차카타')).toBeGreaterThanOrEqual(1)
  })
})

describe('key files shared with the node and the CLI (daejang-key/1)', () => {
  it('a backup exported here is unlocked by the CLI code with the real scrypt parameters', async () => {
    const { store } = await newStore()
    const { seed, publicKey } = fresh()
    await store.add({ seed, name: 'Clerk Kim', passphrase: PASS, origin: 'created' })
    const { fileName, text } = await store.exportBackup(publicKey)
    expect(fileName).toMatch(/^daejang-key-Clerk-Kim-[0-9a-f]{8}\.json$/)
    expect(text).not.toContain(toHex(seed))
    const file = parseKeyFile(JSON.parse(text))
    expect(file.secret).toMatchObject({ kind: 'scrypt-aes256gcm', ...KDF_PARAMS })
    expect(unlockSeed(file, PASS)).toEqual(seed)
    expect(() => unlockSeed(file, 'wrong passphrase')).toThrow(/wrong passphrase/)
  })

  it('a key file written by the CLI imports here, after its passphrase is checked', async () => {
    const { store } = await newStore()
    const { seed, publicKey } = fresh()
    const text = JSON.stringify(newKeyFile('cli key', PASS, seed))
    await expect(store.importBackup(text, 'not it')).rejects.toBeInstanceOf(WrongPassphraseError)
    expect(await store.list()).toEqual([])
    const meta = await store.importBackup(text, PASS)
    expect(meta).toMatchObject({ publicKey, name: 'cli key', origin: 'imported' })
    await expect(store.unlock(publicKey, PASS)).resolves.toEqual(seed)
  })

  it('refuses plain (unencrypted) key files and other JSON', () => {
    const plain = JSON.stringify(newKeyFile('plain', undefined, generateSeed()))
    expect(() => parseBackupFile(plain)).toThrow(/passphrase-encrypted/)
    expect(() => parseBackupFile('{"format":"other"}')).toThrow(KeystoreError)
    expect(() => parseBackupFile('not json')).toThrow(KeystoreError)
  })
})

describe('KeyStore on IndexedDB', () => {
  it('adds, lists, unlocks, renames and deletes keys; the stored record holds no plain seed', async () => {
    const { db, store } = await newStore()
    const a = fresh()
    const b = fresh()
    await store.add({ seed: a.seed, name: '  Front   desk ', passphrase: PASS, origin: 'created', kdf: FAST })
    await store.add({ seed: b.seed, name: 'Local admin', passphrase: 'another passphrase', origin: 'local-admin', agency: 'local', kdf: FAST })
    const list = await store.list()
    expect(list.map((k) => k.name)).toEqual(['Front desk', 'Local admin'])
    expect(list[1]).toMatchObject({ origin: 'local-admin', agency: 'local', protection: 'passphrase' })
    expect(list[0]).not.toHaveProperty('secret')

    const raw = await db.get<StoredKey>(STORES.keys.name, a.publicKey)
    expect(raw?.secret?.kind).toBe('scrypt-aes256gcm')
    expect(JSON.stringify(raw)).not.toContain(toHex(a.seed))

    await expect(store.unlock(a.publicKey, PASS)).resolves.toEqual(a.seed)
    await expect(store.unlock(b.publicKey, PASS)).rejects.toBeInstanceOf(WrongPassphraseError)

    await store.rename(a.publicKey, 'Counter 2')
    expect((await store.list())[0]!.name).toBe('Counter 2')
    await store.remove(a.publicKey)
    expect((await store.list()).map((k) => k.publicKey)).toEqual([b.publicKey])
    await expect(store.unlock(a.publicKey, PASS)).rejects.toMatchObject({ reason: 'missing' })
  })

  it('refuses a key twice, short passphrases and empty names', async () => {
    const { store } = await newStore()
    const a = fresh()
    await expect(store.add({ seed: a.seed, name: 'x', passphrase: 'short', origin: 'created', kdf: FAST })).rejects.toMatchObject({
      reason: 'weak-passphrase',
    })
    await expect(store.add({ seed: a.seed, name: '   ', passphrase: PASS, origin: 'created', kdf: FAST })).rejects.toMatchObject({
      reason: 'bad-name',
    })
    await store.add({ seed: a.seed, name: 'x', passphrase: PASS, origin: 'created', kdf: FAST })
    await expect(store.add({ seed: a.seed, name: 'y', passphrase: PASS, origin: 'created', kdf: FAST })).rejects.toMatchObject({
      reason: 'exists',
    })
  })

  it('wraps the record with OS secure storage when the bridge offers it', async () => {
    const sealedWith = new Uint8Array([0xa5])
    const protector: SecretProtector = {
      protectSecret: async (d) => new Uint8Array([...sealedWith, ...d.map((x) => x ^ 0xa5)]),
      unprotectSecret: async (d) => {
        if (d[0] !== 0xa5) throw new Error('not ours')
        return d.slice(1).map((x) => x ^ 0xa5)
      },
    }
    const { db, store } = await newStore(protector)
    const a = fresh()
    const meta = await store.add({ seed: a.seed, name: 'sealed', passphrase: PASS, origin: 'created', kdf: FAST })
    expect(meta.protection).toBe('os')
    const raw = await db.get<StoredKey>(STORES.keys.name, a.publicKey)
    expect(raw?.secret).toBeUndefined()
    expect(raw?.sealed).toBeInstanceOf(Uint8Array)
    expect(new TextDecoder().decode(raw!.sealed)).not.toContain('scrypt')
    await expect(store.unlock(a.publicKey, PASS)).resolves.toEqual(a.seed)
    // the backup is unwrapped first: still the passphrase-encrypted key file
    const { text } = await store.exportBackup(a.publicKey)
    expect(unlockSeed(parseKeyFile(JSON.parse(text)), PASS)).toEqual(a.seed)

    // the same record where the OS storage cannot open it
    const broken = new KeyStore(db, { protectSecret: async () => null, unprotectSecret: async () => Promise.reject(new Error('locked')) })
    await expect(broken.unlock(a.publicKey, PASS)).rejects.toMatchObject({ reason: 'os-storage' })
    const none = new KeyStore(db, null)
    await expect(none.unlock(a.publicKey, PASS)).rejects.toMatchObject({ reason: 'os-storage' })
  })

  it('keeps passphrase-only protection when the OS storage is unavailable (protect answers null)', async () => {
    const { store } = await newStore({ protectSecret: async () => null, unprotectSecret: async (d) => d })
    const a = fresh()
    const meta = await store.add({ seed: a.seed, name: 'browser-like', passphrase: PASS, origin: 'created', kdf: FAST })
    expect(meta.protection).toBe('passphrase')
    await expect(store.unlock(a.publicKey, PASS)).resolves.toEqual(a.seed)
  })
})

describe('first run', () => {
  it('sends the first visit of the home screen to /welcome only while no key exists', async () => {
    const { firstRunRedirect } = await import('../../src/renderer/features/keys/first-run')
    expect(firstRunRedirect('/', 0)).toBe('/welcome')
    expect(firstRunRedirect('', 0)).toBe('/welcome')
    expect(firstRunRedirect('/', 1)).toBeNull()
    expect(firstRunRedirect('/explorer', 0)).toBeNull() // a deliberate address is respected
    expect(firstRunRedirect('/', null)).toBeNull() // storage unavailable: do not get in the way
  })
})
