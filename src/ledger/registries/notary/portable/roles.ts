/** The notary registry's roles: an agency administrator issues `notary` to the staff keys that register documents. */
import type { RoleDef } from '../../portable-types'

export const NOTARY_ROLES: readonly RoleDef[] = [
  {
    id: 'notary',
    words: { ko: '공증인', en: 'Notary' },
    description: {
      ko: '문서를 공증·아포스티유 등록부에 등록하고, 자기 기관 기록의 상태를 바꿉니다.',
      en: "Registers documents in the notary and apostille register and changes the status of the agency's records.",
    },
  },
]
