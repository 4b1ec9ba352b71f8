/**
 * The portable face of the livestock traceability, farm to shop. Not built yet: a stub with its name, title and roles, so the
 * roles are grantable and read in words; its transaction types, errors and words arrive with the registry.
 */
import type { RegistryPortable } from '../../portable-types'
import { LIVESTOCK_ROLES } from './roles'

export const livestockPortable: RegistryPortable = {
  name: 'livestock',
  title: { ko: '가축 이력 등록부', en: 'Livestock traceability register' },
  words: { txTypes: {} },
  errors: {},
  roles: LIVESTOCK_ROLES,
}
