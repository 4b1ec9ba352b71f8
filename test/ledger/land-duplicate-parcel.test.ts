/**
 * Review item (land register), fixed: `land.office.define` is open to the administrator of ANY agency (index.ts permission
 * 'admin'; rules.ts applyDefineOffice only checks it is the admin's own agency) — agency-b here is the agency whose
 * staff hold `bank-officer` credentials — and `land.register.open` never checks that the parcel has no register yet
 * (no location key in state). So a bank's administrator makes its own office and registrar and opens a second register
 * for a lot the competent office already keeps (1필지 1등기기록), naming anyone as its owner.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { JsonValue } from '../../src/ledger/types/tx'
import { DAY, block, cleanup, fx, location, person, registrar, registrarB, setUp, single, third } from './land-harness'

afterEach(() => cleanup.run())

const openLot = (by: typeof registrar, office: string, at: typeof location = location) =>
  single(by, 'land.register.open', {
    office,
    head: { kind: 'land', location: at, road: null, category: 'building-site', area: '330.00' },
    owners: [person('이도윤', third)],
    cause: 'new-building',
    causeOn: DAY,
  } as unknown as JsonValue)

describe('one register per parcel', () => {
  it('a second register for a lot that already has one is refused (any office)', async () => {
    const node = await setUp() // 1101-2023-000001: 서울특별시 종로구 세종로 1-3, owned by 박서준
    expect(await block(node, [openLot(registrarB, '2101')])).toEqual(['LAND_HEAD'])
    expect(await block(node, [openLot(registrar, '1101')])).toEqual(['LAND_HEAD'])
    // the same parcel written with the short 시도 name is the same parcel; the next lot is another
    expect(await block(node, [openLot(registrar, '1101', { ...location, sido: '서울' })])).toEqual(['LAND_HEAD'])
    expect(await block(node, [openLot(registrar, '1101', { ...location, sub: 4 })])).toEqual([])
  })

  it("an agency cannot define an office in another agency's range of office codes", async () => {
    const node = await setUp() // 1101 is agency-a's, 2101 agency-b's
    expect(await block(node, [single(fx.adminB!, 'land.office.define', { agency: 'agency-b', office: '1102', name: '가짜 등기소' })])).toEqual(['LAND_OFFICE'])
    expect(await block(node, [single(fx.admin, 'land.office.define', { agency: 'agency-a', office: '1102', name: '서울중앙지방법원 중부등기소' })])).toEqual([])
  })
})
