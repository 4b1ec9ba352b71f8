/**
 * Governance of the validator set (docs/adr/0013), driven block by block on one node: proposals, approvals by
 * administrators of more than 2/3 of the power, the new set at the effective height (block validation, commits,
 * proposer, trust lists, restarts, audit), membership changes, and every rejection with its code.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import type { Genesis } from '../../src/ledger/types/genesis'
import { type JsonValue, encodeTx, makeTx } from '../../src/ledger/types/tx'
import { buildProof, trustFromJson, verifyProof } from '../../src/ledger/proofs/proof'
import { ValidatorSet } from '../../src/ledger/consensus/validators'
import { auditChain } from '../../src/ledger/node/audit'
import type { LedgerNode } from '../../src/ledger/node/node'
import { adminAgencies } from '../../src/ledger/registries/identity'
import { getProposal } from '../../src/ledger/registries/governance/queries'
import { Cleanup, GENESIS_TIME, codeOf, consortiumGenesis, makeChecker, noteTx, openNode, signCommit, signerFor, tempDir, type Fixture } from './helpers'

const CHAIN = 'daejang-gov'
const vals = [0, 1, 2, 3, 4].map((i) => signerFor(`gov/validator-${i}`))
const admins = [0, 1, 2, 3, 4].map((i) => signerFor(`gov/admin-${i}`))
const staff = signerFor('gov/staff')

function genesisOf(): Genesis {
  return consortiumGenesis(CHAIN, vals.slice(0, 4), admins.slice(0, 4).map((a) => [a]))
}

const genesis = genesisOf()
// the helpers' fixture shape: only chainId and genesis matter here
const fx = { genesis, chainId: CHAIN } as Fixture
const checker = makeChecker(genesis)
const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const nonces = new Map<string, number>()
function tx(signer: Signer, type: string, payload: JsonValue): CheckedTx {
  const k = toHex(signer.publicKey)
  const nonce = (nonces.get(k) ?? 0) + 1
  nonces.set(k, nonce)
  return checker.fromBytes(encodeTx(makeTx(signer, { chainId: CHAIN, type, payload, nonce, time: GENESIS_TIME })))
}
const note = (nonce: number): CheckedTx => checker.fromBytes(encodeTx(noteTx(staff, fx, { nonce })))

/** Commit the next block with `candidates`, signed by the validators of that height (all of them, or `signers`). */
async function next(node: LedgerNode, candidates: CheckedTx[] = [], signers?: Signer[]) {
  const head = node.chain.head()
  const h = head.height + 1
  const set = node.chain.validatorsAt(h)
  const setKeys = new Set(set.map((v) => toHex(v.publicKey)))
  const by = signers ?? vals.filter((s) => setKeys.has(toHex(s.publicKey)))
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const proposer = node.chain.validatorSetAt(h)!.proposer(h, 0).publicKey
  const { prepared, rejected } = await node.chain.buildBlock(candidates, proposer, head.time + 1000, lastCommit)
  // what a peer would do with it: validate against its own head (the same node, before commit)
  await node.chain.validateBlock(prepared.bytes)
  const commit = signCommit(CHAIN, by, h, prepared.hash)
  await node.chain.commit(prepared, commit)
  return { prepared, rejected, commit }
}

const admit = (i: number, power = 10): JsonValue => ({
  kind: 'agency.admit',
  agency: { id: `agency-${i}`, name: `Agency ${i}`, validator: { publicKey: toHex(vals[i]!.publicKey), power }, admins: [toHex(admins[i]!.publicKey)] },
})

async function propose(node: LedgerNode, by: Signer, change: JsonValue, effectiveHeight: number) {
  const c = tx(by, 'governance.proposal.submit', { change, effectiveHeight })
  const r = await next(node, [c])
  return { id: c.hashHex, rejected: r.rejected }
}

async function approve(node: LedgerNode, by: Signer, id: string) {
  return (await next(node, [tx(by, 'governance.proposal.approve', { proposal: id })])).rejected
}

const keysAt = (node: LedgerNode, h: number): string[] => node.chain.validatorsAt(h).map((v) => v.agency).sort()

describe('governance: admitting an agency with a validator', () => {
  it('takes effect at the effective height once administrators of more than 2/3 of the power approve', async () => {
    nonces.clear()
    const node = await openNode(cleanup, fx)
    // height 1: proposal by agency-0 (10 of 40), effective at 8
    const { id, rejected } = await propose(node, admins[0]!, admit(4), 8)
    expect(rejected).toEqual([])
    const list = () => getProposal(node.store, id, node.chain.validatorHistory, node.chain.head().height)
    expect((await list())).toMatchObject({ status: 'open', approvedPower: 10, totalPower: 40 })
    expect(await approve(node, admins[1]!, id)).toEqual([]) // 20 of 40
    expect((await list())!.status).toBe('open')
    expect(keysAt(node, 8)).toEqual(['agency-0', 'agency-1', 'agency-2', 'agency-3'])
    expect(await approve(node, admins[2]!, id)).toEqual([]) // 30 of 40 > 2/3: approved at height 3
    expect((await list())).toMatchObject({ status: 'approved', approvedAt: 3 })
    // membership at once: the new agency's administrator administers it
    expect(await adminAgencies(node.store, toHex(admins[4]!.publicKey))).toEqual(['agency-4'])
    // the validator set from height 8 on
    expect(keysAt(node, 7)).toEqual(['agency-0', 'agency-1', 'agency-2', 'agency-3'])
    expect(keysAt(node, 8)).toEqual(['agency-0', 'agency-1', 'agency-2', 'agency-3', 'agency-4'])
    while (node.chain.head().height < 7) await next(node)
    // block 8: its header names the new set; its last commit (of block 7) is by the old set
    const b8 = await next(node)
    expect(toHex(b8.prepared.block.header.validatorsHash)).toBe(toHex(node.chain.validatorsHashAt(8)))
    expect(toHex(b8.prepared.block.header.validatorsHash)).not.toBe(toHex(node.chain.validatorsHashAt(7)))
    // block 9 carries the commit of block 8, which must be by the new set: three of the old four (30 of 50) are not
    // enough any more
    const lc8 = await node.getCommit(8)
    expect(lc8!.sigs.length).toBe(5)
    const weak = signCommit(CHAIN, vals.slice(0, 3), 8, b8.prepared.hash)
    expect(node.chain.verifyCommitAt(weak, b8.prepared.hash, 8).ok).toBe(false)
    expect(node.chain.verifyCommitAt(signCommit(CHAIN, vals.slice(0, 3), 7, (await node.getBlock(7)).hash), (await node.getBlock(7)).hash, 7).ok).toBe(true)
    await next(node)

    // the trust list knows both sets; proofs from before and after verify; an old list says to fetch a newer one
    const trust = node.trustList()
    expect(trust.sets.map((s) => s.fromHeight)).toEqual([1, 8])
    const proofAt = async (h: number) => {
      const b = await node.getBlock(h)
      return buildProof(b.block.header, b.block.txs, 0, (await node.getCommit(h))!)
    }
    const early = await proofAt(3)
    expect(verifyProof(early, trust, verifyNode).valid).toBe(true)
    // a proof of a transaction after the change (the approval at 3 is before; submit one at 10)
    const late = await next(node, [tx(admins[4]!, 'identity.role.grant', { agency: 'agency-4', subject: toHex(staff.publicKey), role: 'notary', expiresAt: null })])
    expect(late.rejected).toEqual([])
    const lateProof = await proofAt(late.prepared.block.header.height)
    expect(verifyProof(lateProof, trust, verifyNode).valid).toBe(true)
    const old = trustFromJson({ format: 'daejang-trust/2', chainId: CHAIN, height: 5, sets: [trust.sets[0]!].map((s) => ({ fromHeight: 1, validators: s.validators.map((v) => ({ publicKey: toHex(v.publicKey), power: v.power })) })) })
    const r = verifyProof(lateProof, old, verifyNode)
    expect(r.valid).toBe(false)
    expect(r.checks.find((c) => c.name === 'validators')!.detail).toMatch(/newer trust list/)

    // the proposer of a height comes from that height's set, counted from its first height
    const set8 = node.chain.validatorSetAt(8)!
    expect(set8.firstHeight).toBe(8)
    expect(toHex(b8.prepared.block.header.proposer)).toBe(toHex(set8.proposer(8, 0).publicKey))
  })

  it('survives a restart, and the audit replays the chain across the change', async () => {
    nonces.clear()
    const dataDir = join(tempDir(cleanup), 'data')
    let node = await openNode(new Cleanup(), fx, { dataDir })
    const { id } = await propose(node, admins[0]!, admit(4), 6)
    await approve(node, admins[1]!, id)
    await approve(node, admins[2]!, id)
    while (node.chain.head().height < 8) await next(node)
    const top = node.chain.head()
    await node.close()
    node = await openNode(cleanup, fx, { dataDir })
    expect(keysAt(node, 6)).toContain('agency-4')
    expect(keysAt(node, 5)).not.toContain('agency-4')
    await next(node)
    await node.close()
    const audit = await auditChain(dataDir, genesis)
    expect(audit.problems).toEqual([])
    expect(audit.ok).toBe(true)
    expect(audit.height).toBe(top.height + 1)
  })
})

describe('governance: removing an agency', () => {
  it('ends its administrators and credentials at once and its validator at the effective height', async () => {
    nonces.clear()
    const node = await openNode(cleanup, fx)
    // agency-3 gives a staff key the notary role; the staff key can act
    expect((await next(node, [tx(admins[3]!, 'identity.role.grant', { agency: 'agency-3', subject: toHex(staff.publicKey), role: 'notary', expiresAt: null })])).rejected).toEqual([])
    expect((await next(node, [note(1)])).rejected).toEqual([])
    const { id } = await propose(node, admins[0]!, { kind: 'agency.remove', agency: 'agency-3' }, 10)
    await approve(node, admins[1]!, id)
    expect(keysAt(node, 10)).toContain('agency-3')
    await approve(node, admins[2]!, id)
    expect(await adminAgencies(node.store, toHex(admins[3]!.publicKey))).toEqual([])
    const after = await next(node, [note(2)])
    expect(after.rejected.map((r) => r.error.code)).toEqual(['UNAUTHORIZED_ROLE'])
    expect(keysAt(node, 9)).toContain('agency-3')
    expect(keysAt(node, 10)).toEqual(['agency-0', 'agency-1', 'agency-2'])
    // its id is never given out again
    const again = await propose(node, admins[0]!, { kind: 'agency.admit', agency: { id: 'agency-3', name: 'X', validator: null, admins: [toHex(admins[4]!.publicKey)] } }, 20)
    expect(again.rejected.map((r) => r.error.code)).toEqual(['RULE_VIOLATION'])
  })
})

describe('governance: a removed agency', () => {
  it('adds no power to proposals it approved before its removal, though its validator still votes until the effective height', async () => {
    nonces.clear()
    const node = await openNode(cleanup, fx)
    // agency-3 proposes admitting agency-4 (10 of 40)
    const { id } = await propose(node, admins[3]!, admit(4), 40)
    // agencies 0, 1, 2 remove agency-3, effective far ahead: its validator keeps its 10 until then
    const rm = await propose(node, admins[0]!, { kind: 'agency.remove', agency: 'agency-3' }, 30)
    await approve(node, admins[1]!, rm.id)
    await approve(node, admins[2]!, rm.id)
    expect(keysAt(node, node.chain.head().height + 1)).toContain('agency-3')
    // agencies 0 and 1 (20 of 40) must not carry the proposal with the removed agency's earlier approval
    expect(await approve(node, admins[0]!, id)).toEqual([])
    expect(await approve(node, admins[1]!, id)).toEqual([])
    const dto = () => getProposal(node.store, id, node.chain.validatorHistory, node.chain.head().height)
    expect((await dto())).toMatchObject({ status: 'open', approvedPower: 20, totalPower: 40 })
    expect(keysAt(node, 40)).not.toContain('agency-4')
    // a third member agency (30 of 40) does
    expect(await approve(node, admins[2]!, id)).toEqual([])
    expect((await dto())!.status).toBe('approved')
  })
})

describe('governance: rejections change nothing', () => {
  it('refuses bad proposals and approvals with stable codes', async () => {
    nonces.clear()
    const node = await openNode(cleanup, fx)
    const codes = async (c: CheckedTx) => (await next(node, [c])).rejected.map((r) => r.error.code)
    const before = node.chain.validatorHistory.entries.length
    // not an administrator
    expect(await codes(tx(staff, 'governance.proposal.submit', { change: admit(4), effectiveHeight: 50 }))).toEqual(['UNAUTHORIZED_ROLE'])
    // too early (must be two blocks after the approving block)
    const h = node.chain.head().height + 1
    expect(await codes(tx(admins[0]!, 'governance.proposal.submit', { change: admit(4), effectiveHeight: h + 1 }))).toEqual(['RULE_VIOLATION'])
    // an existing agency, an unknown one, a key already validating, the last validators removed
    expect(await codes(tx(admins[0]!, 'governance.proposal.submit', { change: admit(1), effectiveHeight: 50 }))).toEqual(['RULE_VIOLATION'])
    expect(await codes(tx(admins[0]!, 'governance.proposal.submit', { change: { kind: 'agency.remove', agency: 'nobody' }, effectiveHeight: 50 }))).toEqual(['RULE_VIOLATION'])
    expect(
      await codes(tx(admins[0]!, 'governance.proposal.submit', { change: { kind: 'validator.set', agency: 'agency-0', validator: { publicKey: toHex(vals[1]!.publicKey), power: 5 } }, effectiveHeight: 50 })),
    ).toEqual(['RULE_VIOLATION'])
    // malformed: power out of range
    expect(await codeOf(() => tx(admins[0]!, 'governance.proposal.submit', { change: { kind: 'validator.set', agency: 'agency-0', validator: { publicKey: toHex(vals[0]!.publicKey), power: 0 } }, effectiveHeight: 50 }))).toBe('BAD_PAYLOAD')
    // unknown proposal
    expect(await codes(tx(admins[1]!, 'governance.proposal.approve', { proposal: 'ab'.repeat(32) }))).toEqual(['NOT_FOUND'])
    // a real one: approving twice from one agency, then expiry
    const { id } = await propose(node, admins[0]!, admit(4), node.chain.head().height + 4)
    expect(await codes(tx(admins[0]!, 'governance.proposal.approve', { proposal: id }))).toEqual(['RULE_VIOLATION'])
    await next(node)
    await next(node)
    expect(await codes(tx(admins[1]!, 'governance.proposal.approve', { proposal: id }))).toEqual(['RULE_VIOLATION'])
    expect(node.chain.validatorHistory.entries.length).toBe(before)
    expect(keysAt(node, node.chain.head().height + 2)).toEqual(['agency-0', 'agency-1', 'agency-2', 'agency-3'])
  })

  it('schedules changes in order: an approval that would come before a scheduled change is refused', async () => {
    nonces.clear()
    const node = await openNode(cleanup, fx)
    const a = await propose(node, admins[0]!, { kind: 'validator.set', agency: 'agency-1', validator: { publicKey: toHex(vals[1]!.publicKey), power: 20 } }, 30)
    const b = await propose(node, admins[0]!, { kind: 'validator.set', agency: 'agency-2', validator: null }, 40)
    await approve(node, admins[1]!, b.id)
    await approve(node, admins[2]!, b.id)
    expect(node.chain.validatorHistory.entries.map((e) => e.fromHeight)).toEqual([1, 40])
    await approve(node, admins[1]!, a.id)
    const refused = await approve(node, admins[2]!, a.id)
    expect(refused.map((r) => r.error.code)).toEqual(['RULE_VIOLATION'])
    expect(refused[0]!.error.message).toMatch(/already scheduled/)
    // powers: agency-2 stops validating at 40
    expect(keysAt(node, 40)).toEqual(['agency-0', 'agency-1', 'agency-3'])
  })
})

describe('proposer sequence', () => {
  it('repeats with its period and matches the step-by-step sequence far out', () => {
    const powers = [3, 1, 7, 2]
    const a = new ValidatorSet(powers.map((power, i) => ({ publicKey: vals[i]!.publicKey, power })))
    const b = new ValidatorSet(powers.map((power, i) => ({ publicKey: vals[i]!.publicKey, power })))
    const far = Array.from({ length: 200 }, (_, k) => a.proposerIndexAt(1000 + k))
    // b walks the sequence in order from 0 (the period is found on the way; positions agree either way)
    const walked = Array.from({ length: 1200 }, (_, k) => b.proposerIndexAt(k)).slice(1000)
    expect(far).toEqual(walked)
    const counts = powers.map((_, i) => walked.slice(0, 13 * 10).filter((x) => x === i).length)
    expect(counts).toEqual(powers.map((p) => p * 10))
  })
})
