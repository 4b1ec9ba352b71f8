/**
 * The portable face of the consensus registry (registries/portable-types.ts): what the renderer, the verifier page and
 * the CLI read about it, with no Node dependency. (Stand-in with the words only; the registry's errors and roles
 * come with the node-side change of the same issue.)
 */
import type { RegistryPortable } from '../../portable-types'
import { words } from './words'

export const consensusPortable: RegistryPortable = {
  name: 'consensus',
  title: { ko: '합의', en: 'Consensus' },
  words,
  errors: {},
  roles: [],
}
