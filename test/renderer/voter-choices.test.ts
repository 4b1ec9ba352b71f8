/**
 * The voter page's choices (src/renderer/voter/choices.ts): what a selection means as a Belenios plaintext (blank
 * first where allowed), the problems said in words before encrypting, and — for every selection of small questions —
 * that a valid selection makes a ballot the verifier accepts and an invalid one is never offered for encryption.
 */
import { describe, expect, it } from 'vitest'
import { createBallot, verifyBallot } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import { generateCredential } from '../../src/ledger/registries/voting/portable/belenios/credential'
import type { QuestionH } from '../../src/ledger/registries/voting/portable/belenios/election'
import { chooseBlank, emptySelection, plaintextOf, selectionProblem, toggle } from '../../src/renderer/voter/choices'
import { PG, TWO_OF_THREE_BLANK, ZERO_TO_TWO, ONE_OF_FIVE, makeElection } from '../ledger/voting/belenios-fixture'

describe('the voter page: choices', () => {
  it('makes the plaintext: blank first where allowed, the blank vote alone', () => {
    const q = TWO_OF_THREE_BLANK
    let s = emptySelection(q)
    expect(plaintextOf(q, s)).toBeNull()
    expect(selectionProblem(q, s)).toEqual({ kind: 'too-few', min: 1 })
    s = toggle(q, s, 0)
    s = toggle(q, s, 2)
    expect(plaintextOf(q, s)).toEqual([0, 1, 0, 1])
    s = toggle(q, s, 1)
    expect(selectionProblem(q, s)).toEqual({ kind: 'too-many', max: 2 })
    expect(plaintextOf(q, s)).toBeNull()
    // the blank vote clears the answers; an answer clears the blank vote
    s = chooseBlank(s)
    expect(plaintextOf(q, s)).toEqual([1, 0, 0, 0])
    expect(plaintextOf(q, toggle(q, s, 1))).toEqual([0, 0, 1, 0])
  })

  it('moves a single choice instead of adding one', () => {
    const q = ONE_OF_FIVE
    const s = toggle(q, toggle(q, emptySelection(q), 1), 3)
    expect(plaintextOf(q, s)).toEqual([0, 0, 0, 1, 0])
    expect(plaintextOf(q, toggle(q, s, 3))).toBeNull()
  })

  it('every selection of small questions: valid ones verify as ballots, the others are refused before encrypting', () => {
    const questions: QuestionH[] = [TWO_OF_THREE_BLANK, ZERO_TO_TWO]
    const e = makeElection(PG, 12345n, questions)
    const credential = generateCredential()
    let valid = 0
    for (const q of questions) {
      for (let mask = 0; mask < 1 << (q.answers.length + 1); mask++) {
        const blank = (mask & 1) === 1 && q.blank
        const chosen = q.answers.map((_, k) => ((mask >> (k + 1)) & 1) === 1)
        const p = plaintextOf(q, { chosen, blank })
        const n = chosen.filter(Boolean).length
        const ok = blank || (n >= q.min && n <= q.max)
        expect(p !== null).toBe(ok)
        if (p === null) continue
        valid++
        const other = questions.map((x) => (x === q ? p : plaintextOf(x, x.blank ? chooseBlank(emptySelection(x)) : emptySelection(x))!))
        const b = createBallot(PG, e, credential, other)
        expect(verifyBallot(PG, e, b.text).ok).toBe(true)
      }
    }
    expect(valid).toBeGreaterThan(5)
  }, 120_000)
})
