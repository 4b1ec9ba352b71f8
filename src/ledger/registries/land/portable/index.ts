/**
 * The portable face of the land register (docs/adr/0033): its name, words, error codes and roles. The renderer and
 * the standalone verifier page may import this barrel (no Node dependency; lint checks).
 */
import type { RegistryPortable } from '../../portable-types'
import { LAND_ERRORS } from './errors'
import { LAND_LOCAL_ERRORS } from './local-index-errors'
import { LAND_ROLES } from './roles'
import { words } from './words'
import { landExtractVerifier } from './verify'
import { LAND_IMPORT_ERRORS, withImportWords } from './import-words'

export const landPortable: RegistryPortable = {
  name: 'land',
  title: { ko: '부동산 등기부', en: 'Land register' },
  words: withImportWords(words),
  errors: { ...LAND_ERRORS, ...LAND_LOCAL_ERRORS, ...LAND_IMPORT_ERRORS },
  roles: LAND_ROLES,
  verifier: landExtractVerifier,
}

export { LAND_ERRORS, type LandErrorCode } from './errors'
export { LAND_ROLES } from './roles'
