/**
 * Typed calls for keys, roles and transactions, on top of the API client's `request`. Answers are parsed with the
 * shared schemas (src/shared/api.ts); anything else is an ApiError of kind 'invalid'.
 */
import {
  type AgencyDto,
  AgencySchema,
  type KeyInfoDto,
  KeyInfoSchema,
  type LocalAdminKeyDto,
  LocalAdminKeySchema,
  type RoleCredentialDto,
  RoleCredentialSchema,
  type SubmitResultDto,
  SubmitResultSchema,
  type TxDto,
  type TxJsonDto,
  TxSchema,
} from '../../shared/api'
import { ApiError, type ApiClient } from './client'
import { parseAnswer, parseList } from './parse'

const HEX64 = /^[0-9a-f]{64}$/

export async function submitTx(client: ApiClient, tx: TxJsonDto): Promise<SubmitResultDto> {
  return parseAnswer(SubmitResultSchema, await client.request('POST', '/txs', tx), 'submit answer')
}

export async function getTx(client: ApiClient, hash: string): Promise<TxDto> {
  if (!HEX64.test(hash)) throw new ApiError('invalid', 'Not a transaction hash.')
  return parseAnswer(TxSchema, await client.request('GET', `/txs/${hash}`), 'transaction')
}

export async function getKeyInfo(client: ApiClient, publicKey: string): Promise<KeyInfoDto> {
  if (!HEX64.test(publicKey)) throw new ApiError('invalid', 'Not a public key.')
  return parseAnswer(KeyInfoSchema, await client.request('GET', `/identity/keys/${publicKey}`), 'key information')
}

export async function listCredentials(client: ApiClient, agency: string): Promise<RoleCredentialDto[]> {
  const body = await client.request('GET', `/identity/credentials?agency=${encodeURIComponent(agency)}`)
  return parseList(RoleCredentialSchema, body, 'credential list')
}

export async function listAgencies(client: ApiClient): Promise<AgencyDto[]> {
  return parseList(AgencySchema, await client.request('GET', '/identity/agencies'), 'agency list')
}

/** Local consortium only (else ApiError code NOT_LOCAL). The seed must be encrypted at once and never shown. */
export async function fetchLocalAdminKey(client: ApiClient): Promise<LocalAdminKeyDto> {
  return parseAnswer(LocalAdminKeySchema, await client.request('POST', '/local/admin-key'), 'administrator key answer')
}
