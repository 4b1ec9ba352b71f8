/**
 * Audit a stored chain: replay every block from genesis into a scratch store, checking at each height that the
 * block extends its predecessor, that every transaction verifies and executes, that the header commits to the
 * recomputed transaction root and app hash, and that its commit carries more than 2/3 of the validator power.
 * Used after crashes (tests) and by `daejang chain verify`. The node must be stopped (LevelDB allows one opener).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex } from '../codec/bytes'
import { decodeCanonical } from '../codec/canonical'
import { verifyNode } from '../crypto/ed25519-node'
import { commitFromCanonical } from '../types/block'
import type { Genesis } from '../types/genesis'
import { Store } from '../store/store'
import { LedgerNode } from './node'

export interface AuditResult {
  ok: boolean
  height: number
  lastBlockHash: string
  appHash: string
  problems: string[]
}

export async function auditChain(dataDir: string, genesis: Genesis): Promise<AuditResult> {
  const src = new Store(join(dataDir, 'chain'))
  await src.open()
  const scratchDir = mkdtempSync(join(tmpdir(), 'daejang-audit-'))
  const replay = await LedgerNode.open({ dataDir: scratchDir, genesis })
  const problems: string[] = []
  try {
    const head = src.head()
    const top = head?.height ?? 0
    // the next block is read and checked ahead (decoding, transactions, signatures) while this one executes
    let next = top >= 1 ? await src.getBlockBytes(1) : undefined
    for (let h = 1; h <= top; h++) {
      const bytes = next
      next = h < top ? await src.getBlockBytes(h + 1) : undefined
      if (next) replay.lookahead.ahead([next])
      const cbytes = await src.getCommitBytes(h)
      if (!bytes || !cbytes) {
        problems.push(`height ${h}: block or commit missing`)
        break
      }
      let prepared
      try {
        prepared = await replay.chain.validateBlock(bytes)
      } catch (e) {
        problems.push(`height ${h}: ${(e as Error).message}`)
        break
      }
      const commit = commitFromCanonical(decodeCanonical(cbytes))
      const c = replay.chain.verifyCommitAt(commit, prepared.hash, h, verifyNode)
      if (!c.ok) problems.push(`height ${h}: commit: ${c.reason ?? 'invalid'}`)
      const block = prepared.block
      if (h > 1 && !block.lastCommit) problems.push(`height ${h}: no last commit`)
      await replay.chain.commit(prepared, commit, () => false)
      replay.lookahead.forget(prepared.txs.map((c) => c.hashHex))
    }
    const mine = replay.chain.head()
    if (head && (toHex(mine.hash) !== toHex(head.hash) || toHex(mine.appHash) !== toHex(head.appHash))) {
      problems.push('the stored head differs from the replayed one')
    }
    return {
      ok: problems.length === 0,
      height: mine.height,
      lastBlockHash: toHex(mine.hash),
      appHash: toHex(mine.appHash),
      problems,
    }
  } finally {
    await replay.close()
    await src.close()
    rmSync(scratchDir, { recursive: true, force: true })
  }
}
