/**
 * `livestock.batch` (docs/adr/0047, ADR 0041 "Who reports what"): up to 500 events of one reporter — a slaughterhouse's
 * day, a tagging agency's births and tags — committed in one transaction. Each event runs through the same table the
 * single-event types use (rules.ts, LIVESTOCK_EVENT_RULES) with the role its own type needs (LIVESTOCK_BATCH_ROLE
 * when the signer lacks it), on an overlay of its own: a refused event leaves nothing behind and is recorded with its
 * stable code in `lv/batch/<tx>`; the others commit, in order (a later event sees the earlier ones: a birth, then its
 * tag). The same function checks a file against the committed state without writing (the dry run, batch-routes.ts).
 */
import { toDaejangError } from '../../../shared/errors'
import type { Canonical } from '../../codec/canonical'
import { Overlay, type StateReader, type StateView } from '../../state/view'
import { type TxContext, txType } from '../types'
import { batchKey } from './portable/keys'
import { BATCH_TYPES, type Batch, type BatchRecord, BatchSchema } from './portable/schema'
import { LIVESTOCK_EVENT_RULES, type LivestockEventRule, hasLivestockRole, parseEvent } from './rules'
import { lvErr } from './rules-common'

/** events a batch carries at most (BatchSchema says the same) */
export const BATCH_MAX_EVENTS = 500
/** a refusal's message is kept to this many characters in the record (the code is what a program reads) */
const MAX_MESSAGE = 300

/** Every role some event of a batch may need: the batch's own permission (each event is then checked for its own). */
export const BATCH_ROLES: readonly string[] = [...new Set(BATCH_TYPES.flatMap((t) => (LIVESTOCK_EVENT_RULES[t] as LivestockEventRule<never>).roles))].sort()

export interface BatchRun {
  signer: string
  hash: string
  height: number
  time: number
}

/**
 * Runs a batch's events in order on `state`: each parsed by its type's schema (LIVESTOCK_BAD_NUMBER, BAD_PAYLOAD),
 * its role checked (LIVESTOCK_BATCH_ROLE), its rule applied on an overlay merged into `state` only when it succeeds.
 * Returns how many were accepted and which were refused, by index, with their codes.
 */
export async function runBatchEvents(events: Batch['events'], run: BatchRun, state: StateView): Promise<BatchRecord> {
  const rolesHeld = new Map<string, boolean>()
  const refused: BatchRecord['refused'] = []
  let accepted = 0
  for (let index = 0; index < events.length; index++) {
    const { type, payload: raw } = events[index]!
    const def = LIVESTOCK_EVENT_RULES[type] as unknown as LivestockEventRule<unknown>
    const own = new Overlay(state)
    try {
      const payload = parseEvent(type, raw)
      let held = rolesHeld.get(type)
      if (held === undefined) rolesHeld.set(type, (held = await hasLivestockRole(state, run.signer, def.roles, run.time)))
      if (!held) throw lvErr('LIVESTOCK_BATCH_ROLE', `event ${index + 1} (${type}) needs the role ${def.roles.join(' or ')}`, { index, type })
      await def.apply({ payload, signer: run.signer, hash: run.hash, height: run.height, time: run.time, state: own })
    } catch (e) {
      const err = toDaejangError(e)
      // a fault of the rule itself is not the event's code to keep: it reads as a broken rule, as a whole transaction's does
      const code = err.code === 'INTERNAL' ? 'RULE_VIOLATION' : err.code
      refused.push({ index, code, message: err.message.slice(0, MAX_MESSAGE) })
      continue
    }
    for (const [k, v] of own.writes) {
      if (v === null) state.del(k)
      else state.put(k, v)
    }
    accepted++
  }
  return { accepted, refused }
}

/** The state keys a batch's events read, where the payload says (prefetched; a malformed event adds none). */
export function batchKeys(p: Batch): string[] {
  const keys: string[] = []
  for (const e of p.events) {
    const def = LIVESTOCK_EVENT_RULES[e.type] as unknown as LivestockEventRule<unknown>
    const parsed = def.schema.safeParse(e.payload)
    if (parsed.success) keys.push(...def.keys(parsed.data))
  }
  return keys
}

/** Checks events against committed state without writing anything: the dry run (what a batch would do now). */
export async function checkBatchEvents(events: Batch['events'], run: BatchRun, committed: StateReader): Promise<BatchRecord> {
  return runBatchEvents(events, run, new Overlay(committed))
}

export const batchTxTypes = {
  'livestock.batch': txType<Batch>({
    schema: BatchSchema,
    permission: BATCH_ROLES,
    apply: async (ctx: TxContext<Batch>) => {
      const record = await runBatchEvents(ctx.payload.events, ctx, ctx.state)
      ctx.state.put(batchKey(ctx.hash), record as unknown as Canonical)
    },
    keys: batchKeys,
  }),
}
