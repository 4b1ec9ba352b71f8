/**
 * The batch screen's node calls (registries/livestock/batch-routes.ts, docs/adr/0047): the dry run of a file's events
 * for the key that will sign them, and a committed batch's outcome. Answers parsed with the screen's own schemas.
 *
 *   POST /livestock/batch/check {signer, events}   what the batch would accept and refuse now (nothing written)
 *   GET  /livestock/batch/:tx                      a committed batch: accepted, refused by index with codes
 */
import { z } from 'zod'
import type { ApiClient } from '../../../api/client'
import { parseAnswer } from '../../../api/parse'

const Outcome = z
  .object({
    accepted: z.number().int(),
    refused: z.array(z.object({ index: z.number().int(), code: z.string(), message: z.string() }).passthrough()),
  })
  .passthrough()
export type BatchOutcomeDto = z.infer<typeof Outcome>

/** events one dry run checks together (batch-routes.ts DRY_RUN_MAX_EVENTS) */
export const DRY_RUN_MAX = 5_000
/** events one batch transaction carries at most */
export const BATCH_MAX = 500

export async function checkBatch(client: ApiClient, signer: string, events: ReadonlyArray<{ type: string; payload: unknown }>): Promise<BatchOutcomeDto> {
  return parseAnswer(Outcome, await client.request('POST', '/livestock/batch/check', { signer, events }), 'batch check')
}

export async function batchOutcome(client: ApiClient, tx: string): Promise<BatchOutcomeDto> {
  return parseAnswer(Outcome, await client.request('GET', `/livestock/batch/${tx}`), 'batch outcome')
}
