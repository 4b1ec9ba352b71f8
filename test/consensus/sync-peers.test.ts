/**
 * Catch-up from several peers (issue 15 item 3, docs/adr/0053): a node far behind asks ranges of heights of different
 * peers at once and applies them in order; a peer that serves a forged commit is marked bad (the transport is told)
 * and its ranges are asked of the others; a peer that never answers does not stop the catch-up.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { LocalNetwork, type Transport } from '../../src/ledger/net/transport'
import { LedgerNode } from '../../src/ledger/node/node'
import { commitFromCanonical, commitToCanonical } from '../../src/ledger/types/block'
import { parseGenesis } from '../../src/ledger/types/genesis'
import { TIMEOUTS, seed } from './consortium-fixture'

const dir = mkdtempSync(join(tmpdir(), 'daejang-sync-peers-'))
const validators = [0, 1, 2].map((i) => nodeSigner(seed(i)))
const keys = validators.map((v) => toHex(v.publicKey))
const genesis = parseGenesis({
  format: 'daejang-genesis/1',
  chainId: 'sync-peers-test',
  genesisTime: Date.now() - 1000,
  agencies: validators.map((v, i) => ({
    id: `agency-${i}`,
    name: `Agency ${i}`,
    validator: { publicKey: toHex(v.publicKey), power: 10 },
    admins: [toHex(nodeSigner(seed(20 + i)).publicKey)],
  })),
})
const net = new LocalNetwork()
const nodes: LedgerNode[] = []
const closers: Array<() => void> = []
/** followers whose sync requests validator 2 answers with a forged commit */
const cheatedOn = new Set<string>()
/** followers whose sync requests validator 1 answers without the first block asked for (a gap) */
const skippedOn = new Set<string>()

const height = (n: LedgerNode): number => n.chain.head().height

async function until(what: string, cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what} (heights ${nodes.map(height).join(',')})`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** A sync answer whose first block's commit has one signature changed: it no longer verifies. */
function forgeFirstCommit(answer: Uint8Array): Uint8Array {
  const items = decodeCanonical(answer) as Canonical[]
  if (!Array.isArray(items) || items.length === 0) return answer
  const [block, commit] = items[0] as [Uint8Array, Canonical]
  const c = commitFromCanonical(commit)
  const sig = c.sigs[0]!.sig.slice()
  sig[0]! ^= 1
  c.sigs[0] = { ...c.sigs[0]!, sig }
  items[0] = [block, commitToCanonical(c)]
  return encodeCanonical(items)
}

async function openNode(name: string, transport: Transport, signerSeed: number, validator: boolean): Promise<LedgerNode> {
  closers.push(() => transport.close())
  const n = await LedgerNode.open({
    dataDir: join(dir, name),
    genesis,
    ...(validator ? { validatorSigner: nodeSigner(seed(signerSeed)) } : {}),
    heartbeatMs: 2,
    verifyThreads: 0,
    transport,
    bft: { timeouts: TIMEOUTS },
  })
  n.start()
  nodes.push(n)
  return n
}

/** A follower whose requests are counted per peer. */
async function follower(k: number): Promise<{ node: LedgerNode; asked: Map<string, number>; leave: () => Promise<void> }> {
  const key = toHex(nodeSigner(seed(30 + k)).publicKey)
  const t = net.join(key)
  const asked = new Map<string, number>()
  const counted: Transport = {
    ...t,
    request: (peer, data) => {
      asked.set(peer, (asked.get(peer) ?? 0) + 1)
      return t.request(peer, data)
    },
  }
  const node = await openNode(`follower${k}`, counted, 30 + k, false)
  const leave = async (): Promise<void> => {
    await node.close()
    t.close()
  }
  return { node, asked, leave }
}

const validatorsTop = (): number => Math.max(...nodes.slice(0, 3).map(height))

beforeAll(async () => {
  for (let i = 0; i < 3; i++) {
    const t = net.join(keys[i]!)
    const transport: Transport =
      i === 2
        ? {
            ...t,
            onRequest: (h) => t.onRequest(async (from, data) => (cheatedOn.has(from) ? forgeFirstCommit(await h(from, data)) : h(from, data))),
          }
        : i === 1
          ? {
              ...t,
              onRequest: (h) =>
                t.onRequest(async (from, data) =>
                  skippedOn.has(from) ? encodeCanonical((decodeCanonical(await h(from, data)) as Canonical[]).slice(1)) : h(from, data),
                ),
            }
          : t
    await openNode(`validator${i}`, transport, i, true)
  }
  await until('220 blocks', () => nodes.every((n) => height(n) >= 220), 120_000)
}, 150_000)

afterAll(async () => {
  for (const n of nodes) await n.close()
  for (const c of closers) c()
  rmSync(dir, { recursive: true, force: true })
})

describe('catch-up from several peers', () => {
  it('a node 200+ blocks behind asks ranges of more than one peer and gets the same chain', { timeout: 120_000 }, async () => {
    const top = validatorsTop()
    const { node, asked, leave } = await follower(0)
    await until('the follower catches up', () => height(node) >= top)
    expect([...asked.keys()].filter((p) => keys.includes(p)).length).toBeGreaterThan(1)
    for (const h of [1, 100, top]) expect(toHex((await node.getBlock(h)).hash)).toBe(toHex((await nodes[0]!.getBlock(h)).hash))
    const ended = (): boolean => node.activity.list({ kinds: ['sync'] }).entries.some((e) => e.event === 'sync.ended')
    await until('the catch-up is recorded', ended)
    expect(ended()).toBe(true)
    expect(net.misbehaviours).toEqual([])
    await leave()
  })

  it('a peer serving a forged commit is marked bad and the node still catches up from the others', { timeout: 120_000 }, async () => {
    const top = validatorsTop()
    const key = toHex(nodeSigner(seed(31)).publicKey)
    cheatedOn.add(key)
    const { node, asked, leave } = await follower(1)
    await until('the follower catches up', () => height(node) >= top)
    // validator 2 was asked, its answer refused and reported
    expect(asked.get(keys[2]!) ?? 0).toBeGreaterThan(0)
    expect(net.misbehaviours.filter((m) => m.by === key).map((m) => m.peer)).toContain(keys[2])
    expect(net.misbehaviours.every((m) => m.peer === keys[2])).toBe(true)
    const bad = node.activity.list({ kinds: ['sync'] }).entries.filter((e) => e.event === 'sync.badBlock')
    expect(bad.length).toBeGreaterThan(0)
    expect(bad.every((e) => e.details.peer === keys[2])).toBe(true)
    for (const h of [1, 100, top]) expect(toHex((await node.getBlock(h)).hash)).toBe(toHex((await nodes[0]!.getBlock(h)).hash))
    await leave()
  })

  it('a peer that skips a height is marked bad too, and the catch-up goes on', { timeout: 120_000 }, async () => {
    const top = validatorsTop()
    const key = toHex(nodeSigner(seed(33)).publicKey)
    skippedOn.add(key)
    const { node, leave } = await follower(3)
    await until('the follower catches up', () => height(node) >= top)
    expect(net.misbehaviours.filter((m) => m.by === key).map((m) => m.peer)).toEqual([keys[1]])
    const bad = node.activity.list({ kinds: ['sync'] }).entries.filter((e) => e.event === 'sync.badBlock')
    expect(bad.map((e) => e.details.peer)).toEqual([keys[1]])
    for (const h of [1, 100, top]) expect(toHex((await node.getBlock(h)).hash)).toBe(toHex((await nodes[0]!.getBlock(h)).hash))
    await leave()
  })

  it('a peer that never answers does not stop the catch-up', { timeout: 120_000 }, async () => {
    const silent = net.join('ee'.repeat(32))
    closers.push(() => silent.close())
    silent.onRequest(() => new Promise<Uint8Array>(() => undefined))
    const top = validatorsTop()
    const { node, asked, leave } = await follower(2)
    await until('the follower catches up', () => height(node) >= top, 90_000)
    expect(asked.get('ee'.repeat(32)) ?? 0).toBeGreaterThan(0)
    // silence is not misbehaviour: the silent peer is not reported
    expect(net.misbehaviours.some((m) => m.peer === 'ee'.repeat(32))).toBe(false)
    await leave()
  })
})
