/**
 * A flood of state proofs and "as of" reads does not stop the node from committing blocks (docs/adr/0043): proofs
 * and reads are served in batches, each after the node's thread has run its timers and I/O, so clients that ask
 * again the moment they are answered cannot hold the thread. Every proof answered during the flood verifies.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { txToJson } from '../../src/ledger/types/tx'
import { Cleanup, grantTx, makeFixture, openNode, signerFor } from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'proof-flood' })
const staff = Array.from({ length: 6 }, (_, i) => signerFor('proof-flood/staff-' + i))
/** generous: only ever reached if the node is starved; no test asserts how long anything takes */
const WAIT = 30_000

describe('a flood of proof requests', () => {
  it('does not stop blocks from committing', async () => {
    const node = await openNode(cleanup, fx, { validatorSigner: fx.validator, heartbeatMs: 100, batchDelayMs: 5, verifyThreads: 1 })
    node.start()
    const first = await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })))
    expect((await node.waitForTx(first.hashHex, WAIT)).status).toBe('committed')

    // clients asking again the moment they are answered: with reads answered without a turn of the event loop,
    // this loop alone would hold the thread and no block would ever commit
    let stop = false
    let answered = 0
    const failures: string[] = []
    const keys = ['genesis', 'test/none', 'id/roles/x']
    const trust = node.trustList()
    const flood = Array.from({ length: 32 }, async (_, w) => {
      for (let i = 0; !stop; i++) {
        try {
          const k = keys[(w + i) % keys.length]!
          if (i % 2 === 0) {
            const c = await node.proveState(k)
            if (i % 10 === 0 && !verifyCertifiedState(c, trust).ok) failures.push('a proof does not verify')
          } else await node.stateAsOf(k)
          answered++
        } catch (e) {
          failures.push((e as { code?: string }).code ?? String(e))
        }
      }
    })

    const heightAtStart = node.chain.head().height
    const answeredAtStart = answered
    for (let i = 1; i < staff.length; i++) {
      const c = await node.submitJson(txToJson(grantTx(fx.admin, fx, { nonce: i + 1, subject: staff[i]! })))
      expect((await node.waitForTx(c.hashHex, WAIT)).status).toBe('committed')
    }
    // blocks committed while the flood was being answered
    expect(node.chain.head().height).toBeGreaterThan(heightAtStart)
    expect(answered).toBeGreaterThan(answeredAtStart)
    stop = true
    await Promise.all(flood)
    expect(failures).toEqual([])
  })
})
