/** The land register's portable foundations (docs/adr/0033): numbers, categories, shares, identifiers, addresses, ranks, amounts. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { addressMatches, addressTokens, normalizeAddress } from '../../src/ledger/registries/land/portable/address'
import { LAND_CATEGORIES, landCategory, landCategoryByName } from '../../src/ledger/registries/land/portable/categories'
import {
  identifierHash,
  maskResidentNumber,
  parseCorporateNumber,
  parseResidentNumber,
} from '../../src/ledger/registries/land/portable/identifiers'
import { formatWon, parseWon } from '../../src/ledger/registries/land/portable/money'
import { formatRegisterNumber, normalizeRegisterNumber, parseRegisterNumber, receiptText } from '../../src/ledger/registries/land/portable/numbers'
import { type RankedEntry, compareRank, nextMainRank, nextSupplementRank, parseRank } from '../../src/ledger/registries/land/portable/ranks'
import {
  WHOLE,
  addShares,
  commonDenominator,
  compareShares,
  isWhole,
  parseShare,
  shareText,
  shareWords,
  subtractShares,
} from '../../src/ledger/registries/land/portable/shares'

describe('부동산고유번호', () => {
  it('reads numbers with and without hyphens, and refuses what is not one', () => {
    expect(parseRegisterNumber('1101-1996-123456')).toEqual({ office: '1101', year: 1996, seq: 123456 })
    expect(normalizeRegisterNumber('11011996123456')).toBe('1101-1996-123456')
    for (const bad of ['0000-1996-123456', '1101-1899-123456', '1101-1996-000000', '1101-1996-12345', '110-1996-123456', 'abcd-1996-123456', '1101-1996-1234567'])
      expect(parseRegisterNumber(bad), bad).toBeNull()
  })
  it('formats what it reads, and reads what it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1900, max: 2999 }), fc.integer({ min: 1, max: 999_999 }), (o, year, seq) => {
        const office = String(o).padStart(4, '0')
        const text = formatRegisterNumber({ office, year, seq })
        expect(parseRegisterNumber(text)).toEqual({ office, year, seq })
      }),
    )
    expect(() => formatRegisterNumber({ office: '0000', year: 2000, seq: 1 })).toThrow()
    expect(receiptText(12345, 'ko')).toBe('제12345호')
    expect(receiptText(12345, 'en')).toBe('No. 12345')
  })
})

describe('지목', () => {
  it('has the 28 categories of the law, each with a distinct id, name and symbol', () => {
    expect(LAND_CATEGORIES).toHaveLength(28)
    expect(new Set(LAND_CATEGORIES.map((c) => c.id)).size).toBe(28)
    expect(new Set(LAND_CATEGORIES.map((c) => c.words.ko)).size).toBe(28)
    expect(new Set(LAND_CATEGORIES.map((c) => c.symbol)).size).toBe(28)
    expect(landCategory('building-site')?.words.ko).toBe('대')
    expect(landCategoryByName('공장용지')?.symbol).toBe('장')
    expect(landCategoryByName('하천')?.symbol).toBe('천')
    expect(landCategoryByName('논')).toBeUndefined()
  })
})

describe('shares', () => {
  it('reads Korean and slash forms exactly, decimals included', () => {
    expect(shareText(parseShare('2분의 1')!)).toBe('1/2')
    expect(shareText(parseShare('1/2')!)).toBe('1/2')
    expect(shareText(parseShare('12345.6분의 78.9')!)).toBe('263/41152') // 789/123456, reduced
    expect(shareText(parseShare('1')!)).toBe('1/1')
    for (const bad of ['0/3', '3/2', '1/0', '-1/2', 'a/b', '1/2/3', '', '1e3/1e4']) expect(parseShare(bad), bad).toBeNull()
    expect(shareWords(parseShare('3/4')!, 'ko')).toBe('4분의 3')
    expect(shareWords(WHOLE, 'ko')).toBe('단독')
  })
  it('adds and subtracts exactly: n equal shares make the whole, whatever n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (n) => {
        const each = parseShare(`1/${n}`)!
        expect(isWhole(Array.from({ length: n }, () => each))).toBe(true)
        expect(isWhole(Array.from({ length: n - 1 }, () => each))).toBe(false)
      }),
    )
  })
  it('splitting a share and adding the parts back gives the share', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), (a, b, c) => {
        const d = a + b + c
        const x = parseShare(`${a}/${d}`)!
        const y = parseShare(`${b}/${d}`)!
        const z = parseShare(`${c}/${d}`)!
        expect(isWhole([x, y, z])).toBe(true)
        const xy = addShares(x, y)
        expect(compareShares(subtractShares(xy, y), x)).toBe(0)
        expect(compareShares(subtractShares(WHOLE, z), xy)).toBe(0)
      }),
    )
  })
})

describe('a common denominator, bounded', () => {
  it('is the least one when small, and null as soon as many unrelated denominators would pass 30 digits', () => {
    expect(commonDenominator(['1/4', '1/6', '7/12'].map((x) => parseShare(x)!))).toBe(12n)
    // the attack: shares 1/(n·p) and (p−1)/(n·p) for many primes p — each share small, their sum exact but huge
    const n = 300n
    const primes: bigint[] = []
    const isPrime = (x: bigint): boolean => {
      for (let d = 2n; d * d <= x; d++) if (x % d === 0n) return false
      return true
    }
    for (let p = 1_000_003n; primes.length < 300; p += 2n) if (isPrime(p)) primes.push(p)
    const shares = primes.flatMap((p) => [parseShare(`1/${n * p}`)!, parseShare(`${p - 1n}/${n * p}`)!])
    expect(shares.every((x) => x !== null)).toBe(true)
    expect(commonDenominator(shares)).toBeNull()
    expect(commonDenominator(shares.slice(0, 2))).toBe(n * primes[0]!)
  })
})

describe('identifiers', () => {
  it('masks a resident number as registers print it, and refuses impossible birth dates', () => {
    expect(maskResidentNumber('800101-1234567')).toBe('800101-1******')
    expect(maskResidentNumber('8001011234567')).toBe('800101-1******')
    expect(parseResidentNumber('000229-3123456')?.birth).toBe('2000-02-29')
    expect(parseResidentNumber('010229-3123456')).toBeNull() // 2001 is not a leap year
    expect(parseResidentNumber('801301-1234567')).toBeNull()
    expect(parseResidentNumber('800101-5234567')?.kind).toBe('foreigner')
  })
  it('checks a corporate number by its check digit', () => {
    expect(parseCorporateNumber('130111-0006246')).toBe('130111-0006246')
    expect(parseCorporateNumber('1301110006246')).toBe('130111-0006246')
    expect(parseCorporateNumber('130111-0006247')).toBeNull()
  })
  it('hashes with the pepper: the same number gives the same hash, another pepper another one', () => {
    const p1 = new Uint8Array(16).fill(1)
    const p2 = new Uint8Array(16).fill(2)
    const h = identifierHash(p1, '800101-1234567')
    expect(h).toMatch(/^[0-9a-f]{64}$/)
    expect(identifierHash(p1, '800101-1234567')).toBe(h)
    expect(identifierHash(p2, '800101-1234567')).not.toBe(h)
    expect(identifierHash(p1, '800101-1234568')).not.toBe(h)
    expect(() => identifierHash(new Uint8Array(8), '800101-1234567')).toThrow()
  })
})

describe('addresses', () => {
  it('brings the forms people type to one normal form', () => {
    const forms = ['서울특별시 종로구 세종로 1', '서울 종로구 세종로 1', '서울특별시  종로구 세종로1', '서울시 종로구 세종로 1번지']
    for (const f of forms) expect(normalizeAddress(f), f).toBe('서울 종로구 세종로 1')
    expect(addressTokens('강원도 평창군 대관령면 횡계리 산12-3')).toEqual(['강원', '평창군', '대관령면', '횡계리', '산', '12-3'])
    expect(normalizeAddress('서울특별시 강남구 테헤란로152')).toBe('서울 강남구 테헤란로 152')
    expect(normalizeAddress('서울특별시 중구 세종대로23길 5')).toBe('서울 중구 세종대로23길 5')
  })
  it('matches a run of prefixes, lot numbers whole', () => {
    const a = '서울특별시 종로구 세종로 1-3'
    expect(addressMatches('서울 종로구 세종로 1', a)).toBe(true)
    expect(addressMatches('종로구 세종', a)).toBe(true)
    expect(addressMatches('세종로 1-3', a)).toBe(true)
    expect(addressMatches('세종로 1-4', a)).toBe(false)
    expect(addressMatches('세종로 12', a)).toBe(false)
    expect(addressMatches('부산 종로구', a)).toBe(false)
    expect(addressMatches('세종로 종로구', a)).toBe(false)
    expect(addressMatches('', a)).toBe(false)
  })
})

describe('ranks', () => {
  const e = (section: 'A' | 'B', rank: string, receivedOn: string, receipt: number, provisional?: RankedEntry['provisional']): RankedEntry => ({
    section,
    rank,
    receivedOn,
    receipt,
    ...(provisional ? { provisional } : {}),
  })
  it('orders a section by rank number, supplements under their main entry', () => {
    const list = [e('A', '3', '2021-01-01', 5), e('A', '1-1', '2020-06-01', 9), e('A', '2', '2020-03-01', 1), e('A', '1', '2019-01-01', 7)]
    expect([...list].sort(compareRank).map((x) => x.rank)).toEqual(['1', '1-1', '2', '3'])
    expect(nextMainRank(list, 'A')).toBe('4')
    expect(nextMainRank(list, 'B')).toBe('1')
    expect(nextSupplementRank(list, 'A', '1')).toBe('1-2')
    expect(nextSupplementRank(list, 'A', '2')).toBe('2-1')
    expect(parseRank('0')).toBeNull()
    expect(parseRank('1-0')).toBeNull()
  })
  it('orders across sections by receipt; the same receipt is equal rank', () => {
    const transfer = e('A', '2', '2024-05-02', 100)
    const mortgage = e('B', '1', '2024-05-02', 101)
    expect(compareRank(transfer, mortgage)).toBeLessThan(0)
    expect(compareRank(mortgage, transfer)).toBeGreaterThan(0)
    expect(compareRank(e('A', '2', '2024-05-02', 100), e('B', '1', '2024-05-02', 100))).toBe(0)
  })
  it('a main registration takes the rank of its provisional registration', () => {
    const mortgage = e('B', '1', '2024-03-01', 50)
    const main = e('A', '5', '2024-09-01', 900, { rank: '3', receivedOn: '2024-01-10', receipt: 20 })
    expect(compareRank(main, mortgage)).toBeLessThan(0) // its 가등기 was received before the mortgage
    const later = e('A', '4', '2024-02-01', 30)
    expect(compareRank(main, later)).toBeLessThan(0) // rank 3 (held) before rank 4
  })
})

describe('amounts', () => {
  it('reads and prints won the Korean way', () => {
    expect(parseWon('120,000,000')).toBe('120000000')
    expect(parseWon('금 120,000,000원')).toBe('120000000')
    expect(parseWon('0120')).toBe('120')
    for (const bad of ['1.5', '-3', '1억', '', '12345678901234567']) expect(parseWon(bad), bad).toBeNull()
    expect(formatWon('120000000', 'ko')).toBe('금 120,000,000원')
    expect(formatWon('120000000', 'en')).toBe('KRW 120,000,000')
    expect(formatWon('0', 'ko')).toBe('금 0원')
  })
})

describe('payload text and amounts', () => {
  it('refuses zero amounts, control and invisible characters, and text not in NFC', async () => {
    const { HolderSchema, won } = await import('../../src/ledger/registries/land/portable/schema')
    expect(won.safeParse('120000000').success).toBe(true)
    expect(won.safeParse('0').success).toBe(false)
    const h = { kind: 'person', name: '박서준', id: '800101-1******', idHash: null, address: '서울', key: null, agency: null, share: null }
    expect(HolderSchema.safeParse(h).success).toBe(true)
    expect(HolderSchema.safeParse({ ...h, name: '박서\u202e준' }).success).toBe(false) // a bidi override
    expect(HolderSchema.safeParse({ ...h, name: '박\u200b서준' }).success).toBe(false) // zero-width space
    expect(HolderSchema.safeParse({ ...h, address: '서울\u0007' }).success).toBe(false)
    expect(HolderSchema.safeParse({ ...h, name: '박서준'.normalize('NFD') }).success).toBe(false)
  })
})
