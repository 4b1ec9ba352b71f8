/**
 * The portable face of the consensus registry (registries/portable-types.ts): its name, words, error codes and roles. The
 * renderer and the standalone verifier page may import this barrel (no Node dependency; lint checks).
 */
import type { RegistryPortable } from '../../portable-types'
import { words } from './words'

export const consensusPortable: RegistryPortable = {
  name: 'consensus',
  title: { ko: '합의 증거', en: 'Consensus evidence' },
  words,
  errors: {},
  roles: [],
}
