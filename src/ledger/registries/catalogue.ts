/**
 * The catalogue: what a list of registries says about itself, assembled — transaction types, fields and values in
 * words, a transaction described in one line, error codes (the core's and every registry's) with their sentences and
 * HTTP status, and the roles an agency administrator may issue. Portable (no Node dependency): the node, the CLI, the
 * renderer and the verifier page each build one from the registries they know (`REGISTRIES` on the node side, the
 * renderer's features on the other).
 */
import { ERROR_TEXT, UNKNOWN_ERROR_TEXT } from '../../shared/error-text'
import { ERROR_CODE_PATTERN, ErrorCodes, isCoreErrorCode } from '../../shared/errors'
import { CORE_ROLES } from '../../shared/roles'
import type { Locale, NameResolver, RegistryErrorDef, RegistryPortable, RoleDef, Words } from './portable-types'

const OTHER_TYPE: Words = { ko: '다른 종류의 거래', en: 'Transaction of another kind' }
const OTHER_FIELD: Words = { ko: '기타 항목', en: 'Other field' }

export interface Catalogue {
  readonly registries: readonly RegistryPortable[]
  /** the registry a transaction type belongs to (by its prefix), if known */
  registryOf(type: string): RegistryPortable | undefined
  /** a transaction type in words; a type no registry here declares is "another kind", never the raw name */
  txTypeWords(type: string, locale: Locale): string
  /** a payload field's label; a field nobody labels is "other field" */
  fieldWords(key: string, locale: Locale, type?: string): string
  /** an enumerated value in words; a free value (a name, a number) is returned as it is */
  valueWords(key: string, value: string, locale: Locale, type?: string): string
  /** one line saying what a transaction does (the registry's describe), or its type in words when there is none */
  describeTx(type: string, payload: unknown, locale: Locale, names?: NameResolver): string
  /** every error code: the core's and the registries' */
  errorCodes(): string[]
  /** the definition of a registry's code (undefined for a core code or an unknown one) */
  registryError(code: string): (RegistryErrorDef & { registry: string }) | undefined
  /** the sentence for a code in the reader's language; an unknown code gets a generic sentence, never the code */
  errorSentence(code: string, locale: Locale): string
  /** the technical English message of a code (DaejangError's default) */
  errorMessage(code: string): string | undefined
  /** the HTTP status of a registry's code (core codes: server/http-util.ts), undefined when unknown */
  errorStatus(code: string): number | undefined
  /** the roles an administrator may issue: every registry's, then the core's */
  roles(): RoleDef[]
  roleIds(): string[]
  /** a role in words; a role nobody here declares (a newer node's) is returned as it is */
  roleWords(id: string, locale: Locale): string
}

/** The core's roles in words (registries declare theirs with their words). */
const CORE_ROLE_WORDS: Readonly<Record<(typeof CORE_ROLES)[number], Words>> = {
  auditor: { ko: '감사인', en: 'Auditor' },
  workstation: { ko: '업무용 단말 노드', en: 'Workstation node' },
}

/**
 * Assemble a catalogue. Throws when two registries share a name, a registry's type does not start with its name, or
 * an error code or role is declared twice (core and registries alike): codes and roles are unique across the build.
 */
export function makeCatalogue(registries: readonly RegistryPortable[]): Catalogue {
  const byName = new Map<string, RegistryPortable>()
  const errors = new Map<string, RegistryErrorDef & { registry: string }>()
  const roles = new Map<string, RoleDef>()
  for (const r of registries) {
    if (byName.has(r.name)) throw new Error(`two registries are named "${r.name}"`)
    byName.set(r.name, r)
    for (const type of Object.keys(r.words.txTypes)) {
      if (!type.startsWith(r.name + '.')) throw new Error(`the words of ${r.name} name a type of another registry: ${type}`)
    }
    for (const [code, def] of Object.entries(r.errors)) {
      if (!ERROR_CODE_PATTERN.test(code)) throw new Error(`error code ${code} of ${r.name} is not UPPER_SNAKE_CASE`)
      if (isCoreErrorCode(code) || errors.has(code)) throw new Error(`error code ${code} of ${r.name} is declared twice`)
      errors.set(code, { ...def, registry: r.name })
    }
    for (const role of r.roles) {
      if (roles.has(role.id) || (CORE_ROLES as readonly string[]).includes(role.id)) throw new Error(`role ${role.id} of ${r.name} is declared twice`)
      roles.set(role.id, role)
    }
  }
  for (const id of CORE_ROLES) roles.set(id, { id, words: CORE_ROLE_WORDS[id] })
  const registryOf = (type: string): RegistryPortable | undefined => {
    const dot = type.indexOf('.')
    return dot > 0 ? byName.get(type.slice(0, dot)) : undefined
  }
  const own = <T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
    table && Object.hasOwn(table, key) ? table[key] : undefined
  /** the registry's own table first (by the type), then every registry's */
  const lookup = <T>(pick: (r: RegistryPortable) => T | undefined, type?: string): T | undefined => {
    const first = type ? registryOf(type) : undefined
    const hit = first ? pick(first) : undefined
    if (hit !== undefined) return hit
    for (const r of registries) {
      const v = pick(r)
      if (v !== undefined) return v
    }
    return undefined
  }
  const txTypeWords = (type: string, locale: Locale): string => (own(registryOf(type)?.words.txTypes, type) ?? OTHER_TYPE)[locale]
  return {
    registries,
    registryOf,
    txTypeWords,
    fieldWords: (key, locale, type) => (lookup((r) => own(r.words.fields, key), type) ?? OTHER_FIELD)[locale],
    valueWords: (key, value, locale, type) => lookup((r) => own(own(r.words.values, key), value), type)?.[locale] ?? value,
    describeTx: (type, payload, locale, names) => {
      let line: string | null = null
      try {
        line = registryOf(type)?.words.describe?.(type, payload, locale, names) ?? null
      } catch {
        line = null // a describer must not break the page or the log; the type's name is said instead
      }
      return line ?? txTypeWords(type, locale)
    },
    errorCodes: () => [...Object.keys(ErrorCodes), ...errors.keys()],
    registryError: (code) => errors.get(code),
    errorSentence: (code, locale) => (isCoreErrorCode(code) ? ERROR_TEXT[code] : (errors.get(code)?.text ?? UNKNOWN_ERROR_TEXT))[locale],
    errorMessage: (code) => (isCoreErrorCode(code) ? ErrorCodes[code] : errors.get(code)?.message),
    errorStatus: (code) => errors.get(code)?.status,
    roles: () => [...roles.values()],
    roleWords: (id, locale) => roles.get(id)?.words[locale] ?? id,
    roleIds: () => [...roles.keys()],
  }
}
