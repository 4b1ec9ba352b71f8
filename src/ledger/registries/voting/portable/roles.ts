/** The voting registry's roles (docs/adr/0048, "Who plays which Belenios party"): an agency administrator issues them to staff keys. */
import type { RoleDef } from '../../portable-types'

export const ELECTION_OFFICIAL_ROLE = 'election-official'
export const TRUSTEE_ROLE = 'trustee'
export const CREDENTIAL_AUTHORITY_ROLE = 'credential-authority'

export const VOTING_ROLES: readonly RoleDef[] = [
  {
    id: ELECTION_OFFICIAL_ROLE,
    words: { ko: '선거 관리관', en: 'Election official' },
    description: { ko: '선거를 준비하고 투표를 시작·마감하며 결과를 확정합니다.', en: 'Drafts elections, opens and closes them, and publishes the result.' },
  },
  {
    id: TRUSTEE_ROLE,
    words: { ko: '개표 수탁자', en: 'Trustee' },
    description: { ko: '기관을 대표해 선거 열쇠를 함께 만들고 개표 때 부분 복호화를 제출합니다.', en: "Takes part in the election key ceremony for the agency and sends its partial decryption at the tally." },
  },
  {
    id: CREDENTIAL_AUTHORITY_ROLE,
    words: { ko: '선거인 자격증명 발급 기관', en: 'Credential authority' },
    description: { ko: '선거인 자격증명을 만들어 공개 목록을 게시하고 선거인에게 안내문을 보냅니다.', en: 'Generates voter credentials, publishes the public list and sends each voter a letter.' },
  },
]
