/**
 * Transactions in words, assembled from the registries the app's features declare (features/registry.ts → each
 * feature's `registry`, the registry's portable barrel). A type, field or value is looked up in the registry that owns
 * the type first (a field key may mean different things in two registries), then in every registry. Nothing here
 * lists a registry: a new one brings its words with its feature. Pure; the screens reach it through useWords().
 */
import type { InjectionKey } from 'vue'
import type { Locale, NameResolver, RegistryPortable, Words } from '../../ledger/registries/portable-types'
import { resolveParticles } from '../../shared/particles'

/** What the catalogue needs of a registry: its name (the prefix of its types) and its words. */
export type RegistryWordsSource = Pick<RegistryPortable, 'name' | 'words'>

export interface WordsCatalogue {
  /** a transaction type in words; a type no registry here knows (a newer node's) is "another kind", never raw */
  txType(type: string, locale: Locale): string
  /** a payload field's label; `type` (the transaction's) picks the owning registry's word first */
  field(key: string, locale: Locale, type?: string): string
  /** an enumerated value in words; a free value (a name, a number) is returned as it is */
  value(key: string, value: string, locale: Locale, type?: string): string
  hasValues(key: string, type?: string): boolean
  /** the one line that says what the transaction does, or null (unknown type, payload of another shape) */
  describe(type: string, payload: unknown, locale: Locale, names?: NameResolver): string | null
  /** every transaction type with words, for the checks that walk them */
  readonly types: readonly string[]
}

const OTHER_TYPE: Words = { ko: '다른 종류의 거래', en: 'Transaction of another kind' }
const OTHER_FIELD: Words = { ko: '기타 항목', en: 'Other field' }

const own = <T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  table && Object.hasOwn(table, key) ? table[key] : undefined

/** Throws when two registries share a name or a transaction type: one would silently shadow the other. */
export function wordsCatalogue(registries: readonly RegistryWordsSource[]): WordsCatalogue {
  const byName = new Map<string, RegistryWordsSource>()
  const byType = new Map<string, RegistryWordsSource>()
  for (const r of registries) {
    if (byName.has(r.name)) throw new Error(`Two registries are named "${r.name}"`)
    byName.set(r.name, r)
    for (const type of Object.keys(r.words.txTypes)) {
      if (byType.has(type)) throw new Error(`Two registries declare the transaction type "${type}"`)
      byType.set(type, r)
    }
  }
  /** the registry of a type, then the others in order */
  const order = (type?: string): RegistryWordsSource[] => {
    const first = type === undefined ? undefined : byType.get(type)
    return first ? [first, ...registries.filter((r) => r !== first)] : [...registries]
  }
  const fieldOf = (key: string, type?: string): Words | undefined => {
    for (const r of order(type)) {
      const w = own(r.words.fields, key)
      if (w) return w
    }
    return undefined
  }
  const valuesOf = (key: string, type?: string): Readonly<Record<string, Words>> | undefined => {
    for (const r of order(type)) {
      const w = own(r.words.values, key)
      if (w) return w
    }
    return undefined
  }
  return {
    types: [...byType.keys()],
    txType: (type, locale) => (own(byType.get(type)?.words.txTypes, type) ?? OTHER_TYPE)[locale],
    field: (key, locale, type) => (fieldOf(key, type) ?? OTHER_FIELD)[locale],
    value: (key, value, locale, type) => own(valuesOf(key, type), value)?.[locale] ?? value,
    hasValues: (key, type) => valuesOf(key, type) !== undefined,
    describe(type, payload, locale, names) {
      const r = byType.get(type)
      if (!r?.words.describe) return null
      try {
        const line = r.words.describe(type, payload, locale, names)
        return line === null ? null : resolveParticles(line)
      } catch {
        // a describer that trips over a payload it did not expect must not take the screen down
        return null
      }
    },
  }
}

/** The words of the app's registries, provided by the app frame (App.vue, from the feature list). */
export const REGISTRY_WORDS: InjectionKey<WordsCatalogue> = Symbol('registry-words')
