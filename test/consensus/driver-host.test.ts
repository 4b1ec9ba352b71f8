/**
 * The BFT driver (consensus/driver.ts) runs on a BftHost, not on the node: a fake host here, on an in-memory network, shows
 * the seam (transactions gossiped both ways, block sync served from the host's store).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { utf8 } from '../../src/ledger/codec/bytes'
import type { Commit } from '../../src/ledger/types/block'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import { ValidatorSet } from '../../src/ledger/consensus/validators'
import { LocalNetwork } from '../../src/ledger/net/transport'
import { type BftHost, BftProducer } from '../../src/ledger/consensus/driver'
import { signers } from './helpers'

function fakeHost(height: number) {
  const admitted: Uint8Array[] = []
  const listeners = new Set<(c: CheckedTx, local: boolean) => void>()
  const set = new ValidatorSet([{ publicKey: signers(1, 'driver-host')[0]!.publicKey, power: 1 }])
  const commit = (h: number): Commit => ({ height: h, round: 0, blockHash: new Uint8Array(32).fill(h), sigs: [] })
  const host: BftHost = {
    chainId: 'daejang-test',
    maxBlockBytes: 1 << 20,
    chain: {
      head: () => ({ height, hash: new Uint8Array(32), appHash: new Uint8Array(32), time: 0 }),
      validatorSetAt: () => set,
      validatorHistory: { allKeys: () => new Set<string>() } as unknown as BftHost['chain']['validatorHistory'],
      validateBlock: () => Promise.reject(new Error('no blocks here')),
      verifyCommitAt: () => ({ ok: false, signedPower: 0, totalPower: 1 }),
    },
    mempool: {
      size: 0,
      has: () => false,
      pending: () => [][Symbol.iterator](),
      waitForTx: () => Promise.resolve(),
    },
    lookahead: { ahead: () => undefined, clear: () => undefined },
    onAdmitted: (l) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
    admitFromPeer: (bytes) => {
      admitted.push(bytes)
      return Promise.resolve()
    },
    buildCandidate: () => Promise.reject(new Error('not a proposer')),
    applyBlock: () => Promise.resolve(),
    blockBytes: (h) => Promise.resolve(h <= height ? utf8(`block ${h}`) : undefined),
    commitAt: (h) => Promise.resolve(h <= height ? commit(h) : null),
    reportEvidence: () => undefined,
    reportError: (e) => {
      throw e
    },
  }
  const admitLocally = (bytes: Uint8Array) => {
    for (const l of listeners) l({ hashHex: 'aa'.repeat(32), bytes } as CheckedTx, true)
  }
  return { host, admitted, admitLocally }
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 1_000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(cond()).toBe(true)
}

const running: BftProducer[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()))
})

describe('the BFT driver on a host', () => {
  it('gossips what its host admits locally, and gives its host what peers gossip', async () => {
    const net = new LocalNetwork()
    const a = fakeHost(0)
    const b = fakeHost(0)
    for (const [h, self] of [
      [a, 'a'],
      [b, 'b'],
    ] as const) {
      const p = new BftProducer(h.host, { transport: net.join(self), signer: null, heartbeatMs: 1_000 })
      p.start()
      running.push(p)
    }
    a.admitLocally(utf8('tx-1'))
    await until(() => b.admitted.length === 1)
    expect(b.admitted[0]).toEqual(utf8('tx-1'))
    expect(a.admitted).toEqual([]) // its own transaction is not handed back to it
  })

  it('answers a block sync request with the blocks and commits of its host', async () => {
    const net = new LocalNetwork()
    const a = fakeHost(3)
    const p = new BftProducer(a.host, { transport: net.join('a'), signer: null, heartbeatMs: 1_000 })
    p.start()
    running.push(p)
    const asker = net.join('b')
    const answer = decodeCanonical(await asker.request('a', encodeCanonical([2])))
    expect(Array.isArray(answer)).toBe(true)
    const items = answer as [Uint8Array, unknown][]
    expect(items.map(([b]) => new TextDecoder().decode(b))).toEqual(['block 2', 'block 3'])
  })
})
