import { z } from 'zod'
import { isHex } from '../../../codec/bytes'
import { instant } from '../../../codec/dates'

export const publicKeyHex = z
  .string()
  .refine((s) => isHex(s, 32), { message: 'must be a 32-byte Ed25519 public key in lowercase hex' })

export const agencyId = z.string().min(1).max(64)

/**
 * A role id as the payload carries it. Whether the role exists is checked by the identity registry against the
 * roles the build assembles (registries/catalogue.ts: the core's and every registry's), not by this portable schema.
 */
export const roleId = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a role id: lower-case letters, digits and hyphens')

export const RoleGrantSchema = z
  .object({
    agency: agencyId,
    subject: publicKeyHex,
    role: roleId,
    /** ms since epoch (within 1900 … 2199, codec/dates); null for a credential that does not expire */
    expiresAt: instant.nullable(),
    /** free text, e.g. the staff member's name or post; never a resident registration number */
    label: z.string().max(200).optional(),
  })
  .strict()

export type RoleGrant = z.infer<typeof RoleGrantSchema>

export const RoleRevokeSchema = z
  .object({
    agency: agencyId,
    subject: publicKeyHex,
    role: roleId,
    reason: z.string().min(1).max(500),
  })
  .strict()

export type RoleRevoke = z.infer<typeof RoleRevokeSchema>

/** A role credential as stored in state. */
export interface Credential {
  [key: string]: string | number | null | { [key: string]: string | number }
  id: string
  agency: string
  role: string
  subject: string
  label: string
  issuedBy: string
  issuedAt: number
  issuedTime: number
  expiresAt: number | null
  revoked: null | { height: number; time: number; by: string; reason: string }
}

/** State of one subject key: role → agency → credential. */
export type SubjectCredentials = Record<string, Record<string, Credential>>

export interface AgencyRecord {
  [key: string]: string | string[] | null | { [key: string]: string | number }
  id: string
  name: string
  validator: { publicKey: string; power: number } | null
  admins: string[]
}
