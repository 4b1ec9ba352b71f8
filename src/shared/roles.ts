/** Roles an agency administrator can issue to a staff key, per registry. Shared by the node, CLI and UI. */
export const ROLES = [
  'registrar', // land registry clerk
  'bank-officer', // records mortgages
  'notary', // notarizes / apostilles documents
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
  'auditor',
  'workstation', // a node key of an agency's workstation: may join the network to sync and submit (never votes)
] as const

export type Role = (typeof ROLES)[number]

/** the roles of people (every role but the workstation node's) */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'workstation')

export function isRole(s: string): s is Role {
  return (ROLES as readonly string[]).includes(s)
}
