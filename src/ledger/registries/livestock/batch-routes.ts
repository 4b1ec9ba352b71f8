/**
 * The batch's routes (docs/adr/0047): the dry run — a file's events checked one after another against the committed
 * state as the batch's rule will check them, nothing written — and the outcome of a committed batch (`lv/batch/<tx>`:
 * how many events were accepted, which were refused and why).
 */
import { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import { isHex } from '../../codec/bytes'
import { route } from '../types'
import { runBatchEvents } from './batch-rules'
import { sessionsOf } from './dry-run-sessions'
import { DRY_RUN_MAX_ANIMALS, DRY_RUN_MAX_EVENTS, animalsNamed } from './portable/dry-run-parts'
import { batchKey } from './portable/keys'
import { BATCH_TYPES, type BatchRecord } from './portable/schema'

export { DRY_RUN_MAX_ANIMALS, DRY_RUN_MAX_EVENTS, animalsNamed } from './portable/dry-run-parts'

const hex32 = z.string().refine((s) => isHex(s, 32), { message: 'must be 32 bytes of lowercase hex' })
export const DryRunBody = z
  .object({
    /** the key that will sign the batch: roles and keepers are checked for it */
    signer: hex32,
    events: z
      .array(z.object({ type: z.enum(BATCH_TYPES), payload: z.unknown() }).strict())
      .min(1)
      .max(DRY_RUN_MAX_EVENTS)
      .refine((es) => es.reduce((n, e) => n + animalsNamed(e), 0) <= DRY_RUN_MAX_ANIMALS, { message: `a dry run names at most ${DRY_RUN_MAX_ANIMALS} animals` }),
    /** the dry run these events continue (the answer to its previous part said it): they see what the parts before would have written */
    session: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  })
  .strict()

export const BATCH_ROUTES = [
  route({
    method: 'POST',
    path: '/api/v1/livestock/batch/check',
    summary:
      "A dry run of a batch: each event checked in order against the committed state as `livestock.batch` will check it (its schema, the signer's role for it, its rule), as of now; returns how many would be accepted and the refused ones by index with their codes, and the `session` that the file's next part names to see what this part would have written (at most 50,000 events a file). Nothing is written.",
    body: DryRunBody,
    maxBodyBytes: 8 * 1024 * 1024,
    handler: async ({ host, body }) => {
      const sessions = sessionsOf(host)
      const s = sessions.take(body.session, body.signer, body.events.length, host.state)
      const record = await runBatchEvents(body.events, { signer: body.signer, hash: '0'.repeat(64), height: host.chain.head().height + 1, time: Date.now() }, s.overlay)
      s.events += body.events.length
      sessions.keep(s)
      return { body: { ...record, events: body.events.length, height: host.chain.head().height, session: s.id, checked: s.events } }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/batch/:tx',
    summary: "A committed batch's outcome: how many of its events were accepted, and the refused ones by index with their codes and messages",
    params: z.object({ tx: hex32 }),
    handler: async ({ host, params }) => {
      const v = (await host.state.get(batchKey(params.tx))) as unknown as BatchRecord | undefined
      if (v === undefined) throw new DaejangError('NOT_FOUND', `no batch was committed by transaction ${params.tx}`)
      return { body: { tx: params.tx, ...v } }
    },
  }),
]
