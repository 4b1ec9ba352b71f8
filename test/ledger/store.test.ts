import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { type BlockWrite, type Head, Store } from '../../src/ledger/store/store'
import { Cleanup, makeFixture, openNode, produceBlock, grantTx, signerFor, tempDir } from './helpers'
import { verifyProof } from '../../src/ledger/proofs/proof'
import { txToJson } from '../../src/ledger/types/tx'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const h = (s: string): Uint8Array => sha256(utf8(s))
/** Stored bytes as text (the store may hand out Buffers). */
const text = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString())

async function openStore(dir: string): Promise<Store> {
  const s = new Store(dir)
  await s.open()
  cleanup.add(() => s.close())
  return s
}

const genesisHead: Head = { height: 0, hash: new Uint8Array(32), appHash: h('app0'), time: 1000 }

/** A block's write, its state tree version prepared from its state writes on the store's tree. */
async function blockWrite(s: Store, height: number, over: Partial<Omit<BlockWrite, 'tree'>> = {}): Promise<BlockWrite> {
  const state = over.state ?? new Map<string, Canonical | null>()
  return {
    height,
    hash: h('block' + height),
    blockBytes: utf8('block bytes ' + height),
    commitBytes: utf8('commit bytes ' + height),
    appHash: h('app' + height),
    time: 1000 + height,
    txs: [],
    ...over,
    state,
    tree: await s.tree.prepare(height, state),
  }
}

/** The genesis state as version 0 of the tree (the head's app hash here is a placeholder, as in blockWrite). */
async function initGenesis(s: Store, json: string, state: Array<[string, Canonical]> = [], head = genesisHead): Promise<void> {
  await s.initGenesis(utf8(json), state, head, await s.tree.prepare(0, new Map(state)))
}

describe('store', () => {
  it('a read racing a block commit never leaves a stale value in the cache', async () => {
    const s = await openStore(join(tempDir(cleanup), 'db'))
    await initGenesis(s, '{}')
    for (let height = 1; height <= 400; height++) {
      // keys not in the cache yet, read while the batch that writes them is being written
      const a = `race/a/${height}`
      const b = `race/b/${height}`
      const commit = s.commitBlock(await blockWrite(s, height, { state: new Map([[a, height], [b, height]]) }))
      const racing = [s.get(a), s.prefetch([b])]
      await Promise.all([commit, ...racing])
      expect([await s.get(a), await s.get(b)], `height ${height}`).toEqual([height, height])
    }
  })


  it('a new store has no head; after genesis it has one, also after reopening', async () => {
    const dir = join(tempDir(cleanup), 'db')
    const s = await openStore(dir)
    expect(s.head()).toBeNull()
    expect(await s.getGenesisBytes()).toBeUndefined()
    await initGenesis(s, '{"g":1}', [['k/one', 1], ['k/two', { a: [true] }]])
    expect(s.head()).toEqual(genesisHead)
    await s.close()
    const again = await openStore(dir)
    expect(again.head()).toEqual(genesisHead)
    expect(text(await again.getGenesisBytes())).toBe('{"g":1}')
    expect(await again.get('k/two')).toEqual({ a: [true] })
    expect(await again.get('k/missing')).toBeUndefined()
  })

  it('commitBlock writes block, commit, indexes, state and head at once; reopening yields the same', async () => {
    const dir = join(tempDir(cleanup), 'db')
    const s = await openStore(dir)
    await initGenesis(s, '{}', [['k/keep', 'v0'], ['k/gone', 'v0']])
    const signer = signerFor('store/signer').publicKey
    const tx1 = h('tx1')
    const tx2 = h('tx2')
    await s.putPending([
      { hash: tx1, bytes: utf8('tx one') },
      { hash: tx2, bytes: utf8('tx two') },
      { hash: h('tx3'), bytes: utf8('tx three') },
    ])
    const state = new Map<string, Canonical | null>([
      ['k/keep', 'v1'],
      ['k/gone', null],
      ['k/new', [1, 2, 3]],
    ])
    const w = await blockWrite(s, 1, { txs: [{ hash: tx1, signer }, { hash: tx2, signer }], state })
    await s.commitBlock(w)
    const head1: Head = { height: 1, hash: w.hash, appHash: w.appHash, time: w.time }
    expect(s.head()).toEqual(head1)
    expect(await s.get('k/keep')).toBe('v1')
    expect(await s.get('k/gone')).toBeUndefined()
    await s.commitBlock(await blockWrite(s, 2, { txs: [{ hash: h('tx4'), signer }] }))
    await s.close()

    const r = await openStore(dir)
    expect(r.head()).toEqual({ height: 2, hash: h('block2'), appHash: h('app2'), time: 1002 })
    expect(await r.get('k/keep')).toBe('v1')
    expect(await r.get('k/gone')).toBeUndefined()
    expect(await r.get('k/new')).toEqual([1, 2, 3])
    expect(text(await r.getBlockBytes(1))).toBe('block bytes 1')
    expect(text(await r.getCommitBytes(1))).toBe('commit bytes 1')
    expect(await r.getBlockBytes(3)).toBeUndefined()
    expect(await r.getHeightByHash(h('block1'))).toBe(1)
    expect(await r.getHeightByHash(h('nope'))).toBeUndefined()
    expect(await r.getTxLocation(tx2)).toEqual({ height: 1, index: 1 })
    expect(await r.getTxLocation(h('tx4'))).toEqual({ height: 2, index: 0 })
    expect(await r.getTxLocation(h('tx3'))).toBeUndefined()
    // newest first, limited
    expect((await r.txHashesBySigner(signer, 10)).map(toHex)).toEqual([h('tx4'), tx2, tx1].map(toHex))
    expect((await r.txHashesBySigner(signer, 2)).map(toHex)).toEqual([h('tx4'), tx2].map(toHex))
    // committed transactions left the persisted mempool in the block's batch
    expect((await r.listPending()).map((p) => toHex(p.hash))).toEqual([toHex(h('tx3'))])
    const scanned: Array<[string, Canonical]> = []
    for await (const e of r.scanState('k/')) scanned.push(e)
    expect(scanned).toEqual([
      ['k/keep', 'v1'],
      ['k/new', [1, 2, 3]],
    ])
  })

  it('indexes the blocks that hold transactions, and builds that index once for a store written before it', async () => {
    const dir = tempDir(cleanup)
    const s = new Store(dir)
    await s.open()
    await initGenesis(s, '{}')
    const signer = h('signer')
    for (let height = 1; height <= 6; height++) {
      const txs = height % 3 === 0 ? [{ hash: h('tx' + height), signer }] : []
      await s.commitBlock(await blockWrite(s, height, { txs, blockBytes: utf8(`block ${height} with ${txs.length} txs`) }))
    }
    expect(await s.heightsWithTxs(7, 10)).toEqual([6, 3])
    expect(await s.heightsWithTxs(6, 10)).toEqual([3])
    expect(await s.heightsWithTxs(7, 1)).toEqual([6])
    // make it a store of an older version: blocks written without the index
    const db = (s as unknown as { db: { del(k: string): Promise<void> } }).db
    for (const k of ['x/txblocks/000000000003', 'x/txblocks/000000000006', 'meta/txblocks']) await db.del(k)
    expect(await s.heightsWithTxs(7, 10)).toEqual([])
    await s.close()

    const older = await openStore(dir)
    await older.indexTxBlocks((bytes) => Number(/with (\d+) txs/.exec(Buffer.from(bytes).toString())![1]))
    expect(await older.heightsWithTxs(7, 10)).toEqual([6, 3])
    let calls = 0
    await older.indexTxBlocks(() => calls++)
    expect(calls).toBe(0) // built once
  })

  it('pending transactions: put, list, delete', async () => {
    const s = await openStore(join(tempDir(cleanup), 'db'))
    await s.putPending([])
    await s.putPending([{ hash: h('a'), bytes: utf8('A') }])
    await s.putPending([{ hash: h('b'), bytes: utf8('B') }])
    const listed = await s.listPending()
    expect(listed.map((p) => [toHex(p.hash), text(p.bytes)]).sort()).toEqual(
      [
        [toHex(h('a')), 'A'],
        [toHex(h('b')), 'B'],
      ].sort(),
    )
    await s.deletePending([h('a')])
    await s.deletePending([])
    expect((await s.listPending()).map((p) => toHex(p.hash))).toEqual([toHex(h('b'))])
  })

  it('keeps rejections with the block, across reopening, forgetting the oldest past the bound', async () => {
    const dir = join(tempDir(cleanup), 'db')
    const s = await openStore(dir)
    await initGenesis(s, '{}')
    await s.putPending([{ hash: h('r1'), bytes: utf8('R1') }, { hash: h('keep'), bytes: utf8('K') }])
    const rej = (name: string, code = 'NUMBER_TAKEN') => ({ hash: h(name), code, message: `${name} is refused` })
    await s.commitBlock(await blockWrite(s, 1, { rejected: [rej('r1'), rej('r2')] }), 3)
    expect(await s.getRejection(h('r1'))).toEqual({ code: 'NUMBER_TAKEN', message: 'r1 is refused', time: 1001, height: 1 })
    // the pending copy went in the block's batch; another pending one stays
    expect((await s.listPending()).map((p) => toHex(p.hash))).toEqual([toHex(h('keep'))])
    // rejected again later (the same bytes sent again): replaced, not counted twice
    await s.commitBlock(await blockWrite(s, 2, { rejected: [rej('r2', 'STATUS_CONFLICT')] }), 3)
    expect(s.rejectionsKept).toBe(2)
    expect(await s.getRejection(h('r2'))).toMatchObject({ code: 'STATUS_CONFLICT', height: 2 })
    await s.close()

    const r = await openStore(dir)
    expect(r.rejectionsKept).toBe(2)
    expect(await r.getRejection(h('r1'))).toMatchObject({ code: 'NUMBER_TAKEN', height: 1 })
    // two more past a bound of three: the oldest (r1, height 1) is forgotten, r2 (re-decided at height 2) is kept
    await r.commitBlock(await blockWrite(r, 3, { rejected: [rej('r3'), rej('r4')] }), 3)
    expect(r.rejectionsKept).toBe(3)
    expect(await r.getRejection(h('r1'))).toBeUndefined()
    for (const name of ['r2', 'r3', 'r4']) expect(await r.getRejection(h(name))).toBeDefined()
    expect(await r.getRejection(h('never'))).toBeUndefined()
  })

  it('a node reopened after commits has the same head, blocks, transactions and proofs', async () => {
    const fx = makeFixture({ tag: 'store' })
    const dataDir = join(tempDir(cleanup), 'data')
    const node = await openNode(cleanup, fx, { dataDir })
    const staff = [0, 1, 2].map((i) => signerFor('store/staff-' + i))
    const hashes: string[] = []
    for (const [i, s] of staff.entries()) {
      hashes.push((await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: i + 1, subject: s })))).hashHex)
      await produceBlock(node, fx)
    }
    const head = node.chain.head()
    const status = node.status()
    await node.close()

    const again = await openNode(cleanup, fx, { dataDir })
    expect(again.chain.head()).toEqual(head)
    expect(again.status()).toMatchObject({ height: 3, appHash: status.appHash, lastBlockHash: status.lastBlockHash })
    for (const [i, hash] of hashes.entries()) {
      expect(await again.getTx(hash)).toMatchObject({ status: 'committed', height: i + 1, index: 0 })
      expect(verifyProof(await again.getProof(hash), again.trustList()).valid).toBe(true)
    }
    // and it keeps going from there
    await again.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 4, subject: staff[0]!, role: 'auditor' })))
    const { prepared } = await produceBlock(again, fx)
    expect(prepared.block.header.height).toBe(4)
    expect(toHex(prepared.block.header.prevHash)).toBe(toHex(head.hash))
  })

  it('refuses to open a data directory made from another genesis (CORRUPT_DATA)', async () => {
    const dataDir = join(tempDir(cleanup), 'data')
    const a = makeFixture({ tag: 'store-a' })
    const b = makeFixture({ tag: 'store-b' })
    const node = await openNode(cleanup, a, { dataDir })
    await node.close()
    await expect(openNode(cleanup, b, { dataDir })).rejects.toMatchObject({ code: 'CORRUPT_DATA' })
    // the directory is still usable with its own genesis
    const again = await openNode(cleanup, a, { dataDir })
    expect(again.chain.head().height).toBe(0)
  })
})
