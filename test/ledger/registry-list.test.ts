/**
 * The registry list is checked when it is built, not when a transaction first uses it (review finding 15): a type's
 * co-sign rule, and the roles identity grants (a clash between registries' roles fails at start, not in a block).
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { REGISTRIES, txTypeTable, withIdentity } from '../../src/ledger/registries'
import { type CosignRule, type Registry, txType } from '../../src/ledger/registries/types'
import { MAX_COSIGNERS } from '../../src/ledger/types/tx'

const withRule = (cosigners: CosignRule): Registry => ({
  name: 'pair',
  title: { ko: '시험 등록부', en: 'Test register' },
  words: { txTypes: { 'pair.note.add': { ko: '공동 메모', en: 'Joint note' } } },
  errors: {},
  roles: [{ id: 'pair-clerk', words: { ko: '사무원', en: 'Clerk' } }],
  txTypes: { 'pair.note.add': txType({ schema: z.object({}).strict(), permission: 'admin', cosigners, apply: async () => undefined }) },
})

describe('the registry list', () => {
  it('refuses a co-sign rule that cannot be met or means nothing', () => {
    expect(() => txTypeTable([withRule({ permission: 'admin', min: 0, max: 8 })])).not.toThrow()
    expect(() => txTypeTable([withRule({ permission: 'admin', min: 2, max: 1 })])).toThrow(/pair\.note\.add/)
    expect(() => txTypeTable([withRule({ permission: 'admin', min: -1, max: 1 })])).toThrow(/pair\.note\.add/)
    expect(() => txTypeTable([withRule({ permission: 'admin', min: 0, max: MAX_COSIGNERS + 1 })])).toThrow(/pair\.note\.add/)
    expect(() => txTypeTable([withRule({ permission: 'admin', min: 0, max: 0 })])).toThrow(/pair\.note\.add/)
    expect(() => txTypeTable([withRule({ permission: 'admin', min: 0.5, max: 1 })])).toThrow(/pair\.note\.add/)
    expect(() => txTypeTable([withRule({ permission: 'anyone', min: 1, max: 1 })])).toThrow(/anyone/)
    expect(() => txTypeTable(REGISTRIES)).not.toThrow()
  })

  it('knows the roles identity grants when it is built: a role declared twice fails then', () => {
    const clash = withRule({ permission: 'admin', min: 0, max: 1 })
    expect(() => withIdentity([clash, { ...clash, name: 'other', words: { txTypes: {} }, txTypes: {} }])).toThrow(/pair-clerk/)
    const list = withIdentity([clash])
    const grant = txTypeTable(list).get('identity.role.grant')!
    const payload = (role: string) => ({ agency: 'agency-0', subject: 'ab'.repeat(32), role, expiresAt: null })
    expect(grant.schema.safeParse(payload('pair-clerk')).success).toBe(true)
    expect(grant.schema.safeParse(payload('pair-nobody')).success).toBe(false)
  })
})
