/**
 * A transaction a node acknowledged while no peer could take it (offline, or every peer's mempool full) is not left
 * pending forever: the node gossips it again (consensus/driver.ts: REGOSSIP_MS). The node here is a follower, which never
 * proposes, so only the gossip can bring its transaction into a block.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { toHex } from '../../src/ledger/codec/bytes'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { InProcessConsortium, fourValidators, height, seed, statusWhen } from './consortium-fixture'

const dir = mkdtempSync(join(tmpdir(), 'daejang-regossip-'))
const { validators, admin, genesis } = fourValidators('regossip-test')
const follower = nodeSigner(seed(30))
const c = new InProcessConsortium(dir, genesis, [...validators, follower])

afterAll(async () => {
  await c.closeAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('gossip of acknowledged transactions', () => {
  it("a follower's transaction acknowledged while it had no peers is committed once the validators are reachable", { timeout: 120_000 }, async () => {
    const f = await c.open(4)
    const tx = makeTx(admin, {
      chainId: genesis.chainId,
      type: 'identity.role.grant',
      nonce: 1,
      payload: { agency: 'agency-0', subject: toHex(nodeSigner(seed(50)).publicKey), role: 'notary', expiresAt: null },
    })
    // acknowledged (durably pending) with nobody to gossip it to
    const hash = (await f.submitJson(txToJson(tx))).hashHex
    expect((await f.getTx(hash)).status).toBe('pending')
    for (let i = 0; i < 4; i++) await c.open(i)
    await c.until('the validators make blocks', () => c.nodes.slice(0, 4).every((n) => n !== null && height(n) >= 2))
    const v0 = c.nodes[0]!
    // gossiped again every REGOSSIP_MS; allow a loaded machine many of those
    expect(await statusWhen(v0, hash, 'committed', 90_000)).toBe('committed')
    // the follower has it committed too (out of its mempool is not yet committed: it may be applying the block)
    expect(await statusWhen(f, hash, 'committed', 90_000)).toBe('committed')
  })
})
