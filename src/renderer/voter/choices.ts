/**
 * The voter's choices on one question of a Belenios homomorphic ballot, as the page's form holds them, and the
 * plaintext they make (docs/adr/0048): with blank votes allowed the first value is the blank vote, then one 0/1 per
 * answer; a blank ballot is [1, 0, …]; otherwise between min and max answers are 1. Portable and pure.
 */
import type { QuestionH } from '../../ledger/registries/voting/portable/belenios/election'

export interface Selection {
  /** one per answer */
  chosen: boolean[]
  /** the blank vote (only where the question allows it) */
  blank: boolean
}

export type SelectionProblem = { kind: 'too-few'; min: number } | { kind: 'too-many'; max: number } | null

export const emptySelection = (q: QuestionH): Selection => ({ chosen: q.answers.map(() => false), blank: false })

/** What keeps the selection from being a valid ballot for the question, or null. */
export function selectionProblem(q: QuestionH, s: Selection): SelectionProblem {
  if (q.blank && s.blank) return null
  const n = s.chosen.filter(Boolean).length
  if (n < q.min) return { kind: 'too-few', min: q.min }
  if (n > q.max) return { kind: 'too-many', max: q.max }
  return null
}

/** The plaintext of the question (blank first when allowed); null when the selection is not valid. */
export function plaintextOf(q: QuestionH, s: Selection): number[] | null {
  if (s.chosen.length !== q.answers.length || selectionProblem(q, s) !== null) return null
  const answers = s.chosen.map((c) => (q.blank && s.blank ? 0 : c ? 1 : 0))
  return q.blank ? [s.blank ? 1 : 0, ...answers] : answers
}

/** Choosing an answer: a single-choice question (max 1) moves the choice; choosing clears the blank vote. */
export function toggle(q: QuestionH, s: Selection, i: number): Selection {
  const chosen = q.max === 1 ? s.chosen.map((c, j) => (j === i ? !c : false)) : s.chosen.map((c, j) => (j === i ? !c : c))
  return { chosen, blank: false }
}

export const chooseBlank = (s: Selection): Selection => ({ chosen: s.chosen.map(() => false), blank: !s.blank })
