/**
 * Transactions in words, Korean and English: the name of every transaction type of every registry, a label for every
 * payload field, and the words for enumerated values (an act, a status action, a kind of governance change). The
 * explorer, the outbox, the notifications and the consortium screens read them here, so no code identifier reaches
 * the screen. A test walks every registry's types and payload schemas against these tables (test/renderer/words.test.ts).
 */
import { errorSentence, type UiLocale } from '../../shared/error-text'

export type { UiLocale } from '../../shared/error-text'
type Words = Readonly<Record<UiLocale, string>>

export const TX_TYPE_WORDS: Readonly<Record<string, Words>> = {
  'identity.role.grant': { ko: '역할 발급', en: 'Role grant' },
  'identity.role.revoke': { ko: '역할 회수', en: 'Role revocation' },
  'consensus.evidence.submit': { ko: '검증자 이중 서명 증거 제출', en: 'Evidence of a validator signing twice' },
  'governance.proposal.submit': { ko: '거버넌스 제안', en: 'Governance proposal' },
  'governance.proposal.approve': { ko: '거버넌스 제안 승인', en: 'Governance approval' },
  'governance.proposal.withdraw': { ko: '거버넌스 제안 철회', en: 'Withdrawal of a governance proposal' },
  'notary.register': { ko: '문서 등록', en: 'Document registration' },
  'notary.batch.register': { ko: '문서 일괄 등록', en: 'Batch registration of documents' },
  'notary.status': { ko: '등록 기록 상태 변경', en: 'Change of a record’s status' },
}

/** Labels of payload fields (and of the fields of the objects inside them), by key. */
export const FIELD_WORDS: Readonly<Record<string, Words>> = {
  // identity
  agency: { ko: '기관', en: 'Agency' },
  subject: { ko: '대상 키', en: 'Subject key' },
  role: { ko: '역할', en: 'Role' },
  expiresAt: { ko: '만료', en: 'Expires' },
  label: { ko: '메모', en: 'Note' },
  reason: { ko: '사유', en: 'Reason' },
  // governance
  change: { ko: '변경 내용', en: 'Change' },
  kind: { ko: '변경 종류', en: 'Kind of change' },
  effectiveHeight: { ko: '적용 블록 높이', en: 'Effective from block' },
  note: { ko: '메모', en: 'Note' },
  proposal: { ko: '제안', en: 'Proposal' },
  id: { ko: '기관 ID', en: 'Agency ID' },
  name: { ko: '기관 이름', en: 'Agency name' },
  admins: { ko: '관리자 키', en: 'Administrator keys' },
  validator: { ko: '검증자', en: 'Validator' },
  publicKey: { ko: '공개키', en: 'Public key' },
  power: { ko: '투표권', en: 'Voting power' },
  // consensus evidence
  voteA: { ko: '첫 번째 투표', en: 'First vote' },
  voteB: { ko: '두 번째 투표', en: 'Second vote' },
  type: { ko: '투표 종류', en: 'Vote type' },
  height: { ko: '블록 높이', en: 'Block height' },
  round: { ko: '라운드', en: 'Round' },
  blockHash: { ko: '블록 해시', en: 'Block hash' },
  sig: { ko: '서명', en: 'Signature' },
  // notary
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
}

/** Words for enumerated payload values, by field key then value. */
export const VALUE_WORDS: Readonly<Record<string, Readonly<Record<string, Words>>>> = {
  act: {
    apostille: { ko: '아포스티유', en: 'Apostille' },
    notarization: { ko: '공증', en: 'Notarization' },
  },
  action: {
    revoke: { ko: '취소', en: 'Revocation' },
    suspend: { ko: '정지', en: 'Suspension' },
    reinstate: { ko: '효력 회복', en: 'Reinstatement' },
  },
  kind: {
    'agency.admit': { ko: '기관 가입', en: 'Admit an agency' },
    'agency.remove': { ko: '기관 탈퇴', en: 'Remove an agency' },
    'validator.set': { ko: '검증자 변경', en: 'Change a validator' },
  },
}

const OTHER_TYPE: Words = { ko: '다른 종류의 거래', en: 'Transaction of another kind' }
const OTHER_FIELD: Words = { ko: '기타 항목', en: 'Other field' }

/** A transaction type in words; a type this build does not know (a newer node's) is "another kind", never raw. */
export function txTypeWords(type: string, locale: UiLocale): string {
  return (Object.hasOwn(TX_TYPE_WORDS, type) ? TX_TYPE_WORDS[type]! : OTHER_TYPE)[locale]
}

export function fieldWords(key: string, locale: UiLocale): string {
  return (Object.hasOwn(FIELD_WORDS, key) ? FIELD_WORDS[key]! : OTHER_FIELD)[locale]
}

/** An enumerated value in words; a free value (a name, a number) is returned as it is. */
export function valueWords(key: string, value: string, locale: UiLocale): string {
  const table = Object.hasOwn(VALUE_WORDS, key) ? VALUE_WORDS[key]! : undefined
  return table && Object.hasOwn(table, value) ? table[value]![locale] : value
}

export function hasValueWords(key: string): boolean {
  return Object.hasOwn(VALUE_WORDS, key)
}

export { errorSentence }

/** The UI locale of a vue-i18n locale string. */
export function uiLocale(locale: string): UiLocale {
  return locale === 'ko' ? 'ko' : 'en'
}
