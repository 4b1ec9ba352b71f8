/**
 * A block is decoded once per byte array. A proposal's block travels through several hands on a validator (its
 * id for the proposal's signature, validity, the consensus core's value id, the decision) and each used to decode
 * it in full: the strict canonical decode of a block of megabytes, re-encoding included. The memo is keyed by the
 * byte array object (a WeakMap: it goes when the bytes go), so only the very same bytes hit it, and the decoded
 * block is frozen, so that no holder can change what another one sees. Decoding errors are not remembered.
 */
import { toHex } from '../codec/bytes'
import { type Block, blockHash, decodeBlock } from './block'

export interface DecodedBlock {
  readonly block: Block
  /** blockHash(block.header): the block's id */
  readonly hash: Uint8Array
  readonly hashHex: string
}

const memo = new WeakMap<Uint8Array, DecodedBlock>()

/** decodeBlock and blockHash, remembered for these bytes. Throws as decodeBlock does. */
export function decodeBlockOnce(bytes: Uint8Array): DecodedBlock {
  const hit = memo.get(bytes)
  if (hit) return hit
  const block = decodeBlock(bytes)
  Object.freeze(block.header)
  Object.freeze(block.txs)
  if (block.lastCommit) {
    block.lastCommit.sigs.forEach((s) => Object.freeze(s))
    Object.freeze(block.lastCommit.sigs)
    Object.freeze(block.lastCommit)
  }
  Object.freeze(block)
  const hash = blockHash(block.header)
  const d: DecodedBlock = Object.freeze({ block, hash, hashHex: toHex(hash) })
  memo.set(bytes, d)
  return d
}

/** The block id of these bytes, or null when they are not a block. */
export function blockIdOf(bytes: Uint8Array): DecodedBlock | null {
  try {
    return decodeBlockOnce(bytes)
  } catch {
    return null
  }
}
