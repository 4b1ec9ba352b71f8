/**
 * The batch's routes (docs/adr/0047): the dry run — a file's events checked one after another against the committed
 * state as the batch's rule will check them, nothing written — and the outcome of a committed batch (`lv/batch/<tx>`:
 * how many events were accepted, which were refused and why).
 */
import { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import { isHex } from '../../codec/bytes'
import { route } from '../types'
import { checkBatchEvents } from './batch-rules'
import { batchKey } from './portable/keys'
import { BATCH_TYPES, type BatchRecord } from './portable/schema'

/** events one dry run checks together (a day of a slaughterhouse's or an agency's reports: births and their tags) */
export const DRY_RUN_MAX_EVENTS = 5_000

/**
 * the animals one dry run names at most (an event's `animals`, else one): the route asks no signature, so without it
 * one request of vet acts or packs of 100–200 animals each would make the node read a million animals
 */
export const DRY_RUN_MAX_ANIMALS = 50_000

/** How many animals an event names for the dry run's budget: its `animals` list, or one. */
export function animalsNamed(e: { payload?: unknown }): number {
  const p = e.payload
  const list = p !== null && typeof p === 'object' ? (p as { animals?: unknown }).animals : undefined
  return Array.isArray(list) ? Math.max(1, list.length) : 1
}

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
  })
  .strict()

export const BATCH_ROUTES = [
  route({
    method: 'POST',
    path: '/api/v1/livestock/batch/check',
    summary:
      "A dry run of a batch: each event checked in order against the committed state as `livestock.batch` will check it (its schema, the signer's role for it, its rule), as of now; returns how many would be accepted and the refused ones by index with their codes. Nothing is written.",
    body: DryRunBody,
    maxBodyBytes: 8 * 1024 * 1024,
    handler: async ({ host, body }) => {
      const record = await checkBatchEvents(body.events, { signer: body.signer, hash: '0'.repeat(64), height: host.chain.head().height + 1, time: Date.now() }, host.state)
      return { body: { ...record, events: body.events.length, height: host.chain.head().height } }
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
