/**
 * Vote sets: the votes of one (height, round, type), counted by voting power, and the evidence of equivocation.
 *
 * A validator counts once per vote set, with its first vote. A second, identical vote is a duplicate and ignored. A
 * second vote for a different value is equivocation: it is not counted, and the two signed votes form a
 * `DuplicateVoteEvidence` the caller can gossip and commit. Signatures are checked before a vote gets here.
 */
import { equalBytes, toHex } from '../codec/bytes'
import type { VerifyFn } from '../crypto/ed25519'
import { type Vote, VoteType, voteSignBytes } from '../types/block'
import type { ValidatorSet } from './validators'

export interface DuplicateVoteEvidence {
  voteA: Vote
  voteB: Vote
}

export type AddResult =
  | { kind: 'added' }
  | { kind: 'duplicate' }
  /** `counted`: the second vote was also counted for its own value (see MAX_VALUES_PER_VALIDATOR) */
  | { kind: 'conflict'; evidence: DuplicateVoteEvidence; counted: boolean }

/**
 * Votes of one validator for distinct values kept per vote set. An equivocating validator's vote counts for each
 * value it signed (up to this many), as the algorithm counts distinct senders of each message: then a node that saw
 * the "wrong" vote of an equivocator first can still recognise a commit that includes the other one. Two values can
 * never both gather more than 2/3 while fewer than 1/3 of the power equivocates.
 */
export const MAX_VALUES_PER_VALIDATOR = 4

export class VoteSet {
  /** per validator (hex), its votes for distinct values; the first is its vote for "any" counting */
  private readonly votes = new Map<string, Vote[]>()
  private readonly byValue = new Map<string, { power: number; votes: Vote[] }>()
  private seen = 0

  constructor(
    readonly type: number,
    readonly height: number,
    readonly round: number,
    private readonly vals: ValidatorSet,
  ) {}

  /** Add a vote whose signature and validator were already checked. */
  add(vote: Vote): AddResult {
    const k = toHex(vote.validator)
    const power = this.vals.powerOf(vote.validator)
    const prev = this.votes.get(k)
    if (prev) {
      if (prev.some((p) => equalBytes(p.blockHash, vote.blockHash))) return { kind: 'duplicate' }
      const evidence = { voteA: prev[0]!, voteB: vote }
      if (prev.length >= MAX_VALUES_PER_VALIDATOR) return { kind: 'conflict', evidence, counted: false }
      prev.push(vote)
      this.tally(vote, power)
      return { kind: 'conflict', evidence, counted: true }
    }
    this.votes.set(k, [vote])
    this.tally(vote, power)
    this.seen += power
    return { kind: 'added' }
  }

  private tally(vote: Vote, power: number): void {
    const id = toHex(vote.blockHash)
    let t = this.byValue.get(id)
    if (!t) this.byValue.set(id, (t = { power: 0, votes: [] }))
    t.power += power
    t.votes.push(vote)
  }

  /** the first vote of this validator */
  get(validator: Uint8Array): Vote | undefined {
    return this.votes.get(toHex(validator))?.[0]
  }

  /** power of the validators that voted for this value id (hex) */
  powerFor(idHex: string): number {
    return this.byValue.get(idHex)?.power ?? 0
  }

  /** power of all validators that voted, whatever their value, each counted once */
  get powerSeen(): number {
    return this.seen
  }

  hasTwoThirdsAny(): boolean {
    return this.vals.hasTwoThirds(this.seen)
  }

  hasTwoThirdsFor(idHex: string): boolean {
    return this.vals.hasTwoThirds(this.powerFor(idHex))
  }

  /** The value id (hex; possibly nil) with more than 2/3 of the power, if any. */
  twoThirdsMajority(): string | null {
    for (const [id, t] of this.byValue) if (this.vals.hasTwoThirds(t.power)) return id
    return null
  }

  /** The votes for one value id, in arrival order, one per validator. */
  votesFor(idHex: string): Vote[] {
    return [...(this.byValue.get(idHex)?.votes ?? [])]
  }

  all(): Vote[] {
    return [...this.votes.values()].flat()
  }
}

export interface EvidenceCheck {
  ok: boolean
  reason?: string
}

/**
 * Check duplicate-vote evidence: two votes of one validator of `validators`, same type, height and round, for
 * different values, both validly signed. Shared by the node and anyone who verifies evidence committed on chain.
 */
export function verifyEvidence(
  chainId: string,
  validators: ValidatorSet,
  ev: DuplicateVoteEvidence,
  verify: VerifyFn,
): EvidenceCheck {
  const { voteA: a, voteB: b } = ev
  if (a.type !== VoteType.prevote && a.type !== VoteType.precommit) return { ok: false, reason: 'vote type' }
  if (a.type !== b.type || a.height !== b.height || a.round !== b.round) {
    return { ok: false, reason: 'the votes are for different steps' }
  }
  if (!equalBytes(a.validator, b.validator)) return { ok: false, reason: 'the votes are from different validators' }
  if (validators.indexOf(a.validator) < 0) return { ok: false, reason: 'not a validator' }
  if (a.blockHash.length !== 32 || b.blockHash.length !== 32) return { ok: false, reason: 'value id' }
  if (equalBytes(a.blockHash, b.blockHash)) return { ok: false, reason: 'the votes are for the same value' }
  for (const v of [a, b]) {
    if (!verify(v.sig, voteSignBytes(chainId, v.type, v.height, v.round, v.blockHash), v.validator)) {
      return { ok: false, reason: 'bad signature' }
    }
  }
  return { ok: true }
}

/** A stable key for evidence, so the same equivocation is reported once whichever vote arrived first. */
export function evidenceKey(ev: DuplicateVoteEvidence): string {
  const ids = [toHex(ev.voteA.blockHash), toHex(ev.voteB.blockHash)].sort()
  return [toHex(ev.voteA.validator), ev.voteA.type, ev.voteA.height, ev.voteA.round, ...ids].join('/')
}
