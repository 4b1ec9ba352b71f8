/**
 * The livestock register's rules (docs/adr/0041, "Who reports what"), as one table of the events one reporter sends
 * alone — the ones a batch may carry (c-bulk's `livestock.batch`): each with its payload schema, the roles that may
 * report it, the rule, and the state keys it reads. Every rule checks everything before its first write, so a batch
 * runs them one after another on one overlay and a refused event leaves nothing behind.
 *
 *   const def = LIVESTOCK_EVENT_RULES[type]
 *   const payload = parseEvent(type, raw)                        // LIVESTOCK_BAD_NUMBER or BAD_PAYLOAD
 *   if (!(await hasLivestockRole(state, signer, def.roles, time))) → LIVESTOCK_BATCH_ROLE
 *   await def.apply({ payload, signer, hash, height, time, state }) // a DaejangError with the event's code
 */
import type { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import { BUNDLE_SHAPE } from './portable/identifiers'
import { animalKey, bundleKey, dnaSampleKey, heldKey, siteKey, siteStandstillKey } from './portable/keys'
import { FARMER_ROLE, GRADER_ROLE, LAB_ROLE, MARKET_ROLE, PACKER_ROLE, SHOP_ROLE, SLAUGHTERHOUSE_ROLE, TAGGER_ROLE, VET_ROLE } from './portable/roles'
import {
  BATCH_TYPES,
  BirthSchema,
  DeathSchema,
  DnaSchema,
  GradeSchema,
  PackSchema,
  SaleSchema,
  SlaughterSchema,
  TagSchema,
  VetSchema,
} from './portable/schema'
import { applyDna, applyGrade, applyPack, applySale, applySlaughter } from './rules-carcass'
import { type LivestockEventContext, lvErr } from './rules-common'
import { applyBirth, applyDeath, applyTag, applyVet } from './rules-life'

export { hasLivestockRole, type LivestockEventContext } from './rules-common'

export type BatchType = (typeof BATCH_TYPES)[number]

export interface LivestockEventRule<P = never> {
  schema: z.ZodType<P>
  /** who may report it: the signer holds one of these roles (the rule may check more: a keeper of the site) */
  roles: readonly string[]
  apply(ctx: LivestockEventContext<P>): Promise<void>
  /** the state keys the rule reads, known from the payload (prefetched before a block executes) */
  keys(payload: P): string[]
}

const rule = <P>(r: LivestockEventRule<P>): LivestockEventRule<never> => r as unknown as LivestockEventRule<never>

export const LIVESTOCK_EVENT_RULES: Readonly<Record<BatchType, LivestockEventRule<never>>> = {
  'livestock.birth': rule({ schema: BirthSchema, roles: [FARMER_ROLE, TAGGER_ROLE], apply: applyBirth, keys: (p) => [animalKey(p.animal), siteKey(p.farm), ...(p.mother !== undefined ? [animalKey(p.mother)] : [])] }),
  'livestock.tag': rule({ schema: TagSchema, roles: [TAGGER_ROLE], apply: applyTag, keys: (p) => [animalKey(p.animal)] }),
  'livestock.vet': rule({ schema: VetSchema, roles: [VET_ROLE], apply: applyVet, keys: (p) => p.animals.map(animalKey) }),
  'livestock.death': rule({ schema: DeathSchema, roles: [FARMER_ROLE, MARKET_ROLE, VET_ROLE], apply: applyDeath, keys: (p) => [animalKey(p.animal)] }),
  'livestock.slaughter': rule({
    schema: SlaughterSchema,
    roles: [SLAUGHTERHOUSE_ROLE],
    apply: applySlaughter,
    keys: (p) => [animalKey(p.animal), siteKey(p.slaughterhouse), siteStandstillKey(p.slaughterhouse)],
  }),
  'livestock.grade': rule({ schema: GradeSchema, roles: [GRADER_ROLE], apply: applyGrade, keys: (p) => [animalKey(p.animal)] }),
  'livestock.pack': rule({
    schema: PackSchema,
    roles: [PACKER_ROLE],
    apply: applyPack,
    keys: (p) => [siteKey(p.packer), ...(p.shop !== undefined ? [siteKey(p.shop)] : []), ...(p.bundle !== undefined ? [bundleKey(p.bundle)] : []), ...p.animals.map(animalKey)],
  }),
  'livestock.sale': rule({
    schema: SaleSchema,
    roles: [SHOP_ROLE],
    apply: applySale,
    keys: (p) => [siteKey(p.shop), BUNDLE_SHAPE.test(p.number) ? bundleKey(p.number) : animalKey(p.number), heldKey(p.shop, p.number)],
  }),
  'livestock.dna': rule({ schema: DnaSchema, roles: [LAB_ROLE], apply: applyDna, keys: (p) => [animalKey(p.animal), siteKey(p.shop), dnaSampleKey(p.sample), heldKey(p.shop, p.animal)] }),
}

const NUMBER_MESSAGES = ['an animal number is 12 digits', "the animal number's check digit"]

/**
 * An event's payload parsed by its type's schema: a wrong animal number (its shape or its check digit) is
 * LIVESTOCK_BAD_NUMBER, anything else BAD_PAYLOAD naming the field.
 */
export function parseEvent(type: BatchType, payload: unknown): unknown {
  const def = LIVESTOCK_EVENT_RULES[type] as unknown as LivestockEventRule<unknown> | undefined
  if (def === undefined) throw new DaejangError('BAD_PAYLOAD', 'not an event a batch may carry')
  const r = def.schema.safeParse(payload)
  if (r.success) return r.data
  const number = r.error.issues.find((i) => NUMBER_MESSAGES.some((m) => i.message.startsWith(m)))
  if (number !== undefined) throw lvErr('LIVESTOCK_BAD_NUMBER', `${number.path.join('.')}: ${number.message}`)
  const i = r.error.issues[0]
  throw new DaejangError('BAD_PAYLOAD', `${type} payload ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
}
