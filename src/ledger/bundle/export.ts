/**
 * Export a bundle from a node (docs/adr/0062): the blocks of a range of heights with their commits (from a connected
 * node), or the node's own pending transactions (from an air-gapped one). Blocks are read from the store one at a
 * time and streamed to the file.
 */
import { DaejangError } from '../../shared/errors'
import { toHex } from '../codec/bytes'
import { encodeCanonical } from '../codec/canonical'
import type { Signer } from '../crypto/ed25519'
import { decodeBlock } from '../types/block'
import { genesisHash } from '../types/genesis'
import { entriesToCanonical } from '../types/validator-sets'
import type { LedgerNode } from '../node/node'
import { type BundleHeader, BundleWriter, RecordKind } from './format'

export type Progress = (done: number, total: number) => void

export interface ExportResult {
  header: BundleHeader
  bytes: number
}

/** The blocks `from`..`to` (default: the head) with their commits. */
export async function exportBlocks(
  node: LedgerNode,
  range: { from: number; to?: number },
  out: string,
  signer: Signer,
  progress?: Progress,
): Promise<ExportResult> {
  const head = node.chain.head().height
  const to = Math.min(range.to ?? head, head)
  const from = range.from
  if (!Number.isSafeInteger(from) || from < 1 || from > to) {
    throw new DaejangError('UNKNOWN_HEIGHT', `this node has blocks 1 to ${head}; there is nothing to export from height ${from}${range.to !== undefined ? ` to ${range.to}` : ''}`)
  }
  const w = new BundleWriter(out)
  try {
    await w.write(RecordKind.validatorSets, encodeCanonical(entriesToCanonical(node.chain.validatorHistory.entries)))
    let txs = 0
    for (let h = from; h <= to; h++) {
      const block = await node.store.getBlockBytes(h)
      const commit = await node.store.getCommitBytes(h)
      if (!block || !commit) throw new DaejangError('CORRUPT_DATA', `the block or commit of height ${h} is missing from the store`)
      txs += decodeBlock(block).header.txCount
      await w.write(RecordKind.block, block)
      await w.write(RecordKind.commit, commit)
      progress?.(h - from + 1, to - from + 1)
    }
    const fields = { kind: 'blocks' as const, ...chainFields(node), from, to, blocks: to - from + 1, txs }
    return await w.finish(fields, signer)
  } catch (e) {
    await w.abort()
    throw e
  }
}

/**
 * The node's pending transactions (its mempool: what this node's API, the app's outbox included, acknowledged and no
 * block has committed yet), in arrival order.
 */
export async function exportPending(node: LedgerNode, out: string, signer: Signer, progress?: Progress): Promise<ExportResult> {
  const pending = [...node.mempool.pending()].map((c) => c.bytes)
  const head = node.chain.head().height
  const w = new BundleWriter(out)
  try {
    for (let i = 0; i < pending.length; i++) {
      await w.write(RecordKind.tx, pending[i]!)
      progress?.(i + 1, pending.length)
    }
    return await w.finish({ kind: 'pending', ...chainFields(node), from: head, to: head, blocks: 0, txs: pending.length }, signer)
  } catch (e) {
    await w.abort()
    throw e
  }
}

function chainFields(node: LedgerNode): { chainId: string; genesisHash: string } {
  return { chainId: node.genesis.chainId, genesisHash: toHex(genesisHash(node.genesis)) }
}
