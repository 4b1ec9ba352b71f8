import { describe, expect, it } from 'vitest'
import { backoffDelay } from '../../src/renderer/api/backoff'
import { pickLocale } from '../../src/renderer/i18n/locale'
import { shortHash } from '../../src/renderer/lib/format'
import { serialize } from '../../src/renderer/lib/serialize'

describe('backoff', () => {
  it('doubles up to the cap, with jitter in [½, 1]', () => {
    expect(backoffDelay(0, () => 0)).toBe(500)
    expect(backoffDelay(0, () => 1)).toBe(1000)
    expect(backoffDelay(3, () => 1)).toBe(8000)
    expect(backoffDelay(50, () => 1)).toBe(30_000)
  })
})

describe('locale', () => {
  it('keeps a saved choice, else follows a Korean browser, else English', () => {
    expect(pickLocale('en', ['ko-KR'])).toBe('en')
    expect(pickLocale(null, ['ko-KR', 'en'])).toBe('ko')
    expect(pickLocale(null, ['ko'])).toBe('ko')
    expect(pickLocale('xx', ['de-DE', 'ko'])).toBe('en')
    expect(pickLocale(null, [])).toBe('en')
  })
})

describe('format', () => {
  it('shortens long hashes', () => {
    expect(shortHash('0123456789abcdef0123456789abcdef')).toBe('01234567…abcdef')
    expect(shortHash('abc')).toBe('abc')
    expect(shortHash('')).toBe('—')
  })
})

describe('serialize', () => {
  it('never overlaps runs and coalesces calls made meanwhile into one more run', async () => {
    let active = 0
    let maxActive = 0
    const seen: number[] = []
    let release: (() => void) | null = null
    const run = serialize(async (n: number) => {
      active++
      maxActive = Math.max(maxActive, active)
      seen.push(n)
      await new Promise<void>((r) => (release = r))
      active--
    })
    const a = run(1)
    const b = run(2)
    const c = run(3)
    expect(b).toBe(c)
    release!()
    await a
    await new Promise((r) => setTimeout(r, 0))
    release!()
    await c
    expect(seen).toEqual([1, 3])
    expect(maxActive).toBe(1)
  })
})
