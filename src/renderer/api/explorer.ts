/**
 * Typed reads for the block explorer, on top of the API client's `request`. Answers are parsed with the shared
 * schemas (src/shared/api.ts); anything else is an ApiError of kind 'invalid'. (Transactions, keys and agencies:
 * api/ledger.ts.)
 */
import { z } from 'zod'
import {
  type BlockDto,
  BlockSchema,
  type BlockSummaryDto,
  BlockSummarySchema,
  type EvidenceDto,
  EvidenceSchema,
  type SearchResultDto,
  SearchResultSchema,
  type TxDto,
  TxSchema,
} from '../../shared/api'
import { ApiError, type ApiClient } from './client'
import { parseAnswer, parseList } from './parse'

const HEX64 = /^[0-9a-f]{64}$/

export type SearchResult = SearchResultDto

/** Newest first; `before`: only blocks below this height; `withTxs`: only blocks that hold transactions. */
export async function listBlocks(
  client: ApiClient,
  options: { before?: number | undefined; limit: number; withTxs?: boolean },
): Promise<BlockSummaryDto[]> {
  const q = new URLSearchParams({ limit: String(options.limit) })
  if (options.before !== undefined) q.set('before', String(options.before))
  if (options.withTxs) q.set('withTxs', 'true')
  return parseList(BlockSummarySchema, await client.request('GET', `/blocks?${q}`), 'block list')
}

export async function getBlock(client: ApiClient, height: number): Promise<BlockDto> {
  return parseAnswer(BlockSchema, await client.request('GET', `/blocks/${checkHeight(height)}`), 'block')
}

export async function getBlockTxs(client: ApiClient, height: number, offset: number, limit: number): Promise<TxDto[]> {
  const q = new URLSearchParams({ offset: String(offset), limit: String(limit) })
  return parseList(TxSchema, await client.request('GET', `/blocks/${checkHeight(height)}/txs?${q}`), 'transaction list')
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
  return parseList(EvidenceSchema, await client.request('GET', '/consensus/evidence'), 'evidence list')
}

export async function getSignerTxs(client: ApiClient, publicKey: string, limit = 50): Promise<string[]> {
  return parseList(z.string().regex(HEX64), await client.request('GET', `/signers/${checkHash(publicKey)}/txs?limit=${limit}`), 'transaction list')
}

export async function search(client: ApiClient, query: string): Promise<SearchResult> {
  return parseAnswer(SearchResultSchema, await client.request('GET', `/search?q=${encodeURIComponent(query.trim())}`), 'search answer')
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

function checkHeight(height: number): number {
  if (!Number.isSafeInteger(height) || height < 1) throw new ApiError('invalid', `Not a block height: ${height}`)
  return height
}

function checkHash(hash: string): string {
  if (!HEX64.test(hash)) throw new ApiError('invalid', 'Not a 32-byte hex value.')
  return hash
}
