/**
 * The state tree in the node (docs/adr/0026): as-of reads, certified state proofs of keys and groups checked by the
 * portable verifier against the trust list, pruning stated in the status and refused in words past it, a reopened
 * node's tree agreeing with its blocks, and a store of an earlier build refused with CHAIN_FORMAT_OLD.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { Level } from 'level'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { auditChain } from '../../src/ledger/node/audit'
import { type LedgerNode, MAX_RANGE_ENTRIES } from '../../src/ledger/node/node'
import { certifiedStateFromJson, certifiedStateToJson, verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { verifyStateProof } from '../../src/ledger/proofs/state-proof'
import { GENESIS_STATE_KEY } from '../../src/ledger/state/chain'
import { makeTx } from '../../src/ledger/types/tx'
import { makeStoreOld } from './old-store'
import { Cleanup, type Fixture, TEST_REGISTRIES, checked, codeOf, makeChecker, makeFixture, openNode, produceBlock, signerFor, tempDir } from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'node-state' })
const checker = makeChecker(fx.genesis)
const people = [0, 1, 2].map((i) => signerFor('node-state/person-' + i))
const pingKey = (s: Signer): string => `test/ping/${toHex(s.publicKey)}`

/** One block of pings: each [signer, nonce, n] writes test/ping/<signer> = n. */
async function pings(node: LedgerNode, f: Fixture, list: Array<[Signer, number, number]>): Promise<void> {
  const txs = list.map(([s, nonce, n]) =>
    checked(checker, makeTx(s, { chainId: f.chainId, type: 'test.any.ping', payload: { n }, nonce, time: node.chain.head().time })),
  )
  const { rejected } = await produceBlock(node, f, { candidates: txs })
  expect(rejected.map((r) => r.error.message)).toEqual([])
}

/** Heights 1..4: person 0 pings 10, 11, (nothing), 13; person 1 pings 20 at height 2; person 2 never. */
async function history(node: LedgerNode): Promise<void> {
  await pings(node, fx, [[people[0]!, 1, 10]])
  await pings(node, fx, [[people[0]!, 2, 11], [people[1]!, 1, 20]])
  await pings(node, fx, [])
  await pings(node, fx, [[people[0]!, 3, 13]])
}

describe('state in the node', () => {
  it('reads any key as of any height', async () => {
    const node = await openNode(cleanup, fx)
    await history(node)
    const asOf = async (s: Signer): Promise<unknown[]> => Promise.all([0, 1, 2, 3, 4].map((h) => node.stateAsOf(pingKey(s), h)))
    expect(await asOf(people[0]!)).toEqual([undefined, 10, 11, 11, 13])
    expect(await asOf(people[1]!)).toEqual([undefined, undefined, 20, 20, 20])
    expect(await node.stateAsOf(pingKey(people[0]!))).toBe(13)
    expect(await codeOf(() => node.stateAsOf(pingKey(people[0]!), 5))).toBe('UNKNOWN_HEIGHT')
    expect(node.status().state).toEqual({ keepRecent: null, oldestProvableHeight: 1 })
  })

  it('proves a value, an absence and a whole group as of a height, certified by that block', async () => {
    const node = await openNode(cleanup, fx)
    await history(node)
    const trust = node.trustList()
    for (const h of [1, 2, 4]) {
      const cs = await node.proveState(pingKey(people[0]!), h)
      expect(cs.header.height).toBe(h)
      expect(verifyStateProof(cs.proof, cs.header.appHash)).toEqual({ ok: true })
      // through JSON, as the API hands it out
      const back = certifiedStateFromJson(JSON.parse(JSON.stringify(certifiedStateToJson(cs))))
      const r = verifyCertifiedState(back, trust)
      expect(r.ok, JSON.stringify(r.checks)).toBe(true)
      expect(r.claim).toEqual({ key: pingKey(people[0]!), value: [10, 11, 11, 13][h - 1] })
      expect(r.asOf.height).toBe(h)
    }
    const absent = verifyCertifiedState(await node.proveState(pingKey(people[2]!), 4), trust)
    expect(absent.ok).toBe(true)
    expect(absent.claim).toEqual({ key: pingKey(people[2]!), value: undefined })

    const range = verifyCertifiedState(await node.proveRange('test/ping', 2), trust)
    expect(range.ok, JSON.stringify(range.checks)).toBe(true)
    const entries = 'entries' in range.claim ? range.claim.entries : []
    expect(new Map(entries)).toEqual(new Map([[pingKey(people[0]!), 11], [pingKey(people[1]!), 20]]))
    const before = verifyCertifiedState(await node.proveRange('test/ping', 1), trust)
    expect('entries' in before.claim ? before.claim.entries : null).toEqual([[pingKey(people[0]!), 10]])

    // asked with the height a verifier's trust list was taken at: no set changed since, so no steps are carried
    expect((await node.proveState(pingKey(people[0]!), 4, 1)).steps).toBeUndefined()

    // the genesis has no signed header: proofs start at block 1
    expect(await codeOf(() => node.proveState(GENESIS_STATE_KEY, 0))).toBe('UNKNOWN_HEIGHT')
    expect(await codeOf(() => node.proveState(GENESIS_STATE_KEY, 9))).toBe('UNKNOWN_HEIGHT')
  })

  it('refuses a range proof over a group larger than its bound, in words, without gathering it', async () => {
    const node = await openNode(cleanup, fx, { maxRangeEntries: 2 })
    await history(node)
    // test/ping holds two keys at height 2: at the bound
    expect((await node.proveRange('test/ping', 2)).proof.kind).toBe('range')
    await pings(node, fx, [[people[2]!, 1, 30]])
    expect(await codeOf(() => node.proveRange('test/ping', 5))).toBe('RANGE_TOO_LARGE')
    // the default bound is finite
    expect(MAX_RANGE_ENTRIES).toBeGreaterThan(0)
    expect(Number.isSafeInteger(MAX_RANGE_ENTRIES)).toBe(true)
  })

  it('hands out headers and commits for light workstations within a byte budget of blocks read, at least one', async () => {
    const node = await openNode(cleanup, fx)
    await history(node)
    const all = await node.headersFrom(1, 100, 64 << 20)
    expect(all.map((x) => x.header.height)).toEqual([1, 2, 3, 4])
    expect(all.every((x) => x.commit !== null)).toBe(true)
    // a budget of one byte: one block per answer, the light client asks again from the next
    expect((await node.headersFrom(2, 100, 1)).map((x) => x.header.height)).toEqual([2])
    expect((await node.headersFrom(3, 1, 64 << 20)).map((x) => x.header.height)).toEqual([3])
    expect(await node.headersFrom(5, 100, 64 << 20)).toEqual([])
  })

  it('a proof checked against another block\'s header, or a tampered claim, does not verify', async () => {
    const node = await openNode(cleanup, fx)
    await history(node)
    const trust = node.trustList()
    const at2 = await node.proveState(pingKey(people[0]!), 2)
    const at4 = await node.proveState(pingKey(people[0]!), 4)
    expect(verifyCertifiedState({ ...at2, header: at4.header, commit: at4.commit }, trust).ok).toBe(false)
    const forged = { ...at2, proof: { ...at2.proof, value: 99 } } as typeof at2
    expect(verifyCertifiedState(forged, trust).ok).toBe(false)
  })

  it('keeps only the configured recent heights, says so in its status, and refuses older ones with HEIGHT_PRUNED', async () => {
    const node = await openNode(cleanup, fx, { pruning: { keepRecent: 2 } })
    await history(node)
    for (let i = 0; i < 3; i++) await pings(node, fx, [[people[1]!, 2 + i, 21 + i]])
    // heights 6 and 7 are kept
    const status = node.status()
    expect(status.height).toBe(7)
    expect(status.state.keepRecent).toBe(2)
    expect(status.state.oldestProvableHeight).toBeGreaterThanOrEqual(6)
    const oldest = status.state.oldestProvableHeight
    expect(await node.stateAsOf(pingKey(people[1]!), 7)).toBe(23)
    expect(await node.stateAsOf(pingKey(people[1]!), 6)).toBe(22)
    expect(verifyCertifiedState(await node.proveState(pingKey(people[0]!), oldest), node.trustList()).ok).toBe(true)
    expect(await codeOf(() => node.stateAsOf(pingKey(people[0]!), 1))).toBe('HEIGHT_PRUNED')
    expect(await codeOf(() => node.proveState(pingKey(people[0]!), oldest - 1))).toBe('HEIGHT_PRUNED')
    // current reads are untouched (the flat state)
    expect(await node.store.get(pingKey(people[0]!))).toBe(13)
  })

  it('a reopened node\'s tree agrees with its blocks, and the audit checks that', async () => {
    const dataDir = join(tempDir(cleanup), 'data')
    const node = await openNode(cleanup, fx, { dataDir })
    await history(node)
    const head = node.chain.head()
    await node.close()
    const again = await openNode(cleanup, fx, { dataDir })
    expect(toHex(await again.store.tree.rootAt(4))).toBe(toHex(head.appHash))
    expect(await again.stateAsOf(pingKey(people[0]!), 2)).toBe(11)
    await pings(again, fx, [[people[2]!, 1, 30]])
    expect(await again.stateAsOf(pingKey(people[2]!), 5)).toBe(30)
    await again.close()
    const audit = await auditChain(dataDir, fx.genesis, TEST_REGISTRIES)
    expect(audit.problems).toEqual([])
    expect(audit.height).toBe(5)

    // a flat entry the blocks never wrote, and a root record overwritten: both are found
    const db = new Level<string, Uint8Array>(join(dataDir, 'chain'), { keyEncoding: 'utf8', valueEncoding: 'view' })
    await db.open()
    await db.put('s/test/ping/stray', new Uint8Array([1]))
    const roots: string[] = []
    for await (const k of db.keys({ gte: 'mr/', lt: 'mr/\u{10FFFF}' })) roots.push(k)
    const root2 = await db.get(roots[2]!)
    await db.put(roots[4]!, root2!)
    await db.close()
    const bad = await auditChain(dataDir, fx.genesis, TEST_REGISTRIES)
    expect(bad.ok).toBe(false)
    expect(bad.problems).toEqual([
      "height 4: the stored state tree's root is not the block's app hash",
      'the stored state differs from the replayed one at key test/ping/stray',
    ])
  })

  it('refuses a store made by an earlier build (no state tree) with CHAIN_FORMAT_OLD, in the node and the audit', async () => {
    const dataDir = join(tempDir(cleanup), 'data')
    const node = await openNode(cleanup, fx, { dataDir })
    await history(node)
    await node.close()
    // what an earlier build left: no format mark and no tree
    await makeStoreOld(join(dataDir, 'chain'))
    const err = await openNode(cleanup, fx, { dataDir }).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    )
    expect(err?.code).toBe('CHAIN_FORMAT_OLD')
    expect(err?.message).toMatch(/earlier build.*format 1.*Start a new chain/s)
    expect(await codeOf(() => auditChain(dataDir, fx.genesis))).toBe('CHAIN_FORMAT_OLD')
  })
})
