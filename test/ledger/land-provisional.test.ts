/**
 * A 소유권이전청구권가등기 keeps its rank (docs/adr/0033, "가등기 priority"): the 본등기 is applied for by the 가등기's
 * holder and its obligors (the owners it was entered against), takes the 가등기's rank, and the registrar's entry
 * cancels ex officio (직권말소) every conflicting entry that ranks after it, in 갑구 and in 을구.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { entryKey } from '../../src/ledger/registries/land/portable/keys'
import type { CurrentState, Holder, StoredEntry } from '../../src/ledger/registries/land/portable/schema'
import { signerFor } from './helpers'
import {
  NUMBER,
  app,
  apply,
  bank,
  bankHolder,
  block,
  buyer,
  cleanup,
  commission,
  cur,
  enter,
  get,
  owners,
  person,
  pk,
  rebind,
  seller,
  setUp,
  third,
} from './land-harness'

afterEach(() => cleanup.run())

const attachment: Holder = { kind: 'public', name: '서울중앙지방법원', id: null, idHash: null, address: '서울특별시 서초구', key: null, agency: 'agency-a', share: null }
const entries = async (node: Awaited<ReturnType<typeof setUp>>): Promise<StoredEntry[]> => {
  const n = (await cur(node)).entries
  const out: StoredEntry[] = []
  for (let i = 1; i <= n; i++) out.push(await get<StoredEntry>(node, entryKey(NUMBER, i)))
  return out
}

/** 갑구 1 보존 (seller); 갑구 2 가등기 (buyer); 갑구 3 transfer to third; 을구 1 mortgage by third; 갑구 4 가압류. */
async function scenario() {
  const node = await setUp()
  expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('김민지', buyer)] })])).toEqual([])
  expect(await block(node, [enter(2)])).toEqual([])
  // the 가등기 records the owners it was entered against
  const prov = await get<StoredEntry>(node, entryKey(NUMBER, 2))
  expect(prov).toMatchObject({ purpose: 'provisional.transfer', rank: '2', obligors: [{ rank: '1', holder: { name: '박서준', key: pk(seller) } }] })
  // the seller sells to a third party anyway: entered (the 가등기 reserves the rank, it does not block)
  expect(await block(node, [apply(third, [seller], { holders: [person('이도윤', third)] })])).toEqual([])
  expect(await block(node, [enter(3)])).toEqual([])
  // the third party mortgages it, and a court attaches it
  expect(
    await block(node, [
      apply(third, [bank], { purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder], amount: '300000000', debtor: { name: '이도윤', address: '서울' } }),
    ]),
  ).toEqual([])
  expect(await block(node, [enter(4)])).toEqual([])
  expect(await block(node, [commission({ purpose: 'restriction.provisional-attachment', cause: 'court-decision', holders: [attachment], amount: '50000000', caseNo: '2023카단1234' })])).toEqual([])
  expect(await block(node, [enter(5)])).toEqual([])
  expect(await owners(node)).toEqual([['이도윤', '1/1']])
  expect((await cur(node)).live.map((l) => `${l.section}:${l.rank}:${l.purpose}`)).toEqual([
    'A:2:provisional.transfer',
    'B:1:right.mortgage',
    'A:4:restriction.provisional-attachment',
  ])
  return node
}

describe('가등기 → 본등기', () => {
  it('the 본등기 takes the 가등기 rank and cancels the later transfer, mortgage and attachment ex officio', async () => {
    const node = await scenario()
    const before = (await cur(node)).entries
    // receipt 6: the holder and the obligor (the seller, no longer the owner) apply for the 본등기
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect((await app(node, 6)).findings).toEqual([])
    expect(await block(node, [enter(6)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/1']])
    const c: CurrentState = await cur(node)
    expect(c.owners[0]!.rank).toBe('2')
    expect(c.live).toEqual([])
    expect(c.cancelled).toEqual({ 'A:2': '2', 'A:3': '5', 'A:4': '6', 'B:1': '2' })
    const es = (await entries(node)).slice(before)
    expect(es.map((e) => [e.section, e.rank, e.purpose, e.cause, e.target])).toEqual([
      ['A', '2', 'provisional.main', 'sale', { section: 'A', rank: '2' }],
      ['A', '5', 'cancellation', 'ex-officio', { section: 'A', rank: '3' }],
      ['B', '2', 'cancellation', 'ex-officio', { section: 'B', rank: '1' }],
      ['A', '6', 'cancellation', 'ex-officio', { section: 'A', rank: '4' }],
    ])
    expect(es[0]).toMatchObject({ provisional: { rank: '2', receipt: 2 } })
    // every entry of the 본등기 shares its receipt
    expect(new Set(es.map((e) => e.receipt.number))).toEqual(new Set([6]))
  })

  it('refuses a 본등기 signed by the current (third-party) owner instead of the obligor, and changes nothing', async () => {
    const node = await scenario()
    const before = await cur(node)
    expect(await block(node, [apply(buyer, [third], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect((await app(node, 6)).findings.map((f) => f.code)).toEqual(['LAND_NOT_OBLIGOR'])
    expect(await block(node, [enter(6)])).toEqual(['LAND_NOT_OBLIGOR'])
    expect(await cur(node)).toEqual(before)
    expect(await node.store.get(entryKey(NUMBER, before.entries + 1))).toBeUndefined()
    expect((await app(node, 6)).status).toBe('received')
    // the holder alone cannot either
    expect(await block(node, [apply(buyer, [], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect(await block(node, [enter(7)])).toEqual(['LAND_NOT_OBLIGOR'])
    expect(await cur(node)).toEqual(before)
  })

  it('keeps what ranks before the 가등기: an earlier mortgage stays, a later one is cancelled', async () => {
    const node = await setUp()
    // 을구 1: the seller's mortgage (receipt 2), then the 가등기 (receipt 3, 갑구 2)
    expect(
      await block(node, [
        apply(seller, [bank], { purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder], amount: '100000000', debtor: { name: '박서준', address: '서울' } }),
      ]),
    ).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('김민지', buyer)] })])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    // a later mortgage (receipt 4, 을구 2) is cancelled by the 본등기 (receipt 5); the earlier one stays
    expect(
      await block(node, [
        apply(seller, [bank], { purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder], amount: '200000000', debtor: { name: '박서준', address: '서울' } }),
      ]),
    ).toEqual([])
    expect(await block(node, [enter(4)])).toEqual([])
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect(await block(node, [enter(5)])).toEqual([])
    const c = await cur(node)
    expect(c.live.map((l) => `${l.section}:${l.rank}`)).toEqual(['B:1'])
    expect(c.cancelled['B:2']).toBe('3')
    expect(c.cancelled['B:1']).toBeUndefined()
  })

  it('a later 가등기 is cancelled too', async () => {
    const node = await setUp()
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('김민지', buyer)] })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await block(node, [apply(third, [seller], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('이도윤', third)] })])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect(await block(node, [enter(4)])).toEqual([])
    const c = await cur(node)
    expect(c.live).toEqual([])
    expect(c.cancelled['A:3']).toBe('4')
    // the later 가등기's holder and obligor hold nothing on the register any more: no standing, no receipt spent
    expect(await block(node, [apply(third, [seller], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '3' } })])).toEqual(['LAND_PARTIES'])
    // and the new owner cannot revive it
    expect(await block(node, [apply(third, [buyer], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '3' } })])).toEqual([])
    expect(await block(node, [enter(5)])).toEqual(['LAND_TARGET'])
  })

  it('an obligor whose key a registrar rebound signs the 본등기 with the new key; the lost one no longer counts', async () => {
    const node = await setUp()
    const renewed = signerFor('land/seller-renewed')
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('김민지', buyer)] })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    // the seller (still the owner, the 가등기's obligor) loses the key: the registrar binds a new one (receipt 3)
    expect(await block(node, [rebind('1', 0, renewed)])).toEqual([])
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect(await block(node, [enter(4)])).toEqual(['LAND_NOT_OBLIGOR'])
    expect(await block(node, [apply(buyer, [renewed], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect(await block(node, [enter(5)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/1']])
  })

  it("a registrar's rebinding of one of two co-owners of the same name does not hand the other's consent to the new key", async () => {
    const node = await setUp()
    const twin = signerFor('land/twin')
    const renewed = signerFor('land/twin-renewed')
    // two co-owners both named 김민지 (identifiers not recorded), told apart by their printed number
    const a = { ...person('김민지', buyer, '1/2'), id: '800101-2******' }
    const b = { ...person('김민지', twin, '1/2'), id: '920505-2******' }
    expect(await block(node, [apply(buyer, [seller, twin], { holders: [a, b] })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await block(node, [apply(third, [buyer, twin], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('이도윤', third)] })])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    // the second co-owner loses the key: the registrar binds a new one
    expect(await block(node, [rebind('2', 1, renewed)])).toEqual([])
    const before = await cur(node)
    // the new key and the claim's holder alone cannot take the first co-owner's half too
    expect(await block(node, [apply(third, [renewed], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '3' } })])).toEqual([])
    expect(await block(node, [enter(5)])).toEqual(['LAND_NOT_OBLIGOR'])
    expect(await cur(node)).toEqual(before)
    // with both (the first by the key she always had) it is entered
    expect(await block(node, [apply(third, [buyer, renewed], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '3' } })])).toEqual([])
    expect(await block(node, [enter(6)])).toEqual([])
    expect(await owners(node)).toEqual([['이도윤', '1/1']])
  })

  it('when the rebound co-owner cannot be told from the other, the 본등기 is refused for a registrar to examine', async () => {
    const node = await setUp()
    const twin = signerFor('land/twin')
    const renewed = signerFor('land/twin-renewed')
    // alike but for their keys: same name, same printed number, same address, no identifier hash
    expect(await block(node, [apply(buyer, [seller, twin], { holders: [person('김민지', buyer, '1/2'), person('김민지', twin, '1/2')] })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await block(node, [apply(third, [buyer, twin], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('이도윤', third)] })])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    expect(await block(node, [rebind('2', 1, renewed)])).toEqual([])
    const before = await cur(node)
    expect(await block(node, [apply(third, [renewed], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '3' } })])).toEqual([])
    expect(await block(node, [enter(5)])).toEqual(['LAND_NOT_OBLIGOR'])
    expect(await block(node, [apply(third, [buyer, renewed], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '3' } })])).toEqual([])
    expect(await block(node, [enter(6)])).toEqual(['LAND_NOT_OBLIGOR'])
    expect(await cur(node)).toEqual(before)
  })
})
