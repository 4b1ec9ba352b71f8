/** The land registry's roles: an agency administrator issues them to staff keys (grantable before the registry is built). */
import type { RoleDef } from '../../portable-types'

export const LAND_ROLES: readonly RoleDef[] = [
  { id: 'registrar', words: { ko: '등기관', en: 'Registrar' } },
  { id: 'bank-officer', words: { ko: '은행 담당자', en: 'Bank officer' } },
]
