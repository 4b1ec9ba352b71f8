/**
 * Key files. A seed is stored either encrypted with a passphrase (scrypt, then AES-256-GCM) or, for a node's
 * validator key that must start unattended, in plain text with file mode 0600 (as CometBFT does). Node only.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { fromHex, isHex, toHex } from '../codec/bytes'
import { randomSeed, type Signer } from './ed25519'
import { nodeSigner, publicKeyFromSeedNode } from './ed25519-node'

const SCRYPT = { N: 1 << 15, r: 8, p: 1 }

const KeyFileSchema = z.object({
  format: z.literal('daejang-key/1'),
  name: z.string(),
  publicKey: z.string().refine((s) => isHex(s, 32)),
  createdAt: z.string(),
  secret: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('plain'), seed: z.string().refine((s) => isHex(s, 32)) }),
    z.object({
      kind: z.literal('scrypt-aes256gcm'),
      N: z.number().int(),
      r: z.number().int(),
      p: z.number().int(),
      salt: z.string(),
      iv: z.string(),
      ciphertext: z.string(),
      tag: z.string(),
    }),
  ]),
})

export type KeyFile = z.infer<typeof KeyFileSchema>

export function newKeyFile(name: string, passphrase?: string, seed: Uint8Array = randomSeed()): KeyFile {
  const publicKey = toHex(publicKeyFromSeedNode(seed))
  const createdAt = new Date().toISOString()
  if (passphrase === undefined) {
    return { format: 'daejang-key/1', name, publicKey, createdAt, secret: { kind: 'plain', seed: toHex(seed) } }
  }
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const key = scryptSync(passphrase, salt, 32, { ...SCRYPT, maxmem: 64 << 20 })
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(Buffer.from(publicKey))
  const ciphertext = Buffer.concat([cipher.update(seed), cipher.final()])
  return {
    format: 'daejang-key/1',
    name,
    publicKey,
    createdAt,
    secret: {
      kind: 'scrypt-aes256gcm',
      ...SCRYPT,
      salt: salt.toString('hex'),
      iv: iv.toString('hex'),
      ciphertext: ciphertext.toString('hex'),
      tag: cipher.getAuthTag().toString('hex'),
    },
  }
}

export function parseKeyFile(input: unknown): KeyFile {
  const r = KeyFileSchema.safeParse(input)
  if (!r.success) throw new DaejangError('BAD_KEY', 'not a Daejang key file')
  return r.data
}

export function isEncrypted(k: KeyFile): boolean {
  return k.secret.kind !== 'plain'
}

export function unlockSeed(k: KeyFile, passphrase?: string): Uint8Array {
  let seed: Uint8Array
  if (k.secret.kind === 'plain') {
    seed = fromHex(k.secret.seed)
  } else {
    if (passphrase === undefined) throw new DaejangError('BAD_KEY', `key "${k.name}" is encrypted: a passphrase is needed`)
    const s = k.secret
    try {
      const key = scryptSync(passphrase, Buffer.from(s.salt, 'hex'), 32, { N: s.N, r: s.r, p: s.p, maxmem: 256 << 20 })
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'hex'))
      d.setAAD(Buffer.from(k.publicKey))
      d.setAuthTag(Buffer.from(s.tag, 'hex'))
      seed = new Uint8Array(Buffer.concat([d.update(Buffer.from(s.ciphertext, 'hex')), d.final()]))
    } catch {
      throw new DaejangError('BAD_KEY', `wrong passphrase for key "${k.name}"`)
    }
  }
  if (toHex(publicKeyFromSeedNode(seed)) !== k.publicKey) throw new DaejangError('BAD_KEY', `key file "${k.name}" is corrupt`)
  return seed
}

export function writeKeyFile(path: string, k: KeyFile): void {
  if (existsSync(path)) throw new DaejangError('BAD_KEY', `a key already exists at ${path}`)
  writeFileSync(path, JSON.stringify(k, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
  chmodSync(path, 0o600)
}

export function readKeyFile(path: string): KeyFile {
  let raw: string
  try {
    raw = readFileSync(path, 'utf8')
  } catch {
    throw new DaejangError('BAD_KEY', `no key file at ${path}`)
  }
  try {
    return parseKeyFile(JSON.parse(raw))
  } catch {
    throw new DaejangError('BAD_KEY', `the key file ${path} is not valid`)
  }
}

export function loadSigner(path: string, passphrase?: string): Signer {
  return nodeSigner(unlockSeed(readKeyFile(path), passphrase))
}
