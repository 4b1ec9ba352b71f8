/**
 * Batches: many documents under one RFC 6962 Merkle root (docs/adr/0015). The chain records the root, the count and
 * what the documents share; each document's leaf (its number, hash, type, holder, language) stays with the issuing
 * node, and its proof is the leaf, its audit path to the root, and the batch transaction's inclusion proof.
 * Portable.
 */
import { fromHex, toHex } from '../../../codec/bytes'
import { auditPathFromLevels, leafHash, treeLevels, verifyInclusion } from '../../../crypto/merkle'
import { type BatchDocument, batchDocumentNumber, leafBytes } from './schema'

export type BatchInput = Omit<BatchDocument, 'number'>

export interface BuiltBatch {
  number: string
  documents: BatchDocument[]
  root: string
  levels: Uint8Array[][]
}

/** Number the documents B/001 … and compute the root over their leaves. */
export function buildBatch(number: string, docs: readonly BatchInput[]): BuiltBatch {
  const documents = docs.map((d, i) => ({ ...d, number: batchDocumentNumber(number, i, docs.length) }))
  const levels = treeLevels(documents.map((d) => leafHash(leafBytes(d))))
  return { number, documents, root: toHex(levels[levels.length - 1]![0]!), levels }
}

export interface BatchMembership {
  /** canonical leaf bytes (leafBytes) */
  leaf: Uint8Array
  index: number
  path: Uint8Array[]
}

export function batchMembership(b: BuiltBatch, index: number): BatchMembership {
  return { leaf: leafBytes(b.documents[index]!), index, path: auditPathFromLevels(index, b.levels) }
}

/** Whether `m` proves that its leaf is document `m.index` of a batch of `count` with this root. */
export function verifyMembership(m: BatchMembership, count: number, root: string): boolean {
  try {
    return verifyInclusion(leafHash(m.leaf), m.index, count, m.path, fromHex(root))
  } catch {
    return false
  }
}
