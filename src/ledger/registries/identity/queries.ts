/** Read models of the identity registry, over committed state. */
import type { AgencyDto, KeyInfoDto, RoleCredentialDto } from '../../../shared/api'
import type { CommittedReader } from '../types'
import { adminAgencies, isActive, subjectCredentials } from './authz'
import { AGENCY_PREFIX, CREDENTIALS_PREFIX, nonceKey } from './state-keys'
import type { AgencyRecord, Credential, SubjectCredentials } from './portable/schema'

export function credentialDto(c: Credential, now: number): RoleCredentialDto {
  return {
    id: c.id,
    agency: c.agency,
    role: c.role,
    subject: c.subject,
    label: c.label,
    issuedBy: c.issuedBy,
    issuedAt: c.issuedAt,
    issuedTime: c.issuedTime,
    expiresAt: c.expiresAt,
    revoked: c.revoked,
    active: isActive(c, now),
  }
}

export async function listAgencies(store: CommittedReader): Promise<AgencyDto[]> {
  const out: AgencyDto[] = []
  for await (const [, v] of store.scanState(AGENCY_PREFIX)) {
    const a = v as unknown as AgencyRecord
    out.push({ id: a.id, name: a.name, validator: a.validator, admins: a.admins })
  }
  return out
}

function flatten(creds: SubjectCredentials): Credential[] {
  return Object.values(creds).flatMap((byAgency) => Object.values(byAgency))
}

export async function keyInfo(store: CommittedReader, publicKey: string, now: number): Promise<KeyInfoDto> {
  const nonce = await store.get(nonceKey(publicKey))
  return {
    publicKey,
    nonce: typeof nonce === 'number' ? nonce : 0,
    adminOf: await adminAgencies(store, publicKey),
    roles: flatten(await subjectCredentials(store, publicKey)).map((c) => credentialDto(c, now)),
  }
}

export async function listCredentials(
  store: CommittedReader,
  filter: { agency?: string; role?: string; activeOnly?: boolean },
  now: number,
  limit = 1000,
): Promise<RoleCredentialDto[]> {
  const out: RoleCredentialDto[] = []
  for await (const [, v] of store.scanState(CREDENTIALS_PREFIX, 100_000)) {
    for (const c of flatten(v as unknown as SubjectCredentials)) {
      if (filter.agency && c.agency !== filter.agency) continue
      if (filter.role && c.role !== filter.role) continue
      const dto = credentialDto(c, now)
      if (filter.activeOnly && !dto.active) continue
      out.push(dto)
      if (out.length >= limit) return out
    }
  }
  return out
}
