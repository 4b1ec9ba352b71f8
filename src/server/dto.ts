/** Conversions from ledger objects to the API's JSON shapes (src/shared/api.ts). */
import type { BlockDto, BlockSummaryDto, CommitDto, TxDto } from '../shared/api'
import { toHex } from '../ledger/codec/bytes'
import type { Block, Commit } from '../ledger/types/block'
import { txHash, txToJson } from '../ledger/types/tx'
import type { TxLookup } from '../ledger/node/node'

export function commitDto(c: Commit): CommitDto {
  return {
    height: c.height,
    round: c.round,
    blockHash: toHex(c.blockHash),
    sigs: c.sigs.map((s) => ({ validator: toHex(s.validator), sig: toHex(s.sig) })),
  }
}

export function blockSummaryDto(b: Block, hash: Uint8Array): BlockSummaryDto {
  return {
    height: b.header.height,
    hash: toHex(hash),
    time: b.header.time,
    txCount: b.header.txCount,
    proposer: toHex(b.header.proposer),
  }
}

export function blockDto(b: Block, hash: Uint8Array, commit: Commit | null): BlockDto {
  const h = b.header
  return {
    ...blockSummaryDto(b, hash),
    chainId: h.chainId,
    prevHash: toHex(h.prevHash),
    txRoot: toHex(h.txRoot),
    appHash: toHex(h.appHash),
    validatorsHash: toHex(h.validatorsHash),
    lastCommitHash: toHex(h.lastCommitHash),
    txs: b.txs.map((t) => toHex(txHash(t))),
    commit: commit ? commitDto(commit) : null,
  }
}

export function txDto(l: TxLookup): TxDto {
  const out: TxDto = { hash: l.hash, status: l.status }
  if (l.tx) out.tx = txToJson(l.tx)
  if (l.height !== undefined) out.height = l.height
  if (l.index !== undefined) out.index = l.index
  if (l.blockTime !== undefined) out.blockTime = l.blockTime
  if (l.rejection) out.rejection = l.rejection
  return out
}
