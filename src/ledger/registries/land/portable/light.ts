/**
 * The land register's light face: name, words, error codes and roles, without its verifier (proofs, signatures, CBOR)
 * or any schema (zod). The app's start chunk shows it; the barrel (index.ts) adds the verifier. Portable.
 */
import { LAND_ERRORS } from './errors'
import { LAND_IMPORT_ERRORS, withImportWords } from './import-words'
import { LAND_LOCAL_ERRORS } from './local-index-errors'
import { LAND_ROLES } from './roles'
import { words } from './words'

export const landLight = {
  name: 'land',
  title: { ko: '부동산 등기부', en: 'Land register' },
  words: withImportWords(words),
  errors: { ...LAND_ERRORS, ...LAND_LOCAL_ERRORS, ...LAND_IMPORT_ERRORS },
  roles: LAND_ROLES,
} as const
