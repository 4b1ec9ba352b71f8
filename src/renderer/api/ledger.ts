/**
 * Typed calls for keys, roles and transactions, on top of the API client's `request`. Answers are checked for the
 * fields the UI relies on; anything else is an ApiError of kind 'invalid'.
 */
import type {
  AgencyDto,
  KeyInfoDto,
  LocalAdminKeyDto,
  RoleCredentialDto,
  SubmitResultDto,
  TxDto,
  TxJsonDto,
} from '../../shared/api'
import { ApiError, type ApiClient } from './client'

const HEX64 = /^[0-9a-f]{64}$/

export async function submitTx(client: ApiClient, tx: TxJsonDto): Promise<SubmitResultDto> {
  const body = await client.request('POST', '/txs', tx)
  if (!isObject(body) || typeof body['hash'] !== 'string') throw new ApiError('invalid', 'Unexpected submit answer.')
  return body as unknown as SubmitResultDto
}

export async function getTx(client: ApiClient, hash: string): Promise<TxDto> {
  if (!HEX64.test(hash)) throw new ApiError('invalid', 'Not a transaction hash.')
  const body = await client.request('GET', `/txs/${hash}`)
  if (!isObject(body) || typeof body['status'] !== 'string') throw new ApiError('invalid', 'Unexpected transaction.')
  return body as unknown as TxDto
}

export async function getKeyInfo(client: ApiClient, publicKey: string): Promise<KeyInfoDto> {
  if (!HEX64.test(publicKey)) throw new ApiError('invalid', 'Not a public key.')
  const body = await client.request('GET', `/identity/keys/${publicKey}`)
  if (!isObject(body) || typeof body['nonce'] !== 'number' || !Array.isArray(body['roles']) || !Array.isArray(body['adminOf'])) {
    throw new ApiError('invalid', 'Unexpected key information.')
  }
  return body as unknown as KeyInfoDto
}

export async function listCredentials(client: ApiClient, agency: string): Promise<RoleCredentialDto[]> {
  const body = await client.request('GET', `/identity/credentials?agency=${encodeURIComponent(agency)}`)
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected credential list.')
  return body.filter((c): c is RoleCredentialDto => isObject(c) && typeof c['subject'] === 'string')
}

export async function listAgencies(client: ApiClient): Promise<AgencyDto[]> {
  const body = await client.request('GET', '/identity/agencies')
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected agency list.')
  return body.filter((a): a is AgencyDto => isObject(a) && typeof a['id'] === 'string')
}

/** Local consortium only (else ApiError code NOT_LOCAL). The seed must be encrypted at once and never shown. */
export async function fetchLocalAdminKey(client: ApiClient): Promise<LocalAdminKeyDto> {
  const body = await client.request('POST', '/local/admin-key')
  if (
    !isObject(body) ||
    typeof body['publicKey'] !== 'string' ||
    !HEX64.test(body['publicKey']) ||
    typeof body['seed'] !== 'string' ||
    !HEX64.test(body['seed']) ||
    typeof body['agency'] !== 'string'
  ) {
    throw new ApiError('invalid', 'Unexpected administrator key answer.')
  }
  return { publicKey: body['publicKey'], seed: body['seed'], agency: body['agency'] }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
