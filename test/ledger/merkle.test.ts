import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fromHex, toHex, utf8 } from '../../src/ledger/codec/bytes'
import {
  EMPTY_ROOT,
  auditPath,
  leafHash,
  merkleRoot,
  nodeHash,
  rootFromLeafHashes,
  treeLevels,
  verifyInclusion,
} from '../../src/ledger/crypto/merkle'

// ---- an independent reference: RFC 6962 §2.1 written literally, hashing with node:crypto ----

function H(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}
const ZERO = new Uint8Array([0])
const ONE = new Uint8Array([1])

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** MTH(D[n]) */
function refMTH(d: readonly Uint8Array[]): Uint8Array {
  if (d.length === 0) return H()
  if (d.length === 1) return H(ZERO, d[0]!)
  const k = split(d.length)
  return H(ONE, refMTH(d.slice(0, k)), refMTH(d.slice(k)))
}

/** PATH(m, D[n]) */
function refPATH(m: number, d: readonly Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return []
  const k = split(d.length)
  return m < k
    ? [...refPATH(m, d.slice(0, k)), refMTH(d.slice(k))]
    : [...refPATH(m - k, d.slice(k)), refMTH(d.slice(0, k))]
}

// ---- the Certificate Transparency test data (RFC 6962 test vectors as used by CT and trillian) ----

const CT_LEAVES = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
].map(fromHex)

const CT_ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
]

/** Known inclusion proofs over the CT data: (0-based index, tree size, path). */
const CT_PATHS: Array<[number, number, string[]]> = [
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
]

const SOME_HASH = fromHex('abacaba000000000000000000000000000000000000000000060061e00123456')

function flip(b: Uint8Array, byte = 0, mask = 8): Uint8Array {
  const c = b.slice()
  c[byte] = c[byte]! ^ mask
  return c
}

/** Every corruption of a valid proof (after trillian's corruptInclusionProof); each must be rejected. */
function corruptions(
  leaf: Uint8Array,
  i: number,
  n: number,
  path: Uint8Array[],
  root: Uint8Array,
): Array<[string, Uint8Array, number, number, Uint8Array[], Uint8Array]> {
  const out: Array<[string, Uint8Array, number, number, Uint8Array[], Uint8Array]> = [
    ['index - 1', leaf, i - 1, n, path, root],
    ['index + 1', leaf, i + 1, n, path, root],
    ['index ^ 2', leaf, i ^ 2, n, path, root],
    ['size * 2', leaf, i, n * 2, path, root],
    ['size / 2', leaf, i, Math.floor(n / 2), path, root],
    ['wrong leaf', leafHash(utf8('WrongLeaf')), i, n, path, root],
    ['empty-tree root', leaf, i, n, path, EMPTY_ROOT],
    ['some other root', leaf, i, n, path, SOME_HASH],
    ['altered root', leaf, i, n, path, flip(root, 31, 1)],
    ['trailing empty element', leaf, i, n, [...path, new Uint8Array(0)], root],
    ['trailing root', leaf, i, n, [...path, root], root],
    ['preceding empty element', leaf, i, n, [new Uint8Array(0), ...path], root],
    ['preceding root', leaf, i, n, [root, ...path], root],
  ]
  path.forEach((_, k) => {
    const p = path.slice()
    p[k] = flip(p[k]!)
    out.push([`altered path[${k}]`, leaf, i, n, p, root])
    const q = path.slice()
    q[k] = q[k]!.slice(0, 31)
    out.push([`short path[${k}]`, leaf, i, n, q, root])
  })
  if (path.length > 0) out.push(['truncated path', leaf, i, n, path.slice(0, -1), root])
  if (path.length > 1) out.push(['inserted element', leaf, i, n, [path[0]!, SOME_HASH, ...path.slice(1)], root])
  if (path.length > 1) out.push(['swapped elements', leaf, i, n, [path[1]!, path[0]!, ...path.slice(2)], root])
  return out
}

describe('RFC 6962 Merkle tree: known answers', () => {
  it('the empty tree root is SHA-256 of the empty string', () => {
    expect(toHex(EMPTY_ROOT)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(toHex(merkleRoot([]))).toBe(toHex(EMPTY_ROOT))
    expect(toHex(rootFromLeafHashes([]))).toBe(toHex(EMPTY_ROOT))
  })

  it('leaf and node hashes are domain-separated with 0x00 and 0x01', () => {
    expect(toHex(leafHash(new Uint8Array(0)))).toBe(CT_ROOTS[0])
    const a = leafHash(CT_LEAVES[0]!)
    const b = leafHash(CT_LEAVES[1]!)
    expect(toHex(nodeHash(a, b))).toBe(CT_ROOTS[1])
    expect(toHex(leafHash(utf8('x')))).toBe(toHex(H(ZERO, utf8('x'))))
  })

  it.each(CT_ROOTS.map((r, i) => [i + 1, r] as const))('the root of the first %i CT leaves is %s', (n, root) => {
    expect(toHex(merkleRoot(CT_LEAVES.slice(0, n)))).toBe(root)
    expect(toHex(rootFromLeafHashes(CT_LEAVES.slice(0, n).map(leafHash)))).toBe(root)
    expect(toHex(refMTH(CT_LEAVES.slice(0, n)))).toBe(root)
  })

  it.each(CT_PATHS)('the audit path of leaf %i in a tree of %i is the known one, and verifies', (i, n, path) => {
    const leaves = CT_LEAVES.slice(0, n).map(leafHash)
    expect(auditPath(i, leaves).map(toHex)).toEqual(path)
    expect(refPATH(i, CT_LEAVES.slice(0, n)).map(toHex)).toEqual(path)
    expect(verifyInclusion(leaves[i]!, i, n, path.map(fromHex), fromHex(CT_ROOTS[n - 1]!))).toBe(true)
  })

  it('treeLevels ends in the root and starts with the leaves', () => {
    const leaves = CT_LEAVES.map(leafHash)
    const levels = treeLevels(leaves)
    expect(levels[0]).toEqual(leaves)
    expect(levels[levels.length - 1]!.map(toHex)).toEqual([CT_ROOTS[7]])
  })
})

describe('RFC 6962 Merkle tree: agreement with the reference for every size 1..70 and every index', () => {
  const data = Array.from({ length: 70 }, (_, i) => utf8(`leaf ${i}`))

  it('roots, audit paths and verification', () => {
    for (let n = 1; n <= 70; n++) {
      const d = data.slice(0, n)
      const leaves = d.map(leafHash)
      const root = refMTH(d)
      expect(toHex(merkleRoot(d)), `root of ${n}`).toBe(toHex(root))
      const levels = treeLevels(leaves)
      for (let i = 0; i < n; i++) {
        const path = auditPath(i, leaves)
        expect(path.map(toHex), `path ${i} of ${n}`).toEqual(refPATH(i, d).map(toHex))
        expect(verifyInclusion(leaves[i]!, i, n, path, root), `verify ${i} of ${n}`).toBe(true)
        expect(levels.length - 1).toBeGreaterThanOrEqual(path.length)
      }
    }
  })

  it('rejects every corruption of every real proof', () => {
    for (let n = 1; n <= 70; n++) {
      const d = data.slice(0, n)
      const leaves = d.map(leafHash)
      const root = refMTH(d)
      for (let i = 0; i < n; i++) {
        const path = auditPath(i, leaves)
        for (const [what, leaf, idx, size, p, r] of corruptions(leaves[i]!, i, n, path, root)) {
          expect(verifyInclusion(leaf, idx, size, p, r), `${what}: leaf ${i} of ${n}`).toBe(false)
        }
      }
    }
  })
})

describe('RFC 6962 Merkle tree: edge cases', () => {
  it('auditPath refuses an index outside the tree', () => {
    const leaves = CT_LEAVES.map(leafHash)
    expect(() => auditPath(-1, leaves)).toThrow(RangeError)
    expect(() => auditPath(8, leaves)).toThrow(RangeError)
    expect(() => auditPath(1.5, leaves)).toThrow(RangeError)
    expect(() => auditPath(0, [])).toThrow(RangeError)
  })

  it('verifyInclusion refuses impossible indexes and sizes', () => {
    const leaf = leafHash(utf8('data'))
    // a one-leaf tree: the root is the leaf hash and the path is empty
    expect(verifyInclusion(leaf, 0, 1, [], leaf)).toBe(true)
    for (const [i, n] of [
      [0, 0],
      [1, 1],
      [-1, 1],
      [2, 1],
      [0.5, 2],
      [0, Number.POSITIVE_INFINITY],
      [Number.NaN, 1],
    ] as const) {
      expect(verifyInclusion(leaf, i, n, [], leaf), `${i}/${n}`).toBe(false)
    }
    expect(verifyInclusion(leaf, 0, 1, [], EMPTY_ROOT)).toBe(false)
  })

  it('a single-leaf tree does not verify a non-empty path', () => {
    const leaf = leafHash(utf8('data'))
    expect(verifyInclusion(leaf, 0, 1, [leaf], leaf)).toBe(false)
  })
})

describe('RFC 6962 Merkle tree: property over random sizes', () => {
  it('every real path verifies; another index, a flipped bit or a missing element does not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 600 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        fc.string({ maxLength: 6 }),
        (n, iSeed, jSeed, bitSeed, salt) => {
          const d = Array.from({ length: n }, (_, k) => utf8(`${salt}/${k}`))
          const leaves = d.map(leafHash)
          const root = merkleRoot(d)
          const i = iSeed % n
          const path = auditPath(i, leaves)
          expect(verifyInclusion(leaves[i]!, i, n, path, root)).toBe(true)
          // the path is as long as the leaf's depth: ceil(log2 n) at most
          expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)))
          if (n > 1) {
            const j = (i + 1 + (jSeed % (n - 1))) % n
            expect(j).not.toBe(i)
            expect(verifyInclusion(leaves[i]!, j, n, path, root)).toBe(false)
            expect(verifyInclusion(leaves[j]!, i, n, path, root)).toBe(false)
            const k = bitSeed % path.length
            const bad = path.slice()
            bad[k] = flip(bad[k]!, (bitSeed >> 3) % 32, 1 << bitSeed % 8)
            expect(verifyInclusion(leaves[i]!, i, n, bad, root)).toBe(false)
            expect(verifyInclusion(leaves[i]!, i, n, path.slice(0, -1), root)).toBe(false)
          }
          expect(verifyInclusion(leaves[i]!, i, n, [...path, root], root)).toBe(false)
        },
      ),
      { numRuns: 150 },
    )
  })
})
