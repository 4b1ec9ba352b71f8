/**
 * A state key that begins with U+FEFF (a byte order mark) is a key like any other in the state tree: read back,
 * proven, updated and deleted as written, with the same roots whatever the node cache holds. The leaf's key was
 * decoded by a TextDecoder that drops a leading BOM, so such a key read as absent, and updating it gave a root (or an
 * INTERNAL error) that depended on whether the leaf was in the node cache: two validators could disagree.
 */
import { describe, expect, it } from 'vitest'
import '../../src/ledger/crypto/sha256-node'
import { toHex } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { verifyStateProof } from '../../src/ledger/proofs/state-proof'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'

const BOM_KEY = '\uFEFFk'
const GROUP_BOM_KEY = 'n/rec/\uFEFFx'
const blocks: Array<Array<[string, Canonical | null]>> = [
  [[BOM_KEY, 1], ['a', 2], ['\uFEFF', 5], [GROUP_BOM_KEY, 'g']],
  [[BOM_KEY, 3]],
  [['b', 4]],
  [[BOM_KEY, null], ['\uFEFF', 6]],
]

async function build(cacheNodes: number): Promise<{ tree: StateTree; roots: string[] }> {
  const db = memoryTreeDb()
  const tree = new StateTree(db, { cacheNodes })
  await tree.load()
  const roots: string[] = []
  for (const [v, block] of blocks.entries()) {
    const p = await tree.prepare(v, new Map(block))
    db.apply(p.ops)
    tree.committed(p)
    roots.push(toHex(p.root))
  }
  return { tree, roots }
}

describe('state tree: keys beginning with a byte order mark', () => {
  it('reads, proves, updates and deletes them as written, with roots independent of the node cache', async () => {
    const cold = await build(0)
    const warm = await build(10_000)
    expect(cold.roots).toEqual(warm.roots)
    const want: Array<Record<string, Canonical | undefined>> = [
      { [BOM_KEY]: 1, '\uFEFF': 5, [GROUP_BOM_KEY]: 'g' },
      { [BOM_KEY]: 3, '\uFEFF': 5 },
      { [BOM_KEY]: 3 },
      { [BOM_KEY]: undefined, '\uFEFF': 6, [GROUP_BOM_KEY]: 'g' },
    ]
    for (const { tree } of [cold, warm]) {
      for (const [v, keys] of want.entries()) {
        const root = await tree.rootAt(v)
        for (const [k, value] of Object.entries(keys)) {
          expect(await tree.get(k, v)).toEqual(value)
          const p = await tree.prove(k, v)
          expect(p.kind).toBe(value === undefined ? 'absent' : 'present')
          expect(verifyStateProof(p, root)).toEqual({ ok: true })
        }
      }
      const range = await tree.proveRange('n/rec', 3)
      if (range.kind !== 'range') throw new Error('not a range proof')
      expect(range.entries.map(([k]) => k)).toEqual([GROUP_BOM_KEY])
    }
  })
})
