/**
 * Transactions in words, assembled from the registries the app's features declare (features/registry.ts → each
 * feature's `registry`, the registry's portable barrel). A type, field or value is looked up in the registry that owns
 * the type first (a field key may mean different things in two registries), then in every registry. Nothing here
 * lists a registry: a new one brings its words with its feature. Pure; the screens reach it through useWords().
 */
import type { InjectionKey } from 'vue'
import { makeCatalogue } from '../../ledger/registries/catalogue'
import type { Locale, NameResolver, RegistryPortable, RoleDef } from '../../ledger/registries/portable-types'
import { resolveParticles } from '../../shared/particles'

/** What the catalogue needs of a registry: its name (the prefix of its types) and its words. */
export type RegistryWordsSource = RegistryPortable

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
  /** the sentence for an error code, the core's or a registry's; an unknown code gets a generic sentence */
  error(code: string, locale: Locale): string
  /** every transaction type with words, for the checks that walk them */
  readonly types: readonly string[]
  /** the roles an administrator may issue (every registry's, then the core's): the grant form's options */
  readonly roles: readonly RoleDef[]
  /** a role in words; a role no registry here declares (a newer node's) is said as its id */
  role(id: string, locale: Locale): string
}

/**
 * The catalogue of the features' registries (registries/catalogue.ts, the one the node and the CLI use too), with the
 * renderer's two differences: no description is null (the screen then shows the fields), and Korean particle markers
 * are resolved. Throws when two registries share a name, a type, an error code or a role.
 */
export function wordsCatalogue(registries: readonly RegistryPortable[]): WordsCatalogue {
  const c = makeCatalogue(registries)
  const types: string[] = []
  for (const r of registries) {
    for (const type of Object.keys(r.words.txTypes)) {
      if (types.includes(type)) throw new Error(`Two registries declare the transaction type "${type}"`)
      types.push(type)
    }
  }
  const valuesOf = (key: string, type?: string): boolean =>
    [c.registryOf(type ?? ''), ...registries].some((r) => r?.words.values !== undefined && Object.hasOwn(r.words.values, key))
  return {
    types,
    roles: c.roles(),
    role: c.roleWords,
    txType: c.txTypeWords,
    field: c.fieldWords,
    value: c.valueWords,
    hasValues: valuesOf,
    describe(type, payload, locale, names) {
      const r = c.registryOf(type)
      if (!r?.words.describe) return null
      try {
        const line = r.words.describe(type, payload, locale, names)
        return line === null ? null : resolveParticles(line)
      } catch {
        // a describer that trips over a payload it did not expect must not take the screen down
        return null
      }
    },
    error: c.errorSentence,
  }
}

/** The words of the app's registries, provided by the app frame (App.vue, from the feature list). */
export const REGISTRY_WORDS: InjectionKey<WordsCatalogue> = Symbol('registry-words')
