/** Four validators of equal power, one agency each, and an administrator of agency-0: for multi-node tests. */
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { join } from 'node:path'
import { expect } from 'vitest'
import { type Genesis, parseGenesis } from '../../src/ledger/types/genesis'
import { LocalNetwork } from '../../src/ledger/net/transport'
import { LedgerNode } from '../../src/ledger/node/node'

export const seed = (i: number): Uint8Array => new Uint8Array(32).fill(i + 1)

/** quick rounds for tests on one machine */
export const TIMEOUTS = {
  propose: { base: 600, delta: 200 },
  prevote: { base: 200, delta: 100 },
  precommit: { base: 200, delta: 100 },
}

export function fourValidators(chainId: string): { validators: Signer[]; admin: Signer; genesis: Genesis } {
  const validators = [0, 1, 2, 3].map((i) => nodeSigner(seed(i)))
  const admin = nodeSigner(seed(9))
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId,
    genesisTime: Date.now() - 1000,
    agencies: validators.map((v, i) => ({
      id: `agency-${i}`,
      name: `Agency ${i}`,
      validator: { publicKey: toHex(v.publicKey), power: 10 },
      admins: i === 0 ? [toHex(admin.publicKey)] : [toHex(nodeSigner(seed(20 + i)).publicKey)],
    })),
  })
  return { validators, admin, genesis }
}

/**
 * Ledger nodes in this process over one in-memory network, each with its own key (a validator, or a follower
 * until governance makes it one): open, crash, wait, and check that they agree.
 */
export class InProcessConsortium {
  readonly net = new LocalNetwork()
  readonly nodes: Array<LedgerNode | null>
  private readonly closers = new Map<LedgerNode, () => void>()

  constructor(
    private readonly dir: string,
    private readonly genesis: Genesis,
    private readonly keys: readonly Signer[],
  ) {
    this.nodes = keys.map(() => null)
  }

  async open(i: number): Promise<LedgerNode> {
    const transport = this.net.join(toHex(this.keys[i]!.publicKey))
    const n = await LedgerNode.open({
      dataDir: join(this.dir, `node${i}`),
      genesis: this.genesis,
      validatorSigner: this.keys[i]!,
      heartbeatMs: 100,
      verifyThreads: 0,
      transport,
      bft: { timeouts: TIMEOUTS },
    })
    this.closers.set(n, () => transport.close())
    n.start()
    this.nodes[i] = n
    return n
  }

  async crash(i: number): Promise<void> {
    const n = this.nodes[i]!
    this.closers.get(n)?.()
    await n.close()
    this.nodes[i] = null
  }

  async closeAll(): Promise<void> {
    for (let i = 0; i < this.nodes.length; i++) if (this.nodes[i]) await this.crash(i)
  }

  live(): LedgerNode[] {
    return this.nodes.filter((n): n is LedgerNode => n !== null)
  }

  async until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
    const end = Date.now() + ms
    while (!cond()) {
      if (Date.now() > end) throw new Error(`timed out: ${what} (heights ${this.nodes.map((n) => (n ? height(n) : '-')).join(',')})`)
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  /** Every live node has the same block at every height they all have: no fork. Returns that height. */
  async expectOneHistory(): Promise<number> {
    const top = Math.min(...this.live().map(height))
    for (let h = 1; h <= top; h++) {
      const hashes = new Set<string>()
      for (const n of this.live()) hashes.add(toHex((await n.getBlock(h)).hash))
      expect(hashes.size, `height ${h}`).toBe(1)
    }
    return top
  }
}

export const height = (n: LedgerNode): number => n.chain.head().height

/**
 * A transaction's status on a node once it is `want` or `ms` have passed ('unknown' while the node has not seen it):
 * the caller asserts on what this returns, so a timeout fails with the status it ended at.
 */
export async function statusWhen(n: LedgerNode, hashHex: string, want: string, ms: number): Promise<string> {
  const of = async (): Promise<string> => (await n.getTx(hashHex).catch(() => ({ status: 'unknown' }))).status
  const end = Date.now() + ms
  let status = await of()
  while (status !== want && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50))
    status = await of()
  }
  return status
}
