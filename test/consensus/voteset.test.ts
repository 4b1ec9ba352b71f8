import { describe, expect, it } from 'vitest'
import { VoteType } from '../../src/ledger/types/block'
import { VoteSet, verifyEvidence } from '../../src/ledger/consensus/voteset'
import { CHAIN, NIL, Net, hex, id, value, verify } from './helpers'

const v = value('v')
const w = value('w')

describe('vote sets and evidence', () => {
  it('counts by power, once per validator, and finds the 2/3 majority', () => {
    const net = new Net([3, 1, 1, 1])
    const set = new VoteSet(VoteType.prevote, 1, 0, net.vset)
    expect(set.add(net.signedVote(1, 1, 1, 0, v)).kind).toBe('added')
    expect(set.add(net.signedVote(1, 1, 1, 0, v)).kind).toBe('duplicate')
    expect(set.add(net.signedVote(2, 1, 1, 0, null)).kind).toBe('added')
    expect(set.powerSeen).toBe(2)
    expect(set.hasTwoThirdsAny()).toBe(false)
    set.add(net.signedVote(0, 1, 1, 0, v))
    expect(set.powerFor(hex(id(v)))).toBe(4)
    expect(set.hasTwoThirdsAny()).toBe(true) // 5 of 6
    expect(set.twoThirdsMajority()).toBe(null) // 4 of 6 is not more than 2/3
    set.add(net.signedVote(3, 1, 1, 0, v))
    expect(set.twoThirdsMajority()).toBe(hex(id(v)))
    expect(set.powerFor(NIL)).toBe(1)
  })

  it('a second vote for another value is evidence; it counts for its value but not twice for "any"', () => {
    const net = new Net()
    const set = new VoteSet(VoteType.precommit, 5, 2, net.vset)
    set.add(net.signedVote(0, 2, 5, 2, v))
    const r = set.add(net.signedVote(0, 2, 5, 2, w))
    expect(r.kind).toBe('conflict')
    if (r.kind !== 'conflict') return
    expect(set.powerSeen).toBe(1)
    expect(set.powerFor(hex(id(w)))).toBe(1)
    expect(verifyEvidence(CHAIN, net.vset, r.evidence, verify)).toEqual({ ok: true })
  })

  it('verifyEvidence refuses what is not equivocation', () => {
    const net = new Net()
    const a = net.signedVote(0, 1, 1, 0, v)
    const check = (voteA: typeof a, voteB: typeof a) => verifyEvidence(CHAIN, net.vset, { voteA, voteB }, verify)
    expect(check(a, net.signedVote(0, 1, 1, 0, v)).reason).toMatch(/same value/)
    expect(check(a, net.signedVote(0, 1, 1, 1, w)).reason).toMatch(/different steps/)
    expect(check(a, net.signedVote(0, 2, 1, 0, w)).reason).toMatch(/different steps/)
    expect(check(a, net.signedVote(1, 1, 1, 0, w)).reason).toMatch(/different validators/)
    const b = net.signedVote(0, 1, 1, 0, w)
    expect(check(a, { ...b, sig: a.sig }).reason).toMatch(/bad signature/)
    expect(verifyEvidence('other-chain', net.vset, { voteA: a, voteB: b }, verify).reason).toMatch(/bad signature/)
    const outsider = new Net([1], 'outsider')
    expect(verifyEvidence(CHAIN, outsider.vset, { voteA: a, voteB: b }, verify).reason).toMatch(/not a validator/)
  })
})
