/**
 * The land screens' logic without a browser: the lookup field (a number with or without hyphens, or an address), the
 * node's answers as the routes give them (registries/land/portable/dto.ts) read by the screens' client, the register's
 * sections in rank order with cancelled entries struck and the current-only view, identifiers masked, amounts in won,
 * and an application's findings in words (never a raw code).
 */
import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import landMessages from '../../src/renderer/features/land/messages'
import { resolveParticlesIn } from '../../src/shared/particles'
import type { ApiClient } from '../../src/renderer/api/client'
import { getRegister, listApplications, listOffices, registerPath, searchAddress } from '../../src/renderer/features/land/api'
import {
  amountText,
  findingDetail,
  findingLines,
  newFindingNow,
  findingText,
  findingTexts,
  headRows,
  holderId,
  looksLikeNumber,
  parseLookup,
  purposeText,
  sectionRows,
} from '../../src/renderer/features/land/register'

const KEY = 'ab'.repeat(32)
const holder = (name: string, id: string | null, share: string | null = null, kind = 'person') => ({
  kind,
  name,
  id,
  idHash: null,
  address: '서울특별시 종로구 세종대로 1',
  key: KEY,
  agency: null,
  share,
})
const entry = (seq: number, section: 'A' | 'B', rank: string, purpose: string, over: Record<string, unknown> = {}) => ({
  seq,
  section,
  rank,
  purpose,
  receipt: { office: '1101', on: `2026-03-0${seq}`, number: seq },
  cause: 'sale',
  causeOn: '2026-03-01',
  holders: [],
  of: null,
  portion: null,
  amount: null,
  debtor: null,
  target: null,
  caseNo: null,
  provisional: null,
  tx: 'cd'.repeat(32),
  height: 10 + seq,
  cancelledBy: null,
  completedBy: null,
  struck: false,
  ...over,
})

/** a register as GET /land/registers/:number answers: an owner, a mortgage cancelled by entry 2 of 을구 */
const REGISTER = {
  number: '1101-2026-000001',
  office: '1101',
  agency: 'seoul-land',
  kind: 'land',
  head: {
    kind: 'land',
    location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 },
    road: null,
    category: 'building-site',
    area: '123.45',
  },
  address: '서울특별시 종로구 세종로 1-3',
  road: null,
  height: 42,
  view: 'full',
  sections: {
    A: [entry(1, 'A', '1', 'ownership.preservation', { holders: [holder('홍길동', '800101-1******', '1/1')] })],
    B: [
      entry(3, 'B', '2', 'cancellation', { cause: 'release', target: { section: 'B', rank: '1' } }),
      entry(2, 'B', '1', 'right.mortgage', {
        cause: 'contract',
        amount: '120000000',
        debtor: { name: '홍길동', address: '서울' },
        holders: [holder('주식회사 국민은행', '110111-2365321', null, 'corporation')],
        cancelledBy: '2',
        struck: true,
      }),
    ],
  },
  owners: [],
  live: [],
  entries: 3,
}

const client = (answers: Record<string, unknown>): ApiClient & { asked: string[] } => {
  const asked: string[] = []
  return {
    asked,
    baseUrl: 'http://node',
    status: () => Promise.reject(new Error('not used')),
    blocks: () => Promise.reject(new Error('not used')),
    events: () => ({ close: () => undefined }) as never,
    request: (_m, path) => {
      asked.push(path)
      const key = Object.keys(answers).find((k) => path.startsWith(k))
      return key === undefined ? Promise.reject(new Error(`no answer for ${path}`)) : Promise.resolve(answers[key])
    },
  }
}

describe('the lookup field', () => {
  it('opens a number typed with or without hyphens, searches anything else as an address', () => {
    expect(parseLookup(' 1101-2026-000001 ')).toEqual({ kind: 'number', number: '1101-2026-000001' })
    expect(parseLookup('11012026000001')).toEqual({ kind: 'number', number: '1101-2026-000001' })
    expect(parseLookup('서울  종로구 세종로 1')).toEqual({ kind: 'address', address: '서울 종로구 세종로 1' })
    expect(parseLookup('   ')).toEqual({ kind: 'empty' })
    // digits that are not a number are said to be a bad number, not searched as an address
    expect(looksLikeNumber('0000-2026-000001')).toBe(true)
    expect(looksLikeNumber('1101-2026-1')).toBe(true)
    expect(looksLikeNumber('세종로 1-3')).toBe(false)
  })
})

describe('the client reads the routes’ answers', () => {
  it('a register: both sections in one list; current-only and as-of in the query', async () => {
    const c = client({ '/land/registers/': REGISTER })
    const r = await getRegister(c, '1101-2026-000001', { current: true, height: 40 })
    expect(c.asked).toEqual(['/land/registers/1101-2026-000001?view=current&height=40'])
    expect(r.list.map((e) => `${e.section}${e.rank}`)).toEqual(['A1', 'B2', 'B1'])
    expect(registerPath('1101-2026-000001')).toBe('/land/registers/1101-2026-000001')
  })

  it('a search, the queue and the offices, as lists', async () => {
    const hit = { number: '1101-2026-000001', office: '1101', kind: 'land', address: '서울특별시 종로구 세종로 1-3', road: null, owners: [{ name: '홍길동', share: '1/1' }], entries: 3, openedTx: 'x', openedHeight: 3 }
    const app = {
      office: '1101',
      year: 2026,
      receipt: 7,
      on: '2026-03-04',
      request: { register: hit.number, purpose: 'ownership.transfer', cause: 'sale', causeOn: '2026-03-01', holders: [holder('김철수', '850202-1******', '1/1')], of: null, portion: null, amount: '900000000', debtor: null, target: null, caseNo: null, mandate: null },
      purpose: 'ownership.transfer',
      register: hit.number,
      parties: [KEY],
      authority: null,
      status: 'received',
      findings: [{ code: 'LAND_RESTRICTED', message: 'seizure 3 blocks it', text: null }],
      findingNow: null,
      reason: null,
      decidedBy: null,
      decidedAt: null,
      tx: 'ef'.repeat(32),
      height: 20,
    }
    const c = client({ '/land/search': [hit], '/land/applications': [app], '/land/offices': [{ office: '1101', name: '서울중앙지방법원 등기국', agency: 'seoul-land' }] })
    expect((await searchAddress(c, '서울 종로구 세종로')).items[0]!.number).toBe(hit.number)
    const listed = await listApplications(c, '1101', 'received')
    expect(listed.more).toBe(false)
    const apps = listed.items
    expect(apps[0]!.receipt).toBe(7)
    expect((await listOffices(c))[0]!.office).toBe('1101')
    expect(c.asked).toEqual([
      `/land/search?address=${encodeURIComponent('서울 종로구 세종로')}&limit=51`,
      '/land/applications?office=1101&status=received&limit=101',
      '/land/offices',
    ])
    // the finding in the registry's sentence, in the reader's language
    expect(findingTexts(apps[0]!, 'ko')).toEqual(['등기기록의 처분 제한(가압류·가처분·압류·경매개시결정)이 말소될 때까지 이 등기를 할 수 없습니다.'])
    expect(findingTexts(apps[0]!, 'en')[0]).toMatch(/^A restriction on the register/)
  })

  it('refuses a register of the wrong shape in words', async () => {
    await expect(getRegister(client({ '/land/registers/': { ...REGISTER, head: { kind: 'ship' } } }), '1101-2026-000001')).rejects.toThrow(/Unexpected land register/)
  })
})

describe('the register’s sections', () => {
  it('in rank order; a cancelled entry struck with the entry that cancelled it; amounts in won', async () => {
    const r = await getRegister(client({ '/land/registers/': REGISTER }), REGISTER.number)
    const b = sectionRows(r.list, 'B', false, 'ko')
    expect(b.map((e) => [e.rank, e.struck, e.cancelledBy])).toEqual([
      ['1', true, '2'],
      ['2', false, null],
    ])
    expect(b[0]!.amount).toBe('금 120,000,000원')
    expect(b[1]!.cancels).toEqual({ section: 'B', rank: '1' })
    expect(sectionRows(r.list, 'B', false, 'en')[0]!.amount).toBe('KRW 120,000,000')
    // a company's number is public and printed whole
    expect(b[0]!.holders[0]!.id).toBe('110111-2365321')
  })

  it('current entries only: the cancelled entry and its cancellation left out', async () => {
    const r = await getRegister(client({ '/land/registers/': REGISTER }), REGISTER.number)
    expect(sectionRows(r.list, 'B', true, 'ko')).toEqual([])
    expect(sectionRows(r.list, 'A', true, 'ko').map((e) => e.rank)).toEqual(['1'])
  })

  it('supplementary ranks after their main entry', () => {
    const rows = sectionRows([entry(3, 'A', '2', 'ownership.transfer'), entry(4, 'A', '1-1', 'holder.alteration'), entry(1, 'A', '1', 'ownership.preservation')] as never, 'A', false, 'en')
    expect(rows.map((e) => e.rank)).toEqual(['1', '1-1', '2'])
  })
})

describe('words', () => {
  it('a person’s identifier is masked even when sent whole; a missing one is a dash', () => {
    expect(holderId({ kind: 'person', id: '800101-1234567' })).toBe('800101-1******')
    expect(holderId({ kind: 'person', id: '8001011234567' })).toBe('800101-1******')
    expect(holderId({ kind: 'person', id: '800101-1******' })).toBe('800101-1******')
    expect(holderId({ kind: 'person', id: null })).toBe('—')
  })

  it('amounts, purposes, the head, and findings of core codes — never raw', () => {
    expect(amountText('120000000', 'ko')).toBe('금 120,000,000원')
    expect(amountText(null, 'ko')).toBeNull()
    expect(purposeText('right.mortgage', 'ko')).toBe('근저당권설정')
    expect(purposeText('cancellation', 'en')).toBe('Cancellation')
    const head = headRows(REGISTER.head as never, 'ko')
    expect(head.find((r) => r.key === 'location')?.value).toBe('서울특별시 종로구 세종로 1-3')
    expect(head.find((r) => r.key === 'area')?.value).toBe('123.45㎡')
    expect(findingText({ code: 'LAND_SHARES', message: 'x', text: { ko: '지분 문장', en: 'share sentence' } }, 'en')).toBe('share sentence')
    expect(findingText({ code: 'SOMETHING_NEW', message: 'x', text: null }, 'en')).toBe('The node refused the request.')
    expect(findingText({ code: 'SOMETHING_NEW', message: 'x', text: null }, 'ko')).not.toMatch(/SOMETHING_NEW/)
  })

  it('a finding recorded at receipt and found again today reads once, marked as still holding', () => {
    const f = { code: 'LAND_RESTRICTED', message: 'a provisional attachment stands', text: null }
    const other = { code: 'LAND_SHARES', message: 'x', text: null }
    const app = { findings: [f, { ...f }], findingNow: { ...f } }
    expect(findingLines(app, 'en').map((l) => l.now)).toEqual([true])
    expect(newFindingNow(app)).toBeNull()
    // a finding that appeared since receipt is a line of its own; one of receipt that no longer holds is not marked
    const later = { findings: [other], findingNow: f }
    expect(findingLines(later, 'en').map((l) => l.now)).toEqual([false])
    expect(newFindingNow(later)).toEqual(f)
    expect(newFindingNow({ findings: [], findingNow: null })).toBeNull()
  })

  it("a finding shows the node's detail under its sentence: which holder or share (review-ui 2)", () => {
    const f = { code: 'LAND_SHARES', message: 'the share of 홍길동 is missing', text: { ko: '지분의 합이 맞지 않습니다.', en: 'The shares do not add up.' } }
    expect(findingDetail(f, 'en')).toBe('the share of 홍길동 is missing')
    expect(findingDetail(f, 'ko')).toBe('상세(영문): the share of 홍길동 is missing')
    expect(findingLines({ findings: [f], findingNow: null }, 'ko')).toEqual([{ text: '지분의 합이 맞지 않습니다.', detail: '상세(영문): the share of 홍길동 is missing', now: false }])
    // nothing more than the sentence: no detail line
    expect(findingDetail({ ...f, message: 'The shares do not add up.' }, 'ko')).toBeNull()
    expect(findingDetail({ ...f, message: '' }, 'en')).toBeNull()
  })

  it("a unit's head says its land right in words, never a raw kind (review-ui 3)", () => {
    const unit = { kind: 'unit', complex: '1101-2026-000009', unit: '제101동 제12층 제1203호', floor: '제12층', structure: '철근콘크리트조', area: '84.5', landRight: { kind: 'ownership', share: '1/10' } }
    const ko = headRows(unit as never, 'ko')
    expect(ko.find((r) => r.key === 'landRight')?.value).toBe('소유권대지권 10분의 1')
    expect(headRows(unit as never, 'en').find((r) => r.key === 'landRight')?.value).toBe('Ownership of the land 1/10')
    for (const r of ko) expect(r.value).not.toMatch(/\b(ownership|superficies|lease|unit)\b/)
  })

  it('a list the node cut says so: asked as limit + 1, the extra one is not shown (review-ui 5)', async () => {
    const hit = { number: '1101-2026-000001', office: '1101', kind: 'land', address: '서울특별시 종로구 세종로 1-3', road: null, owners: [], entries: 3, openedTx: 'x', openedHeight: 3 }
    const c = client({ '/land/search': [hit, hit, hit] })
    const listed = await searchAddress(c, '세종로', 2)
    expect(listed.items).toHaveLength(2)
    expect(listed.more).toBe(true)
    expect(c.asked[0]).toBe(`/land/search?address=${encodeURIComponent('세종로')}&limit=3`)
    const exact = await searchAddress(client({ '/land/search': [hit, hit] }), '세종로', 2)
    expect(exact.more).toBe(false)
  })

  it("'no register matches' chooses its particle by the address's last sound (review-ui 6)", () => {
    const i18n = createI18n({ legacy: false, locale: 'ko', messages: { ko: { land: landMessages.ko }, en: { land: landMessages.en } }, postTranslation: resolveParticlesIn })
    const t = i18n.global.t as (k: string, v: Record<string, string>) => string
    expect(t('land.lookup.noResults', { address: '세종로 1' })).toBe('「세종로 1」과 맞는 등기기록이 없습니다.')
    expect(t('land.lookup.noResults', { address: '세종로 2' })).toBe('「세종로 2」와 맞는 등기기록이 없습니다.')
  })
})
