/**
 * The words and error codes of the migration (docs/adr/0037), apart from its schema so the app's start chunk can
 * show them without loading zod. Portable.
 */
import type { RegistryErrorDef, RegistryWords } from '../../portable-types'

export const LAND_IMPORT_ERRORS = {
  LAND_MIGRATION: {
    message: "The register's history does not hold together: an entry's rank, receipt, target or shares are not what the register's rules give.",
    text: {
      ko: '등기기록의 이력이 맞지 않습니다. 순위번호, 접수, 말소 대상이나 지분이 등기 규칙에 맞지 않는 등기가 있습니다.',
      en: "The register's history does not hold together: an entry's rank, receipt, target or shares do not follow the register's rules.",
    },
    status: 422,
  },
  LAND_ALREADY_IMPORTED: {
    message: 'This line has already been imported.',
    text: { ko: '이 줄은 이미 이관되었습니다.', en: 'This line has already been imported.' },
    status: 409,
  },
  LAND_NUMBER_TAKEN: {
    message: 'A register with this number is already open.',
    text: { ko: '이 부동산고유번호의 등기기록이 이미 개설되어 있습니다.', en: 'A register with this number is already open.' },
    status: 409,
  },
} as const satisfies Record<string, RegistryErrorDef>

/** The words of the migration added to the registry's (its type, its fields, a line saying what it does). */
export function withImportWords(w: RegistryWords): RegistryWords {
  return {
    ...w,
    txTypes: { ...w.txTypes, 'land.register.migrate': { ko: '등기기록 이관', en: 'Migration of a register' } },
    fields: {
      ...w.fields,
      number: { ko: '부동산고유번호', en: 'Register number' },
      entries: { ko: '등기 이력', en: 'History of entries' },
      source: { ko: '이관 원본 줄 (SHA-256)', en: 'Source line (SHA-256)' },
      seller: { ko: '매도 공유자 순번', en: 'Selling co-owner (position)' },
      on: { ko: '접수일', en: 'Day of receipt' },
    },
    describe(type, payload, locale, names) {
      if (type !== 'land.register.migrate') return w.describe?.(type, payload, locale, names) ?? null
      const p = payload as { number?: unknown; office?: unknown; entries?: unknown } | null
      if (p === null || typeof p !== 'object' || typeof p.number !== 'string' || typeof p.office !== 'string' || !Array.isArray(p.entries)) return null
      return locale === 'ko'
        ? `${p.office} 등기소에 ${p.number} 등기기록 이관 (등기 ${p.entries.length}건)`
        : `Register ${p.number} migrated to office ${p.office} (${p.entries.length} entries)`
    },
  }
}
