/**
 * The light workstation's sync (docs/adr/0029) against a synthetic chain served from memory: consecutive headers are
 * verified and kept; a bad commit, a header that does not follow, a set nobody announced are refused with their codes
 * and nothing after the last good header is stored; a set change announced by a signed header is followed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { LightClient } from '../../src/ledger/light/client'
import type { LightSource } from '../../src/ledger/light/source'
import { LightStore } from '../../src/ledger/light/store'
import type { HeaderAndCommit } from '../../src/ledger/light/verify'
import type { StateProof } from '../../src/ledger/proofs/state-proof'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'
import { provenNotaryRecord } from '../../src/ledger/light/notary'
import { recordGroup, recordKey, statusKey } from '../../src/ledger/registries/notary/state-keys'
import { followTrustSteps } from '../../src/ledger/proofs/trust-chain'
import type { TrustList } from '../../src/ledger/proofs/proof'
import { BLOCK_VERSION, type Header, type Validator, ZERO_HASH, blockHash, validatorsHash } from '../../src/ledger/types/block'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { sortValidators } from '../../src/ledger/types/validator-sets'
import { Cleanup, GENESIS_TIME, codeOf, signCommit, signerFor, tempDir } from './helpers'

const CHAIN = 'light-test'
const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const setOf = (signers: readonly Signer[]): Validator[] => sortValidators(signers.map((s) => ({ publicKey: s.publicKey, power: 10 })))
const A = ['a1', 'a2', 'a3', 'a4'].map(signerFor)
const B = ['b1', 'b2', 'b3'].map(signerFor)

/** A chain whose set is A up to `changeAt - 1` and B from `changeAt`, each block signed by its set. */
function chain(n: number, changeAt = Infinity, appHash: (h: number) => Uint8Array = () => ZERO_HASH): HeaderAndCommit[] {
  const out: HeaderAndCommit[] = []
  let prev: Uint8Array = ZERO_HASH
  for (let h = 1; h <= n; h++) {
    const signers = h < changeAt ? A : B
    const next = h + 1 < changeAt ? A : B
    const header: Header = {
      v: BLOCK_VERSION,
      chainId: CHAIN,
      height: h,
      time: GENESIS_TIME + h * 1000,
      prevHash: prev,
      lastCommitHash: ZERO_HASH,
      txRoot: ZERO_HASH,
      txCount: 0,
      appHash: appHash(h),
      validatorsHash: validatorsHash(setOf(signers)),
      nextValidatorsHash: validatorsHash(setOf(next)),
      proposer: signers[0]!.publicKey,
    }
    const hash = blockHash(header)
    out.push({ header, commit: signCommit(CHAIN, signers, h, hash) })
    prev = hash
  }
  return out
}

function memorySource(
  blocks: HeaderAndCommit[],
  sets: (h: number) => Validator[],
  stateProof: LightSource['stateProof'] = async () => {
    throw new Error('no state here')
  },
): LightSource & { asked: number[] } {
  const asked: number[] = []
  return {
    url: 'memory:',
    asked,
    headers: async (from, limit) => ({ head: blocks.length, items: blocks.slice(from - 1, from - 1 + limit) }),
    validators: async (h) => {
      asked.push(h)
      return sets(h)
    },
    stateProof,
  }
}

const trustA: TrustList = { chainId: CHAIN, height: 0, sets: [{ fromHeight: 1, validators: setOf(A) }] }

async function client(source: LightSource, trust: TrustList = trustA): Promise<LightClient> {
  const store = new LightStore(tempDir(cleanup, 'daejang-light-'))
  await store.open()
  cleanup.add(() => store.close())
  const meta = await LightClient.anchor(store, trust, source.url)
  return new LightClient(store, source, meta, verifyNode)
}

describe('light sync', () => {
  it('verifies and keeps consecutive headers in batches, and resumes from its head', async () => {
    const blocks = chain(25)
    const c = await client(memorySource(blocks.slice(0, 12), () => setOf(A)))
    const r = await c.sync({ batch: 5 })
    expect(r).toMatchObject({ from: 0, head: 12, verified: 12, nodeHead: 12, setChanges: 0 })
    const more = new LightClient(c.store, memorySource(blocks, () => setOf(A)), c.meta, verifyNode)
    expect(await more.sync({ batch: 5 })).toMatchObject({ from: 12, head: 25, verified: 13 })
    const h20 = await c.store.header(20)
    expect(h20!.hash).toEqual(blockHash(blocks[19]!.header))
  })

  it('refuses a header whose commit lacks 2/3 of the tracked set (LIGHT_BAD_COMMIT) and keeps what came before', async () => {
    const blocks = chain(8)
    const weak = blocks.map((b, i) => (i === 5 ? { ...b, commit: { ...b.commit, sigs: b.commit.sigs.slice(0, 2) } } : b))
    const c = await client(memorySource(weak, () => setOf(A)))
    expect(await codeOf(() => c.sync({ batch: 3 }))).toBe('LIGHT_BAD_COMMIT')
    expect(c.store.head()).toBe(5)
    expect(await c.store.header(6)).toBeNull()
    // signatures by keys outside the set do not count either
    const foreign = blocks.map((b, i) =>
      i === 0 ? { ...b, commit: signCommit(CHAIN, B, 1, blockHash(b.header)) } : b,
    )
    const d = await client(memorySource(foreign, () => setOf(A)))
    expect(await codeOf(() => d.sync())).toBe('LIGHT_BAD_COMMIT')
    expect(d.store.head()).toBe(0)
  })

  it('refuses a header that does not follow the verified one, or is of another chain (LIGHT_CHAIN_BROKEN)', async () => {
    const blocks = chain(6)
    const other = chain(6).map((b) => b)
    // a header re-signed by the set but with another previous block
    const h4 = { ...blocks[3]!.header, prevHash: new Uint8Array(32).fill(7) }
    const forked = [...blocks.slice(0, 3), { header: h4, commit: signCommit(CHAIN, A, 4, blockHash(h4)) }, ...other.slice(4)]
    const c = await client(memorySource(forked, () => setOf(A)))
    expect(await codeOf(() => c.sync())).toBe('LIGHT_CHAIN_BROKEN')
    expect(c.store.head()).toBe(3)
    const d = await client(memorySource(blocks, () => setOf(A)), { ...trustA, chainId: 'another' })
    expect(await codeOf(() => d.sync())).toBe('LIGHT_CHAIN_BROKEN')
  })

  it('follows a set change announced by a signed header, and refuses a set nobody announced (LIGHT_SET_UNPROVEN)', async () => {
    const blocks = chain(10, 6)
    const src = memorySource(blocks, () => setOf(B))
    const c = await client(src)
    expect(await c.sync()).toMatchObject({ head: 10, setChanges: 1 })
    expect(src.asked).toEqual([6])
    expect(c.store.knownSets().map((s) => [s.fromHeight, s.learntAt])).toEqual([[1, 0], [6, 5]])
    // its era boundaries are trust steps (adr/0028) that carry a verifier's old trust list to the new set
    const steps = await c.trustSteps()
    expect(steps.map((s) => s.header.height)).toEqual([5])
    const followed = followTrustSteps(trustA, steps, verifyNode)
    expect(followed).toMatchObject({ ok: true, trustedThrough: { changes: 1, height: 6 } })
    // the full node gives another set than the one announced
    const liar = await client(memorySource(blocks, () => setOf([...B, signerFor('x')])))
    expect(await codeOf(() => liar.sync())).toBe('LIGHT_SET_UNPROVEN')
    expect(liar.store.head()).toBe(5)
    expect(liar.store.knownSets()).toHaveLength(1)
    // a header signed by a set its previous header did not announce
    const h3 = { ...blocks[2]!.header, validatorsHash: validatorsHash(setOf(B)) }
    const swapped = [...blocks.slice(0, 2), { header: h3, commit: signCommit(CHAIN, B, 3, blockHash(h3)) }]
    const d = await client(memorySource(swapped, () => setOf(B)))
    expect(await codeOf(() => d.sync())).toBe('LIGHT_SET_UNPROVEN')
    expect(d.store.head()).toBe(2)
  })

  it('keeps its sets and head across a reopen', async () => {
    const blocks = chain(10, 6)
    const dir = tempDir(cleanup, 'daejang-light-')
    const store = new LightStore(dir)
    await store.open()
    const meta = await LightClient.anchor(store, trustA, 'memory:')
    await new LightClient(store, memorySource(blocks, () => setOf(B)), meta, verifyNode).sync()
    await store.close()
    const again = new LightStore(dir)
    await again.open()
    cleanup.add(() => again.close())
    expect(again.head()).toBe(10)
    expect(await again.meta()).toEqual(meta)
    expect(again.setAt(7)!.validators).toEqual(setOf(B))
  })
})

describe('light proven reads', () => {
  const NUMBER = 'MOFA-2026-000001'
  const REC = recordKey(NUMBER)
  const ST = statusKey(NUMBER)
  const record = { kind: 'single', number: NUMBER, agency: 'mofa', holder: '홍길동' } as unknown as Canonical

  /** A state tree of 8 versions: the record written at 3, its revocation at 6; and a chain whose app hashes are its roots. */
  async function world(): Promise<{ tree: StateTree; blocks: HeaderAndCommit[] }> {
    const db = memoryTreeDb()
    const tree = new StateTree(db)
    const roots: Uint8Array[] = []
    for (let v = 1; v <= 8; v++) {
      const writes = new Map<string, Canonical | null>([['chain/n', v]])
      if (v === 3) writes.set(REC, record)
      if (v === 6) writes.set(ST, { status: 'revoked', history: [] })
      const p = await tree.prepare(v, writes)
      db.apply(p.ops)
      tree.committed(p)
      roots.push(p.root)
    }
    return { tree, blocks: chain(8, Infinity, (h) => roots[h - 1]!) }
  }

  const honest = (tree: StateTree, blocks: HeaderAndCommit[]): LightSource['stateProof'] => async (key, height) => ({
    proof: await tree.prove(key, height),
    ...blocks[height - 1]!,
  })

  it('reads a notary record and its status with proofs checked against a synced header, as of any synced height', async () => {
    const { tree, blocks } = await world()
    const c = await client(memorySource(blocks, () => setOf(A), honest(tree, blocks)))
    await c.sync()
    const r = await provenNotaryRecord(c, NUMBER)
    expect(r).toMatchObject({ number: NUMBER, status: 'revoked', asOf: { height: 8 } })
    expect(r.record).toMatchObject({ holder: '홍길동' })
    const before = await c.provenRead(ST, 4)
    expect(before).toMatchObject({ key: ST, value: undefined, height: 4 })
    const none = await c.provenRead(recordKey('MOFA-2026-000099'))
    expect(none.value).toBeUndefined()
  })

  it('refuses a proof for another key (LIGHT_PROOF_OTHER_KEY)', async () => {
    const { tree, blocks } = await world()
    const other: LightSource['stateProof'] = async (_key, height) => ({ proof: await tree.prove('chain/n', height), ...blocks[height - 1]! })
    const c = await client(memorySource(blocks, () => setOf(A), other))
    await c.sync()
    expect(await codeOf(() => c.provenRead(ST))).toBe('LIGHT_PROOF_OTHER_KEY')
    const range: LightSource['stateProof'] = async (_key, height) => ({ proof: await tree.proveRange(recordGroup(NUMBER), height), ...blocks[height - 1]! })
    const d = await client(memorySource(blocks, () => setOf(A), range))
    await d.sync()
    expect(await codeOf(() => d.provenRead(ST))).toBe('LIGHT_PROOF_OTHER_KEY')
  })

  it('refuses a true proof as of another block than the one asked for (a status from before its revocation)', async () => {
    const { tree, blocks } = await world()
    // every answer is an honest proof, but as of block 4: before the revocation at 6
    const stale: LightSource['stateProof'] = async (key) => ({ proof: await tree.prove(key, 4), ...blocks[3]! })
    const c = await client(memorySource(blocks, () => setOf(A), stale))
    await c.sync()
    expect(await codeOf(() => c.provenRead(ST))).toBe('LIGHT_PROOF_OTHER_KEY')
    expect(await codeOf(() => c.provenRead(ST, 8))).toBe('LIGHT_PROOF_OTHER_KEY')
    expect(await codeOf(() => provenNotaryRecord(c, NUMBER))).toBe('LIGHT_PROOF_OTHER_KEY')
    // the one asked for is accepted
    expect(await c.provenRead(ST, 4)).toMatchObject({ height: 4, value: undefined })
  })

  it('refuses a proof against a root no synced header has (LIGHT_ROOT_UNKNOWN), and a malformed proof (PROOF_INVALID)', async () => {
    const { tree, blocks } = await world()
    // a forged state in which the record was never revoked, served with the real header of height 8
    const forgedDb = memoryTreeDb()
    const forged = new StateTree(forgedDb)
    const p = await forged.prepare(1, new Map<string, Canonical | null>([[REC, record], ['chain/n', 8]]))
    forgedDb.apply(p.ops)
    forged.committed(p)
    const lie: LightSource['stateProof'] = async (key) => ({ proof: await forged.prove(key, 1), ...blocks[7]! })
    const c = await client(memorySource(blocks, () => setOf(A), lie))
    await c.sync()
    expect(await codeOf(() => c.provenRead(ST))).toBe('LIGHT_ROOT_UNKNOWN')
    // a value changed inside an honest proof
    const changed: LightSource['stateProof'] = async (key, height) => {
      const proof = (await tree.prove(key, height)) as StateProof & { kind: 'present' }
      return { proof: { ...proof, value: { status: 'issued', history: [] } }, ...blocks[height - 1]! }
    }
    const d = await client(memorySource(blocks, () => setOf(A), changed))
    await d.sync()
    expect(await codeOf(() => d.provenRead(ST))).toBe('LIGHT_ROOT_UNKNOWN')
    // a proof said to be as of a height the chain does not have
    const future: LightSource['stateProof'] = async (key) => ({
      proof: await tree.prove(key, 8),
      header: { ...blocks[7]!.header, height: 99 },
      commit: blocks[7]!.commit,
    })
    const e = await client(memorySource(blocks, () => setOf(A), future))
    await e.sync()
    expect(await codeOf(() => e.provenRead(ST))).toBe('LIGHT_PROOF_OTHER_KEY')
    // asked for a block the chain does not have (yet): nothing verified to check it against
    const ahead: LightSource['stateProof'] = async (key) => ({ proof: await tree.prove(key, 8), ...blocks[7]!, header: { ...blocks[7]!.header, height: 99 } })
    const f = await client(memorySource(blocks, () => setOf(A), ahead))
    await f.sync()
    expect(await codeOf(() => f.provenRead(ST, 99))).toBe('LIGHT_ROOT_UNKNOWN')
    // steps whose depths do not strictly decrease (each one given twice)
    const reordered: LightSource['stateProof'] = async (key, height) => {
      const proof = await tree.prove(key, height)
      expect(proof.steps.length).toBeGreaterThan(0)
      return { proof: { ...proof, steps: proof.steps.flatMap((x) => [x, x]) }, ...blocks[height - 1]! }
    }
    const g = await client(memorySource(blocks, () => setOf(A), reordered))
    await g.sync()
    expect(await codeOf(() => g.provenRead(REC))).toBe('PROOF_INVALID')
  })
})
