/**
 * The voter page's ballot (BallotChoices.vue, server-rendered) says each question's rule as the booth's form does
 * (booth/ballot-form-words.ts ruleText): a question that allows no answer never says "choose one", and a blank vote
 * is said where it is allowed; Korean and English.
 */
import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { createI18n } from 'vue-i18n'
import { renderToString } from 'vue/server-renderer'
import BallotChoices from '../../src/renderer/voter/BallotChoices.vue'
import messages from '../../src/renderer/voter/messages'
import { emptySelection } from '../../src/renderer/voter/choices'
import type { QuestionH } from '../../src/ledger/registries/voting/portable/belenios/election'

async function render(locale: 'ko' | 'en', questions: QuestionH[]): Promise<string> {
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { ko: { voter: messages.ko }, en: { voter: messages.en } } })
  const app = createSSRApp({ render: () => h(BallotChoices, { questions, modelValue: questions.map(emptySelection) }) })
  return renderToString(app.use(i18n))
}

const q = (min: number, max: number, blank?: boolean): QuestionH => ({ question: 'Q', answers: ['a', 'b', 'c'], min, max, ...(blank ? { blank } : {}) }) as QuestionH

describe("the voter page's question rules", () => {
  it('says one answer or none when none may be chosen, and one answer when one must be', async () => {
    const en = await render('en', [q(0, 1), q(1, 1)])
    expect(en).toContain('Choose one answer, or none.')
    expect(en).toContain('Choose one answer.')
    const ko = await render('ko', [q(0, 1)])
    expect(ko).toContain('하나를 고르거나, 고르지 않을 수 있습니다.')
  })
  it('says ranges, exact counts and the blank vote', async () => {
    const en = await render('en', [q(2, 2), q(1, 3, true), q(0, 2)])
    expect(en).toContain('Choose exactly 2 answers.')
    expect(en).toContain('Choose from 1 to 3 answers. You may also vote blank.')
    expect(en).toContain('Choose up to 2 answers, or none.')
    for (const html of [en, await render('ko', [q(1, 3, true)])]) expect(html).not.toMatch(/\{\w+\}|voter\./)
  })
})
