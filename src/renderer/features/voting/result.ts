/**
 * A Belenios election result (specification 2.5, "Election result": `{"result":[[n, …], …]}`, one list of counts a
 * homomorphic question; where a blank vote is allowed, the first count is the blank votes, the answers' follow) read
 * into rows a chart and a table show. Pure: tested without a browser (test/renderer/voting-draft-form.test.ts).
 */
import { z } from 'zod'

/** a count as Belenios writes it: a JSON number, or a base-10 string for one beyond 2^53 */
const Count = z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]).transform((n) => Number(n))
const ResultText = z.object({ result: z.array(z.array(Count)) }).passthrough()

export interface ResultRow {
  /** the answer as the question lists it; null for the blank votes */
  answer: string | null
  count: number
}

export interface QuestionResult {
  question: string
  rows: ResultRow[]
  total: number
}

interface QuestionShape {
  question: string
  answers: readonly string[]
  blank?: boolean | undefined
}

/**
 * The result's counts by question and answer, or null when the text is not a result of these questions (a list per
 * question, as many counts as answers, one more where blank is allowed).
 */
export function readResult(text: string, questions: readonly QuestionShape[]): QuestionResult[] | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return null
  }
  const r = ResultText.safeParse(parsed)
  if (!r.success || r.data.result.length !== questions.length) return null
  const out: QuestionResult[] = []
  for (const [i, q] of questions.entries()) {
    const counts = r.data.result[i]!
    const blank = q.blank === true
    if (counts.length !== q.answers.length + (blank ? 1 : 0)) return null
    const rows: ResultRow[] = q.answers.map((answer, j) => ({ answer, count: counts[j + (blank ? 1 : 0)]! }))
    if (blank) rows.push({ answer: null, count: counts[0]! })
    out.push({ question: q.question, rows, total: rows.reduce((s, x) => s + x.count, 0) })
  }
  return out
}
