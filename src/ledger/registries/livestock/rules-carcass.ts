/**
 * From the slaughterhouse to the shop (docs/adr/0041, "Who reports what"): slaughter, grade, pack (a bundle for a
 * mixed pack), sale, and the lab's DNA comparison. Each rule reads and checks everything first, then writes.
 */
import { bundleKey, dnaSampleKey, heldKey, siteKey } from './portable/keys'
import type { BundleRecord, DnaSampleRecord, Dna, Grade, HeldRecord, Pack, Sale, Slaughter } from './portable/schema'
import { BUNDLE_SHAPE } from './portable/identifiers'
import {
  type LivestockEventContext,
  Writes,
  arrivedOn,
  closeStay,
  lvErr,
  requireAlive,
  requireAnimal,
  requireAnimalNumber,
  requireCarcass,
  requireDistinct,
  requireKeeper,
  requireNoStandstill,
  requireNotBefore,
  requireNotFuture,
  requireSite,
  requireTagged,
} from './rules-common'

/**
 * A slaughter (a keeper of the slaughterhouse): the animal registered, alive, tagged, and no standstill on the site it
 * comes from, the slaughterhouse, or their areas; the inspection result and the DNA sample are kept.
 */
export async function applySlaughter(ctx: LivestockEventContext<Slaughter>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  const house = await requireSite(ctx.state, p.slaughterhouse, ['slaughterhouse'])
  await requireKeeper(ctx.state, house, ctx.signer, ctx.time)
  const h = await requireAnimal(ctx.state, p.animal)
  requireAlive(h)
  requireTagged(h)
  requireNotFuture(p.date, ctx.time)
  requireNotBefore(p.date, arrivedOn(h), `its arrival at site ${h.site}`)
  const origin = await requireSite(ctx.state, h.site, ['farm', 'market'], true)
  await requireNoStandstill(ctx.state, [origin, house])
  const slaughter = { site: p.slaughterhouse, date: p.date, inspection: p.inspection, dnaSample: p.dnaSample }
  const w = new Writes()
  w.event(
    ctx,
    h,
    { kind: 'slaughter', date: p.date, site: p.slaughterhouse, detail: { from: h.site, inspection: p.inspection, dnaSample: p.dnaSample } },
    { status: 'slaughtered', slaughter, stays: closeStay(h, p.date) },
  )
  w.commit(ctx.state)
}

/** A carcass graded (grader): slaughtered and passed, once. */
export async function applyGrade(ctx: LivestockEventContext<Grade>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  const h = await requireAnimal(ctx.state, p.animal)
  const s = requireCarcass(h)
  if (h.grade !== null) throw lvErr('LIVESTOCK_ALREADY_GRADED', `animal ${p.animal} was graded ${h.grade.quality}`, { animal: p.animal })
  requireNotFuture(p.date, ctx.time)
  requireNotBefore(p.date, s.date, 'its slaughter')
  const grade = { quality: p.quality, yield: p.yield ?? null, weightKg: p.weightKg }
  const w = new Writes()
  w.event(ctx, h, { kind: 'grade', date: p.date, site: s.site, detail: grade }, { grade })
  w.commit(ctx.state)
}

/**
 * Cuts packed (a keeper of the packer): every animal slaughtered and passed; several need a new bundle number. Sent to
 * a shop, the shop then holds the meat: under the bundle's number and each animal's (`lv/h/<shop>/<number>`).
 */
export async function applyPack(ctx: LivestockEventContext<Pack>): Promise<void> {
  const p = ctx.payload
  for (const a of p.animals) requireAnimalNumber(a)
  requireDistinct(p.animals)
  const packer = await requireSite(ctx.state, p.packer, ['packer'])
  await requireKeeper(ctx.state, packer, ctx.signer, ctx.time)
  if (p.animals.length > 1 && p.bundle === undefined) throw lvErr('LIVESTOCK_BUNDLE_REQUIRED', `a pack of ${p.animals.length} animals needs a bundle number`)
  if (p.bundle !== undefined && (await ctx.state.get(bundleKey(p.bundle))) !== undefined) {
    throw lvErr('LIVESTOCK_BUNDLE_EXISTS', `bundle ${p.bundle} already exists`, { bundle: p.bundle })
  }
  requireNotFuture(p.date, ctx.time)
  if (p.shop !== undefined) await requireSite(ctx.state, p.shop, ['shop'])
  const heads = await Promise.all(p.animals.map((a) => requireAnimal(ctx.state, a)))
  for (const h of heads) requireNotBefore(p.date, requireCarcass(h).date, `the slaughter of ${h.animal}`)
  const w = new Writes()
  if (p.shop !== undefined) {
    const held: HeldRecord = { packer: p.packer, date: p.date, bundle: p.bundle ?? null, height: ctx.height, tx: ctx.hash }
    for (const n of p.bundle !== undefined ? [p.bundle, ...p.animals] : p.animals) w.put(heldKey(p.shop, n), held)
  }
  if (p.bundle !== undefined) {
    const b: BundleRecord = { bundle: p.bundle, packer: p.packer, date: p.date, cut: p.cut, animals: [...p.animals], height: ctx.height, tx: ctx.hash }
    w.put(bundleKey(p.bundle), b)
  }
  for (const h of heads) w.event(ctx, h, { kind: 'pack', date: p.date, site: p.packer, detail: { cut: p.cut, bundle: p.bundle ?? null, ...(p.shop !== undefined ? { shop: p.shop } : {}) } })
  w.commit(ctx.state)
}

/**
 * The meat a shop holds under a number (an animal's or a bundle's): a pack sent to it (LIVESTOCK_NOT_HELD otherwise).
 * What the Korean system records: the packer's 거래 report names the shop it sells to (docs/adr/0041).
 */
async function requireHeld(ctx: LivestockEventContext<unknown>, shop: string, number: string): Promise<HeldRecord> {
  const held = (await ctx.state.get(heldKey(shop, number))) as unknown as HeldRecord | undefined
  if (held === undefined) throw lvErr('LIVESTOCK_NOT_HELD', `shop ${shop} holds no meat under ${number}: no pack was sent to it`, { site: shop, number })
  return held
}

/** A sale (a keeper of the shop) of meat the shop holds, under an animal's number (slaughtered and passed) or a bundle's. */
export async function applySale(ctx: LivestockEventContext<Sale>): Promise<void> {
  const p = ctx.payload
  const shop = await requireSite(ctx.state, p.shop, ['shop'])
  await requireKeeper(ctx.state, shop, ctx.signer, ctx.time)
  requireNotFuture(p.date, ctx.time)
  let animals: string[]
  let bundle: string | null = null
  if (BUNDLE_SHAPE.test(p.number)) {
    const b = (await ctx.state.get(bundleKey(p.number))) as unknown as BundleRecord | undefined
    if (b === undefined) throw lvErr('LIVESTOCK_UNKNOWN_BUNDLE', `no bundle has the number ${p.number}`, { bundle: p.number })
    animals = b.animals
    bundle = b.bundle
  } else {
    animals = [requireAnimalNumber(p.number)]
  }
  const heads = await Promise.all(animals.map((a) => requireAnimal(ctx.state, a)))
  for (const h of heads) requireNotBefore(p.date, requireCarcass(h).date, `the slaughter of ${h.animal}`)
  requireNotBefore(p.date, (await requireHeld(ctx, p.shop, p.number)).date, 'the packing of the meat sent to the shop')
  const w = new Writes()
  for (const h of heads) w.event(ctx, h, { kind: 'sale', date: p.date, site: p.shop, detail: { bundle } })
  w.commit(ctx.state)
}

/**
 * A DNA comparison (lab) of a sample taken at a shop, of meat the shop holds under the animal's number, with the
 * animal's slaughter sample: one result per sample (LIVESTOCK_SAMPLE_EXISTS), kept at `lv/dna/<sample>`. A mismatch
 * raises the alerts of the animal and of the shop.
 */
export async function applyDna(ctx: LivestockEventContext<Dna>): Promise<void> {
  const p = ctx.payload
  requireAnimalNumber(p.animal)
  const shop = await requireSite(ctx.state, p.shop, ['shop'])
  const h = await requireAnimal(ctx.state, p.animal)
  const s = requireCarcass(h)
  if ((await ctx.state.get(dnaSampleKey(p.sample))) !== undefined) throw lvErr('LIVESTOCK_SAMPLE_EXISTS', `sample ${p.sample} already has a result`, { sample: p.sample })
  const held = await requireHeld(ctx, p.shop, p.animal)
  requireNotFuture(p.date, ctx.time)
  requireNotBefore(p.date, s.date, 'its slaughter')
  requireNotBefore(p.date, held.date, 'the packing of the meat sent to the shop')
  const match = p.result === 'match'
  const w = new Writes()
  const rec: DnaSampleRecord = { sample: p.sample, animal: p.animal, shop: p.shop, date: p.date, match, height: ctx.height, tx: ctx.hash }
  w.put(dnaSampleKey(p.sample), rec)
  if (!match) w.put(siteKey(p.shop), { ...shop, alerts: (shop.alerts ?? 0) + 1 })
  w.event(ctx, h, { kind: 'dna', date: p.date, site: p.shop, detail: { match, sample: p.sample, slaughterSample: s.dnaSample } }, match ? {} : { alerts: h.alerts + 1 })
  w.commit(ctx.state)
}
