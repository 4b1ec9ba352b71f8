/**
 * The identity registry: agencies, their administrators, and role credentials issued to staff keys (docs/adr/0006).
 * Which roles exist is the build's assembled list (docs/adr/0022), given when the registry list is made
 * (registries/index.ts), so that a new registry's roles are grantable without editing this one.
 */
import { type Registry, txType } from '../types'
import { identityPortable } from './portable'
import { agencyKey, credentialsKey } from './state-keys'
import { applyGrant, applyRevoke } from './rules'
import { RoleGrantSchema, RoleRevokeSchema } from './portable/schema'
import { IDENTITY_ROUTES } from './routes'
import { identityCli } from './cli'

/** The identity registry, checking roles against `roles()` (the ids the build knows, read when a payload is parsed). */
export function makeIdentityRegistry(roles: () => readonly string[]): Registry {
  const known = { message: 'not a role of this consortium', path: ['role'] }
  const isKnown = (p: { role: string }): boolean => roles().includes(p.role)
  return {
    ...identityPortable,
    routes: IDENTITY_ROUTES,
    cli: identityCli,
    txTypes: {
      'identity.role.grant': txType({
        schema: RoleGrantSchema.refine(isKnown, known),
        permission: 'admin',
        apply: applyGrant,
        keys: (p) => [agencyKey(p.agency), credentialsKey(p.subject)],
      }),
      'identity.role.revoke': txType({
        schema: RoleRevokeSchema.refine(isKnown, known),
        permission: 'admin',
        apply: applyRevoke,
        keys: (p) => [credentialsKey(p.subject)],
      }),
    },
  }
}

export * from './authz'
export * from './state-keys'
export type { Credential, AgencyRecord, SubjectCredentials } from './portable/schema'
