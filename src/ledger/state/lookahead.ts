/**
 * Checking blocks ahead of their execution, for a node that catches up (block sync, chain replay). A block's
 * execution needs the state of the block before it, but the stateless part of its validation does not: decoding,
 * each transaction's checks and, the largest cost, its signatures. Done ahead, in the background, that work
 * overlaps the execution and the synced commit of the blocks before it, and the signature checks keep the
 * verification threads busy while this thread executes.
 *
 * Nothing is skipped: validateBlock still runs every check. What this leaves behind is only what the checks would
 * compute again from the same bytes: the decoded block (memo by byte array, block-memo.ts), each transaction's
 * parsed form (the checker's lookup of known transactions, by hash) and the signatures found valid (the signature
 * cache; a bad one is not cached, so validateBlock verifies it again and rejects the block).
 */
import { decodeBlockOnce } from '../types/block-memo'
import type { CheckedTx, TxChecker } from '../mempool/checker'

/** transactions held at most (a sync batch is at most 16 MiB of blocks) */
const MAX_TXS = 200_000
const CHUNK = 256

export class Lookahead {
  private readonly txs = new Map<string, CheckedTx>()
  private queue: Promise<void> = Promise.resolve()
  private gen = 0

  constructor(private readonly checker: TxChecker) {}

  get(hashHex: string): CheckedTx | undefined {
    return this.txs.get(hashHex)
  }

  get size(): number {
    return this.txs.size
  }

  /** Check these blocks' transactions in the background, in order. Errors are left for validateBlock to find. */
  ahead(blocks: readonly Uint8Array[]): void {
    const gen = this.gen
    for (const bytes of blocks) this.queue = this.queue.then(() => (gen === this.gen ? this.check(bytes) : undefined))
  }

  /** Resolves when the blocks given so far are checked. */
  idle(): Promise<void> {
    return this.queue
  }

  /** Forget everything, and the blocks not checked yet. */
  clear(): void {
    this.gen++
    this.txs.clear()
  }

  /** Forget transactions (their block is committed or was refused). */
  forget(hashes: Iterable<string>): void {
    for (const h of hashes) this.txs.delete(h)
  }

  private async check(bytes: Uint8Array): Promise<void> {
    const gen = this.gen
    try {
      const { block } = decodeBlockOnce(bytes)
      if (this.txs.size + block.txs.length > MAX_TXS) return
      // a chunk at a time, so that the verification threads start on the first while this thread parses the next
      const sigs: Promise<number[]>[] = []
      for (let s = 0; s < block.txs.length; s += CHUNK) {
        const cs = block.txs.slice(s, s + CHUNK).map((t) => this.checker.parseBytes(t))
        if (gen !== this.gen) return
        for (const c of cs) this.txs.set(c.hashHex, c)
        sigs.push(this.checker.verifyAll(cs))
      }
      await Promise.all(sigs)
    } catch {
      // an invalid block: its validation will say why
    }
  }
}
