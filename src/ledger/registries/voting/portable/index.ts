/**
 * The portable face of the elections (officials run them, trustees count). Not built yet: a stub with its name, title and roles, so the
 * roles are grantable and read in words; its transaction types, errors and words arrive with the registry.
 */
import type { RegistryPortable } from '../../portable-types'
import { VOTING_ROLES } from './roles'

export const votingPortable: RegistryPortable = {
  name: 'voting',
  title: { ko: '선거 등록부', en: 'Election register' },
  words: { txTypes: {} },
  errors: {},
  roles: VOTING_ROLES,
}
