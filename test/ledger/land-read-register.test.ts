/**
 * readRegister asks for a register's keys in two batches (its head and current state, then all its entries), so the
 * node's store answers each batch with one read of LevelDB (Store.get gathers the reads of one turn) — and the answer
 * is the same register, in entry order.
 */
import { describe, expect, it } from 'vitest'
import { currentKey, entryKey, headKey } from '../../src/ledger/registries/land/portable/keys'
import { readRegister, readRegisterWith } from '../../src/ledger/registries/land/rules'
import type { Canonical } from '../../src/ledger/codec/canonical'

const N = '1101-2023-000001'

/** A reader that answers the gets asked for in one turn together, and records them batch by batch. */
function batchingReader(values: Map<string, unknown>): { get(key: string): Promise<Canonical | undefined>; batches: string[][] } {
  const batches: string[][] = []
  let pending: Array<{ key: string; resolve: (v: Canonical | undefined) => void }> = []
  return {
    batches,
    get(key: string): Promise<Canonical | undefined> {
      return new Promise((resolve) => {
        if (pending.length === 0) {
          setImmediate(() => {
            const q = pending
            pending = []
            batches.push(q.map((r) => r.key))
            for (const r of q) r.resolve(values.get(r.key) as Canonical | undefined)
          })
        }
        pending.push({ key, resolve })
      })
    },
  }
}

describe('readRegister', () => {
  it('reads the head and current state in one batch, then all the entries in one, in entry order', async () => {
    const values = new Map<string, unknown>([
      [headKey(N), { kind: 'land', office: '1101', agency: 'agency-a' }],
      [currentKey(N), { entries: 4 }],
    ])
    for (let s = 1; s <= 4; s++) values.set(entryKey(N, s), { seq: s })
    const r = batchingReader(values)
    const reg = await readRegister(r, N)
    expect(reg.entries).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }, { seq: 4 }])
    expect(reg.cur).toEqual({ entries: 4 })
    expect(r.batches).toEqual([
      [headKey(N), currentKey(N)],
      [1, 2, 3, 4].map((s) => entryKey(N, s)),
    ])
  })

  it('still refuses an unknown register and a register missing an entry', async () => {
    await expect(readRegister(batchingReader(new Map()), N)).rejects.toMatchObject({ code: 'LAND_REGISTER_UNKNOWN' })
    const values = new Map<string, unknown>([
      [headKey(N), { kind: 'land' }],
      [currentKey(N), { entries: 2 }],
      [entryKey(N, 1), { seq: 1 }],
    ])
    await expect(readRegister(batchingReader(values), N)).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  it('with a reader that has getMany: two getMany calls, the keys read beside the entries in the second', async () => {
    const values = new Map<string, unknown>([
      [headKey(N), { kind: 'land', office: '1101', agency: 'agency-a' }],
      [currentKey(N), { entries: 3 }],
      ['ld/of/1101/name', '서울중앙'],
    ])
    for (let s = 1; s <= 3; s++) values.set(entryKey(N, s), { seq: s })
    const calls: string[][] = []
    const reader = {
      get: (): Promise<Canonical | undefined> => Promise.reject(new Error('read key by key')),
      getMany: async (keys: readonly string[]) => {
        calls.push([...keys])
        return keys.map((k) => values.get(k) as Canonical | undefined)
      },
    }
    const { reg, more } = await readRegisterWith(reader, N, (h) => [`ld/of/${h.office}/name`, 'ld/cx/none'])
    expect(reg.entries).toEqual([{ seq: 1 }, { seq: 2 }, { seq: 3 }])
    expect(more).toEqual(['서울중앙', undefined])
    expect(calls).toEqual([[headKey(N), currentKey(N)], [...[1, 2, 3].map((s) => entryKey(N, s)), 'ld/of/1101/name', 'ld/cx/none']])
    values.delete(entryKey(N, 2))
    await expect(readRegister(reader, N)).rejects.toMatchObject({ code: 'INTERNAL' })
  })
})
