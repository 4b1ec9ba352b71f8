/**
 * The identity registry's commands: `daejang role grant | revoke | list` (an agency administrator issues and revokes
 * role credentials) and `daejang agencies`. Roles are checked against the build's catalogue before signing; the node
 * checks them again.
 */
import type { AgencyDto, KeyInfoDto, RoleCredentialDto } from '../../../shared/api'
import { DaejangError } from '../../../shared/errors'
import { parseInstant } from '../../codec/dates'
import type { CliHost, CliOptions } from '../types'
import { publicKeyHex } from './portable/schema'

/** A public key given on the command line, in lowercase hex (SCHEMA_INVALID otherwise). */
export function publicKeyOf(s: unknown): string {
  const k = String(s).trim().toLowerCase()
  if (!publicKeyHex.safeParse(k).success) throw new DaejangError('SCHEMA_INVALID', 'a public key is 64 hex characters')
  return k
}

export function identityCli({ program, catalogue, act, adminOptions, admin, client, print, format }: CliHost): void {
  const roles = catalogue.roleIds()
  const roleOf = (o: CliOptions): string => {
    const r = o.role as string
    if (!roles.includes(r)) throw new DaejangError('SCHEMA_INVALID', `unknown role "${r}"; roles: ${roles.join(', ')}`)
    return r
  }

  const role = program.command('role').description('role credentials (agency administrators)')

  adminOptions(
    role
      .command('grant')
      .description('issue a role credential to a staff key')
      .requiredOption('--subject <publicKey>', "the staff key's public key (hex)")
      .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
      .option('--expires <date>', 'expiry (ISO date/time)')
      .option('--label <text>', "staff member's name or post"),
  ).action(
    act(async (o) => {
      const expiresAt = o.expires ? parseInstant(o.expires as string) : null
      if (o.expires && expiresAt === null) throw new DaejangError('SCHEMA_INVALID', `expires: "${String(o.expires)}" is not a real date`)
      const ctx = await admin(o)
      const payload = { agency: ctx.agency, subject: publicKeyOf(o.subject), role: roleOf(o), expiresAt, ...(o.label ? { label: o.label as string } : {}) }
      const r = await ctx.signAndCommit('identity.role.grant', payload)
      print(o, { ...r, ...payload }, () => `granted ${payload.role} (${ctx.agency}) to ${payload.subject}: ${r.hash} ${r.status}`)
    }),
  )

  adminOptions(
    role
      .command('revoke')
      .description('revoke a role credential')
      .requiredOption('--subject <publicKey>', "the staff key's public key (hex)")
      .requiredOption('--role <role>', 'role')
      .requiredOption('--reason <text>', 'why'),
  ).action(
    act(async (o) => {
      const ctx = await admin(o)
      const payload = { agency: ctx.agency, subject: publicKeyOf(o.subject), role: roleOf(o), reason: o.reason as string }
      const r = await ctx.signAndCommit('identity.role.revoke', payload)
      print(o, { ...r, ...payload }, () => `revoked ${payload.role} (${ctx.agency}) of ${payload.subject}: ${r.hash} ${r.status}`)
    }),
  )

  role
    .command('list')
    .description('role credentials: of one key (--subject) or of an agency')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--subject <publicKey>', 'a key')
    .option('--agency <id>', 'an agency')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const c = client(o)
        const creds = o.subject
          ? (await c.get<KeyInfoDto>(`/api/v1/identity/keys/${publicKeyOf(o.subject)}`)).roles
          : await c.get<RoleCredentialDto[]>(`/api/v1/identity/credentials${o.agency ? '?agency=' + encodeURIComponent(o.agency as string) : ''}`)
        print(o, creds, () =>
          format.table(
            creds.map((r) => ({
              ...r,
              expires: r.expiresAt ? format.time(r.expiresAt) : 'never',
              state: r.active ? 'active' : r.revoked ? 'revoked' : 'expired',
            })),
            ['role', 'agency', 'subject', 'expires', 'state'],
          ),
        )
      }),
    )

  program
    .command('agencies')
    .description('agencies of the consortium')
    .requiredOption('--home <dir>', 'node home directory')
    .option('--json', 'JSON output')
    .action(
      act(async (o) => {
        const as = await client(o).get<AgencyDto[]>('/api/v1/identity/agencies')
        print(o, as, () =>
          format.table(as.map((a) => ({ ...a, power: a.validator?.power ?? 0, admins: a.admins.length })), ['id', 'name', 'power', 'admins']),
        )
      }),
    )
}
