/** Who may use a screen: pure checks over the session's identity (see nav.ts, NavItem.requires). */
import type { Role } from '../../shared/roles'

/** Any of these roles, or 'admin' (an agency administrator key); undefined: everyone. */
export type Requirement = readonly Role[] | 'admin' | undefined

export interface Identity {
  roles: ReadonlySet<string>
  isAdmin: boolean
}

export function meetsRequirement(requires: Requirement, identity: Identity): boolean {
  if (requires === undefined) return true
  if (requires === 'admin') return identity.isAdmin
  if (requires.length === 0) return true
  return requires.some((role) => identity.roles.has(role))
}

/** A requirement read from untrusted route meta: a role list or 'admin', else undefined. */
export function asRequirement(value: unknown): Requirement {
  if (value === 'admin') return 'admin'
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as readonly Role[]
  return undefined
}
