/**
 * A migrated register (docs/adr/0037, docs/land-import.md): one line of an import file and the payload of
 * `land.register.migrate` — an existing register brought over with its number, its 표제부 and its history as the
 * office kept it. Portable: the CLI validates each line with this before signing, the node again at execution.
 */
import { z } from 'zod'
import { isHex } from '../../../codec/bytes'
import { calendarDate } from '../../../codec/dates'
import type { RegistryErrorDef, RegistryWords } from '../../portable-types'
import {
  CAUSES,
  ComplexSchema,
  HeadSchema,
  HolderSchema,
  PURPOSE_IDS,
  officeCode,
  rank,
  registerNumber,
  share,
  won,
} from './schema'

const hex32 = z.string().refine((s) => isHex(s, 32), { message: 'must be 32 bytes of lowercase hex' })
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\p{Cc}\p{Cf}]/u.test(s) && s === s.normalize('NFC'), { message: 'text must be in NFC, without control or invisible format characters' })

/** entries one migrated register may carry (a register with more is split by the office before export) */
export const MAX_MIGRATED_ENTRIES = 200

/** One entry of a migrated register's history, as the office kept it. */
export const MigratedEntrySchema = z
  .object({
    section: z.enum(['A', 'B']),
    /** 순위번호 as printed: "3", or "1-1" for a 부기등기 */
    rank,
    purpose: z.enum(PURPOSE_IDS),
    /** the receipt (접수): the office that received it (default: the register's), the day and the number */
    receipt: z.object({ office: officeCode.optional(), on: calendarDate, number: z.number().int().min(1).max(99_999_999) }).strict(),
    cause: z.enum(CAUSES),
    causeOn: calendarDate,
    holders: z.array(HolderSchema).max(32),
    of: rank.nullable(),
    portion: share.nullable(),
    amount: won.nullable(),
    debtor: z.object({ name: text(100), address: z.string().max(200) }).strict().nullable(),
    /** what a cancellation cancels, an alteration alters, a 본등기 completes */
    target: z.object({ section: z.enum(['A', 'B']), rank }).strict().nullable(),
    caseNo: text(60).nullable(),
    /** a share transfer where several owners hold by entry `of`: which of them (by position) sold */
    seller: z.number().int().min(0).max(999).optional(),
  })
  .strict()
export type MigratedEntry = z.infer<typeof MigratedEntrySchema>

export const MigrateSchema = z
  .object({
    /** the register's 부동산고유번호, kept */
    number: registerNumber,
    office: officeCode,
    head: HeadSchema,
    /** for a unit: its complex (1동의 건물), defined by the first of its units that is migrated */
    complex: ComplexSchema.nullable().optional(),
    entries: z.array(MigratedEntrySchema).min(1).max(MAX_MIGRATED_ENTRIES),
    /** the SHA-256 of the import line (its source record), so one line is never imported twice */
    source: hex32.nullable(),
  })
  .strict()
export type MigratePayload = z.infer<typeof MigrateSchema>

/** The source record a register was migrated from: `ld/mig/<sha-256 of the line>` → its number. */
export const migrationKey = (source: string): string => `ld/mig/${source}`

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
