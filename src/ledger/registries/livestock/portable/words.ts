/** How the livestock register's transactions, fields and values read, in Korean and English (registries/portable-types.ts). */
import type { Locale, RegistryWords, Words } from '../../portable-types'
import { record, str, valueIn } from '../../words-util'
import { formatAnimalNumber } from './identifiers'

export const SITE_KIND_WORDS: Readonly<Record<string, Words>> = {
  farm: { ko: '농장', en: 'Farm' },
  market: { ko: '가축시장', en: 'Livestock market' },
  slaughterhouse: { ko: '도축장', en: 'Slaughterhouse' },
  packer: { ko: '포장처리업소', en: 'Packing plant' },
  shop: { ko: '판매점', en: 'Shop' },
}

export const BREED_WORDS: Readonly<Record<string, Words>> = {
  hanwoo: { ko: '한우', en: 'Hanwoo' },
  beef: { ko: '육우', en: 'Beef cattle' },
  dairy: { ko: '젖소', en: 'Dairy cattle' },
  other: { ko: '기타', en: 'Other breed' },
}

export const SEX_WORDS: Readonly<Record<string, Words>> = {
  female: { ko: '암', en: 'Female' },
  male: { ko: '수', en: 'Male' },
  castrated: { ko: '거세', en: 'Castrated' },
}

export const DISEASE_WORDS: Readonly<Record<string, Words>> = {
  fmd: { ko: '구제역', en: 'Foot-and-mouth disease' },
  brucellosis: { ko: '브루셀라병', en: 'Brucellosis' },
  tuberculosis: { ko: '결핵병', en: 'Tuberculosis' },
  'lumpy-skin': { ko: '럼피스킨병', en: 'Lumpy skin disease' },
  bse: { ko: '소해면상뇌증', en: 'BSE' },
  anthrax: { ko: '탄저', en: 'Anthrax' },
  other: { ko: '기타 질병', en: 'Other disease' },
}

/** a test's result and a DNA comparison's */
export const RESULT_WORDS: Readonly<Record<string, Words>> = {
  negative: { ko: '음성', en: 'Negative' },
  positive: { ko: '양성', en: 'Positive' },
  inconclusive: { ko: '판정 보류', en: 'Inconclusive' },
  match: { ko: '일치', en: 'Match' },
  mismatch: { ko: '불일치', en: 'Mismatch' },
}

export const DISPOSAL_WORDS: Readonly<Record<string, Words>> = {
  burial: { ko: '매몰', en: 'Burial' },
  incineration: { ko: '소각', en: 'Incineration' },
  rendering: { ko: '렌더링', en: 'Rendering' },
  other: { ko: '기타 처리', en: 'Other disposal' },
}

export const QUALITY_WORDS: Readonly<Record<string, Words>> = {
  '1++': { ko: '1++등급', en: 'Grade 1++' },
  '1+': { ko: '1+등급', en: 'Grade 1+' },
  '1': { ko: '1등급', en: 'Grade 1' },
  '2': { ko: '2등급', en: 'Grade 2' },
  '3': { ko: '3등급', en: 'Grade 3' },
  D: { ko: '등외', en: 'Ungraded (D)' },
}

export const YIELD_WORDS: Readonly<Record<string, Words>> = {
  A: { ko: 'A등급', en: 'Yield A' },
  B: { ko: 'B등급', en: 'Yield B' },
  C: { ko: 'C등급', en: 'Yield C' },
}

export const CUT_WORDS: Readonly<Record<string, Words>> = {
  tenderloin: { ko: '안심', en: 'Tenderloin' },
  sirloin: { ko: '등심', en: 'Sirloin' },
  striploin: { ko: '채끝', en: 'Striploin' },
  chuck: { ko: '목심', en: 'Chuck' },
  blade: { ko: '앞다리', en: 'Blade' },
  round: { ko: '우둔', en: 'Round' },
  'bottom-round': { ko: '설도', en: 'Bottom round' },
  brisket: { ko: '양지', en: 'Brisket' },
  shank: { ko: '사태', en: 'Shank' },
  rib: { ko: '갈비', en: 'Rib' },
  mixed: { ko: '혼합 부위', en: 'Mixed cuts' },
}

export const EVENT_WORDS: Readonly<Record<string, Words>> = {
  birth: { ko: '출생', en: 'Birth' },
  import: { ko: '수입', en: 'Import' },
  tag: { ko: '귀표 부착', en: 'Ear tag' },
  move: { ko: '이동', en: 'Move' },
  vaccination: { ko: '예방접종', en: 'Vaccination' },
  test: { ko: '질병검사', en: 'Disease test' },
  death: { ko: '폐사', en: 'Death' },
  export: { ko: '수출', en: 'Export' },
  slaughter: { ko: '도축', en: 'Slaughter' },
  grade: { ko: '등급 판정', en: 'Grading' },
  pack: { ko: '포장', en: 'Packing' },
  sale: { ko: '판매', en: 'Sale' },
  dna: { ko: 'DNA 검사', en: 'DNA test' },
}

const ACT_WORDS: Readonly<Record<string, Words>> = { vaccination: EVENT_WORDS.vaccination!, test: EVENT_WORDS.test! }
const INSPECTION_WORDS: Readonly<Record<string, Words>> = { pass: { ko: '합격', en: 'Passed' }, fail: { ko: '불합격', en: 'Failed' } }
/** a site's kind and a standstill target's */
const KIND_WORDS: Readonly<Record<string, Words>> = { ...SITE_KIND_WORDS, site: { ko: '농장·업소', en: 'Farm or business' }, area: { ko: '지역', en: 'Area' } }

const TYPE_WORDS = {
  'livestock.site.register': { ko: '농장·업소 등록', en: 'Registration of a farm or business' },
  'livestock.site.update': { ko: '농장·업소 정보 변경', en: 'Change to a farm or business' },
  'livestock.birth': { ko: '출생 신고', en: 'Birth report' },
  'livestock.tag': { ko: '귀표 부착 신고', en: 'Ear tag report' },
  'livestock.move': { ko: '이동(양도·양수) 신고', en: 'Move report' },
  'livestock.vet': { ko: '예방접종·질병검사 기록', en: 'Vaccination or disease test' },
  'livestock.death': { ko: '폐사 신고', en: 'Death report' },
  'livestock.import': { ko: '수입 신고', en: 'Import report' },
  'livestock.export': { ko: '수출 신고', en: 'Export report' },
  'livestock.slaughter': { ko: '도축 신고', en: 'Slaughter report' },
  'livestock.grade': { ko: '등급 판정', en: 'Carcass grading' },
  'livestock.pack': { ko: '포장 처리 신고', en: 'Packing report' },
  'livestock.sale': { ko: '판매 신고', en: 'Sale report' },
  'livestock.dna': { ko: 'DNA 동일성 검사', en: 'DNA identity test' },
  'livestock.standstill.place': { ko: '이동제한 명령', en: 'Standstill order' },
  'livestock.standstill.lift': { ko: '이동제한 해제', en: 'Standstill lifted' },
} as const satisfies Record<string, Words>

const animalIn = (p: Readonly<Record<string, unknown>> | null, key = 'animal'): string | null => {
  const a = str(p, key)
  return a === null ? null : formatAnimalNumber(a)
}

/** "N head" / "N마리", or the one animal's number */
function animalsIn(p: Readonly<Record<string, unknown>> | null, locale: Locale): string | null {
  const list = p && Array.isArray(p.animals) ? p.animals.filter((a): a is string => typeof a === 'string') : null
  if (list === null || list.length === 0) return null
  if (list.length === 1) return formatAnimalNumber(list[0]!)
  return locale === 'ko' ? `${list.length}마리` : `${list.length} head`
}

function targetsIn(p: Readonly<Record<string, unknown>> | null, locale: Locale): string | null {
  const list = p && Array.isArray(p.targets) ? p.targets.map(record) : null
  if (list === null || list.length === 0) return null
  const names = list.map((t) => str(t, 'site') ?? str(t, 'area'))
  if (names.some((n) => n === null)) return null
  const shown = names.slice(0, 3).join(', ')
  const more = names.length > 3 ? (locale === 'ko' ? ` 외 ${names.length - 3}곳` : ` and ${names.length - 3} more`) : ''
  return shown + more
}

export const words: RegistryWords = {
  txTypes: TYPE_WORDS,
  fields: {
    site: { ko: '농장·업소 번호', en: 'Farm or business number' },
    kind: { ko: '종류', en: 'Kind' },
    name: { ko: '이름', en: 'Name' },
    area: { ko: '지역(법정동 코드)', en: 'Area (legal-dong code)' },
    address: { ko: '주소', en: 'Address' },
    keepers: { ko: '관리자 공개키', en: "Keepers' public keys" },
    closed: { ko: '폐업', en: 'Closed' },
    animal: { ko: '이력번호', en: 'Animal number' },
    animals: { ko: '이력번호 목록', en: 'Animal numbers' },
    farm: { ko: '농장', en: 'Farm' },
    date: { ko: '일자', en: 'Date' },
    breed: { ko: '품종', en: 'Breed' },
    sex: { ko: '성별', en: 'Sex' },
    mother: { ko: '어미 이력번호', en: "Mother's animal number" },
    from: { ko: '보내는 곳', en: 'From' },
    to: { ko: '받는 곳', en: 'To' },
    act: { ko: '구분', en: 'Procedure' },
    disease: { ko: '질병', en: 'Disease' },
    product: { ko: '백신', en: 'Vaccine' },
    result: { ko: '결과', en: 'Result' },
    cause: { ko: '폐사 원인', en: 'Cause of death' },
    disposal: { ko: '처리 방법', en: 'Disposal' },
    lot: { ko: '수입 로트 번호', en: 'Import lot' },
    country: { ko: '국가', en: 'Country' },
    foreignId: { ko: '외국 개체 번호', en: 'Foreign identifier' },
    birthDate: { ko: '출생일', en: 'Date of birth' },
    slaughterhouse: { ko: '도축장', en: 'Slaughterhouse' },
    inspection: { ko: '도축 검사 결과', en: 'Inspection result' },
    dnaSample: { ko: 'DNA 시료 번호', en: 'DNA sample number' },
    quality: { ko: '육질등급', en: 'Quality grade' },
    yield: { ko: '육량등급', en: 'Yield grade' },
    weightKg: { ko: '도체중(kg)', en: 'Carcass weight (kg)' },
    packer: { ko: '포장처리업소', en: 'Packing plant' },
    cut: { ko: '부위', en: 'Cut' },
    bundle: { ko: '묶음번호', en: 'Bundle number' },
    shop: { ko: '판매점', en: 'Shop' },
    number: { ko: '이력번호 또는 묶음번호', en: 'Animal or bundle number' },
    sample: { ko: '시료 번호', en: 'Sample number' },
    order: { ko: '명령 번호', en: 'Order number' },
    targets: { ko: '대상 농장·지역', en: 'Farms and areas' },
    reason: { ko: '사유', en: 'Reason' },
    events: { ko: '신고 목록', en: 'Reports' },
    type: { ko: '신고 종류', en: 'Kind of report' },
    payload: { ko: '신고 내용', en: 'What is reported' },
  },
  values: {
    kind: KIND_WORDS,
    breed: BREED_WORDS,
    sex: SEX_WORDS,
    act: ACT_WORDS,
    disease: DISEASE_WORDS,
    result: RESULT_WORDS,
    disposal: DISPOSAL_WORDS,
    inspection: INSPECTION_WORDS,
    quality: QUALITY_WORDS,
    yield: YIELD_WORDS,
    cut: CUT_WORDS,
    type: TYPE_WORDS,
  },
  describe(type, payload, locale) {
    const p = record(payload)
    if (p === null) return null
    const ko = locale === 'ko'
    const v = (table: Readonly<Record<string, Words>>, key: string): string | null => {
      const x = str(p, key)
      return x !== null && Object.hasOwn(table, x) ? valueIn(table, x, locale) : null
    }
    const date = str(p, 'date')
    switch (type) {
      case 'livestock.site.register': {
        const site = str(p, 'site')
        const name = str(p, 'name')
        const kind = v(SITE_KIND_WORDS, 'kind')
        return site && name && kind ? (ko ? `${kind} ${name}(${site}) 등록` : `${kind} ${name} (${site}) registered`) : null
      }
      case 'livestock.site.update': {
        const site = str(p, 'site')
        if (!site) return null
        if (p.closed === true) return ko ? `농장·업소 ${site} 폐업 처리` : `Farm or business ${site} closed`
        return ko ? `농장·업소 ${site} 정보 변경` : `Farm or business ${site} changed`
      }
      case 'livestock.birth': {
        const a = animalIn(p)
        const farm = str(p, 'farm')
        const breed = v(BREED_WORDS, 'breed')
        return a && farm && date && breed ? (ko ? `${breed} ${a} 출생 신고 (농장 ${farm}, ${date})` : `Birth of ${breed} ${a} on farm ${farm}, ${date}`) : null
      }
      case 'livestock.tag': {
        const a = animalIn(p)
        return a && date ? (ko ? `${a} 귀표 부착 (${date})` : `Ear tag fitted to ${a}, ${date}`) : null
      }
      case 'livestock.move': {
        const a = animalsIn(p, locale)
        const from = str(p, 'from')
        const to = str(p, 'to')
        return a && from && to && date ? (ko ? `${a} 이동: ${from} → ${to} (${date})` : `${a} moved from ${from} to ${to}, ${date}`) : null
      }
      case 'livestock.vet': {
        const a = animalsIn(p, locale)
        const disease = v(DISEASE_WORDS, 'disease')
        const act = str(p, 'act')
        if (!a || !disease || !date || (act !== 'vaccination' && act !== 'test')) return null
        if (act === 'vaccination') return ko ? `${a} ${disease} 예방접종 (${date})` : `${a} vaccinated against ${disease.toLowerCase()}, ${date}`
        const result = v(RESULT_WORDS, 'result')
        if (!result) return null
        return ko ? `${a} ${disease} 검사 결과 ${result} (${date})` : `${a} tested for ${disease.toLowerCase()}: ${result.toLowerCase()}, ${date}`
      }
      case 'livestock.death': {
        const a = animalIn(p)
        const disposal = v(DISPOSAL_WORDS, 'disposal')
        return a && date && disposal ? (ko ? `${a} 폐사 신고, ${disposal} (${date})` : `Death of ${a}, ${disposal.toLowerCase()}, ${date}`) : null
      }
      case 'livestock.import': {
        const a = animalIn(p)
        const country = str(p, 'country')
        const farm = str(p, 'farm')
        return a && country && farm && date ? (ko ? `${a} 수입 신고 (원산국 ${country}, 농장 ${farm}, ${date})` : `Import of ${a} from ${country} to farm ${farm}, ${date}`) : null
      }
      case 'livestock.export': {
        const a = animalIn(p)
        const country = str(p, 'country')
        return a && country && date ? (ko ? `${a} 수출 신고 (수출국 ${country}, ${date})` : `Export of ${a} to ${country}, ${date}`) : null
      }
      case 'livestock.slaughter': {
        const a = animalIn(p)
        const house = str(p, 'slaughterhouse')
        const insp = v(INSPECTION_WORDS, 'inspection')
        return a && house && insp && date ? (ko ? `${a} 도축 (도축장 ${house}, 검사 ${insp}, ${date})` : `Slaughter of ${a} at ${house}, inspection ${insp.toLowerCase()}, ${date}`) : null
      }
      case 'livestock.grade': {
        const a = animalIn(p)
        const q = v(QUALITY_WORDS, 'quality')
        if (!a || !q || !date) return null
        const y = v(YIELD_WORDS, 'yield')
        return ko ? `${a} 등급 판정: 육질 ${q}${y ? `, 육량 ${y}` : ''} (${date})` : `${a} graded: ${q}${y ? `, ${y}` : ''}, ${date}`
      }
      case 'livestock.pack': {
        const a = animalsIn(p, locale)
        const cut = v(CUT_WORDS, 'cut')
        const packer = str(p, 'packer')
        if (!a || !cut || !packer || !date) return null
        const bundle = str(p, 'bundle')
        const b = bundle ? (ko ? `, 묶음번호 ${bundle}` : `, bundle ${bundle}`) : ''
        const shop = str(p, 'shop')
        const to = shop ? (ko ? `, 받는 판매점 ${shop}` : `, for shop ${shop}`) : ''
        return ko ? `${a} ${cut} 포장 (업소 ${packer}${b}${to}, ${date})` : `${cut} of ${a} packed at ${packer}${b}${to}, ${date}`
      }
      case 'livestock.sale': {
        const n = str(p, 'number')
        const shop = str(p, 'shop')
        if (!n || !shop || !date) return null
        const shown = n.startsWith('L') ? n : formatAnimalNumber(n)
        return ko ? `${shown} 판매 (판매점 ${shop}, ${date})` : `Sale of ${shown} at shop ${shop}, ${date}`
      }
      case 'livestock.dna': {
        const a = animalIn(p)
        const result = v(RESULT_WORDS, 'result')
        return a && result && date ? (ko ? `${a} DNA 동일성 검사: ${result} (${date})` : `DNA test of meat sold as ${a}: ${result.toLowerCase()}, ${date}`) : null
      }
      case 'livestock.standstill.place':
      case 'livestock.standstill.lift': {
        const order = str(p, 'order')
        const targets = targetsIn(p, locale)
        if (!order || !targets) return null
        if (type === 'livestock.standstill.lift') return ko ? `이동제한 해제 (명령 ${order}): ${targets}` : `Standstill of order ${order} lifted: ${targets}`
        const disease = v(DISEASE_WORDS, 'disease')
        return disease ? (ko ? `${disease} 이동제한 명령 ${order}: ${targets}` : `Standstill order ${order} (${disease.toLowerCase()}): ${targets}`) : null
      }
    }
    return null
  },
}
