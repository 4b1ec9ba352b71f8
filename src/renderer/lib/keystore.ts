/**
 * Staff keys on this device (docs/adr/0010). An Ed25519 seed is generated here (crypto.getRandomValues), encrypted
 * under the user's passphrase — scrypt (N=2^15, r=8, p=1, run asynchronously with progress) then AES-256-GCM through
 * WebCrypto with the public key as associated data — and stored in IndexedDB. Where the OS offers secure storage
 * (Electron `safeStorage`, through the preload bridge) the encrypted record is wrapped once more.
 *
 * The encrypted form is the node's key file format (`daejang-key/1`, `scrypt-aes256gcm`, see
 * src/ledger/crypto/keystore.ts): a backup exported here is a key file the `daejang` CLI can use, and back.
 * The passphrase and the seed never leave this module except as the caller's own values.
 */
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { fromHex, isHex, toHex, utf8 } from '../../ledger/codec/bytes'
import { publicKeyFromSeed, SEED_BYTES } from '../../ledger/crypto/ed25519'
import { STORES, type Db } from './idb'

export const KDF_PARAMS = { N: 1 << 15, r: 8, p: 1 } as const
/** Highest scrypt cost accepted from an imported file (memory grows with N·r). */
const MAX_IMPORT_N = 1 << 20
const MAX_IMPORT_R = 16
const MAX_IMPORT_P = 4
export const MIN_PASSPHRASE_LENGTH = 8
export const MAX_NAME_LENGTH = 80

export interface KdfParams {
  N: number
  r: number
  p: number
}

/** The seed encrypted with a passphrase; the `secret` of a `daejang-key/1` file. Hex strings. */
export interface EncryptedSecret {
  kind: 'scrypt-aes256gcm'
  N: number
  r: number
  p: number
  salt: string
  iv: string
  ciphertext: string
  tag: string
}

export type KeyOrigin = 'created' | 'local-admin' | 'imported'
export type KeyProtection = 'passphrase' | 'os'

/** What the app may know and show about a key without unlocking it. */
export interface KeyMeta {
  publicKey: string
  name: string
  /** ISO date */
  createdAt: string
  origin: KeyOrigin
  /** 'os': the encrypted record is additionally sealed by the OS secure storage */
  protection: KeyProtection
  /** for the local administrator key: its agency */
  agency?: string
}

/** As stored in IndexedDB: either the encrypted secret, or the same sealed by the OS (JSON bytes). */
export interface StoredKey extends KeyMeta {
  secret?: EncryptedSecret
  sealed?: Uint8Array
}

/** The OS secure storage as the preload bridge offers it (null from protect: unavailable). */
export interface SecretProtector {
  protectSecret(data: Uint8Array): Promise<Uint8Array | null>
  unprotectSecret(data: Uint8Array): Promise<Uint8Array>
}

export type Progress = (fraction: number) => void

export class WrongPassphraseError extends Error {
  constructor() {
    super('The passphrase is wrong, or the stored key is damaged.')
    this.name = 'WrongPassphraseError'
  }
}

export class KeystoreError extends Error {
  readonly reason: 'exists' | 'missing' | 'corrupt' | 'os-storage' | 'bad-file' | 'weak-passphrase' | 'bad-name'
  constructor(reason: KeystoreError['reason'], message: string) {
    super(message)
    this.name = 'KeystoreError'
    this.reason = reason
  }
}

function cryptoApi(): Crypto {
  const c = globalThis.crypto
  if (!c?.subtle || !c.getRandomValues) throw new Error('WebCrypto is not available')
  return c
}

export function randomBytes(n: number): Uint8Array {
  return cryptoApi().getRandomValues(new Uint8Array(n))
}

/** A fresh Ed25519 seed (32 random bytes). */
export function generateSeed(): Uint8Array {
  return randomBytes(SEED_BYTES)
}

/** Copy into a fresh ArrayBuffer-backed array (WebCrypto's types want ArrayBuffer, not SharedArrayBuffer). */
function buf(b: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(b.length)
  out.set(b)
  return out
}

async function aesKey(passphrase: string, salt: Uint8Array, params: KdfParams, onProgress?: Progress): Promise<CryptoKey> {
  const raw = await scryptAsync(passphrase, salt, {
    ...params,
    dkLen: 32,
    asyncTick: 16,
    ...(onProgress && { onProgress }),
  })
  try {
    return await cryptoApi().subtle.importKey('raw', buf(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt'])
  } finally {
    raw.fill(0)
  }
}

/** Encrypt a seed under a passphrase, bound to its public key (AAD: the key's hex, as the node's key files do). */
export async function encryptSeed(
  seed: Uint8Array,
  publicKey: string,
  passphrase: string,
  options: { params?: KdfParams; onProgress?: Progress } = {},
): Promise<EncryptedSecret> {
  const params = options.params ?? KDF_PARAMS
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const key = await aesKey(passphrase, salt, params, options.onProgress)
  const sealed = new Uint8Array(
    await cryptoApi().subtle.encrypt({ name: 'AES-GCM', iv: buf(iv), additionalData: buf(utf8(publicKey)), tagLength: 128 }, key, buf(seed)),
  )
  return {
    kind: 'scrypt-aes256gcm',
    N: params.N,
    r: params.r,
    p: params.p,
    salt: toHex(salt),
    iv: toHex(iv),
    ciphertext: toHex(sealed.subarray(0, sealed.length - 16)),
    tag: toHex(sealed.subarray(sealed.length - 16)),
  }
}

/** Decrypt and check that the seed belongs to the public key. WrongPassphraseError for a wrong passphrase or tampering. */
export async function decryptSeed(
  secret: EncryptedSecret,
  publicKey: string,
  passphrase: string,
  options: { onProgress?: Progress } = {},
): Promise<Uint8Array> {
  checkSecret(secret)
  const key = await aesKey(passphrase, fromHex(secret.salt), secret, options.onProgress)
  let seed: Uint8Array
  try {
    seed = new Uint8Array(
      await cryptoApi().subtle.decrypt(
        { name: 'AES-GCM', iv: buf(fromHex(secret.iv)), additionalData: buf(utf8(publicKey)), tagLength: 128 },
        key,
        buf(fromHex(secret.ciphertext + secret.tag)),
      ),
    )
  } catch {
    throw new WrongPassphraseError()
  }
  if (seed.length !== SEED_BYTES || toHex(publicKeyFromSeed(seed)) !== publicKey) {
    seed.fill(0)
    throw new KeystoreError('corrupt', 'The stored key does not match its public key.')
  }
  return seed
}

function checkSecret(s: EncryptedSecret): void {
  const ok =
    s.kind === 'scrypt-aes256gcm' &&
    Number.isInteger(s.N) &&
    s.N >= 2 &&
    s.N <= MAX_IMPORT_N &&
    (s.N & (s.N - 1)) === 0 &&
    Number.isInteger(s.r) &&
    s.r >= 1 &&
    s.r <= MAX_IMPORT_R &&
    Number.isInteger(s.p) &&
    s.p >= 1 &&
    s.p <= MAX_IMPORT_P &&
    isHex(s.salt) &&
    s.salt.length >= 16 &&
    isHex(s.iv, 12) &&
    isHex(s.ciphertext, SEED_BYTES) &&
    isHex(s.tag, 16)
  if (!ok) throw new KeystoreError('bad-file', 'The key record is not a supported encrypted key.')
}

/** 0 (too short) … 4 (strong): a hint only, from length and character variety. */
export function passphraseStrength(p: string): 0 | 1 | 2 | 3 | 4 {
  const length = [...p].length
  if (length < MIN_PASSPHRASE_LENGTH) return 0
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length
  const score = (length >= 12 ? 1 : 0) + (length >= 16 ? 1 : 0) + (classes >= 2 ? 1 : 0) + (classes >= 3 ? 1 : 0)
  return Math.max(1, Math.min(4, score)) as 1 | 2 | 3 | 4
}

export function normalizeName(name: string): string {
  const n = name.trim().replace(/\s+/g, ' ')
  if (n.length === 0 || n.length > MAX_NAME_LENGTH) {
    throw new KeystoreError('bad-name', `A key name has 1 to ${MAX_NAME_LENGTH} characters.`)
  }
  return n
}

/** The `daejang-key/1` JSON of a key: its encrypted backup (never the plain seed). */
export interface KeyBackupFile {
  format: 'daejang-key/1'
  name: string
  publicKey: string
  createdAt: string
  secret: EncryptedSecret
}

export function parseBackupFile(text: string): KeyBackupFile {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    throw new KeystoreError('bad-file', 'The file is not JSON.')
  }
  const o = v as Partial<KeyBackupFile> | null
  if (!o || typeof o !== 'object' || o.format !== 'daejang-key/1' || typeof o.publicKey !== 'string' || !isHex(o.publicKey, 32)) {
    throw new KeystoreError('bad-file', 'The file is not a Daejang key file.')
  }
  if (!o.secret || typeof o.secret !== 'object' || o.secret.kind !== 'scrypt-aes256gcm') {
    throw new KeystoreError('bad-file', 'Only passphrase-encrypted key files can be imported.')
  }
  checkSecret(o.secret)
  return {
    format: 'daejang-key/1',
    name: typeof o.name === 'string' && o.name.trim() !== '' ? o.name.slice(0, MAX_NAME_LENGTH) : 'imported key',
    publicKey: o.publicKey,
    createdAt: typeof o.createdAt === 'string' ? o.createdAt : new Date().toISOString(),
    secret: o.secret,
  }
}

function metaOf(k: StoredKey): KeyMeta {
  return {
    publicKey: k.publicKey,
    name: k.name,
    createdAt: k.createdAt,
    origin: k.origin,
    protection: k.protection,
    ...(k.agency !== undefined && { agency: k.agency }),
  }
}

/** Keys in IndexedDB, optionally sealed by the OS secure storage. */
export class KeyStore {
  private readonly db: Db
  private readonly protector: SecretProtector | null

  constructor(db: Db, protector: SecretProtector | null) {
    this.db = db
    this.protector = protector
  }

  async list(): Promise<KeyMeta[]> {
    const all = await this.db.getAll<StoredKey>(STORES.keys.name)
    return all.map(metaOf).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.name.localeCompare(b.name))
  }

  async has(publicKey: string): Promise<boolean> {
    return (await this.db.get<StoredKey>(STORES.keys.name, publicKey)) !== undefined
  }

  /**
   * Encrypt a seed under the passphrase and store it. The caller's seed array is not kept (the caller wipes it).
   * Returns the stored key's description.
   */
  async add(params: {
    seed: Uint8Array
    name: string
    passphrase: string
    origin: KeyOrigin
    agency?: string
    onProgress?: Progress
    kdf?: KdfParams
  }): Promise<KeyMeta> {
    if ([...params.passphrase].length < MIN_PASSPHRASE_LENGTH) {
      throw new KeystoreError('weak-passphrase', `A passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters.`)
    }
    const name = normalizeName(params.name)
    const publicKey = toHex(publicKeyFromSeed(params.seed))
    if (await this.has(publicKey)) throw new KeystoreError('exists', 'This key is already on this device.')
    const secret = await encryptSeed(params.seed, publicKey, params.passphrase, {
      ...(params.kdf && { params: params.kdf }),
      ...(params.onProgress && { onProgress: params.onProgress }),
    })
    const meta: KeyMeta = {
      publicKey,
      name,
      createdAt: new Date().toISOString(),
      origin: params.origin,
      protection: 'passphrase',
      ...(params.agency !== undefined && { agency: params.agency }),
    }
    return this.store(meta, secret)
  }

  /** Store an already encrypted backup (its passphrase checked first, so nothing unusable is kept). */
  async importBackup(text: string, passphrase: string, onProgress?: Progress): Promise<KeyMeta> {
    const file = parseBackupFile(text)
    if (await this.has(file.publicKey)) throw new KeystoreError('exists', 'This key is already on this device.')
    const seed = await decryptSeed(file.secret, file.publicKey, passphrase, onProgress ? { onProgress } : {})
    seed.fill(0)
    const meta: KeyMeta = {
      publicKey: file.publicKey,
      name: normalizeName(file.name),
      createdAt: file.createdAt,
      origin: 'imported',
      protection: 'passphrase',
    }
    return this.store(meta, file.secret)
  }

  private async store(meta: KeyMeta, secret: EncryptedSecret): Promise<KeyMeta> {
    let record: StoredKey = { ...meta, secret }
    if (this.protector) {
      const sealed = await this.protector.protectSecret(utf8(JSON.stringify(secret)))
      if (sealed) record = { ...meta, protection: 'os', sealed }
    }
    await this.db.put(STORES.keys.name, record)
    return metaOf(record)
  }

  private async secretOf(publicKey: string): Promise<{ record: StoredKey; secret: EncryptedSecret }> {
    const record = await this.db.get<StoredKey>(STORES.keys.name, publicKey)
    if (!record) throw new KeystoreError('missing', 'This key is not on this device.')
    if (record.protection === 'os') {
      if (!this.protector || !record.sealed) {
        throw new KeystoreError('os-storage', "This key is sealed by the operating system's secure storage, which is not available here.")
      }
      let bytes: Uint8Array
      try {
        bytes = await this.protector.unprotectSecret(record.sealed)
      } catch {
        throw new KeystoreError('os-storage', "The operating system's secure storage could not open this key.")
      }
      try {
        const secret = JSON.parse(new TextDecoder().decode(bytes)) as EncryptedSecret
        checkSecret(secret)
        return { record, secret }
      } catch {
        throw new KeystoreError('corrupt', 'The stored key is damaged.')
      }
    }
    if (!record.secret) throw new KeystoreError('corrupt', 'The stored key is damaged.')
    return { record, secret: record.secret }
  }

  /** The seed, for the caller to hold in memory while unlocked. */
  async unlock(publicKey: string, passphrase: string, onProgress?: Progress): Promise<Uint8Array> {
    const { secret } = await this.secretOf(publicKey)
    return decryptSeed(secret, publicKey, passphrase, onProgress ? { onProgress } : {})
  }

  async rename(publicKey: string, name: string): Promise<KeyMeta> {
    const record = await this.db.get<StoredKey>(STORES.keys.name, publicKey)
    if (!record) throw new KeystoreError('missing', 'This key is not on this device.')
    const next = { ...record, name: normalizeName(name) }
    await this.db.put(STORES.keys.name, next)
    return metaOf(next)
  }

  async remove(publicKey: string): Promise<void> {
    await this.db.delete(STORES.keys.name, publicKey)
  }

  /** The encrypted backup as `daejang-key/1` JSON text (the seed stays encrypted under the passphrase). */
  async exportBackup(publicKey: string): Promise<{ fileName: string; text: string }> {
    const { record, secret } = await this.secretOf(publicKey)
    const file: KeyBackupFile = {
      format: 'daejang-key/1',
      name: record.name,
      publicKey: record.publicKey,
      createdAt: record.createdAt,
      secret,
    }
    const safeName = record.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'key'
    return { fileName: `daejang-key-${safeName}-${publicKey.slice(0, 8)}.json`, text: JSON.stringify(file, null, 2) + '\n' }
  }
}
