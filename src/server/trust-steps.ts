/**
 * Trust steps as the node's answers build them (GET /api/v1/trust/steps): bounded by proofs/trust-bound.ts before any
 * block is read, and read as each step needs — block f-1's header (decoded alone, not its transactions, and not put
 * in the node's block cache) and its stored commit — with a running total of the bound kept while reading.
 */
import type { LedgerNode } from '../ledger/node/node'
import { decodeCanonical } from '../ledger/codec/canonical'
import { TRUST_STEPS_LIMITS, boundTrustSteps, stepBytesOf, tooManySteps } from '../ledger/proofs/trust-bound'
import type { TrustStep } from '../ledger/proofs/trust-chain'
import { type Header, commitFromCanonical, decodeBlock, headerFromCanonical } from '../ledger/types/block'
import { buildTrustSteps } from '../ledger/types/validator-sets'
import { DaejangError } from '../shared/errors'

/** The length of the CBOR data item at `at` when it is an integer, a byte string or a text string (else -1). */
function scalarItemLength(b: Uint8Array, at: number): number {
  const first = b[at]
  if (first === undefined) return -1
  const major = first >> 5
  const info = first & 31
  if (major > 3) return -1
  let n: number
  let head: number
  if (info < 24) [n, head] = [info, 1]
  else if (info === 24) [n, head] = [b[at + 1] ?? 0, 2]
  else if (info === 25) [n, head] = [((b[at + 1] ?? 0) << 8) | (b[at + 2] ?? 0), 3]
  else if (info === 26) [n, head] = [(((b[at + 1] ?? 0) << 24) >>> 0) + (((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 8) | (b[at + 4] ?? 0)), 5]
  else if (info === 27) [n, head] = [0, 9]
  else return -1
  return major >= 2 ? head + n : head
}

/**
 * The header of a block's canonical bytes, without decoding its transactions: the block is [header, txs, lastCommit]
 * and the header a flat array of integers and strings, so its bytes are found and decoded alone (canonically, as
 * decodeBlock would). Anything else is decoded whole.
 */
export function headerOfBlockBytes(bytes: Uint8Array): Header {
  if (bytes[0] === 0x83 && (bytes[1] === 0x8b || bytes[1] === 0x8c)) {
    let at = 2
    for (let i = 0; i < (bytes[1] & 31); i++) {
      const len = scalarItemLength(bytes, at)
      if (len < 0) return decodeBlock(bytes).header
      at += len
    }
    if (at <= bytes.length) return headerFromCanonical(decodeCanonical(bytes.subarray(1, at)))
  }
  return decodeBlock(bytes).header
}

/** The steps from a trust list taken at `from` to `to`, refused past TRUST_STEPS_LIMITS before and while reading. */
export async function boundedTrustSteps(node: Pick<LedgerNode, 'chain' | 'store' | 'genesis'>, from: number, to: number): Promise<TrustStep[]> {
  const chainId = node.genesis.chainId
  boundTrustSteps(node.chain.validatorHistory, chainId, from, to)
  let total = 0
  const reader = {
    validatorHistory: node.chain.validatorHistory,
    headerAndCommit: async (h: number) => {
      const raw = await node.store.getBlockBytes(h)
      if (!raw) throw new DaejangError('UNKNOWN_HEIGHT', `there is no block at height ${h}`)
      const c = await node.store.getCommitBytes(h)
      const commit = c ? commitFromCanonical(decodeCanonical(c)) : null
      total += stepBytesOf(chainId, { commit: commit ?? { sigs: [] }, nextValidators: node.chain.validatorHistory.at(h + 1).validators })
      if (total > TRUST_STEPS_LIMITS.bytes) throw tooManySteps(`the validator-set changes between heights ${from} and ${to} take more than ${TRUST_STEPS_LIMITS.bytes} bytes: ask for a shorter range of heights`)
      return { header: headerOfBlockBytes(raw), commit }
    },
  }
  return buildTrustSteps(reader, from, to)
}
