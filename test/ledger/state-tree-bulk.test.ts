/**
 * The bulk build of one version (state/tree/bulk.ts) against the incremental tree: the same root for the same keys
 * and values, a StateTree opened on the built nodes reads and proves every key, and the next version prepared on
 * top of it has the root the incremental tree gives for the same writes.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import '../../src/ledger/crypto/sha256-node'
import { toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { EMPTY_ROOT, statePath, verifyStateProof } from '../../src/ledger/proofs/state-proof'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'
import { BulkTreeBuilder } from '../../src/ledger/state/tree/bulk'
import { keyAt, valueAt } from '../../bench/state-keys'

const comparePaths = (a: Uint8Array, b: Uint8Array): number => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

/** bulk-build `state` as `version` into a memory db (ops taken every `every` ops), and open a tree on it */
async function bulk(state: ReadonlyMap<string, Canonical>, version = 1, every = 7) {
  const db = memoryTreeDb()
  const b = new BulkTreeBuilder(version)
  const sorted = [...state].map(([k, v]) => ({ k, v, path: statePath(k) })).sort((x, y) => comparePaths(x.path, y.path))
  for (const e of sorted) {
    b.add(e.k, e.path, encodeCanonical(e.v))
    if (b.pending >= every) db.apply(b.take())
  }
  const { root, ops } = b.finish()
  db.apply(ops)
  const tree = new StateTree(db, { cacheNodes: 0 })
  await tree.load()
  return { db, tree, root }
}

/** the incremental tree's root for `state` written as one version, and the tree */
async function incremental(state: ReadonlyMap<string, Canonical>, version = 1) {
  const db = memoryTreeDb()
  const tree = new StateTree(db)
  await tree.load()
  const p = await tree.prepare(version, state)
  db.apply(p.ops)
  tree.committed(p)
  return { db, tree, root: p.root }
}

const keyArb = fc.oneof(
  fc.nat(200_000).map((i) => keyAt(i)),
  fc.tuple(fc.constantFrom('', 'a', 'lv/ev/x', 'n/s1'), fc.string({ minLength: 1, maxLength: 6 })).map(([g, n]) => (g ? g + '/' + n : n)),
)
const valueArb: fc.Arbitrary<Canonical> = fc.oneof(fc.integer(), fc.string({ maxLength: 12 }), fc.record({ s: fc.constantFrom('a', 'b'), n: fc.nat(9) }))

describe('bulk build of one version of the state tree', () => {
  it('an empty build has the empty root and opens as an empty version', async () => {
    const { tree, root } = await bulk(new Map())
    expect(toHex(root)).toBe(toHex(EMPTY_ROOT))
    expect(tree.latestVersion()).toBe(1)
    expect(toHex(await tree.rootAt(1))).toBe(toHex(EMPTY_ROOT))
  })

  it('gives the incremental tree’s root on the same keys, and reads and proves every key', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.tuple(keyArb, valueArb), { selector: (e) => e[0], maxLength: 60 }), fc.integer({ min: 1, max: 20 }), async (entries, every) => {
        const state = new Map(entries)
        const b = await bulk(state, 3, every)
        const inc = await incremental(state, 3)
        expect(toHex(b.root)).toBe(toHex(inc.root))
        expect(toHex(await b.tree.rootAt(3))).toBe(toHex(inc.root))
        for (const [k, v] of state) {
          expect(await b.tree.get(k, 3)).toEqual(v)
          const p = await b.tree.prove(k, 3)
          expect(p.kind).toBe('present')
          expect(verifyStateProof(p, b.root)).toEqual({ ok: true })
        }
        const absent = await b.tree.prove('absent/key', 3)
        expect(absent.kind).toBe('absent')
        expect(verifyStateProof(absent, b.root)).toEqual({ ok: true })
      }),
      { numRuns: 80 },
    )
  })

  it('the version after a bulk build has the incremental tree’s root (updates, inserts, deletes)', async () => {
    const state = new Map<string, Canonical>()
    for (let i = 0; i < 3000; i++) state.set(keyAt(i), valueAt(i))
    const b = await bulk(state, 1, 500)
    const inc = await incremental(state, 1)
    expect(toHex(b.root)).toBe(toHex(inc.root))
    const writes = new Map<string, Canonical | null>()
    for (let i = 0; i < 3000; i += 7) writes.set(keyAt(i), valueAt(i, 1))
    for (let i = 3; i < 3000; i += 11) writes.set(keyAt(i), null)
    for (let i = 3000; i < 3300; i++) writes.set(keyAt(i), valueAt(i))
    const pb = await b.tree.prepare(2, writes)
    const pi = await inc.tree.prepare(2, writes)
    expect(toHex(pb.root)).toBe(toHex(pi.root))
    b.db.apply(pb.ops)
    b.tree.committed(pb)
    for (const i of [0, 3, 7, 14, 3001]) {
      const p = await b.tree.prove(keyAt(i), 2)
      expect(verifyStateProof(p, pb.root)).toEqual({ ok: true })
      expect(await b.tree.get(keyAt(i), 1)).toEqual(i < 3000 ? valueAt(i) : undefined)
    }
  })

  it('refuses entries out of path order or repeated', () => {
    const [a, z] = ['k/1', 'k/2'].map((k) => ({ k, path: statePath(k) })).sort((x, y) => comparePaths(x.path, y.path))
    const b = new BulkTreeBuilder(1)
    b.add(z!.k, z!.path, encodeCanonical(1))
    expect(() => b.add(a!.k, a!.path, encodeCanonical(1))).toThrow(/order/)
    expect(() => b.add(z!.k, z!.path, encodeCanonical(2))).toThrow(/order/)
  })

  it('refuses a key the incremental tree refuses (a lone surrogate), with the same code', async () => {
    const key = 'k/\uD800x'
    const tree = new StateTree(memoryTreeDb())
    await tree.load()
    await expect(tree.prepare(1, new Map([[key, 1]]))).rejects.toMatchObject({ code: 'BAD_PAYLOAD' })
    expect(() => new BulkTreeBuilder(1).add(key, statePath(key), encodeCanonical(1))).toThrow(expect.objectContaining({ code: 'BAD_PAYLOAD' }) as Error)
  })
})

describe('bulk build: the same node layout as the incremental tree', () => {
  /** every op as `key=hex(value)`, in order */
  const dump = (ops: Array<{ type: string; key: string; value?: Uint8Array }>) => ops.map((o) => `${o.type} ${o.key}=${o.value ? toHex(o.value) : ''}`)

  async function both(state: ReadonlyMap<string, Canonical>, version: number, every: number) {
    const b = new BulkTreeBuilder(version)
    const sorted = [...state].map(([k, v]) => ({ k, v, path: statePath(k) })).sort((x, y) => comparePaths(x.path, y.path))
    const bulkOps = []
    for (const e of sorted) {
      b.add(e.k, e.path, encodeCanonical(e.v))
      if (b.pending >= every) bulkOps.push(...b.take())
    }
    const fin = b.finish()
    bulkOps.push(...fin.ops)
    const tree = new StateTree(memoryTreeDb())
    await tree.load()
    const p = await tree.prepare(version, state)
    return { bulkOps, bulkRoot: fin.root, incOps: p.ops, incRoot: p.root }
  }

  it('writes byte for byte the nodes, node keys and root record that one prepared version writes (3,000 generated keys)', async () => {
    const state = new Map<string, Canonical>()
    for (let i = 0; i < 3000; i++) state.set(keyAt(i), valueAt(i))
    const r = await both(state, 1, 256)
    expect(toHex(r.bulkRoot)).toBe(toHex(r.incRoot))
    expect(r.bulkOps.length).toBe(2 * 3000) // 3,000 leaves, 2,999 internal nodes, the root record
    expect(dump(r.bulkOps)).toEqual(dump(r.incOps))
  })

  it('writes byte for byte what one prepared version writes, for any keys (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.tuple(keyArb, valueArb), { selector: (e) => e[0], maxLength: 80 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.integer({ min: 1, max: 30 }),
        async (entries, version, every) => {
          const r = await both(new Map(entries), version, every)
          expect(toHex(r.bulkRoot)).toBe(toHex(r.incRoot))
          expect(dump(r.bulkOps)).toEqual(dump(r.incOps))
        },
      ),
      { numRuns: 100 },
    )
  })

  it('gives the same proofs as a tree built by inserting the keys one block at a time', async () => {
    const state = new Map<string, Canonical>()
    for (let i = 0; i < 2000; i++) state.set(keyAt(i * 37), valueAt(i * 37))
    const b = await bulk(state, 1, 100)
    // the incremental tree, fed the same keys in blocks of 97 writes (versions 1…21), one key at a time for the last
    const db = memoryTreeDb()
    const tree = new StateTree(db)
    await tree.load()
    const entries = [...state]
    let v = 0
    for (let i = 0; i < entries.length; ) {
      const n = i < 1940 ? 97 : 1
      const p = await tree.prepare(++v, new Map(entries.slice(i, i + n)))
      db.apply(p.ops)
      tree.committed(p)
      i += n
    }
    expect(toHex(await tree.rootAt(v))).toBe(toHex(b.root))
    for (const k of [...state.keys()].filter((_, j) => j % 13 === 0).concat(['absent/1', keyAt(5), 'lv/ev/none/1'])) {
      const pb = await b.tree.prove(k, 1)
      const pi = await tree.prove(k, v)
      expect(pb).toEqual(pi)
      expect(verifyStateProof(pb, b.root)).toEqual({ ok: true })
    }
    for (const g of ['lv/ev/KR0000000000', 'n/' + keyAt(0).split('/')[1]]) {
      expect(await b.tree.proveRange(g, 1)).toEqual(await tree.proveRange(g, v))
    }
  })
})
