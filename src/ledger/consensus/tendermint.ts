/**
 * The Tendermint consensus algorithm (Buchman, Kwon, Milosevic, "The latest gossip on BFT consensus",
 * arXiv 1807.04938, Algorithm 1) as a deterministic state machine for one validator.
 *
 * `step(input)` mutates only this object and returns the effects to carry out; it does no I/O, reads no clock and
 * draws no randomness, so replaying the same inputs gives the same state (that is what the WAL relies on). The
 * driver (replica.ts) signs through a SignGuard, broadcasts, schedules timeouts, and feeds everything back as
 * inputs, including this validator's own signed messages.
 *
 * Line numbers in comments refer to Algorithm 1 of the paper:
 *   L11 StartRound · L22 prevote on a fresh proposal · L28 prevote on a re-proposal with proof-of-lock ·
 *   L34 timeoutPrevote on 2/3 of any prevotes · L36 lock / valid value on proposal + 2/3 prevotes ·
 *   L44 precommit nil on 2/3 nil prevotes · L47 timeoutPrecommit on 2/3 of any precommits ·
 *   L49 decide on proposal + 2/3 precommits (any round) · L55 skip to a round with f+1 messages ·
 *   L57-L65 the three timeouts.
 * "2f+1" is read as "more than 2/3 of the voting power" and "f+1" as "more than 1/3".
 *
 * Choices the paper leaves open, documented in docs/adr/0012-consensus-core.md:
 *   - validity of a proposed value is decided by the driver (possibly async) and arrives with the proposal;
 *   - getValue() is an effect (`request-value`) answered by a `value` input;
 *   - L55 counts the power of distinct validators that sent prevotes or precommits for the round (as CometBFT);
 *   - a faulty proposer may send several proposals for one round: up to MAX_PROPOSALS_PER_ROUND distinct values
 *     are kept (so L36/L49 can find the value that gathered votes); L22/L28 act on the first that qualifies;
 *   - messages of the next `futureHeights` heights are verified and buffered, applied when the height starts.
 */
import { toHex } from '../codec/bytes'
import type { VerifyFn } from '../crypto/ed25519'
import { sha256 } from '../crypto/sha256'
import { type Commit, type Vote, VoteType, voteSignBytes } from '../types/block'
import { type Input, NIL_HEX, NIL_ID, type Proposal, type TimeoutKind, proposalSignBytes } from './messages'
import type { ValidatorSet } from './validators'
import { type DuplicateVoteEvidence, VoteSet, evidenceKey } from './voteset'

export type Step = 'propose' | 'prevote' | 'precommit'

export const MAX_PROPOSALS_PER_ROUND = 4
/** inputs buffered for one later height, at most (an honest set sends a few per validator and round) */
export const MAX_FUTURE_PER_HEIGHT = 10_000

export interface TimeoutParams {
  /** ms for round 0 */
  base: number
  /** ms added per round */
  delta: number
}

export interface TimeoutConfig {
  propose: TimeoutParams
  prevote: TimeoutParams
  precommit: TimeoutParams
}

export const DEFAULT_TIMEOUTS: TimeoutConfig = {
  propose: { base: 3000, delta: 500 },
  prevote: { base: 1000, delta: 500 },
  precommit: { base: 1000, delta: 500 },
}

export function timeoutDuration(t: TimeoutConfig, kind: TimeoutKind, round: number): number {
  return t[kind].base + round * t[kind].delta
}

export interface TendermintConfig {
  chainId: string
  /**
   * The validator set of a height, or null while it is not known yet (a later height whose set a pending
   * governance decision could still change; messages for it are refused and come again). Every height the state
   * machine works on must be known. A plain set means one set for every height.
   */
  validators: ValidatorSet | ((height: number) => ValidatorSet | null)
  /** this validator's public key; null for an observer that only follows */
  self: Uint8Array | null
  /** the height to work on (the one after the last decided) */
  height: number
  verify: VerifyFn
  timeouts?: TimeoutConfig
  /** id(v); SHA-256 of the value by default */
  valueId?: (value: Uint8Array) => Uint8Array
  /** messages up to this many heights ahead are buffered (default 2) */
  futureHeights?: number
}

export interface Decision {
  height: number
  round: number
  value: Uint8Array
  valueId: Uint8Array
  /** the precommits for the value, in the Commit shape of block.ts (verifyCommit accepts it) */
  commit: Commit
  /** the signed proposal of the value, so others can be brought to the same decision */
  proposal: Proposal
}

export type Effect =
  | { kind: 'request-value'; height: number; round: number }
  | { kind: 'sign-proposal'; height: number; round: number; value: Uint8Array; valueId: Uint8Array; validRound: number }
  | { kind: 'sign-vote'; type: number; height: number; round: number; blockHash: Uint8Array }
  | { kind: 'schedule-timeout'; timeout: TimeoutKind; height: number; round: number; duration: number }
  | { kind: 'decide'; decision: Decision }
  | { kind: 'evidence'; evidence: DuplicateVoteEvidence }

export interface StepResult {
  /** false: the input changed nothing (stale, duplicate, invalid); the driver need not log it */
  accepted: boolean
  effects: Effect[]
  reason?: string
}

interface StoredProposal {
  proposal: Proposal
  id: Uint8Array
  idHex: string
  valid: boolean
}

class RoundState {
  readonly proposals: StoredProposal[] = []
  readonly prevotes: VoteSet
  readonly precommits: VoteSet
  /** validators (hex) that sent a prevote or precommit in this round, and their power (L55) */
  readonly senders = new Set<string>()
  senderPower = 0
  firedL34 = false
  firedL36 = false
  firedL47 = false

  constructor(height: number, round: number, vals: ValidatorSet) {
    this.prevotes = new VoteSet(VoteType.prevote, height, round, vals)
    this.precommits = new VoteSet(VoteType.precommit, height, round, vals)
  }

  proposalFor(idHex: string): StoredProposal | undefined {
    return this.proposals.find((p) => p.idHex === idHex)
  }
}

interface OwnProposal {
  value: Uint8Array
  id: Uint8Array
  validRound: number
}

export class Tendermint {
  readonly chainId: string
  private readonly setAt: (height: number) => ValidatorSet | null
  private readonly self: Uint8Array | null
  /**
   * the set of the current height, and this validator's key if it is in it; null while the state machine waits for
   * the set of a height it has just reached (see enterIfReady)
   */
  private vs: ValidatorSet | null = null
  private selfHex: string | null = null
  private readonly verify: VerifyFn
  private readonly timeouts: TimeoutConfig
  private readonly valueId: (value: Uint8Array) => Uint8Array
  private readonly futureHeights: number

  private h: number
  private r = 0
  private s: Step = 'propose'
  private lockedValue: StoredProposal | null = null
  private lockedRound = -1
  private validValue: StoredProposal | null = null
  private validRound = -1
  private rounds = new Map<number, RoundState>()
  /** verified messages of later heights, in arrival order */
  private future = new Map<number, Input[]>()
  /** what is buffered per later height, so that a message repeated (or replayed by a peer) is buffered and logged once */
  private futureSeen = new Map<number, Set<string>>()
  /** what this validator decided to broadcast at the current height (for resume after a restart) */
  private ownProposals = new Map<number, OwnProposal>()
  private ownVotes = new Map<string, Uint8Array>()
  private evidenceSeen = new Set<string>()
  private lastDecision: Decision | null = null

  constructor(cfg: TendermintConfig) {
    this.chainId = cfg.chainId
    const v = cfg.validators
    this.setAt = typeof v === 'function' ? v : () => v
    this.self = cfg.self
    this.verify = cfg.verify
    this.timeouts = cfg.timeouts ?? DEFAULT_TIMEOUTS
    this.valueId = cfg.valueId ?? sha256
    this.futureHeights = cfg.futureHeights ?? 2
    this.h = cfg.height
    if (!this.takeHeightSet()) throw new Error(`the validator set of height ${this.h} is not known`)
    // "upon start do StartRound(0)": the effects of this first StartRound are returned by resume()
    this.startRound(0, [])
  }

  /** Take the validator set of the current height (and whether this validator votes in it), if it is known. */
  private takeHeightSet(): boolean {
    const set = this.setAt(this.h)
    if (!set) return false
    this.vs = set
    this.selfHex = this.self && set.indexOf(this.self) >= 0 ? toHex(this.self) : null
    return true
  }

  /**
   * After a decision the next height starts at once when its validator set is known. A host normally guarantees it
   * (it hands over proposals only for the height after its last applied block, and a set is settled two blocks
   * ahead); if not, the state machine waits: it refuses every input until the host, having applied the block that
   * settles the set, calls this. Nothing here needs the WAL: a replay after a restart (with the set known by then)
   * starts the height within the decision's step and reaches the same state.
   */
  enterIfReady(): Effect[] {
    if (this.vs !== null) return []
    const out: Effect[] = []
    if (this.enterHeight(out)) this.rules(out)
    return out
  }

  /** whether the state machine waits for the validator set of its height */
  get waitingForValidators(): boolean {
    return this.vs === null
  }

  // ---- read-only view ----

  /** the validator set of the current height */
  get validators(): ValidatorSet {
    if (!this.vs) throw new Error(`the validator set of height ${this.h} is not known yet`)
    return this.vs
  }

  get height(): number {
    return this.h
  }
  get round(): number {
    return this.r
  }
  get stepName(): Step {
    return this.s
  }
  get locked(): { round: number; valueId: Uint8Array | null } {
    return { round: this.lockedRound, valueId: this.lockedValue?.id ?? null }
  }
  get valid(): { round: number; valueId: Uint8Array | null } {
    return { round: this.validRound, valueId: this.validValue?.id ?? null }
  }
  get decision(): Decision | null {
    return this.lastDecision
  }
  isProposer(height: number, round: number): boolean {
    return this.selfHex !== null && toHex(this.validators.proposer(height, round).publicKey) === this.selfHex
  }
  /** the signed messages of this validator at the current height (for rebroadcast) */
  ownMessages(): { proposals: Proposal[]; votes: Vote[] } {
    const proposals: Proposal[] = []
    const votes: Vote[] = []
    if (this.selfHex === null) return { proposals, votes }
    // by round, not by the order rounds happened to be first touched (which a replay need not repeat)
    for (const [, rs] of [...this.rounds.entries()].sort((a, b) => a[0] - b[0])) {
      for (const p of rs.proposals) if (toHex(p.proposal.proposer) === this.selfHex) proposals.push(p.proposal)
      for (const set of [rs.prevotes, rs.precommits]) {
        const v = set.get(this.validators.validators[this.validators.indexOfHex(this.selfHex)]!.publicKey)
        if (v) votes.push(v)
      }
    }
    return { proposals, votes }
  }

  /**
   * The effects that the current state still owes, after a restart (the WAL was replayed with effects dropped) or
   * at first start: the messages this validator decided to send at this height (re-signing the same thing is
   * allowed by the guard), the proposal value it needs, and the timeouts of the current round.
   */
  resume(): Effect[] {
    const out: Effect[] = []
    const h = this.h
    for (const [round, own] of [...this.ownProposals].sort((a, b) => a[0] - b[0])) {
      const rs = this.rounds.get(round)
      if (!rs || !rs.proposals.some((p) => toHex(p.proposal.proposer) === this.selfHex)) {
        out.push({ kind: 'sign-proposal', height: h, round, value: own.value, valueId: own.id, validRound: own.validRound })
      }
    }
    const votes = [...this.ownVotes].map(([k, id]) => {
      const [round, type] = k.split('/').map(Number) as [number, number]
      return { round, type, id }
    })
    votes.sort((a, b) => a.round - b.round || a.type - b.type)
    const me = this.selfHex ? this.validators.validators[this.validators.indexOfHex(this.selfHex)]!.publicKey : null
    for (const v of votes) {
      const rs = this.rounds.get(v.round)
      const set = v.type === VoteType.prevote ? rs?.prevotes : rs?.precommits
      if (me && !set?.get(me)) out.push({ kind: 'sign-vote', type: v.type, height: h, round: v.round, blockHash: v.id })
    }
    const rs = this.rs(this.r)
    if (this.s === 'propose') {
      if (this.isProposer(h, this.r)) {
        if (!this.ownProposals.has(this.r)) out.push({ kind: 'request-value', height: h, round: this.r })
      } else {
        out.push(this.timeout('propose', this.r))
      }
    }
    if (this.s === 'prevote' && rs.firedL34) out.push(this.timeout('prevote', this.r))
    if (rs.firedL47) out.push(this.timeout('precommit', this.r))
    return out
  }

  // ---- the state machine ----

  step(input: Input): StepResult {
    if (this.vs === null) return { accepted: false, effects: [], reason: 'the validator set of this height is not known yet' }
    const out: Effect[] = []
    const res = this.apply(input, out)
    if (res !== true) return { accepted: false, effects: [], reason: res }
    this.rules(out)
    return { accepted: true, effects: out }
  }

  /** Take one input into the state (no rule evaluation). true, or the reason it was not taken. */
  private apply(input: Input, out: Effect[]): true | string {
    switch (input.kind) {
      case 'proposal':
        return this.addProposal(input)
      case 'vote':
        return this.addVote(input, out)
      case 'timeout':
        return this.onTimeout(input.timeout, input.height, input.round, out)
      case 'value': {
        if (input.height !== this.h || input.round !== this.r) return 'value for another round'
        if (this.s !== 'propose' || !this.isProposer(this.h, this.r) || this.ownProposals.has(this.r)) {
          return 'no value is wanted now'
        }
        this.propose(input.value, -1, out)
        return true
      }
    }
  }

  private rs(round: number): RoundState {
    let rs = this.rounds.get(round)
    if (!rs) {
      rs = new RoundState(this.h, round, this.validators)
      this.rounds.set(round, rs)
    }
    return rs
  }

  private bufferFuture(height: number, input: Input, key: string): true | string {
    if (height > this.h + this.futureHeights) return 'height too far ahead'
    let seen = this.futureSeen.get(height)
    if (!seen) this.futureSeen.set(height, (seen = new Set()))
    if (seen.has(key)) return 'duplicate'
    if (seen.size >= MAX_FUTURE_PER_HEIGHT) return 'too many messages for a later height'
    seen.add(key)
    let q = this.future.get(height)
    if (!q) this.future.set(height, (q = []))
    q.push(input)
    return true
  }

  private addProposal(input: Extract<Input, { kind: 'proposal' }>): true | string {
    const p = input.proposal
    if (p.height < this.h) return 'stale height'
    if (!Number.isSafeInteger(p.round) || p.round < 0) return 'round'
    if (!Number.isSafeInteger(p.validRound) || p.validRound < -1 || p.validRound >= p.round) return 'valid round'
    const set = p.height === this.h ? this.vs : this.setAt(p.height)
    if (!set) return 'validator set of that height not known yet'
    if (toHex(set.proposer(p.height, p.round).publicKey) !== toHex(p.proposer)) return 'not the proposer'
    const id = this.valueId(p.value)
    if (!this.verify(p.sig, proposalSignBytes(this.chainId, p.height, p.round, id, p.validRound), p.proposer)) {
      return 'bad signature'
    }
    if (p.height > this.h) {
      return this.bufferFuture(p.height, input, `p/${p.round}/${toHex(p.proposer)}/${toHex(id)}/${p.validRound}/${input.valid}`)
    }
    return this.storeProposal(p, id, input.valid)
  }

  private storeProposal(p: Proposal, id: Uint8Array, valid: boolean): true | string {
    const rs = this.rs(p.round)
    const idHex = toHex(id)
    if (rs.proposals.some((x) => x.idHex === idHex && x.proposal.validRound === p.validRound)) return 'duplicate'
    if (rs.proposals.length >= MAX_PROPOSALS_PER_ROUND) return 'too many proposals for this round'
    rs.proposals.push({ proposal: p, id, idHex, valid })
    return true
  }

  private addVote(input: Extract<Input, { kind: 'vote' }>, out: Effect[]): true | string {
    const v = input.vote
    if (v.type !== VoteType.prevote && v.type !== VoteType.precommit) return 'vote type'
    if (v.height < this.h) return 'stale height'
    if (!Number.isSafeInteger(v.round) || v.round < 0) return 'round'
    if (v.blockHash.length !== 32) return 'value id'
    const set = v.height === this.h ? this.vs : this.setAt(v.height)
    if (!set) return 'validator set of that height not known yet'
    if (set.indexOf(v.validator) < 0) return 'not a validator'
    if (!this.verify(v.sig, voteSignBytes(this.chainId, v.type, v.height, v.round, v.blockHash), v.validator)) {
      return 'bad signature'
    }
    if (v.height > this.h) {
      return this.bufferFuture(v.height, input, `v/${v.type}/${v.round}/${toHex(v.validator)}/${toHex(v.blockHash)}`)
    }
    return this.storeVote(v, out)
  }

  private storeVote(v: Vote, out: Effect[]): true | string {
    const rs = this.rs(v.round)
    const res = (v.type === VoteType.prevote ? rs.prevotes : rs.precommits).add(v)
    if (res.kind === 'duplicate') return 'duplicate'
    if (res.kind === 'conflict') {
      const k = evidenceKey(res.evidence)
      const fresh = !this.evidenceSeen.has(k)
      if (fresh) {
        this.evidenceSeen.add(k)
        out.push({ kind: 'evidence', evidence: res.evidence })
      }
      return fresh || res.counted ? true : 'conflicting vote already known'
    }
    const who = toHex(v.validator)
    if (!rs.senders.has(who)) {
      rs.senders.add(who)
      rs.senderPower += this.validators.powerOf(v.validator)
    }
    return true
  }

  /** L57-L65 */
  private onTimeout(kind: TimeoutKind, height: number, round: number, out: Effect[]): true | string {
    if (height !== this.h || round !== this.r) return 'stale timeout'
    if (kind === 'propose') {
      if (this.s !== 'propose') return 'stale timeout'
      this.prevote(NIL_ID, out)
      this.s = 'prevote'
    } else if (kind === 'prevote') {
      if (this.s !== 'prevote') return 'stale timeout'
      this.precommit(NIL_ID, out)
      this.s = 'precommit'
    } else {
      this.startRound(this.r + 1, out)
    }
    return true
  }

  private timeout(kind: TimeoutKind, round: number): Effect {
    return { kind: 'schedule-timeout', timeout: kind, height: this.h, round, duration: timeoutDuration(this.timeouts, kind, round) }
  }

  /** L11-L21 */
  private startRound(round: number, out: Effect[]): void {
    this.r = round
    this.s = 'propose'
    if (this.isProposer(this.h, round)) {
      if (this.validValue) this.propose(this.validValue.proposal.value, this.validRound, out)
      else out.push({ kind: 'request-value', height: this.h, round })
    } else {
      out.push(this.timeout('propose', round))
    }
  }

  private propose(value: Uint8Array, validRound: number, out: Effect[]): void {
    const id = this.valueId(value)
    this.ownProposals.set(this.r, { value, id, validRound })
    out.push({ kind: 'sign-proposal', height: this.h, round: this.r, value, valueId: id, validRound })
  }

  private prevote(id: Uint8Array, out: Effect[]): void {
    this.vote(VoteType.prevote, id, out)
  }

  private precommit(id: Uint8Array, out: Effect[]): void {
    this.vote(VoteType.precommit, id, out)
  }

  private vote(type: number, id: Uint8Array, out: Effect[]): void {
    if (this.selfHex === null) return
    this.ownVotes.set(`${this.r}/${type}`, id)
    out.push({ kind: 'sign-vote', type, height: this.h, round: this.r, blockHash: id })
  }

  private matchesLocked(p: StoredProposal): boolean {
    return this.lockedValue !== null && this.lockedValue.idHex === p.idHex
  }

  /** Evaluate the rules until none fires. */
  private rules(out: Effect[]): void {
    for (;;) {
      // a decision moved to a height whose validator set is not known yet: nothing more until it is
      if (this.vs === null) return
      if (this.tryDecide(out)) continue
      if (this.trySkipRound(out)) continue
      const rs = this.rs(this.r)
      if (this.s === 'propose' && this.tryPrevote(rs, out)) continue
      // L34
      if (this.s === 'prevote' && !rs.firedL34 && rs.prevotes.hasTwoThirdsAny()) {
        rs.firedL34 = true
        out.push(this.timeout('prevote', this.r))
        continue
      }
      // L36
      if (this.s !== 'propose' && !rs.firedL36) {
        const maj = rs.prevotes.twoThirdsMajority()
        const p = maj !== null && maj !== NIL_HEX ? rs.proposalFor(maj) : undefined
        if (p && p.valid) {
          rs.firedL36 = true
          if (this.s === 'prevote') {
            this.lockedValue = p
            this.lockedRound = this.r
            this.precommit(p.id, out)
            this.s = 'precommit'
          }
          this.validValue = p
          this.validRound = this.r
          continue
        }
      }
      // L44
      if (this.s === 'prevote' && rs.prevotes.hasTwoThirdsFor(NIL_HEX)) {
        this.precommit(NIL_ID, out)
        this.s = 'precommit'
        continue
      }
      // L47
      if (!rs.firedL47 && rs.precommits.hasTwoThirdsAny()) {
        rs.firedL47 = true
        out.push(this.timeout('precommit', this.r))
        continue
      }
      return
    }
  }

  /** L22 and L28, on the first proposal of the round that qualifies. */
  private tryPrevote(rs: RoundState, out: Effect[]): boolean {
    for (const p of rs.proposals) {
      const vr = p.proposal.validRound
      let ok: boolean
      if (vr === -1) {
        // L22
        ok = p.valid && (this.lockedRound === -1 || this.matchesLocked(p))
      } else if (vr < this.r && this.rounds.get(vr)?.prevotes.hasTwoThirdsFor(p.idHex)) {
        // L28: a proof-of-lock in vr releases a lock from before vr
        ok = p.valid && (this.lockedRound <= vr || this.matchesLocked(p))
      } else {
        continue
      }
      this.prevote(ok ? p.id : NIL_ID, out)
      this.s = 'prevote'
      return true
    }
    return false
  }

  /** L49: a proposal and 2/3 precommits for it in any round of this height. */
  private tryDecide(out: Effect[]): boolean {
    for (const [round, rs] of this.rounds) {
      const maj = rs.precommits.twoThirdsMajority()
      if (maj === null || maj === NIL_HEX) continue
      const p = rs.proposalFor(maj)
      if (!p || !p.valid) continue
      const decision: Decision = {
        height: this.h,
        round,
        value: p.proposal.value,
        valueId: p.id,
        commit: {
          height: this.h,
          round,
          blockHash: p.id,
          sigs: rs.precommits.votesFor(maj).map((v) => ({ validator: v.validator, sig: v.sig })),
        },
        proposal: p.proposal,
      }
      this.lastDecision = decision
      out.push({ kind: 'decide', decision })
      this.nextHeight(out)
      return true
    }
    return false
  }

  private nextHeight(out: Effect[]): void {
    this.h += 1
    this.vs = null
    this.selfHex = null
    this.lockedValue = null
    this.lockedRound = -1
    this.validValue = null
    this.validRound = -1
    this.rounds = new Map()
    this.ownProposals = new Map()
    this.ownVotes = new Map()
    this.evidenceSeen = new Set()
    this.enterHeight(out)
  }

  /** StartRound(0) of the current height and what arrived early for it; false while its set is not known. */
  private enterHeight(out: Effect[]): boolean {
    if (!this.takeHeightSet()) return false
    this.startRound(0, out)
    const buffered = this.future.get(this.h) ?? []
    for (const k of [...this.future.keys()]) if (k <= this.h) this.future.delete(k)
    for (const k of [...this.futureSeen.keys()]) if (k <= this.h) this.futureSeen.delete(k)
    // apply what arrived early, one input at a time with the rules after each, exactly as if it arrived now (so a
    // replay of the WAL on a restarted validator that starts at this height reaches the same state)
    const height = this.h
    for (const input of buffered) {
      if (this.h !== height) break // the rules decided this height already: the rest is stale
      const ok =
        input.kind === 'proposal'
          ? this.storeProposal(input.proposal, this.valueId(input.proposal.value), input.valid)
          : input.kind === 'vote'
            ? this.storeVote(input.vote, out)
            : 'ignored'
      if (ok === true) this.rules(out)
    }
    return true
  }

  /** L55: f+1 of the power sent messages for a higher round: go there (the highest such round). */
  private trySkipRound(out: Effect[]): boolean {
    let target = -1
    for (const [round, rs] of this.rounds) {
      if (round > this.r && round > target && this.validators.hasOneThird(rs.senderPower)) target = round
    }
    if (target < 0) return false
    this.startRound(target, out)
    return true
  }
}
