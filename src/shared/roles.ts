/**
 * Roles an agency administrator can issue to a staff key (docs/adr/0022). Three sources, assembled by the catalogue
 * (src/ledger/registries/catalogue.ts) and checked by the identity registry when a role is granted:
 * - the core's roles (CORE_ROLES): not tied to one registry;
 * - each built registry's roles, declared in its `portable/roles.ts` (the notary registry: `notary`);
 * - PLANNED_ROLES: roles of registries announced in the app (land, livestock, voting) but not built yet. Each moves
 *   into its registry's portable/roles.ts when that registry is built.
 * `ROLES` is the full list as the app offers it today, kept here for the renderer until it reads the catalogue; a test
 * (test/ledger/catalogue.test.ts) fails when it and the assembled list drift apart.
 */
export const CORE_ROLES = [
  'auditor',
  'workstation', // a node key of an agency's workstation: may join the network to sync and submit (never votes)
] as const

export const PLANNED_ROLES = [
  'registrar', // land registry clerk
  'bank-officer', // records mortgages
  'livestock-officer',
  'farmer',
  'vet',
  'tagger',
  'slaughterhouse',
  'grader',
  'packer',
  'shop',
  'election-official',
  'trustee',
] as const

/** in the order the app lists them: land, notary, livestock, voting, then the core's */
export const ROLES = [
  ...PLANNED_ROLES.slice(0, 2),
  'notary', // notarizes / apostilles documents (registries/notary/portable/roles.ts)
  ...PLANNED_ROLES.slice(2),
  ...CORE_ROLES,
] as const

export type Role = (typeof ROLES)[number]

/** the roles of people (every role but the workstation node's) */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'workstation')

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s)
}
