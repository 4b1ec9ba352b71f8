/**
 * Typed calls for keys, roles and transactions, on top of the API client's `request`. Answers are parsed with the
 * shared schemas (src/shared/api.ts, loaded on first use: api/parse.ts); anything else is an ApiError of kind 'invalid'.
 */
import type { AgencyDto, KeyInfoDto, LocalAdminKeyDto, RoleCredentialDto, SubmitResultDto, TxDto, TxJsonDto } from '../../shared/api'
import { ApiError, type ApiClient } from './client'
import { answerOf, listOf } from './parse'

const HEX64 = /^[0-9a-f]{64}$/

export async function submitTx(client: ApiClient, tx: TxJsonDto): Promise<SubmitResultDto> {
  return answerOf('SubmitResultSchema', client.request('POST', '/txs', tx), 'submit answer')
}

export async function getTx(client: ApiClient, hash: string): Promise<TxDto> {
  if (!HEX64.test(hash)) throw new ApiError('invalid', 'Not a transaction hash.')
  return answerOf('TxSchema', client.request('GET', `/txs/${hash}`), 'transaction')
}

export async function getKeyInfo(client: ApiClient, publicKey: string): Promise<KeyInfoDto> {
  if (!HEX64.test(publicKey)) throw new ApiError('invalid', 'Not a public key.')
  return answerOf('KeyInfoSchema', client.request('GET', `/identity/keys/${publicKey}`), 'key information')
}

export async function listCredentials(client: ApiClient, agency: string): Promise<RoleCredentialDto[]> {
  return listOf('RoleCredentialSchema', client.request('GET', `/identity/credentials?agency=${encodeURIComponent(agency)}`), 'credential list')
}

export async function listAgencies(client: ApiClient): Promise<AgencyDto[]> {
  return listOf('AgencySchema', client.request('GET', '/identity/agencies'), 'agency list')
}

/** Local consortium only (else ApiError code NOT_LOCAL). The seed must be encrypted at once and never shown. */
export async function fetchLocalAdminKey(client: ApiClient): Promise<LocalAdminKeyDto> {
  return answerOf('LocalAdminKeySchema', client.request('POST', '/local/admin-key'), 'administrator key answer')
}
