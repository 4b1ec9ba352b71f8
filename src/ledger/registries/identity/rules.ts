import { DaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import type { TxContext } from '../types'
import { isActive, subjectCredentials } from './authz'
import { agencyKey, credentialsKey } from './state-keys'
import type { Credential, RoleGrant, RoleRevoke } from './portable/schema'

function requireAdminOf(ctx: TxContext<{ agency: string }>): void {
  if (!ctx.adminOf.includes(ctx.payload.agency)) {
    throw new DaejangError(
      'UNAUTHORIZED_ROLE',
      `only an administrator of agency "${ctx.payload.agency}" may do this`,
    )
  }
}

export async function applyGrant(ctx: TxContext<RoleGrant>): Promise<void> {
  const p = ctx.payload
  if (!(await ctx.state.get(agencyKey(p.agency)))) {
    throw new DaejangError('RULE_VIOLATION', `unknown agency "${p.agency}"`)
  }
  requireAdminOf(ctx)
  if (p.expiresAt !== null && p.expiresAt <= ctx.time) {
    throw new DaejangError('RULE_VIOLATION', 'the credential would already be expired')
  }
  const creds = await subjectCredentials(ctx.state, p.subject)
  const cred: Credential = {
    id: ctx.hash,
    agency: p.agency,
    role: p.role,
    subject: p.subject,
    label: p.label ?? '',
    issuedBy: ctx.signer,
    issuedAt: ctx.height,
    issuedTime: ctx.time,
    expiresAt: p.expiresAt,
    revoked: null,
  }
  const next = { ...creds, [p.role]: { ...(creds[p.role] ?? {}), [p.agency]: cred } }
  ctx.state.put(credentialsKey(p.subject), next as unknown as Canonical)
}

export async function applyRevoke(ctx: TxContext<RoleRevoke>): Promise<void> {
  const p = ctx.payload
  requireAdminOf(ctx)
  const creds = await subjectCredentials(ctx.state, p.subject)
  const cred = creds[p.role]?.[p.agency]
  if (!cred || !isActive(cred, ctx.time)) {
    throw new DaejangError('RULE_VIOLATION', `no active "${p.role}" credential from "${p.agency}" for this key`)
  }
  const revoked: Credential = {
    ...cred,
    revoked: { height: ctx.height, time: ctx.time, by: ctx.signer, reason: p.reason },
  }
  const next = { ...creds, [p.role]: { ...creds[p.role], [p.agency]: revoked } }
  ctx.state.put(credentialsKey(p.subject), next as unknown as Canonical)
}
