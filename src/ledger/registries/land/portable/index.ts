/**
 * The portable face of the land registry (registrars record titles, bank officers record mortgages). Not built yet: a stub with its name, title and roles, so the
 * roles are grantable and read in words; its transaction types, errors and words arrive with the registry.
 */
import type { RegistryPortable } from '../../portable-types'
import { LAND_ROLES } from './roles'

export const landPortable: RegistryPortable = {
  name: 'land',
  title: { ko: '토지 등기부', en: 'Land register' },
  words: { txTypes: {} },
  errors: {},
  roles: LAND_ROLES,
}
