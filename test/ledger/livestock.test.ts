/**
 * The livestock register's rules (docs/adr/0041) on a real node driven block by block: a whole life from birth to the
 * shop, and every refusal with its code and the state root unchanged.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { animalEventKey, bundleKey, dnaSampleKey, siteKey, siteStandstillKey } from '../../src/ledger/registries/livestock/portable/keys'
import type { AnimalEvent, BundleRecord, SiteRecord, StandstillRecord } from '../../src/ledger/registries/livestock/portable/schema'
import { readAnimal } from '../../src/ledger/registries/livestock/queries'
import { signerFor } from './helpers'
import {
  AREA_A,
  AREA_HOUSE,
  FARM_A,
  FARM_B,
  HOUSE,
  MARKET,
  PACKER,
  SHOP,
  SHOP_2,
  TODAY,
  accepted,
  animal,
  birth,
  block,
  cleanup,
  daysAgo,
  farmerA,
  farmerB,
  fx,
  grant,
  grade,
  head,
  lab,
  lift,
  marketKeeper,
  move,
  officer,
  pack,
  packer,
  pk,
  place,
  refused,
  sale,
  setUp,
  shop,
  single,
  site,
  slaughter,
  stranger,
  tag,
  tagged,
  tagger,
  vet,
} from './livestock-harness'

afterEach(() => cleanup.run())

describe('livestock: a whole life', () => {
  it('is born, tagged, moved, vaccinated, slaughtered, graded, packed into a mixed bundle and sold', async () => {
    const node = await setUp()
    const [cow, other] = [animal(1), animal(2)]
    await accepted(node, birth(farmerA, cow), birth(tagger, other, { sex: 'castrated', breed: 'beef' }))
    await accepted(node, tag(cow), tag(other))
    await accepted(node, move([cow, other]))
    await accepted(node, single(vet, 'livestock.vet', { animals: [cow, other], date: TODAY, act: 'vaccination', disease: 'fmd', product: '구제역 백신' }))
    await accepted(node, single(vet, 'livestock.vet', { animals: [cow], date: TODAY, act: 'test', disease: 'brucellosis', result: 'negative' }))
    await accepted(node, slaughter(cow), slaughter(other))
    await accepted(node, grade(cow), grade(other, { quality: '2', yield: 'B' }))
    await accepted(node, pack([cow, other], 'L12311150000001'), pack([cow]))
    await accepted(node, sale('L12311150000001'), sale(cow))
    await accepted(node, single(lab, 'livestock.dna', { sample: 'LAB-0001', animal: cow, shop: SHOP, date: TODAY, result: 'match' }))

    const h = await head(node, cow)
    expect(h).toMatchObject({
      status: 'slaughtered',
      site: FARM_B,
      tagged: daysAgo(1),
      origin: { kind: 'born', farm: FARM_A },
      stays: [
        { site: FARM_A, from: daysAgo(2), to: TODAY },
        { site: FARM_B, from: TODAY, to: TODAY },
      ],
      slaughter: { site: HOUSE, date: TODAY, inspection: 'pass', dnaSample: `DNA-${cow}` },
      grade: { quality: '1+', yield: 'A', weightKg: '432.5' },
      alerts: 0,
    })
    const a = (await readAnimal(node.store, cow))!
    expect(a.events.map((e) => e.kind)).toEqual(['birth', 'tag', 'move', 'vaccination', 'test', 'slaughter', 'grade', 'pack', 'pack', 'sale', 'sale', 'dna'])
    expect(a.events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(a.events.every((e) => e.late === 0 && e.recordedOn === TODAY)).toBe(true)
    expect(a.events[2]).toMatchObject({ site: FARM_B, detail: { from: FARM_A, to: FARM_B } })
    expect(a.events[5]).toMatchObject({ site: HOUSE, detail: { from: FARM_B, inspection: 'pass', dnaSample: `DNA-${cow}` } })
    expect(a.events[7]).toMatchObject({ site: PACKER, detail: { cut: 'sirloin', bundle: 'L12311150000001' } })
    expect(a.events[9]).toMatchObject({ site: SHOP, detail: { bundle: 'L12311150000001' } })
    expect(a.events[11]).toMatchObject({ site: SHOP, detail: { match: true, sample: 'LAB-0001' } })
    expect(h.events).toBe(12)
    const b = (await node.store.get(bundleKey('L12311150000001'))) as unknown as BundleRecord
    expect(b).toMatchObject({ packer: PACKER, animals: [cow, other], cut: 'sirloin' })
    // the bundle's sale is on each of its animals
    const o = (await readAnimal(node.store, other))!
    expect(o.events.at(-1)).toMatchObject({ kind: 'sale', site: SHOP, detail: { bundle: 'L12311150000001' } })
  })

  it('accepts late reports and says how late: a birth after 5 days, a tag after 30, a move after 5', async () => {
    const node = await setUp()
    const a = animal(3)
    await accepted(node, birth(farmerA, a, { date: daysAgo(40) }))
    await accepted(node, tag(a, daysAgo(1)))
    await accepted(node, move([a], FARM_A, FARM_B, farmerA, [farmerB], daysAgo(8)))
    const ev = (await readAnimal(node.store, a))!.events
    expect(ev.map((e) => [e.kind, e.late])).toEqual([
      ['birth', 35],
      ['tag', 10],
      ['move', 3],
    ])
  })
})

describe('livestock: births and tags', () => {
  it('refuses a second birth of a number, a birth on a closed or unknown farm or on a shop, in the future, by a stranger', async () => {
    const node = await setUp()
    const a = animal(4)
    await accepted(node, birth(farmerA, a))
    await refused(node, birth(farmerA, a), 'LIVESTOCK_ANIMAL_EXISTS')
    await refused(node, birth(farmerA, animal(5), { farm: '999999' }), 'LIVESTOCK_UNKNOWN_SITE')
    await refused(node, birth(tagger, animal(5), { farm: SHOP }), 'LIVESTOCK_SITE_KIND')
    await refused(node, birth(farmerA, animal(5), { date: '2023-11-16' }), 'LIVESTOCK_DATE')
    // farmer B keeps farm B, not farm A
    await refused(node, birth(farmerB, animal(5)), 'LIVESTOCK_NOT_KEEPER')
    await refused(node, birth(stranger, animal(5)), 'UNAUTHORIZED_ROLE')
    await accepted(node, single(officer, 'livestock.site.update', { site: FARM_A, closed: true }))
    await refused(node, birth(farmerA, animal(5)), 'LIVESTOCK_UNKNOWN_SITE')
  })

  it('refuses a birth naming a mother that is not registered, or born after the calf (no lineage made up)', async () => {
    const node = await setUp()
    const cow = animal(6)
    await accepted(node, birth(farmerA, cow, { date: daysAgo(900) }))
    // a farmer claiming a prized lineage: a mother number nobody registered
    await refused(node, birth(farmerA, animal(7), { mother: animal(8) }), 'LIVESTOCK_UNKNOWN_ANIMAL')
    const young = animal(9)
    await accepted(node, birth(farmerA, young, { date: daysAgo(3) }))
    await refused(node, birth(farmerA, animal(7), { mother: young, date: daysAgo(4) }), 'LIVESTOCK_DATE')
    await accepted(node, birth(farmerA, animal(7), { mother: cow }))
  })

  it('refuses a birth whose mother is not a female alive on the farm of the birth that day', async () => {
    const node = await setUp()
    const [cow, bull, away, dead, moved] = [animal(50), animal(51), animal(52), animal(53), animal(54)]
    await accepted(
      node,
      birth(farmerA, cow, { date: daysAgo(900) }),
      birth(farmerA, bull, { date: daysAgo(900), sex: 'male' }),
      birth(farmerB, away, { date: daysAgo(900), farm: FARM_B }),
      birth(farmerA, dead, { date: daysAgo(900) }),
      birth(farmerA, moved, { date: daysAgo(900) }),
    )
    await accepted(node, tag(cow, daysAgo(899)), tag(moved, daysAgo(899)))
    await refused(node, birth(farmerA, animal(55), { mother: bull }), 'LIVESTOCK_MOTHER_NOT_FEMALE')
    await refused(node, birth(farmerA, animal(55), { mother: away }), 'LIVESTOCK_MOTHER_NOT_ON_FARM')
    // dead before the calf's day
    await accepted(node, single(farmerA, 'livestock.death', { animal: dead, date: daysAgo(3), cause: '질병', disposal: 'burial' }))
    await refused(node, birth(farmerA, animal(55), { mother: dead, date: daysAgo(2) }), 'LIVESTOCK_MOTHER_NOT_ON_FARM')
    // died calving: the same day, still hers
    await accepted(node, birth(farmerA, animal(56), { mother: dead, date: daysAgo(3) }))
    // moved to farm B today: a late report of a calf born on farm A two days ago names her; a calf on farm B that day does not
    await accepted(node, move([moved]))
    await refused(node, birth(farmerB, animal(57), { mother: moved, farm: FARM_B, date: daysAgo(2) }), 'LIVESTOCK_MOTHER_NOT_ON_FARM')
    await accepted(node, birth(farmerA, animal(57), { mother: moved, date: daysAgo(2) }))
    await accepted(node, birth(farmerB, animal(58), { mother: moved, farm: FARM_B, date: TODAY }))
    await accepted(node, birth(farmerA, animal(59), { mother: cow }))
  })

  it('refuses a number whose check digit does not match before it reaches a block', async () => {
    await setUp()
    const good = animal(6)
    const bad = good.slice(0, 11) + String((Number(good[11]) + 1) % 10)
    expect(() => birth(farmerA, bad)).toThrow(/check digit/)
  })

  it('tags once, not before birth, not a dead animal', async () => {
    const node = await setUp()
    const a = animal(7)
    await accepted(node, birth(farmerA, a, { date: daysAgo(3) }))
    await refused(node, tag(a, daysAgo(4)), 'LIVESTOCK_DATE')
    await refused(node, tag(animal(8)), 'LIVESTOCK_UNKNOWN_ANIMAL')
    await accepted(node, tag(a))
    await refused(node, tag(a), 'LIVESTOCK_ALREADY_TAGGED')
    const d = animal(9)
    await accepted(node, birth(farmerA, d))
    await accepted(node, single(vet, 'livestock.death', { animal: d, date: TODAY, cause: '폐렴', disposal: 'rendering' }))
    await refused(node, tag(d), 'LIVESTOCK_NOT_ALIVE')
    expect((await head(node, d)).status).toBe('dead')
  })
})

describe('livestock: moves', () => {
  it('refuses an untagged animal, a move signed by one farm only, and one not from where the animal is', async () => {
    const node = await setUp()
    const a = animal(10)
    await accepted(node, birth(farmerA, a))
    await refused(node, move([a]), 'LIVESTOCK_UNTAGGED')
    await accepted(node, tag(a))
    // both farms: without the buyer's signature, or co-signed by a key that keeps another site
    await refused(node, move([a], FARM_A, FARM_B, farmerA, []), 'LIVESTOCK_BOTH_SITES')
    await refused(node, move([a], FARM_A, FARM_B, farmerA, [marketKeeper]), 'LIVESTOCK_BOTH_SITES')
    // the buyer cannot move it on the seller's behalf
    await refused(node, move([a], FARM_A, FARM_B, farmerB, [farmerA]), 'LIVESTOCK_NOT_KEEPER')
    await refused(node, move([a], FARM_B, MARKET, farmerB, [marketKeeper]), 'LIVESTOCK_NOT_AT_SITE')
    await refused(node, move([a, a]), 'LIVESTOCK_DUPLICATE')
    await refused(node, move([a], FARM_A, SHOP, farmerA, [shop]), 'UNAUTHORIZED_ROLE')
    await refused(node, move([a], FARM_A, FARM_B, farmerA, [farmerB], daysAgo(3)), 'LIVESTOCK_DATE')
    // through the market, then on to farm B
    await accepted(node, move([a], FARM_A, MARKET, farmerA, [marketKeeper]))
    await accepted(node, move([a], MARKET, FARM_B, marketKeeper, [farmerB]))
    expect((await head(node, a)).stays.map((s) => s.site)).toEqual([FARM_A, MARKET, FARM_B])
  })

  it('moves only while a farm keeps fewer than 64 stays', async () => {
    const node = await setUp()
    const a = animal(11)
    await tagged(node, a)
    // a keeper of both farms moves it back and forth alone
    await accepted(node, single(officer, 'livestock.site.update', { site: FARM_B, keepers: [pk(farmerB), pk(farmerA)] }))
    for (let i = 1; i < 64; i++) {
      const [from, to] = i % 2 === 1 ? [FARM_A, FARM_B] : [FARM_B, FARM_A]
      expect(await block(node, [move([a], from, to, farmerA, [])])).toEqual([])
    }
    expect((await head(node, a)).stays).toHaveLength(64)
    await refused(node, move([a], FARM_B, FARM_A, farmerA, []), 'LIVESTOCK_TOO_MANY_MOVES')
  })
})

describe('livestock: standstills', () => {
  it('refuses moves and slaughter from a site under standstill, or from its area; lifted, they go ahead', async () => {
    const node = await setUp()
    const [a, b] = [animal(12), animal(13)]
    await tagged(node, a)
    await tagged(node, b)
    await accepted(node, place('FMD-2023-001', [{ kind: 'site', site: FARM_A }]))
    await refused(node, move([a]), 'LIVESTOCK_STANDSTILL')
    await refused(node, slaughter(a), 'LIVESTOCK_STANDSTILL')
    await refused(node, place('FMD-2023-002', [{ kind: 'site', site: FARM_A }]), 'LIVESTOCK_STANDSTILL_EXISTS')
    await refused(node, lift('FMD-2023-009', [{ kind: 'site', site: FARM_A }]), 'LIVESTOCK_NO_STANDSTILL')
    await accepted(node, lift('FMD-2023-001', [{ kind: 'site', site: FARM_A }]))
    const rec = (await node.store.get(siteStandstillKey(FARM_A))) as unknown as StandstillRecord
    expect(rec).toMatchObject({ order: 'FMD-2023-001', lifted: { order: 'FMD-2023-001', on: TODAY } })
    await refused(node, lift('FMD-2023-001', [{ kind: 'site', site: FARM_A }]), 'LIVESTOCK_NO_STANDSTILL')
    // the 읍면동 of farm A (8 digits), then the 시군구 of the destination farm B (5 digits)
    await accepted(node, place('FMD-2023-003', [{ kind: 'area', area: AREA_A.slice(0, 8) }]))
    await refused(node, slaughter(a), 'LIVESTOCK_STANDSTILL')
    await accepted(node, lift('FMD-2023-003', [{ kind: 'area', area: AREA_A.slice(0, 8) }]))
    await accepted(node, place('FMD-2023-004', [{ kind: 'area', area: '47170' }]))
    await refused(node, move([b]), 'LIVESTOCK_STANDSTILL')
    // the slaughterhouse's own 시도 (41: 경기) under standstill
    await accepted(node, lift('FMD-2023-004', [{ kind: 'area', area: '47170' }]), place('FMD-2023-005', [{ kind: 'area', area: '41' }]))
    await refused(node, slaughter(a), 'LIVESTOCK_STANDSTILL')
    await accepted(node, lift('FMD-2023-005', [{ kind: 'area', area: '41' }]))
    await accepted(node, slaughter(a), move([b]))
  })

  it('places an order on every target or on none; only officers order', async () => {
    const node = await setUp()
    await refused(node, place('FMD-2023-006', [{ kind: 'site', site: FARM_A }, { kind: 'site', site: '999999' }]), 'LIVESTOCK_UNKNOWN_SITE')
    await refused(node, place('FMD-2023-006', [{ kind: 'site', site: FARM_A }, { kind: 'site', site: FARM_A }]), 'LIVESTOCK_DUPLICATE')
    await refused(node, single(farmerA, 'livestock.standstill.place', { order: 'X-1', targets: [{ kind: 'area', area: '47' }], disease: 'fmd', reason: 'x' }), 'UNAUTHORIZED_ROLE')
    expect(await node.store.get(siteStandstillKey(FARM_A))).toBeUndefined()
  })
})

describe('livestock: slaughter to sale', () => {
  it('refuses slaughter of an unregistered, untagged or dead animal, or at a house the signer does not keep', async () => {
    const node = await setUp()
    const a = animal(14)
    await refused(node, slaughter(a), 'LIVESTOCK_UNKNOWN_ANIMAL')
    await accepted(node, birth(farmerA, a))
    await refused(node, slaughter(a), 'LIVESTOCK_UNTAGGED')
    await accepted(node, tag(a))
    await refused(node, slaughter(a, { slaughterhouse: FARM_B }), 'LIVESTOCK_SITE_KIND')
    await accepted(node, single(officer, 'livestock.site.register', site('300002', 'slaughterhouse', [farmerA])))
    await refused(node, slaughter(a, { slaughterhouse: '300002' }), 'LIVESTOCK_NOT_KEEPER')
    await accepted(node, slaughter(a, { inspection: 'fail' }))
    await refused(node, slaughter(a), 'LIVESTOCK_NOT_ALIVE')
    // failed inspection: no grade, no pack, no sale
    await refused(node, grade(a), 'LIVESTOCK_NOT_SLAUGHTERED')
    await refused(node, pack([a]), 'LIVESTOCK_NOT_SLAUGHTERED')
    await refused(node, sale(a), 'LIVESTOCK_NOT_SLAUGHTERED')
  })

  it('grades once; packs a mix only under a new bundle of known carcasses; sells a known bundle', async () => {
    const node = await setUp()
    const [a, b, live] = [animal(15), animal(16), animal(17)]
    for (const x of [a, b, live]) await tagged(node, x)
    await refused(node, grade(a), 'LIVESTOCK_NOT_SLAUGHTERED')
    await accepted(node, slaughter(a), slaughter(b))
    await accepted(node, grade(a))
    await refused(node, grade(a), 'LIVESTOCK_ALREADY_GRADED')
    await refused(node, pack([a, b]), 'LIVESTOCK_BUNDLE_REQUIRED')
    await refused(node, pack([a, animal(99)], 'L12311150000002'), 'LIVESTOCK_UNKNOWN_ANIMAL')
    await refused(node, pack([a, live], 'L12311150000002'), 'LIVESTOCK_NOT_SLAUGHTERED')
    await refused(node, pack([a, b], 'L12311150000002', shop), 'UNAUTHORIZED_ROLE')
    await accepted(node, pack([a, b], 'L12311150000002'))
    await refused(node, pack([a, b], 'L12311150000002'), 'LIVESTOCK_BUNDLE_EXISTS')
    expect(await node.store.get(bundleKey('L12311150000009'))).toBeUndefined()
    await refused(node, sale('L12311150000009'), 'LIVESTOCK_UNKNOWN_BUNDLE')
    await refused(node, single(shop, 'livestock.sale', { shop: PACKER, date: TODAY, number: a }), 'LIVESTOCK_SITE_KIND')
    await accepted(node, sale('L12311150000002'))
  })

  it('sells only at the shop the meat was packed for: an animal, a bundle, or an animal of a bundle', async () => {
    const node = await setUp()
    const [a, b, c] = [animal(40), animal(41), animal(42)]
    for (const x of [a, b, c]) await tagged(node, x)
    await accepted(node, slaughter(a), slaughter(b), slaughter(c))
    await accepted(node, single(officer, 'livestock.site.register', site(SHOP_2, 'shop', [shop], AREA_HOUSE)))
    // a pack may go only to a shop
    await refused(node, pack([a], undefined, packer, PACKER), 'LIVESTOCK_SITE_KIND')
    await refused(node, pack([a], undefined, packer, '599999'), 'LIVESTOCK_UNKNOWN_SITE')
    // a pack sent to no shop: no shop holds it (a shop key may otherwise sell any carcass under its number)
    await accepted(node, pack([a], undefined, packer, null))
    await refused(node, sale(a), 'LIVESTOCK_NOT_HELD')
    // the same shop's key, another of its shops: the meat went to SHOP, not SHOP_2
    await accepted(node, pack([b], undefined, packer, SHOP))
    await refused(node, single(shop, 'livestock.sale', { shop: SHOP_2, date: TODAY, number: b }), 'LIVESTOCK_NOT_HELD')
    await accepted(node, sale(b))
    // a bundle packed for SHOP_2: sold there, under its number or an animal's of it; not at SHOP
    await accepted(node, pack([a, c], 'L12311150000003', packer, SHOP_2))
    await refused(node, sale('L12311150000003'), 'LIVESTOCK_NOT_HELD')
    await refused(node, sale(c), 'LIVESTOCK_NOT_HELD')
    await accepted(node, single(shop, 'livestock.sale', { shop: SHOP_2, date: TODAY, number: 'L12311150000003' }))
    await accepted(node, single(shop, 'livestock.sale', { shop: SHOP_2, date: TODAY, number: c }))
    expect((await node.store.get(animalEventKey(a, 4))) as unknown as AnimalEvent).toMatchObject({ kind: 'pack', detail: { bundle: null } })
    expect((await node.store.get(animalEventKey(c, 5))) as unknown as AnimalEvent).toMatchObject({ kind: 'sale', site: SHOP_2, detail: { bundle: 'L12311150000003' } })
  })

  it("raises an alert on a DNA mismatch of a shop's sample, on the animal and on the shop; a sample once", async () => {
    const node = await setUp()
    const [a, b] = [animal(18), animal(43)]
    for (const x of [a, b]) await tagged(node, x)
    const dna = (o: Record<string, unknown> = {}) => single(lab, 'livestock.dna', { sample: 'LAB-0002', animal: a, shop: SHOP, date: TODAY, result: 'mismatch', ...o })
    await refused(node, dna(), 'LIVESTOCK_NOT_SLAUGHTERED')
    await accepted(node, slaughter(a), slaughter(b))
    // the shop holds no meat of the animal: the sample cannot have been of it
    await refused(node, dna(), 'LIVESTOCK_NOT_HELD')
    await accepted(node, single(officer, 'livestock.site.register', site(SHOP_2, 'shop', [shop], AREA_HOUSE)))
    await accepted(node, pack([a]), pack([b], undefined, packer, SHOP_2))
    await refused(node, dna({ animal: b }), 'LIVESTOCK_NOT_HELD')
    await accepted(node, dna())
    expect((await head(node, a)).alerts).toBe(1)
    expect(await node.store.get(siteKey(SHOP))).toMatchObject({ site: SHOP, alerts: 1 })
    expect(((await node.store.get(siteKey(SHOP_2))) as unknown as SiteRecord).alerts).toBeUndefined()
    const e = (await node.store.get(animalEventKey(a, 5))) as unknown as AnimalEvent
    expect(e).toMatchObject({ kind: 'dna', site: SHOP, detail: { match: false, sample: 'LAB-0002', slaughterSample: `DNA-${a}` } })
    expect(await node.store.get(dnaSampleKey('LAB-0002'))).toMatchObject({ animal: a, shop: SHOP, match: false })
    // the same sample reported again (a replayed or doubled result) would raise the alerts twice: refused
    await refused(node, dna(), 'LIVESTOCK_SAMPLE_EXISTS')
    await refused(node, dna({ result: 'match' }), 'LIVESTOCK_SAMPLE_EXISTS')
    // the same sample number in other letters' case is the same sample (review rv-lv): not a second alert
    await refused(node, dna({ sample: 'lab-0002' }), 'LIVESTOCK_SAMPLE_EXISTS')
    // a match of another sample changes no alert
    await accepted(node, dna({ sample: 'LAB-0003', result: 'match' }))
    expect((await head(node, a)).alerts).toBe(1)
    expect(await node.store.get(siteKey(SHOP))).toMatchObject({ alerts: 1 })
  })
})

describe('livestock: imports, exports, deaths, sites', () => {
  it('imports a tagged animal with its origin; exports it from its farm; refuses what does not stand', async () => {
    const node = await setUp()
    const a = animal(19)
    const imp = { animal: a, farm: FARM_A, date: daysAgo(1), lot: 'AU-2023-0042', country: 'AU', foreignId: '982 000123456789', breed: 'beef', sex: 'castrated', birthDate: '2022-03-01' }
    await refused(node, single(farmerB, 'livestock.import', imp), 'LIVESTOCK_NOT_KEEPER')
    await accepted(node, single(officer, 'livestock.import', imp))
    await refused(node, single(farmerA, 'livestock.import', imp), 'LIVESTOCK_ANIMAL_EXISTS')
    expect(await head(node, a)).toMatchObject({ tagged: daysAgo(1), origin: { kind: 'imported', lot: 'AU-2023-0042', country: 'AU' }, birthDate: '2022-03-01' })
    await refused(node, single(farmerB, 'livestock.export', { animal: a, farm: FARM_B, date: TODAY, country: 'HK' }), 'LIVESTOCK_NOT_AT_SITE')
    await accepted(node, single(farmerA, 'livestock.export', { animal: a, farm: FARM_A, date: TODAY, country: 'HK' }))
    expect((await head(node, a)).status).toBe('exported')
    await refused(node, single(vet, 'livestock.vet', { animals: [a], date: TODAY, act: 'vaccination', disease: 'fmd' }), 'LIVESTOCK_NOT_ALIVE')
  })

  it('lets the animals of a closed farm leave it, and none arrive', async () => {
    const node = await setUp()
    const a = animal(22)
    await tagged(node, a)
    await accepted(node, single(officer, 'livestock.site.update', { site: FARM_A, closed: true }))
    await accepted(node, move([a]))
    await refused(node, move([a], FARM_B, FARM_A, farmerB, [farmerA]), 'LIVESTOCK_UNKNOWN_SITE')
  })

  it('registers a site once; only an officer of its agency changes it', async () => {
    const node = await setUp()
    const officerB = signerFor('lv/officer-b')
    await accepted(node, grant(fx.adminB, officerB, 'livestock-officer', 'agency-b'))
    await refused(node, single(officerB, 'livestock.site.update', { site: FARM_A, name: '다른 기관의 변경' }), 'UNAUTHORIZED_ROLE')
    await refused(node, single(officer, 'livestock.site.register', site(FARM_A, 'farm', [farmerA])), 'LIVESTOCK_SITE_EXISTS')
    await refused(node, single(officer, 'livestock.site.update', { site: '999999', name: 'x' }), 'LIVESTOCK_UNKNOWN_SITE')
    await refused(node, single(farmerA, 'livestock.site.register', site('100009', 'farm', [farmerA])), 'UNAUTHORIZED_ROLE')
    const d = animal(20)
    await accepted(node, birth(farmerA, d))
    await refused(node, single(farmerB, 'livestock.death', { animal: d, date: TODAY, cause: '사고', disposal: 'burial' }), 'LIVESTOCK_NOT_KEEPER')
    await accepted(node, single(farmerA, 'livestock.death', { animal: d, date: TODAY, cause: '사고', disposal: 'burial' }))
    await refused(node, single(farmerA, 'livestock.death', { animal: d, date: TODAY, cause: '사고', disposal: 'burial' }), 'LIVESTOCK_NOT_ALIVE')
  })
})

describe('livestock: hostile payloads', () => {
  it('refuses oversized or malformed reports at admission, before any block', () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => animal(1000 + i))
    const bad: Array<[string, unknown]> = [
      ['livestock.move', { animals: many(201), from: FARM_A, to: FARM_B, date: TODAY }],
      ['livestock.pack', { packer: PACKER, date: TODAY, animals: many(101), cut: 'rib', bundle: 'L12311150000001' }],
      ['livestock.standstill.place', { order: 'FMD-1', targets: Array.from({ length: 501 }, () => ({ kind: 'area', area: '47' })), disease: 'fmd', reason: 'x' }],
      ['livestock.site.register', { ...site('100009', 'farm', [farmerA]), keepers: Array.from({ length: 17 }, (_, i) => String(i % 10).repeat(64)) }],
      ['livestock.site.register', { ...site('100009', 'farm', [farmerA]), name: '농장\u202e' }],
      ['livestock.birth', { animal: animal(1), farm: FARM_A, date: TODAY, breed: 'hanwoo', sex: 'female', extra: 1 }],
      ['livestock.sale', { shop: SHOP, date: TODAY, number: 'L1' }],
      ['livestock.grade', { animal: animal(1), date: TODAY, quality: 'D', yield: 'A', weightKg: '400' }],
      ['livestock.vet', { animals: [animal(1)], date: TODAY, act: 'vaccination', disease: 'fmd', result: 'positive' }],
      ['livestock.tag', { animal: animal(1), date: '2023-02-29' }],
    ]
    for (const [type, payload] of bad) expect(() => single(officer, type, payload), type).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }))
  })
})
