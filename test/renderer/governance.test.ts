/**
 * The Consortium screen's governance logic: the 2/3 threshold as the ledger counts it, differences between validator
 * sets, why an open proposal can no longer be approved, the proposal form's checks, and the API reads.
 */
import { describe, expect, it, vi } from 'vitest'
import type { ApiClient } from '../../src/renderer/api/client'
import { getValidatorSet, listProposals } from '../../src/renderer/api/governance'
import {
  MAX_SCHEDULE_AHEAD,
  applyChange,
  approvalProgress,
  approvalThreshold,
  buildProposal,
  diffSets,
  emptyForm,
  irreversibleAgencyOf,
  isApproved,
  minEffectiveHeight,
  parseKeyList,
  pendingApprovers,
  powerKeptShare,
  proposalBlockers,
  scheduledSets,
} from '../../src/renderer/lib/governance'
import consortiumMessages from '../../src/renderer/features/governance/messages'
import type { AgencyDto, ProposalDto, ValidatorSetDto } from '../../src/shared/api'

const K = (c: string): string => c.repeat(64)
const v = (agency: string, key: string, power: number) => ({ agency, publicKey: K(key), power })
const agency = (id: string): AgencyDto => ({ id, name: id.toUpperCase(), validator: null, admins: [K('f')] })

function setOf(validators: ReturnType<typeof v>[], scheduled: { fromHeight: number; validators: ReturnType<typeof v>[] }[] = []): ValidatorSetDto {
  const total = (vs: ReturnType<typeof v>[]) => vs.reduce((a, x) => a + x.power, 0)
  return {
    height: 50,
    fromHeight: 1,
    totalPower: total(validators),
    validators,
    scheduled: scheduled.map((s) => ({ ...s, totalPower: total(s.validators) })),
  }
}

function proposal(over: Partial<ProposalDto>): ProposalDto {
  return {
    id: K('9'),
    change: { kind: 'validator.set', agency: 'a', validator: { publicKey: K('1'), power: 20 } },
    summary: '',
    effectiveHeight: 100,
    note: '',
    proposer: K('f'),
    proposedAt: 40,
    proposedTime: 0,
    approvals: [{ agency: 'a', by: K('f'), height: 40 }],
    status: 'open',
    approvedAt: null,
    approvedPower: 10,
    totalPower: 40,
    lastApprovalHeight: 98,
    ...over,
  }
}

describe('the 2/3 threshold', () => {
  it('needs strictly more than 2/3, as the ledger counts it (power·3 > total·2)', () => {
    expect(isApproved(20, 30)).toBe(false)
    expect(isApproved(21, 30)).toBe(true)
    expect(isApproved(10, 10)).toBe(true)
    expect(isApproved(0, 0)).toBe(false)
    expect(approvalThreshold(30)).toBe(21)
    expect(approvalThreshold(40)).toBe(27)
    expect(approvalThreshold(10)).toBe(7)
    expect(approvalThreshold(3)).toBe(3)
    expect(approvalThreshold(0)).toBe(0)
    // the threshold is the least power that approves, for every total
    for (let total = 1; total <= 200; total++) {
      const need = approvalThreshold(total)
      expect(isApproved(need, total)).toBe(true)
      expect(isApproved(need - 1, total)).toBe(false)
    }
  })

  it('reports progress and what is missing', () => {
    expect(approvalProgress(10, 40)).toEqual({ approved: 10, total: 40, needed: 27, missing: 17, share: 0.25, reached: false })
    expect(approvalProgress(30, 40)).toMatchObject({ missing: 0, share: 0.75, reached: true })
    expect(approvalProgress(0, 0)).toMatchObject({ share: 0, reached: false, needed: 0 })
  })
})

describe('differences between validator sets', () => {
  it('names additions, removals, power and key changes per agency, in agency order', () => {
    const before = [v('b', '2', 10), v('a', '1', 10), v('c', '3', 10)]
    const after = [v('a', '1', 20), v('c', '4', 15), v('d', '5', 5)]
    expect(diffSets(before, after)).toEqual([
      { kind: 'power', agency: 'a', publicKey: K('1'), from: 10, to: 20 },
      { kind: 'removed', agency: 'b', publicKey: K('2'), power: 10 },
      { kind: 'key', agency: 'c', from: K('3'), to: K('4'), powerFrom: 10, powerTo: 15 },
      { kind: 'added', agency: 'd', publicKey: K('5'), power: 5 },
    ])
    expect(diffSets(before, before)).toEqual([])
  })

  it('compares each scheduled set with the one before it', () => {
    const set = setOf([v('a', '1', 10)], [
      { fromHeight: 60, validators: [v('a', '1', 20)] },
      { fromHeight: 70, validators: [v('a', '1', 20), v('b', '2', 5)] },
      { fromHeight: 80, validators: [v('a', '1', 20), v('b', '2', 5)] },
    ])
    const s = scheduledSets(set)
    expect(s.map((x) => x.fromHeight)).toEqual([60, 70, 80])
    expect(s[0]!.changes).toEqual([{ kind: 'power', agency: 'a', publicKey: K('1'), from: 10, to: 20 }])
    expect(s[1]!.changes).toEqual([{ kind: 'added', agency: 'b', publicKey: K('2'), power: 5 }])
    expect(s[1]!.totalPower).toBe(25)
    expect(s[2]!.changes).toEqual([]) // a membership-only change keeps the validators
  })

  it('applies a change, and says how much power stays with validators already running', () => {
    const vs = [v('a', '1', 10)]
    expect(applyChange(vs, { kind: 'validator.set', agency: 'a', validator: { publicKey: K('1'), power: 20 } })).toEqual([v('a', '1', 20)])
    expect(powerKeptShare(vs, { kind: 'validator.set', agency: 'a', validator: { publicKey: K('1'), power: 20 } })).toBe(1)
    const admitNone = { kind: 'agency.admit' as const, agency: { id: 'b', name: 'B', validator: null, admins: [K('f')] } }
    expect(powerKeptShare(vs, admitNone)).toBe(1)
    const admitOne = { kind: 'agency.admit' as const, agency: { id: 'b', name: 'B', validator: { publicKey: K('2'), power: 10 }, admins: [K('f')] } }
    expect(powerKeptShare(vs, admitOne)).toBe(0.5)
    expect(powerKeptShare(vs, { kind: 'validator.set', agency: 'a', validator: { publicKey: K('3'), power: 10 } })).toBe(0)
  })
})

describe('why an open proposal can no longer be approved', () => {
  const agencies = [agency('a'), agency('b')]

  it('sees nothing wrong with a proposal that fits', () => {
    expect(proposalBlockers(proposal({}), setOf([v('a', '1', 10), v('b', '2', 30)]), agencies)).toEqual([])
  })

  it('sees a later change already scheduled', () => {
    const set = setOf([v('a', '1', 10), v('b', '2', 30)], [{ fromHeight: 120, validators: [v('a', '1', 10), v('b', '2', 20)] }])
    expect(proposalBlockers(proposal({ effectiveHeight: 100 }), set, agencies)).toEqual([{ code: 'laterScheduled', height: 120 }])
    // the same height or later is fine
    expect(proposalBlockers(proposal({ effectiveHeight: 120 }), set, agencies)).toEqual([])
  })

  it('sees membership and key conflicts, and a set left empty', () => {
    const set = setOf([v('a', '1', 10), v('b', '2', 30)])
    const admitA = proposal({ change: { kind: 'agency.admit', agency: { id: 'a', name: 'A', validator: { publicKey: K('2'), power: 1 }, admins: [K('f')] } } })
    expect(proposalBlockers(admitA, set, agencies)).toEqual([
      { code: 'alreadyMember', agency: 'a' },
      { code: 'keyTaken', agency: 'a' },
    ])
    expect(proposalBlockers(proposal({ change: { kind: 'agency.remove', agency: 'z' } }), set, agencies)).toEqual([{ code: 'notMember', agency: 'z' }])
    const lone = setOf([v('a', '1', 10)])
    expect(proposalBlockers(proposal({ change: { kind: 'agency.remove', agency: 'a' } }), lone, agencies)).toEqual([{ code: 'noValidators' }])
    expect(proposalBlockers(proposal({ change: { kind: 'validator.set', agency: 'a', validator: null } }), lone, agencies)).toEqual([
      { code: 'noValidators' },
    ])
  })

  it('says nothing about proposals that are approved or expired', () => {
    const set = setOf([v('a', '1', 10)], [{ fromHeight: 120, validators: [v('a', '1', 20)] }])
    expect(proposalBlockers(proposal({ status: 'approved' }), set, agencies)).toEqual([])
    expect(proposalBlockers(proposal({ status: 'expired' }), set, agencies)).toEqual([])
  })

  it('offers approval only to agencies that have not approved an open proposal', () => {
    expect(pendingApprovers(proposal({}), ['a', 'b'])).toEqual(['b'])
    expect(pendingApprovers(proposal({}), ['a'])).toEqual([])
    expect(pendingApprovers(proposal({ status: 'expired' }), ['b'])).toEqual([])
  })
})

describe('the proposal form', () => {
  const set = setOf([v('a', '1', 10)])

  it('defaults the effective height and checks it against the earliest possible one', () => {
    expect(minEffectiveHeight(40, set)).toBe(43)
    expect(minEffectiveHeight(40, setOf([v('a', '1', 10)], [{ fromHeight: 90, validators: [v('a', '1', 20)] }]))).toBe(90)
    const f = emptyForm(60)
    f.kind = 'validator.set'
    f.validator = { agency: 'a', stop: false, key: K('1'), power: 20 }
    expect(buildProposal(f, 40, set)).toEqual({
      payload: { change: { kind: 'validator.set', agency: 'a', validator: { publicKey: K('1'), power: 20 } }, effectiveHeight: 60 },
      problems: [],
    })
    expect(buildProposal({ ...f, effectiveHeight: 42 }, 40, set).problems).toEqual([{ code: 'heightTooSoon', min: 43 }])
    expect(buildProposal({ ...f, effectiveHeight: 43 }, 40, set).problems).toEqual([])
    expect(buildProposal({ ...f, effectiveHeight: null }, 40, set).problems).toEqual(['height'])
    expect(buildProposal({ ...f, effectiveHeight: 41 + MAX_SCHEDULE_AHEAD + 1 }, 40, set).problems).toEqual([
      { code: 'heightTooFar', max: 41 + MAX_SCHEDULE_AHEAD },
    ])
  })

  it('builds an admission without a validator, with the administrator keys deduplicated', () => {
    const f = emptyForm(60)
    f.admit = { id: 'seoul-land', name: ' Seoul Land Office ', admins: `${K('a').toUpperCase()}\n${K('b')}, ${K('a')}\n`, withValidator: false, validatorKey: '', power: 10 }
    f.note = ' second agency '
    expect(buildProposal(f, 40, set).payload).toEqual({
      change: { kind: 'agency.admit', agency: { id: 'seoul-land', name: 'Seoul Land Office', validator: null, admins: [K('a'), K('b')] } },
      effectiveHeight: 60,
      note: 'second agency',
    })
  })

  it('names every problem of a bad form, and sends nothing', () => {
    const f = emptyForm(60)
    f.admit = { id: '-Bad', name: '', admins: 'xyz', withValidator: true, validatorKey: 'nope', power: 0 }
    f.note = 'x'.repeat(501)
    expect(buildProposal(f, 40, set)).toEqual({ payload: null, problems: ['agencyId', 'agencyName', 'admins', 'validatorKey', 'power', 'note'] })
    const many = emptyForm(60)
    many.admit = { id: 'x', name: 'X', admins: Array.from({ length: 33 }, (_, i) => i.toString(16).padStart(64, '0')).join('\n'), withValidator: false, validatorKey: '', power: 1 }
    expect(buildProposal(many, 40, set).problems).toEqual(['adminsTooMany'])
    const remove = emptyForm(60)
    remove.kind = 'agency.remove'
    expect(buildProposal(remove, 40, set).problems).toEqual(['agency'])
    const stop = emptyForm(60)
    stop.kind = 'validator.set'
    stop.validator = { agency: 'a', stop: true, key: '', power: null }
    expect(buildProposal(stop, 40, set).payload?.change).toEqual({ kind: 'validator.set', agency: 'a', validator: null })
  })

  it('reads key lists typed in several ways', () => {
    expect(parseKeyList(` ${K('a')} ;${K('B')}\n\n${K('a')}`)).toEqual([K('a'), K('b')])
    expect(parseKeyList('  ')).toEqual([])
  })
})

describe('governance reads', () => {
  const client = (body: unknown): ApiClient => ({ request: vi.fn(async () => body) }) as unknown as ApiClient

  it('keeps well-formed proposals and refuses a wrong answer', async () => {
    const good = proposal({})
    expect(await listProposals(client([good, { id: 'x' }, null]))).toEqual([good])
    await expect(listProposals(client({}))).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('reads the validator set of a height', async () => {
    const c = client(setOf([v('a', '1', 10)]))
    expect((await getValidatorSet(c, 7)).totalPower).toBe(10)
    expect(c.request).toHaveBeenCalledWith('GET', '/validators?height=7')
    await expect(getValidatorSet(client({ fromHeight: 1, totalPower: 1, validators: [{}], scheduled: [] }))).rejects.toMatchObject({
      kind: 'invalid',
    })
  })
})

describe('governance messages', () => {
  it('has the same keys in Korean and English', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, x]) => (typeof x === 'object' && x !== null ? keys(x as object, `${prefix}${k}.`) : [`${prefix}${k}`]))
    expect(keys(consortiumMessages.en).sort()).toEqual(keys(consortiumMessages.ko).sort())
  })
})

describe('irreversible changes', () => {
  it('a removal and the end of a validator are irreversible, and name their agency; admitting and re-powering are not', () => {
    expect(irreversibleAgencyOf({ kind: 'agency.remove', agency: 'agency-b' })).toBe('agency-b')
    expect(irreversibleAgencyOf({ kind: 'validator.set', agency: 'agency-c', validator: null })).toBe('agency-c')
    expect(irreversibleAgencyOf({ kind: 'validator.set', agency: 'agency-c', validator: { publicKey: 'ab'.repeat(32), power: 5 } })).toBeNull()
    expect(
      irreversibleAgencyOf({ kind: 'agency.admit', agency: { id: 'agency-d', name: 'D', validator: null, admins: ['cd'.repeat(32)] } }),
    ).toBeNull()
    expect(irreversibleAgencyOf(undefined)).toBeNull()
  })
})
