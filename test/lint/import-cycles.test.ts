/** No import cycles among the source files (scripts/import-cycles.ts: static imports, type-only ones included). */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cyclesOf, importCycles } from '../../scripts/import-cycles'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Cycles another change removes, each to be taken off this list when it lands (the test fails on a listed cycle that
 * is gone, so the list cannot go stale). routes ↔ notary-routes: the registry routes of issue 10 (branch b-core).
 */
const KNOWN: string[][] = []

const key = (cycle: string[]) => [...cycle].sort().join(' ↔ ')

describe('import cycles', () => {
  it('finds a cycle, and only a cycle', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a', 'd']],
      ['e', ['a']],
    ])
    expect(cyclesOf(graph).map(key).sort()).toEqual(['a ↔ b ↔ c', 'd'])
  })

  it('src/ has none beyond the known ones', () => {
    const found = importCycles(root, ['src']).map(key)
    expect(found.filter((c) => !KNOWN.map(key).includes(c))).toEqual([])
    // a known cycle that is gone is taken off the list
    expect(KNOWN.map(key).filter((c) => !found.includes(c))).toEqual([])
  })

  it('test/, bench/ and scripts/ have none', () => {
    expect(importCycles(root, ['test', 'bench', 'scripts'])).toEqual([])
  })
})
