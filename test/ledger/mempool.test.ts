import { afterEach, describe, expect, it } from 'vitest'
import { concatBytes, fromHex, toHex } from '../../src/ledger/codec/bytes'
import type { LedgerNode } from '../../src/ledger/node/node'
import { type JsonValue, type Tx, type TxJson, TX_VERSION, encodeTx, makeTx, txHash, txToJson } from '../../src/ledger/types/tx'
import {
  Cleanup,
  GENESIS_TIME,
  codeOf,
  grantTx,
  makeFixture,
  noteTx,
  openNode,
  produceBlock,
  signerFor,
  tempDir,
} from './helpers'
import { join } from 'node:path'
import { REGISTRIES } from '../../src/ledger/registries'
import { statusTx } from './notary-helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'mempool' })
const staff = [0, 1, 2, 3, 4, 5].map((i) => signerFor('mempool/staff-' + i))

async function snapshot(node: LedgerNode): Promise<{ size: number; bytes: number; pending: string[] }> {
  return {
    size: node.mempool.size,
    bytes: node.mempool.bytes,
    pending: (await node.store.listPending()).map((p) => toHex(p.hash)).sort(),
  }
}

/** The submission fails with `code`, and the mempool (in memory and on disk) is exactly as before. */
async function expectRejected(node: LedgerNode, submit: () => Promise<unknown>, code: string): Promise<void> {
  const before = await snapshot(node)
  expect(await codeOf(submit)).toBe(code)
  expect(await snapshot(node)).toEqual(before)
}

const json = (t: Tx): TxJson => JSON.parse(JSON.stringify(txToJson(t))) as TxJson

function ping(signer = staff[5]!, nonce = 1, over: Partial<{ chainId: string; type: string; time: number }> = {}): Tx {
  return makeTx(signer, {
    chainId: over.chainId ?? fx.chainId,
    type: over.type ?? 'test.any.ping',
    payload: { n: nonce },
    nonce,
    time: over.time ?? GENESIS_TIME,
  })
}

describe('mempool admission', () => {
  it('admits a valid transaction, in JSON or bytes, and persists it', async () => {
    const node = await openNode(cleanup, fx)
    const a = await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    const b = await node.submitBytes(encodeTx(grantTx(fx.admin, fx, { nonce: 2, subject: staff[1]! })))
    expect(node.mempool.size).toBe(2)
    expect(node.mempool.has(a.hashHex)).toBe(true)
    expect(node.mempool.get(b.hashHex)?.tx.nonce).toBe(2)
    expect(node.mempool.bytes).toBe(a.bytes.length + b.bytes.length)
    expect(a.hashHex).toBe(toHex(txHash(a.bytes)))
    expect((await snapshot(node)).pending).toEqual([a.hashHex, b.hashHex].sort())
    expect((await node.getTx(a.hashHex)).status).toBe('pending')
  })

  it('TX_TOO_LARGE: larger than the consortium allows (JSON and bytes)', async () => {
    const node = await openNode(cleanup, fx)
    const big = makeTx(fx.admin, {
      chainId: fx.chainId,
      type: 'identity.role.grant',
      payload: { agency: 'x'.repeat(fx.genesis.params.maxTxBytes) },
      nonce: 1,
      time: GENESIS_TIME,
    })
    await expectRejected(node, () => node.submitJson(json(big)), 'TX_TOO_LARGE')
    await expectRejected(node, () => node.submitBytes(encodeTx(big)), 'TX_TOO_LARGE')
    // oversized bytes are refused before anyone tries to decode them
    await expectRejected(node, () => node.submitBytes(new Uint8Array(fx.genesis.params.maxTxBytes + 1)), 'TX_TOO_LARGE')
  })

  it('WRONG_CHAIN: signed for another chain', async () => {
    const node = await openNode(cleanup, fx)
    const t = grantTx(fx.admin, { ...fx, chainId: 'daejang-elsewhere' }, { nonce: 1, subject: staff[0]! })
    await expectRejected(node, () => node.submitJson(json(t)), 'WRONG_CHAIN')
    await expectRejected(node, () => node.submitBytes(encodeTx(t)), 'WRONG_CHAIN')
  })

  it('BAD_SIGNATURE: a flipped signature bit, a field changed after signing, a wrong signer key', async () => {
    const node = await openNode(cleanup, fx)
    const t = grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })
    const sig = new Uint8Array(t.sig)
    sig[5] = sig[5]! ^ 1
    await expectRejected(node, () => node.submitJson(json({ ...t, sig })), 'BAD_SIGNATURE')
    await expectRejected(node, () => node.submitBytes(encodeTx({ ...t, sig })), 'BAD_SIGNATURE')
    await expectRejected(node, () => node.submitJson(json({ ...t, nonce: 2 })), 'BAD_SIGNATURE')
    await expectRejected(node, () => node.submitJson(json({ ...t, signer: staff[0]!.publicKey })), 'BAD_SIGNATURE')
  })

  it.each([0, 1])('BAD_SIGNATURE: a forged signature for a small-order key (verifyThreads %i)', async (verifyThreads) => {
    const node = await openNode(cleanup, fx, { verifyThreads })
    // With A = R = the identity point and S = 0, the cofactorless check [S]B = R + [k]A holds for any message.
    const identity = fromHex('01' + '00'.repeat(31))
    const forged: Tx = {
      v: TX_VERSION,
      chainId: fx.chainId,
      type: 'test.any.ping',
      payload: { n: 1 },
      signer: identity,
      nonce: 1,
      time: GENESIS_TIME,
      sig: concatBytes(identity, new Uint8Array(32)),
    }
    await expectRejected(node, () => node.submitJson(json(forged)), 'BAD_SIGNATURE')
    await expectRejected(node, () => node.submitBytes(encodeTx(forged)), 'BAD_SIGNATURE')
  })

  it('UNKNOWN_TYPE: a type no registry declares', async () => {
    const node = await openNode(cleanup, fx)
    const t = makeTx(fx.admin, {
      chainId: fx.chainId,
      type: 'identity.role.frobnicate',
      payload: {},
      nonce: 1,
      time: GENESIS_TIME,
    })
    await expectRejected(node, () => node.submitJson(json(t)), 'UNKNOWN_TYPE')
    await expectRejected(node, () => node.submitBytes(encodeTx(t)), 'UNKNOWN_TYPE')
  })

  it('BAD_PAYLOAD: a payload that does not match its type', async () => {
    const node = await openNode(cleanup, fx)
    const subject = toHex(staff[0]!.publicKey)
    const payloads: JsonValue[] = [
      { agency: fx.agencyA, subject, role: 'wizard', expiresAt: null },
      { agency: fx.agencyA, subject, role: 'notary' },
      { agency: fx.agencyA, subject: subject.toUpperCase(), role: 'notary', expiresAt: null },
      { agency: fx.agencyA, subject, role: 'notary', expiresAt: null, extra: 1 },
      { agency: fx.agencyA, subject, role: 'notary', expiresAt: -5 },
      'grant',
      null,
    ]
    for (const [i, payload] of payloads.entries()) {
      const t = makeTx(fx.admin, { chainId: fx.chainId, type: 'identity.role.grant', payload, nonce: i + 1, time: GENESIS_TIME })
      await expectRejected(node, () => node.submitJson(json(t)), 'BAD_PAYLOAD')
      await expectRejected(node, () => node.submitBytes(encodeTx(t)), 'BAD_PAYLOAD')
    }
    // JSON that parses to negative zero has no canonical encoding: refused as malformed JSON form
    const t = json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! }))
    await expectRejected(node, () => node.submitJson({ ...t, payload: { ...(t.payload as object), expiresAt: -0 } }), 'SCHEMA_INVALID')
  })

  it('SCHEMA_INVALID: JSON that is not a transaction', async () => {
    const node = await openNode(cleanup, fx)
    const t = json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! }))
    await expectRejected(node, () => node.submitJson({ ...t, nonce: 0 }), 'SCHEMA_INVALID')
    await expectRejected(node, () => node.submitJson({ ...t, extra: true }), 'SCHEMA_INVALID')
    await expectRejected(node, () => node.submitJson('tx'), 'SCHEMA_INVALID')
    await expectRejected(node, () => node.submitBytes(new Uint8Array([0x80])), 'NON_CANONICAL')
  })

  it('UNAUTHORIZED_ROLE: a key with no administrator or role rights', async () => {
    const node = await openNode(cleanup, fx)
    const stranger = signerFor('mempool/stranger')
    await expectRejected(
      node,
      () => node.submitJson(json(grantTx(stranger, fx, { nonce: 1, subject: stranger }))),
      'UNAUTHORIZED_ROLE',
    )
    await expectRejected(node, () => node.submitBytes(encodeTx(noteTx(stranger, fx, { nonce: 1 }))), 'UNAUTHORIZED_ROLE')
    // the same note is admitted once the key holds the role
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: stranger })))
    await produceBlock(node, fx)
    await node.submitBytes(encodeTx(noteTx(stranger, fx, { nonce: 1 })))
    expect(node.mempool.size).toBe(1)
  })

  it('every type open to anyone has an admission check (a stranger cannot fill the mempool)', () => {
    const open = REGISTRIES.flatMap((r) => Object.entries(r.txTypes)).filter(([, d]) => d.permission === 'anyone')
    expect(open.map(([t]) => t)).toEqual(expect.arrayContaining(['notary.status', 'consensus.evidence.submit']))
    for (const [type, def] of open) expect(def.admit, type).toBeTypeOf('function')
  })

  it('UNAUTHORIZED_ROLE: a status change from a key that is neither notary nor administrator, never pending', async () => {
    const node = await openNode(cleanup, fx)
    const stranger = signerFor('mempool/stranger')
    const revoke = (s: typeof stranger, nonce: number) =>
      json(statusTx(s, fx, { nonce, number: 'AGENCY-A-2026-000001', action: 'revoke' }))
    await expectRejected(node, () => node.submitJson(revoke(stranger, 1)), 'UNAUTHORIZED_ROLE')
    // an administrator and, once granted the role, a notary get past admission (the rule then judges the record)
    await node.submitJson(revoke(fx.admin, 1))
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 2, subject: stranger, role: 'notary' })))
    await produceBlock(node, fx)
    await node.submitJson(revoke(stranger, 2))
    expect(node.mempool.size).toBe(1)
  })

  it('DUPLICATE_TX: already pending, or already committed', async () => {
    const node = await openNode(cleanup, fx)
    const t = grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })
    await node.submitJson(json(t))
    await expectRejected(node, () => node.submitJson(json(t)), 'DUPLICATE_TX')
    await expectRejected(node, () => node.submitBytes(encodeTx(t)), 'DUPLICATE_TX')
    const { prepared } = await produceBlock(node, fx)
    expect(prepared.txs).toHaveLength(1)
    expect(node.mempool.size).toBe(0)
    await expectRejected(node, () => node.submitBytes(encodeTx(t)), 'DUPLICATE_TX')
  })

  it('NONCE_PENDING: another pending transaction of the signer uses the nonce', async () => {
    const node = await openNode(cleanup, fx)
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    await expectRejected(node, () => node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[1]! }))), 'NONCE_PENDING')
    // another signer may use the same nonce
    await node.submitJson(json(ping(staff[4]!, 1)))
    expect(node.mempool.size).toBe(2)
  })

  it('NONCE_REPLAYED: a nonce at or below the last committed one', async () => {
    const node = await openNode(cleanup, fx)
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 2, subject: staff[1]! })))
    await produceBlock(node, fx)
    await expectRejected(node, () => node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[2]! }))), 'NONCE_REPLAYED')
    await expectRejected(node, () => node.submitJson(json(grantTx(fx.admin, fx, { nonce: 2, subject: staff[2]! }))), 'NONCE_REPLAYED')
    // gaps are allowed: the nonce only has to grow
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 10, subject: staff[2]! })))
    expect(node.mempool.size).toBe(1)
  })

  it('TX_FROM_FUTURE: dated further ahead of the node clock than maxFutureMs', async () => {
    const now = GENESIS_TIME + 3_600_000
    const node = await openNode(cleanup, fx, { now: () => now })
    const max = fx.genesis.params.maxFutureMs
    await expectRejected(
      node,
      () => node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]!, time: now + max + 1 }))),
      'TX_FROM_FUTURE',
    )
    // exactly at the bound is fine
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]!, time: now + max })))
    expect(node.mempool.size).toBe(1)
  })

  it('MEMPOOL_FULL: at most maxTxs transactions', async () => {
    const node = await openNode(cleanup, fx, { mempoolLimits: { maxTxs: 2, maxBytes: 1 << 20, maxPerSigner: 100 } })
    await node.submitJson(json(ping(staff[0]!, 1)))
    await node.submitJson(json(ping(staff[1]!, 1)))
    await expectRejected(node, () => node.submitJson(json(ping(staff[2]!, 1))), 'MEMPOOL_FULL')
    // refused before any signature work: a full node spends no CPU on what it turns away
    await expectRejected(node, () => node.submitJson({ ...json(ping(staff[3]!, 1)), sig: 'ab'.repeat(64) }), 'MEMPOOL_FULL')
    // room again once one leaves
    await produceBlock(node, fx, { candidates: [node.mempool.reap(1, 1 << 20)[0]!] })
    await node.submitJson(json(ping(staff[2]!, 1)))
    expect(node.mempool.size).toBe(2)
  })

  it('MEMPOOL_FULL: at most maxPerSigner transactions per signer', async () => {
    const node = await openNode(cleanup, fx, { mempoolLimits: { maxTxs: 100, maxBytes: 1 << 20, maxPerSigner: 2 } })
    await node.submitJson(json(ping(staff[0]!, 1)))
    await node.submitJson(json(ping(staff[0]!, 2)))
    await expectRejected(node, () => node.submitJson(json(ping(staff[0]!, 3))), 'MEMPOOL_FULL')
    await node.submitJson(json(ping(staff[1]!, 1)))
    expect(node.mempool.size).toBe(3)
  })

  it('MEMPOOL_FULL: at most maxBytes in total', async () => {
    const size = encodeTx(ping(staff[0]!, 1)).length
    const node = await openNode(cleanup, fx, { mempoolLimits: { maxTxs: 100, maxBytes: size * 2 + 1, maxPerSigner: 100 } })
    await node.submitJson(json(ping(staff[0]!, 1)))
    await node.submitJson(json(ping(staff[1]!, 1)))
    await expectRejected(node, () => node.submitJson(json(ping(staff[2]!, 1))), 'MEMPOOL_FULL')
  })

  it('a stopping node refuses submissions (NODE_STOPPING)', async () => {
    const node = await openNode(cleanup, fx)
    await node.close()
    expect(await codeOf(() => node.submitJson(json(ping())))).toBe('NODE_STOPPING')
  })
})

describe('mempool: reap', () => {
  it("keeps arrival order but puts each signer's transactions in nonce order", async () => {
    const node = await openNode(cleanup, fx)
    const [x, y] = [staff[0]!, staff[1]!]
    const order: Array<[typeof x, number]> = [
      [x, 3],
      [y, 2],
      [x, 1],
      [y, 1],
      [x, 2],
      [staff[2]!, 1],
    ]
    for (const [s, n] of order) await node.submitJson(json(ping(s, n)))
    const reaped = node.mempool.reap(100, 1 << 20).map((c) => [toHex(c.tx.signer).slice(0, 8), c.tx.nonce])
    const X = toHex(x.publicKey).slice(0, 8)
    const Y = toHex(y.publicKey).slice(0, 8)
    const Z = toHex(staff[2]!.publicKey).slice(0, 8)
    expect(reaped).toEqual([
      [X, 1],
      [Y, 1],
      [X, 2],
      [Y, 2],
      [X, 3],
      [Z, 1],
    ])
    // and so the whole set executes: no transaction is rejected for its nonce
    const { prepared, rejected } = await produceBlock(node, fx)
    expect(rejected).toEqual([])
    expect(prepared.txs).toHaveLength(6)
  })

  it('respects maxTxs and maxBytes', async () => {
    const node = await openNode(cleanup, fx)
    for (let i = 0; i < 5; i++) await node.submitJson(json(ping(staff[i]!, 1)))
    expect(node.mempool.reap(3, 1 << 20)).toHaveLength(3)
    const one = node.mempool.reap(1, 1 << 20)[0]!.bytes.length
    expect(node.mempool.reap(100, one * 2)).toHaveLength(2)
    expect(node.mempool.reap(100, one - 1)).toHaveLength(0)
  })
})

describe('mempool: persistence', () => {
  it('pending transactions survive close and reopen, and then commit', async () => {
    const dataDir = join(tempDir(cleanup), 'data')
    const node = await openNode(cleanup, fx, { dataDir })
    const hashes: string[] = []
    for (let i = 0; i < 3; i++) hashes.push((await node.submitJson(json(grantTx(fx.admin, fx, { nonce: i + 1, subject: staff[i]! })))).hashHex)
    await node.close()

    const again = await openNode(cleanup, fx, { dataDir })
    expect(again.mempool.size).toBe(3)
    for (const h of hashes) expect(again.mempool.has(h)).toBe(true)
    const { prepared } = await produceBlock(again, fx)
    expect(prepared.txs.map((c) => c.hashHex).sort()).toEqual([...hashes].sort())
    // the block's batch removed them from the persisted mempool
    expect(await again.store.listPending()).toEqual([])
  })

  it('restore() drops persisted transactions that are no longer valid', async () => {
    const dataDir = join(tempDir(cleanup), 'data')
    const node = await openNode(cleanup, fx, { dataDir })
    await node.submitJson(json(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    await produceBlock(node, fx)
    // written behind the mempool's back: a replayed nonce, a bad signature, garbage, and one valid transaction
    const replay = grantTx(fx.admin, fx, { nonce: 1, subject: staff[1]! })
    const good = grantTx(fx.admin, fx, { nonce: 2, subject: staff[2]! })
    const badSig = { ...grantTx(fx.admin, fx, { nonce: 3, subject: staff[3]! }), sig: new Uint8Array(64) }
    const garbage = new Uint8Array([1, 2, 3])
    await node.store.putPending(
      [encodeTx(replay), encodeTx(good), encodeTx(badSig), garbage].map((bytes) => ({ hash: txHash(bytes), bytes })),
    )
    await node.close()

    const again = await openNode(cleanup, fx, { dataDir })
    expect(again.mempool.size).toBe(1)
    expect(again.mempool.has(toHex(txHash(encodeTx(good))))).toBe(true)
    expect((await again.store.listPending()).map((p) => toHex(p.hash))).toEqual([toHex(txHash(encodeTx(good)))])
  })
})
