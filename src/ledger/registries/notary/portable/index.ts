/**
 * The portable face of the notary registry (registries/portable-types.ts): what the renderer, the verifier page and
 * the CLI read about it, with no Node dependency. (Stand-in with the words only; the registry's errors and roles
 * come with the node-side change of the same issue.)
 */
import type { RegistryPortable } from '../../portable-types'
import { words } from './words'

export const notaryPortable: RegistryPortable = {
  name: 'notary',
  title: { ko: '공증·아포스티유 등록부', en: 'Notary and apostille register' },
  words,
  errors: {},
  roles: [],
}
