/**
 * The batch screen's node calls (registries/livestock/batch-routes.ts, docs/adr/0047): the dry run of a file's events
 * for the key that will sign them, and a committed batch's outcome. Answers parsed with the screen's own schemas.
 *
 *   POST /livestock/batch/check {signer, events, session?}   what the batch would accept and refuse now (nothing
 *                                                  written); a file's next part names the session of the one before
 *   GET  /livestock/batch/:tx                      a committed batch: accepted, refused by index with codes
 */
import { z } from 'zod'
import type { ApiClient } from '../../../api/client'
import { parseAnswer } from '../../../api/parse'
import { DRY_RUN_MAX_ANIMALS, DRY_RUN_MAX_EVENTS as DRY_RUN_MAX, dryRunParts } from '../../../../ledger/registries/livestock/portable/dry-run-parts'

const Outcome = z
  .object({
    accepted: z.number().int(),
    refused: z.array(z.object({ index: z.number().int(), code: z.string(), message: z.string() }).passthrough()),
  })
  .passthrough()
export type BatchOutcomeDto = z.infer<typeof Outcome>
const DryRunAnswer = Outcome.extend({ session: z.string() })

export { DRY_RUN_MAX, DRY_RUN_MAX_ANIMALS, dryRunParts }

/** events one batch transaction carries at most */
export const BATCH_MAX = 500

export async function checkBatch(
  client: ApiClient,
  signer: string,
  events: ReadonlyArray<{ type: string; payload: unknown }>,
  session?: string,
): Promise<BatchOutcomeDto & { session: string }> {
  return parseAnswer(DryRunAnswer, await client.request('POST', '/livestock/batch/check', { signer, events, ...(session !== undefined ? { session } : {}) }), 'batch check')
}

/** How far a dry run has got: events checked of all, the part being checked of how many. */
export interface DryRunProgress {
  done: number
  total: number
  part: number
  parts: number
}

/**
 * The dry run of a whole file: its parts (dryRunParts) sent one after another, each continuing the node's dry run of
 * the parts before (its `session`), so a tag in part 2 sees its birth in part 1. The refused events by their index in
 * `events`, and how many would be accepted.
 */
export async function dryRunFile(
  client: ApiClient,
  signer: string,
  events: ReadonlyArray<{ type: string; payload: unknown }>,
  onProgress: (p: DryRunProgress) => void = () => {},
): Promise<BatchOutcomeDto> {
  const parts = dryRunParts(events)
  const refused: BatchOutcomeDto['refused'] = []
  let accepted = 0
  let session: string | undefined
  for (let i = 0; i < parts.length; i++) {
    const [from, to] = parts[i]!
    onProgress({ done: from, total: events.length, part: i + 1, parts: parts.length })
    const r = await checkBatch(client, signer, events.slice(from, to), session)
    session = r.session
    accepted += r.accepted
    for (const x of r.refused) refused.push({ ...x, index: from + x.index })
  }
  onProgress({ done: events.length, total: events.length, part: parts.length, parts: parts.length })
  return { accepted, refused }
}

export async function batchOutcome(client: ApiClient, tx: string): Promise<BatchOutcomeDto> {
  return parseAnswer(Outcome, await client.request('GET', `/livestock/batch/${tx}`), 'batch outcome')
}
