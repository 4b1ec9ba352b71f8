/** Review item 5 (docs/adr/0033, "Personal identifiers"): a resident registration number never enters state in clear. */
import { describe, expect, it } from 'vitest'
import { HolderSchema } from '../../src/ledger/registries/land/portable/schema'

describe('holder identifiers by kind', () => {
  const h = { kind: 'person', name: '박서준', id: '800101-1234567', idHash: null, address: '서울', key: null, agency: null, share: null }
  it('refuses a resident registration number in clear', () => {
    expect(HolderSchema.safeParse(h).success).toBe(false)
    expect(HolderSchema.safeParse({ ...h, id: '8001011234567' }).success).toBe(false)
    expect(HolderSchema.safeParse({ ...h, kind: 'other', id: '800101-1234567' }).success).toBe(false)
    expect(HolderSchema.safeParse({ ...h, kind: 'corporation', id: '800101-1234567' }).success).toBe(false)
    expect(HolderSchema.safeParse({ ...h, id: '800101-1******' }).success).toBe(true)
    expect(HolderSchema.safeParse({ ...h, id: null }).success).toBe(true)
  })
  it('takes a corporation number whole only with its check digit', () => {
    expect(HolderSchema.safeParse({ ...h, kind: 'corporation', id: '110111-0000002' }).success).toBe(true)
    expect(HolderSchema.safeParse({ ...h, kind: 'corporation', id: '110111-0000000' }).success).toBe(false)
  })
})
