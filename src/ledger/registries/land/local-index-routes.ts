/**
 * Routes of the land register's node-local reads (docs/adr/0038), below /api/v1/land/:
 *   GET  /index                    the indexes' height against the head
 *   GET  /owners/audience          the node a signed lookup is addressed to
 *   POST /owners                   registers by owner: a signed lookup (local-index-owners.ts)
 *   GET  /watch                    the watch list
 *   POST /watch                    { number } put a register on it
 *   POST /watch/remove             { number } take it off
 *   GET  /watch/changes            notifications, newest first, with the unread count
 *   POST /watch/changes/read       { ids } (or all) marked read
 * The address search (GET /search?address=) reads the address index through `searchByAddress`.
 */
import { z } from 'zod'
import { type RegistryHost, route } from '../types'
import { landLocal } from './local-index'
import { guardOf, lookupAudience, lookupOwners } from './local-index-owners'
import type { LandRegisterSummaryDto } from './portable/dto'
import { addressMatches } from './portable/address'
import { headKey } from './portable/keys'
import type { Head } from './portable/schema'
import { addressOf, searchRegisters, summaryOf } from './queries'
import { addWatch, listNotes, listWatch, markRead, removeWatch } from './watch'

/** how long a read waits for the index to catch up before it answers from what it has (or falls back) */
const WAIT_MS = 2_000

export interface AddressSearchAnswer {
  results: LandRegisterSummaryDto[]
  /** `index`: the node-local address index; `scan`: the bounded scan of state, while the index catches up */
  source: 'index' | 'scan'
  indexHeight: number
  head: number
}

/**
 * Registers by address words through the address index, each checked against state (its address still matches); the
 * bounded state scan (queries.ts) while the index is still catching up, saying so in `source`.
 */
export async function searchByAddress(host: RegistryHost, address: string, limit: number): Promise<AddressSearchAnswer> {
  const ix = landLocal(host)
  const ready = await ix.ensure(WAIT_MS)
  const status = await ix.status()
  if (!ready) {
    return { results: await searchRegisters(host.state, { address, limit }), source: 'scan', indexHeight: status.height, head: status.head }
  }
  const results: LandRegisterSummaryDto[] = []
  for (const number of await ix.searchAddress(address, limit)) {
    const head = await host.state.get(headKey(number))
    if (head === undefined) continue
    const { address: lot, road } = await addressOf(host.state, head as unknown as Head)
    if (!addressMatches(address, lot) && !(road !== null && addressMatches(address, road))) continue
    const s = await summaryOf(host.state, number, head)
    if (s !== null) results.push(s)
  }
  return { results, source: 'index', indexHeight: status.height, head: status.head }
}

const number = z.string().trim().min(1).max(40)

export const LAND_LOCAL_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/land/index',
    summary: "The land register's node-local indexes (address, owner, watch list): the height they are caught up to, against the head",
    handler: async ({ host }) => {
      const ix = landLocal(host)
      await ix.ensure(WAIT_MS)
      return { body: await ix.status() }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/owners/audience',
    summary: 'The audience an owner lookup signed for this node names in its payload ({ id, node }): a lookup addressed to another node is refused here',
    handler: async ({ host }) => ({ body: { node: await lookupAudience(host) } }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/land/owners',
    summary:
      'Registers where a person or company owns or holds a live right, by registration number: a request signed by a registrar, bank officer or commissioning authority (type land.query.owners, valid 2 minutes, used once); the number hashed with the node’s pepper, never stored',
    body: z.unknown(),
    maxBodyBytes: 8 * 1024,
    handler: async ({ host, body }) => ({ body: await lookupOwners(host, body, Date.now()) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/watch',
    summary: 'The watch list (등기변동 알림): the registers this node follows',
    handler: async ({ host }) => ({ body: await listWatch(host.state) }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/land/watch',
    summary: 'Put a register on the watch list (changes to it from the next block on become notifications)',
    body: z.object({ number }).strict(),
    handler: async ({ host, body }) => {
      // notifications start after the blocks indexed so far: catch up first, so the blocks before adding stay quiet
      await landLocal(host).ensure(WAIT_MS)
      return { body: await addWatch(host.state, (e) => host.keepLocal(e), body.number, Date.now()) }
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/land/watch/remove',
    summary: 'Take a register off the watch list (its notifications stay)',
    body: z.object({ number }).strict(),
    handler: async ({ host, body }) => ({ body: { removed: await removeWatch(host.state, (e) => host.keepLocal(e), body.number) } }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/land/watch/changes',
    summary: 'Changes to watched registers in words (application received, entry entered, entry cancelled, application rejected or withdrawn), newest first, with the unread count',
    query: z.object({
      unread: z.enum(['true', 'false']).optional(),
      register: number.optional(),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: async ({ host, query }) => {
      const ix = landLocal(host)
      await ix.ensure(WAIT_MS)
      const { height } = await ix.status()
      const r = await listNotes(host.state, {
        unreadOnly: query.unread === 'true',
        ...(query.register !== undefined ? { register: query.register } : {}),
        limit: query.limit,
      })
      return { body: { ...r, indexHeight: height } }
    },
  }),
  route({
    method: 'POST',
    path: '/api/v1/land/watch/changes/read',
    summary: 'Mark notifications read: the ids given, or all of them',
    body: z.object({ ids: z.array(z.string().max(40)).max(1000).optional() }).strict(),
    handler: async ({ host, body }) => ({ body: { marked: await markRead(host.state, (e) => host.keepLocal(e), body.ids ?? null) } }),
  }),
]

/** Start the node's land indexes: catch up now and after each committed block (Registry.startLocal). */
export function startLandLocal(host: RegistryHost): () => void {
  guardOf(host, Date.now())
  return landLocal(host).start()
}
