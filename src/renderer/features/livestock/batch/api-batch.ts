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
/** animals one dry run names at most (batch-routes.ts DRY_RUN_MAX_ANIMALS: an event's `animals`, else one) */
export const DRY_RUN_MAX_ANIMALS = 50_000

/** How many animals an event names for the dry run's budget (batch-routes.ts animalsNamed). */
function animalsNamed(payload: unknown): number {
  const list = payload !== null && typeof payload === 'object' ? (payload as { animals?: unknown }).animals : undefined
  return Array.isArray(list) ? Math.max(1, list.length) : 1
}

/**
 * The parts a dry run of these events is sent in: each within both of the node's bounds (events and animals named),
 * in order, as [start, end) indexes.
 */
export function dryRunParts(events: ReadonlyArray<{ payload: unknown }>): Array<[number, number]> {
  const parts: Array<[number, number]> = []
  let start = 0
  let animals = 0
  events.forEach((e, i) => {
    const n = animalsNamed(e.payload)
    if (i > start && (i - start >= DRY_RUN_MAX || animals + n > DRY_RUN_MAX_ANIMALS)) {
      parts.push([start, i])
      start = i
      animals = 0
    }
    animals += n
  })
  if (events.length > start) parts.push([start, events.length])
  return parts
}

/** events one batch transaction carries at most */
export const BATCH_MAX = 500

export async function checkBatch(client: ApiClient, signer: string, events: ReadonlyArray<{ type: string; payload: unknown }>): Promise<BatchOutcomeDto> {
  return parseAnswer(Outcome, await client.request('POST', '/livestock/batch/check', { signer, events }), 'batch check')
}

export async function batchOutcome(client: ApiClient, tx: string): Promise<BatchOutcomeDto> {
  return parseAnswer(Outcome, await client.request('GET', `/livestock/batch/${tx}`), 'batch outcome')
}
