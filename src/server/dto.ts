/** Conversions from ledger objects to the API's JSON shapes (src/shared/api.ts). */
import type { BlockDto, BlockSummaryDto, CommitDto, StateValueDto, TxDto } from '../shared/api'
import type { Canonical } from '../ledger/codec/canonical'
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

/**
 * A state value as of a height, in JSON: byte strings become `{ "hex": "…" }` (the value model has no other objects
 * with that one key, as state maps are the registries' own records).
 */
export function stateValueDto(key: string, height: number, value: Canonical | undefined): StateValueDto {
  return { key, height, present: value !== undefined, value: value === undefined ? null : canonicalJson(value) }
}

function canonicalJson(v: Canonical): unknown {
  if (v instanceof Uint8Array) return { hex: toHex(v) }
  if (Array.isArray(v)) return v.map(canonicalJson)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonicalJson(x)]))
  return v
}
