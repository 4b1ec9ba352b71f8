/**
 * The registries this build knows: the one list the node's transaction table, the API's route table and OpenAPI
 * document, the CLI's command tree and the error and role catalogue are assembled from (docs/adding-a-registry.md).
 * Order does not matter; names, type names, routes, error codes and roles are unique.
 */
import { makeCatalogue } from './catalogue'
import { consensusRegistry } from './consensus'
import { governanceRegistry } from './governance'
import { makeIdentityRegistry } from './identity'
import { landRegistry } from './land'
import { livestockRegistry } from './livestock'
import { notaryRegistry } from './notary'
import type { CosignRule, Registry, TxTypeDef } from './types'
import { votingRegistry } from './voting'
import { isStaffRole } from '../../shared/roles'
import { MAX_COSIGNERS } from '../types/tx'

/**
 * The identity registry and `others`, with identity checking role grants against the roles all of them declare
 * (plus the core's): so a registry's roles are grantable as soon as it is listed.
 */
export function withIdentity(others: readonly Registry[]): readonly Registry[] {
  let roles: readonly string[] = []
  const all: Registry[] = [makeIdentityRegistry(() => roles), ...others]
  // built now, with the list: a clash between registries fails at start, not while a block is being validated
  roles = makeCatalogue(all).roleIds()
  return all
}

/** A type's co-sign rule must be one that can be met and means something (docs/adr/0020): checked when the table is built. */
function checkCosignRule(name: string, rule: CosignRule): void {
  const { min, max, permission } = rule
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < 1 || min > max || max > MAX_COSIGNERS) {
    throw new Error(`type ${name}: its co-sign rule needs whole numbers 0 ≤ min ≤ max, 1 ≤ max ≤ ${MAX_COSIGNERS} (has min ${min}, max ${max})`)
  }
  if (permission === 'anyone' && min >= 1) throw new Error(`type ${name}: requiring co-signatures of "anyone" means nothing: name who co-signs`)
}

export const REGISTRIES: readonly Registry[] = withIdentity([
  consensusRegistry,
  governanceRegistry,
  landRegistry,
  livestockRegistry,
  notaryRegistry,
  votingRegistry,
])

/** the roles of people this build knows (every role but the workstation node's), in catalogue order */
export const STAFF_ROLES: readonly string[] = makeCatalogue(REGISTRIES).roleIds().filter(isStaffRole)

export function txTypeTable(registries: readonly Registry[] = REGISTRIES): Map<string, TxTypeDef<never>> {
  const m = new Map<string, TxTypeDef<never>>()
  for (const r of registries) {
    for (const [name, def] of Object.entries(r.txTypes)) {
      if (!name.startsWith(r.name + '.')) throw new Error(`type ${name} must start with "${r.name}."`)
      if (m.has(name)) throw new Error(`duplicate transaction type ${name}`)
      if (def.cosigners) checkCosignRule(name, def.cosigners)
      m.set(name, def)
    }
  }
  return m
}
