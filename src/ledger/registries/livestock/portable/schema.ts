/**
 * The livestock registry's payloads and stored records (docs/adr/0041). Portable: the node, the forms, the CLI and the
 * label's verifier parse with this file. Dates are calendar days (YYYY-MM-DD, Korean time); whether one is in the
 * future or late is decided by the rules against the block's time.
 */
import { z } from 'zod'
import { isHex } from '../../../codec/bytes'
import { calendarDate } from '../../../codec/dates'
import { AREA_CODE_SHAPE, AREA_PREFIX_SHAPE, BUNDLE_SHAPE, SITE_SHAPE, animalNumberProblem } from './identifiers'

/** no control characters, no invisible format characters, and in NFC */
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u
const plain = (s: string): boolean => !CONTROL_OR_FORMAT.test(s) && s === s.normalize('NFC')
const PLAIN = { message: 'text must be in NFC, without control or invisible format characters' }
const text = (max: number) => z.string().trim().min(1).max(max).refine(plain, PLAIN)
const hex32 = z.string().refine((s) => isHex(s, 32), { message: 'must be 32 bytes of lowercase hex' })

export const animalNumber = z.string().superRefine((s, ctx) => {
  const p = animalNumberProblem(s)
  if (p === 'shape') ctx.addIssue({ code: 'custom', message: 'an animal number is 12 digits, e.g. 002123456789' })
  else if (p === 'check') ctx.addIssue({ code: 'custom', message: "the animal number's check digit (its last) does not match" })
})
export const siteCode = z.string().regex(SITE_SHAPE, 'a farm or business number is 6 digits, e.g. 123456')
export const bundleNumber = z.string().regex(BUNDLE_SHAPE, 'a bundle number is L and 14 digits, e.g. L12612030001001')
export const areaCode = z.string().regex(AREA_CODE_SHAPE, 'an area is a 10-digit 법정동 code, e.g. 4717012300')
export const areaPrefix = z.string().regex(AREA_PREFIX_SHAPE, 'an area under standstill is 2, 5 or 8 digits of a 법정동 code')
/** an import lot, a DNA sample, an order number: letters, digits and dashes */
const reference = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, 'letters, digits and dashes, 3 to 40 characters')
/** ISO 3166-1 alpha-2 */
export const country = z.string().regex(/^[A-Z]{2}$/, 'a country is its two-letter ISO code, e.g. AU')
/** a weight in kg with at most one decimal, as a string (no floats in state) */
export const kilograms = z.string().regex(/^(?:[1-9]\d{0,3})(?:\.\d)?$/, 'a weight is kilograms with at most one decimal, e.g. 432.5')

export const SITE_KINDS = ['farm', 'market', 'slaughterhouse', 'packer', 'shop'] as const
export const BREEDS = ['hanwoo', 'beef', 'dairy', 'other'] as const // 한우, 육우, 젖소, 기타
export const SEXES = ['female', 'male', 'castrated'] as const // 암, 수, 거세
export const DISEASES = ['fmd', 'brucellosis', 'tuberculosis', 'lumpy-skin', 'bse', 'anthrax', 'other'] as const
export const TEST_RESULTS = ['negative', 'positive', 'inconclusive'] as const
export const DISPOSALS = ['burial', 'incineration', 'rendering', 'other'] as const
export const QUALITY_GRADES = ['1++', '1+', '1', '2', '3', 'D'] as const // D: 등외
export const YIELD_GRADES = ['A', 'B', 'C'] as const
/** the ten primal cuts of Korean beef (대분할) and a mixed pack */
export const CUTS = ['tenderloin', 'sirloin', 'striploin', 'chuck', 'blade', 'round', 'bottom-round', 'brisket', 'shank', 'rib', 'mixed'] as const
export const EVENT_KINDS = ['birth', 'import', 'tag', 'move', 'vaccination', 'test', 'death', 'export', 'slaughter', 'grade', 'pack', 'sale', 'dna'] as const
export type EventKind = (typeof EVENT_KINDS)[number]

// ---- payloads ----------------------------------------------------------------------------------------------------

/** An officer registers a farm or a business, with the keys of the people who act for it (its keepers). */
export const SiteRegisterSchema = z
  .object({
    site: siteCode,
    kind: z.enum(SITE_KINDS),
    name: text(100),
    area: areaCode,
    address: text(200),
    keepers: z.array(hex32).min(1).max(16),
  })
  .strict()
export type SiteRegister = z.infer<typeof SiteRegisterSchema>

/** An officer changes a site's name, address or keepers, or closes it (a closed site takes no animals). */
export const SiteUpdateSchema = z
  .object({
    site: siteCode,
    name: text(100).optional(),
    address: text(200).optional(),
    keepers: z.array(hex32).min(1).max(16).optional(),
    closed: z.boolean().optional(),
  })
  .strict()
export type SiteUpdate = z.infer<typeof SiteUpdateSchema>

/** A birth, by a keeper of the farm (farmer) or by a tagging agency on the farm's behalf; due within 5 days. */
export const BirthSchema = z
  .object({ animal: animalNumber, farm: siteCode, date: calendarDate, breed: z.enum(BREEDS), sex: z.enum(SEXES), mother: animalNumber.optional() })
  .strict()
export type Birth = z.infer<typeof BirthSchema>

/** An ear tag fitted (tagger); due within 30 days of birth, and before any move. */
export const TagSchema = z.object({ animal: animalNumber, date: calendarDate }).strict()
export type Tag = z.infer<typeof TagSchema>

/** Animals moved from one site to another (a sale between farms, through a market): signed by a keeper of each site. */
export const MoveSchema = z
  .object({ animals: z.array(animalNumber).min(1).max(200), from: siteCode, to: siteCode, date: calendarDate })
  .strict()
export type Move = z.infer<typeof MoveSchema>

/** A vaccination or a disease test (vet); a test has a result, a vaccination names its product. */
export const VetSchema = z
  .object({
    animals: z.array(animalNumber).min(1).max(200),
    date: calendarDate,
    act: z.enum(['vaccination', 'test']),
    disease: z.enum(DISEASES),
    product: text(100).optional(),
    result: z.enum(TEST_RESULTS).optional(),
  })
  .strict()
  .refine((p) => (p.act === 'test') === (p.result !== undefined), { message: 'a test has a result; a vaccination has none' })
export type Vet = z.infer<typeof VetSchema>

/** A death on the farm and how the carcass was disposed of (farmer or vet). */
export const DeathSchema = z
  .object({ animal: animalNumber, date: calendarDate, cause: text(200), disposal: z.enum(DISPOSALS) })
  .strict()
export type Death = z.infer<typeof DeathSchema>

/** An imported animal given a Korean number on arrival at a farm (farmer of that farm, or an officer). Tagged on import. */
export const ImportSchema = z
  .object({
    animal: animalNumber,
    farm: siteCode,
    date: calendarDate,
    lot: reference,
    country,
    foreignId: z.string().regex(/^[A-Za-z0-9 -]{1,40}$/, 'the foreign identifier: letters, digits, spaces, dashes'),
    breed: z.enum(BREEDS),
    sex: z.enum(SEXES),
    birthDate: calendarDate,
  })
  .strict()
export type Import = z.infer<typeof ImportSchema>

/** A live animal exported (farmer of the farm it leaves). */
export const ExportSchema = z.object({ animal: animalNumber, farm: siteCode, date: calendarDate, country }).strict()
export type Export = z.infer<typeof ExportSchema>

/** A slaughter (slaughterhouse): the animal comes from the site it is on; its inspection result and DNA sample. */
export const SlaughterSchema = z
  .object({
    animal: animalNumber,
    slaughterhouse: siteCode,
    date: calendarDate,
    inspection: z.enum(['pass', 'fail']),
    dnaSample: reference,
  })
  .strict()
export type Slaughter = z.infer<typeof SlaughterSchema>

/** A carcass graded (grader): quality 1++ … 3 or D (등외, no yield grade), yield A/B/C, carcass weight. */
export const GradeSchema = z
  .object({ animal: animalNumber, date: calendarDate, quality: z.enum(QUALITY_GRADES), yield: z.enum(YIELD_GRADES).optional(), weightKg: kilograms })
  .strict()
  .refine((p) => (p.quality === 'D') === (p.yield === undefined), { message: 'a graded carcass has a yield grade, an ungraded one (D) none' })
export type Grade = z.infer<typeof GradeSchema>

/**
 * Cuts packed (packer) from one animal, or from several under a bundle number listing them, and the shop they are
 * sent to (the buyer the packer's 거래 report names): only that shop may then sell them (docs/adr/0041).
 */
export const PackSchema = z
  .object({
    packer: siteCode,
    date: calendarDate,
    animals: z.array(animalNumber).min(1).max(100),
    cut: z.enum(CUTS),
    bundle: bundleNumber.optional(),
    shop: siteCode.optional(),
  })
  .strict()
export type Pack = z.infer<typeof PackSchema>

/** A sale (shop) of meat labelled with an animal number or a bundle number. */
export const SaleSchema = z
  .object({ shop: siteCode, date: calendarDate, number: z.union([animalNumber, bundleNumber]) })
  .strict()
export type Sale = z.infer<typeof SaleSchema>

/**
 * A DNA comparison (lab) of a sample taken at a shop, of meat the shop holds under the animal's number, with the
 * animal's slaughter sample; one result per sample.
 */
export const DnaSchema = z
  .object({ sample: reference, animal: animalNumber, shop: siteCode, date: calendarDate, result: z.enum(['match', 'mismatch']) })
  .strict()
export type Dna = z.infer<typeof DnaSchema>

export const StandstillTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('site'), site: siteCode }).strict(),
  z.object({ kind: z.literal('area'), area: areaPrefix }).strict(),
])
export type StandstillTarget = z.infer<typeof StandstillTargetSchema>

/** An officer orders (or lifts) a standstill on sites and areas: no moves and no slaughter from or to them. */
export const StandstillSchema = z
  .object({ order: reference, targets: z.array(StandstillTargetSchema).min(1).max(500), disease: z.enum(DISEASES), reason: text(500) })
  .strict()
export type Standstill = z.infer<typeof StandstillSchema>
export const LiftSchema = z.object({ order: reference, targets: z.array(StandstillTargetSchema).min(1).max(500), reason: text(500) }).strict()
export type Lift = z.infer<typeof LiftSchema>

/** The event types a batch may carry (every event reported by one party alone: not moves, which two sites sign). */
export const BATCH_TYPES = [
  'livestock.birth',
  'livestock.tag',
  'livestock.vet',
  'livestock.death',
  'livestock.slaughter',
  'livestock.grade',
  'livestock.pack',
  'livestock.sale',
  'livestock.dna',
] as const
/** Up to 500 events of one reporter committed together; each is checked on its own, and a refused one is recorded as such. */
export const BatchSchema = z
  .object({ events: z.array(z.object({ type: z.enum(BATCH_TYPES), payload: z.unknown() }).strict()).min(1).max(500) })
  .strict()
export type Batch = z.infer<typeof BatchSchema>

// ---- stored records ----------------------------------------------------------------------------------------------

export interface SiteRecord {
  site: string
  kind: (typeof SITE_KINDS)[number]
  name: string
  area: string
  address: string
  keepers: string[]
  closed: boolean
  /** the agency whose officer registered it */
  agency: string
  registeredAt: number
  /** a shop: DNA mismatches of meat sampled there (absent while there is none) */
  alerts?: number
}

/** Meat a shop holds: an animal's or a bundle's, packed and sent to it (`lv/h/<shop>/<number>`, written by the pack). */
export interface HeldRecord {
  packer: string
  date: string
  /** the bundle it came in, null for an animal's own pack */
  bundle: string | null
  height: number
  tx: string
}

/** A DNA result of a shop's sample (`lv/dna/<sample>`): recorded once. */
export interface DnaSampleRecord {
  sample: string
  animal: string
  shop: string
  date: string
  match: boolean
  height: number
  tx: string
}

/** Where an animal was kept, from (the day it arrived) to (the day it left, or null while it is there). */
export interface Stay {
  site: string
  from: string
  to: string | null
}

/** An animal's head: who it is, where it is, and what the label shows (docs/adr/0041, "The animal's record"). */
export interface AnimalHead {
  animal: string
  breed: (typeof BREEDS)[number]
  sex: (typeof SEXES)[number]
  birthDate: string
  mother: string | null
  origin: { kind: 'born'; farm: string } | { kind: 'imported'; lot: string; country: string; foreignId: string }
  status: 'alive' | 'dead' | 'slaughtered' | 'exported'
  /** the site it is on (alive), or the last it was on */
  site: string
  /** the stays, oldest first (at most 64: a 65th move is refused, LIVESTOCK_TOO_MANY_MOVES) */
  stays: Stay[]
  /** the day the ear tag was fitted, null while untagged (an imported animal is tagged on import) */
  tagged: string | null
  slaughter: { site: string; date: string; inspection: 'pass' | 'fail'; dnaSample: string } | null
  grade: { quality: (typeof QUALITY_GRADES)[number]; yield: (typeof YIELD_GRADES)[number] | null; weightKg: string } | null
  /** how many events the animal has (its last event key is e-<events>) */
  events: number
  /** DNA mismatches recorded against meat sold under its number */
  alerts: number
}

/** One event of an animal's history, as recorded (never changed). */
export interface AnimalEvent {
  seq: number
  kind: EventKind
  /** the day the event happened (the payload's date) */
  date: string
  /** the Korean day of the block that recorded it */
  recordedOn: string
  /** days past its deadline, 0 when on time */
  late: number
  height: number
  tx: string
  /** the signer's key */
  by: string
  /** the site where it happened (the farm, the slaughterhouse, the shop…), null where none (a tag, a vet act on the current farm is the farm) */
  site: string | null
  /** the kind's own details, e.g. { from, to } for a move, { disease, result } for a test, { bundle, cut } for a pack */
  detail: Record<string, string | number | boolean | null>
}

export interface BundleRecord {
  bundle: string
  packer: string
  date: string
  cut: (typeof CUTS)[number]
  animals: string[]
  height: number
  tx: string
}

export interface StandstillRecord {
  order: string
  disease: (typeof DISEASES)[number]
  reason: string
  placedOn: string
  height: number
  by: string
  /** null while in force */
  lifted: { order: string; on: string; height: number; reason: string } | null
}

export interface BatchRecord {
  accepted: number
  /** the refused events by their index in the batch, with the stable code and the message */
  refused: Array<{ index: number; code: string; message: string }>
}
