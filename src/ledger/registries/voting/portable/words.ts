/** How the voting registry's transactions, fields, phases and steps read, in Korean and English (registries/portable-types.ts). */
import type { Locale, NameResolver, RegistryWords, Words } from '../../portable-types'
import { agencyName, isoDay, num, record, str } from '../../words-util'
import type { CeremonyStep, Phase } from './schema'

export const TX_WORDS: Readonly<Record<string, Words>> = {
  'voting.election.draft': { ko: '선거 준비', en: 'Election drafted' },
  'voting.trustee.cert': { ko: '수탁자 인증서 제출', en: "Trustee's certificate" },
  'voting.trustee.polynomial': { ko: '수탁자 다항식 제출', en: "Trustee's polynomial" },
  'voting.trustee.voutput': { ko: '수탁자 검증 결과 제출', en: "Trustee's verification output" },
  'voting.credentials.publish': { ko: '공개 자격증명 게시', en: 'Public credentials published' },
  'voting.credentials.seal': { ko: '공개 자격증명 목록 봉인', en: 'Credential list sealed' },
  'voting.election.open': { ko: '투표 시작', en: 'Election opened' },
  'voting.ballot': { ko: '투표', en: 'Ballot cast' },
  'voting.ballot.spoil': { ko: '확인용 투표지 무효 처리', en: 'Challenged ballot spoiled' },
  'voting.ballot.audit': { ko: '확인용 투표지 공개', en: 'Challenged ballot opened' },
  'voting.election.close': { ko: '투표 마감', en: 'Election closed' },
  'voting.tally.partial': { ko: '부분 복호화 제출', en: 'Partial decryption' },
  'voting.election.result': { ko: '선거 결과 확정', en: 'Election result' },
}

export const PHASE_WORDS: Readonly<Record<Phase, Words>> = {
  draft: { ko: '준비 중', en: 'Drafted' },
  ceremony: { ko: '수탁자 열쇠 생성 중', en: 'Trustee key ceremony' },
  credentials: { ko: '자격증명 준비', en: 'Credentials' },
  open: { ko: '투표 진행', en: 'Open for voting' },
  closed: { ko: '투표 마감', en: 'Closed' },
  decrypting: { ko: '개표(복호화) 중', en: 'Decrypting' },
  result: { ko: '결과 확정', en: 'Result published' },
}

export const STEP_WORDS: Readonly<Record<CeremonyStep, Words>> = {
  cert: { ko: '인증서', en: 'Certificate' },
  polynomial: { ko: '다항식', en: 'Polynomial' },
  voutput: { ko: '검증 결과', en: 'Verification output' },
}

const agencyList = (p: Readonly<Record<string, unknown>>, key: string, names?: NameResolver): string | null => {
  const v = p[key]
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string')) return null
  return (v as string[]).map((a) => agencyName(a, names)).join(', ')
}

/**
 * The transaction types the node has (index.ts registers exactly these): ballots, decryption and the result join the list as their rules land.
 */
export const VOTING_TX_TYPES = [
  'voting.election.draft',
  'voting.trustee.cert',
  'voting.trustee.polynomial',
  'voting.trustee.voutput',
  'voting.credentials.publish',
  'voting.credentials.seal',
  'voting.election.open',
  'voting.ballot',
  'voting.ballot.spoil',
  'voting.ballot.audit',
  'voting.election.close',
  'voting.tally.partial',
  'voting.election.result',
] as const

export const words: RegistryWords = {
  txTypes: Object.fromEntries(VOTING_TX_TYPES.map((t) => [t, TX_WORDS[t]!])),
  fields: {
    election: { ko: '선거', en: 'Election' },
    name: { ko: '선거 이름', en: 'Name' },
    description: { ko: '설명', en: 'Description' },
    questions: { ko: '질문', en: 'Questions' },
    question: { ko: '질문', en: 'Question' },
    answers: { ko: '선택지', en: 'Answers' },
    min: { ko: '최소 선택 수', en: 'Fewest choices' },
    max: { ko: '최대 선택 수', en: 'Most choices' },
    blank: { ko: '무효(백지) 투표 허용', en: 'Blank vote allowed' },
    voters: { ko: '선거인 수', en: 'Voters' },
    votersHash: { ko: '선거인 명부 해시', en: 'Hash of the voter list' },
    opens: { ko: '투표 시작', en: 'Opens' },
    closes: { ko: '투표 마감', en: 'Closes' },
    trustees: { ko: '수탁 기관', en: 'Trustee agencies' },
    threshold: { ko: '복호화에 필요한 수탁 기관 수', en: 'Trustees needed to decrypt' },
    credentialAuthority: { ko: '자격증명 발급 기관', en: 'Credential authority' },
    message: { ko: '수탁자 메시지', en: "Trustee's message" },
    part: { ko: '부분 번호', en: 'Part' },
    credentials: { ko: '공개 자격증명', en: 'Public credentials' },
    count: { ko: '자격증명 수', en: 'Number of credentials' },
    hash: { ko: '목록 해시', en: 'Hash of the list' },
    ballot: { ko: '투표지', en: 'Ballot' },
    ballotHash: { ko: '투표지 해시', en: 'Hash of the ballot' },
    credential: { ko: '자격증명', en: 'Credential' },
    proof: { ko: '자격증명 서명', en: "Credential's signature" },
    challenge: { ko: '서명의 도전값', en: "Signature's challenge" },
    response: { ko: '서명의 응답값', en: "Signature's response" },
    randomness: { ko: '암호화 난수', en: 'Encryption randomness' },
    result: { ko: '결과', en: 'Result' },
  },
  values: { phase: PHASE_WORDS, step: STEP_WORDS },
  describe(type, payload, locale: Locale, names?: NameResolver) {
    const p = record(payload)
    if (p === null) return null
    const ko = locale === 'ko'
    const e = str(p, 'election')
    switch (type) {
      case 'voting.election.draft': {
        const name = str(p, 'name')
        const voters = num(p, 'voters')
        const opens = num(p, 'opens')
        const closes = num(p, 'closes')
        const trustees = agencyList(p, 'trustees', names)
        const threshold = num(p, 'threshold')
        if (!name || voters === null || opens === null || closes === null || !trustees || threshold === null) return null
        return ko
          ? `선거 「${name}」 준비: 선거인 ${voters}명, ${isoDay(opens)}~${isoDay(closes)}, 수탁 기관 ${trustees} 중 ${threshold}곳이 개표`
          : `Election “${name}” drafted: ${voters} voters, ${isoDay(opens)} to ${isoDay(closes)}, ${threshold} of ${trustees} decrypt`
      }
      case 'voting.trustee.cert':
      case 'voting.trustee.polynomial':
      case 'voting.trustee.voutput': {
        if (!e) return null
        const step = STEP_WORDS[type.slice('voting.trustee.'.length) as CeremonyStep][locale]
        return ko ? `선거 ${e} 열쇠 생성: 수탁자 ${step} 제출` : `Key ceremony of election ${e}: trustee's ${step.toLowerCase()}`
      }
      case 'voting.credentials.publish': {
        const part = num(p, 'part')
        const n = Array.isArray(p.credentials) ? p.credentials.length : null
        if (!e || part === null || n === null) return null
        return ko ? `선거 ${e} 공개 자격증명 ${n}개 게시 (${part}번째 부분)` : `${n} public credentials of election ${e} published (part ${part})`
      }
      case 'voting.credentials.seal': {
        const count = num(p, 'count')
        if (!e || count === null) return null
        return ko ? `선거 ${e} 공개 자격증명 ${count}개 목록 봉인` : `Credential list of election ${e} sealed: ${count} credentials`
      }
      case 'voting.election.open':
        return e ? (ko ? `선거 ${e} 투표 시작` : `Election ${e} opened`) : null
      case 'voting.ballot':
        return e ? (ko ? `선거 ${e}에 투표` : `Ballot cast in election ${e}`) : null
      case 'voting.ballot.spoil':
        return e ? (ko ? `선거 ${e}의 확인용 투표지 무효 처리 (집계하지 않음)` : `Challenged ballot of election ${e} spoiled (never counted)`) : null
      case 'voting.ballot.audit':
        return e ? (ko ? `선거 ${e}의 확인용 투표지 공개 (집계하지 않음)` : `Challenged ballot of election ${e} opened (never counted)`) : null
      case 'voting.election.close':
        return e ? (ko ? `선거 ${e} 투표 마감` : `Election ${e} closed`) : null
      case 'voting.tally.partial':
        return e ? (ko ? `선거 ${e} 부분 복호화 제출` : `Partial decryption for election ${e}`) : null
      case 'voting.election.result':
        return e ? (ko ? `선거 ${e} 결과 확정` : `Result of election ${e} published`) : null
    }
    return null
  },
}
