/**
 * The portable face of the livestock traceability register, farm to shop (docs/adr/0041): its name, words, error
 * codes and roles. The renderer and the standalone verifier page may import this barrel (no Node dependency).
 */
import type { RegistryPortable } from '../../portable-types'
import { LIVESTOCK_ERRORS } from './errors'
import { LIVESTOCK_ROLES } from './roles'
import { words } from './words'
import { withBatchWords } from './batch-words'

export const livestockPortable: RegistryPortable = {
  name: 'livestock',
  title: { ko: '가축 이력 등록부', en: 'Livestock traceability register' },
  words: withBatchWords(words),
  errors: LIVESTOCK_ERRORS,
  roles: LIVESTOCK_ROLES,
}

export { LIVESTOCK_ERRORS, type LivestockErrorCode } from './errors'
export { LIVESTOCK_ROLES } from './roles'
