/**
 * What the livestock register's read routes answer (below /api/v1/livestock/, registries/livestock/routes.ts): types
 * only, portable, so the renderer's clients and the CLI read the shapes the node writes.
 */
import type { AnimalEvent, AnimalHead, BundleRecord, SiteRecord, StandstillRecord, StandstillTarget } from './schema'

/** GET /animals/:number — an animal's head and every event, oldest first, as of the block `height`. */
export interface LivestockAnimalDto {
  head: AnimalHead
  events: AnimalEvent[]
  height: number
}

/** A standstill in force, with what it is on. */
export interface LivestockStandstillDto extends StandstillRecord {
  target: StandstillTarget
}

/** GET /sites/:site — a site and the standstills in force on it or on its areas. */
export interface LivestockSiteDto {
  site: SiteRecord
  standstills: LivestockStandstillDto[]
  height: number
}

/** GET /bundles/:bundle — a mixed pack and its animals. */
export interface LivestockBundleDto {
  bundle: BundleRecord
  height: number
}

/** GET /standstills — the standstills in force (at most `limit`; `more` when there are others). */
export interface LivestockStandstillsDto {
  standstills: LivestockStandstillDto[]
  more: boolean
  height: number
}

/** GET /sites?keeper=<key> — the sites a key keeps (open and closed), by number. */
export interface LivestockKeeperSitesDto {
  sites: SiteRecord[]
  more: boolean
  height: number
}
