/**
 * A member agency's workstation node (a full node that syncs and submits but never votes), through the CLI: made by
 * `daejang join --workstation`, refused by the consortium until its agency's administrator grants its node key the
 * `workstation` role, then synced and able to submit; hung up on again when the role is revoked.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { type StartedNode, api, cli, freeBase, startNode, stopAll, tempHome, waitFor } from './harness'

describe('a workstation node', () => {
  const t = tempHome()
  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('joins when its agency grants it the workstation role, and is refused again when it is revoked', { timeout: 180_000 }, async () => {
    const base = await freeBase(4)
    const made = cli(['testnet', '--validators', '1', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    const v = join(t.dir, 'node0')
    const validator: StartedNode = await startNode(v)
    const ws = join(t.dir, 'workstation')
    const joined = cli([
      'join', '--workstation', '--home', ws, '--genesis', join(v, 'genesis.json'), '--listen', `/ip4/127.0.0.1/tcp/${base + 2}`,
      '--api-port', String(base + 3), '--peer', `${made.json.nodes[0].nodeKey}@${made.json.nodes[0].p2p}`, '--json',
    ])
    expect(joined.code, joined.stderr).toBe(0)
    expect(joined.json.agency).toBeNull()
    const node: StartedNode = await startNode(ws)
    const status = async (n: StartedNode) => (await api(n, 'GET', '/api/v1/status')).body
    await waitFor(async () => (await status(validator)).height >= 3, 30_000, 'the validator commits')
    // not admitted: no peers, no blocks
    await new Promise((r) => setTimeout(r, 1000))
    expect((await status(node)).height).toBe(0)
    expect((await status(node)).peers).toBe(0)

    const granted = cli(['role', 'grant', '--home', v, '--subject', joined.json.nodeKey, '--role', 'workstation', '--json'])
    expect(granted.code, granted.stderr).toBe(0)
    await waitFor(async () => (await status(node)).height >= (await status(validator)).height - 1 && (await status(node)).height > 3, 60_000, 'the workstation syncs')
    const st = cli(['status', '--home', ws, '--json'])
    expect(st.json.validator).toBe(false)

    // it submits: a transaction sent to the workstation is gossiped to the validator and committed on both
    const keyMade = cli(['keys', 'create', '--home', v, '--name', 'clerk', '--json'])
    const signed = cli(['tx', 'sign', '--home', v, '--key', 'admin', '--type', 'identity.role.grant', '--payload',
      JSON.stringify({ agency: 'agency-0', subject: keyMade.json.publicKey, role: 'notary', expiresAt: null }), '--out', join(t.dir, 'tx.json'), '--json'])
    expect(signed.code, signed.stderr).toBe(0)
    const sent = cli(['tx', 'submit', '--home', ws, '--file', join(t.dir, 'tx.json'), '--json'])
    expect(sent.code, sent.stderr).toBe(0)
    for (const n of [node, validator]) {
      await waitFor(async () => (await api(n, 'GET', `/api/v1/txs/${sent.json.hash}`)).body.status === 'committed', 30_000, 'committed')
    }

    const revoked = cli(['role', 'revoke', '--home', v, '--subject', joined.json.nodeKey, '--role', 'workstation', '--reason', 'decommissioned', '--json'])
    expect(revoked.code, revoked.stderr).toBe(0)
    await waitFor(async () => (await status(node)).peers === 0, 30_000, 'the workstation is hung up on')
    const h = (await status(node)).height
    await new Promise((r) => setTimeout(r, 1500))
    expect((await status(node)).height).toBeLessThanOrEqual(h + 1)
    expect((await status(validator)).height).toBeGreaterThan(h + 2)
  })
})
