/**
 * The rules of Algorithm 1 (arXiv 1807.04938), one at a time, on a single validator's state machine. Other
 * validators' messages are signed here; the validator's own votes are fed back to it (test/consensus/helpers.ts).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { VoteType, verifyCommit } from '../../src/ledger/types/block'
import { type Input, proposalSignBytes } from '../../src/ledger/consensus/messages'
import { type Effect, Tendermint, timeoutDuration } from '../../src/ledger/consensus/tendermint'
import { ValidatorSet } from '../../src/ledger/consensus/validators'
import { verifyEvidence } from '../../src/ledger/consensus/voteset'
import { CHAIN, NIL, Net, T, hex, id, value, verify, votesOf } from './helpers'

const v = value('v')
const w = value('w')
const timeouts = (es: Effect[]) => es.filter((e): e is Extract<Effect, { kind: 'schedule-timeout' }> => e.kind === 'schedule-timeout')
const others = (self: number, n = 4) => [...Array(n).keys()].filter((i) => i !== self)

describe('Tendermint state machine', () => {
  it('StartRound: a non-proposer schedules timeoutPropose; the proposer asks for a value and proposes it', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const node = net.core(s)
    expect(timeouts(node.effects)).toEqual([{ kind: 'schedule-timeout', timeout: 'propose', height: 1, round: 0, duration: 1000 }])

    const p = net.indexOfProposer(1, 0)
    const prop = net.core(p)
    expect(prop.effects).toEqual([{ kind: 'request-value', height: 1, round: 0 }])
    const es = prop.step({ kind: 'value', height: 1, round: 0, value: v })
    expect(es[0]).toMatchObject({ kind: 'sign-proposal', height: 1, round: 0, validRound: -1 })
    // its own proposal comes back and it prevotes for it (L22)
    expect(votesOf(es)).toEqual([{ type: VoteType.prevote, round: 0, id: hex(id(v)) }])
    // a second value for the same round is not wanted
    expect(prop.accepted({ kind: 'value', height: 1, round: 0, value: w })).toBe(false)
  })

  it('L22: prevote id(v) for a valid proposal when unlocked, nil for an invalid one', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const a = net.core(s)
    expect(votesOf(a.step(net.proposal(1, 0, v)))).toEqual([{ type: VoteType.prevote, round: 0, id: hex(id(v)) }])
    expect(a.core.stepName).toBe('prevote')
    const b = net.core(s)
    expect(votesOf(b.step(net.proposal(1, 0, v, -1, false)))).toEqual([{ type: VoteType.prevote, round: 0, id: NIL }])
  })

  it('a proposal from a validator that is not the proposer of the round, or badly signed, is refused', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const node = net.core(s)
    const good = net.proposal(1, 0, v) as Extract<Input, { kind: 'proposal' }>
    const q = net.indexOfProposer(1, 1) === net.indexOfProposer(1, 0) ? 0 : net.indexOfProposer(1, 1)
    const wrong = { ...good, proposal: { ...good.proposal, proposer: net.keys[q]!.publicKey } }
    expect(node.core.step(wrong).accepted).toBe(false)
    const forged = { ...good, proposal: { ...good.proposal, value: w } }
    expect(node.core.step(forged).reason).toBe('bad signature')
  })

  it('L57: timeoutPropose makes it prevote nil; a stale timeout does nothing', () => {
    const net = new Net()
    const node = net.core(net.nonProposer([1, 0]))
    expect(votesOf(node.step({ kind: 'timeout', timeout: 'propose', height: 1, round: 0 }))).toEqual([
      { type: VoteType.prevote, round: 0, id: NIL },
    ])
    expect(node.accepted({ kind: 'timeout', timeout: 'propose', height: 1, round: 0 })).toBe(false)
    expect(node.accepted({ kind: 'timeout', timeout: 'prevote', height: 1, round: 3 })).toBe(false)
  })

  it('L36: proposal + 2/3 prevotes for it while in prevote: lock, precommit id(v), set the valid value', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const node = net.core(s)
    node.step(net.proposal(1, 0, v))
    const [a, b] = others(s)
    expect(votesOf(node.step(net.prevote(a!, 1, 0, v)), VoteType.precommit)).toEqual([])
    expect(votesOf(node.step(net.prevote(b!, 1, 0, v)), VoteType.precommit)).toEqual([{ type: 2, round: 0, id: hex(id(v)) }])
    expect(node.core.locked).toEqual({ round: 0, valueId: id(v) })
    expect(node.core.valid).toEqual({ round: 0, valueId: id(v) })
  })

  it('L36 after precommitting nil: the valid value is updated, the lock is not', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const node = net.core(s)
    const [a, b, c] = others(s)
    node.step({ kind: 'timeout', timeout: 'propose', height: 1, round: 0 }) // prevote nil
    node.step(net.prevote(a!, 1, 0, v))
    const es = node.step(net.prevote(b!, 1, 0, v)) // 2/3 of any prevotes: L34
    expect(timeouts(es)).toEqual([{ kind: 'schedule-timeout', timeout: 'prevote', height: 1, round: 0, duration: 500 }])
    expect(votesOf(node.step({ kind: 'timeout', timeout: 'prevote', height: 1, round: 0 }))).toEqual([
      { type: VoteType.precommit, round: 0, id: NIL },
    ])
    node.step(net.proposal(1, 0, v))
    expect(votesOf(node.step(net.prevote(c!, 1, 0, v)))).toEqual([])
    expect(node.core.valid).toEqual({ round: 0, valueId: id(v) })
    expect(node.core.locked).toEqual({ round: -1, valueId: null })
  })

  it('L34 fires once per round; L44: 2/3 nil prevotes make it precommit nil', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const node = net.core(s)
    const [a, b, c] = others(s)
    node.step({ kind: 'timeout', timeout: 'propose', height: 1, round: 0 })
    node.step(net.prevote(a!, 1, 0, v))
    expect(timeouts(node.step(net.prevote(b!, 1, 0, null)))).toHaveLength(1)
    // the third nil prevote: 2/3 nil -> precommit nil, and no second prevote timeout
    const es = node.step(net.prevote(c!, 1, 0, null))
    expect(timeouts(es)).toEqual([])
    expect(votesOf(es)).toEqual([{ type: VoteType.precommit, round: 0, id: NIL }])
  })

  it('L47 + L65: 2/3 of any precommits schedule timeoutPrecommit once; it starts the next round; timeouts grow', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0], [1, 1], [1, 2])
    const node = net.core(s)
    const [a, b, c] = others(s)
    node.step(net.precommit(a!, 1, 0, v))
    expect(timeouts(node.step(net.precommit(b!, 1, 0, null)))).toEqual([])
    expect(timeouts(node.step(net.precommit(c!, 1, 0, null)))).toEqual([
      { kind: 'schedule-timeout', timeout: 'precommit', height: 1, round: 0, duration: 400 },
    ])
    const es = node.step({ kind: 'timeout', timeout: 'precommit', height: 1, round: 0 })
    expect(node.core.round).toBe(1)
    expect(timeouts(es)).toEqual([{ kind: 'schedule-timeout', timeout: 'propose', height: 1, round: 1, duration: 1100 }])
    for (const i of [a!, b!, c!]) node.step(net.precommit(i, 1, 1, null))
    const es2 = node.step({ kind: 'timeout', timeout: 'precommit', height: 1, round: 1 })
    expect(timeouts(es2)[0]).toMatchObject({ timeout: 'propose', round: 2, duration: 1200 })
    expect(timeoutDuration(T, 'prevote', 7)).toBe(500 + 7 * 50)
  })

  it('L49: proposal + 2/3 precommits decide, with a commit verifyCommit accepts; the next height starts unlocked', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const node = net.core(s)
    node.step(net.proposal(1, 0, v))
    const [a, b, c] = others(s)
    for (const i of [a!, b!]) node.step(net.prevote(i, 1, 0, v)) // locks on v
    node.step(net.precommit(a!, 1, 0, v))
    const es = node.step(net.precommit(b!, 1, 0, v))
    const d = es.find((e) => e.kind === 'decide')
    expect(d?.kind).toBe('decide')
    if (d?.kind !== 'decide') return
    expect(d.decision.height).toBe(1)
    expect(d.decision.value).toEqual(v)
    const check = verifyCommit(CHAIN, net.vset.validators, d.decision.commit, id(v), 1, verify)
    expect(check).toMatchObject({ ok: true, signedPower: 3 })
    expect(node.core.height).toBe(2)
    expect(node.core.round).toBe(0)
    expect(node.core.locked).toEqual({ round: -1, valueId: null })
    // messages of the decided height are stale now
    expect(node.accepted(net.precommit(c!, 1, 0, v))).toBe(false)
  })

  it('L49 decides on a proposal and precommits of an earlier round, and without having prevoted', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0], [1, 1])
    const node = net.core(s)
    const [a, b, c] = others(s)
    for (const i of [a!, b!, c!]) node.step(net.precommit(i, 1, 0, null))
    node.step({ kind: 'timeout', timeout: 'precommit', height: 1, round: 0 })
    expect(node.core.round).toBe(1)
    node.step(net.proposal(1, 0, v))
    node.step(net.precommit(a!, 1, 0, v)) // conflicting with its nil precommit: counted for v as well
    expect(node.core.height).toBe(1)
    const res = node.step(net.proposal(1, 0, v))
    expect(res).toEqual([])
    // a fresh validator that sees the proposal and three precommits for v decides
    const fresh = net.core(s)
    fresh.step(net.proposal(1, 0, v))
    for (const i of [a!, b!]) fresh.step(net.precommit(i, 1, 0, v))
    expect(fresh.core.height).toBe(1)
    fresh.step(net.precommit(c!, 1, 0, v))
    expect(fresh.core.height).toBe(2)
  })

  it('a locked validator prevotes nil for another value without a newer proof-of-lock, and for its locked value', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0], [1, 1], [1, 2])
    const [a, b, c] = others(s)
    const locked = () => {
      const node = net.core(s)
      node.step(net.proposal(1, 0, v))
      for (const i of [a!, b!]) node.step(net.prevote(i, 1, 0, v))
      expect(node.core.locked.round).toBe(0)
      for (const i of [a!, b!]) node.step(net.precommit(i, 1, 0, null))
      node.step({ kind: 'timeout', timeout: 'precommit', height: 1, round: 0 })
      expect(node.core.round).toBe(1)
      return node
    }
    expect(votesOf(locked().step(net.proposal(1, 1, w)))).toEqual([{ type: 1, round: 1, id: NIL }])
    expect(votesOf(locked().step(net.proposal(1, 1, v)))).toEqual([{ type: 1, round: 1, id: hex(id(v)) }])
    // a re-proposal of w claiming a proof-of-lock in round 0 that does not exist: it waits (no prevote yet)
    const n3 = locked()
    expect(votesOf(n3.step(net.proposal(1, 1, w, 0)))).toEqual([])
    expect(n3.core.stepName).toBe('propose')
    void c
  })

  it('L28: a proof-of-lock (2/3 prevotes) in a round after the lock releases it', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0], [1, 1], [1, 2])
    const [a, b, c] = others(s)
    const node = net.core(s)
    node.step(net.proposal(1, 0, v))
    for (const i of [a!, b!]) node.step(net.prevote(i, 1, 0, v))
    for (const i of [a!, b!]) node.step(net.precommit(i, 1, 0, null))
    node.step({ kind: 'timeout', timeout: 'precommit', height: 1, round: 0 })
    // round 1: it never sees the proposal; the others prevote w (a proof-of-lock for w in round 1)
    node.step({ kind: 'timeout', timeout: 'propose', height: 1, round: 1 })
    for (const i of [a!, b!, c!]) node.step(net.prevote(i, 1, 1, w))
    node.step({ kind: 'timeout', timeout: 'prevote', height: 1, round: 1 })
    for (const i of [a!, b!]) node.step(net.precommit(i, 1, 1, null))
    node.step({ kind: 'timeout', timeout: 'precommit', height: 1, round: 1 })
    expect(node.core.round).toBe(2)
    expect(node.core.locked).toEqual({ round: 0, valueId: id(v) })
    expect(votesOf(node.step(net.proposal(1, 2, w, 1)))).toEqual([{ type: 1, round: 2, id: hex(id(w)) }])
  })

  it('the proposer re-proposes its valid value with its valid round', () => {
    const net = new Net()
    const p = net.indexOfProposer(1, 1)
    expect(net.indexOfProposer(1, 0)).not.toBe(p)
    const node = net.core(p)
    node.step(net.proposal(1, 0, v))
    const rest = others(p).filter((i) => i !== net.indexOfProposer(1, 0))
    for (const i of [net.indexOfProposer(1, 0), rest[0]!]) node.step(net.prevote(i, 1, 0, v))
    expect(node.core.valid.round).toBe(0)
    for (const i of rest) node.step(net.precommit(i, 1, 0, null))
    const es = node.step({ kind: 'timeout', timeout: 'precommit', height: 1, round: 0 })
    expect(es.find((e) => e.kind === 'sign-proposal')).toMatchObject({ round: 1, value: v, validRound: 0 })
  })

  it('L55: messages of a higher round from more than 1/3 of the power make it skip to that round', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0], [1, 3])
    const [a, b] = others(s)
    const node = net.core(s)
    node.step(net.prevote(a!, 1, 3, null))
    expect(node.core.round).toBe(0) // 1/4 of the power is not more than 1/3
    node.step(net.precommit(a!, 1, 3, null))
    expect(node.core.round).toBe(0) // the same validator counts once
    const es = node.step(net.precommit(b!, 1, 3, v))
    expect(node.core.round).toBe(3)
    expect(timeouts(es)[0]).toMatchObject({ timeout: 'propose', round: 3, duration: 1300 })
  })

  it('counts voting power, not validators', () => {
    const net = new Net([1, 1, 1, 4], 'power')
    // skip: two validators of power 1 (2/7) are not more than 1/3; one of power 4 alone is
    const node = net.core(0)
    node.step(net.prevote(1, 1, 5, null))
    node.step(net.prevote(2, 1, 5, null))
    expect(node.core.round).toBe(0)
    node.step(net.prevote(3, 1, 6, null))
    expect(node.core.round).toBe(6)

    // 2/3: validators 0,1,2 (3 of 7) prevoting v do not lock; with validator 3 (7 of 7) they do
    const n2 = net.core(net.nonProposer([1, 0]))
    const me = n2.self
    n2.step(net.proposal(1, 0, v))
    for (const i of [0, 1, 2].filter((i) => i !== me)) n2.step(net.prevote(i, 1, 0, v))
    if (me !== 3) {
      expect(n2.core.locked.round).toBe(-1)
      n2.step(net.prevote(3, 1, 0, v))
    }
    expect(n2.core.locked.round).toBe(0)
  })

  it('ignores duplicate votes and turns a conflicting vote into evidence that verifies', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0])
    const [a] = others(s)
    const node = net.core(s)
    expect(node.accepted(net.prevote(a!, 1, 0, v))).toBe(true)
    expect(node.accepted(net.prevote(a!, 1, 0, v))).toBe(false)
    const es = node.step(net.prevote(a!, 1, 0, w))
    const ev = es.find((e) => e.kind === 'evidence')
    expect(ev?.kind).toBe('evidence')
    if (ev?.kind !== 'evidence') return
    expect(hex(ev.evidence.voteA.validator)).toBe(hex(net.keys[a!]!.publicKey))
    expect(verifyEvidence(CHAIN, net.vset, ev.evidence, verify)).toEqual({ ok: true })
    // reported once
    expect(node.step(net.prevote(a!, 1, 0, w)).filter((e) => e.kind === 'evidence')).toEqual([])
    // votes from outside the set are refused
    const stranger = new Net([1], 'stranger')
    expect(node.core.step(stranger.prevote(0, 1, 0, v)).reason).toBe('not a validator')
  })

  it('buffers messages of the next heights and applies them when the height starts', () => {
    const net = new Net()
    const s = net.nonProposer([1, 0], [2, 0])
    const [a, b, c] = others(s)
    const node = net.core(s)
    node.step(net.proposal(2, 0, w))
    for (const i of [a!, b!, c!]) node.step(net.precommit(i, 2, 0, w))
    expect(node.core.height).toBe(1)
    expect(node.accepted(net.precommit(a!, 9, 0, w))).toBe(false) // too far ahead
    node.step(net.proposal(1, 0, v))
    for (const i of [a!, b!, c!]) node.step(net.precommit(i, 1, 0, v))
    const decided = node.effects.filter((e) => e.kind === 'decide').map((e) => (e.kind === 'decide' ? e.decision.height : 0))
    expect(decided).toEqual([1, 2])
    expect(node.core.height).toBe(3)
  })

  it('replaying the accepted inputs rebuilds the same state, and resume() owes the same messages (property)', () => {
    const net = new Net()
    const s = 0
    const vals = [value('a'), value('b'), null]
    const inputArb: fc.Arbitrary<Input> = fc.oneof(
      fc.record({ h: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 0, max: 3 }), x: fc.integer({ min: 0, max: 1 }), vr: fc.integer({ min: -1, max: 2 }), ok: fc.boolean() }).map(
        ({ h, r, x, vr, ok }) => net.proposal(h, r, vals[x]!, Math.min(vr, r - 1), ok),
      ),
      fc.record({ i: fc.integer({ min: 1, max: 3 }), t: fc.constantFrom(1, 2), h: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 0, max: 3 }), x: fc.integer({ min: 0, max: 2 }) }).map(
        ({ i, t, h, r, x }) => net.vote(i, t, h, r, vals[x]!),
      ),
      fc.record({ k: fc.constantFrom('propose' as const, 'prevote' as const, 'precommit' as const), h: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 0, max: 3 }) }).map(
        ({ k, h, r }): Input => ({ kind: 'timeout', timeout: k, height: h, round: r }),
      ),
      fc.record({ h: fc.integer({ min: 1, max: 2 }), r: fc.integer({ min: 0, max: 3 }), x: fc.integer({ min: 0, max: 1 }) }).map(
        ({ h, r, x }): Input => ({ kind: 'value', height: h, round: r, value: vals[x]! }),
      ),
    )
    fc.assert(
      fc.property(fc.array(inputArb, { maxLength: 60 }), (inputs) => {
        const node = net.core(s)
        for (const i of inputs) node.step(i)
        const replay = new Tendermint({ chainId: CHAIN, validators: net.vset, self: net.keys[s]!.publicKey, height: 1, verify, timeouts: T })
        for (const i of node.log) replay.step(i)
        const view = (t: Tendermint) => ({ h: t.height, r: t.round, s: t.stepName, l: t.locked, v: t.valid, own: t.ownMessages() })
        expect(view(replay)).toEqual(view(node.core))
        expect(replay.resume()).toEqual(node.core.resume())
      }),
      { numRuns: 150, ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {}) },
    )
  })
})

describe('validator sets by height (docs/adr/0013)', () => {
  // validators 0..3 at height 1; from height 2 validator 3 is out and validator 4 (a follower before) is in
  const net = new Net([1, 1, 1, 1, 1], 'sets')
  const keys = net.keys
  const setA = new ValidatorSet(keys.slice(0, 4).map((k) => ({ publicKey: k.publicKey, power: 1 })))
  const setB = new ValidatorSet([0, 1, 2, 4].map((i) => ({ publicKey: keys[i]!.publicKey, power: 1 })), 2)
  const proposerOf = (set: ValidatorSet, h: number, r: number) => keys.findIndex((k) => hex(k.publicKey) === hex(set.proposer(h, r).publicKey))
  const proposal = (set: ValidatorSet, h: number, r: number, val: Uint8Array): Input => {
    const k = keys[proposerOf(set, h, r)]!
    const sig = k.sign(proposalSignBytes(CHAIN, h, r, id(val), -1))
    return { kind: 'proposal', proposal: { height: h, round: r, value: val, validRound: -1, proposer: k.publicKey, sig }, valid: true }
  }

  it('counts votes with the set of their height, signs only where it is a member, and waits for an unknown set', () => {
    let known = 1
    const core = new Tendermint({
      chainId: CHAIN,
      validators: (h) => (h > known ? null : h >= 2 ? setB : setA),
      self: keys[4]!.publicKey,
      height: 1,
      verify,
      timeouts: T,
    })
    core.resume()
    // height 1: validator 4 is not a member; its own votes would be refused, and it signs nothing
    expect(core.step(net.prevote(4, 1, 0, v)).accepted).toBe(false)
    // votes for height 2 cannot be checked yet: that set is unknown
    expect(core.step(net.precommit(4, 2, 0, v)).reason).toMatch(/not known/)
    const p1 = proposal(setA, 1, 0, v)
    const signs: Effect[] = []
    signs.push(...core.step(p1).effects)
    for (const i of [0, 1, 2]) signs.push(...core.step(net.precommit(i, 1, 0, v)).effects)
    expect(signs.some((e) => e.kind === 'sign-vote' || e.kind === 'sign-proposal')).toBe(false)
    expect(signs.some((e) => e.kind === 'decide')).toBe(true)
    // decided 1; the set of 2 is not known: the state machine waits and refuses everything
    expect(core.height).toBe(2)
    expect(core.waitingForValidators).toBe(true)
    expect(core.step(net.prevote(0, 2, 0, v)).accepted).toBe(false)
    expect(core.enterIfReady()).toEqual([])
    known = 2
    const entered = core.enterIfReady()
    expect(core.waitingForValidators).toBe(false)
    expect(entered.length).toBeGreaterThan(0)
    // at height 2 validator 3 is out and validator 4 votes
    expect(core.step(net.prevote(3, 2, 0, v)).reason).toBe('not a validator')
    const p2 = proposal(setB, 2, 0, w)
    const mine = core.step(p2).effects
    const votes = mine.filter((e) => e.kind === 'sign-vote')
    expect(votes).toHaveLength(1)
    expect(hex((votes[0] as Extract<Effect, { kind: 'sign-vote' }>).blockHash)).toBe(hex(id(w)))
    // the decision's commit is checked against set B
    const locked: Effect[] = []
    for (const i of [0, 1, 2]) locked.push(...core.step(net.prevote(i, 2, 0, w)).effects)
    // the new member locks and precommits like any validator
    expect(locked.filter((e) => e.kind === 'sign-vote' && e.type === VoteType.precommit)).toHaveLength(1)
    const out: Effect[] = []
    for (const i of [0, 1, 2]) out.push(...core.step(net.precommit(i, 2, 0, w)).effects)
    const d = out.find((e): e is Extract<Effect, { kind: 'decide' }> => e.kind === 'decide')!
    expect(verifyCommit(CHAIN, setB.validators, d.decision.commit, id(w), 2, verify).ok).toBe(true)
  })
})

describe('messages for later heights', () => {
  it('are buffered once: a repeated (or replayed) message is refused, so it reaches the WAL once', () => {
    const net = new Net()
    const node = net.core(0)
    const later = net.prevote(1, 2, 0, v)
    expect(node.accepted(later)).toBe(true)
    expect(node.core.step(later)).toMatchObject({ accepted: false, reason: 'duplicate' })
    // the same validator's vote for another value at that height is a different message (evidence, later)
    expect(node.accepted(net.prevote(1, 2, 0, w))).toBe(true)
    expect(node.log.filter((i) => i === later)).toHaveLength(1)
  })
})
