/**
 * The first-run setup API (src/server/setup, docs/adr/0063): hostile and wrong input refused with stable codes and
 * nothing written; a choice writes the home and the node then runs in the same process, on the same address and
 * token; a second choice is refused.
 */
import '../../src/server/compat'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newKeyFile } from '../../src/ledger/crypto/keystore'
import { toHex } from '../../src/ledger/codec/bytes'
import { randomSeed } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { ADMISSION_FORMAT, makeAdmissionRequest } from '../../src/server/admission'
import { Home, initHome } from '../../src/ledger/node/home'
import { call, useSetupServers } from './setup-fixture'
import { freeBase, waitFor } from '../integration/harness'

const { tempDir, setup } = useSetupServers('daejang-setup-')

const code = (r: { body: any }): string | undefined => r.body?.error?.code

/** only the setup's own api.json: no genesis, config, keys or request */
function untouched(home: string): void {
  expect(existsSync(join(home, 'genesis.json'))).toBe(false)
  expect(existsSync(join(home, 'config.json'))).toBe(false)
  expect(existsSync(join(home, 'keys'))).toBe(false)
  expect(readdirSync(home).filter((f) => f !== 'api.json')).toEqual([])
}

/** an agency's admission request, as `daejang join --agency-out` writes it */
function request(id: string, power = 10): { id: string; name: string; validator: { publicKey: string; power: number } | null; admins: string[] } {
  return { id, name: `Agency ${id}`, validator: power > 0 ? { publicKey: newKeyFile('node').publicKey, power } : null, admins: [newKeyFile('admin').publicKey] }
}

/** a genesis document of a consortium of one agency (another computer's) */
function otherGenesis(): unknown {
  const h = new Home(join(tempDir(), 'other'))
  return initHome(h, { agencyId: 'land-office', agencyName: 'Land office' }).genesis
}

describe('setup mode: before a choice', () => {
  it('serves health without a token, says SETUP_REQUIRED for the status, and wants the token for the rest', async () => {
    const { s, home } = await setup()
    const health = await fetch(s.url + '/api/v1/health')
    expect(await health.json()).toEqual({ ok: true, setup: true })
    const st = await call(s, 'GET', '/api/v1/status')
    expect(st.status).toBe(409)
    expect(code(st)).toBe('SETUP_REQUIRED')
    expect(st.body.error.details).toEqual({ phase: 'choose' })
    expect(code(await call({ url: s.url, token: 'x'.repeat(64) }, 'GET', '/api/v1/setup'))).toBe('UNAUTHENTICATED')
    expect(code(await call({ url: s.url, token: 'x'.repeat(64) }, 'POST', '/api/v1/setup/local', {}))).toBe('UNAUTHENTICATED')
    expect((await call(s, 'GET', '/api/v1/setup')).body).toEqual({ phase: 'choose', result: null, error: null })
    // the sign-in link works once
    const link = s.uiLink()
    const c = link.split('#code=')[1]!
    const ex = await fetch(s.url + '/api/v1/session', { method: 'POST', body: JSON.stringify({ code: c }) })
    expect(await ex.json()).toEqual({ token: s.token })
    const again = await fetch(s.url + '/api/v1/session', { method: 'POST', body: JSON.stringify({ code: c }) })
    expect(again.status).toBe(401)
    // api.json names the address and token (daejang open, the test harness)
    expect(JSON.parse(readFileSync(join(home, 'api.json'), 'utf8'))).toMatchObject({ url: s.url, token: s.token })
    untouched(home)
  })

  it('refuses a genesis that is not one, an agency id taken, bad peers and listen addresses, changing nothing', async () => {
    const { s, home } = await setup()
    const genesis = otherGenesis()
    const base = { agency: { id: 'notary-seoul', name: '서울 공증 / Seoul notary' }, power: 10, listen: '/ip4/127.0.0.1/tcp/0', peers: [`${'ab'.repeat(32)}@/ip4/127.0.0.1/tcp/1`] }
    expect(code(await call(s, 'POST', '/api/v1/setup/check-genesis', { hello: 'world' }))).toBe('GENESIS_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { ...base, genesis: { format: 'daejang-genesis/1', chainId: 'x' } }))).toBe('GENESIS_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { ...base, genesis: 'not even an object' }))).toBe('GENESIS_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { ...base, genesis, agency: { id: 'land-office', name: 'Me' } }))).toBe('AGENCY_ID_TAKEN')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { ...base, genesis, peers: ['nokey@somewhere'] }))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { ...base, genesis, peers: [] }))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { ...base, genesis, listen: 'anywhere' }))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { ...base, genesis, agency: { id: 'Bad Id!', name: 'x' } }))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/workstation', { genesis: [], listen: base.listen, peers: base.peers }))).toBe('GENESIS_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/local', { extra: true }))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/elsewhere', {}))).toBe('NOT_FOUND')
    const summary = await call(s, 'POST', '/api/v1/setup/check-genesis', genesis)
    expect(summary.body).toMatchObject({ chainId: (genesis as { chainId: string }).chainId, agencies: [{ id: 'land-office', name: 'Land office', validator: true }] })
    expect((await call(s, 'GET', '/api/v1/setup')).body.phase).toBe('choose')
    untouched(home)
  })

  it('refuses request files with bad keys, duplicates and wrong forms, changing nothing', async () => {
    const { s, home } = await setup()
    const create = (others: unknown[]) => call(s, 'POST', '/api/v1/setup/create', { agency: { id: 'founder', name: 'Founder' }, power: 30, others, listen: '/ip4/127.0.0.1/tcp/0' })
    // all-zero bytes: a point of small order, under which no signature can be accepted
    const smallOrder = { ...request('a'), validator: { publicKey: '00'.repeat(32), power: 10 } }
    expect(code(await call(s, 'POST', '/api/v1/setup/check-request', smallOrder))).toBe('ADMISSION_MALFORMED')
    const r1 = await create([smallOrder])
    expect(code(r1)).toBe('ADMISSION_MALFORMED')
    expect(r1.body.error.details).toEqual({ index: 0 })
    expect(code(await create([{ ...request('a'), admins: ['XYZ'] }]))).toBe('ADMISSION_MALFORMED')
    expect(code(await create([{ ...request('a'), extra: 1 }]))).toBe('ADMISSION_MALFORMED')
    expect(code(await create(['just a string']))).toBe('ADMISSION_MALFORMED')
    expect(code(await create([request('founder')]))).toBe('AGENCY_ID_TAKEN')
    expect(code(await create([request('a'), request('a')]))).toBe('AGENCY_ID_TAKEN')
    const a = request('a')
    expect(code(await create([a, { ...request('b'), validator: a.validator }]))).toBe('ADMISSION_KEY_TAKEN')
    // a validator key that is another agency's administrator key; an administrator key listed twice in one agency
    expect(code(await create([a, { ...request('b'), validator: { publicKey: a.admins[0]!, power: 10 } }]))).toBe('ADMISSION_KEY_TAKEN')
    expect(code(await create([{ ...a, admins: [a.admins[0]!, a.admins[0]!] }]))).toBe('ADMISSION_ADMIN_KEY_TWICE')
    // other founders and no listen address: their nodes could not reach this one
    expect(code(await call(s, 'POST', '/api/v1/setup/create', { agency: { id: 'founder', name: 'F' }, power: 30, others: [request('a')] }))).toBe('SCHEMA_INVALID')
    // the signed request a joining node keeps (ADR 0064) is read, its signatures checked
    const node = nodeSigner(randomSeed())
    const admin = nodeSigner(randomSeed())
    const agency = { id: 'signed', name: 'Signed agency', validator: { publicKey: toHex(node.publicKey), power: 10 }, admins: [toHex(admin.publicKey)] }
    const signed = makeAdmissionRequest(
      { format: ADMISSION_FORMAT, kind: 'agency', chainId: 'some-other-chain', createdAt: Date.now(), agency, node: { key: toHex(node.publicKey), listen: ['/ip4/127.0.0.1/tcp/1'] } },
      [node, admin],
    )
    expect((await call(s, 'POST', '/api/v1/setup/check-request', signed)).body).toEqual(agency)
    expect(code(await call(s, 'POST', '/api/v1/setup/check-request', { ...signed, agency: { ...agency, name: 'Altered' } }))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(code(await create([{ ...signed, agency: { ...agency, validator: { ...agency.validator, power: 1000 } } }]))).toBe('ADMISSION_BAD_SIGNATURE')
    expect(code(await call(s, 'POST', '/api/v1/setup/check-request', { agency: a }))).toBe('ADMISSION_MALFORMED')
    untouched(home)
  })

  it('refuses oversized, malformed and deeply nested bodies', async () => {
    const { s, home } = await setup()
    const big = JSON.stringify({ genesis: 'x'.repeat(1.5 * 2 ** 20) })
    const r = await call(s, 'POST', '/api/v1/setup/join', undefined, big)
    expect(r.status).toBe(413)
    expect(code(r)).toBe('PAYLOAD_TOO_LARGE')
    expect(code(await call(s, 'POST', '/api/v1/setup/local', undefined, '{"'))).toBe('MALFORMED_JSON')
    expect(code(await call(s, 'POST', '/api/v1/setup/check-genesis', undefined, '['.repeat(100) + ']'.repeat(100)))).toBe('SCHEMA_INVALID')
    expect(code(await call(s, 'POST', '/api/v1/setup/create', { others: Array.from({ length: 300 }, () => ({})), agency: { id: 'a', name: 'a' }, power: 1 }))).toBe('SCHEMA_INVALID')
    untouched(home)
  })
})

describe('setup mode: a choice', () => {
  it('try it alone: a local consortium, the node runs on the same address and token, a second choice is refused', async () => {
    const { s, home } = await setup()
    const r = await call(s, 'POST', '/api/v1/setup/local', {})
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ choice: 'local', producesAlone: true })
    expect(code(await call(s, 'POST', '/api/v1/setup/create', { agency: { id: 'x', name: 'x' }, power: 1 }))).toBe('SETUP_DONE')
    const node = await s.running
    expect(node.api.url).toBe(s.url)
    const st = await waitFor(async () => {
      const x = await call(s, 'GET', '/api/v1/status')
      return x.status === 200 && x.body.height >= 1 ? x.body : undefined
    }, 60_000, 'the node producing blocks')
    expect(st.chainId).toBe(r.body.chainId)
    expect(new Home(home).readGenesis().label).toBe('local')
    expect(new Home(home).readConfig().apiPort).toBe(s.port)
    // the node's own API refuses another choice too, and says it runs
    expect(code(await call(s, 'POST', '/api/v1/setup/local', {}))).toBe('SETUP_DONE')
    expect((await call(s, 'GET', '/api/v1/setup')).body.phase).toBe('running')
    const genesisBefore = readFileSync(join(home, 'genesis.json'), 'utf8')
    expect(code(await call(s, 'POST', '/api/v1/setup/join', { genesis: otherGenesis(), agency: { id: 'q', name: 'q' }, power: 1, listen: '/ip4/127.0.0.1/tcp/0', mdns: true }))).toBe('SETUP_DONE')
    expect(readFileSync(join(home, 'genesis.json'), 'utf8')).toBe(genesisBefore)
  })

  it('create with another founding agency from its request file: the genesis holds both, the node produces blocks', async () => {
    const { s, home } = await setup()
    const other = request('livestock-office', 10)
    // an administrator key may serve several agencies (ADR 0064): a third founder shares the second's
    const third = { ...request('fisheries-office', 0), admins: other.admins }
    const port = await freeBase(1)
    const r = await call(s, 'POST', '/api/v1/setup/create', {
      chainId: 'daejang-test-consortium',
      agency: { id: 'land-office', name: '토지과 / Land office' },
      power: 30,
      others: [other, third],
      listen: `/ip4/127.0.0.1/tcp/${port}`,
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.producesAlone).toBe(true)
    expect(r.body.genesis.chainId).toBe('daejang-test-consortium')
    expect(r.body.genesis.agencies.map((a: { id: string }) => a.id)).toEqual(['land-office', 'livestock-office', 'fisheries-office'])
    expect(r.body.genesis.agencies[1]).toEqual(other)
    expect(r.body.genesis.agencies[2]).toEqual(third)
    expect(new Home(home).readGenesis()).toEqual(r.body.genesis)
    await s.running
    await waitFor(async () => {
      const x = await call(s, 'GET', '/api/v1/status')
      return x.status === 200 && x.body.height >= 2
    }, 90_000, 'blocks from the founder holding 3/4 of the power')
  })

  it('join: the home is written with the request for the administrators; the node runs and waits', async () => {
    const { s, home } = await setup()
    const genesis = otherGenesis() as { chainId: string }
    const port = await freeBase(1)
    const r = await call(s, 'POST', '/api/v1/setup/join', {
      genesis,
      agency: { id: 'notary-seoul', name: '서울 공증' },
      power: 10,
      listen: `/ip4/127.0.0.1/tcp/${port}`,
      peers: [],
      mdns: true,
    })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ choice: 'join', chainId: genesis.chainId, producesAlone: false })
    expect(r.body.admissionRequest).toMatchObject({ id: 'notary-seoul', name: '서울 공증', validator: { power: 10 } })
    // the signed request of ADR 0064, for the administrators
    expect(JSON.parse(readFileSync(join(home, 'admission-request.json'), 'utf8'))).toMatchObject({ format: 'daejang-admission/1', kind: 'agency', agency: r.body.admissionRequest })
    expect(new Home(home).readConfig().p2p).toMatchObject({ mdns: true, peers: [] })
    await s.running
    const st = await call(s, 'GET', '/api/v1/status')
    expect(st.status).toBe(200)
    expect(st.body.chainId).toBe(genesis.chainId)
  })

  it('workstation: no agency or administrator key of its own, the peers it was given; the node runs', async () => {
    const { s, home } = await setup()
    const genesis = otherGenesis() as { chainId: string }
    const port = await freeBase(1)
    const peer = `${'cd'.repeat(32)}@/ip4/127.0.0.1/tcp/${port + 1}`
    const r = await call(s, 'POST', '/api/v1/setup/workstation', { genesis, listen: `/ip4/127.0.0.1/tcp/${port}`, peers: [peer, '  '] })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body).toMatchObject({ choice: 'workstation', adminKey: null, admissionRequest: null })
    expect(existsSync(join(home, 'keys', 'admin.json'))).toBe(false)
    // its request asks to be a workstation, not an agency (ADR 0064)
    expect(JSON.parse(readFileSync(join(home, 'admission-request.json'), 'utf8'))).toMatchObject({ kind: 'workstation' })
    expect(new Home(home).readConfig().p2p?.peers).toEqual([{ publicKey: 'cd'.repeat(32), addr: `/ip4/127.0.0.1/tcp/${port + 1}` }])
    await s.running
    expect((await call(s, 'GET', '/api/v1/status')).body.chainId).toBe(genesis.chainId)
  })
})
