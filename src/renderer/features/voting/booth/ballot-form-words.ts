/**
 * The words of the ballot form (BallotForm.vue), in Korean and English, written here rather than in the app's
 * messages so the form needs no i18n plugin: the booth and the standalone voter page use it alike. Korean is the
 * schema; English has exactly the same keys. Numbers are written as digits followed by 개 (no particle depends on them).
 */
export type BallotLang = 'ko' | 'en'

export interface QuestionShape {
  readonly question: string
  readonly answers: readonly string[]
  readonly min: number
  readonly max: number
  readonly blank?: boolean
}

const ko = {
  questionOf: (i: number, n: number) => `질문 ${i} / ${n}`,
  ruleOne: '하나를 고르세요.',
  ruleOneOrNone: '하나를 고르거나, 고르지 않을 수 있습니다.',
  ruleExactly: (n: number) => `정확히 ${n}개를 고르세요.`,
  ruleUpTo: (max: number) => `${max}개까지 고를 수 있습니다. 고르지 않아도 됩니다.`,
  ruleRange: (min: number, max: number) => `${min}개에서 ${max}개까지 고르세요.`,
  ruleBlank: '백지 투표도 할 수 있습니다.',
  blank: '백지 투표 (아무 답도 고르지 않음)',
  chosen: (n: number, max: number) => `${max}개 중 ${n}개를 골랐습니다.`,
  chosenBlank: '백지 투표를 골랐습니다.',
  tooFew: (min: number, n: number) => `${min}개 이상 골라야 합니다. 지금 ${n}개를 골랐습니다.`,
  tooMany: (max: number) => `${max}개까지만 고를 수 있습니다. 다른 답을 고르려면 먼저 하나를 해제하세요.`,
  clear: '선택 지우기',
  submit: '선택한 내용 확인',
  fix: (list: string) => `다음 질문을 고친 다음 다시 눌러 주세요: ${list}`,
}

const en: typeof ko = {
  questionOf: (i, n) => `Question ${i} of ${n}`,
  ruleOne: 'Choose one answer.',
  ruleOneOrNone: 'Choose one answer, or none.',
  ruleExactly: (n) => `Choose exactly ${n} answers.`,
  ruleUpTo: (max) => `Choose up to ${max} answers, or none.`,
  ruleRange: (min, max) => `Choose from ${min} to ${max} answers.`,
  ruleBlank: 'You may also vote blank.',
  blank: 'Blank vote (no answer chosen)',
  chosen: (n, max) => `${n} of at most ${max} chosen.`,
  chosenBlank: 'Blank vote chosen.',
  tooFew: (min, n) => `Choose at least ${min}; you have chosen ${n}.`,
  tooMany: (max) => `You can choose at most ${max}. To choose another answer, first uncheck one.`,
  clear: 'Clear my choice',
  submit: 'Review my choices',
  fix: (list) => `Please correct these questions, then press again: ${list}`,
}

export const BALLOT_FORM_WORDS = { ko, en }
export type BallotFormWords = typeof ko

/** The question's rule in words: how many answers to choose, and whether a blank vote is allowed. */
export function ruleText(w: BallotFormWords, q: QuestionShape): string {
  let rule: string
  if (q.max === 1) rule = q.min === 1 ? w.ruleOne : w.ruleOneOrNone
  else if (q.min === q.max) rule = w.ruleExactly(q.max)
  else if (q.min === 0) rule = w.ruleUpTo(q.max)
  else rule = w.ruleRange(q.min, q.max)
  return q.blank === true ? `${rule} ${w.ruleBlank}` : rule
}

/** One question's selection: the chosen answers' indices and whether the voter chose a blank vote. */
export interface Selection {
  readonly chosen: readonly number[]
  readonly blank: boolean
}

/** Why a selection does not fit its question, in words; null when it fits. */
export function selectionError(w: BallotFormWords, q: QuestionShape, s: Selection): string | null {
  if (q.blank === true && s.blank) return null
  const n = s.chosen.length
  if (n > q.max) return w.tooMany(q.max)
  if (n < q.min) return w.tooFew(q.min, n)
  return null
}

/** The plaintext vector createBallot takes: 0/1 per answer, led by the blank choice when the question allows it. */
export function selectionToPlaintext(q: QuestionShape, s: Selection): number[] {
  const m = q.answers.map((_, i) => (!s.blank && s.chosen.includes(i) ? 1 : 0))
  return q.blank === true ? [s.blank ? 1 : 0, ...m] : m
}

/** The selection a plaintext vector encodes (the inverse of selectionToPlaintext, for a form filled again). */
export function plaintextToSelection(q: QuestionShape, m: readonly number[]): Selection {
  const offset = q.blank === true ? 1 : 0
  const blank = q.blank === true && m[0] === 1
  return { blank, chosen: q.answers.map((_, i) => i).filter((i) => m[i + offset] === 1) }
}
