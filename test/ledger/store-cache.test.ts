import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { utf8 } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { type Head, Store } from '../../src/ledger/store/store'
import { Cleanup, tempDir } from './helpers'

// The store's decoded-value cache is bounded in (estimated) bytes, not only in entries, and a value written since
// is never shadowed by an older generation's copy (docs/adr/0040).

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const h = (s: string): Uint8Array => sha256(utf8(s))
const genesisHead: Head = { height: 0, hash: new Uint8Array(32), appHash: h('app0'), time: 1000 }

async function openStore(): Promise<Store> {
  const s = new Store(join(tempDir(cleanup), 'db'))
  await s.open()
  cleanup.add(() => s.close())
  await s.initGenesis(utf8('{}'), [], genesisHead, await s.tree.prepare(0, new Map()))
  return s
}

async function commit(s: Store, height: number, state: Map<string, Canonical | null>): Promise<void> {
  await s.commitBlock({
    height,
    hash: h('block' + height),
    blockBytes: utf8('block ' + height),
    commitBytes: utf8('commit ' + height),
    appHash: h('app' + height),
    time: 1000 + height,
    txs: [],
    state,
    tree: await s.tree.prepare(height, state),
  })
}

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
