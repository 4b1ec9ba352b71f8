/**
 * The portable face of a registry: what the renderer, the standalone verifier page, the CLI's output and the node's
 * error catalogue read about a domain, with no Node dependency. Each registry exports one `RegistryPortable` from its
 * barrel `registries/<domain>/portable/index.ts` (the only registry module the renderer may import). The node-side
 * `Registry` (types.ts) extends it with transaction rules, routes and CLI commands.
 */
import type { AnyVerifier } from '../verify/framework'

export type Locale = 'ko' | 'en'

/** A phrase in both languages. Korean sentences may use particle markers (shared/particles.ts). */
export type Words = Readonly<Record<Locale, string>>

/** How a registry's transactions read in words (explorer, outbox, notifications, CLI, activity log). */
export interface RegistryWords {
  /** every transaction type of the registry, by its full name ("notary.register") */
  txTypes: Readonly<Record<string, Words>>
  /** labels of payload fields (and of the fields of objects inside them), by key */
  fields?: Readonly<Record<string, Words>>
  /** words for enumerated payload values, by field key then value */
  values?: Readonly<Record<string, Readonly<Record<string, Words>>>>
  /**
   * One line that says what a transaction does, in words ("Registers apostille KR-MOFA-2026-000001 for Kim Minji"),
   * or null when the payload does not have the expected shape. Pure: no agency names (ids are given as they are; the
   * caller may pass a resolver), no dates formatted by locale other than ISO days.
   */
  describe?(type: string, payload: unknown, locale: Locale, names?: NameResolver): string | null
}

/** Names the describer may use instead of ids (an agency's name in the UI language). */
export interface NameResolver {
  agency?(id: string): string | undefined
  role?(id: string): string | undefined
  /** what a proposal (by its id) changes, in words in the describer's locale, when the caller knows the proposal */
  proposal?(id: string): string | undefined
}

/** An error code a registry adds to the catalogue. Codes are stable and unique across registries. */
export interface RegistryErrorDef {
  /** the technical English message (the DaejangError default message) */
  message: string
  /** what it means to the person reading the screen */
  text: Words
  /** HTTP status when a request fails with it (a rule refusal: 409 conflict or 422 unprocessable) */
  status: 400 | 403 | 404 | 409 | 422
}

/** A role a registry's transactions require; an agency administrator issues it to a staff key. */
export interface RoleDef {
  id: string
  words: Words
  /** what the holder may do, one sentence */
  description?: Words
}

export interface RegistryPortable {
  /** also the prefix of its transaction types ("notary" → "notary.register") */
  name: string
  /** the registry's name in words ("공증·아포스티유 등록부" / "Notary and apostille register") */
  title: Words
  words: RegistryWords
  errors: Readonly<Record<string, RegistryErrorDef>>
  roles: readonly RoleDef[]
  /**
   * How the verifier reads and checks this registry's certified records (ledger/verify/framework.ts), for a registry
   * that certifies records. `daejang verify`, the Verify screen and the standalone page take the verifiers of the
   * build's registries (`verifiersOf`), so a record of a registry without one is refused as unknown.
   */
  verifier?: AnyVerifier
}
