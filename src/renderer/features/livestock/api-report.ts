/**
 * What the reporting screens read of the livestock register (the node's read routes below /api/v1/livestock/, docs/adr/
 * 0041), parsed with schemas of their own: what the screens show checked, the rest passed through.
 *
 *   GET /livestock/sites/:site        a farm or business: kind, name, area, keepers, closed
 *   GET /livestock/standstills        the standstills in force, each with its site or area
 *   GET /livestock/animals/:animal    an animal's head and events (where it is, whether tagged: the move's state)
 */
import { z } from 'zod'
import { SITE_KINDS, StandstillTargetSchema } from '../../../ledger/registries/livestock/portable/schema'
import { ApiError, type ApiClient } from '../../api/client'
import { parseAnswer } from '../../api/parse'

const enc = encodeURIComponent

export const SiteDto = z
  .object({
    site: z.string(),
    kind: z.enum(SITE_KINDS),
    name: z.string(),
    area: z.string(),
    address: z.string(),
    keepers: z.array(z.string()),
    closed: z.boolean().default(false),
    agency: z.string().default(''),
    registeredAt: z.number().int().default(0),
  })
  .passthrough()
export type SiteDto = z.infer<typeof SiteDto>

const isNotFound = (e: unknown): boolean =>
  e instanceof ApiError && (e.status === 404 || e.code === 'NOT_FOUND' || (e.code as string | undefined) === 'LIVESTOCK_UNKNOWN_SITE' || (e.code as string | undefined) === 'LIVESTOCK_UNKNOWN_ANIMAL')

/** the orders in force on a site or its areas, as the site's answer lists them */
const InForce = z.array(z.object({ order: z.string(), lifted: z.unknown().nullable().default(null) }).passthrough()).default([])
export type SiteRead = SiteDto & { standstills: z.infer<typeof InForce> }

/** A site by its number with the standstills in force on it or its areas, or null when none is registered under it. */
export async function getSite(client: ApiClient, site: string): Promise<SiteRead | null> {
  try {
    const body = await client.request('GET', `/livestock/sites/${enc(site)}`)
    const answer = z.object({ site: SiteDto, standstills: InForce }).passthrough().transform((o) => ({ ...o.site, standstills: o.standstills.filter((s) => s.lifted === null) }))
    return parseAnswer(answer, body, 'livestock site')
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

export const StandstillDto = z
  .object({
    target: StandstillTargetSchema,
    order: z.string(),
    disease: z.string(),
    reason: z.string(),
    placedOn: z.string(),
    height: z.number().int().optional(),
    lifted: z.unknown().nullable().default(null),
  })
  .passthrough()
export type StandstillDto = z.infer<typeof StandstillDto>

/** The standstills in force (lifted ones left out, whatever the node sends). */
export async function listStandstills(client: ApiClient): Promise<StandstillDto[]> {
  const body = await client.request('GET', '/livestock/standstills')
  const list = parseAnswer(z.union([z.array(StandstillDto), z.object({ standstills: z.array(StandstillDto) }).passthrough().transform((o) => o.standstills)]), body, 'standstill list')
  return list.filter((s) => s.lifted === null)
}

const AnimalHeadDto = z
  .object({
    animal: z.string(),
    status: z.enum(['alive', 'dead', 'slaughtered', 'exported']),
    site: z.string(),
    tagged: z.string().nullable(),
    birthDate: z.string(),
  })
  .passthrough()
const AnimalDto = z.object({ head: AnimalHeadDto, events: z.array(z.object({ seq: z.number(), kind: z.string(), date: z.string() }).passthrough()).default([]) }).passthrough()
export type AnimalDto = z.infer<typeof AnimalDto>

/** An animal's head and history, or null when no animal has the number. */
export async function getAnimal(client: ApiClient, animal: string): Promise<AnimalDto | null> {
  try {
    return parseAnswer(AnimalDto, await client.request('GET', `/livestock/animals/${enc(animal)}`), 'livestock animal')
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

/** The sites a key keeps (reports for), at most `limit`: the report form names them for the session's key. */
export async function listKeeperSites(client: ApiClient, key: string, limit = 50): Promise<SiteDto[]> {
  const body = await client.request('GET', `/livestock/sites?keeper=${enc(key)}&limit=${limit}`)
  return parseAnswer(z.object({ sites: z.array(SiteDto) }).passthrough().transform((o) => o.sites), body, 'sites kept')
}
