/**
 * Roles an agency administrator can issue to a staff key (docs/adr/0022). A role is a string: the core's roles
 * (CORE_ROLES, not tied to one registry) and each registry's, declared in its `portable/roles.ts`. The catalogue
 * (src/ledger/registries/catalogue.ts) assembles them, refuses one declared twice, and is the only list: the identity
 * registry checks grants against it, the renderer offers and names roles from it, and checkFeatures refuses a
 * feature that requires a role no registry declares.
 */
export type Role = string

/** the workstation node's role: may join the network to sync and submit (never votes); held by no person */
export const WORKSTATION_ROLE = 'workstation'

export const CORE_ROLES = ['auditor', WORKSTATION_ROLE] as const

/** a role held by people (every role but the workstation node's) */
export function isStaffRole(role: string): boolean {
  return role !== WORKSTATION_ROLE
}
