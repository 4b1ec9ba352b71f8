import { afterEach, describe, expect, it, vi } from 'vitest'
import { language } from '../../src/ledger/registries/notary/portable/schema'
import { formatDate, formatDateTime, formatNumber, formatRelative } from '../../src/renderer/lib/format'
import { LANGUAGES, languageName, languageOptions } from '../../src/shared/languages'

describe('dates on screen', () => {
  const t = Date.UTC(2026, 1, 3, 12, 0, 0)
  it('always print a four-digit year (dateStyle "short" printed 26. 2. 3. and 2/3/26)', () => {
    for (const locale of ['ko', 'en']) {
      expect(formatDateTime(t, locale)).toContain('2026')
      expect(formatDate(t, locale)).toContain('2026')
      expect(formatDate('2026-02-03', locale)).toContain('2026')
    }
    expect(formatDate('2026-02-03', 'ko')).toMatch(/2026\. 02\. 03\./)
    expect(formatDateTime(0, 'ko')).toBe('—')
  })
})

describe('the language of a document', () => {
  it('is chosen from a list named in both languages, whose values are tags the schema accepts', () => {
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(7)
    for (const l of LANGUAGES) expect(language.safeParse(l.tag).success).toBe(true)
    expect(languageOptions('ko').find((o) => o.value === 'ja')?.label).toBe('일본어 (Japanese)')
    expect(languageOptions('en').find((o) => o.value === 'ko')?.label).toBe('Korean (한국어)')
    expect(languageName('de', 'ko')).toBe('독일어')
  })
})

describe('formatters are made once per locale and options', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('formats many numbers and dates with one Intl formatter each (making one is the slow part)', () => {
    const made = { number: 0, date: 0, relative: 0 }
    const real = Intl
    vi.stubGlobal(
      'Intl',
      Object.assign(Object.create(real) as typeof Intl, {
        NumberFormat: class extends real.NumberFormat {
          constructor(...args: ConstructorParameters<typeof Intl.NumberFormat>) {
            super(...args)
            made.number++
          }
        },
        DateTimeFormat: class extends real.DateTimeFormat {
          constructor(...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
            super(...args)
            made.date++
          }
        },
        RelativeTimeFormat: class extends real.RelativeTimeFormat {
          constructor(...args: ConstructorParameters<typeof Intl.RelativeTimeFormat>) {
            super(...args)
            made.relative++
          }
        },
      }),
    )
    for (let i = 0; i < 50; i++) {
      expect(formatNumber(1234 + i, 'de-CH')).toMatch(/\d/)
      expect(formatDateTime(1_700_000_000_000 + i * 1000, 'de-CH')).toMatch(/2023/)
      expect(formatDate('2024-02-29', 'de-CH')).toMatch(/2024/)
      expect(formatRelative(1_000_000 - i * 1000, 1_000_000, 'de-CH')).not.toBe('')
    }
    expect(made).toEqual({ number: 1, date: 2, relative: 1 })
    // another locale gets its own
    expect(formatNumber(1234, 'ko')).toBe('1,234')
    expect(made.number).toBe(2)
  })
})
