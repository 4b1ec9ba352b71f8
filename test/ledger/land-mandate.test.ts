/**
 * A licensed agent (법무사) signs for a party only with the party's mandate for that exact request (docs/adr/0033,
 * "Agents and their mandates"): the party's Ed25519 signature over the domain-separated hash of the agent's key, the
 * office and the request's canonical hash. The mandate replaces the party's co-signature; it does not bypass it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { checkMandate, makeMandate, mandateDigest, requestHash } from '../../src/ledger/registries/land/portable/mandate'
import { toHex } from '../../src/ledger/codec/bytes'
import { encodeCanonical } from '../../src/ledger/codec/canonical'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { LAND_ERRORS } from '../../src/ledger/registries/land/portable/errors'
import type { LandRequest } from '../../src/ledger/registries/land/portable/schema'
import type { JsonValue } from '../../src/ledger/types/tx'
import { signerFor } from './helpers'
import { app, block, buyer, cleanup, cur, enter, fx, grant, joint, owners, person, pk, request, seller, setUp, single, third } from './land-harness'

afterEach(() => cleanup.run())

const agent = signerFor('land/agent')
const unlicensed = signerFor('land/unlicensed')

const sale = request({ holders: [person('김민지', buyer)], amount: '850000000' })
const mandateOf = (party: Signer, by: Signer = agent, office = '1101', r: LandRequest = sale, chainId = fx.chainId) =>
  makeMandate(pk(party), (m) => party.sign(m), pk(by), office, r, chainId)
const file = (signer: Signer, cosigners: Signer[], r: LandRequest, mandates: unknown[]) =>
  joint(signer, 'land.apply', { office: '1101', request: r, mandates } as unknown as JsonValue, cosigners)

async function withAgent() {
  const node = await setUp()
  expect(await block(node, [grant(fx.admin, agent, 'land-agent', 'agency-a')])).toEqual([])
  return node
}

describe('a licensed agent under mandate', () => {
  it("files for the seller with the seller's mandate; the application records the mandate's hash and is entered", async () => {
    const node = await withAgent()
    const m = mandateOf(seller)
    expect(await block(node, [file(agent, [buyer], sale, [m])])).toEqual([])
    const a = await app(node, 2)
    expect(a.findings).toEqual([])
    expect(a.parties).toEqual([pk(agent), pk(buyer)])
    expect(a.mandates).toHaveLength(1)
    expect(a.mandates![0]).toMatchObject({ party: pk(seller), agent: pk(agent) })
    expect(a.mandates![0]!.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/1']])
  })

  it('an agent may carry the mandates of both parties', async () => {
    const node = await withAgent()
    expect(await block(node, [file(agent, [], sale, [mandateOf(seller), mandateOf(buyer)])])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/1']])
  })

  it('refuses, with LAND_MANDATE and no receipt spent, an agent without a valid mandate for that exact request', async () => {
    const node = await withAgent()
    const before = await cur(node)
    const other = request({ holders: [person('김민지', buyer)], amount: '1000' })
    const forged = { ...mandateOf(seller), sig: mandateOf(third).sig }
    const cases: Array<[string, unknown[]]> = [
      ['no mandate at all', []],
      ['a mandate for another request', [mandateOf(seller, agent, '1101', other)]],
      ['a mandate for another agent', [mandateOf(seller, third)]],
      ['a mandate for another office', [mandateOf(seller, agent, '2101')]],
      ["a mandate not signed by the party's key", [forged]],
      ['a mandate whose request hash is not this request’s', [{ ...mandateOf(seller), request: requestHash(other) }]],
    ]
    for (const [why, mandates] of cases) {
      expect(await block(node, [file(agent, [buyer], sale, mandates)]), why).toEqual(['LAND_MANDATE'])
    }
    // a key that is not a licensed agent cannot act under a mandate either
    expect(await block(node, [file(unlicensed, [buyer], sale, [mandateOf(seller, unlicensed)])])).toEqual(['LAND_MANDATE'])
    expect(await cur(node)).toEqual(before)
    expect(await node.store.get('ld/app/1101/2023/0000002')).toBeUndefined()
  })

  it('a licensed agent who owns the property signs for itself, needing no mandate', async () => {
    const node = await withAgent()
    expect(await block(node, [grant(fx.admin, seller, 'land-agent', 'agency-a')])).toEqual([])
    expect(await block(node, [file(buyer, [seller], sale, [])])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/1']])
  })

  it('a request naming a mandate hash the application does not carry is refused', async () => {
    const node = await withAgent()
    const m = mandateOf(seller)
    const named = { ...sale, mandate: 'ab'.repeat(32) }
    expect(await block(node, [file(agent, [buyer], named, [m])])).toEqual(['LAND_MANDATE'])
  })

  it('the mandated party may withdraw the application its agent filed', async () => {
    const node = await withAgent()
    expect(await block(node, [file(agent, [buyer], sale, [mandateOf(seller)])])).toEqual([])
    expect(await block(node, [single(third, 'land.withdraw', { office: '1101', year: 2023, receipt: 2 })])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await block(node, [single(seller, 'land.withdraw', { office: '1101', year: 2023, receipt: 2 })])).toEqual([])
    expect((await app(node, 2)).status).toBe('withdrawn')
  })
})

describe('a mandate is used once', () => {
  it('after the party withdraws, the agent cannot file the same request again with the same mandate', async () => {
    const node = await withAgent()
    const m = mandateOf(seller)
    expect(await block(node, [file(agent, [buyer], sale, [m])])).toEqual([])
    expect(await block(node, [single(seller, 'land.withdraw', { office: '1101', year: 2023, receipt: 2 })])).toEqual([])
    const before = await cur(node)
    // the withdrawn consent must not come back: the same mandate, the same request, a new transaction
    expect(await block(node, [file(agent, [buyer], sale, [m])])).toEqual(['LAND_MANDATE'])
    expect(await node.store.get('ld/app/1101/2023/0000003')).toBeUndefined()
    expect(await cur(node)).toEqual(before)
    // the party may still file it by signing it itself
    expect(await block(node, [file(buyer, [seller], sale, [])])).toEqual([])
  })

  it('one mandate cannot be carried by two applications in one block', async () => {
    const node = await withAgent()
    const m = mandateOf(seller)
    expect(await block(node, [file(agent, [buyer], sale, [m]), file(agent, [buyer], sale, [m])])).toEqual(['LAND_MANDATE'])
  })
})

describe('the mandate (portable)', () => {
  it("binds agent, office and the request's canonical hash; the request's own mandate field is left out of it", () => {
    const m = mandateOf(seller)
    expect(checkMandate(m, '1101', sale, fx.chainId)).toEqual({ hash: toHex(mandateDigest(fx.chainId, pk(agent), '1101', requestHash(sale))) })
    expect(requestHash({ ...sale, mandate: 'cd'.repeat(32) })).toBe(requestHash(sale))
    // key order does not matter (canonical), any field's value does
    const reordered = Object.fromEntries(Object.entries(sale).reverse()) as LandRequest
    expect(requestHash(reordered)).toBe(requestHash(sale))
    expect(requestHash({ ...sale, amount: '850000001' })).not.toBe(requestHash(sale))
    expect(checkMandate(m, '2101', sale, fx.chainId)).toHaveProperty('reason')
    expect(checkMandate({ ...m, agent: pk(third) }, '1101', sale, fx.chainId)).toHaveProperty('reason')
    expect(checkMandate({ ...m, party: pk(buyer) }, '1101', sale, fx.chainId)).toHaveProperty('reason')
    expect(checkMandate(m, '1101', { ...sale, causeOn: '2023-11-09' }, fx.chainId)).toHaveProperty('reason')
  })

  it('binds the chain: a mandate signed for another chain is refused here, and the same one verifies on its own chain', () => {
    const other = mandateOf(seller, agent, '1101', sale, 'another-chain')
    expect(checkMandate(other, '1101', sale, fx.chainId)).toEqual({ reason: expect.stringMatching(/not signed by that key for this chain/) })
    expect(checkMandate(other, '1101', sale, 'another-chain')).toEqual({ hash: toHex(mandateDigest('another-chain', pk(agent), '1101', requestHash(sale))) })
    // the same party, agent, office and request: a different mandate hash on each chain (used-once is per chain)
    expect(mandateDigest('another-chain', pk(agent), '1101', requestHash(sale))).not.toEqual(mandateDigest(fx.chainId, pk(agent), '1101', requestHash(sale)))
  })

  it('refuses a mandate signed the earlier way (v1, without the chain), saying it must be signed again', () => {
    const reqHash = requestHash(sale)
    const v1 = sha256(encodeCanonical(['daejang/land/mandate/v1', pk(agent), '1101', reqHash]))
    const old = { party: pk(seller), agent: pk(agent), office: '1101', request: reqHash, sig: toHex(seller.sign(v1)) }
    expect(checkMandate(old, '1101', sale, fx.chainId)).toEqual({ reason: expect.stringMatching(/signed again/) })
    // the words a person reads name the chain and the remedy, in both languages
    expect(LAND_ERRORS.LAND_MANDATE.text.en).toMatch(/ledger/)
    expect(LAND_ERRORS.LAND_MANDATE.text.ko).toMatch(/원장/)
  })

  it("an application carrying a mandate signed for another chain is refused with LAND_MANDATE and changes nothing", async () => {
    const node = await withAgent()
    expect(await block(node, [file(agent, [buyer], sale, [mandateOf(seller, agent, '1101', sale, 'another-chain')])])).toEqual(['LAND_MANDATE'])
    expect(await app(node, 2)).toBeUndefined()
    // the same request with a mandate for this chain is filed (receipt 2: the refusal took no number)
    expect(await block(node, [file(agent, [buyer], sale, [mandateOf(seller)])])).toEqual([])
    expect((await app(node, 2)).mandates).toHaveLength(1)
  })
})
