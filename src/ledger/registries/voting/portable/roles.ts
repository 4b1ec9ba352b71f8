/** The voting registry's roles: an agency administrator issues them to staff keys (grantable before the registry is built). */
import type { RoleDef } from '../../portable-types'

export const VOTING_ROLES: readonly RoleDef[] = [
  { id: 'election-official', words: { ko: '선거 관리관', en: 'Election official' } },
  { id: 'trustee', words: { ko: '개표 수탁자', en: 'Trustee' } },
  { id: 'credential-authority', words: { ko: '선거인 자격증명 발급 기관', en: 'Credential authority' } },
]
