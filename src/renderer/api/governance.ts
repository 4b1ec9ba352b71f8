/**
 * Typed reads for consortium governance (docs/adr/0013), on top of the API client's `request`: proposals and the
 * validator set with the sets scheduled after it. Answers are parsed with the shared schemas (src/shared/api.ts):
 * list entries of the wrong shape are dropped; an answer of the wrong shape is an ApiError of kind 'invalid'.
 */
import { type ProposalDto, ProposalSchema, type ValidatorSetDto, ValidatorSetSchema } from '../../shared/api'
import type { ApiClient } from './client'
import { parseAnswer, parseList } from './parse'

/** Newest first. */
export async function listProposals(client: ApiClient): Promise<ProposalDto[]> {
  return parseList(ProposalSchema, await client.request('GET', '/governance/proposals'), 'proposal list')
}

/** The set of `height` (default: the next block) and the sets scheduled after it. */
export async function getValidatorSet(client: ApiClient, height?: number): Promise<ValidatorSetDto> {
  const q = height === undefined ? '' : `?height=${encodeURIComponent(String(height))}`
  return parseAnswer(ValidatorSetSchema, await client.request('GET', `/validators${q}`), 'validator set')
}
