/**
 * Review item 1 (land register): land.holder.rebind used to rewrite only `cur.owners`, matched against the holder as the ORIGINAL
 * entry has it (rules.ts applyRebind), while plan() reads the holders of live rights (가등기, mortgages, restrictions)
 * from the original entry (liveEntry → t.holders) and holder.alteration finds its `before` there too. So:
 *  - a second rebind of an owner changes nothing in cur (the owner stays on the lost key);
 *  - a rebind of a 가등기 holder is ineffective: the new key cannot complete it, the OLD (lost/stolen) key can still
 *    cancel it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { DAY, apply, block, buyer, cleanup, cur, enter, fourth, person, pk, rebind, seller, setUp, third } from './land-harness'

afterEach(() => cleanup.run())

describe('land.holder.rebind', () => {
  it('a second rebind of an owner binds the new key ', async () => {
    const node = await setUp()
    expect(await block(node, [rebind('1', 0, third)])).toEqual([])
    expect((await cur(node)).owners[0]!.holder.key).toBe(pk(third))
    // the owner loses the key again; the registrar checks identity and binds another
    expect(await block(node, [rebind('1', 0, fourth)])).toEqual([])
    expect((await cur(node)).owners[0]!.holder.key).toBe(pk(fourth))
    // the lost keys have no power left: neither can sell
    for (const lost of [seller, third]) {
      expect(await block(node, [apply(lost, [buyer], { purpose: 'ownership.transfer', cause: 'sale', holders: [person('김민지', buyer)] })])).toEqual(['LAND_PARTIES'])
    }
  })

  it('after a 가등기 holder is rebound, the new key completes it and the old key can no longer cancel it', async () => {
    const node = await setUp()
    // receipt 2: 가등기 for 김민지 (buyer's key), entered as 갑구 2
    expect(await block(node, [apply(buyer, [seller], { purpose: 'provisional.transfer', cause: 'promise-of-sale', causeOn: DAY, holders: [person('김민지', buyer)] })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    // 김민지 reports her key lost (or stolen); receipt 3: the registrar binds her new key (fourth)
    expect(await block(node, [rebind('2', 0, fourth)])).toEqual([])
    // the OLD key alone applies (naming itself in `holders`, which a cancellation ignores) to cancel the 가등기: it has
    // no standing any more, so the application is refused and spends no receipt number
    expect(await block(node, [apply(buyer, [], { purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '2' }, holders: [person('김민지', buyer)] })])).toEqual(['LAND_PARTIES'])
    // nor can it write an alteration of the holder it no longer is
    expect(await block(node, [apply(buyer, [], { purpose: 'holder.alteration', cause: 'address-change', target: { section: 'A', rank: '2' }, holders: [person('김민지', buyer)] })])).toEqual(['LAND_PARTIES'])
    // the NEW key with the owner completes the 가등기 (receipt 4)
    expect(await block(node, [apply(seller, [fourth], { purpose: 'provisional.main', cause: 'sale', target: { section: 'A', rank: '2' } })])).toEqual([])
    expect(await block(node, [enter(4)])).toEqual([])
    expect((await cur(node)).owners.map((o) => o.holder.key)).toEqual([pk(fourth)])
    // the owner by 본등기 can alter its holder entry (review item 9): receipt 5
    const moved = { ...person('김민지', fourth), address: '부산광역시 해운대구 센텀중앙로 79' }
    expect(await block(node, [apply(fourth, [], { purpose: 'holder.alteration', cause: 'address-change', target: { section: 'A', rank: '2' }, holders: [moved] })])).toEqual([])
    expect(await block(node, [enter(5)])).toEqual([])
    expect((await cur(node)).owners[0]!.holder.address).toBe('부산광역시 해운대구 센텀중앙로 79')
  })
})
