/**
 * A node with a register that has a history worth extracting (a sale with a mortgage, a seizure and its release: a
 * struck entry and a cancellation), a second register (for "a proof from another register"), and the extract source
 * over the node (test/cert/land-extract*.test.ts).
 */
import { expect } from 'vitest'
import type { LedgerNode } from '../../src/ledger/node/node'
import type { ExtractSource } from '../../src/ledger/registries/land/extract'
import type { Holder } from '../../src/ledger/registries/land/portable/schema'
import type { JsonValue } from '../../src/ledger/types/tx'
import { NUMBER, apply, bank, block, buyer, cleanup, commission, enter, location, person, registrar, seller, setUp, single, third } from '../ledger/land-harness'

export { NUMBER, cleanup }
export const OTHER = '1101-2023-000002'
export const bankHolder: Holder = { kind: 'corporation', name: '한빛은행', id: '110111-0000002', idHash: null, address: '서울특별시 중구', key: null, agency: 'agency-b', share: null }
const taxOffice: Holder = { kind: 'public', name: '종로세무서', id: null, idHash: null, address: '서울특별시 종로구', key: null, agency: 'agency-a', share: null }

/** NUMBER: 갑구 1 보존 (박서준), 2 이전 (김민지, 금 850,000,000원), 3 압류 (struck), 4 3번압류등기말소; 을구 1 근저당권 (한빛은행). */
export async function landNode(): Promise<LedgerNode> {
  const node = await setUp()
  const sale = apply(buyer, [seller], { holders: [person('김민지', buyer)], amount: '850000000' })
  const mortgage = apply(buyer, [bank], {
    purpose: 'right.mortgage',
    cause: 'contract',
    holders: [bankHolder],
    amount: '600000000',
    debtor: { name: '김민지', address: '서울특별시 종로구' },
  })
  expect(await block(node, [sale, mortgage])).toEqual([])
  expect(await block(node, [enter(2), enter(3)])).toEqual([])
  expect(await block(node, [commission({ purpose: 'restriction.seizure', cause: 'tax-seizure', holders: [taxOffice], caseNo: '세무-2023-77' })])).toEqual([])
  expect(await block(node, [enter(4)])).toEqual([])
  expect(await block(node, [commission({ purpose: 'cancellation', cause: 'release', target: { section: 'A', rank: '3' } })])).toEqual([])
  expect(await block(node, [enter(5)])).toEqual([])
  expect(
    await block(node, [
      single(registrar, 'land.register.open', {
        office: '1101',
        head: { kind: 'land', location: { ...location, main: 2, sub: 0 }, road: null, category: 'field', area: '1200.50' },
        owners: [person('이도윤', third) as unknown as JsonValue],
        cause: 'new-building',
        causeOn: '2023-11-10',
      } as unknown as JsonValue),
    ]),
  ).toEqual([])
  return node
}

/** The bank's mortgage cancelled (receipt 6, entered): a change after an extract. */
export async function cancelMortgage(node: LedgerNode): Promise<void> {
  expect(await block(node, [apply(bank, [buyer], { purpose: 'cancellation', cause: 'release', target: { section: 'B', rank: '1' } })])).toEqual([])
  const receipt = (await node.store.get('ld/of/1101/rcpt/2023')) as unknown as number
  expect(await block(node, [enter(receipt)])).toEqual([])
}

export function sourceOf(node: LedgerNode): ExtractSource {
  return {
    proveRange: (g, h, t) => node.proveRange(g, h, t),
    headHeight: () => node.chain.head().height,
    setAt: (h) => node.chain.validatorHistory.at(h).validators,
    history: { entries: node.chain.validatorHistory.entries, at: (h) => node.chain.validatorHistory.at(h) },
    chainId: node.genesis.chainId,
    officeName: async (office) => {
      const v = await node.store.get(`ld/of/${office}/name`)
      return typeof v === 'string' ? v : null
    },
  }
}
