/** How the land register's transactions, purposes and causes read, in Korean and English (registries/portable-types.ts). */
import type { RegistryWords, Words } from '../../portable-types'
import { record, str, valueIn } from '../../words-util'
import { LAND_CATEGORIES } from './categories'

export const PURPOSE_WORDS: Readonly<Record<string, Words>> = {
  'ownership.preservation': { ko: '소유권보존', en: 'Preservation of ownership' },
  'ownership.transfer': { ko: '소유권이전', en: 'Transfer of ownership' },
  'ownership.share-transfer': { ko: '지분이전', en: 'Transfer of a share' },
  'provisional.transfer': { ko: '소유권이전청구권가등기', en: 'Provisional registration of a claim to transfer' },
  'provisional.main': { ko: '소유권이전(본등기)', en: 'Transfer of ownership (main registration)' },
  'restriction.provisional-attachment': { ko: '가압류', en: 'Provisional attachment' },
  'restriction.injunction': { ko: '가처분', en: 'Injunction against disposal' },
  'restriction.seizure': { ko: '압류', en: 'Seizure' },
  'restriction.auction': { ko: '경매개시결정', en: 'Commencement of auction' },
  'right.mortgage': { ko: '근저당권설정', en: 'Mortgage (maximum amount)' },
  'right.jeonse': { ko: '전세권설정', en: 'Jeonse right' },
  'right.superficies': { ko: '지상권설정', en: 'Superficies' },
  'right.lease': { ko: '임차권설정', en: 'Registered lease' },
  cancellation: { ko: '말소', en: 'Cancellation' },
  'holder.alteration': { ko: '등기명의인표시변경', en: 'Change in the holder’s particulars' },
}

export const CAUSE_WORDS: Readonly<Record<string, Words>> = {
  sale: { ko: '매매', en: 'Sale' },
  gift: { ko: '증여', en: 'Gift' },
  inheritance: { ko: '상속', en: 'Inheritance' },
  exchange: { ko: '교환', en: 'Exchange' },
  'auction-sale': { ko: '임의경매로 인한 매각', en: 'Sale at auction' },
  contract: { ko: '설정계약', en: 'Contract' },
  'court-decision': { ko: '법원의 결정', en: 'Court decision' },
  'tax-seizure': { ko: '압류(세무서)', en: 'Seizure by a tax office' },
  release: { ko: '해지', en: 'Release' },
  termination: { ko: '해제', en: 'Termination' },
  'new-building': { ko: '신축', en: 'New building' },
  'promise-of-sale': { ko: '매매예약', en: 'Promise of sale' },
  'address-change': { ko: '주소변경', en: 'Change of address' },
  'name-change': { ko: '개명', en: 'Change of name' },
  'ex-officio': { ko: '직권', en: 'Ex officio' },
}

export const SECTION_WORDS: Readonly<Record<'A' | 'B', Words>> = {
  A: { ko: '갑구', en: 'Section A (ownership)' },
  B: { ko: '을구', en: 'Section B (other rights)' },
}

export const KIND_WORDS: Readonly<Record<string, Words>> = {
  land: { ko: '토지', en: 'Land' },
  building: { ko: '건물', en: 'Building' },
  unit: { ko: '집합건물', en: 'Condominium unit' },
}

/** The kind of a unit's land right (대지권): what the 표제부 of a condominium unit says of the complex's land. */
export const LAND_RIGHT_WORDS: Readonly<Record<string, Words>> = {
  ownership: { ko: '소유권대지권', en: 'Ownership of the land' },
  superficies: { ko: '지상권대지권', en: 'Superficies over the land' },
  lease: { ko: '임차권대지권', en: 'Lease of the land' },
}

/** The words of every `kind` a payload carries: of a register, of a holder, of a unit's land right. */
const ALL_KINDS: Readonly<Record<string, Words>> = {
  ...KIND_WORDS,
  person: { ko: '개인', en: 'Person' },
  corporation: { ko: '법인', en: 'Company' },
  public: { ko: '국가·지방자치단체', en: 'Public body' },
  other: { ko: '기타 단체', en: 'Other body' },
  ...LAND_RIGHT_WORDS,
}

const CATEGORY_WORDS: Readonly<Record<string, Words>> = Object.fromEntries(LAND_CATEGORIES.map((c) => [c.id, c.words]))

export const words: RegistryWords = {
  txTypes: {
    'land.office.define': { ko: '등기소 지정', en: 'Definition of a registry office' },
    'land.complex.define': { ko: '1동 건물 표시 등록', en: 'Registration of a condominium building' },
    'land.register.open': { ko: '등기기록 개설', en: 'Opening of a register' },
    'land.apply': { ko: '등기 신청', en: 'Application for registration' },
    'land.commission': { ko: '등기 촉탁', en: 'Commission of a registration' },
    'land.enter': { ko: '등기 기입', en: 'Entry on the register' },
    'land.reject': { ko: '등기 신청 각하', en: 'Rejection of an application' },
    'land.withdraw': { ko: '등기 신청 취하', en: 'Withdrawal of an application' },
    'land.holder.rebind': { ko: '권리자 키 등록', en: 'Binding of a holder’s key' },
  },
  fields: {
    office: { ko: '등기소', en: 'Registry office' },
    agency: { ko: '기관', en: 'Agency' },
    name: { ko: '이름', en: 'Name' },
    register: { ko: '부동산고유번호', en: 'Register number' },
    purpose: { ko: '등기목적', en: 'Purpose of registration' },
    cause: { ko: '등기원인', en: 'Cause' },
    causeOn: { ko: '원인 일자', en: 'Date of the cause' },
    holders: { ko: '권리자', en: 'Right-holders' },
    of: { ko: '대상 지분의 순위번호', en: 'Rank of the share concerned' },
    portion: { ko: '이전 지분', en: 'Share transferred' },
    amount: { ko: '금액', en: 'Amount' },
    debtor: { ko: '채무자', en: 'Debtor' },
    target: { ko: '대상 등기', en: 'Entry concerned' },
    caseNo: { ko: '사건번호', en: 'Case number' },
    mandate: { ko: '위임장 (SHA-256)', en: 'Mandate (SHA-256)' },
    mandates: { ko: '위임장', en: 'Mandates' },
    party: { ko: '위임한 당사자의 공개키', en: 'Public key of the party giving the mandate' },
    agent: { ko: '법무사의 공개키', en: 'Public key of the licensed agent' },
    sig: { ko: '당사자의 서명', en: 'Signature of the party' },
    together: { ko: '함께 접수한 신청 (연건신청)', en: 'Application filed together with (joint filing)' },
    year: { ko: '접수 연도', en: 'Year of receipt' },
    receipt: { ko: '접수번호', en: 'Receipt number' },
    reason: { ko: '사유', en: 'Reason' },
    key: { ko: '공개키', en: 'Public key' },
    section: { ko: '구', en: 'Section' },
    rank: { ko: '순위번호', en: 'Rank number' },
    holder: { ko: '권리자 순번', en: 'Holder (position)' },
    request: { ko: '신청 내용', en: 'What is applied for' },
    head: { ko: '표제부', en: 'Description of the property' },
    kind: { ko: '종류', en: 'Kind' },
    location: { ko: '소재지번', en: 'Location and lot number' },
    sido: { ko: '시·도', en: 'Province or metropolitan city' },
    sigungu: { ko: '시·군·구', en: 'City, county or district' },
    dong: { ko: '읍·면·동', en: 'Town, township or neighbourhood' },
    ri: { ko: '리', en: 'Village' },
    mountain: { ko: '산 번지', en: 'Mountain lot' },
    main: { ko: '본번', en: 'Main lot number' },
    sub: { ko: '부번', en: 'Sub-lot number' },
    road: { ko: '도로명주소', en: 'Road-name address' },
    category: { ko: '지목', en: 'Land category' },
    area: { ko: '면적(㎡)', en: 'Area (m²)' },
    structure: { ko: '구조', en: 'Structure' },
    roof: { ko: '지붕', en: 'Roof' },
    use: { ko: '용도', en: 'Use' },
    floors: { ko: '층별 면적', en: 'Floor areas' },
    floor: { ko: '층', en: 'Floor' },
    unit: { ko: '전유부분', en: 'Unit' },
    complex: { ko: '1동의 건물', en: 'Condominium building' },
    lands: { ko: '대지권의 목적인 토지', en: 'Land under the building' },
    landRight: { ko: '대지권', en: 'Land right of the unit' },
    share: { ko: '지분', en: 'Share' },
    owners: { ko: '소유자', en: 'Owners' },
    id: { ko: '주민등록번호·법인등록번호', en: 'Registration number' },
    idHash: { ko: '등록번호 해시', en: 'Registration number (hashed)' },
    address: { ko: '주소', en: 'Address' },
  },
  values: { purpose: PURPOSE_WORDS, cause: CAUSE_WORDS, section: SECTION_WORDS, kind: ALL_KINDS, category: CATEGORY_WORDS },
  describe(type, payload, locale) {
    const p = record(payload)
    if (p === null) return null
    const office = str(p, 'office')
    const ref = (): string | null => {
      const year = typeof p.year === 'number' ? p.year : null
      const receipt = typeof p.receipt === 'number' ? p.receipt : null
      if (office === null || year === null || receipt === null) return null
      return locale === 'ko' ? `${office} 등기소 ${year}년 제${receipt}호` : `office ${office}, ${year} No. ${receipt}`
    }
    switch (type) {
      case 'land.office.define': {
        const name = str(p, 'name')
        return office && name ? (locale === 'ko' ? `${name}(${office}) 등기소 지정` : `Registry office ${office} (${name}) defined`) : null
      }
      case 'land.register.open': {
        const head = record(p.head)
        const kind = str(head, 'kind')
        if (!office || !kind || !Object.hasOwn(KIND_WORDS, kind)) return null
        const k = valueIn(KIND_WORDS, kind, locale)
        return locale === 'ko' ? `${office} 등기소에 ${k} 등기기록 개설` : `${k} register opened at office ${office}`
      }
      case 'land.complex.define':
        return office ? (locale === 'ko' ? `${office} 등기소에 1동 건물 표시 등록` : `Condominium building registered at office ${office}`) : null
      case 'land.apply':
      case 'land.commission': {
        const r = record(p.request)
        const purpose = str(r, 'purpose')
        const register = str(r, 'register')
        if (!purpose || !register || !Object.hasOwn(PURPOSE_WORDS, purpose)) return null
        const what = valueIn(PURPOSE_WORDS, purpose, locale)
        if (type === 'land.commission') return locale === 'ko' ? `${register} ${what} 촉탁` : `${what} commissioned on ${register}`
        return locale === 'ko' ? `${register} ${what} 신청` : `Application for ${what.toLowerCase()} on ${register}`
      }
      case 'land.enter': {
        const r = ref()
        return r ? (locale === 'ko' ? `${r} 신청 기입` : `Application ${r} entered`) : null
      }
      case 'land.reject': {
        const r = ref()
        const reason = str(p, 'reason')
        return r && reason ? (locale === 'ko' ? `${r} 신청 각하 (사유: ${reason})` : `Application ${r} rejected (reason: ${reason})`) : null
      }
      case 'land.withdraw': {
        const r = ref()
        return r ? (locale === 'ko' ? `${r} 신청 취하` : `Application ${r} withdrawn`) : null
      }
      case 'land.holder.rebind': {
        const register = str(p, 'register')
        const rank = str(p, 'rank')
        return register && rank
          ? locale === 'ko'
            ? `${register} 순위번호 ${rank} 권리자의 키 등록`
            : `Key bound to the holder of entry ${rank} of ${register}`
          : null
      }
    }
    return null
  },
}
