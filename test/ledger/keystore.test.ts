import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed, verifyPortable } from '../../src/ledger/crypto/ed25519'
import {
  type KeyFile,
  isEncrypted,
  loadSigner,
  newKeyFile,
  parseKeyFile,
  readKeyFile,
  unlockSeed,
  writeKeyFile,
} from '../../src/ledger/crypto/keystore'
import { Cleanup, codeOf, codeOfSync, seedFor, tempDir } from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const seed = seedFor('keystore/seed')
const pass = '대장 passphrase 1'

/** Encrypting costs a scrypt run; do it once. */
const encrypted: KeyFile = newKeyFile('admin', pass, seed)

describe('keystore: encrypted keys', () => {
  it('round-trips the seed through the passphrase, also after JSON serialization', () => {
    expect(isEncrypted(encrypted)).toBe(true)
    expect(encrypted.publicKey).toBe(toHex(publicKeyFromSeed(seed)))
    expect(JSON.stringify(encrypted)).not.toContain(toHex(seed))
    const parsed = parseKeyFile(JSON.parse(JSON.stringify(encrypted)))
    expect(unlockSeed(parsed, pass)).toEqual(seed)
  })

  it('a wrong or missing passphrase is BAD_KEY', () => {
    expect(codeOfSync(() => unlockSeed(encrypted, pass + 'x'))).toBe('BAD_KEY')
    expect(codeOfSync(() => unlockSeed(encrypted, ''))).toBe('BAD_KEY')
    expect(codeOfSync(() => unlockSeed(encrypted))).toBe('BAD_KEY')
  })

  it('tampering with the ciphertext, tag or public key is BAD_KEY', () => {
    if (encrypted.secret.kind !== 'scrypt-aes256gcm') throw new Error('expected an encrypted key')
    const s = encrypted.secret
    const flipHex = (h: string): string => (h[0] === '0' ? '1' : '0') + h.slice(1)
    for (const k of [
      { ...encrypted, secret: { ...s, ciphertext: flipHex(s.ciphertext) } },
      { ...encrypted, secret: { ...s, tag: flipHex(s.tag) } },
      { ...encrypted, secret: { ...s, iv: flipHex(s.iv) } },
      // the public key is authenticated data: another key's public key does not unlock this seed
      { ...encrypted, publicKey: toHex(publicKeyFromSeed(seedFor('keystore/other'))) },
    ]) {
      expect(codeOfSync(() => unlockSeed(k, pass))).toBe('BAD_KEY')
    }
  })

  it('two encryptions of the same seed differ (fresh salt and IV)', () => {
    const again = newKeyFile('admin', pass, seed)
    if (again.secret.kind !== 'scrypt-aes256gcm' || encrypted.secret.kind !== 'scrypt-aes256gcm') throw new Error()
    expect(again.secret.salt).not.toBe(encrypted.secret.salt)
    expect(again.secret.iv).not.toBe(encrypted.secret.iv)
    expect(again.secret.ciphertext).not.toBe(encrypted.secret.ciphertext)
  })
})

describe('keystore: plain keys and files', () => {
  it('a plain key file is written with mode 0600, whatever the umask, and loads a working signer', () => {
    const dir = tempDir(cleanup)
    const path = join(dir, 'node.json')
    const k = newKeyFile('node', undefined, seed)
    expect(isEncrypted(k)).toBe(false)
    const old = process.umask(0)
    try {
      writeKeyFile(path, k)
    } finally {
      process.umask(old)
    }
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readKeyFile(path)).toEqual(k)
    const signer = loadSigner(path)
    expect(toHex(signer.publicKey)).toBe(k.publicKey)
    const msg = utf8('hello')
    expect(verifyPortable(signer.sign(msg), msg, signer.publicKey)).toBe(true)
  })

  it('an encrypted key file is written with mode 0600 and loads with its passphrase only', () => {
    const path = join(tempDir(cleanup), 'admin.json')
    writeKeyFile(path, encrypted)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(toHex(loadSigner(path, pass).publicKey)).toBe(encrypted.publicKey)
    expect(codeOfSync(() => loadSigner(path, 'wrong'))).toBe('BAD_KEY')
  })

  it('never overwrites an existing key file (BAD_KEY)', () => {
    const path = join(tempDir(cleanup), 'node.json')
    const k = newKeyFile('node', undefined, seed)
    writeKeyFile(path, k)
    const before = readFileSync(path, 'utf8')
    expect(codeOfSync(() => writeKeyFile(path, newKeyFile('node', undefined, seedFor('keystore/other'))))).toBe('BAD_KEY')
    expect(readFileSync(path, 'utf8')).toBe(before)
  })

  it('a missing, unreadable or invalid key file is BAD_KEY', async () => {
    const dir = tempDir(cleanup)
    expect(codeOfSync(() => readKeyFile(join(dir, 'none.json')))).toBe('BAD_KEY')
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{ not json')
    expect(codeOfSync(() => readKeyFile(bad))).toBe('BAD_KEY')
    writeFileSync(bad, JSON.stringify({ format: 'daejang-key/2' }))
    expect(codeOfSync(() => readKeyFile(bad))).toBe('BAD_KEY')
    expect(await codeOf(() => loadSigner(join(dir, 'none.json')))).toBe('BAD_KEY')
  })

  it('a plain key whose seed does not match its public key is BAD_KEY', () => {
    const k = newKeyFile('node', undefined, seed)
    const wrong: KeyFile = { ...k, publicKey: toHex(publicKeyFromSeed(seedFor('keystore/other'))) }
    expect(codeOfSync(() => unlockSeed(wrong))).toBe('BAD_KEY')
    expect(codeOfSync(() => parseKeyFile({ ...k, publicKey: 'ab' }))).toBe('BAD_KEY')
    expect(unlockSeed(k)).toEqual(seed)
  })
})
