/**
 * The words of the election verifier (verify.ts): each check's number and name, and each reason a check fails for,
 * in Korean and English. The numbers and ids are stable (the CLI's --json, the verifier page and tests use them).
 */
export interface Words {
  ko: string
  en: string
}

/** the checks in the order they run; `n` is what a person reads ("check 6") */
export const CHECKS = [
  { n: 1, id: 'files', name: { ko: '파일과 해시', en: 'Files and their hashes' } },
  { n: 2, id: 'chain', name: { ko: '사건 사슬(부모, 높이, 순서)', en: 'Event chain (parent, height, order)' } },
  { n: 3, id: 'parameters', name: { ko: '선거 매개변수와 군', en: 'Election parameters and group' } },
  { n: 4, id: 'trustees', name: { ko: '개표위원 키와 증명', en: 'Trustee keys and their proofs' } },
  { n: 5, id: 'credentials', name: { ko: '자격증명 목록', en: 'Credentials list' } },
  { n: 6, id: 'ballots', name: { ko: '각 투표의 서명과 증명', en: "Each ballot's signature and proofs" } },
  { n: 7, id: 'last-ballot', name: { ko: '마지막 투표 규칙', en: 'Last-ballot rule' } },
  { n: 8, id: 'tally', name: { ko: '개표 합산', en: 'Tally aggregation' } },
  { n: 9, id: 'partial-decryptions', name: { ko: '부분 복호화와 증명', en: 'Partial decryptions and their proofs' } },
  { n: 10, id: 'result', name: { ko: '결과', en: 'Result' } },
] as const satisfies ReadonlyArray<{ n: number; id: string; name: Words }>

export type CheckId = (typeof CHECKS)[number]['id']

/** why a check failed (or did not run), by stable id */
export const REASONS = {
  'not-reached': { ko: '기록이 아직 이 단계에 이르지 않았습니다.', en: 'The record has not reached this step yet.' },
  'not-run': { ko: '앞선 검사가 실패하여 실행하지 않았습니다.', en: 'Not run: an earlier check it needs failed.' },
  'hash-mismatch': { ko: '파일 이름의 해시가 내용의 SHA-256과 다릅니다.', en: "A file's name is not the SHA-256 of its content." },
  'file-conflict': { ko: '같은 이름의 파일이 다른 내용으로 두 번 있습니다.', en: 'Two files have the same name and different contents.' },
  'event-malformed': { ko: '사건이 명세의 형식(간결한 JSON, 정해진 필드 순서)이 아닙니다.', en: "An event is not in the specification's form (compact JSON, fields in order)." },
  'bad-height': { ko: '사건의 높이가 0부터 하나씩 늘지 않습니다.', en: 'The heights of the events do not count up from 0 by one.' },
  'bad-parent': { ko: '사건의 부모가 바로 앞 사건의 해시가 아닙니다.', en: "An event's parent is not the hash of the event before it." },
  'bad-order': { ko: '사건의 종류가 명세의 순서를 따르지 않습니다.', en: "The events' types are not in the specification's order." },
  'missing-payload': { ko: '사건이 가리키는 자료가 그 앞에 없습니다.', en: 'An event refers to data that does not come before it.' },
  'extra-payload': { ko: '자료를 가리키지 않아야 할 사건이 자료를 가리킵니다.', en: 'An event that takes no data refers to some.' },
  'stray-data': { ko: '어떤 사건도 가리키지 않는 자료 파일이 있습니다.', en: 'A data file is referred to by no event.' },
  'no-setup': { ko: '기록이 설정 사건으로 시작하지 않습니다.', en: 'The record does not start with its Setup event.' },
  'malformed': { ko: '자료가 명세의 형식이 아닙니다.', en: "The data is not in the specification's form." },
  'not-canonical': {
    ko: '문서가 서명·해시된 형태(간결한 JSON, 명세의 필드 순서)로 적혀 있지 않습니다.',
    en: 'A text is not written as it is signed and hashed (compact JSON, fields in the specification’s order).',
  },
  'bad-group': { ko: '군이 Ed25519가 아닙니다.', en: 'The group is not Ed25519.' },
  'bad-uuid': { ko: '선거 식별자가 14자 이상의 Base58 문자열이 아닙니다.', en: 'The election identifier is not a Base58 string of at least 14 characters.' },
  'bad-question': { ko: '질문의 답 수, 최소·최대 선택 수가 맞지 않거나 지원하지 않는 질문입니다.', en: 'A question has wrong answer counts or bounds, or is of a kind not supported.' },
  'bad-point': { ko: '군의 원소가 아닌 값(곡선 밖, 작은 위수, 항등원, 비정규 표기)이 있습니다.', en: 'A value is not a valid group element (off the curve, small order, the identity, or not canonical).' },
  'bad-scalar': { ko: '스칼라가 q보다 작은 10진 정규 표기가 아닙니다.', en: 'A scalar is not a canonical base-10 number below q.' },
  'bad-proof': { ko: '영지식 증명이 검증되지 않습니다.', en: 'A zero-knowledge proof does not verify.' },
  'bad-public-key': { ko: '선거 공개키가 개표위원 키들로부터 계산한 값과 다릅니다.', en: "The election public key is not the one the trustees' keys give." },
  'bad-threshold': { ko: '문턱값이 개표위원 수와 맞지 않습니다.', en: 'The threshold does not fit the number of trustees.' },
  'duplicate-credential': { ko: '같은 자격증명이 목록에 두 번 있습니다.', en: 'A credential is listed twice.' },
  'bad-weight': { ko: '가중치가 양의 정수가 아니거나 일부에만 있습니다.', en: 'A weight is not a positive integer, or only some credentials have one.' },
  'wrong-election': { ko: '투표가 이 선거(식별자, 선거 해시)의 것이 아닙니다.', en: 'A ballot is not for this election (its identifier or election hash).' },
  'unknown-credential': { ko: '투표의 자격증명이 목록에 없습니다.', en: 'A ballot’s credential is not on the list.' },
  'bad-signature': { ko: '투표의 자격증명 서명이 검증되지 않습니다.', en: 'A ballot’s credential signature does not verify.' },
  'bad-ballot-proof': { ko: '투표의 암호문 증명(개별, 전체 또는 기권 증명)이 검증되지 않습니다.', en: 'A ballot’s proof (individual, overall or blank) does not verify.' },
  'ballot-replayed': { ko: '같은 투표(같은 추적 번호)가 두 번 기록되었습니다.', en: 'The same ballot (the same tracker) is recorded twice.' },
  'bad-count': { ko: '개표한 투표 수 또는 총 가중치가 마지막 투표들과 다릅니다.', en: 'The number of ballots tallied or their total weight is not that of the last ballots.' },
  'bad-tally': { ko: '암호화된 개표가 마지막 투표들의 곱과 다릅니다.', en: 'The encrypted tally is not the product of the last ballots.' },
  'bad-owner': { ko: '부분 복호화의 개표위원 번호가 없거나 두 번 쓰였습니다.', en: 'A partial decryption names no trustee of the election, or one twice.' },
  'bad-decryption': { ko: '부분 복호화 또는 그 증명이 검증되지 않습니다.', en: 'A partial decryption or its proof does not verify.' },
  'too-few-decryptions': { ko: '결과를 계산하기에 부분 복호화가 부족합니다.', en: 'There are too few partial decryptions to compute the result.' },
  'bad-result': { ko: '결과가 개표와 부분 복호화로부터 나오는 값과 다릅니다.', en: 'The result is not what the tally and the partial decryptions give.' },
  'unsupported': { ko: '이 검증기가 아직 검사하지 못하는 부분입니다.', en: 'This verifier cannot check this part yet.' },
} as const satisfies Record<string, Words>

export type ReasonId = keyof typeof REASONS

/** where in the record a failure is: the event's height, a file's hash, an index */
export function whereWords(w: { height?: number; hash?: string; index?: number }): Words {
  const ko: string[] = []
  const en: string[] = []
  if (w.height !== undefined) {
    ko.push(`높이 ${w.height}의 사건`)
    en.push(`the event at height ${w.height}`)
  }
  if (w.index !== undefined) {
    ko.push(`${w.index + 1}번째 항목`)
    en.push(`item ${w.index + 1}`)
  }
  if (w.hash !== undefined) {
    ko.push(`파일 ${w.hash.slice(0, 16)}…`)
    en.push(`file ${w.hash.slice(0, 16)}…`)
  }
  return { ko: ko.join(', '), en: en.join(', ') }
}
