/**
 * The portable face of the land register (docs/adr/0033): its name, words, error codes and roles. The renderer and
 * the standalone verifier page may import this barrel (no Node dependency; lint checks).
 */
import type { RegistryPortable } from '../../portable-types'
import { landLight } from './light'
import { landExtractVerifier } from './verify'

export const landPortable: RegistryPortable = { ...landLight, verifier: landExtractVerifier }

export { LAND_ERRORS, type LandErrorCode } from './errors'
export { LAND_ROLES } from './roles'
