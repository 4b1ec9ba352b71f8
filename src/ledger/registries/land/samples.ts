/**
 * A payload of every transaction type of the land registry, as a node would accept it: test/renderer/words.test.ts
 * describes each in words and checks it against the type's schema (a type without a sample fails there).
 */
const key = (n: number): string => n.toString(16).padStart(2, '0').repeat(32)
const location = { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 }
const holder = (name: string, k: number, share: string | null = null) => ({
  kind: 'person' as const,
  name,
  id: '800101-1******',
  idHash: key(0xee),
  address: '서울특별시 종로구 사직로 161',
  key: key(k),
  agency: null,
  share,
})
const request = {
  register: '1101-2026-000001',
  purpose: 'ownership.transfer',
  cause: 'sale',
  causeOn: '2026-11-30',
  holders: [holder('김민지', 2)],
  of: null,
  portion: null,
  amount: '850000000',
  debtor: null,
  target: null,
  caseNo: null,
  mandate: null,
}

export const samples: Readonly<Record<string, unknown>> = {
  'land.office.define': { agency: 'seoul-central', office: '1101', name: '서울중앙지방법원 등기국' },
  'land.complex.define': {
    office: '1101',
    complex: {
      name: '세종아파트 제101동',
      location,
      road: '서울특별시 종로구 세종대로 175',
      structure: '철근콘크리트구조',
      floors: [{ floor: '1층', area: '812.40' }],
      lands: [{ location, category: 'building-site', area: '5123.00' }],
    },
  },
  'land.register.open': {
    office: '1101',
    head: { kind: 'land', location, road: null, category: 'building-site', area: '330.00' },
    owners: [holder('박서준', 1)],
    cause: 'new-building',
    causeOn: '2026-11-01',
  },
  'land.apply': { office: '1101', request },
  'land.commission': {
    office: '1101',
    request: {
      ...request,
      purpose: 'restriction.provisional-attachment',
      cause: 'court-decision',
      holders: [{ ...holder('주식회사 한빛', 3), kind: 'corporation', id: '110111-0000002', idHash: null, agency: 'seoul-court' }],
      amount: '30000000',
      caseNo: '2026카단12345',
    },
  },
  'land.enter': { office: '1101', year: 2026, receipt: 17 },
  'land.reject': { office: '1101', year: 2026, receipt: 18, reason: '신청서에 매도인의 서명이 없습니다.' },
  'land.withdraw': { office: '1101', year: 2026, receipt: 19 },
  'land.holder.rebind': { register: '1101-2026-000001', section: 'A', rank: '1', holder: 0, key: key(9), reason: '주민등록증 확인' },
  'land.register.migrate': {
    number: '1101-1996-000123',
    office: '1101',
    head: { kind: 'land', location, road: null, category: 'building-site', area: '330.00' },
    complex: null,
    entries: [
      { section: 'A', rank: '1', purpose: 'ownership.preservation', receipt: { on: '1996-03-04', number: 1201 }, cause: 'new-building', causeOn: '1996-03-01', holders: [{ ...holder('홍길동', 1), key: null }], of: null, portion: null, amount: null, debtor: null, target: null, caseNo: null },
      { section: 'A', rank: '2', purpose: 'ownership.transfer', receipt: { on: '2004-07-01', number: 8812 }, cause: 'sale', causeOn: '2004-06-20', holders: [{ ...holder('이순신', 2), key: null }], of: null, portion: null, amount: '350000000', debtor: null, target: null, caseNo: null },
    ],
    source: key(7),
  },
}
