/**
 * A node's backup file (server/backup, docs/adr/0065): the round trip (a running node backed up, restored into an
 * empty home, opened: the same head, app hash, keys and config), and the tamper corpus — the file cut at many
 * offsets, a byte flipped in the header and in a part, parts swapped or dropped, a wrong passphrase, another chain's
 * backup, a home that is not empty, hostile header sizes — each refused with its stable code and nothing written.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Home, initHome } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { Store } from '../../src/ledger/store/store'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { toHex } from '../../src/ledger/codec/bytes'
import { createBackup } from '../../src/server/backup/create'
import { BACKUP_MAGIC, MAX_HEADER_BYTES, MIN_CHUNK_BYTES } from '../../src/server/backup/format'
import { readBackupHeader, restoreFromBackup } from '../../src/server/backup/restore'
import { FENCE_FILE, readFence } from '../../src/server/backup/fence'
import { BackupUpload } from '../../src/server/backup/upload'
import { Cleanup, tempDir } from '../ledger/helpers'

const cleanup = new Cleanup()
const PASS = 'correct horse battery staple'
/** cheap scrypt for tests (the file says which it uses) */
const CHEAP = { N: 1 << 10, r: 8, p: 1 }
let root: string
let src: { home: Home; node: LedgerNode }
let withStore: Buffer
let keysOnly: Buffer

async function backupBytes(home: Home, node: LedgerNode | null, pass = PASS, chunkBytes = MIN_CHUNK_BYTES): Promise<Buffer> {
  const parts: Buffer[] = []
  await createBackup({ home, passphrase: pass, store: node ? node.store : null, chunkBytes, scrypt: CHEAP }, async (b) => {
    parts.push(Buffer.from(b))
  })
  return Buffer.concat(parts)
}

async function* chunksOf(b: Buffer, size = 7919): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size)
}

let n = 0
const fresh = (): string => join(root, `target-${n++}`)

async function refused(bytes: Buffer, target = fresh(), pass = PASS, opts = {}): Promise<string> {
  const before = existsSync(target) ? readdirSync(target).sort() : null
  const siblings = readdirSync(root).sort()
  let code = 'NONE'
  try {
    await restoreFromBackup(target, chunksOf(bytes), pass, undefined, opts)
  } catch (e) {
    code = (e as { code?: string }).code ?? String(e)
  }
  // nothing written: the target as it was, no staging folder left beside it
  expect(existsSync(target) ? readdirSync(target).sort() : null).toEqual(before)
  expect(readdirSync(root).sort()).toEqual(siblings)
  return code
}

/** the offsets of the frames after the header: [start of length, end of frame] */
function frames(b: Buffer): Array<[number, number]> {
  let at = BACKUP_MAGIC.length + 1
  const hl = b.readUInt32BE(at)
  at += 4 + hl
  const out: Array<[number, number]> = []
  while (at < b.length) {
    const len = b.readUInt32BE(at)
    out.push([at, at + 4 + len])
    at += 4 + len
  }
  return out
}

beforeAll(async () => {
  root = tempDir(cleanup)
  const home = new Home(join(root, 'source'))
  initHome(home, { chainId: 'backup-test' })
  const node = await LedgerNode.open({ dataDir: home.dataDir, genesis: home.readGenesis(), validatorSigner: loadSigner(home.keyPath('node')), heartbeatMs: 30, verifyThreads: 0 })
  cleanup.add(() => node.close())
  node.start()
  const deadline = Date.now() + 60_000
  while (node.chain.head().height < 5 && Date.now() < deadline) await new Promise((r) => node.onEvent(() => r(undefined)))
  src = { home, node }
  // an activity record of some 300 KiB, so that the backup spans several parts of the smallest size
  const line = JSON.stringify({ t: 'padding', text: 'x'.repeat(1000) }) + '\n'
  appendFileSync(home.activityFile, line.repeat(300))
  withStore = await backupBytes(home, node)
  keysOnly = await backupBytes(home, null)
})
afterAll(() => cleanup.run())

describe('node backup: round trip', () => {
  it('says what it holds in its header, before any passphrase', async () => {
    const h = await readBackupHeader(chunksOf(withStore))
    expect(h).toMatchObject({ chainId: 'backup-test', nodeKey: src.home.readKey('node').publicKey, withStore: true })
    expect(h.height).toBeGreaterThanOrEqual(5)
    const k = await readBackupHeader(chunksOf(keysOnly))
    expect(k).toMatchObject({ withStore: false, height: null })
    // nothing of the keys is in clear anywhere in the file
    const seed = (src.home.readKey('node').secret as { seed: string }).seed
    expect(withStore.includes(Buffer.from(seed))).toBe(false)
    expect(withStore.includes(Buffer.from(seed, 'hex'))).toBe(false)
  })

  it('restores a running node\'s backup into an empty home: the same chain, head, keys and config', async () => {
    const h = await readBackupHeader(chunksOf(withStore))
    const target = fresh()
    mkdirSync(target) // an empty folder is fine
    const seen: string[] = []
    const r = await restoreFromBackup(target, chunksOf(withStore), PASS, (p) => seen.push(p.phase), { total: withStore.length })
    expect(r).toMatchObject({ chainId: 'backup-test', height: h.height, withStore: true })
    expect(seen).toContain('done')
    const home = new Home(target)
    // data/activity.jsonl is one record of several parts: read back whole
    for (const f of ['genesis.json', 'config.json', 'keys/node.json', 'keys/admin.json', 'data/activity.jsonl']) {
      expect(readFileSync(join(target, f))).toEqual(readFileSync(join(src.home.dir, f)))
    }
    expect(readFence(join(home.consensusDir, FENCE_FILE))).toMatchObject({ backupHeight: h.height, floor: null })
    const node = await LedgerNode.open({ dataDir: home.dataDir, genesis: home.readGenesis(), validatorSigner: loadSigner(home.keyPath('node')), heartbeatMs: 30, verifyThreads: 0 })
    try {
      const head = node.chain.head()
      expect(head.height).toBe(h.height)
      expect(toHex(head.hash)).toBe(toHex((await src.node.getBlock(head.height)).hash))
      expect(toHex((await node.getBlock(1)).hash)).toBe(toHex((await src.node.getBlock(1)).hash))
    } finally {
      await node.close()
    }
  })

  it('restores keys and config only when the backup holds no store', async () => {
    const target = fresh()
    const r = await restoreFromBackup(target, chunksOf(keysOnly), PASS)
    expect(r).toMatchObject({ withStore: false, height: null, entries: 0 })
    expect(existsSync(join(target, 'keys', 'node.json'))).toBe(true)
    expect(readdirSync(join(target, 'data')).sort()).toEqual(['consensus'])
  })
})

describe('node backup: a node whose store is still empty', () => {
  it('backed up "with the ledger" right after init, it is written as keys and config only and restores', async () => {
    const home = new Home(join(root, 'fresh-source'))
    initHome(home, { chainId: 'backup-empty' })
    // the store as `backup create --with-store` opens it for a node that never ran: empty
    const store = new Store(join(home.dataDir, 'chain'))
    await store.open()
    const parts: Buffer[] = []
    try {
      await createBackup({ home, passphrase: PASS, store, chunkBytes: MIN_CHUNK_BYTES, scrypt: CHEAP }, async (b) => {
        parts.push(Buffer.from(b))
      })
    } finally {
      await store.close()
    }
    const bytes = Buffer.concat(parts)
    expect(await readBackupHeader(chunksOf(bytes))).toMatchObject({ withStore: false, height: null })
    const target = fresh()
    const r = await restoreFromBackup(target, chunksOf(bytes), PASS)
    expect(r).toMatchObject({ chainId: 'backup-empty', withStore: false, height: null })
    expect(readFileSync(join(target, 'keys', 'node.json'))).toEqual(readFileSync(join(home.dir, 'keys', 'node.json')))
  })
})

describe('node backup: uploaded in chunks (the first-run screen)', () => {
  it('refuses a short upload, keeps it after a wrong passphrase, restores it whole, and leaves no file behind', async () => {
    const short = new BackupUpload(fresh(), keysOnly.length)
    short.chunk(0, keysOnly.subarray(0, 100))
    expect(() => short.chunk(50, keysOnly.subarray(100, 200))).toThrow(/starts at 100/)
    await expect(short.restore(PASS)).rejects.toMatchObject({ code: 'BACKUP_TRUNCATED' })
    expect(existsSync(short.path)).toBe(false)
    const target = fresh()
    const up = new BackupUpload(target, keysOnly.length)
    for (let at = 0; at < keysOnly.length; at += 1000) up.chunk(at, keysOnly.subarray(at, at + 1000))
    expect(() => up.chunk(up.received, Buffer.alloc(1))).toThrow(/longer than announced/)
    expect(await up.header()).toMatchObject({ chainId: 'backup-test', withStore: false })
    await expect(up.restore('wrong passphrase')).rejects.toMatchObject({ code: 'BACKUP_WRONG_PASSPHRASE' })
    expect(existsSync(target)).toBe(false)
    expect(await up.restore(PASS)).toMatchObject({ chainId: 'backup-test', withStore: false })
    expect(existsSync(up.path)).toBe(false)
    expect(existsSync(join(target, 'keys', 'node.json'))).toBe(true)
  })
})

describe('node backup: refused with nothing written', () => {
  it('a file cut short at many offsets', async () => {
    const fr = frames(withStore)
    expect(fr.length).toBeGreaterThan(3)
    const cuts = new Set<number>([0, 3, 8, 12, 40, fr[0]![0], fr[0]![0] + 2, fr[0]![1] - 1, fr[1]![0], fr[fr.length - 1]![0], withStore.length - 1])
    for (let i = 0; i < 12; i++) cuts.add(Math.floor((withStore.length * (i + 0.5)) / 12))
    for (const at of [...cuts].sort((a, b) => a - b)) {
      const code = await refused(withStore.subarray(0, at))
      expect(['BACKUP_TRUNCATED', 'BACKUP_BAD_HEADER'], `cut at ${at} of ${withStore.length}`).toContain(code)
      if (at >= fr[0]![0]) expect(code, `cut at ${at}`).toBe('BACKUP_TRUNCATED')
    }
  })

  it('a byte flipped in the header, in a part or in a length', async () => {
    const fr = frames(withStore)
    const hdrAt = withStore.indexOf(Buffer.from('"chainId"')) + 12
    const flips = [hdrAt, fr[0]![0] + 10, fr[1]![0] + 100, fr[fr.length - 1]![1] - 1, fr[2]![0] + 3]
    for (const at of flips) {
      const b = Buffer.from(withStore)
      b[at] = b[at]! ^ 0x01
      const code = await refused(b)
      expect(['BACKUP_CORRUPT', 'BACKUP_TRUNCATED', 'BACKUP_BAD_HEADER'], `flip at ${at}`).toContain(code)
    }
    // a flipped byte of a part's content is a corrupt part
    const b = Buffer.from(withStore)
    b[fr[1]![0] + 50] = b[fr[1]![0] + 50]! ^ 0x80
    expect(await refused(b)).toBe('BACKUP_CORRUPT')
  })

  it('parts swapped, dropped, repeated, or bytes after the end', async () => {
    const fr = frames(withStore)
    const head = withStore.subarray(0, fr[0]![0])
    const part = (i: number): Buffer => withStore.subarray(fr[i]![0], fr[i]![1])
    const all = fr.map((_, i) => part(i))
    const swapped = [...all]
    ;[swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!]
    expect(await refused(Buffer.concat([head, ...swapped]))).toBe('BACKUP_CORRUPT')
    expect(await refused(Buffer.concat([head, ...all.filter((_, i) => i !== 1)]))).toBe('BACKUP_CORRUPT')
    expect(await refused(Buffer.concat([head, ...all.slice(0, 2), all[1]!, ...all.slice(2)]))).toBe('BACKUP_CORRUPT')
    // the last part dropped: the file ends before its end
    expect(await refused(Buffer.concat([head, ...all.slice(0, -1)]))).toBe('BACKUP_TRUNCATED')
    expect(await refused(Buffer.concat([withStore, Buffer.from([0, 0, 0, 0])]))).toBe('BACKUP_CORRUPT')
    // a part of another backup (same passphrase) in its place
    const other = await backupBytes(src.home, null)
    const ofr = frames(other)
    expect(await refused(Buffer.concat([head, other.subarray(ofr[0]![0], ofr[0]![1]), ...all.slice(1)]))).toBe('BACKUP_CORRUPT')
  })

  it('a wrong passphrase', async () => {
    expect(await refused(withStore, fresh(), 'wrong passphrase')).toBe('BACKUP_WRONG_PASSPHRASE')
  })

  it('another chain\'s backup onto a home, a home that is not empty, a chain that is not the one expected', async () => {
    const otherHome = new Home(join(root, 'other-chain'))
    initHome(otherHome, { chainId: 'another-chain' })
    expect(await refused(withStore, otherHome.dir)).toBe('BACKUP_OTHER_CHAIN')
    const busy = fresh()
    mkdirSync(busy)
    writeFileSync(join(busy, 'notes.txt'), 'mine')
    expect(await refused(withStore, busy)).toBe('BACKUP_HOME_NOT_EMPTY')
    // never over the live home it came from
    expect(await refused(withStore, src.home.dir)).toBe('BACKUP_HOME_NOT_EMPTY')
    expect(await refused(withStore, fresh(), PASS, { expectChainId: 'somewhere-else' })).toBe('BACKUP_OTHER_CHAIN')
  })

  it('hostile headers: sizes, version, not a backup, forged claims', async () => {
    const prefix = (len: number, version = 1): Buffer => {
      const p = Buffer.alloc(13)
      BACKUP_MAGIC.copy(p)
      p[8] = version
      p.writeUInt32BE(len, 9)
      return p
    }
    expect(await refused(Buffer.concat([prefix(0xffffffff), Buffer.alloc(100)]))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(Buffer.concat([prefix(MAX_HEADER_BYTES + 1), Buffer.alloc(100)]))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(Buffer.concat([prefix(1), Buffer.alloc(100)]))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(Buffer.concat([prefix(10, 2), Buffer.alloc(100)]))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(Buffer.from('PK\x03\x04 a zip file, not a backup'))).toBe('BACKUP_NOT_A_BACKUP')
    const fr = frames(withStore)
    const hb = withStore.subarray(13, fr[0]![0])
    const header = JSON.parse(hb.toString('utf8'))
    const rewrite = (h: unknown): Buffer => {
      const nb = Buffer.from(JSON.stringify(h))
      return Buffer.concat([prefix(nb.length), nb, withStore.subarray(fr[0]![0])])
    }
    // a cost that would take the machine's memory; a part size past the bound; an unknown field
    expect(await refused(rewrite({ ...header, kdf: { ...header.kdf, N: 2 ** 30 } }))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(rewrite({ ...header, chunkBytes: 2 ** 31 }))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(rewrite({ ...header, chunkBytes: MIN_CHUNK_BYTES - 1 }))).toBe('BACKUP_BAD_HEADER')
    // scrypt costs past what this build writes (N above 2^17, another r or p): refused before any key is derived
    expect(await refused(rewrite({ ...header, kdf: { ...header.kdf, N: 2 ** 18 } }))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(rewrite({ ...header, kdf: { ...header.kdf, r: 16 } }))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(rewrite({ ...header, kdf: { ...header.kdf, r: 1 } }))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(rewrite({ ...header, kdf: { ...header.kdf, p: 4 } }))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(rewrite({ ...header, kdf: { ...header.kdf, p: 2 ** 30 } }))).toBe('BACKUP_BAD_HEADER')
    expect(await refused(rewrite({ ...header, extra: 1 }))).toBe('BACKUP_BAD_HEADER')
    // a claim changed in clear (the height, the chain): the parts no longer authenticate
    expect(await refused(rewrite({ ...header, height: header.height + 1 }))).toBe('BACKUP_CORRUPT')
    expect(await refused(rewrite({ ...header, chainId: 'another-chain' }))).toBe('BACKUP_CORRUPT')
  })
})
