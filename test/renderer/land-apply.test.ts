/**
 * Preparing an application without a browser (features/land/apply.ts, docs/adr/0039): each field's problem by its
 * message key, co-ownership shares summing exactly to the whole, the resident number masked and never in the act,
 * a bank officer's mortgage in the bank's name, a cancellation's target, and who must co-sign.
 */
import { describe, expect, it } from 'vitest'
import { RegisterSchema, type RegisterDto } from '../../src/renderer/features/land/api'
import {
  amountDigits,
  buildApply,
  checkApply,
  cosignersOf,
  emptyApply,
  type ApplyInput,
  printedId,
  receiptKey,
} from '../../src/renderer/features/land/apply'
import landMessages from '../../src/renderer/features/land/messages'

const SELLER = 'aa'.repeat(32)
const BUYER = 'bb'.repeat(32)
const BUYER2 = 'cc'.repeat(32)
const TENANT = 'dd'.repeat(32)
const TODAY = '2026-12-03'
const NUMBER = '1101-2026-000001'

const holder = (name: string, key: string | null, agency: string | null = null) => ({
  kind: 'person',
  name,
  id: '800101-1******',
  idHash: null,
  address: '서울특별시 종로구 사직로 161',
  key,
  agency,
  share: null,
})
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
  owners: [{ rank: '1', holder: holder('박서준', SELLER), share: '1/1' }],
  live: [{ section: 'B', rank: '1', purpose: 'right.jeonse', of: null, holders: [holder('이도윤', TENANT)] }],
})

const transfer = (over: Partial<ApplyInput> = {}): ApplyInput => ({
  ...emptyApply(NUMBER),
  causeOn: '2026-12-01',
  amount: '850,000,000',
  parties: [{ kind: 'person', name: '김민지', number: '900202-2345678', address: '서울특별시 중구 세종대로 110', key: BUYER, share: '' }],
  ...over,
})

describe('preparing an application', () => {
  it('builds a transfer whose buyer is masked: the clear number is nowhere in the act', () => {
    expect(checkApply(transfer(), TODAY, reg)).toEqual({})
    const b = buildApply(transfer(), TODAY, reg)!
    expect(b.office).toBe('1101')
    expect(b.request.amount).toBe('850000000')
    expect(b.request.holders[0]).toMatchObject({ name: '김민지', id: '900202-2******', idHash: null, key: BUYER, share: null })
    expect(JSON.stringify(b)).not.toContain('2345678')
    expect(cosignersOf(b.request, reg, SELLER)).toEqual([BUYER])
    expect(cosignersOf(b.request, reg, BUYER)).toEqual([SELLER])
  })

  it('says which field is wrong, each by its message key, and builds nothing', () => {
    const bad = transfer({
      register: '1101-2026-00',
      causeOn: '2026-02-30',
      amount: '0',
      parties: [{ kind: 'person', name: ' ', number: '801301-1234567', address: '', key: 'xyz', share: '' }],
    })
    expect(checkApply(bad, TODAY, reg)).toEqual({
      register: 'register',
      causeOn: 'causeOn',
      amount: 'amount',
      'parties.0.name': 'name',
      'parties.0.number': 'residentNumber',
      'parties.0.key': 'key',
    })
    expect(buildApply(bad, TODAY, reg)).toBeNull()
    expect(checkApply(transfer({ causeOn: '2026-12-04' }), TODAY, reg)).toEqual({ causeOn: 'causeOnFuture' })
    expect(checkApply(transfer(), TODAY, null)).toEqual({ register: 'registerUnread' })
    // every key has its sentence in both languages
    for (const k of ['register', 'registerUnread', 'causeOn', 'causeOnFuture', 'amount', 'name', 'residentNumber', 'key', 'sharesWhole', 'share', 'target']) {
      expect(landMessages.ko.apply.problems).toHaveProperty(k)
      expect(landMessages.en.apply.problems).toHaveProperty(k)
    }
  })

  it('co-owners: shares are exact fractions that must make the whole', () => {
    const two = (a: string, b: string) =>
      transfer({
        parties: [
          { kind: 'person', name: '김민지', number: '900202-2345678', address: '', key: BUYER, share: a },
          { kind: 'person', name: '최우진', number: '880808-1234567', address: '', key: BUYER2, share: b },
        ],
      })
    expect(checkApply(two('1/3', '2/3'), TODAY, reg)).toEqual({})
    expect(buildApply(two('1/3', '2/3'), TODAY, reg)!.request.holders.map((h) => h.share)).toEqual(['1/3', '2/3'])
    // 0.333… + 0.666… is not the whole when written as decimals; 1/3 + 1/2 is not either
    expect(checkApply(two('1/3', '1/2'), TODAY, reg)).toEqual({ parties: 'sharesWhole' })
    expect(checkApply(two('1/3', '0.67'), TODAY, reg)).toEqual({ 'parties.1.share': 'share' })
    expect(checkApply({ ...two('1/2', '1/2'), parties: two('1/2', '1/2').parties.map((p) => ({ ...p, key: BUYER })) }, TODAY, reg)).toEqual({
      parties: 'sameKey',
    })
  })

  it("a bank officer's mortgage names the bank, signed by its officer and the owner", () => {
    const f = transfer({
      purpose: 'right.mortgage',
      cause: 'contract',
      amount: '120000000',
      bank: { agency: 'kb-bank', name: '국민은행', number: '110111-2365321', address: '서울특별시 영등포구 국제금융로8길 26' },
      debtorName: '박서준',
      debtorAddress: '서울특별시 종로구 사직로 161',
    })
    expect(checkApply(f, TODAY, reg)).toEqual({})
    const b = buildApply(f, TODAY, reg)!
    expect(b.request.holders).toEqual([
      { kind: 'corporation', name: '국민은행', id: '110111-2365321', idHash: null, address: '서울특별시 영등포구 국제금융로8길 26', key: null, agency: 'kb-bank', share: null },
    ])
    expect(b.request.debtor).toEqual({ name: '박서준', address: '서울특별시 종로구 사직로 161' })
    const officer = 'ee'.repeat(32)
    expect(cosignersOf(b.request, reg, officer)).toEqual([SELLER])
    expect(checkApply({ ...f, debtorName: '' }, TODAY, reg)).toEqual({ debtorName: 'debtorName' })
    expect(checkApply({ ...f, bank: { ...f.bank!, number: '110111-2365322' } }, TODAY, reg)).toEqual({ bankNumber: 'corporateNumber' })
  })

  it("a cancellation names a live entry and is co-signed by that right's holder", () => {
    const f = transfer({ purpose: 'cancellation', cause: 'termination', amount: '', parties: [], target: 'B:1' })
    expect(checkApply(f, TODAY, reg)).toEqual({})
    const b = buildApply(f, TODAY, reg)!
    expect(b.request.target).toEqual({ section: 'B', rank: '1' })
    expect(b.request.holders).toEqual([])
    expect(cosignersOf(b.request, reg, SELLER)).toEqual([TENANT])
    expect(checkApply({ ...f, target: 'B:2' }, TODAY, reg)).toEqual({ target: 'target' })
  })

  it('identifiers and amounts as typed', () => {
    expect(printedId('person', '800101-1234567')).toBe('800101-1******')
    expect(printedId('person', '8001011234567')).toBe('800101-1******')
    expect(printedId('person', '800230-1234567')).toBeNull()
    expect(printedId('corporation', '1101112365321')).toBe('110111-2365321')
    expect(amountDigits('1,200,000')).toBe('1200000')
    expect(amountDigits('12.5')).toBeNull()
    expect(receiptKey({ office: '1101', year: 2026, receipt: 7 })).toBe('1101-2026-7')
  })
})
