/**
 * Merkle trees as in RFC 6962 §2.1 (and RFC 9162 §2.1): leaf hash SHA-256(0x00 || d), interior node
 * SHA-256(0x01 || left || right), the left subtree always the largest power of two smaller than n. Portable.
 */
import { equalBytes } from '../codec/bytes'
import { sha256, sha256Parts } from './sha256'

const LEAF = new Uint8Array([0])
const NODE = new Uint8Array([1])

export function leafHash(data: Uint8Array): Uint8Array {
  return sha256Parts(LEAF, data)
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256Parts(NODE, left, right)
}

export const EMPTY_ROOT = sha256(new Uint8Array(0))

/** Root over leaf hashes (MTH). Bottom-up pairing with an odd last node carried up equals RFC 6962's split. */
export function rootFromLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return EMPTY_ROOT
  const levels = treeLevels(leaves)
  return levels[levels.length - 1]![0]!
}

export function merkleRoot(items: readonly Uint8Array[]): Uint8Array {
  return rootFromLeafHashes(items.map(leafHash))
}

/**
 * All levels of the tree, leaves first. An odd last node is carried up unhashed, which yields exactly RFC 6962's
 * tree; audit paths then cost O(log n) each.
 */
export function treeLevels(leaves: readonly Uint8Array[]): Uint8Array[][] {
  const levels: Uint8Array[][] = [leaves.slice()]
  let level = levels[0]!
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!))
    if (level.length % 2 === 1) next.push(level[level.length - 1]!)
    levels.push(next)
    level = next
  }
  return levels
}

/** Audit path PATH(m, D[n]) (RFC 6962 §2.1.1) for leaf `index`, from the tree's levels. Ordered leaf-to-root. */
export function auditPathFromLevels(index: number, levels: readonly Uint8Array[][]): Uint8Array[] {
  const n = levels[0]?.length ?? 0
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError('leaf index out of range')
  const path: Uint8Array[] = []
  let i = index
  for (let d = 0; d < levels.length - 1; d++) {
    const level = levels[d]!
    if (i % 2 === 1) path.push(level[i - 1]!)
    else if (i + 1 < level.length) path.push(level[i + 1]!)
    i = Math.floor(i / 2)
  }
  return path
}

export function auditPath(index: number, leaves: readonly Uint8Array[]): Uint8Array[] {
  return auditPathFromLevels(index, treeLevels(leaves))
}

/** Verify an inclusion proof as in RFC 9162 §2.1.3.2. */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  treeSize: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize) || index < 0 || index >= treeSize) return false
  let fn = index
  let sn = treeSize - 1
  let r = leaf
  for (const p of path) {
    if (p.length !== 32) return false
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && equalBytes(r, root)
}
