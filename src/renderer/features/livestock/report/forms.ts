/**
 * The reporting forms of the livestock register (docs/adr/0041, "Who reports what"), as data: for each report, the
 * roles that may make it, its fields, how each field is checked as it is typed (a problem is a message key under
 * livestockReport.problems), and the payload it builds — parsed with the registry's own schema before anything is
 * signed, so the form never signs what the node would refuse for its shape. Pure: tested without a browser
 * (test/renderer/livestock-report-forms.test.ts).
 */
import { dayOf, isRealDay } from '../../../../ledger/codec/dates'
import { animalNumberProblem, BUNDLE_SHAPE, numberKind, SITE_SHAPE } from '../../../../ledger/registries/livestock/portable/identifiers'
import {
  FARMER_ROLE,
  GRADER_ROLE,
  LAB_ROLE,
  LIVESTOCK_OFFICER_ROLE,
  MARKET_ROLE,
  PACKER_ROLE,
  SHOP_ROLE,
  SLAUGHTERHOUSE_ROLE,
  TAGGER_ROLE,
  VET_ROLE,
} from '../../../../ledger/registries/livestock/portable/roles'
import {
  BirthSchema,
  BREEDS,
  CUTS,
  DeathSchema,
  DISEASES,
  DISPOSALS,
  DnaSchema,
  ExportSchema,
  GradeSchema,
  ImportSchema,
  MoveSchema,
  PackSchema,
  QUALITY_GRADES,
  SaleSchema,
  SEXES,
  SlaughterSchema,
  TagSchema,
  TEST_RESULTS,
  VetSchema,
  YIELD_GRADES,
} from '../../../../ledger/registries/livestock/portable/schema'

export type Values = Record<string, string>

export type FieldKind =
  /** one animal number (spaces and dashes allowed while typing) */
  | 'animal'
  /** animal numbers, one a line (or separated by commas) */
  | 'animals'
  /** a farm's or a business's 6-digit number */
  | 'site'
  | 'date'
  /** one of `options` (each has words under livestockReport.options.<field>) */
  | 'choice'
  | 'text'
  | 'bundle'
  /** an import lot, a DNA sample: letters, digits, dashes */
  | 'reference'
  | 'country'
  | 'kilograms'
  | 'foreignId'
  /** an animal number or a bundle number, as on a label */
  | 'label'
  /** a public key (64 hex digits) */
  | 'key'

export interface FieldDef {
  key: string
  kind: FieldKind
  options?: readonly string[]
  optional?: boolean
  /** the longest text (kind 'text') */
  max?: number
  /** shown only when this holds (e.g. the yield grade of a graded carcass) */
  when?: (v: Values) => boolean
}

export const REPORT_KINDS = ['birth', 'tag', 'move', 'vaccination', 'test', 'death', 'import', 'export', 'slaughter', 'grade', 'pack', 'sale', 'dna'] as const
export type ReportKind = (typeof REPORT_KINDS)[number]

export interface ReportDef {
  kind: ReportKind
  /** the transaction type */
  type: string
  /** any of these roles may make it */
  roles: readonly string[]
  fields: readonly FieldDef[]
  /** due within so many days of its date: a later one is accepted and flagged (the form says so before signing) */
  dueDays?: number
  /** ends the animal's life on the ledger (a death, an export, a slaughter): confirmed by retyping the number */
  final?: boolean
  /** signed by a keeper of the receiving site too (a move) */
  cosigned?: boolean
  /** the payload, parsed with the registry's schema: null while a field is wrong */
  build: (v: Values) => Record<string, unknown> | null
}

const multi = (v: Values, key: string): boolean => splitAnimals(v[key] ?? '').length > 1
const opt = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s.trim())
/** the parsed payload without the keys of optional fields left empty (a signed payload holds no undefined) */
const parsed = <T>(r: { success: true; data: T } | { success: false }): Record<string, unknown> | null =>
  r.success ? Object.fromEntries(Object.entries(r.data as Record<string, unknown>).filter(([, x]) => x !== undefined)) : null
const A = (v: Values, k: string): string => normalAnimal(v[k] ?? '')
const As = (v: Values, k: string): string[] => splitAnimals(v[k] ?? '').map(normalAnimal)
const T = (v: Values, k: string): string => (v[k] ?? '').trim()

/** fields several reports share */
const ANIMAL: FieldDef = { key: 'animal', kind: 'animal' }
const ANIMALS: FieldDef = { key: 'animals', kind: 'animals' }
const DATE: FieldDef = { key: 'date', kind: 'date' }
const DISEASE: FieldDef = { key: 'disease', kind: 'choice', options: DISEASES }
const BREED: FieldDef = { key: 'breed', kind: 'choice', options: BREEDS }
const SEX: FieldDef = { key: 'sex', kind: 'choice', options: SEXES }
const FARM: FieldDef = { key: 'farm', kind: 'site' }
const COUNTRY: FieldDef = { key: 'country', kind: 'country' }

export const REPORTS: readonly ReportDef[] = [
  {
    kind: 'birth',
    type: 'livestock.birth',
    roles: [FARMER_ROLE, TAGGER_ROLE],
    dueDays: 5,
    fields: [
      ANIMAL,
      FARM,
      DATE,
      BREED,
      SEX,
      { key: 'mother', kind: 'animal', optional: true },
    ],
    build: (v) =>
      parsed(BirthSchema.safeParse({ animal: A(v, 'animal'), farm: T(v, 'farm'), date: T(v, 'date'), breed: v.breed, sex: v.sex, mother: opt(v.mother) && A(v, 'mother') })),
  },
  {
    kind: 'tag',
    type: 'livestock.tag',
    roles: [TAGGER_ROLE],
    fields: [
      ANIMAL,
      DATE,
    ],
    build: (v) => parsed(TagSchema.safeParse({ animal: A(v, 'animal'), date: T(v, 'date') })),
  },
  {
    kind: 'move',
    type: 'livestock.move',
    roles: [FARMER_ROLE, MARKET_ROLE],
    dueDays: 5,
    cosigned: true,
    fields: [
      ANIMALS,
      { key: 'from', kind: 'site' },
      { key: 'to', kind: 'site' },
      DATE,
      { key: 'toKeeper', kind: 'key' },
    ],
    build: (v) => parsed(MoveSchema.safeParse({ animals: As(v, 'animals'), from: T(v, 'from'), to: T(v, 'to'), date: T(v, 'date') })),
  },
  {
    kind: 'vaccination',
    type: 'livestock.vet',
    roles: [VET_ROLE],
    fields: [
      ANIMALS,
      DATE,
      DISEASE,
      { key: 'product', kind: 'text', optional: true, max: 100 },
    ],
    build: (v) =>
      parsed(VetSchema.safeParse({ animals: As(v, 'animals'), date: T(v, 'date'), act: 'vaccination', disease: v.disease, product: opt(v.product) })),
  },
  {
    kind: 'test',
    type: 'livestock.vet',
    roles: [VET_ROLE],
    fields: [
      ANIMALS,
      DATE,
      DISEASE,
      { key: 'result', kind: 'choice', options: TEST_RESULTS },
    ],
    build: (v) => parsed(VetSchema.safeParse({ animals: As(v, 'animals'), date: T(v, 'date'), act: 'test', disease: v.disease, result: v.result })),
  },
  {
    kind: 'death',
    type: 'livestock.death',
    roles: [FARMER_ROLE, VET_ROLE],
    dueDays: 5,
    final: true,
    fields: [
      ANIMAL,
      DATE,
      { key: 'cause', kind: 'text', max: 200 },
      { key: 'disposal', kind: 'choice', options: DISPOSALS },
    ],
    build: (v) => parsed(DeathSchema.safeParse({ animal: A(v, 'animal'), date: T(v, 'date'), cause: T(v, 'cause'), disposal: v.disposal })),
  },
  {
    kind: 'import',
    type: 'livestock.import',
    roles: [FARMER_ROLE, LIVESTOCK_OFFICER_ROLE],
    fields: [
      ANIMAL,
      FARM,
      DATE,
      { key: 'lot', kind: 'reference' },
      COUNTRY,
      { key: 'foreignId', kind: 'foreignId' },
      BREED,
      SEX,
      { key: 'birthDate', kind: 'date' },
    ],
    build: (v) =>
      parsed(
        ImportSchema.safeParse({
          animal: A(v, 'animal'),
          farm: T(v, 'farm'),
          date: T(v, 'date'),
          lot: T(v, 'lot'),
          country: T(v, 'country').toUpperCase(),
          foreignId: T(v, 'foreignId'),
          breed: v.breed,
          sex: v.sex,
          birthDate: T(v, 'birthDate'),
        }),
      ),
  },
  {
    kind: 'export',
    type: 'livestock.export',
    roles: [FARMER_ROLE],
    final: true,
    fields: [
      ANIMAL,
      FARM,
      DATE,
      COUNTRY,
    ],
    build: (v) => parsed(ExportSchema.safeParse({ animal: A(v, 'animal'), farm: T(v, 'farm'), date: T(v, 'date'), country: T(v, 'country').toUpperCase() })),
  },
  {
    kind: 'slaughter',
    type: 'livestock.slaughter',
    roles: [SLAUGHTERHOUSE_ROLE],
    final: true,
    fields: [
      ANIMAL,
      { key: 'slaughterhouse', kind: 'site' },
      DATE,
      { key: 'inspection', kind: 'choice', options: ['pass', 'fail'] },
      { key: 'dnaSample', kind: 'reference' },
    ],
    build: (v) =>
      parsed(
        SlaughterSchema.safeParse({ animal: A(v, 'animal'), slaughterhouse: T(v, 'slaughterhouse'), date: T(v, 'date'), inspection: v.inspection, dnaSample: T(v, 'dnaSample') }),
      ),
  },
  {
    kind: 'grade',
    type: 'livestock.grade',
    roles: [GRADER_ROLE],
    fields: [
      ANIMAL,
      DATE,
      { key: 'quality', kind: 'choice', options: QUALITY_GRADES },
      { key: 'yield', kind: 'choice', options: YIELD_GRADES, when: (v) => v.quality !== 'D' },
      { key: 'weightKg', kind: 'kilograms' },
    ],
    build: (v) =>
      parsed(
        GradeSchema.safeParse({
          animal: A(v, 'animal'),
          date: T(v, 'date'),
          quality: v.quality,
          yield: v.quality === 'D' ? undefined : v.yield,
          weightKg: T(v, 'weightKg'),
        }),
      ),
  },
  {
    kind: 'pack',
    type: 'livestock.pack',
    roles: [PACKER_ROLE],
    fields: [
      { key: 'packer', kind: 'site' },
      DATE,
      ANIMALS,
      { key: 'cut', kind: 'choice', options: CUTS },
      { key: 'bundle', kind: 'bundle', when: (v) => multi(v, 'animals') },
      { key: 'shop', kind: 'site', optional: true },
    ],
    build: (v) =>
      parsed(
        PackSchema.safeParse({
          packer: T(v, 'packer'),
          date: T(v, 'date'),
          animals: As(v, 'animals'),
          cut: v.cut,
          bundle: multi(v, 'animals') ? T(v, 'bundle').toUpperCase() : undefined,
          shop: opt(v.shop),
        }),
      ),
  },
  {
    kind: 'sale',
    type: 'livestock.sale',
    roles: [SHOP_ROLE],
    fields: [
      { key: 'shop', kind: 'site' },
      DATE,
      { key: 'number', kind: 'label' },
    ],
    build: (v) => parsed(SaleSchema.safeParse({ shop: T(v, 'shop'), date: T(v, 'date'), number: normalLabel(v.number ?? '') })),
  },
  {
    kind: 'dna',
    type: 'livestock.dna',
    roles: [LAB_ROLE],
    fields: [
      { key: 'sample', kind: 'reference' },
      ANIMAL,
      { key: 'shop', kind: 'site' },
      DATE,
      { key: 'result', kind: 'choice', options: ['match', 'mismatch'] },
    ],
    build: (v) =>
      parsed(DnaSchema.safeParse({ sample: T(v, 'sample'), animal: A(v, 'animal'), shop: T(v, 'shop'), date: T(v, 'date'), result: v.result })),
  },
]

export const reportDef = (kind: ReportKind): ReportDef => REPORTS.find((r) => r.kind === kind)!

/** The reports a session holding `roles` may make, in the order of the chain (birth to DNA). */
export function reportsFor(roles: ReadonlySet<string>): ReportDef[] {
  return REPORTS.filter((r) => r.roles.some((role) => roles.has(role)))
}

/** The day in Korea (UTC+9), YYYY-MM-DD: the day every report is dated in. */
export const todayInKorea = (now = Date.now()): string => dayOf(now + 9 * 3_600_000)

/** The empty form of a report: today's date, the first choice of each list. */
export function emptyValues(def: ReportDef, today: string): Values {
  const v: Values = {}
  for (const f of def.fields) {
    if (f.kind === 'date') v[f.key] = f.key === 'date' ? today : ''
    else if (f.kind === 'choice') v[f.key] = f.options?.[0] ?? ''
    else v[f.key] = ''
  }
  return v
}

/** An animal number as typed ("002 1234 5678 9", "002-1234-…") without its spaces and dashes. */
export const normalAnimal = (typed: string): string => typed.replace(/[\s-]/g, '')
/** A label number: an animal's (spaces and dashes dropped) or a bundle's ("l…" upper-cased). */
export const normalLabel = (typed: string): string => normalAnimal(typed).toUpperCase()

/** Animal numbers typed one a line, or separated by commas or semicolons; empty lines dropped. */
export function splitAnimals(typed: string): string[] {
  return typed
    .split(/[\n,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** What the form says of a field: a message key under livestockReport.problems and its values, or null when right. */
export interface Problem {
  key: string
  values?: Record<string, string | number>
}

const HEX64 = /^[0-9a-f]{64}$/
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/
const FOREIGN_ID = /^[A-Za-z0-9 -]{1,40}$/
const KILOGRAMS = /^(?:[1-9]\d{0,3})(?:\.\d)?$/
const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u

function animalProblem(typed: string): Problem | null {
  const p = animalNumberProblem(normalAnimal(typed))
  return p === null ? null : { key: p === 'shape' ? 'animalShape' : 'animalCheck' }
}

/** The problem of one field's value, or null (an empty optional field has none; an empty required one is 'required'). */
export function fieldProblem(f: FieldDef, value: string, today: string): Problem | null {
  const s = value.trim()
  if (s === '') return f.optional ? null : { key: 'required' }
  switch (f.kind) {
    case 'animal':
      return animalProblem(s)
    case 'animals': {
      const list = splitAnimals(s)
      if (list.length > 200) return { key: 'tooMany', values: { max: 200 } }
      const seen = new Set<string>()
      for (const [i, a] of list.entries()) {
        const p = animalProblem(a)
        if (p) return { key: `${p.key}At`, values: { n: i + 1 } }
        if (seen.has(normalAnimal(a))) return { key: 'duplicate', values: { n: i + 1 } }
        seen.add(normalAnimal(a))
      }
      return null
    }
    case 'site':
      return SITE_SHAPE.test(s) ? null : { key: 'site' }
    case 'date':
      if (!isRealDay(s)) return { key: 'date' }
      return s > today ? { key: 'future' } : null
    case 'choice':
      return f.options?.includes(s) ? null : { key: 'required' }
    case 'text':
      if (CONTROL_OR_FORMAT.test(s)) return { key: 'plain' }
      return s.length > (f.max ?? 200) ? { key: 'tooLong', values: { max: f.max ?? 200 } } : null
    case 'bundle':
      return BUNDLE_SHAPE.test(s.toUpperCase()) ? null : { key: 'bundle' }
    case 'reference':
      return REFERENCE.test(s) ? null : { key: 'reference' }
    case 'country':
      return /^[A-Za-z]{2}$/.test(s) ? null : { key: 'country' }
    case 'kilograms':
      return KILOGRAMS.test(s) ? null : { key: 'kilograms' }
    case 'foreignId':
      return FOREIGN_ID.test(s) ? null : { key: 'foreignId' }
    case 'label': {
      const n = normalLabel(s)
      if (numberKind(n) !== null) return null
      return /^\d{12}$/.test(n) ? { key: 'animalCheck' } : { key: 'label' }
    }
    case 'key':
      return HEX64.test(s.toLowerCase()) ? null : { key: 'key' }
  }
}

/** The fields shown for these values (a field with `when` only while it holds). */
export const shownFields = (def: ReportDef, v: Values): FieldDef[] => def.fields.filter((f) => !f.when || f.when(v))

/** Every shown field's problem, by key; plus the report's own (a move to the site it leaves). */
export function checkReport(def: ReportDef, v: Values, today: string): Record<string, Problem> {
  const out: Record<string, Problem> = {}
  for (const f of shownFields(def, v)) {
    const p = fieldProblem(f, v[f.key] ?? '', today)
    if (p) out[f.key] = p
  }
  if (def.kind === 'move' && !out.to && T(v, 'from') !== '' && T(v, 'from') === T(v, 'to')) out.to = { key: 'sameSite' }
  if (def.kind === 'import' && !out.birthDate && !out.date && T(v, 'birthDate') > T(v, 'date')) out.birthDate = { key: 'bornAfter' }
  return out
}

/** How many days late a report dated `date` would be today (0 when on time or when the report has no deadline). */
export function daysLate(def: ReportDef, date: string, today: string): number {
  if (def.dueDays === undefined || !isRealDay(date) || date > today) return 0
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / 86_400_000)
  return Math.max(0, days - def.dueDays)
}

/** The payload to sign, or null while any shown field is wrong. */
export function buildReport(def: ReportDef, v: Values, today: string): Record<string, unknown> | null {
  if (Object.keys(checkReport(def, v, today)).length > 0) return null
  return def.build(v)
}

/** The number a confirmation asks to retype: the animal's (the first of several), or the label's. */
export function primaryNumber(def: ReportDef, v: Values): string {
  if (def.fields.some((f) => f.key === 'animal')) return A(v, 'animal')
  if (def.fields.some((f) => f.key === 'animals')) return As(v, 'animals')[0] ?? ''
  return normalLabel(v.number ?? '')
}
