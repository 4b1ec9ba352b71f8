/**
 * Admission of land applications (docs/adr/0033, "Parties and their keys"): every key that signed — the signer and
 * each co-signer — must hold something on the named register, be a new holder the application names, or be a
 * credentialed bank officer or licensed agent; and someone must stand on the register. Each bypass tried here is
 * refused at the mempool, before any block.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import type { LandRequest } from '../../src/ledger/registries/land/portable/schema'
import { type JsonValue, encodeTx, makeAct, makeTx, signAct } from '../../src/ledger/types/tx'
import { GENESIS_TIME, signerFor } from './helpers'
import { app, apply, bank, bankHolder, block, buyer, cleanup, enter, fx, person, pk, request, seller, setUp, single, third } from './land-harness'

afterEach(() => cleanup.run())

const stranger = signerFor('land/stranger')
const other = signerFor('land/stranger-2')
let nonce = 10_000

type Node = Awaited<ReturnType<typeof setUp>>
/** Submit through the mempool (admission), as a party's software does. */
const submit = (node: Node, signer: Signer, cosigners: Signer[], r: Partial<LandRequest>, extra: Record<string, unknown> = {}) => {
  const payload = { office: '1101', request: request(r), ...extra } as unknown as JsonValue
  if (cosigners.length === 0) {
    return node.submitBytes(encodeTx(makeTx(signer, { chainId: fx.chainId, type: 'land.apply', payload, nonce: ++nonce, time: GENESIS_TIME + 60_000 })))
  }
  let a = makeAct({ chainId: fx.chainId, type: 'land.apply', payload, signer: pk(signer), nonce: ++nonce, time: GENESIS_TIME + 60_000, cosigners: cosigners.map(pk) })
  for (const s of [signer, ...cosigners]) a = signAct(a, s)
  return node.submitJson(a)
}

describe('land.apply admission', () => {
  it('admits the owner and the buyer named in the payload', async () => {
    const node = await setUp()
    await expect(submit(node, buyer, [seller], { holders: [person('김민지', buyer)] })).resolves.toBeDefined()
  })

  it('refuses a stranger among the co-signers of a genuine sale', async () => {
    const node = await setUp()
    await expect(submit(node, buyer, [seller, stranger], { holders: [person('김민지', buyer)] })).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    await expect(submit(node, seller, [stranger, buyer], { holders: [person('김민지', buyer)] })).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
  })

  it('refuses strangers who name themselves the buyers of a register they hold nothing on', async () => {
    const node = await setUp()
    // alone
    await expect(submit(node, stranger, [], { holders: [person('홍길동', stranger)] })).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    // two strangers naming each other
    await expect(
      submit(node, stranger, [other], { holders: [person('홍길동', stranger, '1/2'), person('임꺽정', other, '1/2')] }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    // naming themselves in a purpose that names no new holder (a cancellation) does not count
    await expect(
      submit(node, stranger, [], { purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '1' }, holders: [person('홍길동', stranger)] }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
  })

  it('refuses an unknown register and the wrong office with their codes', async () => {
    const node = await setUp()
    await expect(submit(node, buyer, [seller], { register: '1101-2023-000099', holders: [person('김민지', buyer)] })).rejects.toMatchObject({
      code: 'LAND_REGISTER_UNKNOWN',
    })
    const payload = { office: '2101', request: request({ holders: [person('김민지', buyer)] }) } as unknown as JsonValue
    let a = makeAct({ chainId: fx.chainId, type: 'land.apply', payload, signer: pk(buyer), nonce: ++nonce, time: GENESIS_TIME + 60_000, cosigners: [pk(seller)] })
    for (const s of [buyer, seller]) a = signAct(a, s)
    await expect(node.submitJson(a)).rejects.toMatchObject({ code: 'LAND_OFFICE' })
  })

  it("admits a buyer's mortgage filed together with the sale (연건), and refuses it without the link", async () => {
    const node = await setUp()
    expect(await block(node, [apply(buyer, [seller], { holders: [person('김민지', buyer)] })])).toEqual([])
    const mortgage: Partial<LandRequest> = { purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder], amount: '600000000', debtor: { name: '김민지', address: '서울' } }
    await expect(submit(node, buyer, [bank], mortgage)).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    await expect(submit(node, buyer, [bank], mortgage, { together: { office: '1101', year: 2023, receipt: 2 } })).resolves.toBeDefined()
    // a link to an application of another register, or to none, is refused
    await expect(submit(node, buyer, [bank], mortgage, { together: { office: '1101', year: 2023, receipt: 9 } })).rejects.toMatchObject({ code: 'LAND_APP_UNKNOWN' })
    // the link gives no standing to a key the linked application does not name
    await expect(submit(node, stranger, [bank], mortgage, { together: { office: '1101', year: 2023, receipt: 2 } })).rejects.toMatchObject({
      code: 'UNAUTHORIZED_ROLE',
    })
    expect((await app(node, 2)).status).toBe('received')
    expect(await block(node, [enter(2)])).toEqual([])
  })

  it('a link to a sale already entered gives its buyer no standing once the buyer has sold on', async () => {
    const node = await setUp()
    expect(await block(node, [apply(buyer, [seller], { holders: [person('김민지', buyer)] })])).toEqual([])
    expect(await block(node, [enter(2)])).toEqual([])
    expect(await block(node, [apply(third, [buyer], { holders: [person('박서준', third)] })])).toEqual([])
    expect(await block(node, [enter(3)])).toEqual([])
    // the former buyer holds nothing now; the old entered sale must not lend it standing on the register
    const mortgage: Partial<LandRequest> = { purpose: 'right.mortgage', cause: 'contract', holders: [bankHolder], amount: '1000', debtor: { name: '김민지', address: '서울' } }
    const link = { together: { office: '1101', year: 2023, receipt: 2 } }
    await expect(submit(node, buyer, [], mortgage, link)).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    // nor at execution (a block built without the mempool's admission): refused, no receipt spent
    const payload = { office: '1101', request: request(mortgage), ...link } as unknown as JsonValue
    expect(await block(node, [single(buyer, 'land.apply', payload)])).toEqual(['LAND_PARTIES'])
    expect(await node.store.get('ld/app/1101/2023/0000004')).toBeUndefined()
  })

  it('refuses a withdrawal by a stranger, and by a party of another application', async () => {
    const node = await setUp()
    expect(await block(node, [apply(buyer, [seller], { holders: [person('김민지', buyer)] })])).toEqual([])
    const withdraw = (s: Signer) =>
      node.submitBytes(encodeTx(makeTx(s, { chainId: fx.chainId, type: 'land.withdraw', payload: { office: '1101', year: 2023, receipt: 2 }, nonce: ++nonce, time: GENESIS_TIME + 60_000 })))
    await expect(withdraw(stranger)).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    await expect(withdraw(third)).rejects.toMatchObject({ code: 'UNAUTHORIZED_ROLE' })
    await expect(withdraw(seller)).resolves.toBeDefined()
  })
})
