/**
 * The `daejang` CLI end to end: init, start, status, block, tx submit/show, proof get/verify, keys and roles;
 * 1,000 transactions, kill -9, restart: every committed one is still there and its proof verifies.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { makeStoreOld } from '../ledger/old-store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTx, txToJson, type TxJson } from '../../src/ledger/types/tx'
import { proofFromJson, trustFromJson, verifyProof } from '../../src/ledger/proofs/proof'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { randomSeed, portableSigner } from '../../src/ledger/crypto/ed25519'
import { toHex } from '../../src/ledger/codec/bytes'
import { api, cli, kill9, startNode, stopAll, stopGracefully, tempHome, waitFor, type StartedNode } from './harness'

const N = 1000
/**
 * The tests below do work in proportion to N (submissions, then a lookup and a proof of each transaction): their
 * time limit grows with it, with room for a machine shared with other work (issue 9 item 22: the kill -9 test ran
 * out of the flat 60 s while the machine was loaded; its 2,000 requests had been made one at a time).
 */
const PER_TX = { timeout: 60_000 + N * 150 }
/** Lookups of the committed transactions after the restart go this many at a time. */
const PARALLEL = 25

describe('daejang CLI', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  let node: StartedNode
  let chainId = ''
  const hashes: string[] = []

  beforeAll(() => {
    const r = cli(['init', '--home', home, '--heartbeat-ms', '200', '--json'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.json.chainId).toMatch(/^daejang-[0-9a-f]{8}$/)
    expect(r.json.nodeKey).toMatch(/^[0-9a-f]{64}$/)
    expect(r.json.adminKey).toMatch(/^[0-9a-f]{64}$/)
    chainId = r.json.chainId
  })

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('refuses to init an existing home', () => {
    const r = cli(['init', '--home', home, '--json'])
    expect(r.code).not.toBe(0)
    expect(r.json.error.code).toBe('HOME_EXISTS')
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('says the node is not running before start, with a one-line reason', () => {
    const r = cli(['status', '--home', home, '--json'])
    expect(r.code).toBe(1)
    expect(r.json.error.code).toBe('NODE_NOT_RUNNING')
    expect(r.stderr).toMatch(/^(error: The node is not running\.|오류: 노드가 실행 중이 아닙니다\.)/)
  })

  it('starts, produces heartbeat blocks, and reports status and blocks', async () => {
    node = await startNode(home)
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.height >= 2, 20_000, 'heartbeat blocks')
    const s = cli(['status', '--home', home, '--json'])
    expect(s.code, s.stderr).toBe(0)
    expect(typeof s.json.height).toBe('number')
    expect(s.json.lastBlockHash).toMatch(/^[0-9a-f]{64}$/)
    expect(s.json.appHash).toMatch(/^[0-9a-f]{64}$/)
    expect(s.json.peers).toBe(0)
    expect(s.json.syncing).toBe(false)
    const b = cli(['block', '--home', home, '--height', '1', '--json'])
    expect(b.code, b.stderr).toBe(0)
    expect(b.json.height).toBe(1)
    expect(b.json.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(b.json.txCount).toBe(0)
    const missing = cli(['block', '--home', home, '--height', '99999999', '--json'])
    expect(missing.code).toBe(1)
    expect(missing.json.error.code).toBe('UNKNOWN_HEIGHT')
  })

  it('commits 1,000 transactions submitted through the CLI and the API', PER_TX, async () => {
    const admin = loadSigner(join(home, 'keys', 'admin.json'))
    const txs: TxJson[] = Array.from({ length: N }, (_, i) =>
      txToJson(
        makeTx(admin, {
          chainId,
          type: 'identity.role.grant',
          nonce: i + 1,
          payload: { agency: 'local-agency', subject: toHex(portableSigner(randomSeed()).publicKey), role: 'notary', expiresAt: null },
        }),
      ),
    )
    const file = join(t.dir, 'tx0.json')
    writeFileSync(file, JSON.stringify(txs[0]))
    const sub = cli(['tx', 'submit', '--home', home, '--file', file, '--json'])
    expect(sub.code, sub.stderr).toBe(0)
    expect(sub.json.hash).toMatch(/^[0-9a-f]{64}$/)
    hashes.push(sub.json.hash)
    for (let i = 1; i < N; i += 100) {
      const rs = await Promise.all(txs.slice(i, i + 100).map((tx) => api(node, 'POST', '/api/v1/txs', tx)))
      for (const r of rs) {
        expect(r.status).toBe(202)
        hashes.push(r.body.hash)
      }
    }
    await waitFor(async () => (await api(node, 'GET', `/api/v1/txs/${hashes[N - 1]}`)).body.status === 'committed', PER_TX.timeout, 'last tx')
    const again = cli(['tx', 'submit', '--home', home, '--file', file, '--json'])
    expect(again.code).toBe(1)
    expect(again.json.error.code).toBe('DUPLICATE_TX')
    // an array is one batch, with a result per transaction; one failure makes the exit code non-zero
    const batchFile = join(t.dir, 'batch.json')
    const extra = txToJson(
      makeTx(admin, {
        chainId,
        type: 'identity.role.grant',
        nonce: N + 1,
        payload: { agency: 'local-agency', subject: toHex(portableSigner(randomSeed()).publicKey), role: 'notary', expiresAt: null },
      }),
    )
    writeFileSync(batchFile, JSON.stringify([extra, txs[0]]))
    const batch = cli(['tx', 'submit', '--home', home, '--file', batchFile, '--json'])
    expect(batch.code).toBe(1)
    expect(batch.json.results[0].status).toBe('pending')
    expect(batch.json.results[1].error.code).toBe('DUPLICATE_TX')
    hashes.push(batch.json.results[0].hash)
    await waitFor(async () => (await api(node, 'GET', `/api/v1/txs/${batch.json.results[0].hash}`)).body.status === 'committed', 30_000, 'batch tx')
  })

  it('keeps every committed transaction across kill -9 and restart, and their proofs verify', PER_TX, async () => {
    const before = await Promise.all(hashes.map((h) => api(node, 'GET', `/api/v1/txs/${h}`)))
    expect(before.every((r) => r.body.status === 'committed')).toBe(true)
    await kill9(node)
    expect(cli(['status', '--home', home, '--json']).json.error.code).toBe('NODE_NOT_RUNNING')
    node = await startNode(home)
    const trust = trustFromJson((await api(node, 'GET', '/api/v1/trust')).body)
    for (let start = 0; start < N; start += PARALLEL) {
      await Promise.all(
        hashes.slice(start, Math.min(N, start + PARALLEL)).map(async (hash, k) => {
          const r = await api(node, 'GET', `/api/v1/txs/${hash}`)
          expect(r.body.status).toBe('committed')
          expect(r.body.height).toBe(before[start + k]!.body.height)
          const p = await api(node, 'GET', `/api/v1/txs/${hash}/proof`)
          expect(verifyProof(proofFromJson(p.body), trust).valid).toBe(true)
        }),
      )
    }
    const out = join(t.dir, 'proof.json')
    const pg = cli(['proof', 'get', '--home', home, '--hash', hashes[7]!, '--out', out, '--json'])
    expect(pg.code, pg.stderr).toBe(0)
    const trustFile = join(t.dir, 'trust.json')
    expect(cli(['trust', 'export', '--home', home, '--out', trustFile]).code).toBe(0)
    const pv = cli(['proof', 'verify', '--file', out, '--trust', trustFile, '--json'])
    expect(pv.code, pv.stderr).toBe(0)
    expect(pv.json.valid).toBe(true)
    expect(pv.json.txHash).toBe(hashes[7])
    // one altered byte of the proof's transaction and it no longer verifies
    const tampered = JSON.parse(readFileSync(out, 'utf8'))
    tampered.tx.payload.role = 'registrar'
    writeFileSync(out, JSON.stringify(tampered))
    const bad = cli(['proof', 'verify', '--file', out, '--trust', trustFile, '--json'])
    expect(bad.code).toBe(1)
    expect(bad.json.valid).toBe(false)
    expect(bad.json.checks.find((c: { name: string }) => c.name === 'inclusion').ok).toBe(false)
  })

  it('shows a transaction and manages keys and roles', async () => {
    const show = cli(['tx', 'show', '--home', home, '--hash', hashes[0]!, '--json'])
    expect(show.code, show.stderr).toBe(0)
    expect(show.json.status).toBe('committed')
    expect(show.json.tx.type).toBe('identity.role.grant')
    const key = cli(['keys', 'create', '--home', home, '--name', 'clerk', '--json'])
    expect(key.code, key.stderr).toBe(0)
    const pk = key.json.publicKey
    const grant = cli(['role', 'grant', '--home', home, '--subject', pk, '--role', 'registrar', '--json'])
    expect(grant.code, grant.stderr).toBe(0)
    expect(grant.json.status).toBe('committed')
    let list = cli(['role', 'list', '--home', home, '--subject', pk, '--json'])
    expect(list.json).toHaveLength(1)
    expect(list.json[0]).toMatchObject({ role: 'registrar', agency: 'local-agency', active: true })
    const revoke = cli(['role', 'revoke', '--home', home, '--subject', pk, '--role', 'registrar', '--reason', 'left the office', '--json'])
    expect(revoke.code, revoke.stderr).toBe(0)
    list = cli(['role', 'list', '--home', home, '--subject', pk, '--json'])
    expect(list.json[0].active).toBe(false)
    expect(list.json[0].revoked.reason).toBe('left the office')
    // the clerk key holds no admin role: its grant is refused and nothing changes
    const fake = cli(['role', 'grant', '--home', home, '--key', 'clerk', '--agency', 'local-agency', '--subject', pk, '--role', 'notary', '--json'])
    expect(fake.code).toBe(1)
    expect(fake.json.error.code).toBe('UNAUTHORIZED_ROLE')
    const bogus = cli(['role', 'grant', '--home', home, '--subject', pk, '--role', 'emperor', '--json'])
    expect(bogus.json.error.code).toBe('SCHEMA_INVALID')
  })

  it('stops cleanly on SIGTERM, and the stored chain replays', async () => {
    const code = await stopGracefully(node)
    expect(code).toBe(0)
    expect(existsSync(join(home, 'api.json'))).toBe(false)
    const v = cli(['chain', 'verify', '--home', home, '--json'])
    expect(v.code, v.stderr).toBe(0)
    expect(v.json.ok).toBe(true)
    expect(v.json.height).toBeGreaterThan(2)
  })

  it('refuses a chain made by an earlier build (format 1, no state tree) in plain words, to verify or to start', async () => {
    // what an earlier build left: no format mark, no state tree
    await makeStoreOld(join(home, 'data', 'chain'))
    const v = cli(['chain', 'verify', '--home', home, '--json'])
    expect(v.code).toBe(1)
    expect(v.json.error.code).toBe('CHAIN_FORMAT_OLD')
    expect(v.stderr).toMatch(/^(error|오류): .*\(.*this chain was made by an earlier build of Daejang: its blocks are of format 1.*Start a new chain/)
    const human = cli(['chain', 'verify', '--home', home])
    expect(human.stderr.trim().split('\n')).toHaveLength(1)
    const start = cli(['start', '--home', home, '--no-ui'])
    expect(start.code).not.toBe(0)
    expect(start.stderr).toMatch(/made by an earlier version \(blocks of format 1\)|이전 버전이 만든 것입니다/)
  })
})
