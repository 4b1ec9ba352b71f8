/**
 * The one-line rule (docs/adding-a-registry.md): a tiny registry (test/fixtures/example-registry, "memo") mounted
 * from `[...REGISTRIES, memo]` — its transaction type executes on the node, its route answers through the API and is
 * in the OpenAPI document, its CLI command runs, the generic `tx sign` signs its type, and its error codes come back
 * with their HTTP status and read in both languages — without a line of shared code edited for it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { Home, initHome } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES, withIdentity } from '../../src/ledger/registries'
import { makeCatalogue } from '../../src/ledger/registries/catalogue'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { buildProgram } from '../../src/server/cli/program'
import { memoRegistry } from '../fixtures/example-registry'

const registries = [...REGISTRIES, memoRegistry]
let dir: string
let home: Home
let node: LedgerNode
let server: ApiServer

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  })
  return { status: res.status, body: await res.json() }
}

/** Run a command of the CLI built from `registries`, in this process; its stdout. */
async function cli(args: string[]): Promise<string> {
  let out = ''
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk)
    return true
  })
  try {
    await buildProgram(registries).parseAsync(['node', 'daejang', ...args])
  } finally {
    spy.mockRestore()
  }
  return out
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daejang-example-registry-'))
  home = new Home(join(dir, 'home'))
  initHome(home, { agencyId: 'a', agencyName: 'Agency A' })
  node = await LedgerNode.open({
    dataDir: home.dataDir,
    genesis: home.readGenesis(),
    validatorSigner: loadSigner(home.keyPath('node')),
    heartbeatMs: 100,
    registries,
  })
  node.start()
  server = await startApiServer({ node, uiDir: null, registries })
  home.writeApiInfo({ url: server.url, token: server.token, pid: process.pid, startedAt: new Date().toISOString() })
})

afterAll(async () => {
  await server?.close()
  await node?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('an example registry mounted from the registry list', () => {
  it('signs its transaction with the generic `tx sign`, commits it, and serves it on its route and CLI command', async () => {
    const file = join(dir, 'memo.json')
    await cli(['tx', 'sign', '--home', home.dir, '--type', 'memo.note', '--payload', '{"id":"m-1","text":"hello"}', '--out', file, '--json'])
    const signed = JSON.parse(readFileSync(file, 'utf8'))
    expect(signed.type).toBe('memo.note')
    const committed = await call('POST', '/api/v1/txs?wait=commit', signed)
    expect(committed.status, JSON.stringify(committed.body)).toBe(200)
    expect(committed.body.status).toBe('committed')

    const got = await call('GET', '/api/v1/memo/notes/m-1')
    expect(got.status).toBe(200)
    expect(got.body).toMatchObject({ id: 'm-1', text: 'hello' })

    expect(JSON.parse(await cli(['memo', 'show', '--home', home.dir, '--id', 'm-1', '--json']))).toMatchObject({ id: 'm-1', text: 'hello' })
    expect(await cli(['memo', 'show', '--home', home.dir, '--id', 'm-1'])).toBe('m-1: hello\n')
  })

  it("answers with the registry's error codes and their HTTP status, from its rule and from its route", async () => {
    const file = join(dir, 'again.json')
    await cli(['tx', 'sign', '--home', home.dir, '--type', 'memo.note', '--payload', '{"id":"m-1","text":"again"}', '--out', file])
    const again = await call('POST', '/api/v1/txs?wait=commit', JSON.parse(readFileSync(file, 'utf8')))
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('MEMO_TAKEN')

    const missing = await call('GET', '/api/v1/memo/notes/nothing-here')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('MEMO_UNKNOWN')
    // a route's schema still guards it
    expect((await call('GET', '/api/v1/memo/notes/NOT%20AN%20ID')).body.error.code).toBe('SCHEMA_INVALID')
  })

  it('is described in the OpenAPI document: its route and its codes', async () => {
    const oa = await call('GET', '/api/v1/openapi.json')
    expect(oa.body.paths['/api/v1/memo/notes/{id}'].get.summary).toBe('A memo by its number')
    const codes = oa.body.components.schemas.Error.properties.error.properties.code.enum as string[]
    expect(codes).toEqual(expect.arrayContaining(['MEMO_TAKEN', 'MEMO_UNKNOWN', 'NUMBER_TAKEN', 'NOT_FOUND']))
  })

  it('reads in words and has its errors and roles in the catalogue', () => {
    const c = makeCatalogue(registries)
    expect(c.txTypeWords('memo.note', 'ko')).toBe('메모 기록')
    expect(c.describeTx('memo.note', { id: 'm-1', text: 'x' }, 'en')).toBe('Records memo m-1')
    expect(c.errorSentence('MEMO_TAKEN', 'ko')).toBe('이 번호의 메모가 이미 기록되어 있습니다.')
    expect(c.errorStatus('MEMO_UNKNOWN')).toBe(404)
    expect(c.roleIds()).toContain('memo-writer')
  })

  it("refuses `tx sign` of a type no registry has, or a payload its schema refuses, before signing", async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`)
    }) as never)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      await expect(cli(['tx', 'sign', '--home', home.dir, '--type', 'memo.unknown', '--payload', '{}', '--lang', 'en'])).rejects.toThrow('exit 1')
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/^error: This node does not know this kind of transaction\./)
      await expect(cli(['tx', 'sign', '--home', home.dir, '--type', 'memo.note', '--payload', '{"id":"m-2"}', '--lang', 'en'])).rejects.toThrow('exit 1')
      expect(String(err.mock.calls.at(-1)?.[0])).toMatch(/^error: The content of the transaction does not fit its kind\. \(memo.note: text/)
    } finally {
      exit.mockRestore()
      err.mockRestore()
    }
  })

  it("lets the identity registry grant a listed registry's role, and only then", () => {
    const grant = (rs: readonly { name: string; txTypes: Record<string, { schema: { safeParse(v: unknown): { success: boolean } } }> }[]) =>
      rs.find((r) => r.name === 'identity')!.txTypes['identity.role.grant']!.schema.safeParse({
        agency: 'a',
        subject: 'ab'.repeat(32),
        role: 'memo-writer',
        expiresAt: null,
      }).success
    expect(grant(REGISTRIES)).toBe(false)
    expect(grant(withIdentity([...REGISTRIES.filter((r) => r.name !== 'identity'), memoRegistry]))).toBe(true)
  })
})
