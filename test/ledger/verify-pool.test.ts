/**
 * VerifyPool when a chunk cannot be sent: no id stays in flight when a worker refuses a message, and chunks already
 * sent when a later one cannot be built never reject unhandled (which would end the node's process).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { VerifyPool, type VerifyItem } from '../../src/ledger/crypto/verify-pool'

interface Internals {
  workers: Array<{ postMessage: (...a: unknown[]) => void }>
  inflight: Map<number, unknown>
  owned: Map<unknown, Set<number>>
}
const internals = (p: VerifyPool): Internals => p as unknown as Internals

const signer = nodeSigner(new Uint8Array(32).fill(7))
const item = (i: number): VerifyItem => {
  const msg = new TextEncoder().encode(`message ${i}`)
  return { pub: signer.publicKey, msg, sig: signer.sign(msg) }
}

const unhandled: unknown[] = []
const onUnhandled = (e: unknown): void => {
  unhandled.push(e)
}
process.on('unhandledRejection', onUnhandled)
afterEach(() => {
  unhandled.length = 0
})

describe('verify pool when a chunk cannot be sent', () => {
  it('verifies as usual', async () => {
    const pool = new VerifyPool(2)
    const items = Array.from({ length: 40 }, (_, i) => item(i))
    items[5] = { ...items[5]!, sig: items[6]!.sig }
    const ok = await pool.verifyMany(items)
    expect(ok.filter((x) => !x)).toHaveLength(1)
    expect(ok[5]).toBe(false)
    await pool.close()
  })

  it('a message a worker refuses leaves nothing in flight', async () => {
    const pool = new VerifyPool(1)
    internals(pool).workers[0]!.postMessage = () => {
      throw new Error('refused')
    }
    await expect(pool.verifyMany([item(1), item(2)])).rejects.toThrow('refused')
    expect(internals(pool).inflight.size).toBe(0)
    for (const ids of internals(pool).owned.values()) expect(ids.size).toBe(0)
    await pool.close()
  })

  it('chunks already sent when a later one cannot be built do not reject unhandled', async () => {
    const pool = new VerifyPool(2)
    // the first worker never answers: its chunk stays in flight until the pool closes
    internals(pool).workers[0]!.postMessage = () => undefined
    const items = Array.from({ length: 40 }, (_, i) => item(i))
    // the second chunk (items 20..39) cannot be built
    Object.defineProperty(items[39]!, 'msg', {
      get() {
        throw new Error('cannot build')
      },
    })
    await expect(pool.verifyMany(items)).rejects.toThrow('cannot build')
    await pool.close()
    // unhandled rejections are reported once the microtasks have run: one turn of the event loop
    await new Promise((r) => setImmediate(r))
    expect(unhandled).toEqual([])
  })
})
