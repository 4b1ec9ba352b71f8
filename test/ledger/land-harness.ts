/**
 * The land register's test harness: a node with two registry offices, staff roles and one register, and the
 * transactions the tests send (test/ledger/land*.test.ts).
 */
import { expect } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import type { CheckedTx } from '../../src/ledger/mempool/checker'
import type { LedgerNode } from '../../src/ledger/node/node'
import { REGISTRIES } from '../../src/ledger/registries'
import { applicationKey, currentKey } from '../../src/ledger/registries/land/portable/keys'
import type { CurrentState, Holder, LandRequest, StoredApplication } from '../../src/ledger/registries/land/portable/schema'
import { type JsonValue, encodeTx, makeAct, makeTx, signAct } from '../../src/ledger/types/tx'
import { Cleanup, GENESIS_TIME, type Fixture, grantTx, makeChecker, makeFixture, openNode, signCommit, signerFor } from './helpers'

export const fx: Fixture = makeFixture({ tag: 'land', secondAgency: true })
const checker = makeChecker(fx.genesis, REGISTRIES)
export const registrar = signerFor('land/registrar')
export const registrarB = signerFor('land/registrar-b')
export const bank = signerFor('land/bank-officer')
export const court = signerFor('land/court')
export const seller = signerFor('land/seller')
export const buyer = signerFor('land/buyer')
export const third = signerFor('land/third')
export const fourth = signerFor('land/fourth')
export const pk = (s: Signer): string => toHex(s.publicKey)
export const DAY = '2023-11-10'
export const NUMBER = '1101-2023-000001'
export const location = { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 }

let nonce = 0
export const cleanup = new Cleanup()

export const single = (signer: Signer, type: string, payload: JsonValue): CheckedTx =>
  checker.fromBytes(encodeTx(makeTx(signer, { chainId: fx.chainId, type, payload, nonce: ++nonce, time: GENESIS_TIME })))
export const joint = (signer: Signer, type: string, payload: JsonValue, cosigners: Signer[]): CheckedTx => {
  let a = makeAct({ chainId: fx.chainId, type, payload, signer: pk(signer), nonce: ++nonce, time: GENESIS_TIME, cosigners: cosigners.map(pk) })
  for (const s of [signer, ...cosigners]) a = signAct(a, s)
  return checker.fromJson(a)
}

/** An agency administrator grants a staff key a role. */
export const grant = (admin: Signer, subject: Signer, role: string, agency: string): CheckedTx =>
  checker.fromBytes(encodeTx(grantTx(admin, fx, { nonce: ++nonce, subject, role: role as never, agency })))

export async function block(node: LedgerNode, txs: CheckedTx[]): Promise<string[]> {
  const head = node.chain.head()
  const h = head.height + 1
  const lastCommit = head.height === 0 ? null : await node.getCommit(head.height)
  const { prepared, rejected } = await node.chain.buildBlock(txs, fx.validator.publicKey, head.time + 1000, lastCommit)
  await node.chain.commit(prepared, signCommit(fx.chainId, [fx.validator], h, prepared.hash))
  return rejected.map((r) => r.error.code)
}

export const person = (name: string, s: Signer, share: string | null = null): Holder => ({
  kind: 'person',
  name,
  id: '800101-1******',
  idHash: null,
  address: '서울특별시 종로구 사직로 161',
  key: pk(s),
  agency: null,
  share,
})
export const bankHolder: Holder = { kind: 'corporation', name: '한빛은행', id: '110111-0000002', idHash: null, address: '서울특별시 중구', key: null, agency: 'agency-b', share: null }

export const request = (o: Partial<LandRequest>): LandRequest => ({
  register: NUMBER,
  purpose: 'ownership.transfer',
  cause: 'sale',
  causeOn: DAY,
  holders: [],
  of: null,
  portion: null,
  amount: null,
  debtor: null,
  target: null,
  caseNo: null,
  mandate: null,
  ...o,
})
export const apply = (signer: Signer, cosigners: Signer[], r: Partial<LandRequest>): CheckedTx =>
  joint(signer, 'land.apply', { office: '1101', request: request(r) } as unknown as JsonValue, cosigners)
export const commission = (r: Partial<LandRequest>): CheckedTx =>
  single(court, 'land.commission', { office: '1101', request: request(r) } as unknown as JsonValue)
export const enter = (receipt: number, by = registrar): CheckedTx => single(by, 'land.enter', { office: '1101', year: 2023, receipt })
export const rebind = (rank: string, holder: number, key: Signer, section: 'A' | 'B' = 'A'): CheckedTx =>
  single(registrar, 'land.holder.rebind', { register: NUMBER, section, rank, holder, key: pk(key), reason: '신분증 확인' })

export const get = async <T,>(node: LedgerNode, key: string): Promise<T> => (await node.store.get(key)) as unknown as T
export const cur = (node: LedgerNode): Promise<CurrentState> => get(node, currentKey(NUMBER))
export const app = (node: LedgerNode, receipt: number): Promise<StoredApplication> => get(node, applicationKey('1101', 2023, receipt))
export const owners = async (node: LedgerNode): Promise<Array<[string, string]>> => (await cur(node)).owners.map((o) => [o.holder.name, o.share])

/** office 1101 (agency-a), office 2101 (agency-b), staff roles, and NUMBER owned by the seller (receipt 1). */
export async function setUp(): Promise<LedgerNode> {
  const node = await openNode(cleanup, fx, { registries: REGISTRIES, now: () => GENESIS_TIME + 60_000 })
  const g = grant
  expect(
    await block(node, [
      g(fx.admin, registrar, 'registrar', 'agency-a'),
      g(fx.adminB!, registrarB, 'registrar', 'agency-b'),
      g(fx.adminB!, bank, 'bank-officer', 'agency-b'),
      g(fx.admin, court, 'land-authority', 'agency-a'),
      single(fx.admin, 'land.office.define', { agency: 'agency-a', office: '1101', name: '서울중앙지방법원 등기국' }),
      single(fx.adminB!, 'land.office.define', { agency: 'agency-b', office: '2101', name: '부산지방법원 등기국' }),
    ]),
  ).toEqual([])
  expect(
    await block(node, [
      single(registrar, 'land.register.open', {
        office: '1101',
        head: { kind: 'land', location, road: null, category: 'building-site', area: '330.00' },
        owners: [person('박서준', seller) as unknown as JsonValue],
        cause: 'new-building',
        causeOn: DAY,
      } as unknown as JsonValue),
    ]),
  ).toEqual([])
  return node
}
