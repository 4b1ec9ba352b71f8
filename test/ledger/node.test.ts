import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { decodeProof, encodeProof, proofFromJson, proofToJson, verifyProof } from '../../src/ledger/proofs/proof'
import { txToJson } from '../../src/ledger/types/tx'
import type { NodeEvent } from '../../src/ledger/node/events'
import { Cleanup, codeOf, grantTx, makeFixture, openNode, signerFor, tempDir } from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'node' })
const staff = [0, 1, 2, 3, 4].map((i) => signerFor('node/staff-' + i))
/** generous: only ever reached if the node is broken; no test asserts how long anything takes */
const WAIT = 20_000

async function runningNode(dataDir?: string) {
  const node = await openNode(cleanup, fx, {
    validatorSigner: fx.validator,
    heartbeatMs: 100,
    batchDelayMs: 5,
    verifyThreads: 1,
    ...(dataDir ? { dataDir } : {}),
  })
  node.start()
  return node
}

describe('LedgerNode with its solo producer', () => {
  it('commits submitted transactions, emits events, serves them and their proofs', async () => {
    const node = await runningNode()
    const events: NodeEvent[] = []
    node.onEvent((e) => events.push(e))
    expect(node.status()).toMatchObject({ chainId: fx.chainId, validator: true, nodeKey: toHex(fx.validator.publicKey) })

    const submitted = await Promise.all(
      staff.map((s, i) => node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: i + 1, subject: s })))),
    )
    const results = await Promise.all(submitted.map((c) => node.waitForTx(c.hashHex, WAIT)))
    for (const r of results) expect(r.status).toBe('committed')
    expect(node.mempool.size).toBe(0)
    expect(await node.store.listPending()).toEqual([])

    for (const [i, c] of submitted.entries()) {
      const got = await node.getTx(c.hashHex)
      expect(got).toMatchObject({ status: 'committed', tx: { nonce: i + 1 } })
      const { block } = await node.getBlock(got.height!)
      expect(toHex(block.txs[got.index!]!)).toBe(toHex(c.bytes))
      expect(got.blockTime).toBe(block.header.time)

      const proof = await node.getProof(c.hashHex)
      const v = verifyProof(proof, node.trustList())
      expect(v.valid).toBe(true)
      expect(v.txHash).toBe(c.hashHex)
      expect(verifyProof(decodeProof(encodeProof(proof)), node.trustList()).valid).toBe(true)
      expect(verifyProof(proofFromJson(JSON.parse(JSON.stringify(proofToJson(proof)))), node.trustList()).valid).toBe(true)
    }

    const committed = events.filter((e) => e.type === 'tx.committed').map((e) => (e as { hash: string }).hash)
    expect(committed.sort()).toEqual(submitted.map((c) => c.hashHex).sort())
    const blocks = events.filter((e): e is Extract<NodeEvent, { type: 'block' }> => e.type === 'block')
    expect(blocks.length).toBeGreaterThan(0)
    // heights are consecutive and each block's time is after its predecessor's
    for (let i = 1; i < blocks.length; i++) {
      expect(blocks[i]!.height).toBe(blocks[i - 1]!.height + 1)
      expect(blocks[i]!.time).toBeGreaterThan(blocks[i - 1]!.time)
    }
    expect((await node.txHashesBySigner(toHex(fx.admin.publicKey), 50)).sort()).toEqual(
      submitted.map((c) => c.hashHex).sort(),
    )
  })

  it('reports a transaction that fails at execution as rejected, with its code', async () => {
    const node = await runningNode()
    const events: NodeEvent[] = []
    node.onEvent((e) => events.push(e))
    // admitted (the signer is an administrator) but the agency does not exist
    const bad = await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]!, agency: 'agency-z' })))
    const good = await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 2, subject: staff[0]! })))
    const r = await node.waitForTx(bad.hashHex, WAIT)
    expect(r.status).toBe('rejected')
    expect(r.rejection?.code).toBe('RULE_VIOLATION')
    expect((await node.waitForTx(good.hashHex, WAIT)).status).toBe('committed')
    expect(events).toContainEqual(expect.objectContaining({ type: 'tx.rejected', hash: bad.hashHex, code: 'RULE_VIOLATION' }))
    expect(node.mempool.has(bad.hashHex)).toBe(false)
    expect((await node.store.listPending()).map((p) => toHex(p.hash))).not.toContain(bad.hashHex)
    expect(await codeOf(() => node.getProof(bad.hashHex))).toBe('NOT_FOUND')
  })

  it('keeps its chain across a restart and goes on from it', async () => {
    const dataDir = join(tempDir(cleanup), 'data')
    const node = await runningNode(dataDir)
    const c = await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 1, subject: staff[1]! })))
    expect((await node.waitForTx(c.hashHex, WAIT)).status).toBe('committed')
    const height = node.chain.head().height
    await node.close()

    const again = await runningNode(dataDir)
    expect(again.chain.head().height).toBeGreaterThanOrEqual(height)
    expect((await again.getTx(c.hashHex)).status).toBe('committed')
    expect(verifyProof(await again.getProof(c.hashHex), again.trustList()).valid).toBe(true)
    // the nonce is remembered across the restart
    await expect(again.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 1, subject: staff[2]! })))).rejects.toMatchObject({
      code: 'NONCE_REPLAYED',
    })
    const d = await again.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 2, subject: staff[2]! })))
    expect((await again.waitForTx(d.hashHex, WAIT)).status).toBe('committed')
  })

  it('does not produce blocks without a validator key, or with a key outside the validator set', async () => {
    const passive = await openNode(cleanup, fx)
    passive.start()
    expect(passive.status().validator).toBe(false)
    const outsider = await openNode(cleanup, fx, { validatorSigner: signerFor('node/outsider'), heartbeatMs: 50 })
    outsider.start()
    expect(outsider.status().validator).toBe(false)
    const c = await outsider.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    // still pending after a wait many heartbeats long: nobody produces
    expect((await outsider.waitForTx(c.hashHex, 500)).status).toBe('pending')
    expect(outsider.chain.head().height).toBe(0)
  })

  it('answers lookups of unknown things with stable codes', async () => {
    const node = await openNode(cleanup, fx)
    expect(await codeOf(() => node.getBlock(0))).toBe('UNKNOWN_HEIGHT')
    expect(await codeOf(() => node.getBlock(1))).toBe('UNKNOWN_HEIGHT')
    expect(await codeOf(() => node.getBlock(-1))).toBe('UNKNOWN_HEIGHT')
    expect(await codeOf(() => node.getTx('xyz'))).toBe('SCHEMA_INVALID')
    expect(await codeOf(() => node.getTx('AB'.repeat(32)))).toBe('SCHEMA_INVALID')
    expect(await codeOf(() => node.getTx('ab'.repeat(32)))).toBe('NOT_FOUND')
    expect(await codeOf(() => node.getProof('ab'.repeat(32)))).toBe('NOT_FOUND')
    const c = await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    expect(await codeOf(() => node.getProof(c.hashHex))).toBe('NOT_FOUND')
    expect((await node.getTx(c.hashHex)).status).toBe('pending')
  })
})
