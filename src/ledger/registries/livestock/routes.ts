/**
 * Read routes of the livestock register (below /api/v1/livestock/, docs/adr/0041). Reports are signed transactions
 * (livestock.*) sent through POST /api/v1/txs; these read: an animal with its history, a site with the standstills in
 * force on it, a bundle, the standstills in force. Answers' shapes: portable/dto.ts.
 */
import { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import { route } from '../types'
import type { LivestockAnimalDto, LivestockBundleDto, LivestockKeeperSitesDto, LivestockSiteDto, LivestockStandstillsDto } from './portable/dto'
import { LIVESTOCK_ERRORS } from './portable/errors'
import { animalNumber, bundleNumber, siteCode } from './portable/schema'
import { readAnimal, readBundle, readSite, sitesOfKeeper, standstillsInForce } from './queries'

const unknown = (code: 'LIVESTOCK_UNKNOWN_ANIMAL' | 'LIVESTOCK_UNKNOWN_SITE' | 'LIVESTOCK_UNKNOWN_BUNDLE', what: string): DaejangError =>
  new DaejangError(code, `${LIVESTOCK_ERRORS[code].message} (${what})`)

export const LIVESTOCK_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/livestock/animals/:number',
    summary: "An animal by its 12-digit number: its record (breed, sex, birth, farms with dates, status, slaughter, grade, alerts) and every event, oldest first",
    params: z.object({ number: animalNumber }),
    handler: async ({ host, params }) => {
      const a = await readAnimal(host.state, params.number)
      if (a === null) throw unknown('LIVESTOCK_UNKNOWN_ANIMAL', params.number)
      const body: LivestockAnimalDto = { ...a, height: host.chain.head().height }
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/sites/:site',
    summary: 'A farm or business by its 6-digit number: kind, name, area, keepers, and the standstills in force on it or its areas',
    params: z.object({ site: siteCode }),
    handler: async ({ host, params }) => {
      const s = await readSite(host.state, params.site)
      if (s === null) throw unknown('LIVESTOCK_UNKNOWN_SITE', params.site)
      const body: LivestockSiteDto = { ...s, height: host.chain.head().height }
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/sites',
    summary: 'The farms and businesses a key keeps (open and closed), by number: what a reporter may report for',
    query: z.object({
      keeper: z.string().regex(/^[0-9a-f]{64}$/, 'a public key: 32 bytes of lowercase hex'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: async ({ host, query }) => {
      const body: LivestockKeeperSitesDto = { ...(await sitesOfKeeper(host.state, query.keeper, query.limit)), height: host.chain.head().height }
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/bundles/:bundle',
    summary: 'A bundle (a pack mixing animals) by its number: the packer, the cut, the date and its animals',
    params: z.object({ bundle: bundleNumber }),
    handler: async ({ host, params }) => {
      const b = await readBundle(host.state, params.bundle)
      if (b === null) throw unknown('LIVESTOCK_UNKNOWN_BUNDLE', params.bundle)
      const body: LivestockBundleDto = { bundle: b, height: host.chain.head().height }
      return { body }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/livestock/standstills',
    summary: 'The standstills in force, on sites and on areas, with their orders',
    query: z.object({ limit: z.coerce.number().int().min(1).max(5000).default(1000) }),
    handler: async ({ host, query }) => {
      const body: LivestockStandstillsDto = { ...(await standstillsInForce(host.state, query.limit)), height: host.chain.head().height }
      return { body }
    },
  }),
]
