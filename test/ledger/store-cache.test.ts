import { afterEach, describe, expect, it } from 'vitest'
import type { Canonical } from '../../src/ledger/codec/canonical'
import type { Store } from '../../src/ledger/store/store'
import { Cleanup } from './helpers'
import { commitState, openTestStore } from './store-helpers'

// The store's decoded-value cache is bounded in (estimated) bytes, not only in entries, and a value written since
// is never shadowed by an older generation's copy (docs/adr/0040).

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const openStore = (): Promise<Store> => openTestStore(cleanup)
const commit = commitState

const big = (tag: string): string => tag.padEnd(100_000, '.')

describe('store value cache', () => {
  it('keeps a bounded number of large values, whatever is read, and reads every one correctly', async () => {
    const s = await openStore()
    const keys = Array.from({ length: 240 }, (_, i) => `big/${i}`)
    for (let b = 0; b < 4; b++) await commit(s, b + 1, new Map(keys.slice(b * 60, b * 60 + 60).map((k) => [k, big(k)])))
    // 100 kB values at ~4× their size: a few dozen a generation, two generations
    expect(s.cacheStats().entries).toBeLessThan(120)
    await s.prefetch(keys)
    for (const k of keys) expect(await s.get(k)).toBe(big(k))
    expect(s.cacheStats().entries).toBeLessThan(120)
    expect(s.cacheStats().youngBytes).toBeLessThan(24 << 20)
  })

  it('a value written after its key entered the cache wins over the older generation, across retirements', async () => {
    const s = await openStore()
    await commit(s, 1, new Map<string, Canonical | null>([['k', 'first'], ['gone', 'here']]))
    expect(await s.get('k')).toBe('first')
    const fill = Array.from({ length: 60 }, (_, i) => `fill/${i}`)
    await commit(s, 2, new Map(fill.map((k) => [k, big(k)])))
    // 'k' and 'gone' now sit in an older generation; write them again
    await commit(s, 3, new Map<string, Canonical | null>([['k', 'second'], ['gone', null]]))
    expect(await s.get('k')).toBe('second')
    expect(await s.get('gone')).toBeUndefined()
    for (const k of fill) expect(await s.get(k)).toBe(big(k))
    await commit(s, 4, new Map(fill.map((k) => [k + '/more', big(k)])))
    expect(await s.get('k')).toBe('second')
    expect(await s.get('gone')).toBeUndefined()
  })
})
