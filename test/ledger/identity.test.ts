import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Tx } from '../../src/ledger/types/tx'
import {
  type Credential,
  adminAgencies,
  agenciesForRoles,
  credentialsKey,
  isActive,
  subjectCredentials,
} from '../../src/ledger/registries/identity'
import { identityGenesisState } from '../../src/ledger/registries/identity/genesis'
import { txTypeTable } from '../../src/ledger/registries'
import type { LedgerNode } from '../../src/ledger/node/node'
import {
  Cleanup,
  GENESIS_TIME,
  checked,
  grantTx,
  makeChecker,
  makeFixture,
  noteTx,
  openNode,
  produceBlock,
  revokeTx,
  signerFor,
  testRegistry,
} from './helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fx = makeFixture({ tag: 'identity', secondAgency: true })
const checker = makeChecker(fx.genesis)
const G = GENESIS_TIME
const staff = [0, 1, 2, 3].map((i) => signerFor('identity/staff-' + i))

/** Commit one block of `txs` at `time`; return the codes of the rejected ones (in order) and the included count. */
async function run(node: LedgerNode, txs: Tx[], time: number): Promise<{ included: number; codes: string[] }> {
  const { prepared, rejected } = await produceBlock(node, fx, { candidates: txs.map((t) => checked(checker, t)), time })
  return { included: prepared.txs.length, codes: rejected.map((r) => r.error.code) }
}

async function creds(node: LedgerNode, subject: { publicKey: Uint8Array }) {
  return subjectCredentials(node.store, toHex(subject.publicKey))
}

describe('identity: genesis state', () => {
  it('records every agency and indexes administrator keys', async () => {
    const state = new Map(identityGenesisState(fx.genesis))
    expect(state.get('id/agency/agency-a')).toMatchObject({ id: 'agency-a', admins: [toHex(fx.admin.publicKey)] })
    expect(state.get('id/agency/agency-b')).toMatchObject({ id: 'agency-b', validator: null })
    expect(state.get(`id/admin/${toHex(fx.admin.publicKey)}`)).toEqual(['agency-a'])
    expect(state.get(`id/admin/${toHex(fx.adminB.publicKey)}`)).toEqual(['agency-b'])
    const node = await openNode(cleanup, fx)
    expect(await adminAgencies(node.store, toHex(fx.admin.publicKey))).toEqual(['agency-a'])
    expect(await adminAgencies(node.store, toHex(staff[0]!.publicKey))).toEqual([])
  })

  it('a key administering two agencies is indexed under both, sorted', () => {
    const shared = signerFor('identity/shared-admin')
    const g = {
      ...fx.genesis,
      agencies: fx.genesis.agencies.map((a) => ({ ...a, admins: [...a.admins, toHex(shared.publicKey)] })).reverse(),
    }
    const state = new Map(identityGenesisState(g))
    expect(state.get(`id/admin/${toHex(shared.publicKey)}`)).toEqual(['agency-a', 'agency-b'])
  })

  it('the type table refuses a type outside its registry prefix or declared twice', () => {
    expect(() => txTypeTable([{ ...testRegistry, name: 'x', txTypes: { 'y.a': testRegistry.txTypes['test.any.ping']! } }])).toThrow()
    expect(() => txTypeTable([testRegistry, testRegistry])).toThrow()
    expect([...txTypeTable([testRegistry]).keys()].sort()).toEqual(['test.any.ping', 'test.note.add'])
  })
})

describe('identity: credentials and isActive', () => {
  const base: Credential = {
    id: 'x',
    agency: 'agency-a',
    role: 'notary',
    subject: 's',
    label: '',
    issuedBy: 'i',
    issuedAt: 1,
    issuedTime: 0,
    expiresAt: null,
    revoked: null,
  }
  it('is active until (not at) its expiry, and never once revoked', () => {
    expect(isActive(base, Number.MAX_SAFE_INTEGER)).toBe(true)
    expect(isActive({ ...base, expiresAt: 100 }, 99)).toBe(true)
    expect(isActive({ ...base, expiresAt: 100 }, 100)).toBe(false)
    expect(isActive({ ...base, revoked: { height: 2, time: 5, by: 'i', reason: 'r' } }, 0)).toBe(false)
  })
})

describe('identity: roles authorize transactions as of the block', () => {
  it('a granted role is active: the holder may act, and acts for the granting agency', async () => {
    const node = await openNode(cleanup, fx)
    expect(await run(node, [noteTx(staff[0]!, fx, { nonce: 1 })], G + 1000)).toEqual({ included: 0, codes: ['UNAUTHORIZED_ROLE'] })
    expect(await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]!, label: 'Clerk Kim' })], G + 2000)).toEqual({
      included: 1,
      codes: [],
    })
    const c = (await creds(node, staff[0]!)).notary!['agency-a']!
    expect(c).toMatchObject({
      agency: 'agency-a',
      role: 'notary',
      subject: toHex(staff[0]!.publicKey),
      label: 'Clerk Kim',
      issuedBy: toHex(fx.admin.publicKey),
      issuedAt: 2,
      issuedTime: G + 2000,
      expiresAt: null,
      revoked: null,
    })
    const note = noteTx(staff[0]!, fx, { nonce: 1 })
    const { prepared } = await produceBlock(node, fx, { candidates: [checked(checker, note)], time: G + 3000 })
    expect(prepared.txs).toHaveLength(1)
    expect(await node.store.get(`test/note/${prepared.txs[0]!.hashHex}`)).toEqual({ text: 'note 1', actingFor: ['agency-a'] })
    expect(await agenciesForRoles(node.store, toHex(staff[0]!.publicKey), ['notary'], G + 3000)).toEqual(['agency-a'])
    expect(await agenciesForRoles(node.store, toHex(staff[0]!.publicKey), ['registrar'], G + 3000)).toEqual([])
  })

  it('a credential authorizes before its expiry and not from it on', async () => {
    const node = await openNode(cleanup, fx)
    const expiresAt = G + 5000
    await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[1]!, expiresAt })], G + 1000)
    expect(await run(node, [noteTx(staff[1]!, fx, { nonce: 1 })], G + 4999)).toEqual({ included: 1, codes: [] })
    expect(await run(node, [noteTx(staff[1]!, fx, { nonce: 2 })], expiresAt)).toEqual({ included: 0, codes: ['UNAUTHORIZED_ROLE'] })
    expect(await run(node, [noteTx(staff[1]!, fx, { nonce: 2 })], G + 9000)).toEqual({ included: 0, codes: ['UNAUTHORIZED_ROLE'] })
    // an expired credential cannot be revoked either (nothing active to revoke)
    expect(await run(node, [revokeTx(fx.admin, fx, { nonce: 2, subject: staff[1]! })], G + 10_000)).toEqual({
      included: 0,
      codes: ['RULE_VIOLATION'],
    })
  })

  it('a grant that would already be expired is refused', async () => {
    const node = await openNode(cleanup, fx)
    expect(await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[1]!, expiresAt: G + 1000 })], G + 1000)).toEqual({
      included: 0,
      codes: ['RULE_VIOLATION'],
    })
  })

  it('a revoked credential no longer authorizes, and cannot be revoked twice', async () => {
    const node = await openNode(cleanup, fx)
    await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[2]! })], G + 1000)
    expect(await run(node, [noteTx(staff[2]!, fx, { nonce: 1 })], G + 2000)).toEqual({ included: 1, codes: [] })
    expect(await run(node, [revokeTx(fx.admin, fx, { nonce: 2, subject: staff[2]!, reason: 'retired' })], G + 3000)).toEqual({
      included: 1,
      codes: [],
    })
    expect((await creds(node, staff[2]!)).notary!['agency-a']!.revoked).toEqual({
      height: 3,
      time: G + 3000,
      by: toHex(fx.admin.publicKey),
      reason: 'retired',
    })
    expect(await run(node, [noteTx(staff[2]!, fx, { nonce: 2 })], G + 4000)).toEqual({ included: 0, codes: ['UNAUTHORIZED_ROLE'] })
    expect(await run(node, [revokeTx(fx.admin, fx, { nonce: 3, subject: staff[2]! })], G + 5000)).toEqual({
      included: 0,
      codes: ['RULE_VIOLATION'],
    })
    // a new grant restores the role
    await run(node, [grantTx(fx.admin, fx, { nonce: 4, subject: staff[2]! })], G + 6000)
    expect(await run(node, [noteTx(staff[2]!, fx, { nonce: 2 })], G + 7000)).toEqual({ included: 1, codes: [] })
  })

  it('revocation in the same block takes effect for the transactions after it', async () => {
    const node = await openNode(cleanup, fx)
    await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[3]! })], G + 1000)
    const r = await run(
      node,
      [noteTx(staff[3]!, fx, { nonce: 1 }), revokeTx(fx.admin, fx, { nonce: 2, subject: staff[3]! }), noteTx(staff[3]!, fx, { nonce: 2 })],
      G + 2000,
    )
    expect(r).toEqual({ included: 2, codes: ['UNAUTHORIZED_ROLE'] })
  })

  it('an administrator of another agency can neither revoke nor grant for this one', async () => {
    const node = await openNode(cleanup, fx)
    await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]! })], G + 1000)
    // admin B, naming agency A
    expect(await run(node, [revokeTx(fx.adminB, fx, { nonce: 1, subject: staff[0]!, agency: fx.agencyA })], G + 2000)).toEqual({
      included: 0,
      codes: ['UNAUTHORIZED_ROLE'],
    })
    // admin B, naming its own agency: there is no credential of B's to revoke
    expect(await run(node, [revokeTx(fx.adminB, fx, { nonce: 1, subject: staff[0]!, agency: fx.agencyB })], G + 3000)).toEqual({
      included: 0,
      codes: ['RULE_VIOLATION'],
    })
    expect(await run(node, [grantTx(fx.adminB, fx, { nonce: 1, subject: staff[1]!, agency: fx.agencyA })], G + 4000)).toEqual({
      included: 0,
      codes: ['UNAUTHORIZED_ROLE'],
    })
    // A's credential is untouched
    expect(await run(node, [noteTx(staff[0]!, fx, { nonce: 1 })], G + 5000)).toEqual({ included: 1, codes: [] })
  })

  it('a grant for an unknown agency fails (RULE_VIOLATION), even from an administrator', async () => {
    const node = await openNode(cleanup, fx)
    expect(await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]!, agency: 'agency-z' })], G + 1000)).toEqual({
      included: 0,
      codes: ['RULE_VIOLATION'],
    })
    expect(await node.store.get(credentialsKey(toHex(staff[0]!.publicKey)))).toBeUndefined()
  })

  it('a key that administers nothing cannot grant (UNAUTHORIZED_ROLE)', async () => {
    const node = await openNode(cleanup, fx)
    const stranger = signerFor('identity/stranger')
    expect(await run(node, [grantTx(stranger, fx, { nonce: 1, subject: stranger })], G + 1000)).toEqual({
      included: 0,
      codes: ['UNAUTHORIZED_ROLE'],
    })
  })

  it('credentials from two agencies: the holder acts for both, and a revocation by one leaves the other', async () => {
    const node = await openNode(cleanup, fx)
    const s = staff[0]!
    await run(
      node,
      [grantTx(fx.admin, fx, { nonce: 1, subject: s }), grantTx(fx.adminB, fx, { nonce: 1, subject: s, agency: fx.agencyB })],
      G + 1000,
    )
    expect(await agenciesForRoles(node.store, toHex(s.publicKey), ['notary'], G + 2000)).toEqual(['agency-a', 'agency-b'])
    await run(node, [revokeTx(fx.admin, fx, { nonce: 2, subject: s })], G + 2000)
    expect(await agenciesForRoles(node.store, toHex(s.publicKey), ['notary'], G + 3000)).toEqual(['agency-b'])
    const note = noteTx(s, fx, { nonce: 1 })
    const { prepared } = await produceBlock(node, fx, { candidates: [checked(checker, note)], time: G + 3000 })
    expect(await node.store.get(`test/note/${prepared.txs[0]!.hashHex}`)).toEqual({ text: 'note 1', actingFor: ['agency-b'] })
  })

  it('roles are separate: a registrar credential does not make a notary', async () => {
    const node = await openNode(cleanup, fx)
    await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[1]!, role: 'registrar' })], G + 1000)
    expect(await run(node, [noteTx(staff[1]!, fx, { nonce: 1 })], G + 2000)).toEqual({ included: 0, codes: ['UNAUTHORIZED_ROLE'] })
  })
})

describe('identity: the mempool checks roles against the latest state and the node clock', () => {
  it('admits a note only while the credential is active at the node time', async () => {
    let now = G + 10_000
    const node = await openNode(cleanup, fx, { now: () => now })
    await run(node, [grantTx(fx.admin, fx, { nonce: 1, subject: staff[0]!, expiresAt: G + 20_000 })], G + 1000)
    await node.submitBytes(checked(checker, noteTx(staff[0]!, fx, { nonce: 1 })).bytes)
    now = G + 20_000
    const late = checked(checker, noteTx(staff[0]!, fx, { nonce: 2 }))
    await expect(node.submitBytes(late.bytes)).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    expect(node.mempool.size).toBe(1)
  })
})
