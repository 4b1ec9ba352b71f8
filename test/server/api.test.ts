/**
 * The local API against bad input: every rejection carries a stable code and a sentence, the node keeps running,
 * and nothing is persisted. Also token, Host and Origin checks, OpenAPI, and the event stream.
 */
import { request } from 'node:http'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { portableSigner, randomSeed, type Signer } from '../../src/ledger/crypto/ed25519'
import { type Genesis, parseGenesis } from '../../src/ledger/types/genesis'
import { makeTx, txToJson, type TxJson } from '../../src/ledger/types/tx'
import { VoteType, signVote } from '../../src/ledger/types/block'
import { proofFromJson, trustFromJson, verifyProof } from '../../src/ledger/proofs/proof'
import { certifiedStateFromJson, verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { LedgerNode } from '../../src/ledger/node/node'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { registerPayload } from '../ledger/notary-helpers'

let dir: string
let node: LedgerNode
let server: ApiServer
let genesis: Genesis
let admin: Signer
let validator: Signer
let nonce = 1

function rawRequest(
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} },
      (res) => {
        let data = ''
        res.on('data', (d) => (data += d))
        res.on('end', () => {
          let body: any = data
          try {
            body = JSON.parse(data)
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body })
        })
      },
    )
    req.on('error', reject)
    if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}

const auth = () => ({ Authorization: `Bearer ${server.token}` })

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return rawRequest(path, {
    method,
    headers: { ...auth(), 'Content-Type': 'application/json' },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  })
}

function grant(signer: Signer, over: Partial<{ chainId: string; type: string; payload: unknown; nonce: number; time: number }> = {}): TxJson {
  return txToJson(
    makeTx(signer, {
      chainId: over.chainId ?? genesis.chainId,
      type: over.type ?? 'identity.role.grant',
      nonce: over.nonce ?? nonce++,
      ...(over.time !== undefined ? { time: over.time } : {}),
      payload: (over.payload ?? { agency: 'a', subject: toHex(portableSigner(randomSeed()).publicKey), role: 'notary', expiresAt: null }) as never,
    }),
  )
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daejang-api-'))
  validator = portableSigner(randomSeed())
  admin = portableSigner(randomSeed())
  genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId: 'api-test',
    genesisTime: Date.now() - 1000,
    agencies: [{ id: 'a', name: 'Agency A', validator: { publicKey: toHex(validator.publicKey), power: 1 }, admins: [toHex(admin.publicKey)] }],
  })
  node = await LedgerNode.open({ dataDir: dir, genesis, validatorSigner: validator, heartbeatMs: 100 })
  node.start()
  server = await startApiServer({ node, uiDir: null })
})

afterAll(async () => {
  await server.close()
  await node.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('access control', () => {
  it('needs the token', async () => {
    const none = await rawRequest('/api/v1/status')
    expect(none.status).toBe(401)
    expect(none.body.error.code).toBe('UNAUTHENTICATED')
    const wrong = await rawRequest('/api/v1/status', { headers: { Authorization: 'Bearer ' + 'f'.repeat(64) } })
    expect(wrong.body.error.code).toBe('UNAUTHENTICATED')
    const ok = await rawRequest('/api/v1/status', { headers: auth() })
    expect(ok.status).toBe(200)
  })

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const host = await rawRequest('/api/v1/status', { headers: { ...auth(), Host: 'evil.example:80' } })
    expect(host.status).toBe(403)
    expect(host.body.error.code).toBe('FORBIDDEN_HOST')
    const origin = await rawRequest('/api/v1/status', { headers: { ...auth(), Origin: 'https://evil.example' } })
    expect(origin.status).toBe(403)
    expect(origin.body.error.code).toBe('FORBIDDEN_ORIGIN')
    const same = await rawRequest('/api/v1/status', { headers: { ...auth(), Origin: server.url } })
    expect(same.status).toBe(200)
  })

  it('exchanges a one-time sign-in code for the token, once', async () => {
    const link = server.uiLink()
    const code = new URL(link).hash.replace('#code=', '')
    const first = await rawRequest('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) })
    expect(first.status).toBe(200)
    expect(first.body.token).toBe(server.token)
    const again = await rawRequest('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) })
    expect(again.status).toBe(401)
    expect(again.body.error.code).toBe('UNAUTHENTICATED')
    const forged = await rawRequest('/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'A'.repeat(22) }) })
    expect(forged.body.error.code).toBe('UNAUTHENTICATED')
    expect((await rawRequest('/api/v1/session/code', { method: 'POST' })).body.error.code).toBe('UNAUTHENTICATED')
    const fresh = await call('POST', '/api/v1/session/code')
    expect(fresh.body.code).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  it('serves health and the OpenAPI description without a token', async () => {
    expect((await rawRequest('/api/v1/health')).body).toEqual({ ok: true })
    const oa = await rawRequest('/api/v1/openapi.json')
    expect(oa.body.openapi).toBe('3.1.0')
    expect(Object.keys(oa.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/status', '/api/v1/txs', '/api/v1/txs/{hash}/proof', '/api/v1/blocks/{height}', '/api/v1/events']),
    )
  })
})

/** A transaction of a type open to `anyone`, signed by a key that holds no role and administers nothing. */
function strangerTx(type: 'notary.status' | 'consensus.evidence.submit'): TxJson {
  const stranger = portableSigner(randomSeed())
  const vote = (fill: number) => {
    const v = signVote(genesis.chainId, validator, { type: VoteType.prevote, height: 7, round: 0, blockHash: new Uint8Array(32).fill(fill) })
    return { type: v.type, height: v.height, round: v.round, blockHash: toHex(v.blockHash), validator: toHex(v.validator), sig: toHex(v.sig) }
  }
  const payload = type === 'notary.status' ? { number: 'A-2026-000001', action: 'revoke', reason: 'a stranger says so' } : { voteA: vote(1), voteB: vote(2) }
  return txToJson(makeTx(stranger, { chainId: genesis.chainId, type, nonce: 1, payload: payload as never }))
}

describe('bad input changes nothing', () => {
  const cases: Array<[string, () => unknown, number, string]> = [
    ['malformed JSON', () => '{"v":1,', 400, 'MALFORMED_JSON'],
    ['a "__proto__" payload key', () => JSON.stringify(grant(admin)).replace('"payload":{', '"payload":{"__proto__":{"x":1},'), 400, 'SCHEMA_INVALID'],
    ['a fractional number', () => ({ ...grant(admin), payload: { agency: 'a', n: 1.5 } }), 400, 'SCHEMA_INVALID'],
    ['deeply nested JSON', () => '['.repeat(5000) + ']'.repeat(5000), 400, 'SCHEMA_INVALID'],
    ['a payload nested too deeply', () => ({ ...grant(admin), payload: JSON.parse('['.repeat(40) + ']'.repeat(40)) }), 400, 'SCHEMA_INVALID'],
    ['not a transaction', () => ({ hello: 'world' }), 400, 'SCHEMA_INVALID'],
    ['wrong chain id', () => grant(admin, { chainId: 'other-chain' }), 422, 'WRONG_CHAIN'],
    ['bad signature', () => ({ ...grant(admin), sig: 'ab'.repeat(64) }), 422, 'BAD_SIGNATURE'],
    ['unknown type', () => grant(admin, { type: 'land.parcel.steal' }), 422, 'UNKNOWN_TYPE'],
    ['bad payload', () => grant(admin, { payload: { agency: 'a', role: 'notary' } }), 422, 'BAD_PAYLOAD'],
    ['unauthorized role', () => grant(portableSigner(randomSeed())), 403, 'UNAUTHORIZED_ROLE'],
    ["a roleless key's status change (open to anyone)", () => strangerTx('notary.status'), 403, 'UNAUTHORIZED_ROLE'],
    ["a roleless key's evidence report (open to anyone)", () => strangerTx('consensus.evidence.submit'), 403, 'UNAUTHORIZED_ROLE'],
    ['oversized transaction', () => grant(admin, { payload: { agency: 'a', subject: 'x'.repeat(70_000) } }), 413, 'TX_TOO_LARGE'],
    ['future-dated', () => grant(admin, { time: Date.now() + 86_400_000 }), 422, 'TX_FROM_FUTURE'],
  ]

  for (const [name, body, status, code] of cases) {
    it(`rejects ${name} with ${code}`, async () => {
      const before = node.status()
      const r = await call('POST', '/api/v1/txs', body())
      expect(r.status).toBe(status)
      expect(r.body.error.code).toBe(code)
      expect(r.body.error.message.length).toBeGreaterThan(5)
      expect(node.mempool.size).toBe(before.mempool.size)
      expect(await node.store.listPending()).toHaveLength(0)
      expect((await call('GET', '/api/v1/status')).status).toBe(200)
    })
  }

  it('rejects a body over the cap with PAYLOAD_TOO_LARGE', async () => {
    const r = await call('POST', '/api/v1/txs', 'x'.repeat(2 << 20))
    expect(r.status).toBe(413)
    expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('rejects a replayed transaction (same bytes, then same nonce)', async () => {
    const tx = grant(admin)
    const first = await call('POST', '/api/v1/txs?wait=commit', tx)
    expect(first.status).toBe(200)
    expect(first.body.status).toBe('committed')
    const replay = await call('POST', '/api/v1/txs', tx)
    expect(replay.body.error.code).toBe('DUPLICATE_TX')
    const sameNonce = await call('POST', '/api/v1/txs', grant(admin, { nonce: tx.nonce }))
    expect(sameNonce.status).toBe(409)
    expect(sameNonce.body.error.code).toBe('NONCE_REPLAYED')
  })

  it('accepts a lower unused nonce after a higher one committed (nonces are unique, not ordered)', async () => {
    const high = grant(admin, { nonce: 1_000_000 })
    expect((await call('POST', '/api/v1/txs?wait=commit', high)).body.status).toBe('committed')
    const low = grant(admin, { nonce: 999_000 })
    expect((await call('POST', '/api/v1/txs?wait=commit', low)).body.status).toBe('committed')
    const k = await call('GET', `/api/v1/identity/keys/${high.signer}`)
    expect(k.body.nonce).toBe(1_000_000)
  })

  it('takes a batch of transactions and answers for each', async () => {
    const good = grant(admin)
    const r = await call('POST', '/api/v1/txs/batch', { txs: [good, { ...grant(admin), sig: 'ab'.repeat(64) }, { nope: 1 }, good] })
    expect(r.status).toBe(207)
    const [a, b, c, d] = r.body.results
    expect(a).toMatchObject({ status: 'pending', hash: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(b.error.code).toBe('BAD_SIGNATURE')
    expect(c.error.code).toBe('SCHEMA_INVALID')
    expect(d.error.code).toBe('DUPLICATE_TX')
    expect((await call('POST', '/api/v1/txs/batch', { txs: [] })).body.error.code).toBe('SCHEMA_INVALID')
  })

  it('answers unknown heights, hashes and routes with stable codes', async () => {
    expect((await call('GET', '/api/v1/blocks/99999999')).body.error.code).toBe('UNKNOWN_HEIGHT')
    expect((await call('GET', '/api/v1/blocks/-1')).body.error.code).toBe('SCHEMA_INVALID')
    expect((await call('GET', '/api/v1/txs/' + '0'.repeat(64))).body.error.code).toBe('NOT_FOUND')
    expect((await call('GET', '/api/v1/txs/zz')).body.error.code).toBe('SCHEMA_INVALID')
    expect((await call('GET', '/api/v1/nothing')).body.error.code).toBe('NOT_FOUND')
    expect((await call('DELETE', '/api/v1/status')).body.error.code).toBe('METHOD_NOT_ALLOWED')
  })
})

describe('rejections by a registry rule', () => {
  it('answers POST ?wait=commit with the rule\'s code and a 4xx (NUMBER_TAKEN: 409), never a 500', async () => {
    const notary = portableSigner(randomSeed())
    const subject = toHex(notary.publicKey)
    const g = await call('POST', '/api/v1/txs?wait=commit', grant(admin, { payload: { agency: 'a', subject, role: 'notary', expiresAt: null } }))
    expect(g.body.status).toBe('committed')
    const register = (n: number, label: string) =>
      txToJson(
        makeTx(notary, {
          chainId: genesis.chainId,
          type: 'notary.register',
          nonce: n,
          payload: registerPayload({ agency: 'a', number: 'A-2026-000001', hash: toHex(new Uint8Array(32).fill(label.charCodeAt(0))) }),
        }),
      )
    const first = await call('POST', '/api/v1/txs?wait=commit', register(1, 'x'))
    expect(first.status).toBe(200)
    expect(first.body.status).toBe('committed')
    const taken = await call('POST', '/api/v1/txs?wait=commit', register(2, 'y'))
    expect(taken.body.error.code).toBe('NUMBER_TAKEN')
    expect(taken.status).toBe(409)
    // a notary passes the admission check of a type open to anyone
    const revoke = txToJson(
      makeTx(notary, { chainId: genesis.chainId, type: 'notary.status', nonce: 3, payload: { number: 'A-2026-000001', action: 'revoke', reason: 'issued in error' } }),
    )
    expect((await call('POST', '/api/v1/txs?wait=commit', revoke)).body.status).toBe('committed')
  })
})

describe('a bounded mempool', () => {
  it('refuses past its bound with MEMPOOL_FULL, 503 and Retry-After, and drops nothing it acknowledged', async () => {
    const bdir = mkdtempSync(join(tmpdir(), 'daejang-api-full-'))
    // not started yet: nothing leaves the mempool until the test says so
    const full = await LedgerNode.open({ dataDir: bdir, genesis, validatorSigner: validator, heartbeatMs: 100, mempoolLimits: { maxTxs: 2, maxBytes: 1 << 20, maxPerSigner: 100 } })
    const api = await startApiServer({ node: full, uiDir: null })
    const post = (path: string, body: unknown) =>
      new Promise<{ status: number; retryAfter: string | undefined; body: any }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: api.port, path, method: 'POST', headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' } },
          (res) => {
            let data = ''
            res.on('data', (d) => (data += d))
            res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(data) }))
          },
        )
        req.on('error', reject)
        req.end(JSON.stringify(body))
      })
    try {
      const taken = [grant(admin), grant(admin)]
      for (const tx of taken) expect((await post('/api/v1/txs', tx)).status).toBe(202)
      const refused = await post('/api/v1/txs', grant(admin))
      expect(refused.status).toBe(503)
      expect(refused.body.error.code).toBe('MEMPOOL_FULL')
      expect(Number(refused.retryAfter)).toBeGreaterThan(0)
      const batch = await post('/api/v1/txs/batch', { txs: [grant(admin)] })
      expect(batch.body.results[0].error.code).toBe('MEMPOOL_FULL')
      expect(full.status().mempool).toMatchObject({ size: 2, maxTxs: 2 })
      // what was acknowledged commits
      full.start()
      const hashes = taken.map((t) => full.mempool.reap(10, 1 << 20).find((c) => c.tx.nonce === t.nonce)!.hashHex)
      for (const h of hashes) expect((await full.waitForTx(h, 20_000)).status).toBe('committed')
      expect((await post('/api/v1/txs', grant(admin))).status).toBe(202)
    } finally {
      await api.close()
      await full.close()
      rmSync(bdir, { recursive: true, force: true })
    }
  })
})

describe('reads', () => {
  it('gives a committed transaction, its block, a verifiable proof, and finds it by search', async () => {
    const tx = grant(admin)
    const r = await call('POST', '/api/v1/txs?wait=commit', tx)
    expect(r.body.status).toBe('committed')
    const t = await call('GET', `/api/v1/txs/${r.body.hash}`)
    expect(t.body).toMatchObject({ status: 'committed', height: r.body.height, tx: { type: 'identity.role.grant', nonce: tx.nonce } })
    const b = await call('GET', `/api/v1/blocks/${r.body.height}`)
    expect(b.body.txs).toContain(r.body.hash)
    const published = (await call('GET', '/api/v1/trust')).body
    // published with the member agencies' names, so an offline verifier names them instead of showing their ids
    expect(published.agencies).toEqual([{ id: 'a', name: 'Agency A' }])
    const trust = trustFromJson(published)
    expect(trust.agencyNames?.get('a')).toBe('Agency A')
    const p = await call('GET', `/api/v1/txs/${r.body.hash}/proof`)
    expect(verifyProof(proofFromJson(p.body), trust).valid).toBe(true)
    const bin = await call('GET', `/api/v1/txs/${r.body.hash}/proof?format=binary`)
    expect(bin.body.data).toMatch(/^[A-Za-z0-9_-]+$/)
    expect((await call('GET', `/api/v1/search?q=${r.body.hash}`)).body.kind).toBe('tx')
    expect((await call('GET', `/api/v1/search?q=${r.body.height}`)).body.kind).toBe('block')
    const signer = await call('GET', `/api/v1/search?q=${tx.signer}`)
    expect(signer.body.kind).toBe('signer')
    expect(signer.body.txs).toContain(r.body.hash)
    const recent = await call('GET', '/api/v1/blocks?limit=2')
    expect(recent.body).toHaveLength(2)
    expect(recent.body[0].height).toBe(recent.body[1].height + 1)
    const older = await call('GET', `/api/v1/blocks?limit=1&before=${recent.body[1].height}`)
    expect(older.body[0].height).toBe(recent.body[1].height - 1)
  })

  it('reads state as of a height and serves certified state proofs of a key and a group that verify offline', async () => {
    const r = await call('POST', '/api/v1/txs?wait=commit', grant(admin))
    const key = `n/${toHex(admin.publicKey)}`
    const trust = trustFromJson((await call('GET', '/api/v1/trust')).body)
    const now = await call('GET', `/api/v1/state?key=${encodeURIComponent(key)}&height=${r.body.height}`)
    expect(now.body).toEqual({ key, height: r.body.height, present: true, value: expect.any(Number) })
    const before = await call('GET', `/api/v1/state?key=${encodeURIComponent(key)}&height=0`)
    expect(before.body).toEqual({ key, height: 0, present: false, value: null })
    const p = await call('GET', `/api/v1/state/proof?key=${encodeURIComponent(key)}&height=${r.body.height}`)
    expect(p.body.format).toBe('daejang-state-proof/1')
    const v = verifyCertifiedState(certifiedStateFromJson(p.body), trust)
    expect(v.ok, JSON.stringify(v.checks)).toBe(true)
    expect(v.claim).toEqual({ key, value: now.body.value })
    const head = await call('GET', `/api/v1/state/proof?key=${encodeURIComponent('no/such/key')}`)
    expect(verifyCertifiedState(certifiedStateFromJson(head.body), trust).claim).toEqual({ key: 'no/such/key', value: undefined })
    const range = await call('GET', `/api/v1/state/range?group=${encodeURIComponent(`n/${toHex(admin.publicKey)}`)}&height=${r.body.height}`)
    const rv = verifyCertifiedState(certifiedStateFromJson(range.body), trust)
    expect(rv.ok).toBe(true)
    // the admin's used nonces (group n/<key>), the highest among them
    const used = 'entries' in rv.claim ? rv.claim.entries.map(([k]) => k) : []
    expect(used).toContain(`${key}/${now.body.value}`)
    expect(used.every((k) => k.startsWith(`${key}/`))).toBe(true)
    // refusals in words, with codes
    const ahead = await call('GET', `/api/v1/state/proof?key=x&height=${r.body.height + 1_000_000}`)
    expect([ahead.status, ahead.body.error.code]).toEqual([404, 'UNKNOWN_HEIGHT'])
    const noKey = await call('GET', '/api/v1/state/proof')
    expect(noKey.body.error.code).toBe('SCHEMA_INVALID')
    // and the node says how much history it keeps
    expect((await call('GET', '/api/v1/status')).body.state).toEqual({ keepRecent: null, oldestProvableHeight: 1 })
  })

  it('lists only the blocks that hold transactions when asked (withTxs=true), from the index, paging with before', async () => {
    const first = await call('POST', '/api/v1/txs?wait=commit', grant(admin))
    const second = await call('POST', '/api/v1/txs?wait=commit', grant(admin))
    // empty blocks follow (a heartbeat): wait until a few are there
    for (let h = 0; h <= second.body.height + 2; ) h = (await call('GET', '/api/v1/status')).body.height
    const all = (await call('GET', '/api/v1/blocks?limit=100')).body as { height: number; txCount: number }[]
    expect(all.some((b) => b.txCount === 0)).toBe(true)
    const withTxs = (await call('GET', '/api/v1/blocks?limit=100&withTxs=true')).body as { height: number; txCount: number }[]
    expect(withTxs.length).toBeGreaterThanOrEqual(2)
    expect(withTxs.every((b) => b.txCount > 0)).toBe(true)
    // the same blocks as a filter over the full list (over the heights both lists cover; blocks come every 100 ms)
    const lowest = all[all.length - 1]!.height
    const top = Math.min(all[0]!.height, withTxs[0]!.height)
    const span = (list: { height: number }[]) => list.map((b) => b.height).filter((h) => h >= lowest && h <= top)
    expect(span(withTxs)).toEqual(span(all.filter((b) => b.txCount > 0)))
    expect(withTxs.map((b) => b.height)).toEqual(expect.arrayContaining([first.body.height, second.body.height]))
    const older = (await call('GET', `/api/v1/blocks?limit=1&withTxs=true&before=${second.body.height}`)).body as { height: number }[]
    expect(older[0]!.height).toBe(withTxs[withTxs.findIndex((b) => b.height === second.body.height) + 1]!.height)
  })

  it("lists a block's transactions in order", async () => {
    const r = await call('POST', '/api/v1/txs?wait=commit', grant(admin))
    const txs = await call('GET', `/api/v1/blocks/${r.body.height}/txs`)
    expect(txs.status).toBe(200)
    const mine = txs.body.find((t: { hash: string }) => t.hash === r.body.hash)
    expect(mine).toMatchObject({ status: 'committed', height: r.body.height, tx: { type: 'identity.role.grant' } })
    expect(txs.body.map((t: { index: number }) => t.index)).toEqual(txs.body.map((_: unknown, i: number) => i))
    expect((await call('GET', '/api/v1/blocks/99999999/txs')).body.error.code).toBe('UNKNOWN_HEIGHT')
  })

  it('refuses to hand out the administrator key of a consortium that is not local', async () => {
    const r = await call('POST', '/api/v1/local/admin-key')
    expect(r.status).toBe(403)
    expect(r.body.error.code).toBe('NOT_LOCAL')
  })

  it('lists agencies and a key\'s roles', async () => {
    const subject = toHex(portableSigner(randomSeed()).publicKey)
    await call('POST', '/api/v1/txs?wait=commit', grant(admin, { payload: { agency: 'a', subject, role: 'registrar', expiresAt: null } }))
    const ag = await call('GET', '/api/v1/identity/agencies')
    expect(ag.body).toEqual([expect.objectContaining({ id: 'a', name: 'Agency A' })])
    const k = await call('GET', `/api/v1/identity/keys/${subject}`)
    expect(k.body.roles).toEqual([expect.objectContaining({ role: 'registrar', agency: 'a', active: true })])
    const creds = await call('GET', '/api/v1/identity/credentials?role=registrar')
    expect(creds.body.map((c: { subject: string }) => c.subject)).toContain(subject)
  })
})

describe('hostile reads of state, headers and trust steps', () => {
  it('answers every malformed, negative, huge, fractional or far height and limit, and every odd key, with a 4xx code in words; nothing changes', async () => {
    await call('POST', '/api/v1/txs?wait=commit', grant(admin))
    const before = (await call('GET', '/api/v1/status')).body
    const k = (x: string): string => encodeURIComponent(x)
    const paths = [
      ...['-1', '1.5', 'abc', '1e400', '9007199254740993', '0x10', ' ', ''].flatMap((h) => [
        `/api/v1/state?key=a&height=${k(h)}`,
        `/api/v1/state/proof?key=a&height=${k(h)}`,
        `/api/v1/state/range?group=a&height=${k(h)}`,
        `/api/v1/headers?from=${k(h)}`,
        `/api/v1/headers?from=1&limit=${k(h)}`,
        `/api/v1/trust/steps?fromHeight=${k(h)}`,
        `/api/v1/trust/steps?fromHeight=0&toHeight=${k(h)}`,
        `/api/v1/state/proof?key=a&trustFrom=${k(h)}`,
        `/api/v1/notary/documents/MOFA-2026-000001/status-proof?height=${k(h)}`,
      ]),
      '/api/v1/state?key=a&height=99999999',
      '/api/v1/state/proof?key=a&height=99999999',
      '/api/v1/state/range?group=a&height=99999999',
      '/api/v1/headers?from=1&limit=101',
      '/api/v1/headers?from=1&limit=0',
      '/api/v1/headers?from=0',
      '/api/v1/state',
      '/api/v1/state?key=',
      `/api/v1/state?key=${'x'.repeat(1025)}`,
      `/api/v1/state/range?group=${'x'.repeat(1025)}`,
      '/api/v1/state?key=a&key=b',
      '/api/v1/trust/steps',
      '/api/v1/notary/documents/..%2F..%2Fetc/status-proof',
      '/api/v1/notary/documents/MOFA-2026-999999/status-proof',
    ]
    for (const path of paths) {
      const r = await call('GET', path)
      if (r.status === 200) continue
      expect(r.status, path).toBeGreaterThanOrEqual(400)
      expect(r.status, path).toBeLessThan(500)
      expect(r.body.error.code, path).toMatch(/^[A-Z][A-Z0-9_]+$/)
    }
    // a height past the head is never answered as if it were the head
    for (const path of ['/api/v1/state?key=a&height=99999999', '/api/v1/state?key=a&height=1e400', '/api/v1/state?key=a&height=']) {
      expect((await call('GET', path)).status, path).not.toBe(200)
    }
    // odd characters in keys are read as keys (absent here), not as anything else
    for (const key of ['\u0000', '../../etc/passwd', '한글/키', '%', '/', 'a/', '\u{1F600}/x', ' ']) {
      const r = await call('GET', `/api/v1/state?key=${k(key)}`)
      expect([r.status, r.body.key, r.body.present], key).toEqual([200, key, false])
      const p = await call('GET', `/api/v1/state/proof?key=${k(key)}`)
      expect(p.status, key).toBe(200)
      expect(certifiedStateFromJson(p.body).proof).toMatchObject({ kind: 'absent', key })
    }
    const after = (await call('GET', '/api/v1/status')).body
    expect(after.appHash === before.appHash || after.height > before.height).toBe(true)
  })
})

describe('evidence of equivocation', () => {
  const vote = (blockHash: Uint8Array) =>
    signVote(genesis.chainId, validator, { type: VoteType.precommit, height: 3, round: 1, blockHash })
  const voteJson = (v: ReturnType<typeof vote>) => ({
    type: v.type,
    height: v.height,
    round: v.round,
    blockHash: toHex(v.blockHash),
    validator: toHex(v.validator),
    sig: toHex(v.sig),
  })
  let reports = 0
  // a validator key hands the evidence in, as nodes do (a key with no standing is refused at admission)
  const report = (payload: unknown, reporter = validator) =>
    txToJson(makeTx(reporter, { chainId: genesis.chainId, type: 'consensus.evidence.submit', nonce: ++reports, payload: payload as never }))

  it('commits two conflicting signed votes of a validator, lists them, and refuses the same again or a fake', async () => {
    const a = voteJson(vote(new Uint8Array(32).fill(1)))
    const b = voteJson(vote(new Uint8Array(32).fill(2)))
    const ok = await call('POST', '/api/v1/txs?wait=commit', report({ voteA: a, voteB: b }))
    expect(ok.body.status).toBe('committed')
    const list = await call('GET', '/api/v1/consensus/evidence')
    expect(list.body).toEqual([
      expect.objectContaining({ validator: toHex(validator.publicKey), height: 3, round: 1, type: 2, blockHashes: [a.blockHash, b.blockHash] }),
    ])
    const again = await call('POST', '/api/v1/txs?wait=commit', report({ voteA: b, voteB: a }))
    expect(again.body.error.code).toBe('RULE_VIOLATION')
    const same = await call('POST', '/api/v1/txs?wait=commit', report({ voteA: a, voteB: a }))
    expect(same.body.error.code).toBe('RULE_VIOLATION')
    const forged = await call('POST', '/api/v1/txs?wait=commit', report({ voteA: a, voteB: { ...b, sig: 'ab'.repeat(64) } }))
    expect(forged.body.error.code).toBe('RULE_VIOLATION')
    expect((await call('GET', '/api/v1/consensus/evidence')).body).toHaveLength(1)
  })

  it('is reported by the node itself when consensus detects it (signed with the node key)', async () => {
    const a = signVote(genesis.chainId, validator, { type: VoteType.prevote, height: 9, round: 0, blockHash: new Uint8Array(32).fill(5) })
    const b = signVote(genesis.chainId, validator, { type: VoteType.prevote, height: 9, round: 0, blockHash: new Uint8Array(32).fill(6) })
    node.reportEvidence({ voteA: a, voteB: b })
    node.reportEvidence({ voteA: b, voteB: a }) // the same equivocation: reported once
    await expect
      .poll(async () => (await call('GET', '/api/v1/consensus/evidence')).body.filter((e: { height: number }) => e.height === 9), { timeout: 10_000 })
      .toEqual([expect.objectContaining({ type: 1, reportedBy: toHex(validator.publicKey) })])
  })
})

describe('event stream', () => {
  it('needs the token and streams blocks and committed transactions', async () => {
    const wsUrl = server.url.replace('http', 'ws') + '/api/v1/events'
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl)
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.on('open', () => resolve(101))
    })
    expect(refused).toBe(401)
    const ws = new WebSocket(`${wsUrl}?token=${server.token}`)
    const events: any[] = []
    ws.on('message', (d) => events.push(JSON.parse(String(d))))
    await new Promise((r) => ws.on('open', r))
    const r = await call('POST', '/api/v1/txs?wait=commit', grant(admin))
    await new Promise((res) => setTimeout(res, 100))
    ws.close()
    expect(events[0].type).toBe('hello')
    expect(events.some((e) => e.type === 'block')).toBe(true)
    expect(events).toContainEqual(expect.objectContaining({ type: 'tx.committed', hash: r.body.hash }))
  })
})
