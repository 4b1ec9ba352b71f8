/**
 * The pieces behind re-opening a rejected outbox item in its form and confirming irreversible acts: which form made an
 * item and where it re-opens (lib/forms.ts), a proposal payload back into the proposal form (lib/governance.ts), and
 * what counts as retyping the expected text (lib/retype.ts).
 */
import { describe, expect, it } from 'vitest'
import { FORMS } from '../../src/renderer/features/registry'
import { RESUBMIT_QUERY, formOf, resubmitRoute, schemaFieldProblems } from '../../src/renderer/lib/forms'
import { RoleGrantSchema } from '../../src/ledger/registries/identity/portable/schema'
import { StatusSchema } from '../../src/ledger/registries/notary/portable/schema'
import { buildProposal, emptyForm, formFromPayload } from '../../src/renderer/lib/governance'
import { retypedMatches } from '../../src/renderer/lib/retype'
import type { ValidatorSetDto } from '../../src/shared/api'

const item = (type: string, payload: unknown, form?: string) => ({
  id: 'item-1',
  tx: { v: 1, chainId: 'c', type, payload, signer: 'aa', nonce: 1, time: 0, sig: '' },
  ...(form !== undefined && { form }),
})

describe('forms of outbox items', () => {
  it('an item re-opens in the form it recorded; older items by their type; none for types no form makes', () => {
    expect(formOf(item('notary.register', {}, 'notary.register'), FORMS)).toBe('notary.register')
    expect(formOf(item('notary.batch.register', {}), FORMS)).toBe('notary.register')
    expect(formOf(item('identity.role.revoke', {}), FORMS)).toBe('roles.revoke')
    expect(formOf(item('identity.role.grant', {}, 'no-such-form'), FORMS)).toBe('roles.grant')
    expect(formOf(item('governance.proposal.approve', {}), FORMS)).toBeNull()
    expect(resubmitRoute(item('governance.proposal.approve', {}), FORMS)).toBeNull()
  })

  it('the route names the form’s screen and the item; a status change re-opens on its record', () => {
    expect(resubmitRoute(item('notary.register', { number: 'A-1' }, 'notary.register'), FORMS)).toEqual({
      name: 'documents-new',
      query: { [RESUBMIT_QUERY]: 'item-1' },
    })
    expect(resubmitRoute(item('notary.status', { number: 'A-1/002', action: 'revoke', reason: 'x' }), FORMS)).toEqual({
      name: 'document',
      params: { number: 'A-1/002' },
      query: { [RESUBMIT_QUERY]: 'item-1' },
    })
  })
})

describe('a proposal payload back into its form', () => {
  const set = { validators: [{ agency: 'a', publicKey: 'ab'.repeat(32), power: 10 }], scheduled: [] } as unknown as ValidatorSetDto
  it('round-trips each kind of change through the form', () => {
    const payloads = [
      { change: { kind: 'agency.remove', agency: 'b' }, effectiveHeight: 120, note: 'merged' },
      { change: { kind: 'validator.set', agency: 'a', validator: null }, effectiveHeight: 130 },
      { change: { kind: 'validator.set', agency: 'a', validator: { publicKey: 'cd'.repeat(32), power: 7 } }, effectiveHeight: 140 },
      {
        change: { kind: 'agency.admit', agency: { id: 'c', name: 'Agency C', admins: ['ef'.repeat(32)], validator: null } },
        effectiveHeight: 150,
      },
    ]
    for (const p of payloads) {
      const f = formFromPayload(p, null)
      const built = buildProposal(f, 100, set)
      expect(built.problems, JSON.stringify(p)).toEqual([])
      expect(built.payload?.change).toEqual(p.change)
      expect(built.payload?.effectiveHeight).toBe(p.effectiveHeight)
    }
  })

  it('what is not a proposal leaves the empty form', () => {
    expect(formFromPayload({ change: 'nonsense' }, 5)).toEqual(emptyForm(5))
  })
})

describe('retyping to confirm', () => {
  it('the same text, ignoring case, outer and repeated spaces and Unicode composition; nothing else', () => {
    expect(retypedMatches(' mofa-2026-000001 ', 'MOFA-2026-000001')).toBe(true)
    expect(retypedMatches('MOFA-2026-000002', 'MOFA-2026-000001')).toBe(false)
    expect(retypedMatches('부산  광역시', '부산 광역시')).toBe(true)
    expect(retypedMatches('부산'.normalize('NFD'), '부산')).toBe(true)
    expect(retypedMatches('부산', '서울')).toBe(false)
    expect(retypedMatches('', '')).toBe(false)
  })
})

describe("a form's fields checked with the registry's schema", () => {
  it('names the refused fields with why (empty, too long, not of its form), in the order asked', () => {
    const fields = ['number', 'reason', 'action'] as const
    expect(schemaFieldProblems(StatusSchema, { number: 'MOFA-1', action: 'revoke', reason: 'x' }, fields)).toEqual([])
    expect(schemaFieldProblems(StatusSchema, { number: '', action: 'nope', reason: 'x'.repeat(501) }, fields)).toEqual([
      { field: 'number', key: 'required' },
      { field: 'reason', key: 'tooLong', params: { max: 500 } },
      { field: 'action', key: 'invalid' },
    ])
    expect(schemaFieldProblems(RoleGrantSchema, { subject: 'AB'.repeat(32) }, ['subject'])).toEqual([{ field: 'subject', key: 'invalid' }])
    expect(() => schemaFieldProblems(StatusSchema, {}, ['nope'])).toThrow(/no field nope/)
  })
})
