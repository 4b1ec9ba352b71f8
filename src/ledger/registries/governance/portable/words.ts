/** How the governance registry's transactions read, in Korean and English (registries/portable-types.ts). */
import type { Locale, NameResolver, RegistryWords } from '../../portable-types'
import { agencyName, num, record, shortKey, str } from '../../words-util'

export const words: RegistryWords = {
  txTypes: {
    'governance.proposal.submit': { ko: '거버넌스 제안', en: 'Governance proposal' },
    'governance.proposal.approve': { ko: '거버넌스 제안 승인', en: 'Governance approval' },
    'governance.proposal.withdraw': { ko: '거버넌스 제안 철회', en: 'Withdrawal of a governance proposal' },
  },
  fields: {
    change: { ko: '변경 내용', en: 'Change' },
    kind: { ko: '변경 종류', en: 'Kind of change' },
    effectiveHeight: { ko: '적용 블록 높이', en: 'Effective from block' },
    note: { ko: '메모', en: 'Note' },
    proposal: { ko: '제안', en: 'Proposal' },
    agency: { ko: '기관', en: 'Agency' },
    id: { ko: '기관 ID', en: 'Agency ID' },
    name: { ko: '기관 이름', en: 'Agency name' },
    admins: { ko: '관리자 키', en: 'Administrator keys' },
    validator: { ko: '검증자', en: 'Validator' },
    publicKey: { ko: '공개키', en: 'Public key' },
    power: { ko: '투표권', en: 'Voting power' },
  },
  values: {
    kind: {
      'agency.admit': { ko: '기관 가입', en: 'Admit an agency' },
      'agency.remove': { ko: '기관 탈퇴', en: 'Remove an agency' },
      'validator.set': { ko: '검증자 변경', en: 'Change a validator' },
    },
  },
  describe(type, payload, locale, names) {
    const p = record(payload)
    if (type === 'governance.proposal.approve' || type === 'governance.proposal.withdraw') {
      const proposal = str(p, 'proposal')
      if (!proposal) return null
      const what = names?.proposal?.(proposal)
      if (what) {
        const withdraw = type === 'governance.proposal.withdraw'
        if (locale === 'ko') return `제안 ${withdraw ? '철회' : '승인'}: ${what}`
        return `${withdraw ? 'Withdrawal' : 'Approval'} of the proposal: ${what}`
      }
      if (type === 'governance.proposal.withdraw') {
        return locale === 'ko' ? `제안 ${shortKey(proposal)} 철회` : `Withdrawal of proposal ${shortKey(proposal)}`
      }
      return locale === 'ko' ? `제안 ${shortKey(proposal)} 승인` : `Approval of proposal ${shortKey(proposal)}`
    }
    if (type !== 'governance.proposal.submit') return null
    const height = num(p, 'effectiveHeight')
    const change = changeWords(record(p?.['change']), locale, names)
    if (height === null || !change) return null
    return locale === 'ko' ? `${change} 제안, 블록 높이 ${height}부터` : `Proposal: ${change}, from block ${height}`
  },
}

function changeWords(c: Readonly<Record<string, unknown>> | null, locale: Locale, names?: NameResolver): string | null {
  switch (str(c, 'kind')) {
    case 'agency.admit': {
      const agency = record(c?.['agency'])
      const id = str(agency, 'id')
      const name = str(agency, 'name')
      if (!id || !name) return null
      return locale === 'ko' ? `기관 ${name} 가입` : `admit the agency ${name}`
    }
    case 'agency.remove': {
      const id = str(c, 'agency')
      if (!id) return null
      return locale === 'ko' ? `기관 ${agencyName(id, names)} 탈퇴` : `remove the agency ${agencyName(id, names)}`
    }
    case 'validator.set': {
      const id = str(c, 'agency')
      if (!id) return null
      const a = agencyName(id, names)
      const v = c?.['validator']
      if (v === null) return locale === 'ko' ? `${a}의 검증 중지` : `${a} stops validating`
      const key = str(record(v), 'publicKey')
      const power = num(record(v), 'power')
      if (!key || power === null) return null
      return locale === 'ko'
        ? `${a}의 검증자를 키 ${shortKey(key)}(투표권 ${power})로 변경`
        : `the validator of ${a} becomes key ${shortKey(key)} with voting power ${power}`
    }
    default:
      return null
  }
}
