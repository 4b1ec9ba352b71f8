/**
 * A bundle upload the node refuses is removed from disk at once and its refusal is in the activity log, once
 * (issue 15, loose end of ADR 0062): a cut-short copy of a real bundle refused at preview, a copy with a forged byte
 * refused at apply, a bundle of another chain. Each leaves no file in the home's bundles/ folder and changes nothing;
 * an upload still arriving (a preview asked too early) stays, to be continued.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { Home, initHome } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { Cleanup, tempDir } from '../ledger/helpers'

const cleanup = new Cleanup()
type Opened = { node: LedgerNode; server: ApiServer; home: Home }
let a: Opened
let b: Opened
let other: Opened
let bundle: Buffer

async function open(dir: string, chainId: string, genesisFrom?: Home): Promise<Opened> {
  const home = new Home(dir)
  initHome(home, { chainId })
  if (genesisFrom) writeFileSync(home.genesisPath, readFileSync(genesisFrom.genesisPath))
  const node = await LedgerNode.open({ dataDir: home.dataDir, genesis: home.readGenesis(), validatorSigner: loadSigner(home.keyPath('node')), heartbeatMs: 50, verifyThreads: 0 })
  const server = await startApiServer({ node, uiDir: null, home })
  cleanup.add(() => node.close())
  cleanup.add(() => server.close())
  return { node, server, home }
}

async function call(s: ApiServer, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const r = await fetch(`http://127.0.0.1:${s.port}${path}`, {
    method,
    headers: { Authorization: `Bearer ${s.token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: r.status, body: await r.json() }
}
const code = (r: { body: any }): string => r.body?.error?.code

async function exportFrom(n: Opened, to: number): Promise<Buffer> {
  const deadline = Date.now() + 60_000
  while (n.node.chain.head().height < to && Date.now() < deadline) await new Promise((r) => n.node.onEvent(() => r(undefined)))
  const made = await call(n.server, 'POST', '/api/v1/bundles/export', { kind: 'blocks', from: 1, to })
  expect(made.status, JSON.stringify(made.body)).toBe(200)
  const parts: Buffer[] = []
  for (let at = 0; at < made.body.bytes; ) {
    const buf = Buffer.from((await call(n.server, 'GET', `/api/v1/bundles/files/${made.body.id}?offset=${at}`)).body.data, 'base64url')
    parts.push(buf)
    at += buf.length
  }
  return Buffer.concat(parts)
}

async function upload(n: Opened, file: Buffer): Promise<string> {
  const up = await call(n.server, 'POST', '/api/v1/bundles/uploads', { bytes: file.length })
  expect(up.status).toBe(201)
  expect((await call(n.server, 'POST', `/api/v1/bundles/uploads/${up.body.id}/chunk`, { offset: 0, data: file.toString('base64url') })).status).toBe(200)
  return up.body.id as string
}

const staged = (n: Opened, id: string): boolean => existsSync(join(n.home.dir, 'bundles', `${id}.djb`))
const refusals = (n: Opened) => n.node.activity.list().entries.filter((e) => e.event === 'bundle.refused')

beforeAll(async () => {
  const root = tempDir(cleanup)
  a = await open(join(root, 'a'), 'bundle-refused')
  a.node.start()
  b = await open(join(root, 'b'), 'x', a.home)
  other = await open(join(root, 'other'), 'another-chain')
  other.node.start()
  bundle = await exportFrom(a, 3)
})
afterAll(() => cleanup.run())

describe('a refused bundle upload', () => {
  it('is removed at once when its preview is refused, and the refusal is logged once', async () => {
    const id = await upload(b, bundle.subarray(0, bundle.length - 40))
    expect(staged(b, id)).toBe(true)
    const refused = await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/preview`)
    expect(refused.status).toBeGreaterThanOrEqual(400)
    const why = code(refused)
    expect(why).toMatch(/^BUNDLE_/)
    expect(staged(b, id)).toBe(false)
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/apply`))).toBe('NOT_FOUND')
    expect(refusals(b).filter((e) => e.code === why)).toHaveLength(1)
    expect(b.node.chain.head().height).toBe(0)
  })

  it('is removed at once when its apply is refused (a forged byte), logged once, nothing applied', async () => {
    const forged = Buffer.from(bundle)
    forged[forged.length - 10] = forged[forged.length - 10]! ^ 0xff
    const before = refusals(b).length
    const id = await upload(b, forged)
    const refused = await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/apply`)
    expect(code(refused)).toMatch(/^BUNDLE_/)
    expect(staged(b, id)).toBe(false)
    expect(refusals(b)).toHaveLength(before + 1)
    expect(b.node.chain.head().height).toBe(0)
  })

  it('of another chain is removed and logged; the folder holds none of the refused files', async () => {
    const foreign = await exportFrom(other, 2)
    const id = await upload(b, foreign)
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/preview`))).toMatch(/^BUNDLE_/)
    expect(staged(b, id)).toBe(false)
    expect(readdirSync(join(b.home.dir, 'bundles'))).toEqual([])
    expect(b.node.chain.head().height).toBe(0)
  })

  it('still arriving stays when a preview is asked too early, and goes on to apply', async () => {
    const up = await call(b.server, 'POST', '/api/v1/bundles/uploads', { bytes: bundle.length })
    const id = up.body.id as string
    const half = Math.floor(bundle.length / 2)
    await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/chunk`, { offset: 0, data: bundle.subarray(0, half).toString('base64url') })
    expect(code(await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/preview`))).toBe('BUNDLE_TRUNCATED')
    expect(staged(b, id)).toBe(true)
    await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/chunk`, { offset: half, data: bundle.subarray(half).toString('base64url') })
    expect((await call(b.server, 'POST', `/api/v1/bundles/uploads/${id}/apply`)).body).toMatchObject({ appliedBlocks: 3, headAfter: 3 })
    expect(staged(b, id)).toBe(false)
  })
})
