import { type Registry, txType } from '../types'
import { agencyKey, credentialsKey } from './keys'
import { applyGrant, applyRevoke } from './rules'
import { RoleGrantSchema, RoleRevokeSchema } from './schema'

export const identityRegistry: Registry = {
  name: 'identity',
  txTypes: {
    'identity.role.grant': txType({
      schema: RoleGrantSchema,
      permission: 'admin',
      apply: applyGrant,
      keys: (p) => [agencyKey(p.agency), credentialsKey(p.subject)],
      describe: (p) => `grant ${p.role} (${p.agency}) to ${p.subject.slice(0, 12)}…`,
    }),
    'identity.role.revoke': txType({
      schema: RoleRevokeSchema,
      permission: 'admin',
      apply: applyRevoke,
      keys: (p) => [credentialsKey(p.subject)],
      describe: (p) => `revoke ${p.role} (${p.agency}) from ${p.subject.slice(0, 12)}…: ${p.reason}`,
    }),
  },
}

export * from './authz'
export * from './keys'
export type { Credential, AgencyRecord, SubjectCredentials } from './schema'
