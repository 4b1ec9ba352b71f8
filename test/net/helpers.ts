/** Shared bits of the libp2p transport tests: keys from small seeds, free loopback ports, polling. */
import { createServer } from 'node:net'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'

export const seedOf = (i: number): Uint8Array => new Uint8Array(32).fill(i + 1)
export const keyOf = (i: number): string => toHex(publicKeyFromSeed(seedOf(i)))

/** a TCP port free on 127.0.0.1 right now */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      const port = typeof a === 'object' && a ? a.port : 0
      s.close(() => resolve(port))
    })
  })
}

export async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
