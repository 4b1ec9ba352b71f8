/**
 * Generated registers shaped like Korea's (issue 12, "Speed and scale"; docs/land-import.md is the line format):
 * 17 시도, 251 시군구 (229 autonomous, the big cities split into their 구), about 3,500 읍면동 (14 a 시군구, names made
 * of common syllables), the 지목 mix of the cadastre by parcel count, land (60 %), buildings (10 %) and condominium
 * units (30 %, 120 units a complex), and 5–10 entries of history a register: the first ownership (보존, or the
 * ownership carried over when the register was computerised), transfers (sale, inheritance, gift; some to two
 * co-owners of a half each), 근저당권 and their cancellations, and an occasional 가압류 with its cancellation.
 * Holders come with masked identifiers and identifier hashes, and no key (a registrar binds keys later).
 *
 * Deterministic: the same seed and index give the same line. Every history follows the live rules (a 가압류 is
 * cancelled before the property is disposed of again), so every generated line imports.
 *
 *   npx tsx bench/land-data.ts --count 1000 [--seed 1] [--office 1101] > registers.jsonl
 */
import { createHash } from 'node:crypto'
import type { MigratePayload, MigratedEntry } from '../src/ledger/registries/land/portable/import-schema'
import type { Holder } from '../src/ledger/registries/land/portable/schema'

// ---------------------------------------------------------------------------------------------- regions

const SIDO: Array<[string, string]> = [
  ['서울특별시', '종로구 중구 용산구 성동구 광진구 동대문구 중랑구 성북구 강북구 도봉구 노원구 은평구 서대문구 마포구 양천구 강서구 구로구 금천구 영등포구 동작구 관악구 서초구 강남구 송파구 강동구'],
  ['부산광역시', '중구 서구 동구 영도구 부산진구 동래구 남구 북구 해운대구 사하구 금정구 강서구 연제구 수영구 사상구 기장군'],
  ['대구광역시', '중구 동구 서구 남구 북구 수성구 달서구 달성군 군위군'],
  ['인천광역시', '중구 동구 미추홀구 연수구 남동구 부평구 계양구 서구 강화군 옹진군'],
  ['광주광역시', '동구 서구 남구 북구 광산구'],
  ['대전광역시', '동구 중구 서구 유성구 대덕구'],
  ['울산광역시', '중구 남구 동구 북구 울주군'],
  ['세종특별자치시', '세종시'],
  [
    '경기도',
    '수원시_장안구 수원시_권선구 수원시_팔달구 수원시_영통구 성남시_수정구 성남시_중원구 성남시_분당구 의정부시 안양시_만안구 안양시_동안구 부천시 광명시 평택시 동두천시 안산시_상록구 안산시_단원구 고양시_덕양구 고양시_일산동구 고양시_일산서구 과천시 구리시 남양주시 오산시 시흥시 군포시 의왕시 하남시 용인시_처인구 용인시_기흥구 용인시_수지구 파주시 이천시 안성시 김포시 화성시 광주시 양주시 포천시 여주시 연천군 가평군 양평군',
  ],
  ['강원특별자치도', '춘천시 원주시 강릉시 동해시 태백시 속초시 삼척시 홍천군 횡성군 영월군 평창군 정선군 철원군 화천군 양구군 인제군 고성군 양양군'],
  ['충청북도', '청주시_상당구 청주시_서원구 청주시_흥덕구 청주시_청원구 충주시 제천시 보은군 옥천군 영동군 증평군 진천군 괴산군 음성군 단양군'],
  ['충청남도', '천안시_동남구 천안시_서북구 공주시 보령시 아산시 서산시 논산시 계룡시 당진시 금산군 부여군 서천군 청양군 홍성군 예산군 태안군'],
  ['전북특별자치도', '전주시_완산구 전주시_덕진구 군산시 익산시 정읍시 남원시 김제시 완주군 진안군 무주군 장수군 임실군 순창군 고창군 부안군'],
  ['전라남도', '목포시 여수시 순천시 나주시 광양시 담양군 곡성군 구례군 고흥군 보성군 화순군 장흥군 강진군 해남군 영암군 무안군 함평군 영광군 장성군 완도군 진도군 신안군'],
  ['경상북도', '포항시_남구 포항시_북구 경주시 김천시 안동시 구미시 영주시 영천시 상주시 문경시 경산시 의성군 청송군 영양군 영덕군 청도군 고령군 성주군 칠곡군 예천군 봉화군 울진군 울릉군'],
  ['경상남도', '창원시_의창구 창원시_성산구 창원시_마산합포구 창원시_마산회원구 창원시_진해구 진주시 통영시 사천시 김해시 밀양시 거제시 양산시 의령군 함안군 창녕군 고성군 남해군 하동군 산청군 함양군 거창군 합천군'],
  ['제주특별자치도', '제주시 서귀포시'],
]

export interface Sigungu {
  sido: string
  name: string
  /** the registry office keeping it: the first two digits its 시도 (a region), the last two its place */
  office: string
  dongs: string[]
}

const SYL = '신중대명효청송남북동서상하월산장용화평금석안양은봉도성학원주문덕흥진수영광연부삼오태인충'.split('')

function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** 251 시군구 with 14 읍면동 each (3,514), the same every time. */
export const REGIONS: readonly Sigungu[] = (() => {
  const r = prng(20261203)
  const out: Sigungu[] = []
  SIDO.forEach(([sido, list], si) => {
    list.split(' ').forEach((raw, gi) => {
      const name = raw.replace('_', ' ')
      const gun = name.endsWith('군')
      const used = new Set<string>()
      const dongs: string[] = []
      while (dongs.length < 14) {
        const stem = SYL[Math.floor(r() * SYL.length)]! + SYL[Math.floor(r() * SYL.length)]!
        const suffix = gun ? (dongs.length < 2 ? '읍' : '면') : name.endsWith('구') ? '동' : dongs.length < 3 ? '읍' : dongs.length < 7 ? '면' : '동'
        const d = stem + suffix
        if (!used.has(d)) {
          used.add(d)
          dongs.push(d)
        }
      }
      out.push({ sido, name, office: `${String(11 + si).padStart(2, '0')}${String(gi + 1).padStart(2, '0')}`, dongs })
    })
  })
  return out
})()

export const DONG_COUNT = REGIONS.reduce((n, g) => n + g.dongs.length, 0)

/** 지목 by share of parcels (지적통계, rounded), in the register's ids. */
const CATEGORY_MIX: Array<[string, number]> = [
  ['building-site', 22],
  ['field', 21],
  ['paddy', 18],
  ['forest', 11],
  ['road', 11],
  ['ditch', 3],
  ['river', 1.5],
  ['miscellaneous', 1.5],
  ['factory', 1.2],
  ['cemetery', 1.2],
  ['orchard', 1],
  ['reservoir', 0.8],
  ['railway', 0.8],
  ['embankment', 0.5],
  ['park', 0.5],
  ['school', 0.3],
  ['warehouse', 0.3],
  ['pasture', 0.3],
  ['religious', 0.3],
  ['parking', 0.2],
  ['sports', 0.2],
  ['waterworks', 0.1],
  ['fish-farm', 0.1],
  ['salt-farm', 0.1],
  ['gas-station', 0.05],
  ['amusement', 0.05],
  ['historic', 0.05],
  ['mineral-spring', 0.01],
]
const CATEGORY_TOTAL = CATEGORY_MIX.reduce((n, [, w]) => n + w, 0)

function pickCategory(x: number): string {
  let t = x * CATEGORY_TOTAL
  for (const [id, w] of CATEGORY_MIX) {
    if (t < w) return id
    t -= w
  }
  return 'building-site'
}

// ---------------------------------------------------------------------------------------------- people, banks

const SURNAMES = '김이박최정강조윤장임한오서신권황안송류홍'.split('')
const GIVEN = '민서지현준우예은하윤도연수아시영재호성훈유진태'.split('')

/** a corporate registration number with its right check digit */
function corporate(prefix12: string): string {
  const d = prefix12.split('').map(Number)
  let sum = 0
  for (let i = 0; i < 12; i++) sum += d[i]! * (i % 2 === 0 ? 1 : 2)
  return `${prefix12.slice(0, 6)}-${prefix12.slice(6)}${(10 - (sum % 10)) % 10}`
}
const BANKS: Holder[] = ['국민은행', '신한은행', '우리은행', '하나은행', '농협은행', '기업은행', '새마을금고', '수협은행'].map((name, i) => ({
  kind: 'corporation',
  name: `주식회사 ${name}`,
  id: corporate(`1101110${String(12345 + i * 7).padStart(5, '0')}`),
  idHash: createHash('sha256').update(`bank ${i}`).digest('hex'),
  address: '서울특별시 중구 세종대로',
  key: null,
  agency: null,
  share: null,
}))
const COURTS = ['서울중앙지방법원', '수원지방법원', '부산지방법원', '대구지방법원', '광주지방법원', '대전지방법원']

export interface GenOptions {
  seed?: number
  /** every register in this one office (its regions kept for addresses): a small node with one office defined */
  office?: string
  /** the last day a receipt may carry (default 2026-11-30) */
  until?: string
}

const DAY_MS = 86_400_000
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/**
 * The register of index `i` (0-based) as an import line's object. Numbers are unique across indices: the office and
 * year come from the index's region and opening date, the sequence from the index itself.
 */
export function generateRegister(i: number, o: GenOptions = {}): MigratePayload {
  const r = prng(((o.seed ?? 1) * 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b))
  const int = (n: number): number => Math.floor(r() * n)
  const region = REGIONS[i % REGIONS.length]!
  const k = Math.floor(i / REGIONS.length)
  const dong = region.dongs[k % region.dongs.length]!
  const lotIndex = Math.floor(k / region.dongs.length)
  const until = Date.parse(o.until ?? '2026-11-30')
  const kindX = r()
  const kind = kindX < 0.6 ? 'land' : kindX < 0.7 ? 'building' : 'unit'
  // 120 units a complex, all kept by the office of the complex's region
  const cx = Math.floor(i / 120)
  const cxRegion = REGIONS[cx % REGIONS.length]!
  const office = o.office ?? (kind === 'unit' ? cxRegion.office : region.office)
  // the register was opened (or computerised) between 1985 and 2016; its history spreads to the recent past
  const opened = Date.parse('1985-01-01') + int(31 * 365) * DAY_MS
  const year = Number(isoDay(opened).slice(0, 4))
  // the sequence: unique for the index (a million registers fit 6 digits with room)
  const number = `${office}-${year}-${String((i % 999_999) + 1).padStart(6, '0')}`
  const location = {
    sido: region.sido,
    sigungu: region.name,
    dong,
    ri: null,
    mountain: false,
    main: Math.floor(lotIndex / 3) + 1 + (kind === 'land' ? 0 : 5000),
    sub: lotIndex % 3,
  }
  let head: MigratePayload['head']
  let complex: MigratePayload['complex'] = null
  if (kind === 'land') {
    const category = pickCategory(r())
    head = { kind: 'land', location: { ...location, mountain: category === 'forest' && r() < 0.7 }, road: null, category, area: `${50 + int(5000)}.${String(int(100)).padStart(2, '0')}` }
  } else if (kind === 'building') {
    const floors = 1 + int(4)
    head = {
      kind: 'building',
      location,
      road: `${region.sido} ${region.name} ${dong.slice(0, 2)}로 ${1 + int(300)}`,
      structure: r() < 0.7 ? '철근콘크리트조' : '벽돌조',
      roof: r() < 0.8 ? '슬래브지붕' : '기와지붕',
      use: r() < 0.6 ? '단독주택' : '제2종근린생활시설',
      floors: Array.from({ length: floors }, (_, f) => ({ floor: `${f + 1}층`, area: `${60 + int(200)}.${String(int(100)).padStart(2, '0')}` })),
    }
  } else {
    // 120 units a complex: the complex is numbered by the index of its first unit, in the year 2000
    const unitNo = i % 120
    const complexNumber = `${office}-2000-${String((cx % 999_999) + 1).padStart(6, '0')}`
    const cr = prng(cx + 7)
    complex = {
      name: `${cxRegion.dongs[0]!.slice(0, 2)}${['래미안', '자이', '푸르지오', '힐스테이트', '아이파크', '더샵'][cx % 6]} 제${1 + (cx % 30)}동`,
      location: { sido: cxRegion.sido, sigungu: cxRegion.name, dong: cxRegion.dongs[cx % cxRegion.dongs.length]!, ri: null, mountain: false, main: 9000 + (cx % 900), sub: 0 },
      road: null,
      structure: '철근콘크리트구조',
      floors: Array.from({ length: 15 }, (_, f) => ({ floor: `${f + 1}층`, area: `${600 + Math.floor(cr() * 400)}.00` })),
      lands: [{ location: { sido: cxRegion.sido, sigungu: cxRegion.name, dong: cxRegion.dongs[cx % cxRegion.dongs.length]!, ri: null, mountain: false, main: 9000 + (cx % 900), sub: 0 }, category: 'building-site', area: '24000.00' }],
    }
    head = {
      kind: 'unit',
      complex: complexNumber,
      unit: `제${1 + (cx % 30)}동 제${1 + Math.floor(unitNo / 8)}층 제${1 + Math.floor(unitNo / 8)}0${1 + (unitNo % 8)}호`,
      floor: `${1 + Math.floor(unitNo / 8)}층`,
      structure: '철근콘크리트구조',
      area: `${59 + int(60)}.${String(int(100)).padStart(2, '0')}`,
      landRight: { kind: 'ownership', share: `${30 + int(50)}/24000` },
    }
  }

  const person = (): Holder => {
    const y = 40 + int(60)
    const m = 1 + int(12)
    const d = 1 + int(28)
    return {
      kind: 'person',
      name: SURNAMES[int(SURNAMES.length)]! + GIVEN[int(GIVEN.length)]! + GIVEN[int(GIVEN.length)]!,
      id: `${String(y).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}-${1 + int(2)}******`,
      idHash: Array.from({ length: 8 }, () => int(2 ** 32).toString(16).padStart(8, '0')).join(''),
      address: `${region.sido} ${region.name} ${dong} ${1 + int(900)}`,
      key: null,
      agency: null,
      share: null,
    }
  }

  const target = 5 + int(6)
  const entries: MigratedEntry[] = []
  let day = opened
  let receipt = 1 + int(20_000)
  let nextA = 1
  let nextB = 1
  let owners: Holder[] = []
  const liveMortgages: string[] = []
  let attachment: string | null = null
  const stepDays = Math.max(2, Math.floor((until - opened) / DAY_MS / (target + 1)))
  const base = (): Pick<MigratedEntry, 'of' | 'portion' | 'amount' | 'debtor' | 'target' | 'caseNo'> => ({ of: null, portion: null, amount: null, debtor: null, target: null, caseNo: null })
  const push = (e: Omit<MigratedEntry, 'receipt' | 'causeOn'>, sameDay = false): void => {
    if (!sameDay) {
      day += (1 + int(stepDays)) * DAY_MS
      if (day > until) day = until
      receipt = 1 + int(60_000)
    } else receipt++
    const on = isoDay(day)
    entries.push({ ...e, receipt: { on, number: receipt }, causeOn: isoDay(day - int(20) * DAY_MS) })
  }
  const mortgage = (sameDay: boolean): void => {
    const debtor = owners[0]!
    push({ section: 'B', rank: String(nextB++), purpose: 'right.mortgage', cause: 'contract', holders: [BANKS[int(BANKS.length)]!], ...base(), amount: String((1 + int(90)) * 12_000_000), debtor: { name: debtor.name, address: debtor.address } }, sameDay)
    liveMortgages.push(String(nextB - 1))
  }

  // the first ownership
  const firstOwner = person()
  owners = [firstOwner]
  entries.push({
    section: 'A',
    rank: String(nextA++),
    purpose: kind === 'land' ? 'ownership.transfer' : 'ownership.preservation',
    cause: kind === 'land' ? 'sale' : 'new-building',
    holders: [firstOwner],
    ...base(),
    receipt: { on: isoDay(opened), number: receipt },
    causeOn: isoDay(opened - int(30) * DAY_MS),
  })
  while (entries.length < target) {
    const room = target - entries.length
    if (attachment !== null) {
      push({ section: 'A', rank: String(nextA++), purpose: 'cancellation', cause: 'release', holders: [], ...base(), target: { section: 'A', rank: attachment } })
      attachment = null
      continue
    }
    const x = r()
    if (liveMortgages.length > 0 && (x < 0.3 || room === 1)) {
      const m = liveMortgages.shift()!
      push({ section: 'B', rank: String(nextB++), purpose: 'cancellation', cause: 'termination', holders: [], ...base(), target: { section: 'B', rank: m } })
    } else if (x < 0.65 || room === 1) {
      const two = r() < 0.15
      const buyers = two ? [{ ...person(), share: '1/2' }, { ...person(), share: '1/2' }] : [person()]
      const cause = r() < 0.8 ? 'sale' : r() < 0.6 ? 'inheritance' : 'gift'
      push({ section: 'A', rank: String(nextA++), purpose: 'ownership.transfer', cause, holders: buyers, ...base(), amount: cause === 'sale' ? String((5 + int(200)) * 10_000_000) : null })
      owners = buyers
      if (room > 2 && r() < 0.5 && liveMortgages.length < 2) mortgage(true)
    } else if (x < 0.9 && liveMortgages.length < 2) {
      mortgage(false)
    } else if (room >= 2) {
      push({
        section: 'A',
        rank: String(nextA++),
        purpose: 'restriction.provisional-attachment',
        cause: 'court-decision',
        holders: [{ kind: 'public', name: COURTS[int(COURTS.length)]!, id: null, idHash: null, address: '', key: null, agency: null, share: null }],
        ...base(),
        amount: String((1 + int(50)) * 1_000_000),
        caseNo: `${isoDay(day).slice(0, 4)}카단${1000 + int(90000)}`,
      })
      attachment = String(nextA - 1)
    }
  }
  return { number, office, head, complex, entries, source: null }
}

/** The import line of index i: the register without `source` (the importer adds the line's hash). */
export function generateLine(i: number, o: GenOptions = {}): string {
  const { source: _s, ...line } = generateRegister(i, o)
  return JSON.stringify(line)
}

const isMain = process.argv[1]?.endsWith('land-data.ts') === true
if (isMain) {
  const arg = (name: string, d: string): string => {
    const k = process.argv.indexOf(`--${name}`)
    return k >= 0 ? process.argv[k + 1]! : d
  }
  const count = Number(arg('count', '1000'))
  const seed = Number(arg('seed', '1'))
  const office = process.argv.includes('--office') ? arg('office', '1101') : undefined
  const out: string[] = []
  for (let i = 0; i < count; i++) {
    out.push(generateLine(i, { seed, ...(office ? { office } : {}) }))
    if (out.length >= 1000) {
      process.stdout.write(out.join('\n') + '\n')
      out.length = 0
    }
  }
  if (out.length > 0) process.stdout.write(out.join('\n') + '\n')
  process.stderr.write(`${count} registers; ${REGIONS.length} 시군구, ${DONG_COUNT} 읍면동 in ${SIDO.length} 시도\n`)
}
