import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { merkleRoot } from '../../src/ledger/crypto/merkle'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { type Block, type Header, ZERO_HASH, commitHash, encodeBlock } from '../../src/ledger/types/block'
import { lastNonce } from '../../src/ledger/state/execute'
import { GENESIS_STATE_KEY } from '../../src/ledger/state/chain'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'
import { genesisHash } from '../../src/ledger/types/genesis'
import { type Tx, encodeTx, makeTx } from '../../src/ledger/types/tx'
import type { LedgerNode } from '../../src/ledger/node/node'
import {
  Cleanup,
  type Fixture,
  GENESIS_TIME,
  checked,
  codeOf,
  grantTx,
  makeChecker,
  makeFixture,
  noteTx,
  openNode,
  produceBlock,
  signCommit,
  signerFor,
} from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'execute' })
const staff = [0, 1, 2, 3].map((i) => signerFor('execute/staff-' + i))
const checker = makeChecker(fx.genesis)
const G = GENESIS_TIME

async function blockOf(node: LedgerNode, f: Fixture, txs: Tx[], time: number) {
  return produceBlock(node, f, { candidates: txs.map((t) => checked(checker, t)), time })
}

describe('execution: app hash', () => {
  it('the app hash is the state tree root after the block; the genesis state holds chain/genesis', async () => {
    const node = await openNode(cleanup, fx)
    // height 0: the genesis state, tied to its document
    expect(await node.store.get(GENESIS_STATE_KEY)).toEqual(genesisHash(fx.genesis))
    expect(await node.stateAsOf(GENESIS_STATE_KEY, 0)).toEqual(genesisHash(fx.genesis))
    expect(toHex(await node.store.tree.rootAt(0))).toBe(toHex(node.chain.head().appHash))
    await blockOf(node, fx, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })], G + 1000)
    const header = (await node.getBlock(1)).block.header
    expect(toHex(header.appHash)).toBe(toHex(await node.store.tree.rootAt(1)))
    expect(toHex(header.appHash)).not.toBe(toHex(await node.store.tree.rootAt(0)))
    // the same root as a fresh tree given the whole state of height 1 at once
    const all = new Map<string, Canonical | null>()
    for await (const [k, v] of node.store.scanState('')) all.set(k, v)
    const fresh = new StateTree(memoryTreeDb())
    expect(toHex((await fresh.prepare(0, all)).root)).toBe(toHex(header.appHash))
  })

  it('two genesis documents that differ only in a parameter give different app hashes', async () => {
    const other = makeFixture({ tag: 'execute', params: { maxBlockTxs: fx.genesis.params.maxBlockTxs - 1 } })
    const a = await openNode(cleanup, fx)
    const b = await openNode(cleanup, other)
    expect(toHex(b.chain.head().appHash)).not.toBe(toHex(a.chain.head().appHash))
  })

  it('two nodes given the same genesis and the same transactions compute the same blocks and app hashes', async () => {
    const a = await openNode(cleanup, fx)
    const b = await openNode(cleanup, fx)
    expect(toHex(a.chain.head().appHash)).toBe(toHex(b.chain.head().appHash))

    const rounds: Tx[][] = [
      [
        grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! }),
        grantTx(fx.admin, fx, { nonce: 2, subject: staff[1]!, role: 'registrar', expiresAt: G + 10_000_000 }),
        grantTx(fx.admin, fx, { nonce: 3, subject: staff[2]!, agency: 'no-such-agency' }), // rejected
      ],
      [noteTx(staff[0]!, fx, { nonce: 1 }), noteTx(staff[1]!, fx, { nonce: 1 }) /* rejected: no notary role */],
      [],
      [revokeOf(1), noteTx(staff[0]!, fx, { nonce: 2 }) /* rejected: revoked just before */],
    ]
    function revokeOf(k: number): Tx {
      return makeTx(fx.admin, {
        chainId: fx.chainId,
        type: 'identity.role.revoke',
        payload: { agency: fx.agencyA, subject: toHex(staff[0]!.publicKey), role: 'notary', reason: 'moved' },
        nonce: 3 + k,
        time: G,
      })
    }

    for (const [r, txs] of rounds.entries()) {
      const time = G + 1000 * (r + 1)
      if (r % 2 === 0) {
        // both nodes build the block on their own
        const pa = await blockOf(a, fx, txs, time)
        const pb = await blockOf(b, fx, txs, time)
        expect(toHex(pb.prepared.hash)).toBe(toHex(pa.prepared.hash))
        expect(toHex(pb.prepared.block.header.appHash)).toBe(toHex(pa.prepared.block.header.appHash))
        expect(pb.rejected.map((x) => x.error.code)).toEqual(pa.rejected.map((x) => x.error.code))
      } else {
        // a builds, b validates a's bytes and commits them
        const pa = await blockOf(a, fx, txs, time)
        const pb = await b.chain.validateBlock(pa.prepared.bytes)
        expect(toHex(pb.hash)).toBe(toHex(pa.prepared.hash))
        expect(toHex(pb.block.header.appHash)).toBe(toHex(pa.prepared.block.header.appHash))
        await b.chain.commit(pb, pa.commit)
      }
      expect(toHex(b.chain.head().appHash)).toBe(toHex(a.chain.head().appHash))
      expect(toHex(b.chain.head().hash)).toBe(toHex(a.chain.head().hash))
      expect(b.chain.head().height).toBe(r + 1)
    }
    // the app hash moved with every block that wrote something (block 3 is empty: its state, so its root, is block 2's)
    const heads = await Promise.all([1, 2, 3, 4].map(async (h) => (await a.getBlock(h)).block.header.appHash))
    expect(new Set(heads.map(toHex)).size).toBe(3)
    expect(toHex(heads[2]!)).toBe(toHex(heads[1]!))
  })

  it('an empty block keeps the app hash (the state did not change; the block hash still moves)', async () => {
    const node = await openNode(cleanup, fx)
    const before = node.chain.head()
    const { prepared } = await blockOf(node, fx, [], G + 1000)
    expect(prepared.block.header.txCount).toBe(0)
    expect(toHex(prepared.block.header.txRoot)).toBe(toHex(merkleRoot([])))
    expect(toHex(prepared.block.header.appHash)).toBe(toHex(before.appHash))
    expect(toHex(prepared.hash)).not.toBe(toHex(before.hash))
  })
})

describe('execution: buildBlock leaves failing transactions out', () => {
  it('reports each failure with its code while the others commit', async () => {
    const node = await openNode(cleanup, fx)
    const stranger = signerFor('execute/stranger')
    const txs = [
      grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! }),
      grantTx(fx.admin, fx, { nonce: 2, subject: staff[1]!, agency: 'no-such-agency' }),
      grantTx(stranger, fx, { nonce: 1, subject: stranger }),
      noteTx(staff[2]!, fx, { nonce: 1 }),
      grantTx(fx.admin, fx, { nonce: 1, subject: staff[2]! }), // same nonce as the first: replay
      grantTx(fx.admin, fx, { nonce: 4, subject: staff[3]!, time: G + 1000 + fx.genesis.params.maxFutureMs + 1 }),
      grantTx(fx.admin, fx, { nonce: 3, subject: staff[1]! }),
    ]
    const { prepared, rejected } = await blockOf(node, fx, txs, G + 1000)
    expect(rejected.map((r) => [toHex(r.tx.hash), r.error.code])).toEqual([
      [toHex(sha256(encodeTx(txs[1]!))), 'RULE_VIOLATION'],
      [toHex(sha256(encodeTx(txs[2]!))), 'UNAUTHORIZED_ROLE'],
      [toHex(sha256(encodeTx(txs[3]!))), 'UNAUTHORIZED_ROLE'],
      [toHex(sha256(encodeTx(txs[4]!))), 'NONCE_REPLAYED'],
      [toHex(sha256(encodeTx(txs[5]!))), 'TX_FROM_FUTURE'],
    ])
    expect(prepared.txs.map((c) => c.tx.nonce)).toEqual([1, 3])
    expect(prepared.block.header.txCount).toBe(2)
    expect(toHex(prepared.block.header.txRoot)).toBe(toHex(merkleRoot([encodeTx(txs[0]!), encodeTx(txs[6]!)])))
    // committed: both grants are in state, the admin's last nonce is 3, nothing of the failures was written
    expect(await lastNonce(node.store, toHex(fx.admin.publicKey))).toBe(3)
    expect(await lastNonce(node.store, toHex(stranger.publicKey))).toBe(0)
    expect(await lastNonce(node.store, toHex(staff[2]!.publicKey))).toBe(0)
    expect((await node.getTx(toHex(sha256(encodeTx(txs[6]!))))).status).toBe('committed')
    expect(await codeOf(() => node.getTx(toHex(sha256(encodeTx(txs[1]!)))))).toBe('NOT_FOUND')
  })

  it('a transaction dated exactly maxFutureMs after the block is accepted', async () => {
    const node = await openNode(cleanup, fx)
    const t = grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]!, time: G + 1000 + fx.genesis.params.maxFutureMs })
    const { prepared, rejected } = await blockOf(node, fx, [t], G + 1000)
    expect(rejected).toEqual([])
    expect(prepared.txs).toHaveLength(1)
  })

  it('block time never goes backwards: a stale time is raised to head + 1 ms', async () => {
    const node = await openNode(cleanup, fx)
    await blockOf(node, fx, [], G + 5000)
    const { prepared } = await blockOf(node, fx, [], G + 10)
    expect(prepared.block.header.time).toBe(G + 5001)
  })

  it('stops at maxBlockTxs, leaving the rest for the next block', async () => {
    const small = makeFixture({ tag: 'execute', params: { maxBlockTxs: 2 } })
    const node = await openNode(cleanup, small)
    const c = makeChecker(small.genesis)
    const txs = [1, 2, 3].map((n) => grantTx(small.admin, small, { nonce: n, subject: staff[n]! }))
    const { prepared, rejected } = await produceBlock(node, small, { candidates: txs.map((t) => checked(c, t)), time: G + 1000 })
    expect(prepared.txs.map((x) => x.tx.nonce)).toEqual([1, 2])
    expect(rejected).toEqual([])
  })
})

describe('execution: validateBlock', () => {
  /** Node `a` builds (without committing) a block on top of one committed block; `b` has the same committed block. */
  async function setup() {
    const a = await openNode(cleanup, fx)
    const b = await openNode(cleanup, fx)
    const first = [grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })]
    const p1 = await blockOf(a, fx, first, G + 1000)
    await b.chain.commit(await b.chain.validateBlock(p1.prepared.bytes), p1.commit)
    const second = [
      grantTx(fx.admin, fx, { nonce: 2, subject: staff[1]! }),
      noteTx(staff[0]!, fx, { nonce: 1 }),
      grantTx(fx.admin, fx, { nonce: 3, subject: staff[2]! }),
    ]
    const { prepared } = await a.chain.buildBlock(
      second.map((t) => checked(checker, t)),
      fx.validator.publicKey,
      G + 2000,
      p1.commit,
    )
    expect(prepared.txs).toHaveLength(3)
    return { a, b, block: prepared.block, bytes: prepared.bytes, commit1: p1.commit }
  }

  const tamper = (blk: Block, over: Partial<Header>, rest: Partial<Block> = {}): Uint8Array =>
    encodeBlock({ ...blk, ...rest, header: { ...blk.header, ...over } })

  async function rejection(node: LedgerNode, bytes: Uint8Array): Promise<{ code: string; message: string }> {
    const head = node.chain.head()
    try {
      await node.chain.validateBlock(bytes)
    } catch (e) {
      // nothing was written
      expect(toHex(node.chain.head().hash)).toBe(toHex(head.hash))
      return { code: (e as { code: string }).code, message: (e as Error).message }
    }
    return { code: 'ACCEPTED', message: '' }
  }

  it('accepts the untampered block and reproduces its hash and app hash', async () => {
    const { b, block, bytes } = await setup()
    const p = await b.chain.validateBlock(bytes)
    expect(toHex(p.block.header.appHash)).toBe(toHex(block.header.appHash))
    expect(p.txs).toHaveLength(3)
  })

  it.each<[string, (blk: Block) => Partial<Header>, RegExp]>([
    ['an altered appHash', () => ({ appHash: sha256(new Uint8Array([1])) }), /app hash/],
    ['an altered txRoot', () => ({ txRoot: sha256(new Uint8Array([2])) }), /transaction root/],
    ['an altered prevHash', () => ({ prevHash: sha256(new Uint8Array([3])) }), /previous hash/],
    ['a wrong txCount', (blk) => ({ txCount: blk.header.txCount + 1 }), /transaction count/],
    ['a wrong height', (blk) => ({ height: blk.header.height + 1 }), /height/],
    ['a wrong chain id', () => ({ chainId: 'daejang-other' }), /chain id/],
    ['a time that does not advance', () => ({ time: G + 1000 }), /time/],
    ['a wrong validator set', () => ({ validatorsHash: sha256(new Uint8Array([4])) }), /validator set/],
    ['a wrong next validator set', () => ({ nextValidatorsHash: sha256(new Uint8Array([5])) }), /next validator set/],
    ['a header of format 1 (no next set)', () => ({ v: 1, nextValidatorsHash: undefined }), /next validator set/],
    ['a wrong last commit hash', () => ({ lastCommitHash: ZERO_HASH }), /last commit hash/],
  ])('rejects %s (RULE_VIOLATION)', async (_name, over, why) => {
    const { b, block } = await setup()
    const r = await rejection(b, tamper(block, over(block)))
    expect(r.code).toBe('RULE_VIOLATION')
    expect(r.message).toMatch(why)
  })

  it('rejects reordered transactions (the root no longer matches) and dropped ones', async () => {
    const { b, block } = await setup()
    const swapped = [block.txs[1]!, block.txs[0]!, block.txs[2]!]
    expect((await rejection(b, tamper(block, {}, { txs: swapped }))).message).toMatch(/transaction root/)
    // with a consistent root, the same grants in another order are another valid block: nonces need only be
    // unused, not ordered (docs/adr/0003), and these grants touch different keys
    const regranted = [block.txs[2]!, block.txs[1]!, block.txs[0]!]
    const other = await b.chain.validateBlock(tamper(block, { txRoot: merkleRoot(regranted) }, { txs: regranted }))
    expect(other.txs.map((c) => toHex(c.bytes))).toEqual(regranted.map(toHex))
    // the same transaction twice: its nonce is used by the first copy
    const twice = [block.txs[0]!, block.txs[1]!, block.txs[0]!]
    const r = await rejection(b, tamper(block, { txRoot: merkleRoot(twice) }, { txs: twice }))
    expect(r.code).toBe('NONCE_REPLAYED')
    const dropped = block.txs.slice(0, 2)
    const d = await rejection(b, tamper(block, { txRoot: merkleRoot(dropped), txCount: 2 }, { txs: dropped }))
    expect(d.message).toMatch(/app hash/)
  })

  it('rejects a block from a proposer outside the validator set, or dated far ahead of this node', async () => {
    const { b, block } = await setup()
    const stranger = signerFor('execute/stranger-proposer').publicKey
    expect((await rejection(b, tamper(block, { proposer: stranger }))).message).toMatch(/proposer is not a validator/)
    const ahead = Date.now() + fx.genesis.params.maxFutureMs + 60_000
    expect((await rejection(b, tamper(block, { time: ahead }))).message).toMatch(/too far ahead/)
  })

  it('rejects a last commit that lacks the validators’ signatures', async () => {
    const { b, block, commit1 } = await setup()
    const forged = signCommit(fx.chainId, [signerFor('execute/not-a-validator')], 1, commit1.blockHash)
    // with a consistent lastCommitHash, so that the signatures are what fails
    const r = await rejection(b, tamper(block, { lastCommitHash: commitHash(forged) }, { lastCommit: forged }))
    expect(r.code).toBe('RULE_VIOLATION')
    expect(r.message).toMatch(/last commit: signatures/)
  })

  it('rejects a block containing a transaction with a bad signature', async () => {
    const { a, b } = await setup()
    // a proposer that skips signature checks: parse without verifying, then build
    const good = grantTx(fx.admin, fx, { nonce: 2, subject: staff[3]! })
    const sig = new Uint8Array(good.sig)
    sig[0] = sig[0]! ^ 1
    const bad = makeChecker(fx.genesis).parseBytes(encodeTx({ ...good, sig }))
    const p1commit = await a.getCommit(1)
    const { prepared } = await a.chain.buildBlock([bad], fx.validator.publicKey, G + 2000, p1commit)
    expect(prepared.txs).toHaveLength(1)
    const r = await rejection(b, prepared.bytes)
    expect(r.code).toBe('RULE_VIOLATION')
    expect(r.message).toMatch(/bad signature/)
  })

  it('rejects bytes that are not a block', async () => {
    const { b } = await setup()
    expect((await rejection(b, new Uint8Array([0x80]))).code).toBe('NON_CANONICAL')
    expect((await rejection(b, encodeCanonical(['not', 'a', 'block']))).code).not.toBe('ACCEPTED')
  })

  it('commit refuses a block that does not extend the head, or a commit for another block', async () => {
    const { a, b, bytes } = await setup()
    const p = await b.chain.validateBlock(bytes)
    expect(await codeOf(() => b.chain.commit(p, signCommit(fx.chainId, [fx.validator], 2, ZERO_HASH)))).toBe('RULE_VIOLATION')
    await b.chain.commit(p, signCommit(fx.chainId, [fx.validator], 2, p.hash))
    expect(await codeOf(() => b.chain.commit(p, signCommit(fx.chainId, [fx.validator], 2, p.hash)))).toBe('RULE_VIOLATION')
    expect(a.chain.head().height).toBe(1)
  })
})
