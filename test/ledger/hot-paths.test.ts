/**
 * The shortcuts of the hot paths (docs/adr/0014) give the same results as the long ways: sign bytes taken from the
 * encoding, a block decoded once per byte array, checked transactions reused by hash, signatures verified once even
 * when asked for twice at the same time, blocks checked ahead of their execution, point reads sent to LevelDB
 * together. And no check is lost: a bad signature is still found, whoever looked first.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { blockIdOf, decodeBlockOnce } from '../../src/ledger/types/block-memo'
import { TxChecker } from '../../src/ledger/mempool/checker'
import { SigCache } from '../../src/ledger/mempool/sigcache'
import { type Tx, encodeTx, txHash, txSignBytes, txSignBytesOf, txToJson } from '../../src/ledger/types/tx'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import type { BatchVerifier, VerifyItem } from '../../src/ledger/crypto/verify-pool'
import { txTypeTable } from '../../src/ledger/registries'
import {
  Cleanup,
  GENESIS_TIME,
  TEST_REGISTRIES,
  codeOf,
  grantTx,
  makeFixture,
  noteTx,
  openNode,
  produceBlock,
  signerFor,
} from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'hot-paths' })
const staff = [0, 1, 2].map((i) => signerFor('hot-paths/staff-' + i))
const G = GENESIS_TIME

/** a verifier that counts what it is asked to verify */
function countingVerifier(): BatchVerifier & { items: number } {
  const v = {
    items: 0,
    verifyMany: async (items: ReadonlyArray<VerifyItem>) => {
      v.items += items.length
      await new Promise((r) => setTimeout(r, 5))
      return items.map((i) => verifyNode(i.sig, i.msg, i.pub))
    },
    close: async () => undefined,
  }
  return v
}

function forged(t: Tx): Tx {
  const sig = t.sig.slice()
  sig[0]! ^= 1
  return { ...t, sig }
}

describe('sign bytes from the encoding', () => {
  it('equal the encoded sign bytes for transactions of every shape', () => {
    const txs = [
      grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! }),
      grantTx(fx.admin, fx, { nonce: 2 ** 40, subject: staff[1]!, label: '직원 '.repeat(40), expiresAt: G + 5 }),
      noteTx(staff[0]!, fx, { nonce: 7, text: 'x'.repeat(3000) }),
    ]
    for (const t of txs) expect(toHex(txSignBytesOf(t, encodeTx(t)))).toBe(toHex(txSignBytes(t)))
  })

  it('take the long way for bytes that are not an encoded transaction', () => {
    const t = noteTx(staff[0]!, fx, { nonce: 1 })
    expect(toHex(txSignBytesOf(t, new Uint8Array([1, 2, 3])))).toBe(toHex(txSignBytes(t)))
  })
})

describe('a block decoded once per byte array', () => {
  it('hands out the same frozen block and its id, and nothing for bytes that are not a block', async () => {
    const node = await openNode(cleanup, fx)
    await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    const { prepared } = await produceBlock(node, fx)
    const copy = prepared.bytes.slice()
    const a = decodeBlockOnce(copy)
    expect(decodeBlockOnce(copy)).toBe(a)
    expect(a.hashHex).toBe(toHex(prepared.hash))
    expect(Object.isFrozen(a.block) && Object.isFrozen(a.block.header) && Object.isFrozen(a.block.txs)).toBe(true)
    // other bytes (even equal ones) are decoded for themselves
    expect(decodeBlockOnce(prepared.bytes.slice())).not.toBe(a)
    expect(blockIdOf(new Uint8Array([0x83, 1, 2, 3]))).toBeNull()
  })
})

describe('checked transactions reused by hash', () => {
  it('a block of transactions this node admitted is validated with the mempool copies', async () => {
    const a = await openNode(cleanup, fx)
    const b = await openNode(cleanup, fx)
    const txs = [0, 1, 2].map((i) => grantTx(fx.admin, fx, { nonce: i + 1, subject: staff[i]! }))
    for (const t of txs) {
      await a.submitJson(txToJson(t))
      await b.submitBytes(encodeTx(t))
    }
    const { prepared } = await a.chain.buildBlock(a.mempool.reap(10, 1 << 20), fx.validator.publicKey, G + 1000, null)
    const p = await b.chain.validateBlock(prepared.bytes)
    expect(p.txs).toHaveLength(3)
    p.txs.forEach((c) => expect(c).toBe(b.mempool.get(c.hashHex)))
    expect(toHex(p.block.header.appHash)).toBe(toHex(prepared.block.header.appHash))
  })
})

describe('signatures verified once', () => {
  it('two checks of the same transactions at the same time share one verification, and agree on a bad one', async () => {
    const verifier = countingVerifier()
    const checker = new TxChecker(fx.genesis, txTypeTable(TEST_REGISTRIES), verifyNode, new SigCache(), verifier)
    const good = checker.parseBytes(encodeTx(noteTx(staff[0]!, fx, { nonce: 1 })))
    const bad = checker.parseBytes(encodeTx(forged(noteTx(staff[0]!, fx, { nonce: 2 }))))
    const [x, y] = await Promise.all([checker.verifyAll([good, bad]), checker.verifyAll([bad, good])])
    expect(x).toEqual([1])
    expect(y).toEqual([0])
    expect(verifier.items).toBe(2)
    // a good signature is remembered; a bad one is verified again (and fails again)
    expect(await checker.verifyAll([good, bad])).toEqual([1])
    expect(verifier.items).toBe(3)
  })
})

describe('blocks checked ahead of their execution', () => {
  it('leave the validation nothing to verify again, and the same result', async () => {
    const a = await openNode(cleanup, fx)
    for (let i = 0; i < 3; i++) await a.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: i + 1, subject: staff[i]! })))
    const { prepared } = await produceBlock(a, fx)
    let verified = 0
    const b = await openNode(cleanup, fx, {
      verify: (sig, msg, pub) => {
        verified++
        return verifyNode(sig, msg, pub)
      },
    })
    b.lookahead.ahead([prepared.bytes])
    await b.lookahead.idle()
    expect(b.lookahead.size).toBe(3)
    expect(verified).toBe(3)
    prepared.txs.forEach((c) => expect(b.sigCache.has(c.hashHex)).toBe(true))
    const p = await b.chain.validateBlock(prepared.bytes)
    expect(toHex(p.hash)).toBe(toHex(prepared.hash))
    p.txs.forEach((c) => expect(c).toBe(b.lookahead.get(c.hashHex)))
    // the block's last commit is none (height 1): the only signatures are the transactions', verified ahead
    expect(verified).toBe(3)
  })

  it('a bad signature found ahead still refuses the block', async () => {
    const a = await openNode(cleanup, fx)
    const t = forged(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! }))
    // parsing does not verify: the forged transaction goes into a block built by hand
    const c = a.chain['checker'].parseBytes(encodeTx(t))
    const { prepared } = await a.chain.buildBlock([c], fx.validator.publicKey, G + 1000, null)
    const b = await openNode(cleanup, fx)
    b.lookahead.ahead([prepared.bytes])
    await b.lookahead.idle()
    expect(b.sigCache.has(toHex(txHash(encodeTx(t))))).toBe(false)
    expect(await codeOf(() => b.chain.validateBlock(prepared.bytes))).toBe('RULE_VIOLATION')
    expect(b.chain.head().height).toBe(0)
  })
})

describe('point reads together', () => {
  it('concurrent reads of present and absent keys each get their own value', async () => {
    const node = await openNode(cleanup, fx)
    const t = grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })
    await node.submitJson(txToJson(t))
    await produceBlock(node, fx)
    const other = noteTx(staff[1]!, fx, { nonce: 1 })
    const [here, absent, nonce, none] = await Promise.all([
      node.store.getTxLocation(txHash(encodeTx(t))),
      node.store.getTxLocation(txHash(encodeTx(other))),
      node.store.get(`n/${toHex(fx.admin.publicKey)}`),
      node.store.get(`n/${toHex(staff[2]!.publicKey)}`),
    ])
    expect(here).toEqual({ height: 1, index: 0 })
    expect(absent).toBeUndefined()
    expect(nonce).toBe(1)
    expect(none).toBeUndefined()
  })
})
