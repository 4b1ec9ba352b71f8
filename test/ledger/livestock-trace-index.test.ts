/**
 * The livestock node-local index (docs/adr/0046) on a hand-made node (state, node-local data and blocks in memory, as
 * RegistryHost gives them): caught up from blocks to what state says of each animal named, kept on disk with its
 * height, reloaded on a restart, rebuilt from height 0 to the same keys and values, a chunk bounded; the trace and the
 * dashboard routes answering from it; the dashboard's lists, regions and months.
 */
import { describe, expect, it } from 'vitest'
import type { Canonical } from '../../src/ledger/codec/canonical'
import type { JsonValue } from '../../src/ledger/types/tx'
import type { LocalBlock, RegistryHost } from '../../src/ledger/registries/types'
import { dashboard } from '../../src/ledger/registries/livestock/dashboard'
import { LivestockLocal, animalIndexKey, namedIn } from '../../src/ledger/registries/livestock/local-index'
import { animalEventKey, animalKey, bundleKey, siteKey } from '../../src/ledger/registries/livestock/portable/keys'
import type { AnimalEvent, AnimalHead, BundleRecord, SiteRecord } from '../../src/ledger/registries/livestock/portable/schema'
import { TRACE_ROUTES } from '../../src/ledger/registries/livestock/trace-routes'
import { dashboardCsv, traceCsv } from '../../src/ledger/registries/livestock/portable/trace-csv'

const FARM_A = '100001'
const FARM_B = '100002'
const MARKET = '200001'
const SH = '300001'
const PK = '400001'
const SHOP = '500001'
const A1 = '002000000001'
const A2 = '002000000002'
const A3 = '002000000003'
const BUNDLE = 'L12612030001001'

function site(code: string, kind: SiteRecord['kind'], area: string): SiteRecord {
  return { site: code, kind, name: `업소 ${code}`, area, address: '경상북도', keepers: ['aa'.repeat(32)], closed: false, agency: 'agency-a', registeredAt: 0 }
}

function head(animal: string, o: Partial<AnimalHead>): AnimalHead {
  return {
    animal,
    breed: 'hanwoo',
    sex: 'female',
    birthDate: '2026-01-01',
    mother: null,
    origin: { kind: 'born', farm: FARM_A },
    status: 'alive',
    site: FARM_A,
    stays: [{ site: FARM_A, from: '2026-01-01', to: null }],
    tagged: '2026-01-10',
    slaughter: null,
    grade: null,
    events: 0,
    alerts: 0,
    ...o,
  }
}

function ev(seq: number, kind: AnimalEvent['kind'], date: string, site: string | null, o: Partial<AnimalEvent> = {}): AnimalEvent {
  return { seq, kind, date, recordedOn: date, late: 0, height: 1, tx: 'ab'.repeat(32), by: 'cd'.repeat(32), site, detail: {}, ...o }
}

/** A node in memory: state, node-local data, blocks; `commit` adds a block of payloads and changes state. */
function fakeNode() {
  const state = new Map<string, Canonical>()
  const aux = new Map<string, Uint8Array>()
  const blocks: LocalBlock[] = []
  const listeners = new Set<(h: number) => void>()
  let writes = 0
  const host = {
    state: {
      get: async (k: string) => state.get(k),
      scanState: async function* (prefix: string, limit = Infinity) {
        let n = 0
        for (const k of [...state.keys()].sort()) if (k.startsWith(prefix) && n++ < limit) yield [k, state.get(k)!] as [string, Canonical]
      },
      head: () => (blocks.length === 0 ? null : { height: blocks.length }),
      getAux: async (k: string) => aux.get(k),
      auxKeys: async (prefix: string, limit = 1000) => [...aux.keys()].filter((k) => k.startsWith(prefix)).sort().slice(0, limit),
    },
    keepLocal: async (entries: ReadonlyArray<readonly [string, Uint8Array]>) => {
      writes++
      for (const [k, v] of entries) aux.set(k, v)
    },
    blocks: {
      read: async (h: number) => blocks[h - 1] ?? null,
      onCommit: (l: (h: number) => void) => {
        listeners.add(l)
        return () => listeners.delete(l)
      },
    },
  } as unknown as RegistryHost
  const put = (k: string, v: unknown): void => void state.set(k, v as Canonical)
  const commit = (txs: Array<{ type: string; payload: unknown }>, change: () => void): void => {
    change()
    blocks.push({ height: blocks.length + 1, time: Date.UTC(2026, 5, 1), txs: txs.map((t, i) => ({ hash: String(i), type: t.type, signer: 'ee', payload: t.payload as JsonValue })) })
    for (const l of listeners) l(blocks.length)
  }
  return { host, state, aux, blocks, put, commit, writes: () => writes }
}

/** A small chain: two farms, a market, A1 and A2 born on A, A1 moved through the market to B, slaughtered, packed with A3 in a bundle, sold. */
function seed(n: ReturnType<typeof fakeNode>): void {
  n.commit(
    [
      { type: 'livestock.site.register', payload: { site: FARM_A } },
      { type: 'livestock.site.register', payload: { site: FARM_B } },
      { type: 'livestock.site.register', payload: { site: MARKET } },
      { type: 'livestock.site.register', payload: { site: SH } },
      { type: 'livestock.site.register', payload: { site: PK } },
      { type: 'livestock.site.register', payload: { site: SHOP } },
    ],
    () => {
      n.put(siteKey(FARM_A), site(FARM_A, 'farm', '4717012300'))
      n.put(siteKey(FARM_B), site(FARM_B, 'farm', '4611012300'))
      n.put(siteKey(MARKET), site(MARKET, 'market', '4717025000'))
      n.put(siteKey(SH), site(SH, 'slaughterhouse', '4717031000'))
      n.put(siteKey(PK), site(PK, 'packer', '4717031000'))
      n.put(siteKey(SHOP), site(SHOP, 'shop', '1111010100'))
    },
  )
  n.commit(
    [
      { type: 'livestock.birth', payload: { animal: A1, farm: FARM_A } },
      { type: 'livestock.batch', payload: { events: [{ type: 'livestock.birth', payload: { animal: A2, farm: FARM_A } }] } },
      { type: 'livestock.birth', payload: { animal: A3, farm: FARM_B } },
    ],
    () => {
      n.put(animalKey(A1), head(A1, { events: 1 }))
      n.put(animalEventKey(A1, 1), ev(1, 'birth', '2026-01-01', FARM_A))
      // A2: reported 10 days late, never tagged
      n.put(animalKey(A2), head(A2, { tagged: null, events: 1 }))
      n.put(animalEventKey(A2, 1), ev(1, 'birth', '2026-01-01', FARM_A, { recordedOn: '2026-01-11', late: 5 }))
      n.put(animalKey(A3), head(A3, { site: FARM_B, stays: [{ site: FARM_B, from: '2026-01-01', to: null }], events: 1 }))
      n.put(animalEventKey(A3, 1), ev(1, 'birth', '2026-01-01', FARM_B))
    },
  )
  n.commit([{ type: 'livestock.move', payload: { animals: [A1], from: FARM_A, to: MARKET } }], () => {
    n.put(animalKey(A1), head(A1, { site: MARKET, stays: [{ site: FARM_A, from: '2026-01-01', to: '2026-03-01' }, { site: MARKET, from: '2026-03-01', to: null }], events: 2 }))
    n.put(animalEventKey(A1, 2), ev(2, 'move', '2026-03-01', MARKET))
  })
  n.commit([{ type: 'livestock.move', payload: { animals: [A1, A3], from: MARKET, to: FARM_B } }], () => {
    const stays = [
      { site: FARM_A, from: '2026-01-01', to: '2026-03-01' },
      { site: MARKET, from: '2026-03-01', to: '2026-03-02' },
      { site: FARM_B, from: '2026-03-02', to: null },
    ]
    n.put(animalKey(A1), head(A1, { site: FARM_B, stays, events: 3 }))
    n.put(animalEventKey(A1, 3), ev(3, 'move', '2026-03-02', FARM_B))
  })
  n.commit(
    [
      { type: 'livestock.slaughter', payload: { animal: A1, slaughterhouse: SH } },
      { type: 'livestock.slaughter', payload: { animal: A3, slaughterhouse: SH } },
      { type: 'livestock.pack', payload: { packer: PK, animals: [A1, A3], bundle: BUNDLE } },
      { type: 'livestock.sale', payload: { shop: SHOP, number: BUNDLE } },
    ],
    () => {
      const stays = [
        { site: FARM_A, from: '2026-01-01', to: '2026-03-01' },
        { site: MARKET, from: '2026-03-01', to: '2026-03-02' },
        { site: FARM_B, from: '2026-03-02', to: '2026-04-01' },
      ]
      const slaughter = { site: SH, date: '2026-04-01', inspection: 'pass' as const, dnaSample: 'DNA-1' }
      n.put(animalKey(A1), head(A1, { site: FARM_B, stays, status: 'slaughtered', slaughter, events: 6 }))
      n.put(animalEventKey(A1, 4), ev(4, 'slaughter', '2026-04-01', SH))
      n.put(animalEventKey(A1, 5), ev(5, 'pack', '2026-04-03', PK, { detail: { bundle: BUNDLE, cut: 'mixed' } }))
      n.put(animalEventKey(A1, 6), ev(6, 'sale', '2026-04-05', SHOP, { detail: { bundle: BUNDLE } }))
      n.put(animalKey(A3), head(A3, { site: FARM_B, stays: [{ site: FARM_B, from: '2026-01-01', to: '2026-04-01' }], status: 'slaughtered', slaughter, events: 4 }))
      n.put(animalEventKey(A3, 2), ev(2, 'slaughter', '2026-04-01', SH))
      n.put(animalEventKey(A3, 3), ev(3, 'pack', '2026-04-03', PK, { detail: { bundle: BUNDLE, cut: 'mixed' } }))
      n.put(animalEventKey(A3, 4), ev(4, 'sale', '2026-04-05', SHOP, { detail: { bundle: BUNDLE } }))
      n.put(bundleKey(BUNDLE), { bundle: BUNDLE, packer: PK, date: '2026-04-03', cut: 'mixed', animals: [A1, A3], height: 5, tx: 'ab' } satisfies BundleRecord)
    },
  )
}

const localKeys = (n: ReturnType<typeof fakeNode>): Array<[string, string]> =>
  [...n.aux].filter(([k]) => k.startsWith('lv-ix/')).map(([k, v]) => [k, new TextDecoder().decode(v)] as [string, string]).sort()

describe('the livestock node-local index', () => {
  it("names the animals, bundles and sites of a payload, a batch's events included", () => {
    const out = { animals: new Set<string>(), bundles: new Set<string>(), sites: new Set<string>() }
    namedIn({ animals: [A1, 'x'], from: FARM_A, to: 'nope', events: [{ type: 'livestock.sale', payload: { number: BUNDLE, shop: SHOP } }, { payload: { animal: A2 } }] }, out)
    expect([...out.animals].sort()).toEqual([A1, A2])
    expect([...out.bundles]).toEqual([BUNDLE])
    expect([...out.sites].sort()).toEqual([FARM_A, SHOP])
  })

  it('catches up from blocks to what state says, keeps it with its height, reloads it, and rebuilds it the same', async () => {
    const n = fakeNode()
    seed(n)
    const ix = new LivestockLocal(n.host)
    const status = await ix.catchUp()
    expect(status).toMatchObject({ height: 5, head: 5, caughtUp: true, problem: null })
    const a1 = ix.store.entryOf(A1)!
    expect(a1.stays.map((s) => s.site)).toEqual([FARM_A, MARKET, FARM_B])
    expect(a1.down).toEqual([
      { kind: 'slaughter', site: SH, date: '2026-04-01', bundle: null },
      { kind: 'pack', site: PK, date: '2026-04-03', bundle: BUNDLE },
      { kind: 'sale', site: SHOP, date: '2026-04-05', bundle: BUNDLE },
    ])
    expect(ix.store.entryOf(A2)!.late).toEqual([{ kind: 'birth', date: '2026-01-01', recordedOn: '2026-01-11', late: 5, site: FARM_A }])
    expect(ix.store.site(ix.store.siteOf(FARM_B)).area).toBe('4611012300')
    const kept = localKeys(n)
    expect(kept.find(([k]) => k === 'lv-ix/height')?.[1]).toBe('5')
    expect(kept.some(([k]) => k === animalIndexKey(A3))).toBe(true)

    // a restart: a new index on the same node loads what was kept, answers the same and reads no block
    const again = new LivestockLocal(n.host)
    expect(await again.status()).toMatchObject({ height: 5, caughtUp: true })
    for (const a of [A1, A2, A3]) expect(again.store.entryOf(a)).toEqual(ix.store.entryOf(a))

    // rebuilt from height 0: the same keys and values
    n.aux.set('lv-ix/height', new TextEncoder().encode('0'))
    const rebuilt = new LivestockLocal(n.host)
    await rebuilt.catchUp()
    expect(localKeys(n)).toEqual(kept)
    for (const a of [A1, A2, A3]) expect(rebuilt.store.entryOf(a)).toEqual(ix.store.entryOf(a))
  })

  it('follows the blocks the node commits, and says how far it is when a block is missing', async () => {
    const n = fakeNode()
    const ix = new LivestockLocal(n.host)
    const stop = ix.start()
    seed(n)
    await ix.catchUp()
    expect(ix.store.entryOf(A1)!.status).toBe('slaughtered')
    stop()
    // a node that does not hold a block: the index stops before it, with the reason
    const m = fakeNode()
    seed(m)
    const gap = new LivestockLocal({ ...m.host, blocks: { ...m.host.blocks, read: async (h: number) => (h === 3 ? null : m.blocks[h - 1]!) } } as RegistryHost)
    const s = await gap.catchUp()
    expect(s.caughtUp).toBe(false)
    expect(s.problem).toMatch(/block 3/)
    expect(s.height).toBe(0)
  })

  it('answers the trace and the dashboard routes from the index, in words in the CSV', async () => {
    const n = fakeNode()
    seed(n)
    const get = (path: string) => TRACE_ROUTES.find((r) => r.path === path)!
    const q = get('/api/v1/livestock/trace').query!.parse({ animal: A1, from: '2026-02-15', to: '2026-03-15', depth: '2' })
    const r = (await get('/api/v1/livestock/trace').handler({ host: n.host, params: {}, query: q, body: undefined })).body as ReturnType<typeof import('../../src/ledger/registries/livestock/trace').trace> & { index: { caughtUp: boolean } }
    expect(r.index.caughtUp).toBe(true)
    // A1 met A2 on farm A (till 1 March) and A3 on farm B (from 2 March)
    expect(r.animals.map((a) => [a.animal, a.depth, a.via])).toEqual([
      [A1, 0, null],
      [A2, 1, FARM_A],
      [A3, 1, FARM_B],
    ])
    expect(r.sites.map((s) => s.site)).toEqual([FARM_A, FARM_B, MARKET])
    expect(r.bundles).toEqual([{ bundle: BUNDLE, packer: PK, date: '2026-04-03', animals: [A1, A3] }])
    expect(r.shops).toEqual([SHOP])
    expect(r.history.map((h) => h.site)).toEqual([FARM_A, MARKET, FARM_B])
    const csv = traceCsv(r, 'ko')
    expect(csv.split('\r\n')[0]).toBe('구분,이력번호,단계,농장·업소 번호,종류,이름,법정동 코드,부터(날짜),까지,묶음번호')
    expect(csv).toContain('가축시장')
    expect(csv).not.toMatch(/\bmarket\b|slaughterhouse|livestock\./)
    expect(traceCsv(r, 'en')).toContain('Livestock market')

    expect(() => get('/api/v1/livestock/trace').query!.parse({ animal: A1, site: FARM_A, from: '2026-02-15', to: '2026-03-15' })).toThrow()
    expect(() => get('/api/v1/livestock/trace').query!.parse({ animal: A1, from: '2026-03-15', to: '2026-02-15' })).toThrow()

    const dq = get('/api/v1/livestock/dashboard').query!.parse({ asOf: '2026-06-01' })
    const d = (await get('/api/v1/livestock/dashboard').handler({ host: n.host, params: {}, query: dq, body: undefined })).body as ReturnType<typeof dashboard>
    expect(d.late.rows.map((l) => [l.animal, l.kind, l.late])).toEqual([[A2, 'birth', 5]])
    expect(d.untagged.rows.map((u) => u.animal)).toEqual([A2])
    // A1 and A3 were last on farm B (전남 46…), slaughtered: none alive there
    expect(d.byRegion).toEqual([
      { region: '46', animals: 0, late: 0, untagged: 0, silent: 0 },
      { region: '47', animals: 1, late: 1, untagged: 1, silent: 0 },
    ])
    expect(d.byMonth.find((m) => m.month === '2026-03')).toMatchObject({ moves: 2 })
    expect(d.byMonth.find((m) => m.month === '2026-04')).toMatchObject({ slaughters: 2 })
    expect(d.byMonth.find((m) => m.month === '2026-01')).toMatchObject({ births: 3, late: 1 })
    expect(dashboardCsv(d, 'en')).toContain('Birth')
    // the route's answer names the sites: the CSV carries the name beside the number
    const site = d.untagged.rows[0]!.site
    const withNames = dashboardCsv({ ...d, sites: [{ site, name: '햇살농장' }] }, 'en').split('\r\n')
    expect(withNames.find((l) => l.startsWith(`${A2},`))).toContain(`,${site},햇살농장,`)
  })

  it("the dashboard: a region's animals only, silent after a year, counts by the next level down", async () => {
    const n = fakeNode()
    seed(n)
    const ix = new LivestockLocal(n.host)
    await ix.catchUp()
    const later = dashboard(ix.store, { asOf: '2027-01-05', region: '47' })
    // A2 on farm A (경북 47170…): no event since its birth
    expect(later.silent.rows.map((s) => [s.animal, s.days])).toEqual([[A2, 369]])
    expect(later.byRegion).toEqual([{ region: '47170', animals: 1, late: 1, untagged: 1, silent: 1 }])
    expect(dashboard(ix.store, { asOf: '2027-01-05', region: '11' }).untagged.count).toBe(0)
    expect(() => dashboard(ix.store, { asOf: '2027-01-05', region: '471' })).toThrow(expect.objectContaining({ code: 'SCHEMA_INVALID' }))
  })
})
