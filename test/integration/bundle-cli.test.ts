/**
 * Sneakernet between real processes on loopback (docs/adr/0062): a consortium's validator runs; an air-gapped
 * workstation node (no peers at all) is brought up to date by a bundle the validator exported (`daejang bundle
 * export`, `daejang bundle import`), re-importing changes nothing, a tampered file is refused with nothing applied;
 * a transaction submitted to the air-gapped node is carried back by a bundle of its pending transactions,
 * committed by the validator, and comes back committed with the next bundle of blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type StartedNode, api, cli, freeBase, startNode, stopAll, tempHome, waitFor } from './harness'

describe('sneakernet bundles between processes', () => {
  const t = tempHome()
  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('brings an air-gapped node up to date and carries its pending transactions back', { timeout: 240_000 }, async () => {
    const base = await freeBase(5)
    const made = cli(['testnet', '--validators', '1', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    const v = join(t.dir, 'node0')
    const validator: StartedNode = await startNode(v)
    const ws = join(t.dir, 'airgapped')
    // its one peer is an address where nothing listens, and no LAN discovery: it never reaches the network
    const joined = cli(['join', '--workstation', '--home', ws, '--genesis', join(v, 'genesis.json'), '--listen', `/ip4/127.0.0.1/tcp/${base + 2}`, '--api-port', String(base + 3), '--peer', `${made.json.nodes[0].nodeKey}@/ip4/127.0.0.1/tcp/${base + 4}`, '--json'])
    expect(joined.code, joined.stderr).toBe(0)
    const gapped: StartedNode = await startNode(ws)
    const status = async (n: StartedNode) => (await api(n, 'GET', '/api/v1/status')).body

    // something on the ledger: a staff key granted a role
    const clerk = cli(['keys', 'create', '--home', v, '--name', 'clerk', '--json'])
    const grant = cli(['role', 'grant', '--home', v, '--subject', clerk.json.publicKey, '--role', 'notary', '--json'])
    expect(grant.code, grant.stderr).toBe(0)
    await waitFor(async () => (await status(validator)).height >= 3, 30_000, 'the validator commits')
    expect((await status(gapped)).height).toBe(0)

    const up = join(t.dir, 'up.djb')
    const ex = cli(['bundle', 'export', '--home', v, '--from', '1', '--out', up, '--json'])
    expect(ex.code, ex.stderr).toBe(0)
    const to = ex.json.header.to as number
    expect(to).toBeGreaterThanOrEqual(3)

    // a tampered copy (one byte of the content) is refused, nothing applied
    const bad = join(t.dir, 'bad.djb')
    const bytes = readFileSync(up)
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1
    writeFileSync(bad, bytes)
    const refused = cli(['bundle', 'import', bad, '--home', ws, '--json'])
    expect(refused.code).toBe(1)
    expect(refused.json.error.code).toBe('BUNDLE_CORRUPT')
    writeFileSync(bad, readFileSync(up).subarray(0, 5000))
    expect(cli(['bundle', 'import', bad, '--home', ws, '--json']).json.error.code).toBe('BUNDLE_TRUNCATED')
    expect((await status(gapped)).height).toBe(0)

    const dry = cli(['bundle', 'import', up, '--home', ws, '--dry-run', '--json'])
    expect(dry.code, dry.stderr).toBe(0)
    expect(dry.json.preview).toMatchObject({ newFrom: 1, newTo: to, newBlocks: to, exporterRole: 'validator' })
    expect((await status(gapped)).height).toBe(0)
    const words = cli(['bundle', 'import', up, '--home', ws, '--dry-run', '--lang', 'en'])
    expect(words.stdout).toContain('A validator node')
    expect(words.stdout).toContain('Agencies and roles: 1')
    // how far it is, on stderr, in the language asked for: the file read, every block and signature checked
    expect(words.stderr).toContain('Reading the file… 100%')
    expect(words.stderr).toMatch(/Checking blocks and signatures… (\d+)\/\1\n/)
    const ko = cli(['bundle', 'import', up, '--home', ws, '--dry-run', '--lang', 'ko'])
    expect(ko.stdout).toContain('검증자 노드')
    expect(ko.stdout).toContain('새로 적용할 블록')
    expect(ko.stderr).toContain('파일을 읽는 중… 100%')
    expect(ko.stderr).toMatch(/블록과 서명을 확인하는 중… (\d+)\/\1\n/)

    const imported = cli(['bundle', 'import', up, '--home', ws, '--json'])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.json).toMatchObject({ appliedBlocks: to, headAfter: to })
    expect(imported.stderr).toMatch(new RegExp(`(Applying…|적용하는 중…) ${to}/${to}\n`))
    const vb = (await api(validator, 'GET', `/api/v1/blocks/${to}`)).body
    const wb = (await api(gapped, 'GET', `/api/v1/blocks/${to}`)).body
    expect(wb.hash).toBe(vb.hash)
    expect(wb.appHash).toBe(vb.appHash)
    const again = cli(['bundle', 'import', up, '--home', ws, '--json'])
    expect(again.json).toMatchObject({ appliedBlocks: 0, upToDate: true, headAfter: to })

    // the air-gapped site signs something: it waits in its node's pending queue
    const signed = cli(['tx', 'sign', '--home', v, '--key', 'admin', '--type', 'identity.role.grant', '--payload',
      JSON.stringify({ agency: 'agency-0', subject: clerk.json.publicKey, role: 'registrar', expiresAt: null }), '--out', join(t.dir, 'tx.json'), '--json'])
    expect(signed.code, signed.stderr).toBe(0)
    const sent = cli(['tx', 'submit', '--home', ws, '--file', join(t.dir, 'tx.json'), '--json'])
    expect(sent.code, sent.stderr).toBe(0)
    const hash = sent.json.hash as string
    expect((await api(gapped, 'GET', `/api/v1/txs/${hash}`)).body.status).toBe('pending')

    const back = join(t.dir, 'pending.djb')
    const pex = cli(['bundle', 'export', '--home', ws, '--pending', '--out', back, '--json'])
    expect(pex.code, pex.stderr).toBe(0)
    expect(pex.json.header).toMatchObject({ kind: 'pending', txs: 1 })
    const pim = cli(['bundle', 'import', back, '--home', v, '--json'])
    expect(pim.code, pim.stderr).toBe(0)
    expect(pim.json).toMatchObject({ admitted: 1, refused: [] })
    await waitFor(async () => (await api(validator, 'GET', `/api/v1/txs/${hash}`)).body.status === 'committed', 30_000, 'committed by the validator')

    const h0 = (await status(gapped)).height
    const down = join(t.dir, 'down.djb')
    expect(cli(['bundle', 'export', '--home', v, '--from', String(h0 + 1), '--out', down, '--json']).code).toBe(0)
    const fin = cli(['bundle', 'import', down, '--home', ws, '--json'])
    expect(fin.code, fin.stderr).toBe(0)
    expect((await api(gapped, 'GET', `/api/v1/txs/${hash}`)).body.status).toBe('committed')
  })
})
