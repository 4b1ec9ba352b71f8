/**
 * Who is the signer, as of the block being executed: which agencies it administers and which roles it holds.
 * Used by the executor for every transaction of every registry, and by the mempool at admission.
 */
import type { StateReader } from '../../state/view'
import type { Credential, SubjectCredentials } from './portable/schema'
import { adminKey, agencyKey, credentialsKey } from './state-keys'

export async function adminAgencies(state: StateReader, signer: string): Promise<string[]> {
  const v = await state.get(adminKey(signer))
  return Array.isArray(v) ? (v as string[]) : []
}

export async function subjectCredentials(state: StateReader, subject: string): Promise<SubjectCredentials> {
  const v = await state.get(credentialsKey(subject))
  return (v ?? {}) as unknown as SubjectCredentials
}

export function isActive(c: Credential, time: number): boolean {
  return c.revoked === null && (c.expiresAt === null || time < c.expiresAt)
}

/**
 * Agencies that gave `subject` an active credential for any of `roles` at `time`, sorted. A credential of an agency
 * that governance removed from the consortium no longer counts.
 */
export async function agenciesForRoles(
  state: StateReader,
  subject: string,
  roles: readonly string[],
  time: number,
): Promise<string[]> {
  const creds = await subjectCredentials(state, subject)
  const out = new Set<string>()
  for (const r of roles) {
    for (const c of Object.values(creds[r] ?? {})) if (isActive(c, time)) out.add(c.agency)
  }
  const members: string[] = []
  for (const a of out) if ((await state.get(agencyKey(a))) !== undefined) members.push(a)
  return members.sort()
}
