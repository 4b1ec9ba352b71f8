/**
 * The bundle routes (server/bundle-routes.ts) under hostile use: no token, an upload announced too large, chunks out
 * of order or past the announced size, not base64, a preview before the whole file arrived, unknown ids — each refused
 * with its code; and an honest round trip (export, download in chunks, upload, preview, apply) between two nodes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Home, initHome } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { Cleanup, tempDir } from '../ledger/helpers'

const cleanup = new Cleanup()
let a: { node: LedgerNode; server: ApiServer }
let b: { node: LedgerNode; server: ApiServer }

async function open(dir: string, genesisFrom?: Home): Promise<{ node: LedgerNode; server: ApiServer; home: Home }> {
  const home = new Home(dir)
  if (genesisFrom) {
    initHome(home, { chainId: 'x' })
    // the same chain as the other home: its genesis
    writeFileSync(home.genesisPath, readFileSync(genesisFrom.genesisPath))
  } else initHome(home, { chainId: 'bundle-routes' })
  const node = await LedgerNode.open({ dataDir: home.dataDir, genesis: home.readGenesis(), validatorSigner: loadSigner(home.keyPath('node')), heartbeatMs: 50, verifyThreads: 0 })
  const server = await startApiServer({ node, uiDir: null, home })
  cleanup.add(() => node.close())
  cleanup.add(() => server.close())
  return { node, server, home }
}

async function call(s: ApiServer, method: string, path: string, body?: unknown, token = s.token): Promise<{ status: number; body: any }> {
  const r = await fetch(`http://127.0.0.1:${s.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: r.status, body: await r.json() }
}
const code = (r: { body: any }): string => r.body?.error?.code ?? r.body?.code

beforeAll(async () => {
  const root = tempDir(cleanup)
  const first = await open(join(root, 'a'))
  first.node.start()
  a = first
  b = await open(join(root, 'b'), first.home)
})
afterAll(() => cleanup.run())

describe('bundle routes', () => {
  it('refuses hostile uploads with their codes', async () => {
    expect((await call(b.server, 'POST', '/api/v1/bundles/uploads', { bytes: 10 }, 'wrong')).status).toBe(401)
    expect(code(await call(b.server, 'POST', '/api/v1/bundles/uploads', { bytes: 2 ** 40 }))).toBe('BUNDLE_TOO_LARGE')
    const up = await call(b.server, 'POST', '/api/v1/bundles/uploads', { bytes: 20 })
    expect(up.status).toBe(201)
    const id = up.body.id as string
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/chunk`, { offset: 5, data: 'AAAA' }))).toBe('SCHEMA_INVALID')
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/chunk`, { offset: 0, data: 'not base64!' }))).toBe('SCHEMA_INVALID')
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/chunk`, { offset: 0, data: Buffer.alloc(21).toString('base64url') }))).toBe('BUNDLE_TOO_LARGE')
    expect((await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/chunk`, { offset: 0, data: Buffer.alloc(4).toString('base64url') })).status).toBe(200)
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/preview`))).toBe('BUNDLE_TRUNCATED')
    expect((await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/chunk`, { offset: 4, data: Buffer.alloc(16).toString('base64url') })).status).toBe(200)
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/apply`))).toBe('BUNDLE_CORRUPT')
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${'0'.repeat(32)}/preview`))).toBe('NOT_FOUND')
    expect(code(await call(b.server, 'GET', `/api/v1/bundles/files/../../etc`))).toBe('NOT_FOUND')
    expect(code(await call(b.server, 'POST', '/api/v1/bundles/export', { kind: 'blocks', from: 0 }))).toBe('SCHEMA_INVALID')
    expect(code(await call(b.server, 'POST', '/api/v1/bundles/export', { kind: 'blocks', from: 5 }))).toBe('UNKNOWN_HEIGHT')
    expect(b.node.chain.head().height).toBe(0)
  })

  it('moves a bundle from one node to another in chunks', async () => {
    const deadline = Date.now() + 60_000
    while (a.node.chain.head().height < 3 && Date.now() < deadline) await new Promise((r) => a.node.onEvent(() => r(undefined)))
    const made = await call(a.server, 'POST', '/api/v1/bundles/export', { kind: 'blocks', from: 1, to: 3 })
    expect(made.status, JSON.stringify(made.body)).toBe(200)
    const parts: Buffer[] = []
    for (let at = 0; at < made.body.bytes; ) {
      const ch = await call(a.server, 'GET', `/api/v1/bundles/files/${made.body.id}?offset=${at}`)
      const buf = Buffer.from(ch.body.data, 'base64url')
      parts.push(buf)
      at += buf.length
    }
    const file = Buffer.concat(parts)
    const up = await call(b.server, 'POST', '/api/v1/bundles/uploads', { bytes: file.length })
    await call(b.server, 'POST', `/api/v1/bundles/uploads/${up.body.id}/chunk`, { offset: 0, data: file.toString('base64url') })
    const preview = await call(b.server, 'POST', `/api/v1/bundles/uploads/${up.body.id}/preview`)
    expect(preview.body).toMatchObject({ newFrom: 1, newTo: 3, newBlocks: 3, exporterRole: 'validator' })
    expect(b.node.chain.head().height).toBe(0)
    const applied = await call(b.server, 'POST', `/api/v1/bundles/uploads/${up.body.id}/apply`)
    expect(applied.body).toMatchObject({ appliedBlocks: 3, headAfter: 3 })
    expect((await call(b.server, 'GET', `/api/v1/bundles/jobs/${up.body.id}`)).body.phase).toBe('done')
    // applied uploads are removed
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${up.body.id}/apply`))).toBe('NOT_FOUND')
  })
})
