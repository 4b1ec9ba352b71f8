/**
 * A migrated register (docs/adr/0037, docs/land-import.md): one line of an import file and the payload of
 * `land.register.migrate` — an existing register brought over with its number, its 표제부 and its history as the
 * office kept it. Portable: the CLI validates each line with this before signing, the node again at execution.
 */
import { z } from 'zod'
import { isHex } from '../../../codec/bytes'
import { calendarDate } from '../../../codec/dates'
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

export { LAND_IMPORT_ERRORS, withImportWords } from './import-words'
