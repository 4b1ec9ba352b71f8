/**
 * The election panel as the Verify screen and the standalone page first show it (ElectionArchivePanel.vue,
 * server-rendered): its title, drop zone and the challenged-ballot form in Korean and in English, no placeholder or
 * code left in the words; English counts agree with their number.
 */
import { describe, expect, it } from 'vitest'
import { createSSRApp } from 'vue'
import { createI18n } from 'vue-i18n'
import { renderToString } from 'vue/server-renderer'
import ElectionArchivePanel from '../../src/renderer/features/voting/verify/ElectionArchivePanel.vue'
import { ELECTION_WORDS, fill } from '../../src/renderer/features/voting/verify/words'

async function render(locale: 'ko' | 'en'): Promise<string> {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { ko: {}, en: {} } })
  return renderToString(createSSRApp(ElectionArchivePanel).use(i18n))
}

describe('the election panel', () => {
  it('shows its drop zone and the challenged-ballot form in Korean and English', async () => {
    const ko = await render('ko')
    expect(ko).toContain('선거 기록 검증 (Belenios 2.5)')
    expect(ko).toContain('data-testid="election-drop"')
    expect(ko).toContain('이의 제기한 투표 확인')
    const en = await render('en')
    expect(en).toContain('Election record check (Belenios 2.5)')
    expect(en).toContain('Check a challenged ballot (Benaloh)')
    for (const html of [ko, en]) expect(html).not.toMatch(/\{[a-z]+\}|VOTING_|undefined/)
  })

  it('counts in English agree with their number, and Korean has no plural', () => {
    expect(fill(ELECTION_WORDS.en.units.files, { n: 1 })).toBe('1 file')
    expect(fill(ELECTION_WORDS.en.units.files, { n: 23 })).toBe('23 files')
    expect(fill(ELECTION_WORDS.en.summary, { n: 1, seconds: '0.2' })).toBe('1 ballot checked (signature and proofs) in 0.2 s.')
    expect(fill(ELECTION_WORDS.ko.units.ballots, { n: 1 })).toBe('투표 1표')
    // a name with a bar is a parameter, never a choice of form
    expect(fill(ELECTION_WORDS.en.election, { name: 'A | B' })).toBe('Election: A | B')
  })
})
