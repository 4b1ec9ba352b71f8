/**
 * The livestock register's test harness: a node with an officer, the reporting roles, six sites (two farms, a market,
 * a slaughterhouse, a packer, a shop) and the transactions the tests send (test/ledger/livestock-*.test.ts).
 * The block's Korean day is TODAY (GENESIS_TIME is 2023-11-14 22:13 UTC, 2023-11-15 in Korea).
 */
import { expect } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import type { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES } from '../../src/ledger/registries'
import { animalKey } from '../../src/ledger/registries/livestock/portable/keys'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import type { AnimalHead } from '../../src/ledger/registries/livestock/portable/schema'
import { type JsonValue, encodeTx, makeAct, makeTx, signAct } from '../../src/ledger/types/tx'
import { Cleanup, GENESIS_TIME, type Fixture, grantTx, makeChecker, makeFixture, openNode, signCommit, signerFor } from './helpers'

export const fx: Fixture = makeFixture({ tag: 'livestock', secondAgency: true })
const checker = makeChecker(fx.genesis, REGISTRIES)
export const officer = signerFor('lv/officer')
export const farmerA = signerFor('lv/farmer-a')
export const farmerB = signerFor('lv/farmer-b')
export const marketKeeper = signerFor('lv/market')
export const tagger = signerFor('lv/tagger')
export const vet = signerFor('lv/vet')
export const butcher = signerFor('lv/slaughterhouse')
export const grader = signerFor('lv/grader')
export const packer = signerFor('lv/packer')
export const shop = signerFor('lv/shop')
export const lab = signerFor('lv/lab')
export const stranger = signerFor('lv/stranger')
export const pk = (s: Signer): string => toHex(s.publicKey)

/** the Korean day of every block the harness makes */
export const TODAY = '2023-11-15'
export const daysAgo = (n: number): string => new Date(Date.UTC(2023, 10, 15) - n * 86_400_000).toISOString().slice(0, 10)

export const FARM_A = '100001'
export const FARM_B = '100002'
export const MARKET = '200001'
export const HOUSE = '300001'
export const PACKER = '400001'
export const SHOP = '500001'
/** a second shop kept by the shop's key (registered by the tests that need it) */
export const SHOP_2 = '500002'
/** 법정동 codes: farm A in 경북 안동시 풍산읍, farm B in 경북 안동시 another 읍, the slaughterhouse in 경기 고양시 */
export const AREA_A = '4717025021'
export const AREA_B = '4717031022'
export const AREA_HOUSE = '4128110100'

export const animal = (n: number): string => withCheckDigit(`002${String(n).padStart(8, '0')}`)

let nonce = 0
export const cleanup = new Cleanup()

export const single = (signer: Signer, type: string, payload: unknown): CheckedTx =>
  checker.fromBytes(encodeTx(makeTx(signer, { chainId: fx.chainId, type, payload: payload as JsonValue, nonce: ++nonce, time: GENESIS_TIME })))
export const joint = (signer: Signer, type: string, payload: unknown, cosigners: Signer[]): CheckedTx => {
  let a = makeAct({ chainId: fx.chainId, type, payload: payload as JsonValue, signer: pk(signer), nonce: ++nonce, time: GENESIS_TIME, cosigners: cosigners.map(pk) })
  for (const s of [signer, ...cosigners]) a = signAct(a, s)
  return checker.fromJson(a)
}
export const grant = (admin: Signer, subject: Signer, role: string, agency = 'agency-a'): CheckedTx =>
  checker.fromBytes(encodeTx(grantTx(admin, fx, { nonce: ++nonce, subject, role: role as never, agency })))

/** One block of `txs`: the codes of those refused, in order. */
export async function block(node: LedgerNode, txs: CheckedTx[]): Promise<string[]> {
  const head = node.chain.head()
  const h = head.height + 1
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const { prepared, rejected } = await node.chain.buildBlock(txs, fx.validator.publicKey, head.time + 1000, lastCommit)
  await node.chain.commit(prepared, signCommit(fx.chainId, [fx.validator], h, prepared.hash))
  return rejected.map((r) => r.error.code)
}

export const root = (node: LedgerNode): string => toHex(node.chain.head().appHash)

/** A transaction refused with `code` in a block of its own, and the state root the same after it as before. */
export async function refused(node: LedgerNode, tx: CheckedTx, code: string): Promise<void> {
  const before = root(node)
  expect(await block(node, [tx])).toEqual([code])
  expect(root(node)).toBe(before)
}

/** Transactions all accepted in one block, which changes the state root. */
export async function accepted(node: LedgerNode, ...txs: CheckedTx[]): Promise<void> {
  const before = root(node)
  expect(await block(node, txs)).toEqual([])
  expect(root(node)).not.toBe(before)
}

export const head = async (node: LedgerNode, a: string): Promise<AnimalHead> => (await node.store.get(animalKey(a))) as unknown as AnimalHead

export const site = (site: string, kind: string, keepers: Signer[], area = AREA_A) => ({
  site,
  kind,
  name: `${kind} ${site}`,
  area,
  address: '경상북도 안동시 풍산읍',
  keepers: keepers.map(pk),
})

// reports
export const birth = (by: Signer, a: string, o: Record<string, unknown> = {}) =>
  single(by, 'livestock.birth', { animal: a, farm: FARM_A, date: daysAgo(2), breed: 'hanwoo', sex: 'female', ...o })
export const tag = (a: string, date = daysAgo(1), by = tagger) => single(by, 'livestock.tag', { animal: a, date })
export const move = (animals: string[], from = FARM_A, to = FARM_B, by = farmerA, co: Signer[] = [farmerB], date = TODAY) =>
  co.length === 0 ? single(by, 'livestock.move', { animals, from, to, date }) : joint(by, 'livestock.move', { animals, from, to, date }, co)
export const slaughter = (a: string, o: Record<string, unknown> = {}) =>
  single(butcher, 'livestock.slaughter', { animal: a, slaughterhouse: HOUSE, date: TODAY, inspection: 'pass', dnaSample: `DNA-${a}`, ...o })
export const grade = (a: string, o: Record<string, unknown> = {}) =>
  single(grader, 'livestock.grade', { animal: a, date: TODAY, quality: '1+', yield: 'A', weightKg: '432.5', ...o })
/** cuts packed for the shop (pass `shop: null` for a pack sent to no shop) */
export const pack = (animals: string[], bundle?: string, by = packer, shop: string | null = SHOP) =>
  single(by, 'livestock.pack', { packer: PACKER, date: TODAY, animals, cut: 'sirloin', ...(bundle !== undefined ? { bundle } : {}), ...(shop !== null ? { shop } : {}) })
export const sale = (number: string, by = shop) => single(by, 'livestock.sale', { shop: SHOP, date: TODAY, number })
export const place = (order: string, targets: unknown[]) => single(officer, 'livestock.standstill.place', { order, targets, disease: 'fmd', reason: '구제역 의심' })
export const lift = (order: string, targets: unknown[]) => single(officer, 'livestock.standstill.lift', { order, targets, reason: '음성 판정' })

/** The roles and the six sites; farm A is kept by farmer A, farm B by farmer B. */
export async function setUp(): Promise<LedgerNode> {
  const node = await openNode(cleanup, fx, { registries: REGISTRIES, now: () => GENESIS_TIME + 60_000 })
  const a = fx.admin
  await accepted(
    node,
    grant(a, officer, 'livestock-officer'),
    grant(a, farmerA, 'farmer'),
    grant(a, farmerB, 'farmer'),
    grant(a, marketKeeper, 'market'),
    grant(a, tagger, 'tagger'),
    grant(a, vet, 'vet'),
    grant(a, butcher, 'slaughterhouse'),
    grant(a, grader, 'grader'),
    grant(a, packer, 'packer'),
    grant(a, shop, 'shop'),
    grant(a, lab, 'lab'),
  )
  await accepted(
    node,
    single(officer, 'livestock.site.register', site(FARM_A, 'farm', [farmerA], AREA_A)),
    single(officer, 'livestock.site.register', site(FARM_B, 'farm', [farmerB], AREA_B)),
    single(officer, 'livestock.site.register', site(MARKET, 'market', [marketKeeper], AREA_B)),
    single(officer, 'livestock.site.register', site(HOUSE, 'slaughterhouse', [butcher], AREA_HOUSE)),
    single(officer, 'livestock.site.register', site(PACKER, 'packer', [packer], AREA_HOUSE)),
    single(officer, 'livestock.site.register', site(SHOP, 'shop', [shop], AREA_HOUSE)),
  )
  return node
}

/** An animal born on farm A two days ago and tagged yesterday. */
export async function tagged(node: LedgerNode, a: string): Promise<void> {
  await accepted(node, birth(farmerA, a))
  await accepted(node, tag(a))
}
