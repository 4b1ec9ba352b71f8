/** Fixtures for the consensus unit tests: validators with known keys, signed messages, a core with self-delivery. */
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { type Vote, VoteType, signVote } from '../../src/ledger/types/block'
import { type Input, NIL_ID, type Proposal, proposalSignBytes } from '../../src/ledger/consensus/messages'
import { type Effect, type StepResult, Tendermint, type TimeoutConfig } from '../../src/ledger/consensus/tendermint'
import { ValidatorSet } from '../../src/ledger/consensus/validators'
import { cachedVerify } from './sim'

export const CHAIN = 'daejang-test'
export const T: TimeoutConfig = {
  propose: { base: 1000, delta: 100 },
  prevote: { base: 500, delta: 50 },
  precommit: { base: 400, delta: 40 },
}
export const verify = cachedVerify()

export function signers(n: number, tag = 'v'): Signer[] {
  return Array.from({ length: n }, (_, i) => nodeSigner(sha256(utf8(`daejang-consensus-test/${tag}/${i}`))))
}

export function value(label: string): Uint8Array {
  return utf8('value:' + label)
}
export const id = (v: Uint8Array): Uint8Array => sha256(v)
export const hex = toHex

export class Net {
  readonly keys: Signer[]
  readonly vset: ValidatorSet
  constructor(powers: number[] = [1, 1, 1, 1], tag = 'v') {
    this.keys = signers(powers.length, tag)
    this.vset = new ValidatorSet(this.keys.map((k, i) => ({ publicKey: k.publicKey, power: powers[i]! })))
  }

  indexOfProposer(h: number, r: number): number {
    return this.vset.indexOf(this.vset.proposer(h, r).publicKey)
  }

  /** a validator index that is not the proposer of any of the given (h, r) */
  nonProposer(...hr: [number, number][]): number {
    for (let i = 0; i < this.keys.length; i++) if (hr.every(([h, r]) => this.indexOfProposer(h, r) !== i)) return i
    throw new Error('every validator proposes')
  }

  proposal(h: number, r: number, v: Uint8Array, vr = -1, valid = true): Input {
    const k = this.keys[this.indexOfProposer(h, r)]!
    const p: Proposal = {
      height: h,
      round: r,
      value: v,
      validRound: vr,
      proposer: k.publicKey,
      sig: k.sign(proposalSignBytes(CHAIN, h, r, id(v), vr)),
    }
    return { kind: 'proposal', proposal: p, valid }
  }

  vote(i: number, type: number, h: number, r: number, v: Uint8Array | null): Input {
    return { kind: 'vote', vote: this.signedVote(i, type, h, r, v) }
  }

  signedVote(i: number, type: number, h: number, r: number, v: Uint8Array | null): Vote {
    return signVote(CHAIN, this.keys[i]!, { type, height: h, round: r, blockHash: v ? id(v) : NIL_ID })
  }

  prevote(i: number, h: number, r: number, v: Uint8Array | null): Input {
    return this.vote(i, VoteType.prevote, h, r, v)
  }
  precommit(i: number, h: number, r: number, v: Uint8Array | null): Input {
    return this.vote(i, VoteType.precommit, h, r, v)
  }

  core(self: number, height = 1): Node {
    return new Node(this, self, height)
  }
}

/** A core for validator `self` whose own signed messages are fed back to it, as the Replica does. */
export class Node {
  readonly core: Tendermint
  readonly effects: Effect[] = []
  /** every input the core accepted, in order (what a WAL would hold) */
  readonly log: Input[] = []
  constructor(
    readonly net: Net,
    readonly self: number,
    height: number,
  ) {
    this.core = new Tendermint({
      chainId: CHAIN,
      validators: net.vset,
      self: net.keys[self]!.publicKey,
      height,
      verify,
      timeouts: T,
    })
    this.run(this.core.resume())
  }

  /** step one input; returns the effects it produced (own messages delivered back, their effects included) */
  step(i: Input): Effect[] {
    const res = this.take(i)
    const before = this.effects.length
    this.run(res.effects)
    return this.effects.slice(before)
  }

  accepted(i: Input): boolean {
    const res = this.take(i)
    this.run(res.effects)
    return res.accepted
  }

  private take(i: Input): StepResult {
    const res = this.core.step(i)
    if (res.accepted) this.log.push(i)
    return res
  }

  private run(effects: Effect[]): void {
    for (const e of effects) {
      this.effects.push(e)
      if (e.kind === 'sign-vote') {
        const v = signVote(CHAIN, this.net.keys[this.self]!, e)
        this.run(this.take({ kind: 'vote', vote: v }).effects)
      } else if (e.kind === 'sign-proposal') {
        const k = this.net.keys[this.self]!
        const proposal: Proposal = {
          height: e.height,
          round: e.round,
          value: e.value,
          validRound: e.validRound,
          proposer: k.publicKey,
          sig: k.sign(proposalSignBytes(CHAIN, e.height, e.round, e.valueId, e.validRound)),
        }
        this.run(this.take({ kind: 'proposal', proposal, valid: true }).effects)
      }
    }
  }
}

export function votesOf(effects: Effect[], type?: number): { type: number; round: number; id: string }[] {
  return effects
    .filter((e): e is Extract<Effect, { kind: 'sign-vote' }> => e.kind === 'sign-vote' && (type === undefined || e.type === type))
    .map((e) => ({ type: e.type, round: e.round, id: toHex(e.blockHash) }))
}

export const NIL = toHex(NIL_ID)
