/**
 * The land register on a consortium of four validator processes on loopback (issue 12, "Done when"): a sale with a
 * mortgage (the transfer and the buyer's 근저당권 entered), a 가압류 commissioned by a court that blocks a sale until
 * the court has it released, after which the sale enters, and a condominium unit's transfer. The parties send their
 * co-signed acts to different nodes, the court to another, the registrar works the queue on its agency's node; every
 * node then shows the same registers and the same app hash at one height.
 */
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { type JsonValue, type TxJson, makeAct, makeTx, signAct, txToJson } from '../../src/ledger/types/tx'
import { type StartedNode, api, cli, freeBase, startNode, stopAll, tempHome, waitFor } from './harness'

const key = (label: string): Signer => nodeSigner(new Uint8Array(32).map((_, i) => (label.charCodeAt(i % label.length) * (i + 7)) & 0xff))
const pk = (s: Signer): string => toHex(s.publicKey)

describe('the land register on four validator processes', () => {
  const t = tempHome()
  const nodes: StartedNode[] = []
  let chainId = ''
  let admins: Signer[] = []
  let nonce = 0
  // receipts and register numbers are dated by the Korean day; a cause two days ago is never after the block's day
  const year = Number(new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 4))
  const causeOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const OFFICE = '1101'
  const registrar = key('registrar')
  const banker = key('bank-officer')
  const court = key('court')
  const seller = key('seller')
  const buyer = key('buyer')
  const debtor = key('debtor')
  const buyer2 = key('buyer-2')
  const unitOwner = key('unit-owner')
  const unitBuyer = key('unit-buyer')
  const numbers = { sale: '', seized: '', unit: '', complex: '' }

  const person = (name: string, s: Signer): JsonValue => ({
    kind: 'person',
    name,
    id: '800101-1******',
    idHash: null,
    address: '서울특별시 종로구 사직로 161',
    key: pk(s),
    agency: null,
    share: null,
  })
  const bank: JsonValue = { kind: 'corporation', name: '한빛은행', id: '110111-0000002', idHash: null, address: '서울특별시 중구', key: null, agency: 'agency-1', share: null }
  const courtHolder: JsonValue = { kind: 'public', name: '서울중앙지방법원', id: null, idHash: null, address: '서울특별시 서초구', key: null, agency: 'agency-0', share: null }
  const request = (register: string, o: Record<string, JsonValue>): JsonValue => ({
    office: OFFICE,
    request: {
      register,
      purpose: 'ownership.transfer',
      cause: 'sale',
      causeOn,
      holders: [],
      of: null,
      portion: null,
      amount: null,
      debtor: null,
      target: null,
      caseNo: null,
      mandate: null,
      ...o,
    },
  })
  const single = (s: Signer, type: string, payload: JsonValue): TxJson => txToJson(makeTx(s, { chainId, type, payload, nonce: ++nonce }))
  /** the parties' one co-signed act (docs/adr/0020) */
  const joint = (s: Signer, cosigners: Signer[], payload: JsonValue): TxJson => {
    let a = makeAct({ chainId, type: 'land.apply', payload, signer: pk(s), nonce: ++nonce, cosigners: cosigners.map(pk) })
    for (const x of [s, ...cosigners]) a = signAct(a, x)
    return a as unknown as TxJson
  }

  /** Send a transaction to node `i` and wait until it is committed or refused; returns its outcome. */
  async function send(i: number, tx: TxJson): Promise<{ hash: string; status: string; code?: string; height?: number }> {
    const r = await api(nodes[i]!, 'POST', '/api/v1/txs', tx)
    expect(r.status, JSON.stringify(r.body)).toBe(202)
    const hash = r.body.hash as string
    // a transaction a proposer leaves out is rejected for good on the node that proposed it: ask them all
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
  const commit = async (i: number, tx: TxJson): Promise<number> => {
    const o = await send(i, tx)
    expect(o, `${tx.type} ${JSON.stringify(o)}`).toMatchObject({ status: 'committed' })
    return o.height!
  }

  /** Every node has committed at least `h`. */
  const allAt = (h: number): Promise<boolean> =>
    waitFor(async () => (await Promise.all(nodes.map(async (n) => (await api(n, 'GET', '/api/v1/status')).body.height as number))).every((x) => x >= h), 120_000, `every node at height ${h}`)

  /** The application a committed act made: its receipt, as the registrar's queue shows it on node `i`. */
  async function receiptOf(i: number, register: string, hash: string): Promise<{ receipt: number; findings: string[]; findingNow: string | null }> {
    // the act may have been committed on another node first: wait until this one has it too
    const a = await waitFor(
      async () => {
        const q = (await api(nodes[i]!, 'GET', `/api/v1/land/applications?office=${OFFICE}&register=${register}`)).body as Array<{
          tx: string
          receipt: number
          findings: Array<{ code: string }>
          findingNow: { code: string } | null
        }>
        return q.find((x) => x.tx === hash)
      },
      120_000,
      `application ${hash} in the queue of node ${i}`,
    )
    return { receipt: a.receipt, findings: a.findings.map((f) => f.code), findingNow: a.findingNow?.code ?? null }
  }
  const enter = (receipt: number): TxJson => single(registrar, 'land.enter', { office: OFFICE, year, receipt })

  /** The register as every node has it at one height: asserts they agree and returns it. */
  interface RegisterView {
    height: number
    owners: Array<{ holder: { name: string }; share: string }>
    live: Array<{ section: string; purpose: string }>
    sections: { A: unknown[]; B: unknown[] }
    entries: number
    head: { unit?: string }
  }
  async function everyNode(number: string, height?: number): Promise<RegisterView> {
    const h = height ?? Math.min(...(await Promise.all(nodes.map(async (n) => (await api(n, 'GET', '/api/v1/status')).body.height as number))))
    await allAt(h)
    const views = await Promise.all(nodes.map(async (n) => (await api(n, 'GET', `/api/v1/land/registers/${number}?height=${h}`)).body))
    for (const v of views.slice(1)) expect(v).toEqual(views[0])
    return views[0]
  }

  beforeAll(async () => {
    const base = await freeBase(8)
    const made = cli(['testnet', '--validators', '4', '--dir', t.dir, '--base-port', String(base), '--heartbeat-ms', '300', '--json'])
    expect(made.code, made.stderr).toBe(0)
    chainId = made.json.chainId
    const homes = [0, 1, 2, 3].map((i) => join(t.dir, `node${i}`))
    for (const h of homes) nodes.push(await startNode(h))
    admins = homes.map((h) => loadSigner(join(h, 'keys', 'admin.json')))
    await waitFor(async () => (await api(nodes[3]!, 'GET', '/api/v1/status')).body.peers === 3, 60_000, 'node 3 sees its peers')

    // agency-0 keeps the registry office and the court, agency-1 is a bank
    const grant = (ai: number, s: Signer, role: string): TxJson =>
      single(admins[ai]!, 'identity.role.grant', { agency: `agency-${ai}`, subject: pk(s), role, expiresAt: null })
    await Promise.all([
      commit(0, grant(0, registrar, 'registrar')),
      commit(0, grant(0, court, 'land-authority')),
      commit(1, grant(1, banker, 'bank-officer')),
      commit(0, single(admins[0]!, 'land.office.define', { agency: 'agency-0', office: OFFICE, name: '서울중앙지방법원 등기국' })),
    ])
    const lot = (main: number) => ({ sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main, sub: 0 })
    const open = (head: JsonValue, owner: JsonValue): TxJson => single(registrar, 'land.register.open', { office: OFFICE, head, owners: [owner], cause: 'new-building', causeOn })
    // numbers are given in block order: one at a time, so each is known
    await commit(0, open({ kind: 'land', location: lot(1), road: null, category: 'building-site', area: '330.00' }, person('박서준', seller)))
    numbers.sale = `${OFFICE}-${year}-000001`
    await commit(0, open({ kind: 'land', location: lot(2), road: null, category: 'field', area: '1200.50' }, person('최지우', debtor)))
    numbers.seized = `${OFFICE}-${year}-000002`
    await commit(
      0,
      single(registrar, 'land.complex.define', {
        office: OFFICE,
        complex: {
          name: '세종 한빛아파트 제101동',
          location: lot(3),
          road: '서울특별시 종로구 세종대로 175',
          structure: '철근콘크리트구조',
          floors: [{ floor: '1층', area: '480.00' }],
          lands: [{ location: lot(3), category: 'building-site', area: '5200.00' }],
        },
      }),
    )
    numbers.complex = `${OFFICE}-${year}-000003`
    await commit(
      0,
      open(
        {
          kind: 'unit',
          complex: numbers.complex,
          unit: '제101동 제12층 제1203호',
          floor: '12층',
          structure: '철근콘크리트구조',
          area: '84.97',
          landRight: { kind: 'ownership', share: '4567/123456' },
        },
        person('한지민', unitOwner),
      ),
    )
    numbers.unit = `${OFFICE}-${year}-000004`
    for (const n of [numbers.sale, numbers.seized, numbers.unit]) expect((await everyNode(n)).entries).toBe(1)
  }, 6 * 60_000)

  afterAll(async () => {
    // every node process this file started is stopped by its PID (harness: stopAll)
    await stopAll()
    t.cleanup()
  })

  it('enters a sale with the buyer\'s mortgage, applied for on different nodes', { timeout: 5 * 60_000 }, async () => {
    // the seller and the buyer co-sign the transfer (node 1); the bank's officer and the buyer the mortgage (node 2),
    // filed together with the transfer (연건신청: the buyer is not on the register yet, the link gives the standing)
    const transfer = await send(1, joint(seller, [buyer], request(numbers.sale, { holders: [person('김민지', buyer)], amount: '850000000' })))
    expect(transfer.status).toBe('committed')
    const t1 = await receiptOf(0, numbers.sale, transfer.hash)
    const mortgageRequest = request(numbers.sale, {
      purpose: 'right.mortgage',
      cause: 'contract',
      holders: [bank],
      amount: '600000000',
      debtor: { name: '김민지', address: '서울특별시 종로구 사직로 161' },
    }) as Record<string, JsonValue>
    // without the link the buyer is a stranger to the register: refused at admission
    const alone = await api(nodes[2]!, 'POST', '/api/v1/txs', joint(banker, [buyer], mortgageRequest))
    expect(alone.status).toBe(403)
    const mortgage = await send(2, joint(banker, [buyer], { ...mortgageRequest, together: { office: OFFICE, year, receipt: t1.receipt } }))
    expect(mortgage.status).toBe('committed')
    const m1 = await receiptOf(0, numbers.sale, mortgage.hash)
    expect(t1.findingNow).toBeNull()
    // the buyer is not the owner yet: the mortgage waits for the transfer (the rules say why)
    expect(m1.findingNow).not.toBeNull()
    await commit(0, enter(t1.receipt))
    await waitFor(async () => (await receiptOf(0, numbers.sale, mortgage.hash)).findingNow === null, 60_000, 'the mortgage is clear to enter')
    const h = await commit(0, enter(m1.receipt))
    const reg = await everyNode(numbers.sale, h)
    expect(reg.owners.map((o) => [o.holder.name, o.share])).toEqual([['김민지', '1/1']])
    expect(reg.live.map((l) => [l.section, l.purpose])).toEqual([['B', 'right.mortgage']])
    expect(reg.entries).toBe(3)
  })

  it('blocks a sale while a court\'s 가압류 stands, and enters it once the court has it released', { timeout: 5 * 60_000 }, async () => {
    // the court commissions the 가압류 on node 3; the registrar enters it
    const seizure = await send(
      3,
      single(court, 'land.commission', request(numbers.seized, { purpose: 'restriction.provisional-attachment', cause: 'court-decision', holders: [courtHolder], amount: '30000000', caseNo: `${year}카단10234` })),
    )
    expect(seizure.status).toBe('committed')
    await commit(0, enter((await receiptOf(0, numbers.seized, seizure.hash)).receipt))
    // the owner sells (node 2): received, with the restriction found; entering it is refused and nothing changes
    const sale = await send(2, joint(debtor, [buyer2], request(numbers.seized, { holders: [person('이도윤', buyer2)], amount: '420000000' })))
    expect(sale.status).toBe('committed')
    const s1 = await receiptOf(0, numbers.seized, sale.hash)
    expect(s1.findings).toEqual(['LAND_RESTRICTED'])
    const before = await everyNode(numbers.seized)
    expect(before.live.map((l) => [l.section, l.purpose])).toEqual([['A', 'restriction.provisional-attachment']])
    const refused = await send(0, enter(s1.receipt))
    expect(refused).toMatchObject({ status: 'rejected', code: 'LAND_RESTRICTED' })
    const still = await everyNode(numbers.seized)
    expect([still.sections, still.owners, still.live, still.entries]).toEqual([before.sections, before.owners, before.live, before.entries])
    expect(still.owners.map((o) => o.holder.name)).toEqual(['최지우'])
    // the court has it released (node 1); entered, the sale goes in
    const release = await send(1, single(court, 'land.commission', request(numbers.seized, { purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '2' } })))
    expect(release.status).toBe('committed')
    // the commit may be seen on another node first: node 0 is asked once it holds that block
    await allAt(await commit(0, enter((await receiptOf(0, numbers.seized, release.hash)).receipt)))
    expect((await receiptOf(0, numbers.seized, sale.hash)).findingNow).toBeNull()
    const h = await commit(0, enter(s1.receipt))
    const reg = await everyNode(numbers.seized, h)
    expect(reg.owners.map((o) => [o.holder.name, o.share])).toEqual([['이도윤', '1/1']])
    expect(reg.live).toEqual([])
    // 보존, 가압류, its cancellation, the transfer
    expect(reg.entries).toBe(4)
  })

  it("enters a condominium unit's transfer", { timeout: 5 * 60_000 }, async () => {
    const sale = await send(3, joint(unitOwner, [unitBuyer], request(numbers.unit, { holders: [person('오세훈', unitBuyer)], amount: '1350000000' })))
    expect(sale.status).toBe('committed')
    const h = await commit(0, enter((await receiptOf(0, numbers.unit, sale.hash)).receipt))
    const reg = await everyNode(numbers.unit, h)
    expect(reg.owners.map((o) => [o.holder.name, o.share])).toEqual([['오세훈', '1/1']])
    expect(reg.head.unit).toBe('제101동 제12층 제1203호')
  })

  it('leaves every node with the same blocks, app hash and registers', { timeout: 3 * 60_000 }, async () => {
    const h = Math.max(...(await Promise.all(nodes.map(async (n) => (await api(n, 'GET', '/api/v1/status')).body.height as number))))
    await allAt(h)
    const blocks = await Promise.all(nodes.map(async (n) => (await api(n, 'GET', `/api/v1/blocks/${h}`)).body))
    expect(new Set(blocks.map((b) => b.hash)).size).toBe(1)
    expect(new Set(blocks.map((b) => b.appHash)).size).toBe(1)
    for (const n of [numbers.sale, numbers.seized, numbers.unit]) await everyNode(n, h)
    // every application of the office was decided: none left in the queue
    for (const n of nodes) expect((await api(n, 'GET', `/api/v1/land/applications?office=${OFFICE}&status=received`)).body).toEqual([])
  })
})
