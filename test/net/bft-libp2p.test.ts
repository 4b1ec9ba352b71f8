/**
 * The BFT scenario of test/consensus/network.test.ts, over libp2p instead of LocalNetwork: four ledger nodes in one
 * process, each with its own libp2p transport on loopback TCP (the validator key is the libp2p identity), commit
 * the same blocks.
 */
import '../../src/server/compat'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { makeTx, txToJson } from '../../src/ledger/types/tx'
import { type P2PTransport, createP2PTransport } from '../../src/ledger/net/libp2p'
import { LedgerNode } from '../../src/ledger/node/node'
import { TIMEOUTS, fourValidators, seed, statusWhen } from '../consensus/consortium-fixture'
import { freePort, until } from './helpers'

const dir = mkdtempSync(join(tmpdir(), 'daejang-bft-p2p-'))
const { validators, admin, genesis } = fourValidators('bft-p2p-test')
const keys = validators.map((v) => toHex(v.publicKey))
const consortium = new Set(keys)

const nodes: LedgerNode[] = []
const transports: P2PTransport[] = []
const height = (n: LedgerNode): number => n.chain.head().height

afterAll(async () => {
  for (const n of nodes) await n.close()
  for (const t of transports) await t.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('BFT consensus among four ledger nodes over libp2p', () => {
  it('commits the same blocks on every node, and gossips transactions', { timeout: 180_000 }, async () => {
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()]
    const addr = (i: number): string => `/ip4/127.0.0.1/tcp/${ports[i]}`
    for (let i = 0; i < 4; i++) {
      const t = await createP2PTransport({
        seed: seed(i),
        listen: addr(i),
        peers: [0, 1, 2, 3].filter((j) => j !== i).map((j) => ({ publicKey: keys[j]!, addr: addr(j) })),
        allowed: (k) => consortium.has(k),
        maxMessageBytes: genesis.params.maxBlockBytes + 4096,
        log: () => undefined,
      })
      expect(t.self).toBe(keys[i])
      transports.push(t)
      const n = await LedgerNode.open({
        dataDir: join(dir, `node${i}`),
        genesis,
        validatorSigner: validators[i]!,
        heartbeatMs: 100,
        verifyThreads: 0,
        transport: t,
        bft: { timeouts: TIMEOUTS },
      })
      n.start()
      nodes.push(n)
    }
    await until('full mesh', () => transports.every((t) => t.peers().length === 3), 20_000)
    await until('height 3 everywhere', () => nodes.every((n) => height(n) >= 3), 40_000)
    const top = Math.min(...nodes.map(height))
    for (let h = 1; h <= top; h++) {
      const hashes = new Set<string>()
      for (const n of nodes) hashes.add(toHex((await n.getBlock(h)).hash))
      expect(hashes.size, `height ${h}`).toBe(1)
      expect((await nodes[0]!.getBlock(h)).commit!.sigs.length).toBeGreaterThanOrEqual(3)
    }

    // a transaction submitted to one node is gossiped over libp2p and committed on all
    const tx = makeTx(admin, {
      chainId: genesis.chainId,
      type: 'identity.role.grant',
      nonce: 7,
      payload: { agency: 'agency-0', subject: toHex(nodeSigner(seed(40)).publicKey), role: 'notary', expiresAt: null },
    })
    const { hashHex } = await nodes[2]!.submitJson(txToJson(tx))
    // committed on each node (not merely out of its mempool: a node may not have received it yet, or be applying
    // the block that holds it)
    for (const n of nodes) expect(await statusWhen(n, hashHex, 'committed', 60_000)).toBe('committed')
  })
})
