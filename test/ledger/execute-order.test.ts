/**
 * executeTx's checks, inlined for speed (docs/adr/0034), keep the former order and errors: the nonce first
 * (NONCE_REPLAYED), then the time bound (TX_FROM_FUTURE), then the signer's standing (UNAUTHORIZED_ROLE); a refused
 * transaction writes nothing; an accepted one marks its nonce used and raises the signer's last nonce only upward.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { executeTx } from '../../src/ledger/state/execute'
import { Overlay } from '../../src/ledger/state/view'
import { nonceKey, usedNonceKey } from '../../src/ledger/registries/identity/state-keys'
import { Cleanup, GENESIS_TIME, checked, codeOf, grantTx, makeChecker, makeFixture, noteTx, openNode, signerFor } from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'execute-order' })
const checker = makeChecker(fx.genesis)
const stranger = signerFor('execute-order/stranger')
const strangerHex = toHex(stranger.publicKey)
const adminHex = toHex(fx.admin.publicKey)
const T = GENESIS_TIME + 1000
const future = T + fx.genesis.params.maxFutureMs + 1

describe('executeTx: the order of its checks', () => {
  it('refuses a replayed nonce before a future date and a missing role, a future date before a missing role; writes nothing', async () => {
    const node = await openNode(cleanup, fx)
    const block = new Overlay(node.store)
    block.put(usedNonceKey(strangerHex, 7), 3)
    const before = [...block.writes]
    const run = (nonce: number, time: number) => codeOf(() => executeTx(fx.genesis, block, checked(checker, noteTx(stranger, fx, { nonce, time })), { height: 5, time: T }, 0))
    expect(await run(7, future)).toBe('NONCE_REPLAYED')
    expect(await run(8, future)).toBe('TX_FROM_FUTURE')
    expect(await run(8, T)).toBe('UNAUTHORIZED_ROLE')
    expect([...block.writes]).toEqual(before)
  })

  it('marks the nonce used and raises the last nonce only upward', async () => {
    const node = await openNode(cleanup, fx)
    const block = new Overlay(node.store)
    const grant = (nonce: number) => checked(checker, grantTx(fx.admin, fx, { nonce, subject: signerFor('execute-order/s' + nonce), time: T }))
    await executeTx(fx.genesis, block, grant(5), { height: 5, time: T }, 0)
    expect(await block.get(nonceKey(adminHex))).toBe(5)
    expect(await block.get(usedNonceKey(adminHex, 5))).toBe(5)
    await executeTx(fx.genesis, block, grant(3), { height: 5, time: T }, 1)
    expect(await block.get(nonceKey(adminHex))).toBe(5)
    expect(await block.get(usedNonceKey(adminHex, 3))).toBe(5)
    expect(await codeOf(() => executeTx(fx.genesis, block, grant(3), { height: 5, time: T }, 2))).toBe('NONCE_REPLAYED')
    await executeTx(fx.genesis, block, grant(9), { height: 5, time: T }, 2)
    expect(await block.get(nonceKey(adminHex))).toBe(9)
  })
})
