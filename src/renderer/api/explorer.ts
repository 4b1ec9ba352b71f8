/**
 * Typed reads for the block explorer, on top of the API client's `request`. Answers are checked for the fields the
 * screens rely on; anything else is an ApiError of kind 'invalid'. (Transactions, keys and agencies: api/ledger.ts.)
 */
import type { BlockDto, BlockSummaryDto, KeyInfoDto, TxDto, EvidenceDto } from '../../shared/api'
import { ApiError, type ApiClient } from './client'

const HEX64 = /^[0-9a-f]{64}$/

export type SearchResult =
  | { kind: 'block'; height: number; hash: string }
  | { kind: 'tx'; tx: TxDto }
  | { kind: 'signer'; key: KeyInfoDto; txs: string[] }

/** Newest first; `before`: only blocks below this height; `withTxs`: only blocks that hold transactions. */
export async function listBlocks(
  client: ApiClient,
  options: { before?: number | undefined; limit: number; withTxs?: boolean },
): Promise<BlockSummaryDto[]> {
  const q = new URLSearchParams({ limit: String(options.limit) })
  if (options.before !== undefined) q.set('before', String(options.before))
  if (options.withTxs) q.set('withTxs', 'true')
  const body = await client.request('GET', `/blocks?${q}`)
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected block list.')
  return body.filter((b): b is BlockSummaryDto => isObject(b) && typeof b['height'] === 'number' && typeof b['hash'] === 'string')
}

export async function getBlock(client: ApiClient, height: number): Promise<BlockDto> {
  const body = await client.request('GET', `/blocks/${checkHeight(height)}`)
  if (!isObject(body) || typeof body['height'] !== 'number' || !Array.isArray(body['txs'])) {
    throw new ApiError('invalid', 'Unexpected block.')
  }
  return body as unknown as BlockDto
}

export async function getBlockTxs(client: ApiClient, height: number, offset: number, limit: number): Promise<TxDto[]> {
  const q = new URLSearchParams({ offset: String(offset), limit: String(limit) })
  const body = await client.request('GET', `/blocks/${checkHeight(height)}/txs?${q}`)
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected transaction list.')
  return body.filter(isTx)
}

/** The proof's JSON form, untrusted: lib/verify-proof.ts parses and checks it. */
export async function getProof(client: ApiClient, hash: string): Promise<unknown> {
  return client.request('GET', `/txs/${checkHash(hash)}/proof`)
}

/** The trust list's JSON form, untrusted: lib/verify-proof.ts parses it. */
export async function getTrust(client: ApiClient): Promise<unknown> {
  return client.request('GET', '/trust')
}

/** Evidence of equivocation committed on the chain; entries that do not have the expected shape are dropped. */
export async function listEvidence(client: ApiClient): Promise<EvidenceDto[]> {
  const body = await client.request('GET', '/consensus/evidence')
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected evidence list.')
  return body.filter(
    (e): e is EvidenceDto =>
      isObject(e) &&
      typeof e['validator'] === 'string' &&
      HEX64.test(e['validator']) &&
      typeof e['height'] === 'number' &&
      typeof e['round'] === 'number' &&
      Array.isArray(e['blockHashes']),
  )
}

export async function getSignerTxs(client: ApiClient, publicKey: string, limit = 50): Promise<string[]> {
  const body = await client.request('GET', `/signers/${checkHash(publicKey)}/txs?limit=${limit}`)
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected transaction list.')
  return body.filter((h): h is string => typeof h === 'string' && HEX64.test(h))
}

export async function search(client: ApiClient, query: string): Promise<SearchResult> {
  const body = await client.request('GET', `/search?q=${encodeURIComponent(query.trim())}`)
  if (isObject(body)) {
    if (body['kind'] === 'block' && typeof body['height'] === 'number') return body as unknown as SearchResult
    if (body['kind'] === 'tx' && isTx(body['tx'])) return body as unknown as SearchResult
    if (body['kind'] === 'signer' && isObject(body['key']) && Array.isArray(body['txs'])) return body as unknown as SearchResult
  }
  throw new ApiError('invalid', 'Unexpected search answer.')
}

/** Where a search result is shown. */
export function searchTarget(result: SearchResult): string {
  switch (result.kind) {
    case 'block':
      return `/explorer/blocks/${result.height}`
    case 'tx':
      return `/explorer/txs/${result.tx.hash}`
    case 'signer':
      return `/explorer/signers/${result.key.publicKey}`
  }
}

function isTx(v: unknown): v is TxDto {
  return isObject(v) && typeof v['hash'] === 'string' && typeof v['status'] === 'string'
}

function checkHeight(height: number): number {
  if (!Number.isSafeInteger(height) || height < 1) throw new ApiError('invalid', `Not a block height: ${height}`)
  return height
}

function checkHash(hash: string): string {
  if (!HEX64.test(hash)) throw new ApiError('invalid', 'Not a 32-byte hex value.')
  return hash
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
