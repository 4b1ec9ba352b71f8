/**
 * The livestock reporting forms as data (features/livestock/report/forms.ts, officer-forms.ts): which reports each
 * role is offered, each field checked as typed (the animal number's check digit, lists, dates not in the future), a
 * payload built only when every field is right and always one the registry's schema accepts, late reports counted.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import {
  BirthSchema,
  GradeSchema,
  MoveSchema,
  PackSchema,
  SaleSchema,
  SiteRegisterSchema,
  SiteUpdateSchema,
  StandstillSchema,
  VetSchema,
} from '../../src/ledger/registries/livestock/portable/schema'
import {
  REPORTS,
  buildReport,
  checkReport,
  daysLate,
  emptyValues,
  fieldProblem,
  primaryNumber,
  reportDef,
  reportsFor,
  splitAnimals,
  todayInKorea,
} from '../../src/renderer/features/livestock/report/forms'
import {
  buildLift,
  buildSiteRegister,
  buildSiteUpdate,
  buildStandstill,
  checkSite,
  emptySite,
  emptyStandstill,
  parseTargets,
} from '../../src/renderer/features/livestock/report/officer-forms'
import type { SiteRecord } from '../../src/ledger/registries/livestock/portable/schema'
import words from '../../src/renderer/features/livestock/report/messages'

const TODAY = '2026-12-03'
const A1 = withCheckDigit('00212345678')
const A2 = withCheckDigit('00212345679')
/** the same digits with the check digit off by one */
const BAD = A1.slice(0, 11) + String((Number(A1[11]) + 1) % 10)
const KEY = 'ab'.repeat(32)
const KEY2 = 'cd'.repeat(32)

describe('the reports each role is offered', () => {
  it('a farmer: birth, move, death, import, export; a tagger: birth and tag; a vet: vaccination, test and death', () => {
    expect(reportsFor(new Set(['farmer'])).map((r) => r.kind)).toEqual(['birth', 'move', 'death', 'import', 'export'])
    expect(reportsFor(new Set(['tagger'])).map((r) => r.kind)).toEqual(['birth', 'tag'])
    expect(reportsFor(new Set(['vet'])).map((r) => r.kind)).toEqual(['vaccination', 'test', 'death'])
    expect(reportsFor(new Set(['slaughterhouse', 'grader'])).map((r) => r.kind)).toEqual(['slaughter', 'grade'])
    expect(reportsFor(new Set(['packer'])).map((r) => r.kind)).toEqual(['pack'])
    expect(reportsFor(new Set(['shop'])).map((r) => r.kind)).toEqual(['sale'])
    expect(reportsFor(new Set(['lab'])).map((r) => r.kind)).toEqual(['dna'])
    expect(reportsFor(new Set(['registrar'])).map((r) => r.kind)).toEqual([])
  })

  it('only the move is co-signed; death, export and slaughter are confirmed as final', () => {
    expect(REPORTS.filter((r) => r.cosigned).map((r) => r.kind)).toEqual(['move'])
    expect(REPORTS.filter((r) => r.final).map((r) => r.kind)).toEqual(['death', 'export', 'slaughter'])
  })
})

describe('fields checked as typed', () => {
  const animal = reportDef('birth').fields.find((f) => f.key === 'animal')!
  const animals = reportDef('move').fields.find((f) => f.key === 'animals')!
  const date = reportDef('birth').fields.find((f) => f.key === 'date')!
  const label = reportDef('sale').fields.find((f) => f.key === 'number')!

  it('an animal number: 12 digits whose last is the check digit; spaces and dashes as on the tag are fine', () => {
    expect(fieldProblem(animal, A1, TODAY)).toBeNull()
    expect(fieldProblem(animal, `${A1.slice(0, 3)} ${A1.slice(3, 7)}-${A1.slice(7, 11)} ${A1[11]}`, TODAY)).toBeNull()
    expect(fieldProblem(animal, BAD, TODAY)).toEqual({ key: 'animalCheck' })
    expect(fieldProblem(animal, '12345', TODAY)).toEqual({ key: 'animalShape' })
    expect(fieldProblem(animal, '', TODAY)).toEqual({ key: 'required' })
  })

  it('a list of animals names the line that is wrong, and a repeated one', () => {
    expect(splitAnimals(`${A1}\n\n${A2}, `)).toEqual([A1, A2])
    expect(fieldProblem(animals, `${A1}\n${A2}`, TODAY)).toBeNull()
    expect(fieldProblem(animals, `${A1}\n${BAD}`, TODAY)).toEqual({ key: 'animalCheckAt', values: { n: 2 } })
    expect(fieldProblem(animals, `${A1}\n${A1.slice(0, 6)} ${A1.slice(6)}`, TODAY)).toEqual({ key: 'duplicate', values: { n: 2 } })
    expect(fieldProblem(animals, Array.from({ length: 201 }, () => A1).join('\n'), TODAY)).toEqual({ key: 'tooMany', values: { max: 200 } })
  })

  it('a date must exist and not be after today in Korea', () => {
    expect(fieldProblem(date, TODAY, TODAY)).toBeNull()
    expect(fieldProblem(date, '2026-12-04', TODAY)).toEqual({ key: 'future' })
    expect(fieldProblem(date, '2026-02-30', TODAY)).toEqual({ key: 'date' })
    // 23:30 UTC is already the next day in Korea
    expect(todayInKorea(Date.UTC(2026, 11, 3, 23, 30))).toBe('2026-12-04')
  })

  it("a label's number: an animal's or a bundle's", () => {
    expect(fieldProblem(label, A1, TODAY)).toBeNull()
    expect(fieldProblem(label, 'l12612030001001', TODAY)).toBeNull()
    expect(fieldProblem(label, BAD, TODAY)).toEqual({ key: 'animalCheck' })
    expect(fieldProblem(label, 'X1', TODAY)).toEqual({ key: 'label' })
  })
})

describe('payloads built only when right, and always what the schema accepts', () => {
  it('a birth: late after 5 days is said, still built', () => {
    const def = reportDef('birth')
    const v = { ...emptyValues(def, TODAY), animal: A1, farm: '123456', breed: 'hanwoo', sex: 'female', date: '2026-11-25' }
    const p = buildReport(def, v, TODAY)
    expect(BirthSchema.parse(p)).toEqual({ animal: A1, farm: '123456', date: '2026-11-25', breed: 'hanwoo', sex: 'female' })
    expect(daysLate(def, '2026-11-25', TODAY)).toBe(3)
    expect(daysLate(def, '2026-11-28', TODAY)).toBe(0)
    expect(daysLate(reportDef('tag'), '2026-01-01', TODAY)).toBe(0)
    expect(buildReport(def, { ...v, mother: BAD }, TODAY)).toBeNull()
    expect(checkReport(def, { ...v, farm: '12345' }, TODAY)).toEqual({ farm: { key: 'site' } })
  })

  it('a move: every animal, both sites different, a keeper to co-sign', () => {
    const def = reportDef('move')
    const v = { ...emptyValues(def, TODAY), animals: `${A1}\n${A2}`, from: '123456', to: '654321', toKeeper: KEY }
    expect(MoveSchema.parse(buildReport(def, v, TODAY))).toEqual({ animals: [A1, A2], from: '123456', to: '654321', date: TODAY })
    expect(checkReport(def, { ...v, to: '123456' }, TODAY)).toEqual({ to: { key: 'sameSite' } })
    expect(checkReport(def, { ...v, toKeeper: 'nope' }, TODAY)).toEqual({ toKeeper: { key: 'key' } })
    expect(primaryNumber(def, v)).toBe(A1)
  })

  it('a test has a result, a vaccination none', () => {
    const test = buildReport(reportDef('test'), { ...emptyValues(reportDef('test'), TODAY), animals: A1, disease: 'brucellosis', result: 'positive' }, TODAY)
    expect(VetSchema.parse(test)).toMatchObject({ act: 'test', result: 'positive' })
    const vac = buildReport(reportDef('vaccination'), { ...emptyValues(reportDef('vaccination'), TODAY), animals: A1, disease: 'fmd', product: '' }, TODAY)
    expect(VetSchema.parse(vac)).toEqual({ animals: [A1], date: TODAY, act: 'vaccination', disease: 'fmd' })
  })

  it('a grade: no yield grade for an ungraded carcass', () => {
    const def = reportDef('grade')
    const v = { ...emptyValues(def, TODAY), animal: A1, quality: '1++', yield: 'A', weightKg: '432.5' }
    expect(GradeSchema.parse(buildReport(def, v, TODAY))).toMatchObject({ quality: '1++', yield: 'A' })
    expect(GradeSchema.parse(buildReport(def, { ...v, quality: 'D' }, TODAY))).not.toHaveProperty('yield')
    expect(checkReport(def, { ...v, weightKg: '432.55' }, TODAY)).toEqual({ weightKg: { key: 'kilograms' } })
  })

  it('a pack of several animals asks for a bundle number; one animal needs none', () => {
    const def = reportDef('pack')
    const v = { ...emptyValues(def, TODAY), packer: '555555', animals: `${A1}\n${A2}`, cut: 'mixed' }
    expect(checkReport(def, v, TODAY)).toEqual({ bundle: { key: 'required' } })
    expect(PackSchema.parse(buildReport(def, { ...v, bundle: 'l12612030001001' }, TODAY))).toMatchObject({ bundle: 'L12612030001001', animals: [A1, A2] })
    expect(buildReport(def, { ...v, animals: A1, bundle: 'L1' }, TODAY)).not.toHaveProperty('bundle')
  })

  it('a pack names the shop it is sent to, or none; a shop number of 6 digits', () => {
    const def = reportDef('pack')
    const v = { ...emptyValues(def, TODAY), packer: '555555', animals: A1, cut: 'sirloin' }
    expect(buildReport(def, v, TODAY)).not.toHaveProperty('shop')
    expect(buildReport(def, { ...v, shop: ' 777777 ' }, TODAY)).toMatchObject({ shop: '777777' })
    expect(checkReport(def, { ...v, shop: '7777' }, TODAY)).toHaveProperty('shop')
  })

  it('a sale by bundle number', () => {
    const def = reportDef('sale')
    expect(SaleSchema.parse(buildReport(def, { shop: '777777', date: TODAY, number: 'L12612030001001' }, TODAY))).toMatchObject({ number: 'L12612030001001' })
  })

  it('an import born after it arrived is refused in the form', () => {
    const def = reportDef('import')
    const v = { ...emptyValues(def, TODAY), animal: A1, farm: '123456', lot: 'AU-2026-1', country: 'au', foreignId: 'AU 982 000', birthDate: '2026-12-01', date: '2026-11-30' }
    expect(checkReport(def, v, TODAY)).toEqual({ birthDate: { key: 'bornAfter' } })
    expect(buildReport(def, { ...v, birthDate: '2025-01-01' }, TODAY)).toMatchObject({ country: 'AU' })
  })

  it('every report, filled with fitting values, builds a payload its schema accepts', () => {
    const fill: Record<string, string> = {
      animal: A1,
      animals: A1,
      farm: '123456',
      from: '123456',
      to: '654321',
      toKeeper: KEY,
      mother: '',
      product: '',
      cause: '폐렴',
      lot: 'AU-LOT-1',
      country: 'AU',
      foreignId: 'AU123',
      birthDate: '2025-01-01',
      slaughterhouse: '222222',
      dnaSample: 'DNA-0001',
      weightKg: '400',
      packer: '333333',
      shop: '444444',
      number: A1,
      sample: 'S-0001',
    }
    for (const def of REPORTS) {
      const v = { ...emptyValues(def, TODAY), ...Object.fromEntries(def.fields.filter((f) => f.kind !== 'choice' && f.kind !== 'date').map((f) => [f.key, fill[f.key] ?? ''])) }
      if (def.fields.some((f) => f.key === 'birthDate')) v.birthDate = '2025-01-01'
      expect(buildReport(def, v, TODAY), def.kind).not.toBeNull()
    }
  })
})

describe("the officer's forms", () => {
  it('a site: every field checked, keepers one a line, lower-cased', () => {
    expect(Object.keys(checkSite(emptySite())).sort()).toEqual(['address', 'area', 'keepers', 'name', 'site'])
    const f = { site: '123456', kind: 'farm' as const, name: '한우농장', area: '4717012300', address: '경북 안동시', keepers: `${KEY.toUpperCase()}\n${KEY2}` }
    expect(SiteRegisterSchema.parse(buildSiteRegister(f))).toMatchObject({ keepers: [KEY, KEY2] })
    expect(checkSite({ ...f, keepers: `${KEY}\n${KEY}` })).toEqual({ keepers: { key: 'duplicate', values: { n: 2 } } })
    expect(checkSite({ ...f, keepers: `${KEY}\nxyz` })).toEqual({ keepers: { key: 'keyAt', values: { n: 2 } } })
    expect(checkSite({ ...f, area: '47170' })).toEqual({ area: { key: 'area' } })
  })

  it('an update carries only what changed; closing is one of them; nothing changed builds nothing', () => {
    const before: SiteRecord = { site: '123456', kind: 'farm', name: '한우농장', area: '4717012300', address: '경북 안동시', keepers: [KEY], closed: false, agency: 'mafra', registeredAt: 3 }
    const f = { site: '123456', kind: 'farm' as const, name: '한우농장', area: '4717012300', address: '경북 안동시', keepers: KEY }
    expect(buildSiteUpdate(before, f, false)).toBeNull()
    expect(SiteUpdateSchema.parse(buildSiteUpdate(before, { ...f, keepers: `${KEY}\n${KEY2}` }, false))).toEqual({ site: '123456', keepers: [KEY, KEY2] })
    expect(buildSiteUpdate(before, f, true)).toEqual({ site: '123456', closed: true })
  })

  it('a standstill: sites by 6 digits, areas by 2, 5 or 8; a wrong line named', () => {
    expect(parseTargets('123456\n47\n47170\n47170123').targets).toEqual([
      { kind: 'site', site: '123456' },
      { kind: 'area', area: '47' },
      { kind: 'area', area: '47170' },
      { kind: 'area', area: '47170123' },
    ])
    expect(parseTargets('123456\n4717').problem).toEqual({ key: 'targetAt', values: { n: 2 } })
    expect(parseTargets('47\n47').problem).toEqual({ key: 'duplicate', values: { n: 2 } })
    expect(buildStandstill(emptyStandstill())).toBeNull()
    const p = buildStandstill({ order: 'FMD-2026-001', targets: '123456\n47170', disease: 'fmd', reason: '구제역 발생' })
    expect(StandstillSchema.parse(p)).toMatchObject({ order: 'FMD-2026-001', targets: [{ kind: 'site', site: '123456' }, { kind: 'area', area: '47170' }] })
    expect(buildLift('FMD-2026-001', [{ kind: 'site', site: '123456' }], '')).toBeNull()
    expect(buildLift('FMD-2026-001', [{ kind: 'site', site: '123456' }], '종식')).toEqual({ order: 'FMD-2026-001', targets: [{ kind: 'site', site: '123456' }], reason: '종식' })
  })
})

describe('the words of every report, field, choice and problem, in Korean and English', () => {
  const get = (tree: unknown, path: string[]): unknown => path.reduce<unknown>((t, k) => (t && typeof t === 'object' ? (t as Record<string, unknown>)[k] : undefined), tree)
  const shape = (tree: unknown): unknown =>
    typeof tree === 'object' && tree !== null ? Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, shape(v)])) : typeof tree

  it('Korean and English have the same keys', () => {
    expect(shape(words.en)).toEqual(shape(words.ko))
  })

  it('every report, field and choice has its words', () => {
    for (const lang of ['ko', 'en'] as const) {
      const w = words[lang]
      for (const def of REPORTS) {
        expect(get(w, ['report', 'kinds', def.kind]), def.kind).toEqual(expect.any(String))
        expect(get(w, ['report', 'about', def.kind]), def.kind).toEqual(expect.any(String))
        for (const f of def.fields) {
          expect(get(w, ['report', 'fields', f.key]), f.key).toEqual(expect.any(String))
          for (const o of f.options ?? []) expect(get(w, ['options', f.key, o]), `${f.key}.${o}`).toEqual(expect.any(String))
        }
      }
    }
  })

  it('every problem the forms can name has its words (the line-numbered ones too)', () => {
    const src = ['forms.ts', 'officer-forms.ts'].map((f) => readFileSync(join(import.meta.dirname, '../../src/renderer/features/livestock/report', f), 'utf8')).join('\n')
    const keys = new Set([...src.matchAll(/\{ key: '(\w+)'(?: \}|, values)/g)].map((m) => m[1]!))
    keys.add('animalShape').add('animalShapeAt').add('animalCheckAt').add('nothingChanged')
    expect(keys.size).toBeGreaterThan(15)
    for (const k of keys) for (const lang of ['ko', 'en'] as const) expect(get(words[lang], ['problems', k]), `${lang} ${k}`).toEqual(expect.any(String))
  })
})
