/**
 * The portable face of the governance registry (registries/portable-types.ts): its name, words, error codes and roles. The
 * renderer and the standalone verifier page may import this barrel (no Node dependency; lint checks).
 */
import type { RegistryPortable } from '../../portable-types'
import { words } from './words'

export const governancePortable: RegistryPortable = {
  name: 'governance',
  title: { ko: '컨소시엄 거버넌스', en: 'Consortium governance' },
  words,
  errors: {},
  roles: [],
}
