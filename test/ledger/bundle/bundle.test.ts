/**
 * Sneakernet bundles (docs/adr/0062), in one process: export from a node, import into another of the same chain
 * (validator-set change inside the bundle included), idempotence, pending transactions carried back, and the tamper
 * corpus — each refused with its code and nothing applied.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { concatBytes, toHex, utf8 } from '../../../src/ledger/codec/bytes'
import { decodeCanonical, encodeCanonical } from '../../../src/ledger/codec/canonical'
import type { Signer } from '../../../src/ledger/crypto/ed25519'
import type { CheckedTx } from '../../../src/ledger/mempool/checker'
import type { LedgerNode } from '../../../src/ledger/node/node'
import { type Block, blockHash, commitFromCanonical, commitToCanonical, decodeBlock, encodeBlock } from '../../../src/ledger/types/block'
import { type Genesis, genesisHash } from '../../../src/ledger/types/genesis'
import { type JsonValue, encodeTx, makeTx, txHash } from '../../../src/ledger/types/tx'
import { exportBlocks, exportPending } from '../../../src/ledger/bundle/export'
import { importBundle, previewBundle } from '../../../src/ledger/bundle/import'
import { type BundleHeader, BundleWriter, MAGIC, RecordKind, SIGN_DOMAIN, openBundle, readRecords } from '../../../src/ledger/bundle/format'
import { verifyNode } from '../../../src/ledger/crypto/ed25519-node'
import { merkleRoot } from '../../../src/ledger/crypto/merkle'
import { REGISTRIES } from '../../../src/ledger/registries'
import { makeCatalogue } from '../../../src/ledger/registries/catalogue'
import { activityText } from '../../../src/renderer/features/activity/describe'
import { ActivityLog } from '../../../src/ledger/node/activity'
import { Cleanup, GENESIS_TIME, type Fixture, codeOf, consortiumGenesis, makeChecker, openNode, signCommit, signerFor, tempDir } from '../helpers'

const CHAIN = 'daejang-bundle'
const vals = [0, 1, 2, 3, 4].map((i) => signerFor(`bundle/validator-${i}`))
const admins = [0, 1, 2, 3, 4].map((i) => signerFor(`bundle/admin-${i}`))
const users = [0, 1, 2].map((i) => signerFor(`bundle/user-${i}`))
const exporter = signerFor('bundle/exporter')
const mallory = signerFor('bundle/mallory')

const genesisOf = (chainId: string): Genesis => consortiumGenesis(chainId, vals.slice(0, 4), admins.slice(0, 4).map((a) => [a]))
const genesis = genesisOf(CHAIN)
const fx = { genesis, chainId: CHAIN } as Fixture
const checker = makeChecker(genesis)
const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const nonces = new Map<string, number>()
function tx(signer: Signer, type: string, payload: JsonValue, chainId = CHAIN): CheckedTx {
  const k = toHex(signer.publicKey)
  const nonce = (nonces.get(k) ?? 0) + 1
  nonces.set(k, nonce)
  return checker.fromBytes(encodeTx(makeTx(signer, { chainId, type, payload, nonce, time: GENESIS_TIME })))
}
const ping = (i: number, n: number): CheckedTx => tx(users[i % users.length]!, 'test.any.ping', { n })

/** Commit the next block with `candidates`, signed by every validator of its height. */
async function next(node: LedgerNode, candidates: CheckedTx[] = []): Promise<void> {
  const head = node.chain.head()
  const h = head.height + 1
  const keys = new Set(node.chain.validatorsAt(h).map((v) => toHex(v.publicKey)))
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const proposer = node.chain.validatorSetAt(h)!.proposer(h, 0).publicKey
  const { prepared } = await node.chain.buildBlock(candidates, proposer, head.time + 1000, lastCommit)
  await node.applyBlock(prepared, signCommit(node.genesis.chainId, vals.filter((s) => keys.has(toHex(s.publicKey))), h, prepared.hash))
}

/** A source chain of 12 blocks with pings, and a validator set that changes at height 8 (agency-4 admitted). */
async function sourceChain(): Promise<LedgerNode> {
  nonces.clear()
  const node = await openNode(cleanup, fx)
  const admit = {
    kind: 'agency.admit',
    agency: { id: 'agency-4', name: 'Agency 4', validator: { publicKey: toHex(vals[4]!.publicKey), power: 10 }, admins: [toHex(admins[4]!.publicKey)] },
  }
  const p = tx(admins[0]!, 'governance.proposal.submit', { change: admit, effectiveHeight: 8 })
  await next(node, [p, ping(0, 1)])
  await next(node, [tx(admins[1]!, 'governance.proposal.approve', { proposal: p.hashHex }), ping(1, 2)])
  await next(node, [tx(admins[2]!, 'governance.proposal.approve', { proposal: p.hashHex })])
  for (let i = 0; node.chain.head().height < 12; i++) await next(node, [ping(i, i), ping(i + 1, i)])
  expect(node.chain.validatorsAt(8).length).toBe(5)
  return node
}

const snapshot = (n: LedgerNode) => ({ head: n.chain.head().height, app: toHex(n.chain.head().appHash), mempool: n.mempool.size })

describe('sneakernet bundles', () => {
  it('brings a node up to date across a validator-set change, and a second import changes nothing', async () => {
    const src = await sourceChain()
    const dst = await openNode(cleanup, fx)
    const file = join(tempDir(cleanup), 'b.djb')
    const ex = await exportBlocks(src, { from: 1 }, file, exporter)
    expect(ex.header).toMatchObject({ kind: 'blocks', from: 1, to: 12, blocks: 12, chainId: CHAIN })
    const preview = await previewBundle(dst, file)
    expect(preview).toMatchObject({ newFrom: 1, newTo: 12, newBlocks: 12, upToDate: false, exporterRole: 'unknown' })
    expect(preview.byRegistry.find((r) => r.registry === 'governance')).toMatchObject({ count: 3, words: { en: expect.any(String), ko: expect.any(String) } })
    expect(snapshot(dst).head).toBe(0)
    const r = await importBundle(dst, file)
    expect(r).toMatchObject({ applied: true, appliedBlocks: 12, headAfter: 12 })
    expect(toHex(dst.chain.head().appHash)).toBe(toHex(src.chain.head().appHash))
    expect(dst.chain.validatorsAt(13).length).toBe(5)
    const again = await importBundle(dst, file)
    expect(again).toMatchObject({ applied: false, appliedBlocks: 0, upToDate: true, headAfter: 12 })
    // the node's activity log says what the import did, once (the re-import changed nothing)
    const logged = dst.activity.list({ kinds: ['bundle'] }).entries
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatchObject({ event: 'bundle.imported', details: { from: 1, to: 12, blocks: 12 } })
    // a later bundle that overlaps: only the new blocks
    for (let i = 0; i < 3; i++) await next(src, [ping(i, 100 + i)])
    const file2 = join(tempDir(cleanup), 'b2.djb')
    await exportBlocks(src, { from: 10 }, file2, exporter)
    expect(await importBundle(dst, file2)).toMatchObject({ newFrom: 13, newTo: 15, appliedBlocks: 3, headAfter: 15 })
    expect(toHex(dst.chain.head().appHash)).toBe(toHex(src.chain.head().appHash))
  })

  it('applies a bundle longer than one apply window (blocks checked ahead a window at a time)', async () => {
    const src = await sourceChain()
    for (let i = 0; src.chain.head().height < 40; i++) await next(src, [ping(i, 1_000 + i), ping(i + 1, 2_000 + i)])
    const dst = await openNode(cleanup, fx)
    const file = join(tempDir(cleanup), 'long.djb')
    await exportBlocks(src, { from: 1 }, file, exporter)
    const applied: number[] = []
    const r = await importBundle(dst, file, { progress: (phase, done) => phase === 'apply' && applied.push(done) })
    expect(r).toMatchObject({ applied: true, appliedBlocks: 40, headAfter: 40 })
    expect(toHex(dst.chain.head().appHash)).toBe(toHex(src.chain.head().appHash))
    expect(applied).toEqual(Array.from({ length: 41 }, (_, i) => i))
  })

  it('carries pending transactions back: admitted by the normal admission, refusals reported in words', async () => {
    const src = await sourceChain()
    const dst = await openNode(cleanup, fx)
    const dir = tempDir(cleanup)
    await importBundle(dst, (await exportBlocks(src, { from: 1 }, join(dir, 'up.djb'), exporter), join(dir, 'up.djb')))
    // the air-gapped node takes two transactions; the other node meanwhile committed another use of one's nonce
    const fresh = ping(0, 7)
    await dst.submitBytes(fresh.bytes)
    const k = (nonces.get(toHex(users[2]!.publicKey)) ?? 0) + 1
    const used = checker.fromBytes(encodeTx(makeTx(users[2]!, { chainId: CHAIN, type: 'test.any.ping', payload: { n: 1 }, nonce: k, time: GENESIS_TIME })))
    const clash = checker.fromBytes(encodeTx(makeTx(users[2]!, { chainId: CHAIN, type: 'test.any.ping', payload: { n: 2 }, nonce: k, time: GENESIS_TIME })))
    await next(src, [used])
    await dst.submitBytes(clash.bytes)
    const pend = join(dir, 'pending.djb')
    const ex = await exportPending(dst, pend, exporter)
    expect(ex.header).toMatchObject({ kind: 'pending', txs: 2, blocks: 0 })
    const before = src.mempool.size
    const preview = await previewBundle(src, pend)
    expect(preview).toMatchObject({ newTxs: 2, alreadyKnown: 0 })
    expect(src.mempool.size).toBe(before)
    const r = await importBundle(src, pend)
    expect(r.admitted).toBe(1)
    expect(r.refusedCount).toBe(1)
    expect(r.refused).toEqual([{ hash: clash.hashHex, code: 'NONCE_REPLAYED', words: { ko: expect.stringMatching(/.+/), en: expect.stringMatching(/already processed/) } }])
    expect(src.mempool.has(fresh.hashHex)).toBe(true)
    // the activity log says what a bundle of pending transactions did: admitted and refused, no blocks
    const logged = src.activity.list({ kinds: ['bundle'], limit: 1 }).entries[0]!
    expect(logged).toMatchObject({ event: 'bundle.pendingImported', details: { txs: 1, refused: 1 } })
    expect(activityText(logged, 'en', makeCatalogue(REGISTRIES))).toBe('A bundle of pending transactions was imported: 1 admitted, 1 refused')
    expect(activityText(logged, 'ko', makeCatalogue(REGISTRIES))).not.toMatch(/블록/)
    // idempotent: the same file again admits nothing new
    const again = await importBundle(src, pend)
    expect(again).toMatchObject({ admitted: 0 })
    expect(again.refused.map((f) => f.code)).toEqual(['NONCE_REPLAYED'])
    // committed there, then the blocks come back: the air-gapped node's pending copy is settled
    await next(src, [...src.mempool.pending()])
    const back = join(dir, 'back.djb')
    await exportBlocks(src, { from: dst.chain.head().height + 1 }, back, exporter)
    expect(dst.chain.head().height).toBeLessThan(src.chain.head().height)
    await importBundle(dst, back)
    expect(dst.mempool.has(fresh.hashHex)).toBe(false)
    expect((await dst.getTx(fresh.hashHex)).status).toBe('committed')
  })

  it('a pending bundle of many transactions: each admitted once, copies skipped, refusals listed in file order', async () => {
    nonces.clear()
    const dst = await openNode(cleanup, fx)
    const many = Array.from({ length: 600 }, (_, i) => ping(i, i))
    const first = many[0]!.tx
    // a signature that does not verify, and a second use of a pending transaction's nonce (another payload)
    const badSig = encodeTx({ ...makeTx(users[1]!, { chainId: CHAIN, type: 'test.any.ping', payload: { n: -1 }, nonce: 9_999, time: GENESIS_TIME }), sig: new Uint8Array(64).fill(3) })
    const clash = checker.fromBytes(encodeTx(makeTx(users[0]!, { chainId: CHAIN, type: 'test.any.ping', payload: { n: -2 }, nonce: first.nonce, time: GENESIS_TIME })))
    const records = [...many.map((c) => c.bytes)]
    records.splice(10, 0, badSig)
    records.splice(300, 0, many[0]!.bytes, many[299]!.bytes)
    records.splice(500, 0, clash.bytes)
    const file = join(tempDir(cleanup), 'many.djb')
    const w = new BundleWriter(file)
    for (const r of records) await w.write(RecordKind.tx, r)
    await w.finish({ kind: 'pending', chainId: CHAIN, genesisHash: toHex(genesisHash(genesis)), from: 0, to: 0, blocks: 0, txs: records.length }, exporter)
    const seen: number[] = []
    const r = await importBundle(dst, file, { progress: (phase, done) => phase === 'apply' && seen.push(done) })
    expect(r).toMatchObject({ admitted: 600, refusedCount: 2 })
    expect(r.refused.map((x) => [x.hash, x.code])).toEqual([
      [toHex(txHash(badSig)), 'BAD_SIGNATURE'],
      [clash.hashHex, 'NONCE_PENDING'],
    ])
    expect(dst.mempool.size).toBe(600)
    expect(many.every((c) => dst.mempool.has(c.hashHex))).toBe(true)
    // progress rises to every record of the file
    expect(seen.at(-1)).toBe(records.length)
    expect([...seen].sort((a, b) => a - b)).toEqual(seen)
    // the same file again admits nothing, refuses the same two
    const again = await importBundle(dst, file)
    expect(again).toMatchObject({ admitted: 0, refusedCount: 2 })
    expect(dst.mempool.size).toBe(600)
  })

  describe('tampering: refused with its code, nothing applied', () => {
    async function setup() {
      const src = await sourceChain()
      // the activity log's clock moves a second a step, so its burst bound (20 a second) never hides a refusal here
      let t = GENESIS_TIME
      const dst = await openNode(cleanup, fx, { activity: new ActivityLog(null, () => (t += 1_000)) })
      const dir = tempDir(cleanup)
      const good = join(dir, 'good.djb')
      await exportBlocks(src, { from: 1 }, good, exporter)
      return { src, dst, dir, good }
    }

    /** Read a good bundle's records, let `edit` change them, and write a new bundle signed by `signer`. */
    async function rewrite(
      good: string,
      out: string,
      edit: (recs: Array<{ kind: number; data: Uint8Array }>, h: BundleHeader) => Array<{ kind: number; data: Uint8Array }>,
      fields: Partial<BundleHeader> = {},
      signer: Signer = mallory,
    ): Promise<string> {
      const opened = openBundle(good, verifyNode)
      const recs: Array<{ kind: number; data: Uint8Array }> = []
      for await (const r of readRecords(opened)) recs.push({ kind: r.kind, data: r.data })
      const w = new BundleWriter(out)
      for (const r of edit(recs, opened.header)) await w.write(r.kind as RecordKind, r.data)
      const h = opened.header
      await w.finish({ kind: h.kind, chainId: h.chainId, genesisHash: h.genesisHash, from: h.from, to: h.to, blocks: h.blocks, txs: h.txs, ...fields }, signer)
      return out
    }

    /** Write a raw file: the given header object (any shape), signed, and content bytes. */
    function raw(out: string, header: unknown, content: Uint8Array, signer: Signer = mallory, lengthOverride?: number): string {
      const hb = utf8(JSON.stringify(header))
      const len = new Uint8Array(4)
      new DataView(len.buffer).setUint32(0, lengthOverride ?? hb.length)
      writeFileSync(out, concatBytes(MAGIC, len, hb, signer.sign(concatBytes(SIGN_DOMAIN, hb)), content))
      return out
    }

    async function refused(dst: LedgerNode, file: string, o: { maxBytes?: number } = {}): Promise<string> {
      const before = snapshot(dst)
      const code = await codeOf(() => importBundle(dst, file, o))
      expect(await codeOf(() => previewBundle(dst, file, o))).toBe(code)
      expect(snapshot(dst)).toEqual(before)
      // refused in the node's activity log, with its code
      expect(dst.activity.list({ kinds: ['bundle'], limit: 1 }).entries[0]).toMatchObject({ event: 'bundle.refused', code })
      return code
    }

    const blockIdx = (height: number) => 1 + 2 * (height - 1)

    it('a forged commit signature, a commit by a set that is not the block\'s, a changed transaction', async () => {
      const { dst, dir, good } = await setup()
      // a precommit signature of block 5 changed: 3 of 4 still valid is more than 2/3, so change two
      const forgedSig = await rewrite(good, join(dir, 'f1.djb'), (recs) => {
        const i = blockIdx(5) + 1
        const c = commitFromCanonical(decodeCanonical(recs[i]!.data))
        for (const s of c.sigs.slice(0, 2)) s.sig = s.sig.map((b, j) => (j === 0 ? b ^ 1 : b))
        recs[i] = { kind: RecordKind.commit, data: encodeCanonical(commitToCanonical(c)) }
        return recs
      })
      expect(await refused(dst, forgedSig)).toBe('BUNDLE_FORGED_COMMIT')
      // block 9 (after the change to five validators) committed by the old four only: 40 of 50 is enough... so by three
      const weak = await rewrite(good, join(dir, 'f2.djb'), (recs) => {
        const i = blockIdx(9)
        const b = decodeBlock(recs[i]!.data)
        recs[i + 1] = { kind: RecordKind.commit, data: encodeCanonical(commitToCanonical(signCommit(CHAIN, vals.slice(0, 3), 9, blockHash(b.header)))) }
        return recs
      })
      expect(await refused(dst, weak)).toBe('BUNDLE_FORGED_COMMIT')
      // a transaction of block 4 changed (another valid transaction in its place)
      const changed = await rewrite(good, join(dir, 'f3.djb'), (recs) => {
        const i = blockIdx(4)
        const b = decodeBlock(recs[i]!.data)
        const txs = [...b.txs]
        txs[0] = ping(2, 12345).bytes
        recs[i] = { kind: RecordKind.block, data: encodeBlock({ ...b, txs }) }
        return recs
      })
      expect(await refused(dst, changed)).toBe('BUNDLE_BLOCK_ALTERED')
      // ... and its header's root made to match: the block is then not the one the validators signed
      const rehashed = await rewrite(good, join(dir, 'f4.djb'), (recs) => {
        const i = blockIdx(4)
        const b = decodeBlock(recs[i]!.data)
        const txs = [...b.txs]
        txs[0] = ping(2, 54321).bytes
        const block: Block = { ...b, txs, header: { ...b.header, txRoot: merkleRoot(txs) } }
        recs[i] = { kind: RecordKind.block, data: encodeBlock(block) }
        return recs
      })
      expect(await refused(dst, rehashed)).toBe('BUNDLE_FORGED_COMMIT')
      // mallory's own validator set, announced in the bundle and used to sign: no block before announced it
      const own = await rewrite(good, join(dir, 'f5.djb'), (recs) => {
        const i = blockIdx(1)
        const b = decodeBlock(recs[i]!.data)
        const header = { ...b.header, validatorsHash: new Uint8Array(32).fill(7) }
        recs[i] = { kind: RecordKind.block, data: encodeBlock({ ...b, header }) }
        recs[i + 1] = { kind: RecordKind.commit, data: encodeCanonical(commitToCanonical(signCommit(CHAIN, [mallory], 1, blockHash(header)))) }
        return recs
      })
      expect(await refused(dst, own)).toBe('BUNDLE_FORGED_COMMIT')
      // a block record far larger than the consortium's blocks may be: refused before it is decoded
      const huge = await rewrite(good, join(dir, 'f6.djb'), (recs) => {
        recs[blockIdx(2)] = { kind: RecordKind.block, data: new Uint8Array(genesis.params.maxBlockBytes + (2 << 20)) }
        return recs
      })
      expect(await refused(dst, huge)).toBe('BUNDLE_BLOCK_ALTERED')
    })

    it('another chain, a gap, a conflict', async () => {
      const { src, dst, dir, good } = await setup()
      const other = await openNode(cleanup, { genesis: genesisOf('daejang-other'), chainId: 'daejang-other' } as Fixture)
      expect(await refused(other, good)).toBe('BUNDLE_OTHER_CHAIN')
      const otherPending = join(dir, 'other-pending.djb')
      await exportPending(other, otherPending, exporter)
      expect(await refused(dst, otherPending)).toBe('BUNDLE_OTHER_CHAIN')
      const late = join(dir, 'late.djb')
      await exportBlocks(src, { from: 5 }, late, exporter)
      expect(await refused(dst, late)).toBe('BUNDLE_GAP')
      // a block dropped from the middle (the header re-signed to match the new counts)
      const holed = await rewrite(good, join(dir, 'hole.djb'), (recs) => [...recs.slice(0, blockIdx(6)), ...recs.slice(blockIdx(7))], { to: 11, blocks: 11 })
      expect(['BUNDLE_GAP', 'BUNDLE_BAD_HEADER']).toContain(await refused(dst, holed))
      // a node with its own block 1 (another branch)
      const fork = await openNode(cleanup, fx)
      await next(fork, [ping(0, 424242)])
      expect(await refused(fork, good)).toBe('BUNDLE_CONFLICT')
    })

    it('truncated at many offsets, a byte flipped anywhere, oversized', async () => {
      const { dst, dir, good } = await setup()
      const bytes = readFileSync(good)
      const cut = join(dir, 'cut.djb')
      const offsets = new Set([0, 1, 7, 8, 11, 12, 13, 100, bytes.length - 1, bytes.length - 5, bytes.length - 64])
      for (let i = 1; i < 24; i++) offsets.add(Math.floor((bytes.length * i) / 24))
      for (const n of offsets) {
        writeFileSync(cut, bytes.subarray(0, n))
        expect([n, await refused(dst, cut)]).toEqual([n, 'BUNDLE_TRUNCATED'])
      }
      const flip = join(dir, 'flip.djb')
      for (let i = 1; i < 16; i++) {
        const b = Buffer.from(bytes)
        const at = Math.floor((b.length * i) / 16)
        b[at] = b[at]! ^ 0x40
        writeFileSync(flip, b)
        expect(['BUNDLE_CORRUPT', 'BUNDLE_BAD_HEADER', 'BUNDLE_BAD_SIGNATURE', 'BUNDLE_TRUNCATED']).toContain(await refused(dst, flip))
      }
      expect(await refused(dst, good, { maxBytes: 1000 })).toBe('BUNDLE_TOO_LARGE')
      writeFileSync(join(dir, 'pad.djb'), concatBytes(bytes, new Uint8Array(3)))
      expect(await refused(dst, join(dir, 'pad.djb'))).toBe('BUNDLE_CORRUPT')
    })

    it('hostile headers and a header lying about counts', async () => {
      const { dst, dir, good } = await setup()
      const h = { ...openBundle(good, verifyNode).header, exporter: toHex(mallory.publicKey) }
      const content = readFileSync(good).subarray(openBundle(good, verifyNode).contentOffset)
      expect(await refused(dst, raw(join(dir, 'h1'), h, content, mallory, 0xffffffff))).toBe('BUNDLE_BAD_HEADER')
      expect(await refused(dst, raw(join(dir, 'h2'), { ...h, extra: 1 }, content))).toBe('BUNDLE_BAD_HEADER')
      expect(await refused(dst, raw(join(dir, 'h3'), { ...h, from: -1 }, content))).toBe('BUNDLE_BAD_HEADER')
      expect(await refused(dst, raw(join(dir, 'h4'), { ...h, blocks: 1e15 }, content))).toBe('BUNDLE_BAD_HEADER')
      expect(await refused(dst, raw(join(dir, 'h5'), { ...h, contentBytes: content.length + 10 }, content))).toBe('BUNDLE_TRUNCATED')
      // signed by mallory but naming the exporter
      const forged = raw(join(dir, 'h6'), { ...h, exporter: toHex(exporter.publicKey) }, content)
      expect(await refused(dst, forged)).toBe('BUNDLE_BAD_SIGNATURE')
      // re-signed with honest content and a transaction count that lies
      const lie = await rewrite(good, join(dir, 'lie.djb'), (r) => r, { txs: h.txs + 1 })
      expect(await refused(dst, lie)).toBe('BUNDLE_BAD_HEADER')
      // heights that lie: one block more named than carried
      const more = await rewrite(good, join(dir, 'more.djb'), (r) => r, { to: 13, blocks: 13 })
      expect(['BUNDLE_BAD_HEADER', 'BUNDLE_CORRUPT']).toContain(await refused(dst, more))
      // not a bundle at all
      writeFileSync(join(dir, 'junk'), utf8('hello, this is not a bundle at all'))
      expect(await refused(dst, join(dir, 'junk'))).toBe('BUNDLE_CORRUPT')
    })
  })
})
