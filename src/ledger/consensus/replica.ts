/**
 * A replica: one validator's consensus, wiring the pure state machine (tendermint.ts) to its write-ahead log, its
 * signing guard and a host (network, timers, the application). Synchronous; the host decides what is async.
 *
 * Order of things for every input:
 *   1. the state machine takes the input (in memory only);
 *   2. if it was accepted, the input is appended to the WAL;
 *   3. only then its effects run; before an effect that leaves the process (signing — the guard persists first —,
 *      a decision, evidence) the WAL is synced, so it holds every input that effect derives from.
 * A crash at any point therefore loses only inputs whose outside effects never happened. Effects run from a FIFO queue so
 * that signatures are requested in the order the state machine produced them (monotone in height/round/step).
 *
 * On boot the replica builds the state machine at the height after the application's last decided height, replays
 * the WAL with effects dropped (decisions and evidence excepted: the host takes them idempotently), and then carries
 * out what the state still owes (`Tendermint.resume`).
 */
import type { VerifyFn } from '../crypto/ed25519'
import { type Vote, voteSignBytes } from '../types/block'
import { type Input, type Proposal, SignStep, decodeInput, encodeInput, inputHeight, proposalSignBytes } from './messages'
import type { SignOutcome, SignRequest } from './guard'
import { type Decision, type Effect, type StepResult, Tendermint, type TendermintConfig, type TimeoutConfig } from './tendermint'
import type { DuplicateVoteEvidence } from './voteset'
import type { Wal } from './wal'

export type ConsensusMessage = { kind: 'proposal'; proposal: Proposal } | { kind: 'vote'; vote: Vote }

/** Anything that signs for the replica; normally a SignGuard. */
export interface MessageSigner {
  readonly publicKey: Uint8Array
  sign(req: SignRequest): SignOutcome
}

export interface ReplicaHost {
  broadcast(msg: ConsensusMessage): void
  scheduleTimeout(t: { timeout: 'propose' | 'prevote' | 'precommit'; height: number; round: number }, ms: number): void
  /** getValue(): the value to propose at (height, round), when the host has it at once */
  getValue?(height: number, round: number): Uint8Array
  /**
   * requestValue(): the host will answer later with `input({ kind: 'value', … })` (a block takes async work to
   * build). Used when present instead of getValue.
   */
  requestValue?(height: number, round: number): void
  /** valid(v): the validity predicate (a driver with an async check validates before calling `receive`) */
  isValid(value: Uint8Array, height: number): boolean
  /** the decision of a height; must be durable and idempotent (it is repeated after a WAL replay) */
  decided(d: Decision): void
  evidence(ev: DuplicateVoteEvidence): void
  /** a signature was refused by the guard (a restart after a lost WAL tail can cause this; it is never unsafe) */
  signRefused?(req: SignRequest, reason: string): void
}

export interface ReplicaConfig {
  chainId: string
  validators: TendermintConfig['validators']
  verify: VerifyFn
  timeouts?: TimeoutConfig
  valueId?: (value: Uint8Array) => Uint8Array
  futureHeights?: number
}

export interface BootInfo {
  replayed: number
  tornTail: boolean
}

export class Replica {
  readonly core: Tendermint
  readonly boot: BootInfo
  private queue: Effect[] = []
  private draining = false

  constructor(
    private readonly cfg: ReplicaConfig,
    private readonly signer: MessageSigner | null,
    private readonly wal: Wal,
    private readonly host: ReplicaHost,
    lastDecidedHeight: number,
  ) {
    this.core = new Tendermint({
      chainId: cfg.chainId,
      validators: cfg.validators,
      self: signer?.publicKey ?? null,
      height: lastDecidedHeight + 1,
      verify: cfg.verify,
      ...(cfg.timeouts ? { timeouts: cfg.timeouts } : {}),
      ...(cfg.valueId ? { valueId: cfg.valueId } : {}),
      ...(cfg.futureHeights !== undefined ? { futureHeights: cfg.futureHeights } : {}),
    })
    const log = wal.read()
    for (const rec of log.records) {
      const res = this.core.step(decodeInput(rec))
      for (const e of res.effects) {
        if (e.kind === 'decide') this.host.decided(e.decision)
        else if (e.kind === 'evidence') this.host.evidence(e.evidence)
      }
    }
    this.boot = { replayed: log.records.length, tornTail: log.torn }
  }

  /** Start (or resume after a restart): carry out what the state owes. */
  start(): void {
    this.enqueue(this.core.resume())
  }

  /** A message from the network. */
  receive(msg: ConsensusMessage): StepResult {
    if (msg.kind === 'proposal') {
      const p = msg.proposal
      // validity is only worth computing for proposals the state machine could use
      const valid = p.height >= this.core.height ? this.host.isValid(p.value, p.height) : false
      return this.input({ kind: 'proposal', proposal: p, valid })
    }
    return this.input({ kind: 'vote', vote: msg.vote })
  }

  /** A timer fired. */
  timeout(kind: 'propose' | 'prevote' | 'precommit', height: number, round: number): StepResult {
    return this.input({ kind: 'timeout', timeout: kind, height, round })
  }

  /**
   * The host applied a block: if the state machine waits for the validator set of its height, it may be known
   * now. Called by the host after each commit (and before each input here).
   */
  poke(): void {
    const effects = this.core.enterIfReady()
    if (effects.length > 0) this.enqueue(effects)
  }

  input(i: Input): StepResult {
    this.poke()
    const res = this.core.step(i)
    if (!res.accepted) return res
    this.wal.append(encodeInput(i))
    this.enqueue(res.effects)
    return res
  }

  private enqueue(effects: Effect[]): void {
    this.queue.push(...effects)
    if (this.draining) return
    this.draining = true
    try {
      for (let e = this.queue.shift(); e; e = this.queue.shift()) this.run(e)
    } finally {
      this.draining = false
    }
  }

  private run(e: Effect): void {
    const chainId = this.cfg.chainId
    // what leaves the process must be explained by a durable log
    if (e.kind === 'sign-proposal' || e.kind === 'sign-vote' || e.kind === 'decide' || e.kind === 'evidence') this.wal.sync()
    switch (e.kind) {
      case 'request-value':
        if (this.host.requestValue) return this.host.requestValue(e.height, e.round)
        if (this.host.getValue) {
          this.input({ kind: 'value', height: e.height, round: e.round, value: this.host.getValue(e.height, e.round) })
        }
        return
      case 'sign-proposal': {
        if (!this.signer) return
        const req = {
          height: e.height,
          round: e.round,
          step: SignStep.proposal,
          signBytes: proposalSignBytes(chainId, e.height, e.round, e.valueId, e.validRound),
        }
        const out = this.signer.sign(req)
        if (!out.ok) return this.host.signRefused?.(req, out.reason)
        const proposal: Proposal = {
          height: e.height,
          round: e.round,
          value: e.value,
          validRound: e.validRound,
          proposer: this.signer.publicKey,
          sig: out.sig,
        }
        this.input({ kind: 'proposal', proposal, valid: true })
        this.host.broadcast({ kind: 'proposal', proposal })
        return
      }
      case 'sign-vote': {
        if (!this.signer) return
        const req = {
          height: e.height,
          round: e.round,
          step: e.type === 1 ? SignStep.prevote : SignStep.precommit,
          signBytes: voteSignBytes(chainId, e.type, e.height, e.round, e.blockHash),
        }
        const out = this.signer.sign(req)
        if (!out.ok) return this.host.signRefused?.(req, out.reason)
        const vote: Vote = {
          type: e.type,
          height: e.height,
          round: e.round,
          blockHash: e.blockHash,
          validator: this.signer.publicKey,
          sig: out.sig,
        }
        this.input({ kind: 'vote', vote })
        this.host.broadcast({ kind: 'vote', vote })
        return
      }
      case 'schedule-timeout':
        this.host.scheduleTimeout({ timeout: e.timeout, height: e.height, round: e.round }, e.duration)
        return
      case 'decide': {
        this.host.decided(e.decision)
        // compaction: drop what concerns heights before this one. The decided height's own records stay until the
        // next decision: the host may commit the block after this returns, and if it crashes first, the replay
        // must decide the same height again (with its locks) rather than start it afresh.
        const keep = this.wal.read().records.filter((r) => inputHeight(decodeInput(r)) >= e.decision.height)
        this.wal.rewrite(keep)
        return
      }
      case 'evidence':
        this.host.evidence(e.evidence)
        return
    }
  }
}
