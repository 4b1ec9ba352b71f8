/**
 * Block producers. The solo producer is for a node that is the consortium's only validator and has no network: it
 * builds a block from the mempool, signs a precommit for it, and commits. With a network, BFT consensus
 * (consensus/driver.ts: BftProducer, docs/adr/0012) implements the same interface and drives the same Chain.
 */
import type { Signer } from '../crypto/ed25519'
import { type Commit, VoteType, signVote } from '../types/block'

export interface BlockProducer {
  start(): void
  stop(): Promise<void>
}

export interface ProducerHost {
  readonly chainId: string
  /** Build, sign and commit one block now (empty if there is nothing pending). */
  produceBlock(signCommit: (height: number, hash: Uint8Array) => Commit): Promise<void>
  /** Resolves when transactions are pending, or after ms. */
  waitForWork(ms: number): Promise<void>
  pendingCount(): number
  onError(e: unknown): void
}

export interface SoloProducerOptions {
  /** an empty block is committed after this long without transactions */
  heartbeatMs: number
  /** wait this long after the first pending transaction, to gather more into the block */
  batchDelayMs: number
}

export class SoloProducer implements BlockProducer {
  private running = false
  private loop: Promise<void> | null = null
  private lastBlockAt = 0

  constructor(
    private readonly host: ProducerHost,
    private readonly signer: Signer,
    private readonly opts: SoloProducerOptions,
  ) {}

  start(): void {
    if (this.running) return
    this.running = true
    this.lastBlockAt = Date.now()
    this.loop = this.run()
  }

  async stop(): Promise<void> {
    this.running = false
    await this.loop
  }

  private signCommit = (height: number, hash: Uint8Array): Commit => {
    const vote = signVote(this.host.chainId, this.signer, {
      type: VoteType.precommit,
      height,
      round: 0,
      blockHash: hash,
    })
    return { height, round: 0, blockHash: hash, sigs: [{ validator: vote.validator, sig: vote.sig }] }
  }

  private async run(): Promise<void> {
    while (this.running) {
      const sinceLast = Date.now() - this.lastBlockAt
      const untilHeartbeat = Math.max(0, this.opts.heartbeatMs - sinceLast)
      if (this.host.pendingCount() === 0 && untilHeartbeat > 0) {
        await this.host.waitForWork(Math.min(untilHeartbeat, 250))
        continue
      }
      if (this.host.pendingCount() > 0 && this.opts.batchDelayMs > 0) {
        await new Promise((r) => setTimeout(r, this.opts.batchDelayMs))
      }
      if (!this.running) break
      try {
        await this.host.produceBlock(this.signCommit)
      } catch (e) {
        this.host.onError(e)
        await new Promise((r) => setTimeout(r, 500))
      }
      this.lastBlockAt = Date.now()
    }
  }
}
