/**
 * An animal's life on farms (docs/adr/0041, "Who reports what"): birth, tag, move (both sites sign), vet acts,
 * death, import and export. Each rule reads and checks everything first, then writes (rules-common.ts, `Writes`).
 */
import type { CosignerContext } from '../types'
import { FARMER_ROLE, LIVESTOCK_OFFICER_ROLE, MARKET_ROLE, TAGGER_ROLE, VET_ROLE } from './portable/roles'
import type { AnimalEvent, AnimalHead, Birth, Death, Export, Import, Move, SiteRecord, Tag, Vet } from './portable/schema'
import {
  DEADLINE_DAYS,
  type LivestockEventContext,
  MAX_STAYS,
  Writes,
  arrivedOn,
  closeStay,
  hasLivestockRole,
  isKeeper,
  kstDay,
  lateBy,
  lvErr,
  newHead,
  readHead,
  requireAlive,
  requireAnimal,
  requireAnimalNumber,
  requireDistinct,
  requireKeeper,
  requireNoStandstill,
  requireNotBefore,
  requireNotFuture,
  requireSite,
  requireTagged,
} from './rules-common'

/** A birth on a farm: by a keeper of the farm (farmer) or a tagger on its behalf; late after 5 days. */
export async function applyBirth(ctx: LivestockEventContext<Birth>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  if (p.mother !== undefined) requireAnimalNumber(p.mother)
  const farm = await requireSite(ctx.state, p.farm, ['farm'])
  if (!(await isKeeper(ctx.state, farm, ctx.signer, ctx.time)) && !(await hasLivestockRole(ctx.state, ctx.signer, [TAGGER_ROLE], ctx.time))) {
    throw lvErr('LIVESTOCK_NOT_KEEPER', `a birth on farm ${p.farm} is reported by its keeper or by a tagger`, { site: p.farm })
  }
  if ((await readHead(ctx.state, p.animal)) !== undefined) throw lvErr('LIVESTOCK_ANIMAL_EXISTS', `animal ${p.animal} is already registered`, { animal: p.animal })
  requireNotFuture(p.date, ctx.time)
  if (p.mother !== undefined) requireMother(await requireAnimal(ctx.state, p.mother), p.farm, p.date)
  const head = newHead({
    animal: p.animal,
    breed: p.breed,
    sex: p.sex,
    birthDate: p.date,
    mother: p.mother ?? null,
    origin: { kind: 'born', farm: p.farm },
    status: 'alive',
    site: p.farm,
    stays: [{ site: p.farm, from: p.date, to: null }],
    tagged: null,
  })
  const w = new Writes()
  w.event(ctx, head, { kind: 'birth', date: p.date, late: lateBy(p.date, DEADLINE_DAYS.birth, kstDay(ctx.time)), site: p.farm, detail: { breed: p.breed, sex: p.sex, mother: p.mother ?? null } })
  w.commit(ctx.state)
}

/**
 * A mother named (a lineage is printed on labels and cannot be made up): a registered female born before the calf,
 * alive on the farm of the birth on the day of the birth — one of her stays there covers that day (she may have died
 * calving, or been moved away since, before a late report).
 */
function requireMother(m: AnimalHead, farm: string, date: string): void {
  requireNotBefore(date, m.birthDate, 'the birth of its mother')
  if (m.sex !== 'female') throw lvErr('LIVESTOCK_MOTHER_NOT_FEMALE', `the mother named, ${m.animal}, is not a female`, { animal: m.animal })
  const there = m.stays.some((s) => s.site === farm && s.from <= date && (s.to === null || date <= s.to))
  if (!there) throw lvErr('LIVESTOCK_MOTHER_NOT_ON_FARM', `the mother named, ${m.animal}, was not alive on farm ${farm} on ${date}`, { animal: m.animal, site: farm })
}

/** An ear tag (tagger): alive and untagged; late after 30 days from birth. */
export async function applyTag(ctx: LivestockEventContext<Tag>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  const h = await requireAnimal(ctx.state, p.animal)
  requireAlive(h)
  if (h.tagged !== null) throw lvErr('LIVESTOCK_ALREADY_TAGGED', `animal ${p.animal} was tagged on ${h.tagged}`, { animal: p.animal })
  requireNotFuture(p.date, ctx.time)
  requireNotBefore(p.date, h.birthDate, 'its birth')
  const w = new Writes()
  w.event(ctx, h, { kind: 'tag', date: p.date, late: lateBy(h.birthDate, DEADLINE_DAYS.tag, kstDay(ctx.time)), site: h.site, detail: {} }, { tagged: p.date })
  w.commit(ctx.state)
}

/**
 * A move between farms and markets: the signer keeps `from`, a co-signer keeps `to` (one key keeping both signs
 * alone). Every animal at `from`, alive and tagged; no standstill on either site or its areas.
 */
export async function applyMove(ctx: LivestockEventContext<Move> & { cosigners: readonly CosignerContext[] }): Promise<void> {
  const p = ctx.payload
  for (const a of p.animals) requireAnimalNumber(a)
  requireDistinct(p.animals)
  if (p.from === p.to) throw lvErr('LIVESTOCK_DUPLICATE', 'a move goes from one site to another')
  const kinds: SiteRecord['kind'][] = ['farm', 'market']
  const [from, to] = await Promise.all([requireSite(ctx.state, p.from, kinds, true), requireSite(ctx.state, p.to, kinds)])
  await requireKeeper(ctx.state, from, ctx.signer, ctx.time)
  let toSigned = await isKeeper(ctx.state, to, ctx.signer, ctx.time)
  for (const c of ctx.cosigners) if (!toSigned) toSigned = await isKeeper(ctx.state, to, c.key, ctx.time)
  if (!toSigned) throw lvErr('LIVESTOCK_BOTH_SITES', `a keeper of site ${p.to} has not signed the move`, { site: p.to })
  requireNotFuture(p.date, ctx.time)
  const heads = await Promise.all(p.animals.map((a) => requireAnimal(ctx.state, a)))
  for (const h of heads) {
    requireAlive(h)
    if (h.site !== p.from) throw lvErr('LIVESTOCK_NOT_AT_SITE', `animal ${h.animal} is not at site ${p.from}`, { animal: h.animal, site: h.site })
    requireTagged(h)
    requireNotBefore(p.date, arrivedOn(h), `its arrival at site ${p.from}`)
    if (h.stays.length >= MAX_STAYS) throw lvErr('LIVESTOCK_TOO_MANY_MOVES', `animal ${h.animal} has ${h.stays.length} stays`, { animal: h.animal })
  }
  await requireNoStandstill(ctx.state, [from, to])
  const late = lateBy(p.date, DEADLINE_DAYS.move, kstDay(ctx.time))
  const w = new Writes()
  for (const h of heads) {
    w.event(ctx, h, { kind: 'move', date: p.date, late, site: p.to, detail: { from: p.from, to: p.to } }, { site: p.to, stays: closeStay(h, p.date, p.to) })
  }
  w.commit(ctx.state)
}

/** A vaccination or a disease test (vet) of live animals; a positive result is recorded, the officer decides. */
export async function applyVet(ctx: LivestockEventContext<Vet>): Promise<void> {
  const p = ctx.payload
  for (const a of p.animals) requireAnimalNumber(a)
  requireDistinct(p.animals)
  requireNotFuture(p.date, ctx.time)
  const heads = await Promise.all(p.animals.map((a) => requireAnimal(ctx.state, a)))
  for (const h of heads) {
    requireAlive(h)
    requireNotBefore(p.date, h.birthDate, 'its birth')
  }
  const w = new Writes()
  for (const h of heads) {
    const detail: AnimalEvent['detail'] = p.act === 'test' ? { disease: p.disease, result: p.result ?? null } : { disease: p.disease, product: p.product ?? null }
    w.event(ctx, h, { kind: p.act === 'test' ? 'test' : 'vaccination', date: p.date, site: h.site, detail })
  }
  w.commit(ctx.state)
}

/** A death on the farm (a keeper of the animal's farm, or a vet); late after 5 days. */
export async function applyDeath(ctx: LivestockEventContext<Death>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  const h = await requireAnimal(ctx.state, p.animal)
  requireAlive(h)
  const site = await requireSite(ctx.state, h.site, ['farm', 'market'], true)
  if (!(await hasLivestockRole(ctx.state, ctx.signer, [VET_ROLE], ctx.time)) && !(await isKeeper(ctx.state, site, ctx.signer, ctx.time))) {
    throw lvErr('LIVESTOCK_NOT_KEEPER', `a death on site ${h.site} is reported by its keeper or by a vet`, { site: h.site })
  }
  requireNotFuture(p.date, ctx.time)
  requireNotBefore(p.date, arrivedOn(h), `its arrival at site ${h.site}`)
  const w = new Writes()
  w.event(
    ctx,
    h,
    { kind: 'death', date: p.date, late: lateBy(p.date, DEADLINE_DAYS.death, kstDay(ctx.time)), site: h.site, detail: { cause: p.cause, disposal: p.disposal } },
    { status: 'dead', stays: closeStay(h, p.date) },
  )
  w.commit(ctx.state)
}

/** An imported animal given its Korean number on a farm (a keeper of the farm, or an officer); tagged on import. */
export async function applyImport(ctx: LivestockEventContext<Import>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  const farm = await requireSite(ctx.state, p.farm, ['farm'])
  if (!(await hasLivestockRole(ctx.state, ctx.signer, [LIVESTOCK_OFFICER_ROLE], ctx.time)) && !(await isKeeper(ctx.state, farm, ctx.signer, ctx.time))) {
    throw lvErr('LIVESTOCK_NOT_KEEPER', `an import to farm ${p.farm} is reported by its keeper or by an officer`, { site: p.farm })
  }
  if ((await readHead(ctx.state, p.animal)) !== undefined) throw lvErr('LIVESTOCK_ANIMAL_EXISTS', `animal ${p.animal} is already registered`, { animal: p.animal })
  requireNotFuture(p.date, ctx.time)
  requireNotBefore(p.date, p.birthDate, 'its birth')
  await requireNoStandstill(ctx.state, [farm])
  const head = newHead({
    animal: p.animal,
    breed: p.breed,
    sex: p.sex,
    birthDate: p.birthDate,
    mother: null,
    origin: { kind: 'imported', lot: p.lot, country: p.country, foreignId: p.foreignId },
    status: 'alive',
    site: p.farm,
    stays: [{ site: p.farm, from: p.date, to: null }],
    tagged: p.date,
  })
  const w = new Writes()
  w.event(ctx, head, {
    kind: 'import',
    date: p.date,
    late: lateBy(p.date, DEADLINE_DAYS.import, kstDay(ctx.time)),
    site: p.farm,
    detail: { lot: p.lot, country: p.country, foreignId: p.foreignId },
  })
  w.commit(ctx.state)
}

/** A live animal exported from its farm (a keeper of the farm): alive, tagged, there, no standstill. */
export async function applyExport(ctx: LivestockEventContext<Export>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  const farm = await requireSite(ctx.state, p.farm, ['farm'], true)
  await requireKeeper(ctx.state, farm, ctx.signer, ctx.time)
  const h = await requireAnimal(ctx.state, p.animal)
  requireAlive(h)
  if (h.site !== p.farm) throw lvErr('LIVESTOCK_NOT_AT_SITE', `animal ${p.animal} is not at farm ${p.farm}`, { animal: p.animal, site: h.site })
  requireTagged(h)
  requireNotFuture(p.date, ctx.time)
  requireNotBefore(p.date, arrivedOn(h), `its arrival at farm ${p.farm}`)
  await requireNoStandstill(ctx.state, [farm])
  const w = new Writes()
  w.event(
    ctx,
    h,
    { kind: 'export', date: p.date, late: lateBy(p.date, DEADLINE_DAYS.export, kstDay(ctx.time)), site: p.farm, detail: { country: p.country } },
    { status: 'exported', stays: closeStay(h, p.date) },
  )
  w.commit(ctx.state)
}

/** the roles that sign a move: a keeper of a farm or a market, on each side */
export const FARM_ROLES = [FARMER_ROLE, MARKET_ROLE] as const
