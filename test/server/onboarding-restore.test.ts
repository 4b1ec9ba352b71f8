/**
 * The fifth first-run choice (src/server/setup/restore-upload.ts, docs/adr/0063 and 0065): a real backup uploaded in
 * chunks to the setup server, its header shown, a wrong passphrase refused (the upload kept, the home untouched),
 * the right one restoring the node, which then runs on the same address and token. A damaged file and a file that
 * is not a backup are refused with their codes, nothing written to the home and no upload left beside it.
 */
import '../../src/server/compat'
import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Home, initHome } from '../../src/ledger/node/home'
import { createBackup } from '../../src/server/backup/create'
import { MIN_CHUNK_BYTES } from '../../src/server/backup/format'
import { type SetupServer } from '../../src/server/setup/setup-server'
import { call, useSetupServers } from './setup-fixture'
import { waitFor } from '../integration/harness'

const PASS = 'correct horse battery staple'
const CHEAP = { N: 1 << 10, r: 8, p: 1 }
const { tempDir, setup } = useSetupServers('daejang-setup-restore-')

const code = (r: { body: any }): string | undefined => r.body?.error?.code

/** a backup of another computer's node (keys, config and genesis; no store) */
async function aBackup(): Promise<{ bytes: Buffer; chainId: string; nodeKey: string }> {
  const h = new Home(join(tempDir(), 'old-node'))
  const r = initHome(h, { agencyId: 'land-office', agencyName: 'Land office' })
  const parts: Buffer[] = []
  await createBackup({ home: h, passphrase: PASS, store: null, chunkBytes: MIN_CHUNK_BYTES, scrypt: CHEAP }, async (b) => {
    parts.push(Buffer.from(b))
  })
  return { bytes: Buffer.concat(parts), chainId: r.genesis.chainId, nodeKey: r.nodeKey.publicKey }
}

/** the upload, in chunks of `size`; the answer to the last chunk */
async function upload(s: SetupServer, bytes: Buffer, size = 1000): Promise<{ id: string; last: { status: number; body: any } }> {
  const b = await call(s, 'POST', '/api/v1/setup/restore-begin', { bytes: bytes.length })
  expect(b.status).toBe(200)
  const id = b.body.id as string
  let last = { status: 0, body: null as any }
  for (let at = 0; at < bytes.length; at += size) {
    last = await call(s, 'POST', '/api/v1/setup/restore-chunk', { id, offset: at, data: bytes.subarray(at, at + size).toString('base64url') })
    if (last.status !== 200) break
    expect(last.body.received).toBe(Math.min(at + size, bytes.length))
  }
  return { id, last }
}

/** Asks for the restore (answered at once, 202) and waits for its end: OK (the node starting), or the refusal's code. */
async function restore(s: SetupServer, id: string, passphrase: string): Promise<string> {
  const r = await call(s, 'POST', '/api/v1/setup/restore', { id, passphrase })
  if (r.status !== 202) return code(r) ?? `HTTP ${r.status}`
  const st = await waitFor(async () => {
    const x = await call(s, 'GET', '/api/v1/setup')
    return x.body.phase === 'writing' ? undefined : x.body
  }, 30_000, 'the end of the restore')
  return st.phase === 'choose' ? (st.restoreError?.code ?? 'NO_ERROR_SAID') : 'OK'
}

/** only the setup's own api.json in the home, and nothing left beside it (no upload, no staging folder) */
function untouched(home: string): void {
  expect(existsSync(join(home, 'genesis.json'))).toBe(false)
  expect(readdirSync(home)).toEqual(['api.json'])
  expect(readdirSync(dirname(home))).toEqual(['home'])
}

describe('setup mode: restore this node from a backup', () => {
  it('shows the header, refuses a wrong passphrase (the upload kept), restores with the right one and runs the node', async () => {
    const { s, home } = await setup()
    const backup = await aBackup()
    const { id, last } = await upload(s, backup.bytes)
    expect(last.status).toBe(200)
    expect(last.body.header).toMatchObject({ chainId: backup.chainId, nodeKey: backup.nodeKey, withStore: false, height: null })

    expect(await restore(s, id, 'not the passphrase')).toBe('BACKUP_WRONG_PASSPHRASE')
    expect(readdirSync(home)).toEqual(['api.json'])
    expect(existsSync(join(home, 'genesis.json'))).toBe(false)
    expect((await call(s, 'GET', '/api/v1/setup')).body.phase).toBe('choose')

    const ok = await call(s, 'POST', '/api/v1/setup/restore', { id, passphrase: PASS })
    expect(ok.status).toBe(202)
    expect(ok.body).toMatchObject({ choice: 'restore', chainId: backup.chainId, nodeKey: backup.nodeKey })
    // a second restore while this one runs is refused
    expect(code(await call(s, 'POST', '/api/v1/setup/restore', { id, passphrase: PASS }))).toBe('SETUP_DONE')
    await s.running
    // the same address and token, now the node's; the upload is gone from beside the home
    const st = await call(s, 'GET', '/api/v1/status')
    expect(st.status).toBe(200)
    expect(st.body.chainId).toBe(backup.chainId)
    expect(readdirSync(dirname(home))).toEqual(['home'])
    expect(new Home(home).readConfig().apiPort).toBe(s.port)
    // a second choice is refused
    expect(code(await call(s, 'POST', '/api/v1/setup/restore-begin', { bytes: 10 }))).toBe('SETUP_DONE')
  })

  it('refuses a damaged backup with nothing written, and drops its upload', async () => {
    const { s, home } = await setup()
    const backup = await aBackup()
    const damaged = Buffer.from(backup.bytes)
    damaged[damaged.length - 40]! ^= 0x55
    const { id, last } = await upload(s, damaged)
    expect(last.status).toBe(200)
    expect(await restore(s, id, PASS)).toBe('BACKUP_CORRUPT')
    untouched(home)
    expect(code(await call(s, 'POST', '/api/v1/setup/restore', { id, passphrase: PASS }))).toBe('NOT_FOUND')
    expect((await call(s, 'GET', '/api/v1/setup')).body.phase).toBe('choose')
    // the person may then choose again: the good file restores
    const again = await upload(s, backup.bytes)
    expect(await restore(s, again.id, PASS)).toBe('OK')
    await s.running
  })

  it('refuses a file that is not a backup, a cut upload, chunks out of order and oversized chunks', async () => {
    const { s, home } = await setup()
    const notBackup = await upload(s, Buffer.from('{"chainId":"x","this is":"not a backup"}'.repeat(40)))
    expect(code(notBackup.last)).toBe('BACKUP_NOT_A_BACKUP')
    untouched(home)

    const backup = await aBackup()
    const b = await call(s, 'POST', '/api/v1/setup/restore-begin', { bytes: backup.bytes.length })
    const id = b.body.id as string
    expect(code(await call(s, 'POST', '/api/v1/setup/restore-chunk', { id, offset: 5, data: 'AAAA' }))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/restore-chunk', { id, offset: 0, data: 'not base64!' }))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/restore-chunk', { id, offset: 0, data: 'A'.repeat(800_000) }))).toBe('SCHEMA_INVALID')
    const tooLong = Buffer.alloc(backup.bytes.length + 1).toString('base64url')
    expect(code(await call(s, 'POST', '/api/v1/setup/restore-chunk', { id, offset: 0, data: tooLong }))).toBe('FILE_TOO_LARGE')
    await call(s, 'POST', '/api/v1/setup/restore-chunk', { id, offset: 0, data: backup.bytes.subarray(0, 100).toString('base64url') })
    expect(code(await call(s, 'POST', '/api/v1/setup/restore', { id, passphrase: PASS }))).toBe('BACKUP_TRUNCATED')
    untouched(home)
    expect(code(await call(s, 'POST', '/api/v1/setup/restore-chunk', { id: 'f'.repeat(24), offset: 0, data: '' }))).toBe('NOT_FOUND')
    expect(code(await call(s, 'POST', '/api/v1/setup/restore-begin', { bytes: -1 }))).toBe('SCHEMA_INVALID')
  })
})
