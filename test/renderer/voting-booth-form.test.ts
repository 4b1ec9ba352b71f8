/**
 * The ballot form (features/voting/booth/BallotForm.vue) without a browser: its rules in words, the selection ⇄
 * plaintext mapping createBallot takes (blank first), what is refused and said, and the form as rendered (fieldset and
 * legend per question, radios when one answer at most, checkboxes otherwise, the blank vote), in both languages.
 * The clicking itself is the booth's Playwright journey.
 */
import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { plaintextError } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import BallotForm from '../../src/renderer/features/voting/booth/BallotForm.vue'
import {
  BALLOT_FORM_WORDS,
  plaintextToSelection,
  ruleText,
  selectionError,
  selectionToPlaintext,
  type QuestionShape,
} from '../../src/renderer/features/voting/booth/ballot-form-words'

const ONE: QuestionShape = { question: '대표는 누구입니까?', answers: ['김민수', '이서연', '박지훈'], min: 1, max: 1 }
const RANGE_BLANK: QuestionShape = { question: '어떤 사업을 지지합니까?', answers: ['도로', '학교', '공원'], min: 1, max: 2, blank: true }
const UP_TO: QuestionShape = { question: 'Any?', answers: ['P', 'Q'], min: 0, max: 2 }
const ko = BALLOT_FORM_WORDS.ko
const en = BALLOT_FORM_WORDS.en

describe('the ballot form’s words and rules', () => {
  it('says each rule in words, in Korean and English', () => {
    expect(ruleText(ko, ONE)).toBe('하나를 고르세요.')
    expect(ruleText(en, ONE)).toBe('Choose one answer.')
    expect(ruleText(ko, RANGE_BLANK)).toBe('1개에서 2개까지 고르세요. 백지 투표도 할 수 있습니다.')
    expect(ruleText(en, UP_TO)).toBe('Choose up to 2 answers, or none.')
    expect(ruleText(en, { ...UP_TO, min: 2 })).toBe('Choose exactly 2 answers.')
    expect(ruleText(en, { ...ONE, min: 0 })).toBe('Choose one answer, or none.')
  })

  it('both languages have the same words', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(ko).sort())
  })

  it('refuses too few and too many in words; a blank vote fits where allowed', () => {
    expect(selectionError(ko, ONE, { chosen: [], blank: false })).toBe('1개 이상 골라야 합니다. 지금 0개를 골랐습니다.')
    expect(selectionError(en, RANGE_BLANK, { chosen: [0, 1, 2], blank: false })).toMatch(/at most 2/)
    expect(selectionError(en, RANGE_BLANK, { chosen: [], blank: true })).toBeNull()
    expect(selectionError(en, ONE, { chosen: [], blank: true })).toMatch(/at least 1/)
    expect(selectionError(en, UP_TO, { chosen: [], blank: false })).toBeNull()
  })

  it('a fitting selection is a plaintext the ballot accepts, and reads back to itself', () => {
    for (const [q, s] of [
      [ONE, { chosen: [2], blank: false }],
      [RANGE_BLANK, { chosen: [0, 2], blank: false }],
      [RANGE_BLANK, { chosen: [], blank: true }],
      [UP_TO, { chosen: [], blank: false }],
    ] as const) {
      expect(selectionError(en, q, s)).toBeNull()
      const m = selectionToPlaintext(q, s)
      expect(plaintextError({ ...q, blank: q.blank === true }, m)).toBeNull()
      expect(plaintextToSelection(q, m)).toEqual(s)
    }
    expect(selectionToPlaintext(RANGE_BLANK, { chosen: [], blank: true })).toEqual([1, 0, 0, 0])
  })
})

describe('the ballot form rendered', () => {
  const render = (props: Record<string, unknown>) => renderToString(createSSRApp({ render: () => h(BallotForm, props) }))

  it('a fieldset and legend per question; radios for one answer, checkboxes otherwise; the blank vote', async () => {
    const html = await render({ questions: [ONE, RANGE_BLANK], lang: 'ko' })
    expect(html.match(/<fieldset/g)).toHaveLength(2)
    expect(html.match(/<legend/g)).toHaveLength(2)
    expect(html).toContain('질문 1 / 2')
    expect(html.match(/type="radio"/g)).toHaveLength(3)
    expect(html.match(/type="checkbox"/g)).toHaveLength(4)
    expect(html).toContain('백지 투표 (아무 답도 고르지 않음)')
    expect(html).toContain('선택한 내용 확인')
    // every input has its label
    for (const m of html.matchAll(/<input[^>]*?\sid="([^"]+)"/g)) expect(html).toContain(`for="${m[1]}"`)
  })

  it('in English, large, with a plaintext to start from', async () => {
    const html = await render({ questions: [RANGE_BLANK], lang: 'en', large: true, modelValue: [[0, 1, 0, 1]] })
    expect(html).toContain('ballot-form--large')
    expect(html).toContain('lang="en"')
    expect(html).toContain('2 of at most 2 chosen.')
    expect(html.match(/checked/g)).toHaveLength(2)
  })
})
