/**
 * A peer that claims heights it does not have (unsigned messages far ahead) and never answers block sync must not
 * stop the validators it talks to: fetching blocks from a peer does not hold up the chain work of consensus.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { encodeInput, proposalSignBytes } from '../../src/ledger/consensus/messages'
import { blockIdOf } from '../../src/ledger/types/block-memo'
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

describe('a node that fell behind', () => {
  it('catches up from the validators while the hostile peer keeps claiming later heights', { timeout: 60_000 }, async () => {
    // node 3 stops; the others go on; it comes back (same data) while the peer of the first test still spams
    const i = 3
    await nodes[i]!.close()
    closers[i]!()
    const h0 = Math.max(...nodes.slice(0, 3).map(height))
    await until('three validators go on', () => nodes.slice(0, 3).every((n) => height(n) >= h0 + 3))
    const transport = net.join(toHex(validators[i]!.publicKey))
    closers[i] = () => transport.close()
    nodes[i] = await LedgerNode.open({
      dataDir: join(dir, `node${i}`),
      genesis,
      validatorSigner: validators[i]!,
      heartbeatMs: 100,
      verifyThreads: 0,
      transport,
      bft: { timeouts: TIMEOUTS },
    })
    nodes[i]!.start()
    const top = Math.max(...nodes.slice(0, 3).map(height))
    await until('the returning node catches up', () => height(nodes[i]!) >= top)
    expect(height(nodes[i]!)).toBeGreaterThanOrEqual(top)
  })
})

describe('proposals for later heights', () => {
  it('are held only when signed by their proposer, and each once', { timeout: 60_000 }, async () => {
    const n = nodes[0]!
    type Held = { kind: string; proposal?: { sig: Uint8Array } }
    // only what this test sent counts: a real validator's proposal for a later height may be held meanwhile (a loaded
    // machine, a node a height behind)
    const held = (sig: Uint8Array): Held[] =>
      (n as unknown as { bft: { future: Held[] } }).bft.future.filter((f) => f.kind === 'proposal' && toHex(f.proposal!.sig) === toHex(sig))
    const mallory = net.join('dd'.repeat(32))
    closers.push(() => mallory.close())
    const next = n.chain.head().height + 1
    // unsigned proposals two heights ahead, where the validator set is not settled yet: nothing to check them with
    for (let k = 0; k < 100; k++) {
      const value = new Uint8Array(1024).fill(k)
      mallory.broadcast(
        'consensus',
        encodeInput({
          kind: 'proposal',
          proposal: { height: next + 2, round: k, value, validRound: -1, proposer: validators[1]!.publicKey, sig: new Uint8Array(64) },
          valid: false,
        }),
      )
    }
    await new Promise((r) => setTimeout(r, 50))
    expect(held(new Uint8Array(64)).length).toBe(0)

    // one proposal for the next height but one, properly signed, sent again and again: held once
    const value = (await n.store.getBlockBytes(1))!
    const h = n.chain.head().height + 2
    const proposer = n.chain.validatorSetAt(h)!.proposer(h, 0).publicKey
    const signer = validators.find((v) => toHex(v.publicKey) === toHex(proposer))!
    const sig = signer.sign(proposalSignBytes(genesis.chainId, h, 0, blockIdOf(value)!.hash, -1))
    const again = encodeInput({ kind: 'proposal', proposal: { height: h, round: 0, value, validRound: -1, proposer, sig }, valid: false })
    for (let k = 0; k < 100; k++) mallory.broadcast('consensus', again)
    for (let k = 0; k < 3; k++) await new Promise((r) => setImmediate(r))
    expect(held(sig).length).toBeLessThanOrEqual(1)
  })
})
