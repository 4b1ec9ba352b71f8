/**
 * Everything a user reads is in words, in Korean and English: every stable error code, every transaction type of
 * every registry (its words, declared by the feature that shows it), every payload field and enumerated value, a
 * one-line description of every type; Korean particles are chosen by the word, never printed
 * as alternatives ("을(를)"). Walks the lists, so a new code, type or field without words fails here.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { PROOF_FINDINGS, proofFromJson, trustFromJson, verifyProof } from '../../src/ledger/proofs/proof'
import { REGISTRIES } from '../../src/ledger/registries'
import { makeCatalogue } from '../../src/ledger/registries/catalogue'
import explorer from '../../src/renderer/features/explorer/messages'
import proofJson from './fixtures/proof.json'
import trustJson from './fixtures/trust.json'
import { ERROR_TEXT, errorSentence } from '../../src/shared/error-text'
import { ErrorCodes } from '../../src/shared/errors'
import { PARTICLES, type ParticlePair, particle } from '../../src/shared/particles'
import { FEATURES } from '../../src/renderer/features/registry'
import { featureRegistries } from '../../src/renderer/lib/features'
import { wordsCatalogue } from '../../src/renderer/lib/registry-words'
import { notaryPortable } from '../../src/ledger/registries/notary/portable'
import ko from '../../src/renderer/i18n/messages/ko'

const LOCALES = ['ko', 'en'] as const
const HANGUL = /[가-힣]/

function isSentence(text: unknown, locale: 'ko' | 'en'): boolean {
  return typeof text === 'string' && text.trim().length > 0 && (locale === 'en' || HANGUL.test(text))
}

describe('error codes in words', () => {
  it('has a Korean and an English sentence for every code in ErrorCodes', () => {
    const missing: string[] = []
    for (const code of Object.keys(ErrorCodes)) {
      const entry = (ERROR_TEXT as Record<string, Record<string, unknown> | undefined>)[code]
      for (const l of LOCALES) if (!isSentence(entry?.[l], l)) missing.push(`${code} (${l})`)
    }
    expect(missing).toEqual([])
  })
  it('never shows the code itself, even for a code it does not know', () => {
    for (const code of Object.keys(ErrorCodes)) for (const l of LOCALES) expect(errorSentence(code, l)).not.toContain(code)
    expect(errorSentence('SOME_FUTURE_CODE', 'ko')).not.toContain('SOME_FUTURE_CODE')
    expect(HANGUL.test(errorSentence('NUMBER_TAKEN', 'ko'))).toBe(true)
  })
})

/** Field keys and enumerated string values of a zod schema, walking objects, unions, optionals and arrays. */
function walk(schema: z.ZodType, key: string | null, fields: Set<string>, values: Map<string, Set<string>>): void {
  const s = schema as z.ZodType & { unwrap?: () => z.ZodType }
  if (s instanceof z.ZodObject) {
    for (const [k, v] of Object.entries(s.shape as Record<string, z.ZodType>)) {
      fields.add(k)
      walk(v, k, fields, values)
    }
  } else if (s instanceof z.ZodDiscriminatedUnion || s instanceof z.ZodUnion) {
    for (const o of s.options as z.ZodType[]) walk(o, key, fields, values)
  } else if (s instanceof z.ZodEnum) {
    if (key) for (const v of s.options) if (typeof v === 'string') add(values, key, v)
  } else if (s instanceof z.ZodLiteral) {
    if (key) for (const v of s.values) if (typeof v === 'string') add(values, key, v)
  } else if (s instanceof z.ZodArray) {
    walk(s.element as z.ZodType, key, fields, values)
  } else if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
    walk(s.unwrap!(), key, fields, values)
  }
}

function add(m: Map<string, Set<string>>, k: string, v: string): void {
  if (!m.has(k)) m.set(k, new Set())
  m.get(k)!.add(v)
}

/**
 * A payload of every transaction type, each registry's from its own folder (registries/<domain>/samples.ts): a new
 * registry brings its samples with it, nothing is listed here.
 */
const KEY = 'ab'.repeat(32)
const SAMPLE_MODULES = import.meta.glob<{ samples: Readonly<Record<string, unknown>> }>('../../src/ledger/registries/*/samples.ts', {
  eager: true,
})
const SAMPLES: Record<string, unknown> = {}
for (const [path, m] of Object.entries(SAMPLE_MODULES)) {
  for (const [type, payload] of Object.entries(m.samples)) {
    if (Object.hasOwn(SAMPLES, type)) throw new Error(`two sample files give ${type} (${path})`)
    SAMPLES[type] = payload
  }
}

describe('transactions in words', () => {
  const words = wordsCatalogue(featureRegistries(FEATURES))
  const types = REGISTRIES.flatMap((r) => Object.keys(r.txTypes))
  /** fields and enumerated values of each type's payload schema */
  const byType = new Map<string, { fields: Set<string>; values: Map<string, Set<string>> }>()
  for (const r of REGISTRIES) {
    for (const [type, def] of Object.entries(r.txTypes)) {
      const entry = { fields: new Set<string>(), values: new Map<string, Set<string>>() }
      walk(def.schema as z.ZodType, null, entry.fields, entry.values)
      byType.set(type, entry)
    }
  }

  it('has the words of every registry through the features that show them', () => {
    expect(featureRegistries(FEATURES).map((r) => r.name).sort()).toEqual(REGISTRIES.map((r) => r.name).sort())
    expect(() => wordsCatalogue([notaryPortable, notaryPortable])).toThrow(/notary/)
  })

  it('names every transaction type of every registry in Korean and English, in its registry', () => {
    expect(types.length).toBeGreaterThan(5)
    expect([...words.types].sort()).toEqual([...types].sort())
    for (const r of REGISTRIES) {
      const own = featureRegistries(FEATURES).find((p) => p.name === r.name)!
      const missing = Object.keys(r.txTypes).filter((t) => !LOCALES.every((l) => isSentence(own.words.txTypes[t]?.[l], l)))
      expect(missing).toEqual([])
    }
    for (const t of types) for (const l of LOCALES) expect(words.txType(t, l)).not.toContain(t)
    expect(words.txType('nobody.will.take-this', 'ko')).toBe('다른 종류의 거래')
  })

  it('labels every payload field (nested ones too) in Korean and English, in the registry of the type', () => {
    const missing: string[] = []
    let count = 0
    for (const [type, { fields }] of byType) {
      const own = featureRegistries(FEATURES).find((p) => type.startsWith(`${p.name}.`))!
      for (const f of fields) {
        count++
        if (!LOCALES.every((l) => isSentence(own.words.fields?.[f]?.[l], l))) missing.push(`${type}: ${f}`)
        expect(words.field(f, 'en', type)).not.toBe(f)
      }
    }
    expect(count).toBeGreaterThan(20)
    expect(missing).toEqual([])
  })

  it('puts every enumerated payload value in words (roles through the roles catalogue)', () => {
    const all = new Map<string, Set<string>>()
    const missing: string[] = []
    for (const [type, { values }] of byType) {
      for (const [field, set] of values) {
        for (const v of set) {
          add(all, field, v)
          if (field === 'role') {
            for (const l of LOCALES) if (!isSentence(words.role(v, l), l) || words.role(v, l) === v) missing.push(`role ${v} (${l})`)
            continue
          }
          for (const l of LOCALES) if (!isSentence(words.value(field, v, l, type), l) || words.value(field, v, l, type) === v) missing.push(`${field}=${v} (${l})`)
        }
      }
    }
    // roles are not an enum of the schema: the identity registry checks them against the assembled catalogue
    // the node's roles and the app's are the same list (the features' registries are the node's), each in words
    expect(new Set(words.roles.map((r) => r.id))).toEqual(new Set(makeCatalogue(REGISTRIES).roleIds()))
    for (const { id } of words.roles) {
      for (const l of LOCALES) if (!isSentence(words.role(id, l), l) || words.role(id, l) === id) missing.push(`role ${id} (${l})`)
    }
    expect(all.get('act')).toEqual(new Set(['apostille', 'notarization', 'vaccination', 'test']))
    expect(missing).toEqual([])
  })

  it('says in one line what every transaction type does, in Korean and English, with names when it has them', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...types].sort())
    for (const r of REGISTRIES) {
      for (const [type, def] of Object.entries(r.txTypes)) {
        expect(def.schema.safeParse(SAMPLES[type]).success, type).toBe(true)
        for (const l of LOCALES) {
          const line = words.describe(type, SAMPLES[type], l)
          expect(isSentence(line, l), `${type} (${l}): ${line}`).toBe(true)
          expect(line).not.toContain(type)
          expect(line).not.toMatch(/\[[가-힣]\/[가-힣]\]/)
        }
        // a payload of another shape is not described (the screen shows the fields), and never throws
        for (const junk of [null, 'x', [], {}, { number: 5 }]) for (const l of LOCALES) expect(words.describe(type, junk, l)).toBeNull()
      }
    }
    const names = { agency: (id: string) => (id === 'seoul' ? '서울특별시' : undefined), role: () => '공증인' }
    expect(words.describe('identity.role.grant', SAMPLES['identity.role.grant'], 'ko', names)).toBe('서울특별시의 키 abababab…에 「공증인」 역할 발급, 2027-01-31까지')
    expect(words.describe('identity.role.grant', SAMPLES['identity.role.grant'], 'en')).toBe('Role “notary” granted to key abababab… of seoul, until 2027-01-31')
    // a proposal's approval says what it changes when the caller knows the proposal, its id only when not
    const approve = SAMPLES['governance.proposal.approve']
    const proposal = (id: string) => (id === KEY ? '서울특별시 탈퇴' : undefined)
    expect(words.describe('governance.proposal.approve', approve, 'ko', { proposal })).toBe('제안 승인: 서울특별시 탈퇴')
    expect(words.describe('governance.proposal.withdraw', approve, 'en', { proposal: () => 'remove the agency Seoul' })).toBe(
      'Withdrawal of the proposal: remove the agency Seoul',
    )
    expect(words.describe('governance.proposal.approve', approve, 'en')).toBe('Approval of proposal abababab…')
    // an admitted agency is said by the name in the payload, without its id
    const admit = { change: { kind: 'agency.admit', agency: { id: 'busan', name: '부산광역시', admins: [KEY] } }, effectiveHeight: 9 }
    expect(words.describe('governance.proposal.submit', admit, 'ko')).toBe('기관 부산광역시 가입 제안, 블록 높이 9부터')
    expect(words.describe('notary.status', SAMPLES['notary.status'], 'en')).toBe('Suspension of KR-SEOUL-2026-000001 (reason: under review)')
    expect(words.describe('nobody.will.take-this', {}, 'en')).toBeNull()
  })
})

describe('proof checks in words', () => {
  it('has a Korean and an English sentence for every finding of the proof verifier, and a real proof reports them', () => {
    for (const f of PROOF_FINDINGS) {
      expect(isSentence(explorer.ko.proof.findings[f], 'ko'), f).toBe(true)
      expect(isSentence(explorer.en.proof.findings[f], 'en'), f).toBe(true)
    }
    const v = verifyProof(proofFromJson(proofJson), trustFromJson(trustJson))
    expect(v.checks.map((c) => c.finding)).toEqual(['tx-ok', 'included', 'chain-ok', 'set-ok', 'signed'])
  })
})

/** Every message of every catalogue (frame, features, standalone page), found by file so a new one is included. */
const CATALOGUES = import.meta.glob<{ default: unknown }>(
  ['../../src/renderer/**/messages.ts', '../../src/renderer/**/*-messages.ts', '../../src/renderer/i18n/messages/*.ts'],
  { eager: true },
)

function strings(tree: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof tree === 'string') out.push([path, tree])
  else if (typeof tree === 'object' && tree !== null) for (const [k, v] of Object.entries(tree)) strings(v, `${path}.${k}`, out)
  return out
}

describe('Korean particles in the catalogues', () => {
  const all = Object.entries(CATALOGUES).flatMap(([file, m]) => strings(m.default, file.replace(/^.*src\/renderer\//, ''), []))

  it('reads every catalogue', () => {
    expect(Object.keys(CATALOGUES).length).toBeGreaterThan(10)
    expect(all.length).toBeGreaterThan(500)
  })

  it('prints no particle as an alternative ("을(를)", "(으)로", "이(가)", "은(는)")', () => {
    const bad = all.filter(([, s]) => /[을를이가은는과와]\([을를이가은는과와]\)|\(으\)로|\([이으]\)/.test(s))
    expect(bad).toEqual([])
  })

  it('uses only particle markers the helper knows', () => {
    const pairs = Object.keys(PARTICLES)
    const bad = all.filter(([, s]) => [...s.matchAll(/\[([가-힣]+\/[가-힣]+)\]/g)].some((m) => !pairs.includes(m[1]!)))
    expect(bad).toEqual([])
  })
})

describe('Korean particles after the glossary’s words', () => {
  // the Korean words of docs/glossary.md ("검증자", "블록 높이" …): a particle written right after one must be the
  // one its last syllable takes ("검증자가", never "검증자이", a leftover of replacing 검증인)
  const glossary = readFileSync(join(__dirname, '..', '..', 'docs', 'glossary.md'), 'utf8')
  const terms = [...glossary.matchAll(/^\| [^|]+ \| ([^|]+) \|/gm)]
    .flatMap((m) => m[1]!.split('/'))
    .map((w) => w.trim())
    .filter((w) => HANGUL.test(w))
  // the third column, "Not": the words replaced by the glossary's
  const avoided = [...glossary.matchAll(/^\| [^|]+ \| [^|]+ \| ([^|]+) \|/gm)].flatMap((m) => m[1]!.split('/')).map((w) => w.trim()).filter((w) => HANGUL.test(w))
  const pairs = Object.keys(PARTICLES) as ParticlePair[]
  const korean = [
    ...Object.entries(CATALOGUES).flatMap(([file, m]) => strings(m.default, file, [])).filter(([p]) => !/\.en\b|\/en\.ts/.test(p)),
    ...Object.entries(ERROR_TEXT).map(([code, s]) => [code, s.ko] as [string, string]),
  ].filter(([, s]) => HANGUL.test(s))

  it('reads the glossary', () => {
    expect(terms).toContain('검증자')
    expect(avoided).toContain('검증인')
  })

  it('never uses a word the glossary rules out ("검증인" for validator, "역할 취소" for a role revocation)', () => {
    const bad = avoided.flatMap((w) => korean.filter(([, s]) => s.includes(w)).map(([path]) => `${path}: ${w}`))
    expect(bad).toEqual([])
  })

  it('does not name the way out of a confirmation with the word of the act it confirms (취소 is revoking)', () => {
    const out = ko.irreversible.cancel
    expect(Object.values(notaryPortable.words.values!['action']!).some((w) => out.includes(w.ko))).toBe(false)
  })

  it('writes each with the particle its last syllable takes', () => {
    const bad: string[] = []
    for (const term of terms) {
      for (const pair of pairs) {
        const [consonant, vowel] = PARTICLES[pair]
        const right = particle(term, pair)
        const wrong = right === consonant ? vowel : consonant
        // the wrong form right after the word, then the end of the word (a space, punctuation, the end)
        const re = new RegExp(`${term}${wrong}(?=[\\s.,:;)」』]|$)`, 'g')
        for (const [path, s] of korean) if (re.test(s)) bad.push(`${path}: …${term}${wrong}… (${term}${right})`)
      }
    }
    expect(bad).toEqual([])
  })
})
