/**
 * Reads of the livestock register over committed state (docs/adr/0041): an animal's head and its whole history, a
 * site with the standstills in force on it, a bundle, the standstills in force. The read routes and the CLI use them;
 * the consumer lookup (c-label) reads an animal through readAnimal.
 */
import { DaejangError } from '../../../shared/errors'
import type { StateReader } from '../../state/view'
import type { CommittedReader } from '../types'
import type { LivestockStandstillDto } from './portable/dto'
import { areaPrefixes } from './portable/identifiers'
import { animalEventKey, animalKey, areaStandstillKey, bundleKey, keeperSitesPrefix, siteKey, siteStandstillKey } from './portable/keys'
import type { AnimalEvent, AnimalHead, BundleRecord, SiteRecord, StandstillRecord } from './portable/schema'

/** An animal's head and every event, oldest first: the events asked for in one turn (one getMany on the store). */
export async function readAnimal(state: StateReader, animal: string): Promise<{ head: AnimalHead; events: AnimalEvent[] } | null> {
  const head = (await state.get(animalKey(animal))) as unknown as AnimalHead | undefined
  if (head === undefined) return null
  const got = await Promise.all(Array.from({ length: head.events }, (_, i) => state.get(animalEventKey(animal, i + 1))))
  const events: AnimalEvent[] = []
  for (let i = 0; i < got.length; i++) {
    const e = got[i] as unknown as AnimalEvent | undefined
    if (e === undefined) throw new DaejangError('INTERNAL', `animal ${animal} lacks its event ${i + 1}`)
    events.push(e)
  }
  return { head, events }
}

export async function readSite(state: StateReader, site: string): Promise<{ site: SiteRecord; standstills: LivestockStandstillDto[] } | null> {
  const rec = (await state.get(siteKey(site))) as unknown as SiteRecord | undefined
  if (rec === undefined) return null
  const targets: LivestockStandstillDto['target'][] = [{ kind: 'site', site }, ...areaPrefixes(rec.area).map((area) => ({ kind: 'area' as const, area }))]
  const got = await Promise.all(targets.map((t) => state.get(t.kind === 'site' ? siteStandstillKey(t.site) : areaStandstillKey(t.area))))
  const standstills: LivestockStandstillDto[] = []
  for (let i = 0; i < targets.length; i++) {
    const r = got[i] as unknown as StandstillRecord | undefined
    if (r !== undefined && r.lifted === null) standstills.push({ ...r, target: targets[i]! })
  }
  return { site: rec, standstills }
}

export async function readBundle(state: StateReader, bundle: string): Promise<BundleRecord | null> {
  return ((await state.get(bundleKey(bundle))) as unknown as BundleRecord | undefined) ?? null
}

/** how many standstill records (in force or lifted) one listing walks past at most */
const MAX_SCANNED = 100_000

/** The standstills in force, sites first then areas, each in key order; at most `limit`. */
export async function standstillsInForce(state: CommittedReader, limit: number): Promise<{ standstills: LivestockStandstillDto[]; more: boolean }> {
  const out: LivestockStandstillDto[] = []
  let more = false
  for await (const [k, v] of state.scanState('lv/ss/', MAX_SCANNED)) {
    const r = v as unknown as StandstillRecord
    if (r.lifted !== null) continue
    if (out.length === limit) {
      more = true
      break
    }
    const rest = k.slice('lv/ss/'.length)
    const target: LivestockStandstillDto['target'] = rest.startsWith('s/') ? { kind: 'site', site: rest.slice(2) } : { kind: 'area', area: rest.slice(2) }
    out.push({ ...r, target })
  }
  return { standstills: out, more }
}

/** The sites a key keeps (open and closed), by number; at most `limit`. */
export async function sitesOfKeeper(state: CommittedReader, key: string, limit: number): Promise<{ sites: SiteRecord[]; more: boolean }> {
  const prefix = keeperSitesPrefix(key)
  const numbers: string[] = []
  for await (const [k] of state.scanState(prefix, limit + 1)) numbers.push(k.slice(prefix.length))
  const more = numbers.length > limit
  const got = await Promise.all(numbers.slice(0, limit).map((n) => state.get(siteKey(n))))
  return { sites: got.filter((x) => x !== undefined) as unknown as SiteRecord[], more }
}
