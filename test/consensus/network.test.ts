/**
 * Four validators in one process over an in-memory network, driving real ledger nodes (store, mempool, execution)
 * through Tendermint: they commit the same blocks; transactions sent to one node are gossiped and committed; the
 * chain goes on without one validator, halts without forking without two, and resumes when they come back (the
 * returning nodes catch up by block sync).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { InProcessConsortium, fourValidators, height, seed } from './consortium-fixture'

const dir = mkdtempSync(join(tmpdir(), 'daejang-bft-'))
const { validators, admin, genesis } = fourValidators('bft-test')

const c = new InProcessConsortium(dir, genesis, validators)
const nodes = c.nodes
const open = (i: number) => c.open(i)
const crash = (i: number) => c.crash(i)
const live = () => c.live()
const until = (what: string, cond: () => boolean, ms?: number) => c.until(what, cond, ms)
const expectOneHistory = () => c.expectOneHistory()

afterAll(async () => {
  await c.closeAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('BFT consensus among four ledger nodes', () => {
  it('commits the same blocks on every node', async () => {
    for (let i = 0; i < 4; i++) await open(i)
    await until('height 4 everywhere', () => live().every((n) => height(n) >= 4))
    expect(await expectOneHistory()).toBeGreaterThanOrEqual(4)
    // blocks carry commits of more than 2/3 of the power, and different proposers take turns
    const proposers = new Set<string>()
    for (let h = 1; h <= 4; h++) {
      const b = await nodes[0]!.getBlock(h)
      proposers.add(toHex(b.block.header.proposer))
      expect(b.commit!.sigs.length).toBeGreaterThanOrEqual(3)
    }
    expect(proposers.size).toBeGreaterThan(1)
  })

  it('gossips transactions from one node and commits them on all', async () => {
    const hashes: string[] = []
    for (let k = 0; k < 20; k++) {
      const tx = makeTx(admin, {
        chainId: genesis.chainId,
        type: 'identity.role.grant',
        nonce: 1000 + k,
        payload: { agency: 'agency-0', subject: toHex(nodeSigner(seed(40 + k)).publicKey), role: 'notary', expiresAt: null },
      })
      hashes.push((await nodes[k % 2]!.submitJson(txToJson(tx))).hashHex)
    }
    for (const n of live()) {
      for (const h of hashes) {
        await until('the transaction leaves every mempool', () => n.mempool.has(h) === false)
      }
    }
    for (const n of live()) {
      for (const h of hashes) expect((await n.getTx(h)).status).toBe('committed')
    }
    await expectOneHistory()
  })

  it('goes on without one validator, halts without forking without two, and resumes when they return', { timeout: 120_000 }, async () => {
    await crash(3)
    const h0 = Math.max(...live().map(height))
    await until('three validators go on', () => live().every((n) => height(n) >= h0 + 3))
    await expectOneHistory()

    await crash(2)
    await new Promise((r) => setTimeout(r, 500)) // let a block in flight land
    const stalled = live().map(height)
    await new Promise((r) => setTimeout(r, 2500))
    expect(live().map(height)).toEqual(stalled) // half the power: no block can be decided
    await expectOneHistory()

    await open(2)
    await open(3)
    const top = Math.max(...stalled)
    await until('the chain resumes and the returning nodes catch up', () => live().every((n) => height(n) >= top + 3), 60_000)
    expect(await expectOneHistory()).toBeGreaterThanOrEqual(top + 3)
  })
})
