/**
 * Block execution with the signatures checked in the verification workers (libsodium, OpenSSL behind every refusal:
 * docs/adr/0042) gives the same app hashes as before on the same chain: a fixed chain (fixed keys, payloads and
 * times) is produced on one node and replayed on another through the worker pool, as block sync does (the next block
 * checked ahead), and every header's app hash is the one recorded by the build before that change. A transaction
 * with a bad signature still refuses its whole block, and nothing of it is written.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { encodeTx, type Tx } from '../../src/ledger/types/tx'
import { Cleanup, GENESIS_TIME, codeOf, grantTx, makeChecker, makeFixture, openNode, produceBlock, signCommit, signerFor } from './helpers'

/** app hashes of blocks 1–4 of this chain, as main 12adad6 computed them (before the verification workers changed) */
const RECORDED_APP_HASHES = [
  'b0c3cf2126b00978d4914dd1352bdddbd181aa399acc1f62f036c96de6bc00ab',
  '5089ceb2716247ad744c53d2654c9338240969e09da096fe4913a3d09ba7ef22',
  '87feb2d33edd9cb23e9a93d1d40dc76f261cc02c93b5df548b6f71b61136bbff',
  '04614b893a17f4f5b4038cfb1b3f68674c5776dbfda58270c21fd16afe007970',
]

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'exec-determinism' })
const checker = makeChecker(fx.genesis)
const subjects = Array.from({ length: 16 }, (_, i) => signerFor(`exec-determinism/subject-${i}`))

function grants(from: number, n: number): Tx[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k
    return grantTx(fx.admin, fx, { nonce: i + 1, subject: subjects[i % 16]!, role: i % 3 === 0 ? 'registrar' : 'notary', label: `staff ${i}` })
  })
}

describe('execution through the verification workers', () => {
  it('replays a fixed chain to the recorded app hashes', async () => {
    const source = await openNode(cleanup, fx)
    const sizes = [40, 300, 7, 120]
    let from = 0
    for (let b = 0; b < sizes.length; b++) {
      const candidates = grants(from, sizes[b]!).map((t) => checker.fromBytes(encodeTx(t)))
      from += sizes[b]!
      const { rejected } = await produceBlock(source, fx, { candidates, time: GENESIS_TIME + 1000 * (b + 1) })
      expect(rejected).toEqual([])
    }
    const produced: string[] = []
    for (let h = 1; h <= sizes.length; h++) produced.push(toHex((await source.getBlock(h)).block.header.appHash))

    const replica = await openNode(cleanup, fx, { verifyThreads: 2 })
    for (let h = 1; h <= sizes.length; h++) {
      const bytes = (await source.store.getBlockBytes(h))!
      const next = await source.store.getBlockBytes(h + 1)
      if (next) replica.lookahead.ahead([next])
      const p = await replica.chain.validateBlock(bytes)
      await replica.chain.commit(p, (await source.getCommit(h))!, () => false)
      replica.lookahead.forget(p.txs.map((c) => c.hashHex))
    }
    const replayed: string[] = []
    for (let h = 1; h <= sizes.length; h++) replayed.push(toHex((await replica.getBlock(h)).block.header.appHash))
    expect(replayed).toEqual(produced)
    expect(produced).toEqual(RECORDED_APP_HASHES)
  })

  it('refuses a block with one bad signature among hundreds, writing nothing', async () => {
    const source = await openNode(cleanup, fx)
    const txs = grants(0, 200)
    // the signature of transaction 137 is another transaction's: the block is built without checking it
    const bad = { ...txs[137]!, sig: txs[138]!.sig }
    const candidates = [...txs.slice(0, 137), bad, ...txs.slice(138)].map((t) => checker.parseBytes(encodeTx(t)))
    const head = source.chain.head()
    const { prepared } = await source.chain.buildBlock(candidates, fx.validator.publicKey, GENESIS_TIME + 1000, null)
    expect(prepared.txs).toHaveLength(200)

    const replica = await openNode(cleanup, fx, { verifyThreads: 2 })
    await expect(replica.chain.validateBlock(prepared.bytes)).rejects.toThrow('bad signature on transaction 137')
    expect(await codeOf(() => replica.chain.validateBlock(prepared.bytes))).toBe('RULE_VIOLATION')
    expect(replica.chain.head().height).toBe(0)
    // the same block without the bad transaction is accepted by a fresh replica (the good signatures were fine)
    expect(head.height).toBe(0)
    const good = await source.chain.buildBlock(candidates.filter((_, i) => i !== 137), fx.validator.publicKey, GENESIS_TIME + 1000, null)
    const p = await replica.chain.validateBlock(good.prepared.bytes)
    await replica.chain.commit(p, signCommit(fx.chainId, [fx.validator], 1, p.hash), () => false)
    expect(replica.chain.head().height).toBe(1)
  })
})
