/**
 * Review item (land register), fixed: applyOpenRegister (rules.ts) writes ld/cx/<complex>/u-<unit> without checking that the
 * complex belongs to the registrar's office or that the unit has no register yet: a registrar of another office
 * (agency) overwrites office 1101's unit index, and the same 구분건물 can be opened twice (two registers, two owners).
 */
import { afterEach, describe, expect, it } from 'vitest'
import { complexUnitKey } from '../../src/ledger/registries/land/portable/keys'
import type { JsonValue } from '../../src/ledger/types/tx'
import { DAY, block, cleanup, location, person, registrar, registrarB, seller, setUp, single, third } from './land-harness'

afterEach(() => cleanup.run())

const CX = '1101-2023-000002'
const UNIT = '제101동 제1층 제101호'
const open = (by: typeof registrar, office: string, owner = seller) =>
  single(by, 'land.register.open', {
    office,
    head: { kind: 'unit', complex: CX, unit: UNIT, floor: '1층', structure: '철근콘크리트조', area: '84.00', landRight: { kind: 'ownership', share: '1/100' } },
    owners: [person('박서준', owner)],
    cause: 'new-building',
    causeOn: DAY,
  } as unknown as JsonValue)

describe('condominium units', () => {
  it("a registrar of another office cannot open a unit of office 1101's complex, nor the same unit twice", async () => {
    const node = await setUp()
    const complex = {
      name: '한빛아파트',
      location,
      road: null,
      structure: '철근콘크리트조',
      floors: [{ floor: '1층', area: '500.00' }],
      lands: [{ location, category: 'building-site', area: '1000.00' }],
    }
    expect(await block(node, [single(registrar, 'land.complex.define', { office: '1101', complex } as unknown as JsonValue)])).toEqual([])
    expect(await block(node, [open(registrar, '1101')])).toEqual([])
    expect(await node.store.get(complexUnitKey(CX, UNIT))).toBe('1101-2023-000003')
    // office 2101 (agency-b) opens the same unit of 1101's complex: refused, and 1101's index untouched
    const crossOffice = await block(node, [open(registrarB, '2101', third)])
    expect(crossOffice).toEqual(['LAND_OFFICE'])
    expect(await node.store.get(complexUnitKey(CX, UNIT))).toBe('1101-2023-000003')
    // the competent office opens the unit a second time: refused
    expect(await block(node, [open(registrar, '1101', third)])).toEqual(['LAND_HEAD'])
  })
})
