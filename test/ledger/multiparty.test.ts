/**
 * Multi-party acts: co-signed transactions (docs/adr/0020) and step-wise acts (docs/adr/0021), on one node driven
 * block by block. The role-free example: administrators of two member agencies propose (or approve) a governance
 * change jointly, in one co-signed transaction; a proposal is a step-wise act that other agencies approve by their
 * own transactions, that expires, and that its proposer may withdraw.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import {
  MAX_ACT_AGE_MS,
  type ActJson,
  type JsonValue,
  type TxJson,
  actSignBytes,
  decodeTx,
  encodeTx,
  makeAct,
  makeTx,
  missingSignatures,
  parseTxJson,
  signAct,
  txFromJson,
} from '../../src/ledger/types/tx'
import type { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES } from '../../src/ledger/registries'
import { getProposal } from '../../src/ledger/registries/governance/queries'
import { type Registry, txType } from '../../src/ledger/registries/types'
import { Overlay } from '../../src/ledger/state/view'
import { type PendingAct, type Workflow, openAct, statusAt, takeStep, withdrawAct } from '../../src/ledger/state/workflow'
import { Cleanup, GENESIS_TIME, type Fixture, codeOf, codeOfSync, consortiumGenesis, makeChecker, openNode, signCommit, signerFor } from './helpers'

const CHAIN = 'daejang-multi'
const vals = [0, 1, 2, 3].map((i) => signerFor(`multi/validator-${i}`))
const admins = [0, 1, 2, 3].map((i) => signerFor(`multi/admin-${i}`))
/** a second administrator of agency-0 */
const admin0b = signerFor('multi/admin-0b')
const staff = signerFor('multi/staff')
const newcomer = signerFor('multi/admin-4')
const pk = (s: Signer): string => toHex(s.publicKey)

const genesis = consortiumGenesis(CHAIN, vals, [[admins[0]!, admin0b], [admins[1]!], [admins[2]!], [admins[3]!]])
const fx = { genesis, chainId: CHAIN } as Fixture

/** a test type that needs one co-signature, by a holder of the notary role */
const pairRegistry: Registry = {
  name: 'pair',
  title: { ko: '시험 등록부', en: 'Test register' },
  words: { txTypes: { 'pair.note.add': { ko: '공동 메모', en: 'Joint note' } } },
  errors: {},
  roles: [],
  txTypes: {
    'pair.note.add': txType({
      schema: z.object({ text: z.string() }).strict(),
      permission: 'admin',
      cosigners: { permission: ['notary'], min: 1, max: 1 },
      apply: async (ctx) => {
        ctx.state.put(`pair/${ctx.hash}`, { by: ctx.signer, with: ctx.cosigners.map((c) => c.key) })
      },
    }),
  },
}
const registries = [...REGISTRIES, pairRegistry]
const checker = makeChecker(genesis, registries)
const cleanup = new Cleanup()
afterEach(() => cleanup.run())

let nonce = 0
const admit = (): JsonValue => ({
  kind: 'agency.admit',
  agency: { id: 'agency-4', name: 'Agency 4', validator: null, admins: [pk(newcomer)] },
})

/** An act signed by `signer` and each of `cosigners` (all of them, unless `leave` names one to leave unsigned). */
function act(signer: Signer, type: string, payload: JsonValue, cosigners: Signer[], leave?: Signer): ActJson {
  let a = makeAct({ chainId: CHAIN, type, payload, signer: pk(signer), nonce: ++nonce, time: GENESIS_TIME, cosigners: cosigners.map(pk) })
  for (const s of [signer, ...cosigners]) if (s !== leave) a = signAct(a, s)
  return a
}
const checked = (a: ActJson | TxJson): CheckedTx => checker.fromJson(a)
const single = (signer: Signer, type: string, payload: JsonValue): CheckedTx =>
  checker.fromBytes(encodeTx(makeTx(signer, { chainId: CHAIN, type, payload, nonce: ++nonce, time: GENESIS_TIME })))

/** the mempool's clock: a minute after genesis (the acts here are dated at genesis) */
const NOW = GENESIS_TIME + 60_000

async function open(): Promise<LedgerNode> {
  return openNode(cleanup, fx, { registries, now: () => NOW })
}

/** Commit the next block with `candidates`; returns the codes of the rejected ones. */
async function next(node: LedgerNode, candidates: CheckedTx[] = []): Promise<string[]> {
  const head = node.chain.head()
  const h = head.height + 1
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const proposer = node.chain.validatorSetAt(h)!.proposer(h, 0).publicKey
  const { prepared, rejected } = await node.chain.buildBlock(candidates, proposer, head.time + 1000, lastCommit)
  await node.chain.commit(prepared, signCommit(CHAIN, vals, h, prepared.hash))
  return rejected.map((r) => r.error.code)
}

const proposal = (node: LedgerNode, id: string) => getProposal(node.store, id, node.chain.validatorHistory, node.chain.head().height)

describe('co-signed transactions: the act and its encoding', () => {
  it('every party signs the same bytes, which name the parties and leave out the signatures', () => {
    const a0 = makeAct({ chainId: CHAIN, type: 'governance.proposal.submit', payload: { change: admit(), effectiveHeight: 50 }, signer: pk(admins[0]!), nonce: 7, time: GENESIS_TIME, cosigners: [pk(admins[1]!)] })
    expect(missingSignatures(a0)).toEqual([pk(admins[0]!), pk(admins[1]!)])
    const a1 = signAct(a0, admins[1]!)
    expect(toHex(actSignBytes(a1))).toBe(toHex(actSignBytes(a0)))
    expect(missingSignatures(a1)).toEqual([pk(admins[0]!)])
    const a2 = signAct(a1, admins[0]!)
    expect(missingSignatures(a2)).toEqual([])
    // a key the act does not name cannot sign it
    expect(codeOfSync(() => signAct(a0, admins[2]!))).toBe('UNAUTHORIZED_ROLE')
    // the canonical form round-trips, and a version 1 transaction is as it always was (8 items, no co-signers)
    const t = parseTxJson(a2)
    expect(t.v).toBe(2)
    expect(decodeTx(encodeTx(t))).toEqual(t)
    const v1 = makeTx(admins[0]!, { chainId: CHAIN, type: 'governance.proposal.approve', payload: { proposal: 'ab'.repeat(32) }, nonce: 1, time: GENESIS_TIME })
    expect(v1.cosigners).toBeUndefined()
    expect(decodeTx(encodeTx(v1))).toEqual(v1)
  })

  it('refuses a partly signed act, naming whose signature is missing', () => {
    const a = act(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 }, [admins[1]!], admins[1]!)
    let details: unknown
    try {
      parseTxJson(a)
    } catch (e) {
      expect((e as { code: string }).code).toBe('MISSING_SIGNATURE')
      details = (e as { details: unknown }).details
    }
    expect(details).toEqual({ missing: [pk(admins[1]!)] })
    // and one whose signer has not signed
    expect(codeOfSync(() => checked(act(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 }, [admins[1]!], admins[0]!)))).toBe('MISSING_SIGNATURE')
  })

  it('refuses a wrong co-signature, a party named twice, and co-signatures on a type that takes none', () => {
    const a = act(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 }, [admins[1]!])
    // admin 2 signs in admin 1's place
    const forged: ActJson = { ...a, cosigners: [{ key: pk(admins[1]!), sig: signAct(a, admins[0]!).sig }] }
    expect(codeOfSync(() => checked(forged))).toBe('BAD_SIGNATURE')
    expect(codeOfSync(() => checked({ ...a, cosigners: [...a.cosigners!, ...a.cosigners!] }))).toBe('SCHEMA_INVALID')
    expect(codeOfSync(() => checked({ ...a, cosigners: [{ key: a.signer, sig: a.sig }] }))).toBe('SCHEMA_INVALID')
    const grant = act(admins[0]!, 'identity.role.grant', { agency: 'agency-0', subject: pk(staff), role: 'notary', expiresAt: null }, [admin0b])
    expect(codeOfSync(() => checked(grant))).toBe('RULE_VIOLATION')
  })

  it('refuses a type that needs a co-signature without one', () => {
    const a = makeAct({ chainId: CHAIN, type: 'pair.note.add', payload: { text: 'x' }, signer: pk(admins[0]!), nonce: ++nonce, time: GENESIS_TIME })
    expect(codeOfSync(() => checked(signAct(a, admins[0]!)))).toBe('MISSING_SIGNATURE')
  })

  it('refuses a partial act replayed: signatures stripped, or lifted into another act', () => {
    const a = act(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 }, [admins[1]!])
    // the signer's signature alone, as a version 1 transaction: it covered the co-signed sign bytes, not these
    const stripped: TxJson = { v: 1, chainId: a.chainId, type: a.type, payload: a.payload, signer: a.signer, nonce: a.nonce, time: a.time, sig: a.sig! }
    expect(codeOfSync(() => checked(stripped))).toBe('BAD_SIGNATURE')
    // admin 1's co-signature moved to a new act of the same content with another nonce
    const other = makeAct({ ...a, cosigners: [pk(admins[1]!)], nonce: a.nonce + 1 })
    const lifted = { ...signAct(other, admins[0]!), cosigners: a.cosigners }
    expect(codeOfSync(() => checked(lifted))).toBe('BAD_SIGNATURE')
  })
})

describe('co-signed transactions on a node', () => {
  it('a joint proposal: both agencies approve in one transaction, each by its own key', async () => {
    const node = await open()
    const a = act(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 }, [admins[1]!])
    const c = await node.mempool.addJson(a)
    expect(await next(node, [c])).toEqual([])
    const p = await proposal(node, c.hashHex)
    expect(p!.approvals.map((x) => [x.agency, x.by])).toEqual([
      ['agency-0', pk(admins[0]!)],
      ['agency-1', pk(admins[1]!)],
    ])
    expect(p!.approvedPower).toBe(20)
    // listed under the signer and under the co-signer (the explorer's signer page)
    expect((await node.store.txHashesBySigner(admins[0]!.publicKey, 10)).map(toHex)).toEqual([c.hashHex])
    expect((await node.store.txHashesBySigner(admins[1]!.publicKey, 10)).map(toHex)).toEqual([c.hashHex])
    // the committed act, sent again, is refused (its signer's nonce is used)
    expect(await codeOf(() => node.mempool.addJson(a))).toBe('DUPLICATE_TX')
    const again = checker.fromJson(a)
    expect(await next(node, [again])).toEqual(['NONCE_REPLAYED'])
    // a third agency's approval, co-signed by agency-0's second administrator (adds nothing) completes it
    expect(await next(node, [checked(act(admins[2]!, 'governance.proposal.approve', { proposal: c.hashHex }, [admin0b]))])).toEqual([])
    expect((await proposal(node, c.hashHex))!.status).toBe('approved')
  })

  it('checks each co-signer\'s role, at admission and at execution', async () => {
    const node = await open()
    // staff holds no administrator key: refused at admission, and by execution if it got into a block
    const bad = act(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 }, [staff])
    expect(await codeOf(() => node.mempool.addJson(bad))).toBe('UNAUTHORIZED_ROLE')
    expect(node.mempool.size).toBe(0)
    expect(await next(node, [checked(bad)])).toEqual(['UNAUTHORIZED_ROLE'])
    // a role-gated co-signer: staff needs an active notary credential to co-sign pair.note.add
    const note = () => checked(act(admins[0]!, 'pair.note.add', { text: 'together' }, [staff]))
    expect(await next(node, [note()])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await next(node, [single(admins[0]!, 'identity.role.grant', { agency: 'agency-0', subject: pk(staff), role: 'notary', expiresAt: null })])).toEqual([])
    const ok = note()
    expect(await next(node, [ok])).toEqual([])
    expect(await node.store.get(`pair/${ok.hashHex}`)).toEqual({ by: pk(admins[0]!), with: [pk(staff)] })
  })
})

describe('admission of a co-signed transaction: cheap checks first (review finding 11)', () => {
  it('refuses co-signers without standing before any signature is verified', async () => {
    const node = await open()
    // forged signatures throughout, co-signers who administer nothing: refused on standing, no signature verified
    const forged = makeAct({ chainId: CHAIN, type: 'governance.proposal.submit', payload: { change: admit(), effectiveHeight: 300 }, signer: pk(admins[0]!), nonce: ++nonce, time: NOW, cosigners: [pk(staff), pk(newcomer)] })
    const zeros = '00'.repeat(64)
    const json = { ...forged, sig: zeros, cosigners: forged.cosigners!.map((c) => ({ key: c.key, sig: zeros })) }
    expect(await codeOf(() => node.mempool.addJson(json))).toBe('UNAUTHORIZED_ROLE')
    expect(await codeOf(() => node.mempool.addBytes(encodeTx(txFromJson(json as TxJson))))).toBe('UNAUTHORIZED_ROLE')
    // with co-signers in standing, the forged signatures are what is refused
    const standing = { ...json, cosigners: [{ key: pk(admins[1]!), sig: zeros }] }
    expect(await codeOf(() => node.mempool.addJson({ ...standing, nonce: ++nonce }))).toBe('BAD_SIGNATURE')
  })
})

describe('the age of an act (docs/adr/0020)', () => {
  it('a co-signed transaction older than MAX_ACT_AGE_MS is refused at admission and at execution', async () => {
    const node = await open()
    const dated = (time: number): ActJson => {
      let a = makeAct({ chainId: CHAIN, type: 'governance.proposal.submit', payload: { change: admit(), effectiveHeight: 300 }, signer: pk(admins[0]!), nonce: ++nonce, time, cosigners: [pk(admins[1]!)] })
      for (const s of [admins[0]!, admins[1]!]) a = signAct(a, s)
      return a
    }
    // the mempool's clock is NOW; the next block is dated genesis + 1 s
    expect(await codeOf(() => node.mempool.addJson(dated(NOW - MAX_ACT_AGE_MS - 1)))).toBe('ACT_EXPIRED')
    expect(await next(node, [checked(dated(GENESIS_TIME + 1000 - MAX_ACT_AGE_MS - 1))])).toEqual(['ACT_EXPIRED'])
    expect(await next(node, [checked(dated(node.chain.head().time + 1000 - MAX_ACT_AGE_MS))])).toEqual([])
  })

  it('does not bound a single-signer transaction', async () => {
    const node = await open()
    const old = checker.fromBytes(encodeTx(makeTx(admins[0]!, { chainId: CHAIN, type: 'governance.proposal.submit', payload: { change: admit(), effectiveHeight: 50 }, nonce: ++nonce, time: GENESIS_TIME - 30 * 86_400_000 })))
    expect(await next(node, [old])).toEqual([])
  })
})

describe('step-wise acts: governance proposals', () => {
  it('are completed by the last required step', async () => {
    const node = await open()
    const c = single(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 })
    expect(await next(node, [c])).toEqual([])
    expect(await next(node, [single(admins[1]!, 'governance.proposal.approve', { proposal: c.hashHex })])).toEqual([])
    expect((await proposal(node, c.hashHex))!.status).toBe('open')
    expect(await next(node, [single(admins[2]!, 'governance.proposal.approve', { proposal: c.hashHex })])).toEqual([])
    expect((await proposal(node, c.hashHex))!).toMatchObject({ status: 'approved', approvedAt: 3 })
    // no step after completion, and no withdrawal
    expect(await next(node, [single(admins[3]!, 'governance.proposal.approve', { proposal: c.hashHex })])).toEqual(['RULE_VIOLATION'])
    expect(await next(node, [single(admins[0]!, 'governance.proposal.withdraw', { proposal: c.hashHex })])).toEqual(['RULE_VIOLATION'])
  })

  it('can be withdrawn by its proposer or its agency\'s other administrator, not by another agency; then take no steps', async () => {
    const node = await open()
    const c = single(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 })
    expect(await next(node, [c])).toEqual([])
    expect(await next(node, [single(admins[1]!, 'governance.proposal.withdraw', { proposal: c.hashHex })])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await next(node, [single(admin0b, 'governance.proposal.withdraw', { proposal: c.hashHex })])).toEqual([])
    const p = await proposal(node, c.hashHex)
    expect(p!.status).toBe('withdrawn')
    expect(await next(node, [single(admins[1]!, 'governance.proposal.approve', { proposal: c.hashHex })])).toEqual(['RULE_VIOLATION'])
    expect(await next(node, [single(admins[0]!, 'governance.proposal.withdraw', { proposal: c.hashHex })])).toEqual(['RULE_VIOLATION'])
    expect(await next(node, [single(admins[0]!, 'governance.proposal.withdraw', { proposal: 'cd'.repeat(32) })])).toEqual(['NOT_FOUND'])
  })

  it('cannot be withdrawn by an agency that approved in the block that opened it', async () => {
    const node = await open()
    const c = single(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 })
    const approve = single(admins[1]!, 'governance.proposal.approve', { proposal: c.hashHex })
    expect(await next(node, [c, approve])).toEqual([])
    // agency-1 approved at the opening height, but did not open the proposal
    expect(await next(node, [single(admins[1]!, 'governance.proposal.withdraw', { proposal: c.hashHex })])).toEqual(['UNAUTHORIZED_ROLE'])
    expect((await proposal(node, c.hashHex))!.status).toBe('open')
    expect(await next(node, [single(admin0b, 'governance.proposal.withdraw', { proposal: c.hashHex })])).toEqual([])
  })

  it('expire: no step past the deadline', async () => {
    const node = await open()
    const c = single(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 5 })
    expect(await next(node, [c])).toEqual([])
    // approvable until height 3 (two blocks before the effective height)
    expect(await next(node)).toEqual([])
    expect(await next(node)).toEqual([])
    expect((await proposal(node, c.hashHex))!.status).toBe('expired')
    expect(await next(node, [single(admins[1]!, 'governance.proposal.approve', { proposal: c.hashHex })])).toEqual(['RULE_VIOLATION'])
    expect(await next(node, [single(admins[0]!, 'governance.proposal.withdraw', { proposal: c.hashHex })])).toEqual(['RULE_VIOLATION'])
  })
})

describe('a genesis naming an administrator twice in one agency', () => {
  // main (before step-wise acts) wrote one approval per agency the signer administers, a repeated agency twice:
  // the record, and so the app hash, must stay the same; only co-signers' parties are counted once
  const DUP = 'daejang-dup'
  const g = consortiumGenesis(DUP, vals, [[admins[0]!, admins[0]!], [admins[1]!, admins[1]!], [admins[2]!], [admins[3]!]])
  const ck = makeChecker(g, registries)
  const tx = (signer: Signer, type: string, payload: JsonValue): CheckedTx =>
    ck.fromBytes(encodeTx(makeTx(signer, { chainId: DUP, type, payload, nonce: ++nonce, time: GENESIS_TIME })))
  async function step(node: LedgerNode, candidates: CheckedTx[]): Promise<string[]> {
    const head = node.chain.head()
    const h = head.height + 1
    const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
    const { prepared, rejected } = await node.chain.buildBlock(candidates, node.chain.validatorSetAt(h)!.proposer(h, 0).publicKey, head.time + 1000, lastCommit)
    await node.chain.commit(prepared, signCommit(DUP, vals, h, prepared.hash))
    return rejected.map((r) => r.error.code)
  }

  it('keeps the signer\'s approvals as main wrote them (the repeated agency twice), on submit and on approve', async () => {
    const node = await openNode(cleanup, { genesis: g, chainId: DUP } as Fixture, { registries })
    const c = tx(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 })
    expect(await step(node, [c])).toEqual([])
    expect(await step(node, [tx(admins[1]!, 'governance.proposal.approve', { proposal: c.hashHex })])).toEqual([])
    const p = await getProposal(node.store, c.hashHex, node.chain.validatorHistory, node.chain.head().height)
    expect(p!.approvals).toEqual([
      { agency: 'agency-0', by: pk(admins[0]!), height: 1 },
      { agency: 'agency-0', by: pk(admins[0]!), height: 1 },
      { agency: 'agency-1', by: pk(admins[1]!), height: 2 },
      { agency: 'agency-1', by: pk(admins[1]!), height: 2 },
    ])
  })

  it('counts a co-signer\'s repeated agency once', async () => {
    const node = await openNode(cleanup, { genesis: g, chainId: DUP } as Fixture, { registries })
    let a = makeAct({ chainId: DUP, type: 'governance.proposal.submit', payload: { change: admit(), effectiveHeight: 50 }, signer: pk(admins[2]!), nonce: ++nonce, time: GENESIS_TIME, cosigners: [pk(admins[1]!)] })
    a = signAct(signAct(a, admins[2]!), admins[1]!)
    const c = ck.fromJson(a)
    expect(await step(node, [c])).toEqual([])
    const p = await getProposal(node.store, c.hashHex, node.chain.validatorHistory, node.chain.head().height)
    expect(p!.approvals.map((x) => x.agency)).toEqual(['agency-2', 'agency-1'])
  })
})

describe('the workflow mechanism on its own', () => {
  /** an act that needs both "a" and "b", open until height 10 */
  interface Pair extends PendingAct {
    done?: boolean
  }
  const wf: Workflow<Pair, null> = {
    noun: 'pair',
    alreadyApproved: 'both sides of this pair have already signed',
    key: (id) => `pair/${id}`,
    deadline: () => 10,
    complete: async (_ctx, r) => {
      const have = new Set(r.approvals.map((a) => a.agency))
      return have.has('a') && have.has('b') ? { ...r, status: 'approved', approvedAt: r.approvals.at(-1)!.height } : r
    },
  }
  const fresh = (): Pair => ({ id: 'x', proposer: 'p', proposedAt: 1, approvals: [{ agency: 'a', by: 'p', height: 1 }], status: 'open', approvedAt: null })

  it('opens, refuses a repeated party, completes on the last step', async () => {
    const s = new Overlay({ get: async () => undefined })
    await openAct(s, wf, null, fresh())
    expect(await codeOf(() => takeStep(s, wf, null, { id: 'x', parties: { signer: [{ agency: 'a', by: 'q' }] }, height: 2 }))).toBe('RULE_VIOLATION')
    // the refusal speaks the workflow's terms, not governance's
    await expect(takeStep(s, wf, null, { id: 'x', parties: { signer: [{ agency: 'a', by: 'q' }] }, height: 2 })).rejects.toThrow('both sides of this pair have already signed')
    const r = await takeStep(s, wf, null, { id: 'x', parties: { signer: [{ agency: 'b', by: 'q' }] }, height: 3 })
    expect(r).toMatchObject({ status: 'approved', approvedAt: 3 })
    expect(await s.get('pair/x')).toEqual(r)
    expect(await codeOf(() => takeStep(s, wf, null, { id: 'nope', parties: { signer: [{ agency: 'b', by: 'q' }] }, height: 3 }))).toBe('NOT_FOUND')
  })

  it('expires past its deadline and can be withdrawn until then', async () => {
    const s = new Overlay({ get: async () => undefined })
    await openAct(s, wf, null, fresh())
    expect(statusAt(wf, fresh(), 10)).toBe('open')
    expect(statusAt(wf, fresh(), 11)).toBe('expired')
    expect(await codeOf(() => takeStep(s, wf, null, { id: 'x', parties: { signer: [{ agency: 'b', by: 'q' }] }, height: 11 }))).toBe('RULE_VIOLATION')
    expect(await codeOf(() => withdrawAct(s, wf, { id: 'x', by: 'q', parties: ['b'], height: 5 }))).toBe('UNAUTHORIZED_ROLE')
    expect(await withdrawAct(s, wf, { id: 'x', by: 'p', parties: [], height: 5 })).toMatchObject({ status: 'withdrawn', withdrawnAt: 5 })
    expect(await codeOf(() => takeStep(s, wf, null, { id: 'x', parties: { signer: [{ agency: 'b', by: 'q' }] }, height: 6 }))).toBe('RULE_VIOLATION')
  })
})

// keep txFromJson in the public surface used by the renderer (an act, once complete, is a transaction)
it('a complete act is a transaction', () => {
  const a = act(admins[0]!, 'governance.proposal.submit', { change: admit(), effectiveHeight: 50 }, [admins[1]!])
  expect(txFromJson(a as TxJson).cosigners).toHaveLength(1)
})
