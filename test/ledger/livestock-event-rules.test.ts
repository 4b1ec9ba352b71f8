/**
 * The table a batch runs (LIVESTOCK_EVENT_RULES, docs/adr/0041): rules run one after another on one overlay see each
 * other's writes, and a refused rule writes nothing — whichever check refuses it, however far it got.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { StateView } from '../../src/ledger/state/view'
import { Overlay } from '../../src/ledger/state/view'
import { LIVESTOCK_EVENT_RULES, type BatchType, hasLivestockRole } from '../../src/ledger/registries/livestock/rules'
import { DNA_RESERVE, MAX_EVENTS } from '../../src/ledger/registries/livestock/rules-common'
import { animalKey } from '../../src/ledger/registries/livestock/portable/keys'
import type { AnimalHead } from '../../src/ledger/registries/livestock/portable/schema'
import { BATCH_TYPES } from '../../src/ledger/registries/livestock/portable/schema'
import { GENESIS_TIME } from './helpers'
import {
  FARM_A,
  HOUSE,
  PACKER,
  SHOP,
  TODAY,
  accepted,
  animal,
  butcher,
  cleanup,
  daysAgo,
  farmerA,
  farmerB,
  grader,
  lab,
  pack,
  packer,
  pk,
  place,
  setUp,
  shop,
  slaughter,
  stranger,
  tagged,
  tagger,
  vet,
} from './livestock-harness'

afterEach(() => cleanup.run())

const TIME = GENESIS_TIME + 60_000

async function run(state: StateView, signer: string, type: BatchType, payload: unknown): Promise<void> {
  const def = LIVESTOCK_EVENT_RULES[type]
  await def.apply({ payload: def.schema.parse(payload) as never, signer, hash: 'ab'.repeat(32), height: 99, time: TIME, state })
}

/** The rule refused with `code` and wrote nothing on the overlay. */
async function refusedOn(o: Overlay, signer: string, type: BatchType, payload: unknown, code: string): Promise<void> {
  const before = o.writes.size
  await expect(run(o, signer, type, payload)).rejects.toMatchObject({ code })
  expect(o.writes.size).toBe(before)
}

describe('livestock event rules as a batch runs them', () => {
  it('has every batch type, with its roles and keys', () => {
    expect(Object.keys(LIVESTOCK_EVENT_RULES).sort()).toEqual([...BATCH_TYPES].sort())
    for (const t of BATCH_TYPES) expect(LIVESTOCK_EVENT_RULES[t].roles.length).toBeGreaterThan(0)
  })

  it('runs events one after another on one overlay; a refused one in between writes nothing', async () => {
    const node = await setUp()
    const o = new Overlay(node.store)
    const [a, b] = [animal(30), animal(31)]
    await run(o, pk(farmerA), 'livestock.birth', { animal: a, farm: FARM_A, date: daysAgo(1), breed: 'hanwoo', sex: 'male' })
    await refusedOn(o, pk(farmerA), 'livestock.birth', { animal: a, farm: FARM_A, date: daysAgo(1), breed: 'hanwoo', sex: 'male' }, 'LIVESTOCK_ANIMAL_EXISTS')
    // the tag sees the birth written just before it on the same overlay
    await run(o, pk(tagger), 'livestock.tag', { animal: a, date: TODAY })
    await refusedOn(o, pk(tagger), 'livestock.tag', { animal: a, date: TODAY }, 'LIVESTOCK_ALREADY_TAGGED')
    await run(o, pk(tagger), 'livestock.birth', { animal: b, farm: FARM_A, date: TODAY, breed: 'hanwoo', sex: 'female' })
    // a vet act on two animals: the second is unknown, so neither is written
    await refusedOn(o, pk(vet), 'livestock.vet', { animals: [a, animal(32)], date: TODAY, act: 'vaccination', disease: 'fmd' }, 'LIVESTOCK_UNKNOWN_ANIMAL')
    const h = (await o.get(animalKey(a))) as unknown as AnimalHead
    expect(h).toMatchObject({ events: 2, tagged: TODAY })
    expect(await node.store.get(animalKey(a))).toBeUndefined()
  })

  it('writes nothing when the last check refuses: standstill, slaughter, bundle, sale, grade, DNA', async () => {
    const node = await setUp()
    const [a, b, c] = [animal(33), animal(34), animal(35)]
    for (const x of [a, b, c]) await tagged(node, x)
    await accepted(node, slaughter(a), slaughter(b))
    await accepted(node, place('FMD-2023-100', [{ kind: 'site', site: HOUSE }]))
    const o = new Overlay(node.store)
    await refusedOn(o, pk(butcher), 'livestock.slaughter', { animal: c, slaughterhouse: HOUSE, date: TODAY, inspection: 'pass', dnaSample: 'DNA-1' }, 'LIVESTOCK_STANDSTILL')
    await refusedOn(o, pk(packer), 'livestock.pack', { packer: PACKER, date: TODAY, animals: [a, b, c], cut: 'rib', bundle: 'L12311150000100' }, 'LIVESTOCK_NOT_SLAUGHTERED')
    await refusedOn(o, pk(packer), 'livestock.pack', { packer: PACKER, date: TODAY, animals: [a, b], cut: 'rib' }, 'LIVESTOCK_BUNDLE_REQUIRED')
    await refusedOn(o, pk(shop), 'livestock.sale', { shop: SHOP, date: TODAY, number: 'L12311150000100' }, 'LIVESTOCK_UNKNOWN_BUNDLE')
    await refusedOn(o, pk(grader), 'livestock.grade', { animal: c, date: TODAY, quality: '1', yield: 'B', weightKg: '400' }, 'LIVESTOCK_NOT_SLAUGHTERED')
    await refusedOn(o, pk(lab), 'livestock.dna', { sample: 'LAB-9', animal: a, shop: PACKER, date: TODAY, result: 'mismatch' }, 'LIVESTOCK_SITE_KIND')
    await refusedOn(o, pk(grader), 'livestock.grade', { animal: a, date: daysAgo(1), quality: '1', yield: 'B', weightKg: '400' }, 'LIVESTOCK_DATE')
    await refusedOn(o, pk(farmerB), 'livestock.death', { animal: c, date: TODAY, cause: 'x', disposal: 'burial' }, 'LIVESTOCK_NOT_KEEPER')
    expect(o.writes.size).toBe(0)
    // and what passes writes the head and one event per animal
    await run(o, pk(packer), 'livestock.pack', { packer: PACKER, date: TODAY, animals: [a, b], cut: 'rib', bundle: 'L12311150000100' })
    expect(o.writes.size).toBe(5)
  })

  it('keeps at most 4096 - 64 events of an animal but DNA tests: one more is refused, with nothing written', async () => {
    const node = await setUp()
    const a = animal(36)
    await tagged(node, a)
    const o = new Overlay(node.store)
    const h = (await o.get(animalKey(a))) as unknown as AnimalHead
    o.put(animalKey(a), { ...h, events: MAX_EVENTS - DNA_RESERVE - 1 } as never)
    const before = o.writes.size
    await run(o, pk(vet), 'livestock.vet', { animals: [a], date: TODAY, act: 'vaccination', disease: 'fmd' })
    expect(o.writes.size).toBe(before + 1)
    await refusedOn(o, pk(vet), 'livestock.vet', { animals: [a], date: TODAY, act: 'vaccination', disease: 'fmd' }, 'LIVESTOCK_TOO_MANY_EVENTS')
  })

  it("keeps room for the lab's DNA tests: a shop's sales cannot fill an animal's history and block a mismatch", async () => {
    // attack: one shop key sends batches of 500 sales of the same carcass until the animal holds 4096 events;
    // the lab's later DNA mismatch would then be refused (TOO_MANY_EVENTS) and the alert never raised
    const node = await setUp()
    const a = animal(39)
    await tagged(node, a)
    await accepted(node, slaughter(a))
    await accepted(node, pack([a]))
    const o = new Overlay(node.store)
    const h = (await o.get(animalKey(a))) as unknown as AnimalHead
    o.put(animalKey(a), { ...h, events: MAX_EVENTS - 1 } as never)
    await refusedOn(o, pk(shop), 'livestock.sale', { shop: SHOP, date: TODAY, number: a }, 'LIVESTOCK_TOO_MANY_EVENTS')
    await run(o, pk(lab), 'livestock.dna', { sample: 'S-39', animal: a, shop: SHOP, date: TODAY, result: 'mismatch' })
    const after = (await o.get(animalKey(a))) as unknown as AnimalHead
    expect(after.alerts).toBe(h.alerts + 1)
    expect(after.events).toBe(4096)
  })

  it('lets the animals on a closed farm leave it, and none arrive', async () => {
    const node = await setUp()
    const a = animal(37)
    await tagged(node, a)
    const o = new Overlay(node.store)
    const farm = (await o.get('lv/s/' + FARM_A + '/head')) as unknown as Record<string, unknown>
    o.put('lv/s/' + FARM_A + '/head', { ...farm, closed: true } as never)
    await refusedOn(o, pk(tagger), 'livestock.birth', { animal: animal(38), farm: FARM_A, date: TODAY, breed: 'hanwoo', sex: 'male' }, 'LIVESTOCK_UNKNOWN_SITE')
    await run(o, pk(butcher), 'livestock.slaughter', { animal: a, slaughterhouse: HOUSE, date: TODAY, inspection: 'pass', dnaSample: 'DNA-37' })
    expect(((await o.get(animalKey(a))) as unknown as AnimalHead).status).toBe('slaughtered')
  })

  it('tells a batch whether the signer holds a role, as of a time', async () => {
    const node = await setUp()
    expect(await hasLivestockRole(node.store, pk(butcher), LIVESTOCK_EVENT_RULES['livestock.slaughter'].roles, TIME)).toBe(true)
    expect(await hasLivestockRole(node.store, pk(butcher), LIVESTOCK_EVENT_RULES['livestock.tag'].roles, TIME)).toBe(false)
    expect(await hasLivestockRole(node.store, pk(stranger), ['farmer', 'tagger'], TIME)).toBe(false)
  })
})
