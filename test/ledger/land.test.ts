/**
 * The land register's rules (docs/adr/0033), on a real node driven block by block: offices, registers, applications
 * signed by the parties together, commissions, examination; every refusal with its code and nothing changed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { applicationKey, entryKey, headKey } from '../../src/ledger/registries/land/portable/keys'
import type { Holder, StoredEntry } from '../../src/ledger/registries/land/portable/schema'
import { type JsonValue, encodeTx, makeTx } from '../../src/ledger/types/tx'
import { GENESIS_TIME, signerFor } from './helpers'
import {
  DAY,
  NUMBER,
  app,
  apply,
  bank,
  block,
  buyer,
  cleanup,
  commission,
  cur,
  enter,
  fourth,
  fx,
  get,
  location,
  owners,
  person,
  registrar,
  registrarB,
  request,
  seller,
  setUp,
  single,
  third,
} from './land-harness'

afterEach(() => cleanup.run())

describe('land register: offices and registers', () => {
  it('opens a register with its preservation entry and numbers it by office and year', async () => {
    const node = await setUp()
    const head = await get<{ kind: string; office: string; agency: string }>(node, headKey(NUMBER))
    expect(head).toMatchObject({ kind: 'land', office: '1101', agency: 'agency-a' })
    const e1 = await get<StoredEntry>(node, entryKey(NUMBER, 1))
    expect(e1).toMatchObject({ section: 'A', rank: '1', purpose: 'ownership.preservation', receipt: { office: '1101', number: 1 } })
    expect(await owners(node)).toEqual([['박서준', '1/1']])
    // another agency cannot take the office; a registrar of another agency cannot open registers there
    expect(await block(node, [single(fx.adminB, 'land.office.define', { agency: 'agency-b', office: '1101', name: 'x' })])).toEqual(['LAND_OFFICE'])
    const open = single(registrarB, 'land.register.open', {
      office: '1101',
      head: { kind: 'land', location, road: null, category: 'road', area: '1.00' },
      owners: [person('x', third) as unknown as JsonValue],
      cause: 'new-building',
      causeOn: DAY,
    } as unknown as JsonValue)
    expect(await block(node, [open])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await node.store.get(headKey('1101-2023-000002'))).toBeUndefined()
  })
})

describe('land register: a sale with a mortgage, a seizure and its release', () => {
  it('receives applications with the rules found as of receipt, enters them in order, and blocks a transfer while seized', async () => {
    const node = await setUp()
    // receipt 2: the sale (seller and buyer sign together); receipt 3: the buyer's mortgage with the bank
    const sale = apply(buyer, [seller], { holders: [person('김민지', buyer)], amount: '850000000' })
    const bankHolder: Holder = { kind: 'corporation', name: '한빛은행', id: '110111-0000002', idHash: null, address: '서울특별시 중구', key: null, agency: 'agency-b', share: null }
    const mortgage = apply(buyer, [bank], {
      purpose: 'right.mortgage',
      cause: 'contract',
      holders: [bankHolder],
      amount: '600000000',
      debtor: { name: '김민지', address: '서울특별시 종로구' },
    })
    expect(await block(node, [sale, mortgage])).toEqual([])
    expect((await app(node, 2)).findings).toEqual([])
    // at receipt the buyer was not the owner yet: the finding says so, and nothing was written on the register
    expect((await app(node, 3)).findings.map((f) => f.code)).toEqual(['LAND_PARTIES'])
    expect((await cur(node)).entries).toBe(1)

    // a stranger cannot enter; the registrar enters both, in receipt order
    expect(await block(node, [enter(2, registrarB)])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await block(node, [enter(2), enter(3)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/1']])
    const c = await cur(node)
    expect(c.live).toEqual([{ section: 'B', rank: '1', purpose: 'right.mortgage', of: null, holders: [bankHolder] }])
    expect((await app(node, 2)).status).toBe('entered')
    expect(await block(node, [enter(2)])).toEqual(['LAND_APP_STATE'])

    // receipt 4: a tax office's seizure, commissioned and entered
    const seizureHolder: Holder = { kind: 'public', name: '종로세무서', id: null, idHash: null, address: '서울특별시 종로구', key: null, agency: 'agency-a', share: null }
    expect(await block(node, [commission({ purpose: 'restriction.seizure', cause: 'tax-seizure', holders: [seizureHolder], caseNo: '세무-2023-77' })])).toEqual([])
    expect(await block(node, [enter(4)])).toEqual([])
    // receipt 5: the buyer sells on; entering it is refused while the seizure stands, and nothing changes
    expect(await block(node, [apply(third, [buyer], { holders: [person('이도윤', third)] })])).toEqual([])
    expect((await app(node, 5)).findings.map((f) => f.code)).toEqual(['LAND_RESTRICTED'])
    const before = await cur(node)
    expect(await block(node, [enter(5)])).toEqual(['LAND_RESTRICTED'])
    expect(await cur(node)).toEqual(before)
    // the registrar rejects it with a reason, which is recorded
    expect(await block(node, [single(registrar, 'land.reject', { office: '1101', year: 2023, receipt: 5, reason: '압류 등기가 있습니다.' })])).toEqual([])
    expect(await app(node, 5)).toMatchObject({ status: 'rejected', reason: '압류 등기가 있습니다.' })

    // receipt 6: the seizure is released by its authority; then receipt 7, the same sale again, is entered
    expect(await block(node, [commission({ purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '3' } })])).toEqual([])
    expect(await block(node, [enter(6)])).toEqual([])
    expect((await cur(node)).cancelled).toEqual({ 'A:3': '4' })
    expect(await block(node, [apply(third, [buyer], { holders: [person('이도윤', third)] })])).toEqual([])
    expect(await block(node, [enter(7)])).toEqual([])
    expect(await owners(node)).toEqual([['이도윤', '1/1']])
    // the mortgage stays (it ranks before the sale); only the bank may cancel it
    expect(await block(node, [apply(third, [], { purpose: 'cancellation', cause: 'release', target: { section: 'B', rank: '1' } })])).toEqual([])
    expect(await block(node, [enter(8)])).toEqual(['LAND_PARTIES'])
    expect(await block(node, [apply(bank, [third], { purpose: 'cancellation', cause: 'release', target: { section: 'B', rank: '1' } })])).toEqual([])
    expect(await block(node, [enter(9)])).toEqual([])
    expect((await cur(node)).live).toEqual([])
  })
})

describe('land register: co-ownership', () => {
  it('refuses shares that do not make the whole, and moves part of a share', async () => {
    const node = await setUp()
    const bad = apply(buyer, [seller, third], { holders: [person('김민지', buyer, '1/2'), person('이도윤', third, '1/3')] })
    expect(await block(node, [bad])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual(['LAND_SHARES'])
    const good = apply(buyer, [seller, third], { holders: [person('김민지', buyer, '1/2'), person('이도윤', third, '1/2')] })
    expect(await block(node, [good])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/2'], ['이도윤', '1/2']])
    // 김민지 sells half of her half to 최하은: 1/4 moves; a co-owner who did not sign cannot be the seller
    const notHers = apply(fourth, [third], { purpose: 'ownership.share-transfer', of: '2', portion: '3/4', holders: [person('최하은', fourth)] })
    const part = apply(fourth, [buyer], { purpose: 'ownership.share-transfer', of: '2', portion: '1/4', holders: [person('최하은', fourth)] })
    const tooMuch = apply(fourth, [buyer], { purpose: 'ownership.share-transfer', of: '2', portion: '3/4', holders: [person('최하은', fourth)] })
    expect(await block(node, [notHers, part, tooMuch])).toEqual([])
    expect(await block(node, [enter(4), enter(5), enter(6)])).toEqual(['LAND_SHARES', 'LAND_SHARES'])
    expect(await owners(node)).toEqual([['김민지', '1/4'], ['이도윤', '1/2'], ['최하은', '1/4']])
    // shares that sum to the whole but need a common denominator of more than 30 digits are refused
    const p = 10n ** 16n + 1n
    const q = 10n ** 16n + 3n
    const wide = apply(buyer, [third, fourth, seller], {
      holders: [
        person('김민지', buyer, `1/${2n * p}`),
        person('이도윤', third, `${p - 1n}/${2n * p}`),
        person('최하은', fourth, `1/${2n * q}`),
        person('박서준', seller, `${q - 1n}/${2n * q}`),
      ],
    })
    expect(await block(node, [wide])).toEqual([])
    expect(await block(node, [enter(7)])).toEqual(['LAND_SHARES'])
    expect(await owners(node)).toEqual([['김민지', '1/4'], ['이도윤', '1/2'], ['최하은', '1/4']])
    // a whole transfer needs every co-owner
    expect(await block(node, [apply(seller, [buyer, third], { holders: [person('박서준', seller)] })])).toEqual([])
    expect(await block(node, [enter(8)])).toEqual(['LAND_PARTIES'])
  })
})

describe('land register: a provisional registration keeps its rank', () => {
  it('the main registration takes the rank of the provisional one and cancels what came after it', async () => {
    const node = await setUp()
    // rank 2: 가등기 for 김민지; rank 3: a seizure after it
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [person('김민지', buyer)] })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    const seizureHolder: Holder = { kind: 'public', name: '종로세무서', id: null, idHash: null, address: '', key: null, agency: 'agency-a', share: null }
    expect(await block(node, [commission({ purpose: 'restriction.seizure', cause: 'tax-seizure', holders: [seizureHolder] })])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    // the seizure blocks an ordinary transfer, but not the main registration of the earlier 가등기
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.main', target: { section: 'A', rank: '2' }, holders: [] })])).toEqual([])
    expect(await block(node, [enter(4)])).toEqual([])
    expect(await owners(node)).toEqual([['김민지', '1/1']])
    const c = await cur(node)
    expect(c.owners[0]!.rank).toBe('2')
    expect(c.live).toEqual([])
    expect(Object.keys(c.cancelled).sort()).toEqual(['A:2', 'A:3'])
    const main = await get<StoredEntry>(node, entryKey(NUMBER, 4))
    expect(main).toMatchObject({ purpose: 'provisional.main', rank: '2', provisional: { rank: '2', receipt: 2 } })
    const exOfficio = await get<StoredEntry>(node, entryKey(NUMBER, 5))
    expect(exOfficio).toMatchObject({ purpose: 'cancellation', cause: 'ex-officio', target: { section: 'A', rank: '3' } })
  })
})

describe('land register: applications', () => {
  it('a party withdraws its application; a stranger cannot; a withdrawn application is not entered', async () => {
    const node = await setUp()
    expect(await block(node, [apply(buyer, [seller], { holders: [person('김민지', buyer)] })])).toEqual([])
    expect(await block(node, [single(third, 'land.withdraw', { office: '1101', year: 2023, receipt: 2 })])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await block(node, [single(seller, 'land.withdraw', { office: '1101', year: 2023, receipt: 2 })])).toEqual([])
    expect((await app(node, 2)).status).toBe('withdrawn')
    expect(await block(node, [enter(2)])).toEqual(['LAND_APP_STATE'])
    expect(await owners(node)).toEqual([['박서준', '1/1']])
  })
  it('refuses at admission an application from a key with no standing, and a restriction applied for by a party', async () => {
    const node = await setUp()
    const stranger = signerFor('land/stranger')
    const tx = makeTx(stranger, {
      chainId: fx.chainId,
      type: 'land.apply',
      payload: { office: '1101', request: request({ holders: [person('김민지', buyer)] }) } as unknown as JsonValue,
      nonce: 1,
      time: GENESIS_TIME + 60_000,
    })
    await expect(node.submitBytes(encodeTx(tx))).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    const seizureHolder: Holder = { kind: 'public', name: 'x', id: null, idHash: null, address: '', key: null, agency: 'agency-a', share: null }
    expect(await block(node, [apply(seller, [], { purpose: 'restriction.seizure', cause: 'tax-seizure', holders: [seizureHolder] })])).toEqual(['LAND_PARTIES'])
  })
  it('refuses an application no holder of the register signed, without spending a receipt number', async () => {
    const node = await setUp()
    // the buyer names itself and applies alone: admitted (it is a named party) but refused at execution
    expect(await block(node, [apply(buyer, [], { holders: [person('김민지', buyer)] })])).toEqual(['LAND_PARTIES'])
    expect(await node.store.get(applicationKey('1101', 2023, 2))).toBeUndefined()
    expect(await block(node, [apply(buyer, [seller], { holders: [person('김민지', buyer)] })])).toEqual([])
    expect((await app(node, 2)).status).toBe('received')
  })
  it('refuses a cause dated after the block', async () => {
    const node = await setUp()
    expect(await block(node, [apply(buyer, [seller], { holders: [person('김민지', buyer)], causeOn: '2030-01-01' })])).toEqual(['DATE_IN_FUTURE'])
  })
})
