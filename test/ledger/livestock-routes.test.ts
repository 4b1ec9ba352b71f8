/**
 * The livestock register's read routes (registries/livestock/routes.ts) over HTTP on a real node: an animal with its
 * history, a site with the standstills in force on it and its areas, a bundle, the standstills in force; stable codes
 * for what does not exist or is not a number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES } from '../../src/ledger/registries'
import type { LivestockAnimalDto, LivestockBundleDto, LivestockKeeperSitesDto, LivestockSiteDto, LivestockStandstillsDto } from '../../src/ledger/registries/livestock/portable/dto'
import { type ApiServer, startApiServer } from '../../src/server/api-server'
import { AREA_A, FARM_A, FARM_B, PACKER, accepted, animal, birth, cleanup, farmerA, farmerB, lift, move, officer, pack, pk, place, setUp, single, site, slaughter, tagged } from './livestock-harness'

let node: LedgerNode
let server: ApiServer
const [A, B] = [animal(40), animal(41)]
const BUNDLE = 'L12311150000040'

async function get<T = any>(path: string): Promise<{ status: number; body: T }> {
  const r = await fetch(server.url + path, { headers: { Authorization: `Bearer ${server.token}` } })
  return { status: r.status, body: (await r.json()) as T }
}

beforeAll(async () => {
  node = await setUp()
  await tagged(node, A)
  await tagged(node, B)
  await accepted(node, move([A]))
  await accepted(node, slaughter(A), slaughter(B))
  await accepted(node, pack([A, B], BUNDLE))
  await accepted(node, birth(farmerA, animal(42)))
  await accepted(node, place('FMD-2023-040', [{ kind: 'site', site: FARM_B }, { kind: 'area', area: AREA_A.slice(0, 5) }]), place('FMD-2023-041', [{ kind: 'area', area: '11' }]))
  await accepted(node, lift('FMD-2023-041', [{ kind: 'area', area: '11' }]))
  // farm B passes from farmer B to farmer A and back; farmer A also keeps a new farm
  await accepted(node, single(officer, 'livestock.site.update', { site: FARM_B, keepers: [pk(farmerA)] }), single(officer, 'livestock.site.register', site('100003', 'farm', [farmerA])))
  await accepted(node, single(officer, 'livestock.site.update', { site: FARM_B, keepers: [pk(farmerB)] }))
  server = await startApiServer({ node, uiDir: null, registries: REGISTRIES })
}, 120_000)

afterAll(async () => {
  await server?.close()
  await cleanup.run()
})

describe('livestock read routes', () => {
  it('reads an animal with every event, oldest first', async () => {
    const r = await get<LivestockAnimalDto>(`/api/v1/livestock/animals/${A}`)
    expect(r.status).toBe(200)
    expect(r.body.head).toMatchObject({ animal: A, status: 'slaughtered', site: FARM_B, events: 5 })
    expect(r.body.events.map((e) => e.kind)).toEqual(['birth', 'tag', 'move', 'slaughter', 'pack'])
    expect(r.body.height).toBe(node.chain.head().height)
    const none = await get(`/api/v1/livestock/animals/${animal(49)}`)
    expect([none.status, none.body.error.code]).toEqual([404, 'LIVESTOCK_UNKNOWN_ANIMAL'])
    const bad = await get(`/api/v1/livestock/animals/${A.slice(0, 11)}${(Number(A[11]) + 1) % 10}`)
    expect(bad.status).toBe(400)
  })

  it('reads a site with the standstills in force on it or on its areas', async () => {
    const b = await get<LivestockSiteDto>(`/api/v1/livestock/sites/${FARM_B}`)
    expect(b.body.site).toMatchObject({ site: FARM_B, kind: 'farm', closed: false })
    expect(b.body.standstills.map((s) => [s.order, s.target])).toEqual([
      ['FMD-2023-040', { kind: 'site', site: FARM_B }],
      ['FMD-2023-040', { kind: 'area', area: AREA_A.slice(0, 5) }],
    ])
    const a = await get<LivestockSiteDto>(`/api/v1/livestock/sites/${FARM_A}`)
    expect(a.body.standstills.map((s) => s.target)).toEqual([{ kind: 'area', area: '47170' }])
    const none = await get('/api/v1/livestock/sites/999999')
    expect([none.status, none.body.error.code]).toEqual([422, 'LIVESTOCK_UNKNOWN_SITE'])
  })

  it('lists the sites a key keeps, following changes of keepers', async () => {
    const r = await get<LivestockKeeperSitesDto>(`/api/v1/livestock/sites?keeper=${pk(farmerA)}`)
    expect(r.body.sites.map((s) => s.site)).toEqual([FARM_A, '100003'])
    expect(r.body.more).toBe(false)
    expect((await get<LivestockKeeperSitesDto>(`/api/v1/livestock/sites?keeper=${pk(farmerB)}`)).body.sites.map((s) => s.site)).toEqual([FARM_B])
    expect((await get<LivestockKeeperSitesDto>(`/api/v1/livestock/sites?keeper=${pk(farmerA)}&limit=1`)).body.more).toBe(true)
    expect((await get('/api/v1/livestock/sites?keeper=xyz')).status).toBe(400)
  })

  it('reads a bundle and the standstills in force (not the lifted one)', async () => {
    const b = await get<LivestockBundleDto>(`/api/v1/livestock/bundles/${BUNDLE}`)
    expect(b.body.bundle).toMatchObject({ bundle: BUNDLE, packer: PACKER, animals: [A, B] })
    const none = await get('/api/v1/livestock/bundles/L12311150000049')
    expect([none.status, none.body.error.code]).toEqual([404, 'LIVESTOCK_UNKNOWN_BUNDLE'])
    const s = await get<LivestockStandstillsDto>('/api/v1/livestock/standstills')
    expect(s.body.standstills.map((x) => [x.order, x.target])).toEqual([
      ['FMD-2023-040', { kind: 'area', area: '47170' }],
      ['FMD-2023-040', { kind: 'site', site: FARM_B }],
    ])
    expect(s.body.more).toBe(false)
    const one = await get<LivestockStandstillsDto>('/api/v1/livestock/standstills?limit=1')
    expect([one.body.standstills.length, one.body.more]).toEqual([1, true])
  })
})
