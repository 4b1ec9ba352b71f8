import { describe, expect, it } from 'vitest'
import { language } from '../../src/ledger/registries/notary/portable/schema'
import { formatDate, formatDateTime } from '../../src/renderer/lib/format'
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
