/**
 * Crash consistency: the node is killed with SIGKILL at seeded random moments while transactions stream in and
 * blocks commit. After restart, every transaction the API acknowledged is committed (none lost), and the stored
 * chain replays block by block from genesis (no half-written block). The state tree is written in each block's
 * batch (docs/adr/0026): after the kills, the tree and the blocks agree — `chain verify` checks every kept height's
 * stored root against its block's app hash and the flat state against the replayed one — and a state proof of the
 * head verifies. The last cycle runs with pruning on, so pruning's deletions go through kills too.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { api, cli, kill9, startNode, stopAll, stopGracefully, tempHome, waitFor } from './harness'

/** mulberry32: a small seeded PRNG, so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Keep only the last `n` heights of state (config.json: state.keepRecent). */
function keepRecentStates(home: string, n: number): void {
  const path = join(home, 'config.json')
  writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), state: { keepRecent: n } }, null, 2))
}

describe('crash consistency', () => {
  const t = tempHome()
  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('loses no acknowledged transaction and never half a block across kill -9', async () => {
    const seed = Number(process.env.CRASH_SEED ?? 20261121)
    const rand = prng(seed)
    const home = join(t.dir, 'node')
    const init = cli(['init', '--home', home, '--heartbeat-ms', '50', '--json'])
    expect(init.code, init.stderr).toBe(0)
    const chainId = init.json.chainId as string
    const admin = loadSigner(join(home, 'keys', 'admin.json'))
    const acknowledged: string[] = []
    let nonce = 1

    for (let cycle = 0; cycle < 3; cycle++) {
      if (cycle === 2) keepRecentStates(home, 8)
      const node = await startNode(home)
      const delay = 300 + Math.floor(rand() * 1200)
      const ackedBefore = acknowledged.length
      let killed = false
      const killer = (async () => {
        // the random moment counts from the first answered batch of this cycle: on a loaded machine the first
        // answers can take longer than the whole window, and a cycle must kill a node that is committing
        const giveUp = Date.now() + 60_000
        while (acknowledged.length === ackedBefore && Date.now() < giveUp) await new Promise((r) => setTimeout(r, 10))
        const killAt = Date.now() + delay
        while (Date.now() < killAt) await new Promise((r) => setTimeout(r, 10))
        killed = true
        await kill9(node)
      })()
      while (!killed) {
        const batch = Array.from({ length: 20 }, () =>
          txToJson(
            makeTx(admin, {
              chainId,
              type: 'identity.role.grant',
              nonce: nonce++,
              payload: { agency: 'local-agency', subject: init.json.nodeKey, role: 'auditor', expiresAt: null },
            }),
          ),
        )
        const results = await Promise.allSettled(batch.map((tx) => api(node, 'POST', '/api/v1/txs', tx)))
        for (const r of results) {
          if (r.status === 'fulfilled' && r.value.status === 202) acknowledged.push(r.value.body.hash)
        }
      }
      await killer
    }
    expect(acknowledged.length, `seed ${seed}`).toBeGreaterThan(20)

    const node = await startNode(home)
    await waitFor(async () => (await api(node, 'GET', '/api/v1/status')).body.mempool.size === 0, 60_000, 'mempool drained')
    const statuses = await Promise.all(acknowledged.map((h) => api(node, 'GET', `/api/v1/txs/${h}`)))
    const lost = statuses.filter((s) => s.body.status !== 'committed').map((s) => s.body.hash ?? s.body)
    expect(lost, `seed ${seed}: acknowledged but not committed`).toEqual([])
    // the state of the head, proven: the admin's highest nonce, certified by the head block, checked by the CLI
    const adminKey = init.json.adminKey as string
    const status = (await api(node, 'GET', '/api/v1/status')).body
    expect(status.state).toMatchObject({ keepRecent: 8 })
    expect(status.state.oldestProvableHeight).toBeGreaterThan(status.height - 8)
    const proven = cli(['state', 'get', `n/${adminKey}`, '--home', home, '--prove', '--json'])
    expect(proven.code, proven.stdout + proven.stderr).toBe(0)
    expect(proven.json).toMatchObject({ key: `n/${adminKey}`, present: true, proven: true })
    const current = (await api(node, 'GET', `/api/v1/state?key=n/${adminKey}`)).body
    expect(current.value).toBeGreaterThanOrEqual(1)
    expect(current.value).toBeLessThan(nonce)
    expect(proven.json.value).toBe(current.value)
    expect(await stopGracefully(node)).toBe(0)
    const audit = cli(['chain', 'verify', '--home', home, '--json'])
    expect(audit.code, audit.stdout + audit.stderr).toBe(0)
    expect(audit.json.ok).toBe(true)
  })
})
