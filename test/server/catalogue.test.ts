/**
 * The error and role catalogue assembled from the registries (registries/catalogue.ts): every code — the core's and
 * every registry's — has a sentence in Korean and English and an HTTP status; codes and roles are unique; every role
 * reads in words.
 */
import { describe, expect, it } from 'vitest'
import { ErrorCodes } from '../../src/shared/errors'
import { REGISTRIES } from '../../src/ledger/registries'
import { makeCatalogue } from '../../src/ledger/registries/catalogue'
import type { RegistryPortable } from '../../src/ledger/registries/portable-types'
import { httpStatus } from '../../src/server/http-util'
import { memoPortable } from '../fixtures/example-registry/portable'

const HANGUL = /[\uAC00-\uD7A3]/

describe('the error catalogue', () => {
  const catalogue = makeCatalogue(REGISTRIES)

  it('holds the core codes and every registry code, the notary codes among them', () => {
    const codes = catalogue.errorCodes()
    expect(codes).toEqual(expect.arrayContaining(Object.keys(ErrorCodes)))
    for (const r of REGISTRIES) expect(codes).toEqual(expect.arrayContaining(Object.keys(r.errors)))
    expect(codes).toEqual(expect.arrayContaining(['NUMBER_TAKEN', 'NUMBER_PREFIX', 'DUPLICATE_DOCUMENT', 'STATUS_CONFLICT']))
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('has for every code a sentence in both languages, a technical message and an HTTP status', () => {
    for (const code of catalogue.errorCodes()) {
      const ko = catalogue.errorSentence(code, 'ko')
      const en = catalogue.errorSentence(code, 'en')
      expect(HANGUL.test(ko), code).toBe(true)
      expect(en.length, code).toBeGreaterThan(10)
      expect(ko).not.toContain(code)
      expect(en).not.toContain(code)
      expect(catalogue.errorMessage(code), code).toBeTruthy()
      const status = httpStatus(code)
      expect(status, code).toBeGreaterThanOrEqual(400)
      if (code === 'INTERNAL') expect(status).toBe(500)
      else expect(status, code).not.toBe(500)
    }
    // the notary's codes keep their statuses
    expect(['NUMBER_TAKEN', 'NUMBER_PREFIX', 'DUPLICATE_DOCUMENT', 'STATUS_CONFLICT'].map((c) => httpStatus(c))).toEqual([409, 422, 409, 409])
  })

  it('says a generic sentence, never the code, for a code nobody here knows', () => {
    expect(catalogue.errorSentence('SOME_FUTURE_CODE', 'ko')).not.toContain('SOME_FUTURE_CODE')
    expect(httpStatus('SOME_FUTURE_CODE')).toBe(500)
  })

  it('refuses a code or a role declared twice, and a registry named twice', () => {
    const clash = (errors: RegistryPortable['errors'], roles: RegistryPortable['roles'] = []): RegistryPortable => ({
      ...memoPortable,
      name: 'clash',
      words: { txTypes: {} },
      errors,
      roles,
    })
    const def = { message: 'm', text: { ko: '가', en: 'a' }, status: 409 } as const
    expect(() => makeCatalogue([...REGISTRIES, clash({ NOT_FOUND: def })])).toThrow(/NOT_FOUND/)
    expect(() => makeCatalogue([...REGISTRIES, clash({ NUMBER_TAKEN: def })])).toThrow(/NUMBER_TAKEN/)
    expect(() => makeCatalogue([...REGISTRIES, clash({ lower_case: def })])).toThrow(/lower_case/)
    expect(() => makeCatalogue([...REGISTRIES, clash({}, [{ id: 'notary', words: { ko: '가', en: 'a' } }])])).toThrow(/notary/)
    expect(() => makeCatalogue([...REGISTRIES, memoPortable, memoPortable])).toThrow(/memo/)
  })
})

describe('the role catalogue', () => {
  it('is every registry’s roles (built or stub) and the core’s, each in words', () => {
    const c = makeCatalogue(REGISTRIES)
    const ids = c.roleIds()
    expect(ids).toEqual(expect.arrayContaining(['auditor', 'workstation', 'notary', 'registrar', 'vet', 'trustee']))
    for (const r of REGISTRIES) for (const role of r.roles) expect(ids).toContain(role.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const r of c.roles()) {
      expect(HANGUL.test(r.words.ko), r.id).toBe(true)
      expect(r.words.en, r.id).not.toBe(r.id)
    }
    expect(c.roleWords('registrar', 'ko')).toBe('등기관')
    // a role of a newer node is said as it is, not dropped
    expect(c.roleWords('harbour-master', 'en')).toBe('harbour-master')
  })

  it('takes a new registry’s roles with it, and refuses one that takes a core role', () => {
    const harbour: RegistryPortable = {
      name: 'harbour',
      title: { ko: '항만', en: 'Harbour' },
      words: { txTypes: {} },
      errors: {},
      roles: [{ id: 'harbour-master', words: { ko: '항만장', en: 'Harbour master' } }],
    }
    expect(makeCatalogue([...REGISTRIES, harbour]).roleWords('harbour-master', 'ko')).toBe('항만장')
    expect(() => makeCatalogue([...REGISTRIES, { ...harbour, roles: [{ id: 'auditor', words: { ko: '가', en: 'a' } }] }])).toThrow(/auditor/)
  })
})
