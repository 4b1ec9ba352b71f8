/**
 * A chain made ahead, in this process, into a validator home of `daejang testnet` (for the namespace tests and
 * bench/catchup-netns.ts): `txs` role grants by agency 0's administrator in blocks of `block` (or `empty` empty
 * blocks), each block committed with a precommit of every validator of the testnet (their node keys are in their
 * homes), exactly as consensus would have committed it. Then the store is copied to other homes, so several nodes
 * start at the same height without waiting for consensus to make that many blocks.
 */
import { cpSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { toHex } from '../../src/ledger/codec/bytes'
import { loadSigner } from '../../src/ledger/crypto/keystore'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { randomSeed } from '../../src/ledger/crypto/ed25519'
import { Home } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { VoteType, signVote } from '../../src/ledger/types/block'
import { makeTx, txToJson } from '../../src/ledger/types/tx'

const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }

export interface ChainSpec {
  /** the validators' homes (all of the testnet); the chain is written into the first one's store */
  validatorHomes: string[]
  /** role grants to commit */
  txs?: number
  /** transactions a block */
  block?: number
  /** empty blocks to commit (after the transactions) */
  empty?: number
  progress?: (height: number) => void
}

/** Build the chain into validatorHomes[0]; returns its height. No node may be running on that home. */
export async function buildChain(spec: ChainSpec): Promise<number> {
  const homes = spec.validatorHomes.map((h) => new Home(h))
  const genesis = homes[0]!.readGenesis()
  const signers = homes.map((h) => loadSigner(h.keyPath('node')))
  const admin = loadSigner(homes[0]!.keyPath('admin'))
  const node = await LedgerNode.open({ dataDir: homes[0]!.dataDir, genesis, mempoolLimits: LIMITS, verifyThreads: 0 })
  try {
    const commitNext = async (txs: number): Promise<void> => {
      const head = node.chain.head()
      const lc = head.height === 0 ? null : await node.getCommit(head.height)
      const { prepared, rejected } = await node.chain.buildBlock(node.mempool.reap(txs, 1 << 30), signers[0]!.publicKey, Date.now(), lc)
      if (rejected.length > 0) throw new Error(`a made transaction was refused: ${JSON.stringify(rejected[0]).slice(0, 300)}`)
      const h = prepared.block.header.height
      const sigs = signers.map((s) => {
        const v = signVote(genesis.chainId, s, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
        return { validator: v.validator, sig: v.sig }
      })
      await node.chain.commit(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs }, (x) => node.mempool.has(x))
      node.mempool.remove(prepared.txs.map((c) => c.hashHex))
      spec.progress?.(h)
    }
    const total = spec.txs ?? 0
    const subjects = Array.from({ length: 64 }, () => toHex(nodeSigner(randomSeed()).publicKey))
    for (let i = 0; i < total; i += 1000) {
      const batch = []
      for (let k = i; k < Math.min(total, i + 1000); k++) {
        batch.push(
          txToJson(
            makeTx(admin, {
              chainId: genesis.chainId,
              type: 'identity.role.grant',
              nonce: k + 1,
              payload: { agency: 'agency-0', subject: subjects[k % 64]!, role: 'notary', expiresAt: null, label: `staff ${k}` },
            }),
          ),
        )
      }
      await Promise.all(batch.map((t) => node.submitJson(t)))
      while (node.mempool.size >= (spec.block ?? 200)) await commitNext(spec.block ?? 200)
    }
    while (node.mempool.size > 0) await commitNext(spec.block ?? 200)
    for (let k = 0; k < (spec.empty ?? 0); k++) await commitNext(0)
    return node.chain.head().height
  } finally {
    await node.close()
  }
}

/** Copy one home's store (data/) over another's: both then hold the same chain. */
export function copyStore(fromHome: string, toHome: string): void {
  const from = new Home(fromHome).dataDir
  const to = new Home(toHome).dataDir
  rmSync(to, { recursive: true, force: true })
  // the blocks and state only: a validator's consensus files (its WAL, its signing guard) and the activity log are
  // its own
  const own = new Set([join(from, 'consensus'), join(from, 'activity.jsonl')])
  cpSync(from, to, { recursive: true, filter: (src) => ![...own].some((o) => src === o || src.startsWith(o + '/')) })
}
