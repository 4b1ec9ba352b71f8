/** How the notary registry's transactions read, in Korean and English (registries/portable-types.ts). */
import type { RegistryWords } from '../../portable-types'
import { num, record, str, valueIn } from '../../words-util'

const ACTS = {
  apostille: { ko: '아포스티유', en: 'Apostille' },
  notarization: { ko: '공증', en: 'Notarization' },
}

const ACTIONS = {
  revoke: { ko: '취소', en: 'Revocation' },
  suspend: { ko: '정지', en: 'Suspension' },
  reinstate: { ko: '효력 회복', en: 'Reinstatement' },
}

export const words: RegistryWords = {
  txTypes: {
    'notary.register': { ko: '문서 등록', en: 'Document registration' },
    'notary.batch.register': { ko: '문서 일괄 등록', en: 'Batch registration of documents' },
    'notary.status': { ko: '등록 기록 상태 변경', en: 'Change of a record’s status' },
  },
  fields: {
    agency: { ko: '기관', en: 'Agency' },
    act: { ko: '행위', en: 'Act' },
    date: { ko: '행위 일자', en: 'Date of the act' },
    issuingAuthority: { ko: '발급 기관', en: 'Issuing authority' },
    signerName: { ko: '서명자 이름', en: 'Signed by' },
    signerCapacity: { ko: '서명자 직위', en: 'Acting in the capacity of' },
    number: { ko: '등록번호', en: 'Number' },
    documentHash: { ko: '문서 해시 (SHA-256)', en: 'Document hash (SHA-256)' },
    documentType: { ko: '문서 종류', en: 'Type of document' },
    holder: { ko: '문서 명의인', en: 'Holder' },
    language: { ko: '문서 언어', en: 'Language of the document' },
    count: { ko: '문서 수', en: 'Number of documents' },
    root: { ko: '머클 루트', en: 'Merkle root' },
    action: { ko: '변경', en: 'Change' },
    reason: { ko: '사유', en: 'Reason' },
  },
  values: { act: ACTS, action: ACTIONS },
  describe(type, payload, locale) {
    const p = record(payload)
    const number = str(p, 'number')
    if (!number) return null
    if (type === 'notary.status') {
      const action = str(p, 'action')
      const reason = str(p, 'reason')
      if (!action || !Object.hasOwn(ACTIONS, action) || !reason) return null
      const what = valueIn(ACTIONS, action, locale)
      return locale === 'ko' ? `${number} ${what} (사유: ${reason})` : `${what} of ${number} (reason: ${reason})`
    }
    const act = str(p, 'act')
    if (!act || !Object.hasOwn(ACTS, act)) return null
    const actWords = valueIn(ACTS, act, locale)
    if (type === 'notary.register') {
      const docType = str(p, 'documentType')
      if (!docType) return null
      const holder = str(p, 'holder')
      return locale === 'ko'
        ? `${actWords} ${number} 등록: ${docType}${holder ? `, ${holder}` : ''}`
        : `${actWords} ${number} registered: ${docType}${holder ? ` of ${holder}` : ''}`
    }
    if (type === 'notary.batch.register') {
      const count = num(p, 'count')
      if (count === null) return null
      return locale === 'ko'
        ? `${actWords} ${number}: 문서 ${count}건 일괄 등록`
        : `${actWords} ${number}: ${count} ${count === 1 ? 'document' : 'documents'} registered as a batch`
    }
    return null
  },
}
