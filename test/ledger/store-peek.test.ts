import { afterEach, describe, expect, it } from 'vitest'
import type { Canonical } from '../../src/ledger/codec/canonical'
import type { Store } from '../../src/ledger/store/store'
import { Cleanup } from './helpers'
import { commitState, openTestStore } from './store-helpers'

// A route's reads (Store.peek / peekMany, docs/adr/0050) answer exactly what get answers, from the value cache when
// the value is there, but leave a value read once out of the cache (a second read caches it); a new block's writes
// are seen at once whatever was peeked before.

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

/** a small deterministic PRNG (mulberry32) */
function rng(seed: number): () => number {
  let s = seed
  return () => {
    s = (s + 0x6d2b79f5) | 0
    let x = Math.imul(s ^ (s >>> 15), s | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

const entries = (s: Store): number => s.cacheStats().entries

describe('Store.peek and peekMany (a route\'s reads)', () => {
  it('answer what get answers over random histories of sets, deletes and sets again, keys asked twice included', async () => {
    for (const seed of [1, 2, 3]) {
      let s = await openTestStore(cleanup)
      const r = rng(seed)
      const keys = Array.from({ length: 40 }, (_, i) => `k/${i}`)
      const truth = new Map<string, Canonical>()
      for (let h = 1; h <= 8; h++) {
        const w = new Map<string, Canonical | null>()
        for (const k of keys) {
          const x = r()
          if (x < 0.25) w.set(k, { v: `${k}@${h}`, n: h })
          else if (x < 0.35) w.set(k, null)
        }
        await commitState(s, h, w)
        for (const [k, v] of w) {
          if (v === null) truth.delete(k)
          else truth.set(k, v)
        }
        // every other block, an empty value cache: the values are read from LevelDB
        if (h % 2 === 0) s = await reopen(s)
        const asked = [...keys.filter(() => r() < 0.6), 'never/written', keys[0]!, keys[0]!]
        const peeked = await s.peekMany(asked)
        expect(peeked).toEqual(asked.map((k) => truth.get(k)))
        for (const k of asked.slice(0, 5)) expect(await s.peek(k)).toEqual(truth.get(k))
        // and get agrees (it fills the cache; peek answers from it afterwards)
        for (const k of asked) expect(await s.get(k)).toEqual(truth.get(k))
        expect(await s.peekMany(asked)).toEqual(asked.map((k) => truth.get(k)))
      }
    }
  })

  it('leave a value read once out of the cache, and cache it at its second read', async () => {
    const s = await openTestStore(cleanup)
    const keys = Array.from({ length: 50 }, (_, i) => `reg/${i}`)
    await commitState(s, 1, new Map(keys.map((k) => [k, { k }])))
    // the block's own writes are cached at commit; a fresh store has none of them
    const fresh = await reopen(s)
    const before = entries(fresh)
    expect(await fresh.peekMany(keys.slice(0, 10))).toEqual(keys.slice(0, 10).map((k) => ({ k })))
    expect(await fresh.peek(keys[20]!)).toEqual({ k: keys[20] })
    expect(entries(fresh)).toBe(before)
    // a second read of the same keys caches them
    await fresh.peekMany(keys.slice(0, 10))
    await fresh.peek(keys[20]!)
    expect(entries(fresh)).toBe(before + 11)
    // what get caches, peek answers (and nothing more is added)
    await fresh.get(keys[30]!)
    const n = entries(fresh)
    expect(await fresh.peek(keys[30]!)).toEqual({ k: keys[30] })
    expect(entries(fresh)).toBe(n)
  })

  it('see a new block\'s entries at once: a register read after a commit holds the new entry, cached or not', async () => {
    const s = await openTestStore(cleanup)
    const head = (n: number): Canonical => ({ number: 'R-1', entries: n })
    const entryKey = (i: number): string => `land/r/R-1/e-${String(i).padStart(6, '0')}`
    await commitState(s, 1, new Map<string, Canonical | null>([['land/r/R-1', head(2)], [entryKey(1), 'first'], [entryKey(2), 'second']]))
    const fresh = await reopen(s)
    const read = async (): Promise<Canonical[]> => {
      const [h] = await fresh.peekMany(['land/r/R-1'])
      const n = (h as { entries: number }).entries
      return (await fresh.peekMany(Array.from({ length: n }, (_, i) => entryKey(i + 1)))) as Canonical[]
    }
    expect(await read()).toEqual(['first', 'second'])
    expect(await read()).toEqual(['first', 'second']) // now cached (read twice)
    await commitState(fresh, 2, new Map<string, Canonical | null>([['land/r/R-1', head(3)], [entryKey(3), 'third'], [entryKey(1), 'first, corrected']]))
    expect(await read()).toEqual(['first, corrected', 'second', 'third'])
    // a key peeked once (not cached), then deleted by a block, reads absent
    await fresh.peek('gone/soon')
    await commitState(fresh, 3, new Map<string, Canonical | null>([['gone/soon', 'here']]))
    expect(await fresh.peek('gone/soon')).toBe('here')
    await commitState(fresh, 4, new Map<string, Canonical | null>([['gone/soon', null]]))
    expect(await fresh.peek('gone/soon')).toBeUndefined()
    expect(await fresh.peekMany(['gone/soon', 'gone/soon'])).toEqual([undefined, undefined])
  })

  it('remember a bounded number of keys read once (past the bound, a key is read once again before it is cached)', async () => {
    const s = await openTestStore(cleanup)
    const keys = Array.from({ length: 20_001 }, (_, i) => `many/${i}`)
    const before = entries(s)
    for (let i = 0; i < keys.length; i += 5_000) await s.peekMany(keys.slice(i, i + 5_000))
    // the set of keys read once was emptied at the 20,001st: many/0 counts as read once more, not twice
    await s.peek(keys[0]!)
    expect(entries(s)).toBe(before)
    await s.peek(keys[0]!)
    expect(entries(s)).toBe(before + 1)
  })
})

/** The same directory opened again (an empty value cache), the first store closed. */
async function reopen(s: Store): Promise<Store> {
  const dir = (s as unknown as { db: { location: string } }).db.location
  await s.close()
  const { Store: StoreClass } = await import('../../src/ledger/store/store')
  const again = new StoreClass(dir)
  await again.open()
  cleanup.add(() => again.close())
  return again
}
