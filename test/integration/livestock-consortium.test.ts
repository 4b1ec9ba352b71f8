/**
 * The livestock register on a consortium of four validator processes on loopback (issue 13, ADR 0041/0047): sites
 * registered, a tagging agency's batch of births and tags (with a refused line), a co-signed move between two farms
 * sent to another node, a vet's vaccination, a standstill that refuses a move until it is lifted, a slaughterhouse's
 * batch, grading, a mixed bundle and its sale — the acts spread over the four nodes. Every node then holds the same
 * block and app hash at one height, and the same animals.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { animalKey, batchKey } from '../../src/ledger/registries/livestock/portable/keys'
import { type JsonValue, type TxJson, makeAct, makeTx, signAct, txToJson } from '../../src/ledger/types/tx'
import { type StartedNode, api, cli, freeBase, startNode, stopAll, tempHome, waitFor } from './harness'

const key = (label: string): Signer => nodeSigner(new Uint8Array(32).map((_, i) => (label.charCodeAt(i % label.length) * (i + 11)) & 0xff))
const pk = (s: Signer): string => toHex(s.publicKey)

describe('the livestock register on four validator processes', () => {
  const t = tempHome()
  const nodes: StartedNode[] = []
  let chainId = ''
  let admins: Signer[] = []
  let nonce = 0
  const day = (ago: number): string => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10)
  const officer = key('officer')
  const farmerA = key('farmer-a')
  const farmerB = key('farmer-b')
  const tagger = key('tagger')
  const vet = key('vet')
  const butcher = key('slaughterhouse')
  const grader = key('grader')
  const packer = key('packer')
  const shop = key('shop')
  const FARM_A = '100001'
  const FARM_B = '100002'
  const HOUSE = '910001'
  const PACKER = '920001'
  const SHOP = '950001'
  const calves = Array.from({ length: 8 }, (_, i) => withCheckDigit(`002${String(5_000 + i).padStart(8, '0')}`))

  const single = (s: Signer, type: string, payload: unknown): TxJson => txToJson(makeTx(s, { chainId, type, payload: payload as JsonValue, nonce: ++nonce }))
  const joint = (s: Signer, co: Signer, type: string, payload: unknown): TxJson => {
    let a = makeAct({ chainId, type, payload: payload as JsonValue, signer: pk(s), nonce: ++nonce, cosigners: [pk(co)] })
    for (const x of [s, co]) a = signAct(a, x)
    return a as unknown as TxJson
  }
  async function send(i: number, tx: TxJson): Promise<{ hash: string; status: string; code?: string; height?: number }> {
    const r = await api(nodes[i]!, 'POST', '/api/v1/txs', tx)
    expect(r.status, JSON.stringify(r.body)).toBe(202)
    const hash = r.body.hash as string
    return waitFor(
      async () => {
        for (const n of nodes) {
          const s = (await api(n, 'GET', `/api/v1/txs/${hash}`)).body
          if (s.status === 'committed') return { hash, status: 'committed', height: s.height }
          if (s.status === 'rejected') return { hash, status: 'rejected', code: s.rejection?.code }
        }
        return false
      },
      120_000,
      `transaction ${tx.type} committed or refused`,
    )
  }
  const commit = async (i: number, tx: TxJson): Promise<{ hash: string; height: number }> => {
    const o = await send(i, tx)
    expect(o, `${tx.type} ${JSON.stringify(o)}`).toMatchObject({ status: 'committed' })
    return { hash: o.hash, height: o.height! }
  }
  const heights = async (): Promise<number[]> => Promise.all(nodes.map(async (n) => (await api(n, 'GET', '/api/v1/status')).body.height as number))
  const allAt = (h: number): Promise<boolean> => waitFor(async () => (await heights()).every((x) => x >= h), 120_000, `every node at height ${h}`)
  const state = async (i: number, k: string, h: number): Promise<any> => (await api(nodes[i]!, 'GET', `/api/v1/state?key=${encodeURIComponent(k)}&height=${h}`)).body.value

  beforeAll(async () => {
    const base = await freeBase(8)
    const made = cli(['testnet', '--validators', '4', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    chainId = made.json.chainId
    const homes = [0, 1, 2, 3].map((i) => join(t.dir, `node${i}`))
    for (const h of homes) nodes.push(await startNode(h))
    admins = homes.map((h) => loadSigner(join(h, 'keys', 'admin.json')))
    await waitFor(async () => (await api(nodes[3]!, 'GET', '/api/v1/status')).body.peers === 3, 60_000, 'node 3 sees its peers')
    // agency-0: the ministry (officer, tagging agency, vet, farmers); agency-1: the meat trade
    const grant = (ai: number, s: Signer, role: string): TxJson => single(admins[ai]!, 'identity.role.grant', { agency: `agency-${ai}`, subject: pk(s), role, expiresAt: null })
    await Promise.all([
      commit(0, grant(0, officer, 'livestock-officer')),
      commit(0, grant(0, farmerA, 'farmer')),
      commit(0, grant(0, farmerB, 'farmer')),
      commit(0, grant(0, tagger, 'tagger')),
      commit(0, grant(0, vet, 'vet')),
      commit(1, grant(1, butcher, 'slaughterhouse')),
      commit(1, grant(1, grader, 'grader')),
      commit(1, grant(1, packer, 'packer')),
      commit(1, grant(1, shop, 'shop')),
    ])
    const site = (site: string, kind: string, keeper: Signer, area: string) => ({ site, kind, name: `${kind} ${site}`, area, address: '경상북도 안동시 풍산읍', keepers: [pk(keeper)] })
    await Promise.all([
      commit(0, single(officer, 'livestock.site.register', site(FARM_A, 'farm', farmerA, '4717025021'))),
      commit(1, single(officer, 'livestock.site.register', site(FARM_B, 'farm', farmerB, '4717031022'))),
      commit(2, single(officer, 'livestock.site.register', site(HOUSE, 'slaughterhouse', butcher, '4128110100'))),
      commit(3, single(officer, 'livestock.site.register', site(PACKER, 'packer', packer, '4128110100'))),
      commit(0, single(officer, 'livestock.site.register', site(SHOP, 'shop', shop, '1111010100'))),
    ])
  }, 10 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('carries calves from birth to the shop with acts spread over the nodes', { timeout: 8 * 60_000 }, async () => {
    // the tagging agency's batch (node 1): eight births and their tags, and one birth of a calf already born
    const events = [
      ...calves.map((a, i) => ({ type: 'livestock.birth', payload: { animal: a, farm: FARM_A, date: day(4), breed: 'hanwoo', sex: i % 2 ? 'castrated' : 'female' } })),
      ...calves.map((a) => ({ type: 'livestock.tag', payload: { animal: a, date: day(3) } })),
      { type: 'livestock.birth', payload: { animal: calves[0], farm: FARM_A, date: day(4), breed: 'hanwoo', sex: 'female' } },
    ]
    const b1 = await commit(1, single(tagger, 'livestock.batch', { events }))
    await allAt(b1.height)
    const rec = await state(2, batchKey(b1.hash), b1.height)
    expect([rec.accepted, rec.refused.map((r: { index: number; code: string }) => [r.index, r.code])]).toEqual([16, [[16, 'LIVESTOCK_ANIMAL_EXISTS']]])
    // a vet vaccinates them on farm A (node 3); four move to farm B, both farms signing (node 2)
    await commit(3, single(vet, 'livestock.vet', { animals: calves, date: day(2), act: 'vaccination', disease: 'fmd', product: '구제역 백신 O+A' }))
    await commit(2, joint(farmerA, farmerB, 'livestock.move', { animals: calves.slice(4), from: FARM_A, to: FARM_B, date: day(2) }))
    // a standstill on farm A's 읍면동 (node 0): a move from it is refused, and goes once it is lifted
    const area = { kind: 'area', area: '47170250' }
    await commit(0, single(officer, 'livestock.standstill.place', { order: 'FMD-IT-001', targets: [area], disease: 'fmd', reason: '구제역 의심' }))
    expect(await send(1, joint(farmerA, farmerB, 'livestock.move', { animals: [calves[0]], from: FARM_A, to: FARM_B, date: day(1) }))).toMatchObject({ status: 'rejected', code: 'LIVESTOCK_STANDSTILL' })
    await commit(3, single(officer, 'livestock.standstill.lift', { order: 'FMD-IT-001', targets: [area], reason: '정밀검사 음성' }))
    await commit(1, joint(farmerA, farmerB, 'livestock.move', { animals: [calves[0]], from: FARM_A, to: FARM_B, date: day(1) }))
    // the slaughterhouse's batch (node 2): three from farm B; grades (node 0); a bundle of two (node 3) sold (node 1)
    const killed = [calves[0]!, calves[4]!, calves[5]!]
    await commit(2, single(butcher, 'livestock.batch', { events: killed.map((a) => ({ type: 'livestock.slaughter', payload: { animal: a, slaughterhouse: HOUSE, date: day(0), inspection: 'pass', dnaSample: `DNA-${a}` } })) }))
    for (const a of killed) await commit(0, single(grader, 'livestock.grade', { animal: a, date: day(0), quality: '1+', yield: 'A', weightKg: '421.5' }))
    const bundle = `L${day(0).slice(2).replace(/-/g, '')}20001001`
    await commit(3, single(packer, 'livestock.pack', { packer: PACKER, date: day(0), animals: killed.slice(1), cut: 'mixed', bundle, shop: SHOP }))
    const last = await commit(1, single(shop, 'livestock.sale', { shop: SHOP, date: day(0), number: bundle }))
    await allAt(last.height)
    const h0 = await state(0, animalKey(calves[0]!), last.height)
    expect([h0.status, h0.slaughter.site, h0.stays.map((s: { site: string }) => s.site)]).toEqual(['slaughtered', HOUSE, [FARM_A, FARM_B]])
    expect((await state(3, animalKey(calves[2]!), last.height)).site).toBe(FARM_A)
  })

  it('leaves every node with the same blocks, app hash and animals', { timeout: 3 * 60_000 }, async () => {
    const h = Math.max(...(await heights()))
    await allAt(h)
    const blocks = await Promise.all(nodes.map(async (n) => (await api(n, 'GET', `/api/v1/blocks/${h}`)).body))
    expect(new Set(blocks.map((b) => b.hash)).size).toBe(1)
    expect(new Set(blocks.map((b) => b.appHash)).size).toBe(1)
    for (const a of calves) {
      const views = await Promise.all(nodes.map((_, i) => state(i, animalKey(a), h)))
      expect(views[0]).toBeTruthy()
      for (const v of views.slice(1)) expect(v).toEqual(views[0])
    }
  })
})
