/**
 * An air-gapped office (issue 15 ## Tests), as real processes in network namespaces: a consortium of three validator
 * processes, each in its own namespace linked to the others, and an office node (a workstation of agency 0) in a
 * namespace whose link is down from the start — it lists the validators as peers but no packet reaches them. The
 * office is brought up to date by `daejang bundle export` on a connected validator and `bundle import` at the office;
 * a tampered bundle is refused with its code and nothing applied; a transaction submitted at the office while it is
 * cut off is carried back by a bundle of its pending transactions, committed by the consortium, and returns committed
 * with the next bundle of blocks.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, tempHome, waitFor } from './harness'
import { NetnsLab, type NsNode, makeConsortium, netnsOrSkipReason } from './netns'

const available = netnsOrSkipReason('netns-airgap.test.ts')
const OFFICE = 3

describe.skipIf(!available)('an air-gapped office kept current by bundles (network namespaces)', () => {
  const t = tempHome()
  let lab: NetnsLab | null = null
  afterAll(async () => {
    await lab?.destroy()
    t.cleanup()
  })

  it('is brought up to date by bundle, refuses a tampered one, and carries its pending transaction back', { timeout: 300_000 }, async () => {
    lab = NetnsLab.create(4)
    const L = lab
    // the office: a workstation node of agency 0 that knows the validators, in a namespace whose link is down
    const c = makeConsortium(L, t.dir, { validators: 3, heartbeatMs: 300, wsName: 'office' })
    const { vHomes } = c
    const ws = c.ws.home
    L.cut(OFFICE)
    expect(L.reaches(OFFICE, 0)).toBe(false)
    expect(L.reaches(1, 0)).toBe(true)

    const validators: NsNode[] = []
    for (let i = 0; i < 3; i++) validators.push(await L.start(i, vHomes[i]!))
    const office = await L.start(OFFICE, ws)
    const status = async (n: NsNode) => (await L.api(n, 'GET', '/api/v1/status')).body

    // something on the ledger: a staff key granted a role (through validator 1, in its namespace)
    const clerk = cli(['keys', 'create', '--home', vHomes[0]!, '--name', 'clerk', '--json'])
    expect(clerk.code, clerk.stderr).toBe(0)
    const grant = L.cli(1, ['role', 'grant', '--home', vHomes[1]!, '--subject', clerk.json.publicKey, '--role', 'notary', '--json'])
    expect(grant.code, grant.stderr + grant.stdout).toBe(0)
    await waitFor(async () => (await status(validators[2]!)).height >= 4, 90_000, 'the consortium commits')
    const cutOff = await status(office)
    expect(cutOff).toMatchObject({ height: 0, peers: 0 })

    const up = join(t.dir, 'up.djb')
    const ex = L.cli(0, ['bundle', 'export', '--home', vHomes[0]!, '--from', '1', '--out', up, '--json'])
    expect(ex.code, ex.stderr).toBe(0)
    const to = ex.json.header.to as number
    expect(to).toBeGreaterThanOrEqual(4)

    // a tampered copy (one byte of the content) is refused with its code, nothing applied
    const bad = join(t.dir, 'bad.djb')
    const bytes = readFileSync(up)
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1
    writeFileSync(bad, bytes)
    const refused = L.cli(OFFICE, ['bundle', 'import', bad, '--home', ws, '--json'])
    expect(refused.code).toBe(1)
    expect(refused.json.error.code).toBe('BUNDLE_CORRUPT')
    expect((await status(office)).height).toBe(0)

    const imported = L.cli(OFFICE, ['bundle', 'import', up, '--home', ws, '--json'])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.json).toMatchObject({ appliedBlocks: to, headAfter: to })
    const vb = (await L.api(validators[0]!, 'GET', `/api/v1/blocks/${to}`)).body
    const ob = (await L.api(office, 'GET', `/api/v1/blocks/${to}`)).body
    expect(ob.hash).toBe(vb.hash)
    expect(ob.appHash).toBe(vb.appHash)
    // still cut off: the blocks came by the file alone
    expect((await status(office)).peers).toBe(0)

    // the office signs something while cut off: it waits in the office node's pending queue
    const txFile = join(t.dir, 'tx.json')
    const signed = cli(['tx', 'sign', '--home', vHomes[0]!, '--key', 'admin', '--type', 'identity.role.grant', '--payload',
      JSON.stringify({ agency: 'agency-0', subject: clerk.json.publicKey, role: 'registrar', expiresAt: null }), '--out', txFile, '--json'])
    expect(signed.code, signed.stderr).toBe(0)
    const sent = L.cli(OFFICE, ['tx', 'submit', '--home', ws, '--file', txFile, '--json'])
    expect(sent.code, sent.stderr + sent.stdout).toBe(0)
    const hash = sent.json.hash as string
    expect((await L.api(office, 'GET', `/api/v1/txs/${hash}`)).body.status).toBe('pending')

    // carried back by USB stick: the office's pending bundle, imported at validator 2
    const back = join(t.dir, 'pending.djb')
    const pex = L.cli(OFFICE, ['bundle', 'export', '--home', ws, '--pending', '--out', back, '--json'])
    expect(pex.code, pex.stderr).toBe(0)
    expect(pex.json.header).toMatchObject({ kind: 'pending', txs: 1 })
    const pim = L.cli(2, ['bundle', 'import', back, '--home', vHomes[2]!, '--json'])
    expect(pim.code, pim.stderr).toBe(0)
    expect(pim.json).toMatchObject({ admitted: 1, refused: [] })
    for (const v of validators) {
      await waitFor(async () => (await L.api(v, 'GET', `/api/v1/txs/${hash}`)).body.status === 'committed', 90_000, 'committed by the consortium')
    }

    // and back to the office with the next bundle of blocks
    const h0 = (await status(office)).height
    const down = join(t.dir, 'down.djb')
    expect(L.cli(1, ['bundle', 'export', '--home', vHomes[1]!, '--from', String(h0 + 1), '--out', down, '--json']).code).toBe(0)
    const fin = L.cli(OFFICE, ['bundle', 'import', down, '--home', ws, '--json'])
    expect(fin.code, fin.stderr).toBe(0)
    expect((await L.api(office, 'GET', `/api/v1/txs/${hash}`)).body.status).toBe('committed')
    const again = L.cli(OFFICE, ['bundle', 'import', down, '--home', ws, '--json'])
    expect(again.json).toMatchObject({ appliedBlocks: 0, upToDate: true })
    expect(L.reaches(OFFICE, 0)).toBe(false)
  })
})
