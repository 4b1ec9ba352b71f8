/**
 * The livestock trace index on a real node (docs/adr/0046): the register's own transactions (births, one reported
 * late, tags, a co-signed move, slaughters, a mixed bundle, a sale by bundle) committed block by block, the index
 * caught up from those blocks, a trace from an animal and from a farm, the dashboard's late report — and a standstill
 * placed on the farms a trace reached refusing a move from one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LedgerNode } from '../../src/ledger/node/node'
import { dashboard, dashboardSites } from '../../src/ledger/registries/livestock/dashboard'
import { LivestockLocal } from '../../src/ledger/registries/livestock/local-index'
import { trace } from '../../src/ledger/registries/livestock/trace'
import { registryHost } from '../../src/server/registry-host'
import {
  FARM_A,
  FARM_B,
  HOUSE,
  PACKER,
  SHOP,
  TODAY,
  accepted,
  animal,
  birth,
  cleanup,
  daysAgo,
  farmerA,
  farmerB,
  move,
  officer,
  pack,
  place,
  refused,
  sale,
  setUp,
  single,
  slaughter,
  tag,
} from './livestock-harness'

let node: LedgerNode
const A1 = animal(1)
const A2 = animal(2)
const A3 = animal(3)
const A4 = animal(4)
const BUNDLE = 'L12311150000001'

beforeAll(async () => {
  node = await setUp()
  await accepted(node, birth(farmerA, A1), birth(farmerA, A2), birth(farmerA, A4, { date: daysAgo(9) }), birth(farmerB, A3, { farm: FARM_B }))
  await accepted(node, tag(A1), tag(A2), tag(A3), tag(A4))
  await accepted(node, move([A1, A2]))
  await accepted(node, slaughter(A1), slaughter(A3))
  await accepted(node, pack([A1, A3], BUNDLE))
  await accepted(node, sale(BUNDLE))
})
afterAll(() => cleanup.run())

describe('the livestock trace index on a real node', () => {
  it('catches up from the blocks and traces from an animal and from a farm', async () => {
    const ix = new LivestockLocal(registryHost(node))
    const s = await ix.catchUp()
    expect(s).toMatchObject({ caughtUp: true, problem: null })
    expect(s.height).toBe(node.chain.head().height)

    const r = trace(ix.store, { animal: A1, from: daysAgo(3), to: TODAY, depth: 2 })
    const depths = Object.fromEntries(r.animals.map((a) => [a.animal, a.depth]))
    // A1 shared farm A with A2 and A4 (born there), then farm B with A3 and A2 (moved with it)
    expect(depths).toEqual({ [A1]: 0, [A2]: 1, [A3]: 1, [A4]: 1 })
    expect(r.sites.map((x) => x.site).sort()).toEqual([FARM_A, FARM_B])
    expect(r.carcasses.map((c) => [c.animal, c.slaughterhouse]).sort()).toEqual([
      [A1, HOUSE],
      [A3, HOUSE],
    ])
    expect(r.bundles).toEqual([{ bundle: BUNDLE, packer: PACKER, date: TODAY, animals: [A1, A3].sort() }])
    expect(r.shops).toEqual([SHOP])
    expect(r.history.map((h) => h.site)).toEqual([FARM_A, FARM_B])

    const fromB = trace(ix.store, { site: FARM_B, from: TODAY, to: TODAY, depth: 1 })
    expect(fromB.animals.map((a) => a.animal).sort()).toEqual([A1, A2, A3].sort())

    // A4's birth was reported 9 days after it happened: 4 days late
    const d = dashboard(ix.store, { asOf: TODAY })
    expect(d.late.rows.map((l) => [l.animal, l.kind, l.late])).toEqual([[A4, 'birth', 4]])
  })

  it("the dashboard's rows name their sites as the state has them now, not as the index first learned them", async () => {
    const ix = new LivestockLocal(registryHost(node))
    await ix.catchUp()
    await accepted(node, single(officer, 'livestock.site.update', { site: FARM_A, name: '풍산 한우마을' }))
    await ix.catchUp()
    const d = dashboard(ix.store, { asOf: TODAY })
    expect(d.late.rows.map((l) => l.site)).toEqual([FARM_A])
    expect(await dashboardSites(registryHost(node).state, d)).toEqual([{ site: FARM_A, kind: 'farm', name: '풍산 한우마을' }])
    // a site no longer known is left out; the others are read
    expect(await dashboardSites(registryHost(node).state, { late: { count: 1, rows: [{ ...d.late.rows[0]!, site: '199999' }] }, untagged: { count: 0, rows: [] }, silent: { count: 0, rows: [] } })).toEqual([])
  })

  it('a standstill on the farms a trace reached refuses a move from one of them', async () => {
    const ix = new LivestockLocal(registryHost(node))
    await ix.catchUp()
    const r = trace(ix.store, { animal: A1, from: daysAgo(3), to: TODAY, depth: 1 })
    const farms = r.sites.filter((x) => x.kind === 'farm').map((x) => ({ kind: 'site', site: x.site }))
    expect(farms).toHaveLength(2)
    await accepted(node, place('ORDER-TRACE-1', farms))
    await refused(node, move([A4], FARM_A, FARM_B, farmerA, [farmerB]), 'LIVESTOCK_STANDSTILL')
  })
})
