/**
 * Cut and heal (issue 15 ## Tests), as real processes in network namespaces: three validators of equal power and a
 * workstation node following them, each in its own namespace. A validator's link is cut: the other two hold 2/3 of
 * the power, not more, so the chain halts without forking; healed, it goes on. Then the workstation's link is cut
 * while the consortium commits 2,000 transactions; healed over a slow link (1 Mbit/s, shaped with tc), the node
 * catches up, and its status — what the app's status bar shows — says catching up, then current.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { Home } from '../../src/ledger/node/home'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { cli, tempHome, waitFor } from './harness'
import { NetnsLab, type NsNode, makeConsortium, netnsOrSkipReason } from './netns'

const available = netnsOrSkipReason('netns-cut.test.ts')
const FOLLOWER = 3

describe.skipIf(!available)('a link cut and healed (network namespaces)', () => {
  const t = tempHome()
  let lab: NetnsLab | null = null
  afterAll(async () => {
    await lab?.destroy()
    t.cleanup()
  })

  it('halts without quorum and resumes; a follower cut off falls behind and catches up, visibly', { timeout: 420_000 }, async () => {
    lab = NetnsLab.create(4)
    const L = lab
    const { chainId, vHomes, ws } = makeConsortium(L, t.dir, { validators: 3, heartbeatMs: 300, wsName: 'follower' })

    const nodes: NsNode[] = []
    for (let i = 0; i < 3; i++) nodes.push(await L.start(i, vHomes[i]!))
    nodes.push(await L.start(FOLLOWER, ws.home))
    const status = async (n: NsNode) => (await L.api(n, 'GET', '/api/v1/status')).body
    const heights = async () => Promise.all(nodes.map(async (n) => (await status(n)).height as number))
    await waitFor(async () => (await heights()).every((h) => h >= 3), 120_000, 'every node at height 3')

    // quorum lost: validator 2 cut off, the chain halts (no fork: the two others agree on what is there)
    L.cut(2)
    const stalledAt = async () => Math.max(...(await heights()).slice(0, 2))
    // A halt is a negative — no block comes — and no event says so; it can only be shown by watching for a while in
    // which a live chain would certainly have moved. That window comes from the consortium's own timing (its
    // config.json): one heartbeat (a proposer's wait before an empty block) plus a whole round 0 (propose, prevote and
    // precommit timeouts), so even a live chain whose round 0 failed would have committed within it. Twice that, for
    // the processes' scheduling. A block in flight when the link went down may still commit: wait until the height
    // holds over one window, then check it holds over another.
    const cfg = new Home(vHomes[0]!).readConfig()
    const round = cfg.consensus
    if (!round) throw new Error('the testnet config names no consensus timeouts')
    const windowMs = 2 * (cfg.heartbeatMs + round.proposeMs + round.prevoteMs + round.precommitMs)
    let stalled = await stalledAt()
    await waitFor(
      async () => {
        await new Promise((r) => setTimeout(r, windowMs))
        const now = await stalledAt()
        const held = now === stalled
        stalled = now
        return held
      },
      60_000,
      'the chain to halt',
    )
    await new Promise((r) => setTimeout(r, windowMs))
    expect(await stalledAt()).toBe(stalled)
    const top = Math.min(...(await heights()).slice(0, 2))
    for (let h = Math.max(1, top - 2); h <= top; h++) {
      expect((await L.api(nodes[0]!, 'GET', `/api/v1/blocks/${h}`)).body.hash).toBe((await L.api(nodes[1]!, 'GET', `/api/v1/blocks/${h}`)).body.hash)
    }
    L.heal(2)
    await waitFor(async () => (await heights()).every((h) => h >= stalled + 3), 120_000, 'the chain resumes after the heal')

    // the follower cut off while the consortium commits 2,000 transactions
    await waitFor(async () => (await status(nodes[FOLLOWER]!)).syncState === 'synced', 60_000, 'the follower in step')
    L.cut(FOLLOWER)
    const admin = loadSigner(join(vHomes[0]!, 'keys', 'admin.json'))
    const subject = cli(['keys', 'create', '--home', vHomes[0]!, '--name', 'staff', '--json']).json.publicKey as string
    let last = ''
    for (let b = 0; b < 2; b++) {
      const txs = Array.from({ length: 1000 }, (_, k) =>
        txToJson(
          makeTx(admin, {
            chainId,
            type: 'identity.role.grant',
            nonce: b * 1000 + k + 1,
            payload: { agency: 'agency-0', subject, role: 'notary', expiresAt: null, label: `staff ${b * 1000 + k}` },
          }),
        ),
      )
      const r = await L.api(nodes[b]!, 'POST', '/api/v1/txs/batch', { txs })
      expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(207)
      expect(r.body.results.every((x: { hash?: string }) => typeof x.hash === 'string')).toBe(true)
      last = r.body.results[999].hash
    }
    await waitFor(async () => (await L.api(nodes[0]!, 'GET', `/api/v1/txs/${last}`)).body.status === 'committed', 180_000, 'the transactions committed')
    const target = (await status(nodes[0]!)).height as number
    // cut off, it has none of them
    expect((await L.api(nodes[FOLLOWER]!, 'GET', `/api/v1/txs/${last}`)).body.status).not.toBe('committed')
    expect((await status(nodes[FOLLOWER]!)).height).toBeLessThan(target)

    // healed over a slow link: its status says catching up, then current
    L.shape(FOLLOWER, { rateMbit: 1 })
    L.heal(FOLLOWER)
    const seen: string[] = []
    await waitFor(
      async () => {
        const s = await status(nodes[FOLLOWER]!)
        if (seen[seen.length - 1] !== s.syncState) seen.push(s.syncState)
        return s.height >= target && s.syncState === 'synced'
      },
      240_000,
      'the follower catches up',
    )
    expect(seen).toContain('syncing')
    expect(seen.indexOf('syncing')).toBeLessThan(seen.lastIndexOf('synced'))
    expect(seen).not.toContain('error')
    expect((await L.api(nodes[FOLLOWER]!, 'GET', `/api/v1/txs/${last}`)).body.status).toBe('committed')
    const fb = (await L.api(nodes[FOLLOWER]!, 'GET', `/api/v1/blocks/${target}`)).body
    expect(fb.hash).toBe((await L.api(nodes[1]!, 'GET', `/api/v1/blocks/${target}`)).body.hash)
  })
})
