/**
 * A peer that claims heights it does not have (unsigned messages far ahead) and never answers block sync must not
 * stop the validators it talks to: fetching blocks from a peer does not hold up the chain work of consensus.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { encodeInput } from '../../src/ledger/consensus/messages'
import { LocalNetwork } from '../../src/ledger/net/transport'
import { LedgerNode } from '../../src/ledger/node/node'
import { TIMEOUTS, fourValidators } from './consortium-fixture'

const dir = mkdtempSync(join(tmpdir(), 'daejang-sync-stall-'))
const { validators, genesis } = fourValidators('sync-stall-test')
const net = new LocalNetwork()
const nodes: LedgerNode[] = []
const closers: Array<() => void> = []
let spam: NodeJS.Timeout | null = null

afterAll(async () => {
  if (spam) clearInterval(spam)
  for (const n of nodes) await n.close()
  for (const c of closers) c()
  rmSync(dir, { recursive: true, force: true })
})

const height = (n: LedgerNode): number => n.chain.head().height

async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what} (heights ${nodes.map(height).join(',')})`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('block sync and a peer that never answers', () => {
  it('keeps consensus going while a sync request to that peer hangs', { timeout: 60_000 }, async () => {
    for (let i = 0; i < 4; i++) {
      const transport = net.join(toHex(validators[i]!.publicKey))
      closers.push(() => transport.close())
      const n = await LedgerNode.open({
        dataDir: join(dir, `node${i}`),
        genesis,
        validatorSigner: validators[i]!,
        heartbeatMs: 100,
        verifyThreads: 0,
        transport,
        bft: { timeouts: TIMEOUTS },
      })
      n.start()
      nodes.push(n)
    }
    await until('height 2 everywhere', () => nodes.every((n) => height(n) >= 2))
    // an admitted peer (a workstation, say) that asks to be synced from and then never answers
    const mallory = net.join('ee'.repeat(32))
    closers.push(() => mallory.close())
    mallory.onRequest(() => new Promise<Uint8Array>(() => undefined))
    const bogus = encodeInput({
      kind: 'vote',
      vote: { type: 1, height: 1_000, round: 0, blockHash: new Uint8Array(32), validator: new Uint8Array(32).fill(7), sig: new Uint8Array(64) },
    })
    spam = setInterval(() => mallory.broadcast('consensus', bogus), 20)
    const h0 = Math.max(...nodes.map(height))
    await until('the chain goes on', () => nodes.every((n) => height(n) >= h0 + 3))
    expect(Math.min(...nodes.map(height))).toBeGreaterThanOrEqual(h0 + 3)
  })
})
