/**
 * A rejection is an outcome kept like a commit: after the node is killed (-9) and restarted, the API and
 * `daejang tx show` still say that the transaction was rejected, with its code, and not that it was never seen.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fromHex, toHex } from '../../src/ledger/codec/bytes'
import { portableSigner } from '../../src/ledger/crypto/ed25519'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { registerPayload } from '../ledger/notary-helpers'
import { api, cli, kill9, startNode, stopAll, tempHome, waitFor } from './harness'

describe('rejections across a restart (and the mempool bounds from the config)', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('keeps NUMBER_TAKEN for GET /api/v1/txs/:hash and tx show after kill -9 and restart', async () => {
    let node = await startNode(home, ['--init-if-missing', '--heartbeat-ms', '200'])
    const key = (await api<{ seed: string; agency: string }>(node, 'POST', '/api/v1/local/admin-key')).body
    const admin = portableSigner(fromHex(key.seed))
    // a local consortium grants its administrator every role at start
    await waitFor(
      async () => {
        const k = await api<{ roles: Array<{ role: string; active: boolean }> }>(node, 'GET', `/api/v1/identity/keys/${toHex(admin.publicKey)}`)
        return k.body.roles?.some((r) => r.role === 'notary' && r.active)
      },
      60_000,
      'the notary role of the local administrator',
    )
    const status = (await api<{ chainId: string }>(node, 'GET', '/api/v1/status')).body
    const number = `${key.agency.toUpperCase()}-2026-000001`
    const register = (nonce: number, doc: number) =>
      txToJson(
        makeTx(admin, {
          chainId: status.chainId,
          type: 'notary.register',
          nonce,
          payload: registerPayload({ agency: key.agency, number, hash: toHex(new Uint8Array(32).fill(doc)) }),
        }),
      )
    const first = await api(node, 'POST', '/api/v1/txs?wait=commit', register(Date.now(), 1))
    expect(first.body).toMatchObject({ status: 'committed' })
    const second = register(Date.now() + 1, 2)
    const sent = await api<{ hash: string }>(node, 'POST', '/api/v1/txs', second)
    expect(sent.status).toBe(202)
    const hash = sent.body.hash
    const before = await waitFor(
      async () => {
        const r = await api<{ status: string; rejection?: { code: string } }>(node, 'GET', `/api/v1/txs/${hash}`)
        return r.body.status === 'rejected' ? r.body : undefined
      },
      60_000,
      'the rejection',
    )
    expect(before.rejection?.code).toBe('NUMBER_TAKEN')

    await kill9(node)
    // the mempool's bounds come from the node's config (checked here on the way)
    const configPath = join(home, 'config.json')
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>
    writeFileSync(configPath, JSON.stringify({ ...config, mempool: { maxTxs: 1234, maxBytes: 5_000_000 } }))
    node = await startNode(home)
    const st = await api<{ mempool: { maxTxs: number; maxBytes: number } }>(node, 'GET', '/api/v1/status')
    expect(st.body.mempool).toMatchObject({ maxTxs: 1234, maxBytes: 5_000_000 })
    const after = await api<{ status: string; rejection?: { code: string; height?: number; time?: number } }>(node, 'GET', `/api/v1/txs/${hash}`)
    expect(after.status).toBe(200)
    expect(after.body.status).toBe('rejected')
    expect(after.body.rejection).toMatchObject({ code: 'NUMBER_TAKEN', height: expect.any(Number), time: expect.any(Number) })

    const shown = cli(['tx', 'show', '--home', home, '--hash', hash, '--json'])
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.json).toMatchObject({ status: 'rejected', rejection: { code: 'NUMBER_TAKEN' } })
    const text = cli(['tx', 'show', '--home', home, '--hash', hash])
    expect(text.stdout).toMatch(/rejected/)
    expect(text.stdout).toContain('NUMBER_TAKEN')
  })
})
