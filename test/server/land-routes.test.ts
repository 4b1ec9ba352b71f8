/**
 * The land register's read routes (registries/land/routes.ts) over HTTP, on a real node driven block by block: a
 * register whole, current-only and as of a block, with "cancelled by" derived; the search by address and number;
 * the registrar's queue with the rules' findings; stable codes for what does not exist.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import type { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES } from '../../src/ledger/registries'
import type { LandApplicationDto, LandRegisterDto, LandRegisterSummaryDto } from '../../src/ledger/registries/land/portable/dto'
import type { Holder } from '../../src/ledger/registries/land/portable/schema'
import type { JsonValue } from '../../src/ledger/types/tx'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { GENESIS_TIME, openNode } from '../ledger/helpers'
import {
  DAY,
  NUMBER,
  apply,
  block as blockOn,
  buyer,
  cleanup,
  court,
  enter,
  fx,
  grant as g,
  person,
  pk,
  registrar,
  request,
  seller,
  single,
  third,
} from '../ledger/land-harness'

const OTHER = '1101-2023-000002'

let node: LedgerNode
let server: ApiServer
/** heights after each step, to read the register as of them */
const at = { opened: 0, seized: 0 }
const block = (txs: CheckedTx[]): Promise<string[]> => blockOn(node, txs)
const seizureHolder: Holder = { kind: 'public', name: '종로세무서', id: null, idHash: null, address: '서울특별시 종로구', key: null, agency: 'agency-a', share: null }

async function get<T = any>(path: string): Promise<{ status: number; body: T }> {
  const r = await fetch(server.url + path, { headers: { Authorization: `Bearer ${server.token}` } })
  return { status: r.status, body: (await r.json()) as T }
}

beforeAll(async () => {
  node = await openNode(cleanup, fx, { registries: REGISTRIES, now: () => GENESIS_TIME + 60_000 })
  expect(
    await block([
      g(fx.admin, registrar, 'registrar', 'agency-a'),
      g(fx.admin, court, 'land-authority', 'agency-a'),
      single(fx.admin, 'land.office.define', { agency: 'agency-a', office: '1101', name: '서울중앙지방법원 등기국' }),
    ]),
  ).toEqual([])
  const open = (owner: Holder, main: number, road: string | null) =>
    single(registrar, 'land.register.open', {
      office: '1101',
      head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main, sub: 3 }, road, category: 'building-site', area: '330.00' },
      owners: [owner as unknown as JsonValue],
      cause: 'new-building',
      causeOn: DAY,
    })
  // receipt 1 and 2: two registers, at 세종로 1-3 and 세종로 12-3
  expect(await block([open(person('박서준', seller), 1, '서울특별시 종로구 세종대로 175'), open(person('최하은', third), 12, null)])).toEqual([])
  at.opened = node.chain.head().height
  // receipt 3: the sale; receipt 4: a seizure; both entered
  expect(await block([apply(buyer, [seller], { holders: [person('김민지', buyer)], amount: '850000000' })])).toEqual([])
  expect(await block([single(court, 'land.commission', { office: '1101', request: request({ purpose: 'restriction.seizure', cause: 'tax-seizure', holders: [seizureHolder], caseNo: '세무-2023-77' }) })])).toEqual([])
  expect(await block([enter(3), enter(4)])).toEqual([])
  at.seized = node.chain.head().height
  // receipt 5: the seizure released; receipt 6: a sale to third, received while the seizure stood, still in the queue
  expect(await block([single(court, 'land.commission', { office: '1101', request: request({ purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '3' } }) })])).toEqual([])
  expect(await block([apply(third, [buyer], { holders: [person('이도윤', third)] }), apply(buyer, [], { holders: [person('이도윤', third)] })])).toEqual([])
  expect(await block([enter(5)])).toEqual([])
  server = await startApiServer({ node, uiDir: null, registries: REGISTRIES })
}, 120_000)

afterAll(async () => {
  await server?.close()
  await cleanup.run()
})

describe('GET /api/v1/land/registers/:number', () => {
  it('reads the whole register in rank order, with the cancelled entry marked by the rank that cancelled it', async () => {
    const r = await get<LandRegisterDto>(`/api/v1/land/registers/${NUMBER}`)
    expect(r.status).toBe(200)
    const reg = r.body
    expect(reg).toMatchObject({ number: NUMBER, office: '1101', officeName: '서울중앙지방법원 등기국', agency: 'agency-a', kind: 'land', view: 'full', address: '서울특별시 종로구 세종로 1-3', road: '서울특별시 종로구 세종대로 175' })
    expect(reg.head).toMatchObject({ kind: 'land', category: 'building-site', area: '330.00' })
    expect(reg.sections.A.map((e) => [e.rank, e.purpose, e.cancelledBy, e.struck])).toEqual([
      ['1', 'ownership.preservation', null, false],
      ['2', 'ownership.transfer', null, false],
      ['3', 'restriction.seizure', '4', true],
      ['4', 'cancellation', null, false],
    ])
    expect(reg.sections.B).toEqual([])
    expect(reg.owners.map((o) => [o.holder.name, o.share])).toEqual([['김민지', '1/1']])
    expect(reg.live).toEqual([])
    expect(reg.entries).toBe(4)
    expect(reg.height).toBe(node.chain.head().height)
    // written without hyphens, the same register
    expect((await get<LandRegisterDto>('/api/v1/land/registers/11012023000001')).body.number).toBe(NUMBER)
  })

  it('keeps only what is in force with view=current (현재 유효사항)', async () => {
    const reg = (await get<LandRegisterDto>(`/api/v1/land/registers/${NUMBER}?view=current`)).body
    expect(reg.view).toBe('current')
    expect(reg.sections.A.map((e) => [e.rank, e.purpose])).toEqual([['2', 'ownership.transfer']])
    expect(reg.entries).toBe(4)
  })

  it('reads the register as of an earlier block: the seizure then stood, and before opening there was no register', async () => {
    const reg = (await get<LandRegisterDto>(`/api/v1/land/registers/${NUMBER}?height=${at.seized}`)).body
    expect(reg.height).toBe(at.seized)
    expect(reg.sections.A.map((e) => [e.rank, e.purpose, e.struck])).toEqual([
      ['1', 'ownership.preservation', false],
      ['2', 'ownership.transfer', false],
      ['3', 'restriction.seizure', false],
    ])
    expect(reg.live).toEqual([{ section: 'A', rank: '3', purpose: 'restriction.seizure', of: null, holders: [seizureHolder] }])
    const current = (await get<LandRegisterDto>(`/api/v1/land/registers/${NUMBER}?height=${at.seized}&view=current`)).body
    expect(current.sections.A.map((e) => e.rank)).toEqual(['2', '3'])
    const first = (await get<LandRegisterDto>(`/api/v1/land/registers/${NUMBER}?height=${at.opened}`)).body
    expect(first.owners.map((o) => o.holder.name)).toEqual(['박서준'])
    const before = await get(`/api/v1/land/registers/${NUMBER}?height=${at.opened - 1}`)
    expect(before.status).toBe(404)
    expect(before.body.error.code).toBe('LAND_REGISTER_UNKNOWN')
  })

  it('answers what does not exist with stable codes', async () => {
    const none = await get('/api/v1/land/registers/1101-2023-000099')
    expect([none.status, none.body.error.code]).toEqual([404, 'LAND_REGISTER_UNKNOWN'])
    expect((await get('/api/v1/land/registers/not-a-number')).body.error.code).toBe('LAND_REGISTER_UNKNOWN')
    expect((await get(`/api/v1/land/registers/${NUMBER}?view=some`)).body.error.code).toBe('SCHEMA_INVALID')
    expect((await get(`/api/v1/land/registers/${NUMBER}?height=${node.chain.head().height + 50}`)).body.error.code).toBe('UNKNOWN_HEIGHT')
  })
})

describe('GET /api/v1/land/search', () => {
  it('finds registers by address words in their usual variants, by road-name address, and by number', async () => {
    const numbers = async (q: string): Promise<string[]> =>
      (await get<LandRegisterSummaryDto[]>(`/api/v1/land/search?${q}`)).body.map((s) => s.number)
    expect(await numbers(`address=${encodeURIComponent('서울 종로구 세종로 1-3번지')}`)).toEqual([NUMBER])
    expect(await numbers(`address=${encodeURIComponent('종로구 세종로')}`)).toEqual([NUMBER, OTHER])
    // a lot number matches whole: 세종로 1 does not find 세종로 12-3
    expect(await numbers(`address=${encodeURIComponent('세종로 1')}`)).toEqual([NUMBER])
    expect(await numbers(`address=${encodeURIComponent('세종대로 175')}`)).toEqual([NUMBER])
    expect(await numbers(`address=${encodeURIComponent('부산 해운대구')}`)).toEqual([])
    expect(await numbers('number=11012023000002')).toEqual([OTHER])
    expect(await numbers('office=1101&year=2023')).toEqual([NUMBER, OTHER])
    const s = (await get<LandRegisterSummaryDto[]>(`/api/v1/land/search?number=${NUMBER}`)).body[0]!
    expect(s).toMatchObject({ number: NUMBER, kind: 'land', owners: [{ name: '김민지', share: '1/1' }], entries: 4 })
    expect(await numbers(`office=1101&openedBy=${s.openedTx}`)).toEqual([NUMBER])
  })
})

describe('GET /api/v1/land/applications', () => {
  it("lists the registrar's queue with the findings at receipt and what entering would meet now", async () => {
    const q = await get<LandApplicationDto[]>('/api/v1/land/applications?office=1101&status=received')
    expect(q.status).toBe(200)
    expect(q.body.map((a) => a.receipt)).toEqual([6, 7])
    const [sale, alone] = q.body
    // received while the seizure stood (its release was entered after): the finding at receipt says so
    expect(sale!.purpose).toBe('ownership.transfer')
    expect(sale!.parties).toEqual([pk(third), pk(buyer)])
    expect(sale!.partyNames).toEqual(['이도윤', '김민지'])
    expect(sale!.findings.map((f) => f.code)).toEqual(['LAND_RESTRICTED'])
    expect(sale!.findings[0]!.text?.ko).toMatch(/처분 제한/)
    // the seizure has since been cancelled: nothing stands in the way today
    expect(sale!.findingNow).toBeNull()
    // signed by the owner alone: the buyer's signature is missing
    expect(alone!.findingNow).toMatchObject({ code: 'LAND_PARTIES', text: { en: expect.stringMatching(/has not signed/) } })
    const all = await get<LandApplicationDto[]>('/api/v1/land/applications?office=1101')
    expect(all.body.map((a) => [a.receipt, a.status])).toEqual([[3, 'entered'], [4, 'entered'], [5, 'entered'], [6, 'received'], [7, 'received']])
    const one = await get<LandApplicationDto>('/api/v1/land/applications/1101/2023/3')
    expect(one.body).toMatchObject({ receipt: 3, status: 'entered', register: NUMBER, decidedBy: pk(registrar), findingNow: null })
    expect((await get('/api/v1/land/applications/1101/2023/99')).body.error.code).toBe('LAND_APP_UNKNOWN')
    expect((await get('/api/v1/land/applications?office=x')).body.error.code).toBe('SCHEMA_INVALID')
  })

  it('lists the offices', async () => {
    expect((await get('/api/v1/land/offices')).body).toEqual([{ office: '1101', name: '서울중앙지방법원 등기국', agency: 'agency-a' }])
  })
})
