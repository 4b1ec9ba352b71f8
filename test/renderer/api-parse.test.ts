/** List answers: entries of the wrong shape are left out, logged with where they differ, and counted (review 14). */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { z } from 'zod'
import { droppedEntries, droppedOf, parseList } from '../../src/renderer/api/parse'

const Row = z.object({ id: z.string(), n: z.number() })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('parseList', () => {
  it('keeps the entries of the right shape, in order, and counts none left out', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const list = parseList(Row, [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], 'row list')
    expect(list).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }])
    expect(droppedOf(list)).toBe(0)
    expect(warn).not.toHaveBeenCalled()
  })

  it('logs each entry left out with the list, its place and where it differs, and counts them', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const before = droppedEntries.value
    const list = parseList(Row, [{ id: 'a', n: 1 }, { id: 'b', n: 'two' }, 7, { id: 'd', n: 4 }], 'row list')
    expect(list).toEqual([{ id: 'a', n: 1 }, { id: 'd', n: 4 }])
    expect(droppedOf(list)).toBe(2)
    expect(droppedEntries.value).toBe(before + 2)
    expect(warn).toHaveBeenCalledTimes(2)
    expect(String(warn.mock.calls[0]![0])).toMatch(/entry 1 of a row list \(n: /)
    expect(String(warn.mock.calls[1]![0])).toMatch(/entry 2 of a row list/)
  })

  it('refuses an answer that is not a list', () => {
    expect(() => parseList(Row, { id: 'a' }, 'row list')).toThrow(/not a list/)
  })
})
