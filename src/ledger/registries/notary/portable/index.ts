/**
 * The portable face of the notary registry (registries/portable-types.ts): its name, words, error codes, roles and verifier. The
 * renderer and the standalone verifier page may import this barrel (no Node dependency; lint checks).
 */
import type { RegistryPortable } from '../../portable-types'
import { words } from './words'
import { NOTARY_ERRORS } from './errors'
import { NOTARY_ROLES } from './roles'
import { notaryRegistryVerifier } from './evidence'

export const notaryPortable: RegistryPortable = {
  name: 'notary',
  title: { ko: '공증·아포스티유 등록부', en: 'Notary and apostille register' },
  words,
  errors: NOTARY_ERRORS,
  roles: NOTARY_ROLES,
  verifier: notaryRegistryVerifier,
}

export { NOTARY_ERRORS, type NotaryErrorCode } from './errors'
export { NOTARY_ROLES } from './roles'
