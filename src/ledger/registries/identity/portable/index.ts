/**
 * The portable face of the identity registry (registries/portable-types.ts): its name, words, error codes and roles. The
 * renderer and the standalone verifier page may import this barrel (no Node dependency; lint checks).
 */
import type { RegistryPortable } from '../../portable-types'
import { words } from './words'

export const identityPortable: RegistryPortable = {
  name: 'identity',
  title: { ko: '기관·역할 등록부', en: 'Agencies and roles' },
  words,
  errors: {},
  roles: [],
}
