/**
 * `livestock.batch` (docs/adr/0047) on a real node driven block by block: good and bad events mixed, each checked with
 * the role its own type needs; a refused event changes nothing and is recorded with its code in lv/batch/<tx>; the
 * others commit in order (a birth, then its tag); the dry run gives the same report and writes nothing.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { checkBatchEvents } from '../../src/ledger/registries/livestock/batch-rules'
import { DRY_RUN_MAX_ANIMALS, DRY_RUN_MAX_EVENTS, DryRunBody } from '../../src/ledger/registries/livestock/batch-routes'
import { readBatchFile } from '../../src/ledger/registries/livestock/portable/batch-format'
import { describeBatch } from '../../src/ledger/registries/livestock/portable/batch-words'
import { animalKey, batchKey } from '../../src/ledger/registries/livestock/portable/keys'
import type { AnimalHead, BatchRecord } from '../../src/ledger/registries/livestock/portable/schema'
import {
  FARM_A,
  HOUSE,
  TODAY,
  accepted,
  animal,
  block,
  butcher,
  cleanup,
  daysAgo,
  farmerA,
  head,
  pk,
  refused,
  root,
  setUp,
  single,
  stranger,
  tagged,
  tagger,
} from './livestock-harness'

afterEach(() => cleanup.run())

const birthEv = (a: string, o: Record<string, unknown> = {}) => ({ type: 'livestock.birth', payload: { animal: a, farm: FARM_A, date: daysAgo(2), breed: 'hanwoo', sex: 'male', ...o } })
const tagEv = (a: string) => ({ type: 'livestock.tag', payload: { animal: a, date: TODAY } })
const slaughterEv = (a: string) => ({ type: 'livestock.slaughter', payload: { animal: a, slaughterhouse: HOUSE, date: TODAY, inspection: 'pass', dnaSample: `DNA-${a}` } })
const gradeEv = (a: string) => ({ type: 'livestock.grade', payload: { animal: a, date: TODAY, quality: '1+', yield: 'A', weightKg: '432.5' } })
/** a number whose check digit is wrong */
const badNumber = (a: string): string => a.slice(0, 11) + String((Number(a[11]) + 1) % 10)

describe('livestock.batch', () => {
  it("commits a tagging agency's good events in order and records each refused one with its code, changing nothing for it", async () => {
    const node = await setUp()
    const old = animal(900)
    await tagged(node, old)
    const before = await head(node, old)
    const [a1, a2, a3] = [animal(901), animal(902), animal(903)]
    const events = [
      birthEv(a1), // 0 accepted
      tagEv(a1), // 1 accepted: sees the birth before it
      birthEv(badNumber(a2)), // 2 the check digit
      birthEv(old), // 3 exists
      tagEv(old), // 4 tagged before the batch
      slaughterEv(old), // 5 a tagger is no slaughterhouse
      birthEv(a2, { date: '2099-01-01' }), // 6 in the future
      birthEv(a3, { breed: 'zebu' }), // 7 not a breed
      tagEv(a1), // 8 tagged by event 1
      birthEv(a2), // 9 accepted (its refused try at 6 left nothing behind)
    ]
    const tx = single(tagger, 'livestock.batch', { events })
    await accepted(node, tx)
    const rec = (await node.store.get(batchKey(tx.hashHex))) as unknown as BatchRecord
    expect(rec.accepted).toBe(3)
    expect(rec.refused.map((r) => [r.index, r.code])).toEqual([
      [2, 'LIVESTOCK_BAD_NUMBER'],
      [3, 'LIVESTOCK_ANIMAL_EXISTS'],
      [4, 'LIVESTOCK_ALREADY_TAGGED'],
      [5, 'LIVESTOCK_BATCH_ROLE'],
      [6, 'LIVESTOCK_DATE'],
      [7, 'BAD_PAYLOAD'],
      [8, 'LIVESTOCK_ALREADY_TAGGED'],
    ])
    for (const r of rec.refused) expect(r.message.length).toBeGreaterThan(0)
    // the refused events left nothing: the old animal as it was, no animal under the bad number or the zebu's
    expect(await head(node, old)).toEqual(before)
    expect(await node.store.get(animalKey(badNumber(a2)))).toBeUndefined()
    expect(await node.store.get(animalKey(a3))).toBeUndefined()
    // the accepted ones: a1 born and tagged once, a2 born on the farm
    const h1 = await head(node, a1)
    expect([h1.status, h1.site, h1.tagged, h1.events]).toEqual(['alive', FARM_A, TODAY, 2])
    const h2 = (await node.store.get(animalKey(a2))) as unknown as AnimalHead
    expect([h2.birthDate, h2.tagged]).toEqual([daysAgo(2), null])
  })

  it('checks each event with the role its own type needs, and refuses a batch from a key with no reporting role', async () => {
    const node = await setUp()
    const a = animal(910)
    await tagged(node, a)
    const tx = single(butcher, 'livestock.batch', { events: [slaughterEv(a), gradeEv(a), tagEv(animal(911))] })
    await accepted(node, tx)
    const rec = (await node.store.get(batchKey(tx.hashHex))) as unknown as BatchRecord
    expect(rec.accepted).toBe(1)
    expect(rec.refused.map((r) => [r.index, r.code])).toEqual([
      [1, 'LIVESTOCK_BATCH_ROLE'],
      [2, 'LIVESTOCK_BATCH_ROLE'],
    ])
    expect((await head(node, a)).grade).toBeNull()
    expect((await head(node, a)).status).toBe('slaughtered')
    // a farmer keeps farm A, but slaughtering is the slaughterhouse's: refused as an event, the batch still commits
    const fromFarmer = single(farmerA, 'livestock.batch', { events: [slaughterEv(animal(900))] })
    await accepted(node, fromFarmer)
    expect(((await node.store.get(batchKey(fromFarmer.hashHex))) as unknown as BatchRecord).refused[0]!.code).toBe('LIVESTOCK_BATCH_ROLE')
    // no reporting role at all: the whole transaction is refused, nothing written
    await refused(node, single(stranger, 'livestock.batch', { events: [birthEv(animal(912))] }), 'UNAUTHORIZED_ROLE')
    // moves are co-signed by two sites: not batched (the schema refuses the whole transaction)
    expect(() => single(farmerA, 'livestock.batch', { events: [{ type: 'livestock.move', payload: {} }] })).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }))
  })

  it('dry run: the same report as the batch, against the committed state, writing nothing', async () => {
    const node = await setUp()
    const old = animal(920)
    await tagged(node, old)
    const events = [birthEv(animal(921)), tagEv(animal(921)), birthEv(old), slaughterEv(old), birthEv(badNumber(animal(922)))] as never
    const rootBefore = root(node)
    const dry = await checkBatchEvents(events, { signer: pk(tagger), hash: '0'.repeat(64), height: node.chain.head().height + 1, time: node.chain.head().time + 1000 }, node.store)
    expect(root(node)).toBe(rootBefore)
    expect(await node.store.get(animalKey(animal(921)))).toBeUndefined()
    const tx = single(tagger, 'livestock.batch', { events })
    expect(await block(node, [tx])).toEqual([])
    expect((await node.store.get(batchKey(tx.hashHex))) as unknown).toEqual(dry)
    expect(dry.refused.map((r) => r.code)).toEqual(['LIVESTOCK_ANIMAL_EXISTS', 'LIVESTOCK_BATCH_ROLE', 'LIVESTOCK_BAD_NUMBER'])
  })

  it("dry run: refuses a body naming more animals than it reads at once (the route asks no signature)", () => {
    const vetOf = (n: number) => ({ type: 'livestock.vet', payload: { animals: Array.from({ length: n }, (_, i) => animal(1000 + i)), date: TODAY, act: 'vaccination', disease: 'fmd' } })
    const body = (events: unknown[]) => DryRunBody.safeParse({ signer: pk(tagger), events })
    // 300 vet acts of 200 animals each: 60,000 animals to read for anyone who names a vet's key
    expect(body(Array.from({ length: 300 }, () => vetOf(200))).success).toBe(false)
    expect(body(Array.from({ length: 250 }, () => vetOf(200))).success).toBe(true)
    // a day's file of single-animal events up to the event cap still passes
    expect(body(Array.from({ length: DRY_RUN_MAX_EVENTS }, (_, i) => tagEv(animal(i)))).success).toBe(true)
    expect(DRY_RUN_MAX_ANIMALS).toBe(50_000)
  })

  it('reads JSON lines and CSV with line numbers, refusing a line by its shape; describes a batch in words', () => {
    const a = animal(930)
    const jsonl = [
      JSON.stringify({ type: 'birth', payload: { animal: a, farm: FARM_A, date: daysAgo(1), breed: 'hanwoo', sex: 'male' } }),
      '',
      '{"type":"livestock.tag","payload":{"animal":"' + a + '","date":"' + TODAY + '"}}',
      'not json',
      '{"type":"livestock.move","payload":{}}',
      '{"type":"tag","payload":{},"extra":1}',
    ].join('\n')
    const lines = readBatchFile(jsonl)
    expect(lines.map((l) => [l.line, 'event' in l ? l.event.type : l.problem.code])).toEqual([
      [1, 'livestock.birth'],
      [3, 'livestock.tag'],
      [4, 'MALFORMED_JSON'],
      [5, 'BAD_PAYLOAD'],
      [6, 'BAD_PAYLOAD'],
    ])
    const csv = `type,animal,date,animals,act,disease,result\r\ntag,${a},${TODAY},,,,\r\nvet,,${TODAY},"${a}; ${animal(931)}",test,brucellosis,negative\r\n"slaughter, late",,,,,,\r\ntag,${a}\r\n`
    const rows = readBatchFile(csv)
    expect(rows.map((l) => [l.line, 'event' in l ? l.event.type : l.problem.code])).toEqual([
      [2, 'livestock.tag'],
      [3, 'livestock.vet'],
      [4, 'BAD_PAYLOAD'],
      [5, 'BAD_PAYLOAD'],
    ])
    expect('event' in rows[1]! && rows[1].event.payload).toEqual({ date: TODAY, animals: [a, animal(931)], act: 'test', disease: 'brucellosis', result: 'negative' })
    expect(readBatchFile('animal,date\n1,2\n')[0]).toMatchObject({ line: 1, problem: { code: 'BAD_PAYLOAD' } })
    const events = [birthEv(a), birthEv(animal(931)), tagEv(a)]
    expect(describeBatch({ events }, 'ko')).toBe('출생 신고 2건, 귀표 부착 1건 일괄 신고')
    expect(describeBatch({ events }, 'en')).toBe('Batch of 2 birth reports, 1 ear tags')
    expect(describeBatch({ events: [{ type: 'livestock.move' }] }, 'en')).toBeNull()
  })
})
