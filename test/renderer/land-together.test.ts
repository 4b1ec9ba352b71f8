/**
 * A mortgage filed together with a sale not yet entered (연건신청, docs/adr/0033; features/land/apply.ts): the link
 * goes in the act by office, year and receipt; the sale's buyers grant it instead of the current owner; a link that is
 * not a receipt, or on another purpose, is left out.
 */
import { describe, expect, it } from 'vitest'
import { RegisterSchema, type RegisterDto } from '../../src/renderer/features/land/api'
import { buildApply, cosignersOf, emptyApply, parseReceiptKey, type ApplyInput } from '../../src/renderer/features/land/apply'

const SELLER = 'aa'.repeat(32)
const BUYER = 'bb'.repeat(32)
const OFFICER = 'ee'.repeat(32)
const TODAY = '2026-12-03'
const NUMBER = '1101-2026-000001'
const reg: RegisterDto = RegisterSchema.parse({
  number: NUMBER,
  office: '1101',
  address: '서울특별시 종로구 세종로 1-3',
  road: null,
  height: 9,
  head: {
    kind: 'land',
    location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 },
    road: null,
    category: 'building-site',
    area: '330.00',
  },
  sections: { A: [], B: [] },
  owners: [{ rank: '1', holder: { kind: 'person', name: '박서준', id: '800101-1******', address: '', key: SELLER, agency: null, share: null }, share: '1/1' }],
  live: [],
})
const mortgage = (over: Partial<ApplyInput> = {}): ApplyInput => ({
  ...emptyApply(NUMBER),
  purpose: 'right.mortgage',
  cause: 'contract',
  causeOn: '2026-12-01',
  amount: '600,000,000',
  debtorName: '김민지',
  bank: { agency: 'court', name: '주식회사 국민은행', number: '110111-2365321', address: '서울특별시 영등포구' },
  ...over,
})

describe('a mortgage filed together with a sale', () => {
  it('carries the sale by office, year and receipt; the buyers, not the owner, co-sign', () => {
    const b = buildApply(mortgage({ together: '1101-2026-17' }), TODAY, reg)!
    expect(b.together).toEqual({ office: '1101', year: 2026, receipt: 17 })
    expect(cosignersOf(b.request, reg, OFFICER, [BUYER])).toEqual([BUYER])
    // not linked: the current owner grants it
    expect(cosignersOf(b.request, reg, OFFICER)).toEqual([SELLER])
  })

  it('leaves out a link that is not a receipt, and any link on another purpose', () => {
    expect(buildApply(mortgage({ together: '' }), TODAY, reg)!.together).toBeUndefined()
    expect(buildApply(mortgage({ together: '1101-2026-0' }), TODAY, reg)!.together).toBeUndefined()
    const sale = buildApply(
      mortgage({
        purpose: 'ownership.transfer',
        cause: 'sale',
        bank: null,
        together: '1101-2026-17',
        parties: [{ kind: 'person', name: '김민지', number: '900202-2345678', address: '', key: BUYER, share: '' }],
      }),
      TODAY,
      reg,
    )!
    expect(sale.together).toBeUndefined()
    expect(parseReceiptKey('1101-2026-17')).toEqual({ office: '1101', year: 2026, receipt: 17 })
    expect(parseReceiptKey('1101-2026-x')).toBeNull()
  })
})
