/**
 * Batched state reads (getMany): the node's store, an overlay inside a block's execution (a block's overlay and a
 * transaction's over it) and the state tree as of a block answer a list of keys exactly as they answer each key with
 * `get` — over random histories of sets, deletes and sets again, with keys asked twice and keys never written — and
 * the tree's bound on waiting reads (STATE_READS_BUSY, docs/adr/0043) counts every key of a getMany.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { utf8 } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import '../../src/ledger/crypto/sha256-node'
import { StateTree, type TreeDb } from '../../src/ledger/state/tree'
import { Overlay, type StateReader, readMany } from '../../src/ledger/state/view'
import type { Store } from '../../src/ledger/store/store'
import { Cleanup } from './helpers'
import { commitState, memoryTreeOf, openTestStore } from './store-helpers'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const KEYS = ['a', 'b', 'g/1', 'g/2', 'g/x/y', 'lv/a/1/head', 'never']
const openStore = (): Promise<Store> => openTestStore(cleanup)
const commit = commitState

/** a write: set to a value, or delete (null) */
const writeArb = fc.tuple(fc.constantFrom(...KEYS.slice(0, -1)), fc.option(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 4 })), { freq: 3 }))
const blockArb = fc.array(writeArb, { minLength: 1, maxLength: 8 })
/** keys asked, with repeats and the key never written */
const askArb = fc.array(fc.constantFrom(...KEYS), { minLength: 0, maxLength: 12 })

async function oneByOne(r: StateReader, keys: readonly string[]): Promise<Array<Canonical | undefined>> {
  const out: Array<Canonical | undefined> = []
  for (const k of keys) out.push(await r.get(k))
  return out
}

function apply(o: Overlay, ws: ReadonlyArray<readonly [string, Canonical | null]>): void {
  for (const [k, v] of ws) {
    if (v === null) o.del(k)
    else o.put(k, v)
  }
}

describe('getMany: the same answers as get, key by key', () => {
  it('the store, committed blocks of sets and deletes, cached or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(blockArb, { minLength: 1, maxLength: 4 }), askArb, fc.boolean(), async (blocks, asked, warm) => {
        const s = await openStore()
        for (let b = 0; b < blocks.length; b++) await commit(s, b + 1, new Map(blocks[b]!))
        if (warm) await s.get(asked[0] ?? 'a')
        const many = await s.getMany(asked)
        expect(many).toEqual(await oneByOne(s, asked))
        // and again, now from the cache
        expect(await s.getMany(asked)).toEqual(many)
        // a missing key still says so
        expect((await s.getMany(['never']))[0]).toBeUndefined()
      }),
      { numRuns: 25 },
    )
  })

  it('inside a block: a transaction overlay over the block overlay over the store (set, delete, set again)', async () => {
    await fc.assert(
      fc.asyncProperty(blockArb, blockArb, blockArb, askArb, async (committed, inBlock, inTx, asked) => {
        const s = await openStore()
        await commit(s, 1, new Map(committed))
        const block = new Overlay(s)
        apply(block, inBlock)
        const tx = new Overlay(block)
        apply(tx, inTx)
        // set again what was deleted, delete again what was set
        apply(tx, inBlock.map(([k, v]) => [k, v === null ? 'again' : null] as const))
        for (const r of [block, tx]) expect(await r.getMany(asked)).toEqual(await oneByOne(r, asked))
        // the overlay over a reader without getMany reads it key by key, with the same answers
        const plain: StateReader = { get: (k) => s.get(k) }
        const overPlain = new Overlay(plain)
        apply(overPlain, inTx)
        expect(await readMany(overPlain, asked)).toEqual(await oneByOne(overPlain, asked))
        // after the transaction's writes are merged into the block's
        tx.mergeInto(block)
        expect(await block.getMany(asked)).toEqual(await oneByOne(tx, asked))
      }),
      { numRuns: 25 },
    )
  })

  it('the state tree as of each block, and the store as of a height', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(blockArb, { minLength: 1, maxLength: 4 }), askArb, fc.integer({ min: 0, max: 20 }), async (blocks, asked, cacheNodes) => {
        const mem = await memoryTreeOf(blocks.map((b) => new Map(b)))
        const tree = new StateTree(mem, { cacheNodes })
        await tree.load()
        for (let v = 0; v < blocks.length; v++) {
          const alone: Array<Canonical | undefined> = []
          for (const k of asked) alone.push(await tree.get(k, v))
          expect(await tree.getMany(asked, v)).toEqual(alone)
        }
      }),
      { numRuns: 25 },
    )
    const s = await openStore()
    await commit(s, 1, new Map<string, Canonical | null>([['a', 1], ['g/1', 'one']]))
    await commit(s, 2, new Map<string, Canonical | null>([['a', null], ['g/1', 'uno']]))
    expect(await s.getAsOfMany(['a', 'g/1', 'never', 'a'], 1)).toEqual([1, 'one', undefined, 1])
    expect(await s.getAsOfMany(['a', 'g/1'], 2)).toEqual([undefined, 'uno'])
    await expect(s.getAsOfMany(['a'], 3)).rejects.toMatchObject({ code: 'UNKNOWN_HEIGHT' })
  })
})

describe('getMany and the bound on waiting reads', () => {
  it('a getMany that would pass the bound is refused whole (STATE_READS_BUSY), the reads already queued answered', async () => {
    const entries = new Map<string, Canonical>(Array.from({ length: 50 }, (_, i) => [`g/k${i}`, i]))
    const mem = await memoryTreeOf([entries])
    const tree = new StateTree(mem, { cacheNodes: 0, maxQueuedReads: 10 })
    await tree.load()
    const keys = [...entries.keys()]
    // 6 waiting, 5 more asked together: 11 > 10, refused whole
    const queued = keys.slice(0, 6).map((k) => tree.get(k, 0))
    await expect(tree.getMany(keys.slice(6, 11), 0)).rejects.toMatchObject({ code: 'STATE_READS_BUSY' })
    // 4 more fit exactly
    const fits = tree.getMany(keys.slice(6, 10), 0)
    // a flood of single reads past it is refused too: the getMany's keys count
    await expect(tree.get(keys[10]!, 0)).rejects.toMatchObject({ code: 'STATE_READS_BUSY' })
    expect(await Promise.all(queued)).toEqual([0, 1, 2, 3, 4, 5])
    expect(await fits).toEqual([6, 7, 8, 9])
    // a single getMany larger than the bound is refused, nothing read; drained, the tree answers again
    await expect(tree.getMany(keys.slice(0, 11), 0)).rejects.toMatchObject({ code: 'STATE_READS_BUSY' })
    expect(await tree.getMany(keys.slice(40, 50), 0)).toEqual([40, 41, 42, 43, 44, 45, 46, 47, 48, 49])
    expect(await tree.getMany([], 0)).toEqual([])
  })

  it("one caller's getMany alone reads the tree in place; two callers' reads together go to the database in one call a level", async () => {
    const entries = new Map<string, Canonical>(Array.from({ length: 40 }, (_, i) => [`g${i % 4}/k${i}`, i]))
    const mem = await memoryTreeOf([entries])
    const calls = { many: 0, sync: 0 }
    const db: TreeDb = {
      getMany: (k) => {
        calls.many++
        return mem.getMany(k)
      },
      getSync: (k) => {
        calls.sync++
        return mem.getSync!(k)
      },
      iterate: (o) => mem.iterate(o),
    }
    const tree = new StateTree(db, { cacheNodes: 0 })
    await tree.load()
    const keys = [...entries.keys()]
    expect(await tree.getMany(keys.slice(0, 10), 0)).toEqual(keys.slice(0, 10).map((k) => entries.get(k)))
    expect(calls.many).toBe(0)
    expect(calls.sync).toBeGreaterThan(0)
    calls.sync = 0
    const [a, b] = await Promise.all([tree.getMany(keys.slice(10, 20), 0), tree.getMany(keys.slice(20, 40), 0)])
    expect([...a, ...b]).toEqual(keys.slice(10, 40).map((k) => entries.get(k)))
    expect(calls.sync).toBe(0)
    expect(calls.many).toBeGreaterThan(0)
  })

  it('the store: many keys missing from its cache (past what it reads in place) answer as key by key', async () => {
    const s = await openStore()
    const many = Array.from({ length: 80 }, (_, i) => `m/${i}`)
    await commit(s, 1, new Map<string, Canonical | null>(many.filter((_, i) => i % 3 !== 0).map((k, i) => [k, i % 5 === 0 ? utf8(k) : k])))
    const asked = [...many, 'never', many[1]!]
    const got = await s.getMany(asked)
    const fresh = await openStore()
    await commit(fresh, 1, new Map<string, Canonical | null>(many.filter((_, i) => i % 3 !== 0).map((k, i) => [k, i % 5 === 0 ? utf8(k) : k])))
    expect(got).toEqual(await oneByOne(fresh, asked))
    expect(got.filter((v) => v === undefined)).toHaveLength(many.filter((_, i) => i % 3 === 0).length + 1)
  })
})
