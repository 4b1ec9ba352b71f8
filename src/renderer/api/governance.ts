/**
 * Typed reads for consortium governance (docs/adr/0013), on top of the API client's `request`: proposals and the
 * validator set with the sets scheduled after it. Entries without the fields the screens rely on are dropped; an
 * answer of the wrong shape is an ApiError of kind 'invalid'.
 */
import type { ProposalDto, ValidatorSetDto } from '../../shared/api'
import { ApiError, type ApiClient } from './client'

/** Newest first. */
export async function listProposals(client: ApiClient): Promise<ProposalDto[]> {
  const body = await client.request('GET', '/governance/proposals')
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected proposal list.')
  return body.filter(isProposal)
}

/** The set of `height` (default: the next block) and the sets scheduled after it. */
export async function getValidatorSet(client: ApiClient, height?: number): Promise<ValidatorSetDto> {
  const q = height === undefined ? '' : `?height=${encodeURIComponent(String(height))}`
  const body = await client.request('GET', `/validators${q}`)
  if (
    !isObject(body) ||
    typeof body['fromHeight'] !== 'number' ||
    typeof body['totalPower'] !== 'number' ||
    !isValidatorList(body['validators']) ||
    !Array.isArray(body['scheduled']) ||
    !body['scheduled'].every((s) => isObject(s) && typeof s['fromHeight'] === 'number' && isValidatorList(s['validators']))
  ) {
    throw new ApiError('invalid', 'Unexpected validator set.')
  }
  return body as unknown as ValidatorSetDto
}

function isProposal(p: unknown): p is ProposalDto {
  return (
    isObject(p) &&
    typeof p['id'] === 'string' &&
    isObject(p['change']) &&
    typeof p['effectiveHeight'] === 'number' &&
    typeof p['approvedPower'] === 'number' &&
    typeof p['totalPower'] === 'number' &&
    Array.isArray(p['approvals']) &&
    (p['status'] === 'open' || p['status'] === 'approved' || p['status'] === 'expired' || p['status'] === 'withdrawn')
  )
}

function isValidatorList(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => isObject(x) && typeof x['publicKey'] === 'string' && typeof x['power'] === 'number' && typeof x['agency'] === 'string')
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
