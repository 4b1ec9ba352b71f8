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
import type { Registry, TxTypeDef } from './types'
import { votingRegistry } from './voting'
import { isStaffRole } from '../../shared/roles'

/**
 * The identity registry and `others`, with identity checking role grants against the roles all of them declare
 * (plus the core's): so a registry's roles are grantable as soon as it is listed.
 */
export function withIdentity(others: readonly Registry[]): readonly Registry[] {
  const all: Registry[] = []
  let roles: readonly string[] | null = null
  all.push(makeIdentityRegistry(() => (roles ??= makeCatalogue(all).roleIds())), ...others)
  return all
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
      m.set(name, def)
    }
  }
  return m
}
