/**
 * The portable face of the elections (docs/adr/0048): officials run them, trustee agencies hold the key, a credential
 * authority gives voters their credentials. Its name, words, error codes and roles; the renderer, the voter page and
 * the CLI import this barrel (no Node dependency).
 */
import type { RegistryPortable } from '../../portable-types'
import { ARCHIVE_ERRORS } from './archive/errors'
import { VOTING_ERRORS } from './errors'
import { VOTING_CLI_ERRORS } from './cli-errors'
import { VOTING_ROLES } from './roles'
import { words } from './words'

export const votingPortable: RegistryPortable = {
  name: 'voting',
  title: { ko: '선거 등록부', en: 'Election register' },
  words,
  errors: { ...VOTING_ERRORS, ...ARCHIVE_ERRORS, ...VOTING_CLI_ERRORS },
  roles: VOTING_ROLES,
}

export { VOTING_ERRORS, type VotingErrorCode } from './errors'
export { VOTING_ROLES } from './roles'
export { PHASE_WORDS, STEP_WORDS } from './words'
