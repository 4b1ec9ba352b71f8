/**
 * Sites and standstills (docs/adr/0041): an officer registers farms and businesses with their keepers, updates or
 * closes them, and places and lifts standstills on sites and areas. Every check before the first write.
 */
import { DaejangError } from '../../../shared/errors'
import type { TxContext } from '../types'
import { areaStandstillKey, keeperSiteKey, siteKey, siteStandstillKey } from './portable/keys'
import type { Lift, SiteRecord, SiteUpdate, SiteRegister, Standstill, StandstillRecord, StandstillTarget } from './portable/schema'
import { Writes, isInForce, kstDay, lvErr, readSiteRecord } from './rules-common'

function requireDistinctKeys(keys: readonly string[]): void {
  if (new Set(keys).size !== keys.length) throw new DaejangError('BAD_PAYLOAD', 'a keeper is named twice')
}

export async function applySiteRegister(ctx: TxContext<SiteRegister>): Promise<void> {
  const p = ctx.payload
  requireDistinctKeys(p.keepers)
  if ((await readSiteRecord(ctx.state, p.site)) !== undefined) throw lvErr('LIVESTOCK_SITE_EXISTS', `site ${p.site} is already registered`, { site: p.site })
  const agency = ctx.actingFor[0]
  if (agency === undefined) throw new DaejangError('UNAUTHORIZED_ROLE', 'a livestock officer registers sites')
  const rec: SiteRecord = { ...p, closed: false, agency, registeredAt: ctx.height }
  ctx.state.put(siteKey(p.site), rec as never)
  for (const k of p.keepers) ctx.state.put(keeperSiteKey(k, p.site), true)
}

/** An officer of the agency that registered the site changes it (another agency's officer is refused). */
export async function applySiteUpdate(ctx: TxContext<SiteUpdate>): Promise<void> {
  const p = ctx.payload
  const cur = await readSiteRecord(ctx.state, p.site)
  if (cur === undefined) throw lvErr('LIVESTOCK_UNKNOWN_SITE', `no site has the number ${p.site}`, { site: p.site })
  if (!ctx.actingFor.includes(cur.agency)) throw new DaejangError('UNAUTHORIZED_ROLE', `site ${p.site} is kept by another agency's officers`)
  if (p.keepers !== undefined) requireDistinctKeys(p.keepers)
  const next: SiteRecord = {
    ...cur,
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.address !== undefined ? { address: p.address } : {}),
    ...(p.keepers !== undefined ? { keepers: p.keepers } : {}),
    ...(p.closed !== undefined ? { closed: p.closed } : {}),
  }
  ctx.state.put(siteKey(p.site), next as never)
  if (p.keepers !== undefined) {
    for (const k of cur.keepers) if (!p.keepers.includes(k)) ctx.state.del(keeperSiteKey(k, p.site))
    for (const k of p.keepers) if (!cur.keepers.includes(k)) ctx.state.put(keeperSiteKey(k, p.site), true)
  }
}

const targetKey = (t: StandstillTarget): string => (t.kind === 'site' ? siteStandstillKey(t.site) : areaStandstillKey(t.area))
const targetName = (t: StandstillTarget): string => (t.kind === 'site' ? `site ${t.site}` : `area ${t.area}`)

function requireDistinctTargets(targets: readonly StandstillTarget[]): string[] {
  const keys = targets.map(targetKey)
  if (new Set(keys).size !== keys.length) throw lvErr('LIVESTOCK_DUPLICATE', 'a site or area is named twice in the order')
  return keys
}

/** A standstill on every target, or on none: a site must be registered; one already in force refuses the order. */
export async function applyStandstillPlace(ctx: TxContext<Standstill>): Promise<void> {
  const p = ctx.payload
  const keys = requireDistinctTargets(p.targets)
  const sites = await Promise.all(p.targets.map((t) => (t.kind === 'site' ? readSiteRecord(ctx.state, t.site) : Promise.resolve(null))))
  const cur = await Promise.all(keys.map((k) => ctx.state.get(k)))
  const w = new Writes()
  for (let i = 0; i < keys.length; i++) {
    const t = p.targets[i]!
    if (sites[i] === undefined) throw lvErr('LIVESTOCK_UNKNOWN_SITE', `no site has the number ${(t as { site: string }).site}`)
    const r = cur[i] as unknown as StandstillRecord | undefined
    if (isInForce(r)) throw lvErr('LIVESTOCK_STANDSTILL_EXISTS', `a standstill (order ${r.order}) is already in force on ${targetName(t)}`, { order: r.order })
    const rec: StandstillRecord = { order: p.order, disease: p.disease, reason: p.reason, placedOn: kstDay(ctx.time), height: ctx.height, by: ctx.signer, lifted: null }
    w.put(keys[i]!, rec)
  }
  w.commit(ctx.state)
}

/** Lifts the standstills the order named (`order`: the placing order's number) on every target, or on none. */
export async function applyStandstillLift(ctx: TxContext<Lift>): Promise<void> {
  const p = ctx.payload
  const keys = requireDistinctTargets(p.targets)
  const cur = await Promise.all(keys.map((k) => ctx.state.get(k)))
  const w = new Writes()
  for (let i = 0; i < keys.length; i++) {
    const r = cur[i] as unknown as StandstillRecord | undefined
    if (!isInForce(r) || r.order !== p.order) {
      throw lvErr('LIVESTOCK_NO_STANDSTILL', `no standstill of order ${p.order} is in force on ${targetName(p.targets[i]!)}`, { order: p.order })
    }
    w.put(keys[i]!, { ...r, lifted: { order: p.order, on: kstDay(ctx.time), height: ctx.height, reason: p.reason } })
  }
  w.commit(ctx.state)
}
