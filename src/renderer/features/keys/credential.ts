/** Display helpers for role credentials. Pure. */
import type { RoleCredentialDto } from '../../../shared/api'

export type CredentialState = 'active' | 'expired' | 'revoked'

export function credentialState(c: RoleCredentialDto): CredentialState {
  if (c.revoked) return 'revoked'
  return c.active ? 'active' : 'expired'
}

/** Active first, then by agency and role. */
export function sortCredentials(list: readonly RoleCredentialDto[]): RoleCredentialDto[] {
  const rank: Record<CredentialState, number> = { active: 0, expired: 1, revoked: 2 }
  return [...list].sort(
    (a, b) =>
      rank[credentialState(a)] - rank[credentialState(b)] ||
      a.agency.localeCompare(b.agency) ||
      a.role.localeCompare(b.role),
  )
}

/** `YYYY-MM-DD` (local date) → end of that day in ms, or null for empty. Throws on a malformed date. */
export function endOfDay(date: string): number | null {
  if (date.trim() === '') return null
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim())
  if (!m) throw new RangeError('not a date')
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 23, 59, 59, 999)
  if (d.getMonth() !== Number(m[2]) - 1) throw new RangeError('not a date')
  return d.getTime()
}

/** ms → `YYYY-MM-DD` in local time (for a date input). */
export function toDateInput(ms: number | null): string {
  if (ms === null) return ''
  const d = new Date(ms)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
