/**
 * Audit a stored chain: replay every block from genesis into a scratch store, checking at each height that the
 * block extends its predecessor, that every transaction verifies and executes, that the header commits to the
 * recomputed transaction root and app hash (the state root), and that its commit carries more than 2/3 of the
 * validator power. The stored state is checked against the blocks too: the stored tree's root of every kept height
 * is that block's app hash, and the stored flat state (s/) is the replayed one, entry for entry. Used after crashes
 * (tests) and by `daejang chain verify`. The node must be stopped (LevelDB allows one opener). A store made by an
 * earlier build (format 1) is refused with CHAIN_FORMAT_OLD.
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
import type { Registry } from '../registries/types'
import { encodeCanonical } from '../codec/canonical'
import { LedgerNode, oldChainError } from './node'

export interface AuditResult {
  ok: boolean
  height: number
  lastBlockHash: string
  appHash: string
  problems: string[]
}

/** `registries`: the build's (default), or a test's own */
export async function auditChain(dataDir: string, genesis: Genesis, registries?: readonly Registry[]): Promise<AuditResult> {
  const src = new Store(join(dataDir, 'chain'))
  await src.open()
  if (src.isOldFormat()) {
    await src.close()
    throw oldChainError()
  }
  const scratchDir = mkdtempSync(join(tmpdir(), 'daejang-audit-'))
  const replay = await LedgerNode.open({ dataDir: scratchDir, genesis, ...(registries ? { registries } : {}) })
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
      if (h >= src.oldestProvableHeight() && toHex(await src.tree.rootAt(h)) !== toHex(block.header.appHash)) {
        problems.push(`height ${h}: the stored state tree's root is not the block's app hash`)
      }
      await replay.chain.commit(prepared, commit, () => false)
      replay.lookahead.forget(prepared.txs.map((c) => c.hashHex))
    }
    const mine = replay.chain.head()
    if (head && (toHex(mine.hash) !== toHex(head.hash) || toHex(mine.appHash) !== toHex(head.appHash))) {
      problems.push('the stored head differs from the replayed one')
    }
    if (mine.height === top) {
      // replayed to the end: the stored tree and flat state must be what the blocks made
      if (src.tree.latestVersion() !== top) problems.push(`the stored state tree ends at ${src.tree.latestVersion()}, the blocks at ${top}`)
      const diff = await firstStateDifference(src, replay.store)
      if (diff !== null) problems.push(`the stored state differs from the replayed one at key ${diff}`)
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

/** The first key where two stores' flat states differ (value or presence), or null: both walked in key order. */
async function firstStateDifference(a: Store, b: Store): Promise<string | null> {
  const ia = a.scanState('', Number.MAX_SAFE_INTEGER)[Symbol.asyncIterator]()
  const ib = b.scanState('', Number.MAX_SAFE_INTEGER)[Symbol.asyncIterator]()
  try {
    for (;;) {
      const [x, y] = await Promise.all([ia.next(), ib.next()])
      if (x.done && y.done) return null
      if (x.done || y.done) return (x.done ? y.value : x.value)![0]
      if (x.value[0] !== y.value[0]) return x.value[0] < y.value[0] ? x.value[0] : y.value[0]
      if (toHex(encodeCanonical(x.value[1])) !== toHex(encodeCanonical(y.value[1]))) return x.value[0]
    }
  } finally {
    await Promise.all([ia.return?.(undefined), ib.return?.(undefined)])
  }
}
