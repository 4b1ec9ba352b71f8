/**
 * The land register's node-local API calls (registries/land/local-index-routes.ts, docs/adr/0038): the watch list and
 * its change notices, and the signed owner lookup. Answers parsed with the screens' own schemas.
 *
 *   GET  /land/watch                   the watch list
 *   POST /land/watch {number}          add;  POST /land/watch/remove {number}  remove
 *   GET  /land/watch/changes           notices, newest first, with the unread count
 *   POST /land/watch/changes/read      {ids} (or all) read
 *   GET  /land/owners/audience         the node a lookup is addressed to
 *   POST /land/owners                  a signed lookup (type land.query.owners)
 */
import { z } from 'zod'
import type { ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'

/** The type a signed owner lookup carries (the node refuses any other; never a transaction the chain executes). */
export const OWNER_LOOKUP_TYPE = 'land.query.owners'

const WatchItem = z.object({ number: z.string(), addedAt: z.number(), active: z.boolean() }).passthrough()
export type WatchItemDto = z.infer<typeof WatchItem>

const Note = z
  .object({
    id: z.string(),
    register: z.string(),
    height: z.number().int(),
    day: z.string(),
    kind: z.string(),
    words: z.object({ ko: z.string(), en: z.string() }),
    read: z.boolean(),
  })
  .passthrough()
export type WatchNoteDto = z.infer<typeof Note>

const Changes = z.object({ notes: z.array(Note), unread: z.number().int() }).passthrough()
export type ChangesDto = z.infer<typeof Changes>

export async function listWatch(client: ApiClient): Promise<WatchItemDto[]> {
  return parseAnswer(z.array(WatchItem), await client.request('GET', '/land/watch'), 'watch list')
}

export async function addWatch(client: ApiClient, number: string): Promise<WatchItemDto> {
  return parseAnswer(WatchItem, await client.request('POST', '/land/watch', { number }), 'watch list')
}

export async function removeWatch(client: ApiClient, number: string): Promise<void> {
  await client.request('POST', '/land/watch/remove', { number })
}

export async function listChanges(client: ApiClient, limit = 100): Promise<ChangesDto> {
  return parseAnswer(Changes, await client.request('GET', `/land/watch/changes?limit=${limit}`), 'change notices')
}

export async function markRead(client: ApiClient, ids?: string[]): Promise<void> {
  await client.request('POST', '/land/watch/changes/read', ids === undefined ? {} : { ids })
}

const Holding = z
  .object({
    as: z.enum(['owner', 'right']),
    section: z.enum(['A', 'B']),
    rank: z.string(),
    purpose: z.string().nullable(),
    share: z.string().nullable(),
    name: z.string(),
  })
  .passthrough()
const OwnerRegister = z.object({ number: z.string(), address: z.string(), road: z.string().nullable().default(null), kind: z.string(), holds: z.array(Holding) }).passthrough()
const OwnerLookup = z.object({ height: z.number().int(), registers: z.array(OwnerRegister), more: z.boolean().default(false) }).passthrough()
export type OwnerLookupDto = z.infer<typeof OwnerLookup>

/** The node a lookup is addressed to (its payload names it: a lookup signed for one node is refused by any other). */
export async function lookupAudience(client: ApiClient): Promise<string> {
  return parseAnswer(z.object({ node: z.string() }).passthrough(), await client.request('GET', '/land/owners/audience'), 'owner lookup').node
}

/** Send a signed lookup (the transaction JSON the keys store signed, never submitted to the chain). */
export async function lookupOwners(client: ApiClient, signed: unknown): Promise<OwnerLookupDto> {
  return parseAnswer(OwnerLookup, await client.request('POST', '/land/owners', signed), 'owner lookup')
}
