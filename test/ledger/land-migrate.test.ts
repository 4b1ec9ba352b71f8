/**
 * land.register.migrate (docs/adr/0037): an existing register opened with its number and history; the current state
 * derived by the live rules' own replay; every refusal with its code and nothing changed.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { currentKey, entryKey, headKey } from '../../src/ledger/registries/land/portable/keys'
import { migrationKey, type MigratedEntry } from '../../src/ledger/registries/land/portable/import-schema'
import type { CurrentState, Holder, StoredEntry } from '../../src/ledger/registries/land/portable/schema'
import type { JsonValue } from '../../src/ledger/types/tx'
import {
  NUMBER,
  app,
  apply,
  bank,
  bankHolder,
  block,
  buyer,
  cleanup,
  cur,
  enter,
  get,
  person,
  pk,
  registrar,
  registrarB,
  seller,
  setUp,
  single,
  third,
} from './land-harness'

afterEach(() => cleanup.run())

const MIG = '1101-1996-000123'
const SOURCE = 'ab'.repeat(32)
const keyless = (name: string, share: string | null = null, id = '700101-1******'): Holder => ({
  kind: 'person',
  name,
  id,
  idHash: null,
  address: '서울특별시 종로구 사직로 8',
  key: null,
  agency: null,
  share,
})
const courtHolder: Holder = { kind: 'public', name: '서울중앙지방법원', id: null, idHash: null, address: '서울특별시 서초구', key: null, agency: 'agency-a', share: null }
const entry = (o: Partial<MigratedEntry> & Pick<MigratedEntry, 'section' | 'rank' | 'purpose'>, n: number, on: string): MigratedEntry => ({
  receipt: { on, number: n },
  cause: 'sale',
  causeOn: on,
  holders: [],
  of: null,
  portion: null,
  amount: null,
  debtor: null,
  target: null,
  caseNo: null,
  ...o,
})
const history = (): MigratedEntry[] => [
  entry({ section: 'A', rank: '1', purpose: 'ownership.preservation', cause: 'new-building', holders: [keyless('홍길동')] }, 1201, '1996-03-04'),
  entry({ section: 'A', rank: '2', purpose: 'ownership.transfer', holders: [keyless('이순신', '1/2', '650202-1******'), keyless('유관순', '1/2', '690303-2******')], amount: '350000000' }, 8812, '2004-07-01'),
  entry(
    { section: 'B', rank: '1', purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder], amount: '240000000', debtor: { name: '이순신', address: '서울특별시 종로구 사직로 8' } },
    8813,
    '2004-07-01',
  ),
  entry({ section: 'A', rank: '3', purpose: 'restriction.provisional-attachment', cause: 'court-decision', holders: [courtHolder], amount: '50000000', caseNo: '2010카단1234' }, 301, '2010-02-02'),
  entry({ section: 'A', rank: '4', purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '3' } }, 990, '2011-05-05'),
  entry({ section: 'B', rank: '2', purpose: 'cancellation', cause: 'termination', target: { section: 'B', rank: '1' } }, 4410, '2019-09-09'),
]
const payload = (o: Record<string, unknown> = {}): JsonValue =>
  ({
    number: MIG,
    office: '1101',
    head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '청진동', ri: null, mountain: false, main: 70, sub: 0 }, road: null, category: 'building-site', area: '412.50' },
    entries: history(),
    source: SOURCE,
    ...o,
  }) as unknown as JsonValue
const migrate = (o: Record<string, unknown> = {}, by = registrar) => single(by, 'land.register.migrate', payload(o))

describe('land.register.migrate', () => {
  it('opens a register with its number and history; cur is what the rules give; the line is never imported twice', async () => {
    const node = await setUp()
    expect(await block(node, [migrate()])).toEqual([])
    const c = await get<CurrentState>(node, currentKey(MIG))
    expect(c.owners.map((o) => [o.rank, o.holder.name, o.share, o.holder.key])).toEqual([
      ['2', '이순신', '1/2', null],
      ['2', '유관순', '1/2', null],
    ])
    expect(c.live).toEqual([])
    expect(c.cancelled).toEqual({ 'A:3': '4', 'B:1': '2' })
    expect(c.entries).toBe(6)
    const e2 = await get<StoredEntry>(node, entryKey(MIG, 2))
    expect(e2).toMatchObject({ seq: 2, section: 'A', rank: '2', receipt: { office: '1101', on: '2004-07-01', number: 8812 }, amount: '350000000' })
    expect(e2.holders.map((h) => h.key)).toEqual([null, null])
    expect(await get(node, headKey(MIG))).toMatchObject({ kind: 'land', office: '1101', agency: 'agency-a' })
    expect(await get(node, migrationKey(SOURCE))).toBe(MIG)
    // the same line again; another line with the same number: refused, nothing changed
    expect(await block(node, [migrate()])).toEqual(['LAND_ALREADY_IMPORTED'])
    expect(await block(node, [migrate({ source: 'cd'.repeat(32) })])).toEqual(['LAND_NUMBER_TAKEN'])
    expect(await get(node, migrationKey('cd'.repeat(32)))).toBeUndefined()
  })

  it('keeps a live mortgage and restriction; the keyless owners act once a registrar binds their keys', async () => {
    const node = await setUp()
    const h = history().slice(0, 4)
    expect(await block(node, [migrate({ entries: h })])).toEqual([])
    const c = await get<CurrentState>(node, currentKey(MIG))
    expect(c.live.map((l) => [l.section, l.rank, l.purpose])).toEqual([
      ['B', '1', 'right.mortgage'],
      ['A', '3', 'restriction.provisional-attachment'],
    ])
    // the live rules now run on the migrated register: with a key bound, an owner's transfer is held by the 가압류
    const rb = (rank: string, holder: number, key: typeof seller) =>
      single(registrar, 'land.holder.rebind', { register: MIG, section: 'A', rank, holder, key: pk(key), reason: '신분증 확인' })
    expect(await block(node, [rb('2', 0, seller), rb('2', 1, third)])).toEqual([])
    const bound = await get<CurrentState>(node, currentKey(MIG))
    expect(bound.owners.map((o) => o.holder.key)).toEqual([pk(seller), pk(third)])
    expect(await block(node, [apply(seller, [third, buyer], { register: MIG, holders: [person('김민지', buyer)] })])).toEqual([])
    // received (receipt 4: 1 the opening in setUp, 2 and 3 the rebinds) with the rule's finding: the 가압류 holds it
    expect((await app(node, 4)).findings.map((f) => f.code)).toEqual(['LAND_RESTRICTED'])
    expect(await block(node, [enter(4)])).toEqual(['LAND_RESTRICTED'])
  })

  it('refuses a history that does not hold together, with the rule’s code, and changes nothing', async () => {
    const node = await setUp()
    const bad = (f: (h: MigratedEntry[]) => void): JsonValue => {
      const h = history()
      f(h)
      return payload({ entries: h })
    }
    const cases: Array<[string, JsonValue]> = [
      ['LAND_MIGRATION', bad((h) => (h[1]!.rank = '3'))],
      ['LAND_TARGET', bad((h) => (h[5]!.target = { section: 'A', rank: '3' }))],
      ['LAND_SHARES', bad((h) => (h[1]!.holders[1]!.share = '1/3'))],
      ['LAND_MIGRATION', bad((h) => (h[3]!.receipt = { on: '2003-01-01', number: 1 }))],
      ['LAND_MIGRATION', bad((h) => (h[0]!.purpose = 'right.mortgage'))],
      ['LAND_MIGRATION', bad((h) => h.push(entry({ section: 'A', rank: '5', purpose: 'ownership.preservation', holders: [keyless('x')] }, 5000, '2020-01-01')))],
      ['DATE_IN_FUTURE', bad((h) => (h[5]!.receipt = { on: '2030-01-01', number: 1 }))],
      ['LAND_MIGRATION', payload({ number: '2101-1996-000123' })],
    ]
    for (const [code, p] of cases) {
      expect(await block(node, [single(registrar, 'land.register.migrate', p)]), code).toEqual([code])
      expect(await get(node, headKey(MIG))).toBeUndefined()
      expect(await get(node, migrationKey(SOURCE))).toBeUndefined()
    }
    // a registrar of another agency; a key with no registrar role
    expect(await block(node, [migrate({}, registrarB)])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await block(node, [migrate({}, seller)])).toEqual(['UNAUTHORIZED_ROLE'])
    expect(await get(node, headKey(MIG))).toBeUndefined()
  })

  it('replays a 본등기 at its 가등기’s rank with the ex-officio cancellation of what came after', async () => {
    const node = await setUp()
    const h: MigratedEntry[] = [
      history()[0]!,
      entry({ section: 'A', rank: '2', purpose: 'provisional.transfer', cause: 'promise-of-sale', holders: [keyless('이순신', null, '650202-1******')] }, 10, '2001-01-01'),
      entry({ section: 'A', rank: '3', purpose: 'ownership.transfer', holders: [keyless('유관순', null, '690303-2******')], amount: '100000000' }, 20, '2002-02-02'),
      entry({ section: 'A', rank: '2', purpose: 'provisional.main', target: { section: 'A', rank: '2' } }, 30, '2003-03-03'),
    ]
    // without the cancellation the rules write after it, the history is incomplete
    expect(await block(node, [migrate({ entries: h })])).toEqual(['LAND_MIGRATION'])
    h.push(entry({ section: 'A', rank: '4', purpose: 'cancellation', cause: 'ex-officio', target: { section: 'A', rank: '3' } }, 30, '2003-03-03'))
    expect(await block(node, [migrate({ entries: h })])).toEqual([])
    const c = await get<CurrentState>(node, currentKey(MIG))
    expect(c.owners.map((o) => [o.rank, o.holder.name, o.holder.key])).toEqual([['2', '이순신', null]])
    expect(c.cancelled).toEqual({ 'A:3': '4', 'A:2': '2' })
    const main = await get<StoredEntry>(node, entryKey(MIG, 4))
    expect(main.provisional).toEqual({ rank: '2', receivedOn: '2001-01-01', receipt: 10 })
    // a cancellation that names holders is not what the rules write
    const withHolders = h.map((e, i) => (i === 4 ? { ...e, holders: [keyless('누군가')] } : e))
    const head = { ...(payload() as { head: { location: object } }).head }
    head.location = { ...head.location, main: 71 }
    expect(await block(node, [migrate({ entries: withHolders, number: '1101-1996-000124', source: 'ef'.repeat(32), head })])).toEqual(['LAND_MIGRATION'])
  })

  it('derives the same cur as the live rules for the same acts', async () => {
    const node = await setUp()
    // live: 갑구 2 transfer to the buyer (receipt 2), 을구 1 mortgage (receipt 3), 을구 2 its cancellation (receipt 4)
    const mortgage = { purpose: 'right.mortgage' as const, cause: 'contract' as const, holders: [bankHolder], amount: '240000000', debtor: { name: '김민지', address: '서울' } }
    expect(await block(node, [apply(buyer, [seller], { holders: [person('김민지', buyer)], amount: '850000000' })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await block(node, [apply(buyer, [bank], mortgage)])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    expect(await block(node, [apply(bank, [], { purpose: 'cancellation', cause: 'termination', target: { section: 'B', rank: '1' } })])).toEqual([])
    expect(await block(node, [enter(4)])).toEqual([])
    const live = await cur(node)
    // migrated: the same acts, as history (the first owner with its key)
    const d = '2023-11-10'
    const h: MigratedEntry[] = [
      entry({ section: 'A', rank: '1', purpose: 'ownership.preservation', cause: 'new-building', holders: [person('박서준', seller)] }, 1, d),
      entry({ section: 'A', rank: '2', purpose: 'ownership.transfer', holders: [person('김민지', buyer)], amount: '850000000' }, 2, d),
      entry({ section: 'B', rank: '1', ...mortgage }, 3, d),
      entry({ section: 'B', rank: '2', purpose: 'cancellation', cause: 'termination', target: { section: 'B', rank: '1' } }, 4, d),
    ]
    const other = { ...(payload() as Record<string, unknown>), head: { ...(payload() as { head: Record<string, unknown> }).head, location: { sido: '부산광역시', sigungu: '중구', dong: '중앙동', ri: null, mountain: false, main: 1, sub: 0 } } }
    expect(await block(node, [single(registrar, 'land.register.migrate', { ...other, entries: h } as unknown as JsonValue)])).toEqual([])
    expect(await get<CurrentState>(node, currentKey(MIG))).toEqual(live)
    expect(NUMBER).not.toBe(MIG)
  })
})
