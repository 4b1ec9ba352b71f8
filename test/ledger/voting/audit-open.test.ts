/** Challenged ballots opened from their randomness (portable/belenios/audit.ts): what opens, and every refusal. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { openChallengedBallot, parseRandomness, randomnessToText, selectedAnswers } from '../../../src/ledger/registries/voting/portable/belenios/audit'
import { createBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { generateCredential } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import type { QuestionH } from '../../../src/ledger/registries/voting/portable/belenios/election'
import { Q, type Group } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { NG, ONE_OF_FIVE, PG, TWO_OF_THREE_BLANK, ZERO_TO_TWO, makeElection } from './belenios-fixture'

const QS = [ONE_OF_FIVE, TWO_OF_THREE_BLANK, ZERO_TO_TWO]
const PLAIN = [[0, 0, 1, 0, 0], [0, 1, 0, 1], [0, 0]]

function made<P>(G: Group<P>, plain = PLAIN) {
  const election = makeElection(G, 987654321n, QS)
  const b = createBallot(G, election, generateCredential(), plain)
  return { election, b, r: randomnessToText(b.randomness) }
}

describe('openChallengedBallot', () => {
  it('opens a ballot made by either backend with either backend, to the plaintext that was encrypted', () => {
    for (const maker of [PG, NG] as unknown as Group<unknown>[]) {
      const { b } = made(maker)
      for (const checker of [PG, NG] as unknown as Group<unknown>[]) {
        const election = makeElection(checker, 987654321n, QS)
        const o = openChallengedBallot(checker, election, b.text, b.randomness)
        expect(o).toEqual({ ok: true, plaintext: PLAIN, tracker: b.tracker, hashHex: b.hashHex, credential: b.credential })
        // the published (text) form opens the same
        expect(openChallengedBallot(checker, election, b.text, randomnessToText(b.randomness))).toMatchObject({ ok: true, plaintext: PLAIN })
      }
    }
  })

  it('a blank vote opens to the blank choice, and selectedAnswers says which answers were chosen', () => {
    const plain = [[0, 0, 0, 1, 0], [1, 0, 0, 0], [1, 1]]
    const { election, b } = made(NG, plain)
    const o = openChallengedBallot(NG, election, b.text, b.randomness)
    expect(o).toMatchObject({ ok: true, plaintext: plain })
    expect(selectedAnswers(election, plain)).toEqual([['D'], null, ['P', 'Q']])
  })

  it('any valid vote opens to itself (property)', () => {
    const election = makeElection(NG, 5n, [TWO_OF_THREE_BLANK])
    const q: QuestionH = TWO_OF_THREE_BLANK
    const vote = fc
      .tuple(fc.boolean(), fc.shuffledSubarray([0, 1, 2], { minLength: q.min, maxLength: q.max }))
      .map(([blank, chosen]) => (blank ? [1, 0, 0, 0] : [0, ...[0, 1, 2].map((i) => (chosen.includes(i) ? 1 : 0))]))
    fc.assert(
      fc.property(vote, (m) => {
        const b = createBallot(NG, election, generateCredential(), [m])
        const o = openChallengedBallot(NG, election, b.text, randomnessToText(b.randomness))
        return o.ok && JSON.stringify(o.plaintext) === JSON.stringify([m])
      }),
      { numRuns: 12 },
    )
  })

  it('refuses a randomness that does not open it: one r changed, two swapped, another ballot’s', () => {
    const { election, b, r } = made(NG)
    const changed = r.map((q) => [...q])
    changed[1]![2] = ((BigInt(changed[1]![2]!) + 1n) % Q).toString()
    expect(openChallengedBallot(NG, election, b.text, changed)).toMatchObject({ ok: false, reason: 'randomness-mismatch', question: 1, choice: 2 })
    const swapped = r.map((q) => [...q])
    ;[swapped[0]![0], swapped[0]![1]] = [swapped[0]![1]!, swapped[0]![0]!]
    expect(openChallengedBallot(NG, election, b.text, swapped)).toMatchObject({ ok: false, reason: 'randomness-mismatch', question: 0, choice: 0 })
    const other = createBallot(NG, election, generateCredential(), PLAIN)
    expect(openChallengedBallot(NG, election, b.text, randomnessToText(other.randomness))).toMatchObject({ ok: false, reason: 'randomness-mismatch' })
  })

  it('refuses a randomness of the wrong shape or not canonical, before any group operation', () => {
    const { election, b, r } = made(NG)
    const bad: unknown[] = [
      null,
      'x',
      [],
      r.slice(0, 2),
      [...r, ['1']],
      [r[0]!.slice(1), r[1], r[2]],
      [r[0]!.map((s) => Number(s.slice(0, 10))), r[1], r[2]],
      [[`0${r[0]![0]}`, ...r[0]!.slice(1)], r[1], r[2]],
      [[(BigInt(r[0]![0]!) + Q).toString(), ...r[0]!.slice(1)], r[1], r[2]],
      [['-1', ...r[0]!.slice(1)], r[1], r[2]],
      [Array.from({ length: 2000 }, () => '1'), r[1], r[2]],
    ]
    for (const x of bad) expect(openChallengedBallot(NG, election, b.text, x)).toMatchObject({ ok: false, reason: 'bad-randomness' })
    expect(parseRandomness(r)).toEqual(b.randomness.map((q) => [...q]))
  })

  it('refuses the ballot itself as verifyBallot does: tampered, another election, an unlisted credential', () => {
    const { election, b } = made(NG)
    expect(openChallengedBallot(NG, election, `${b.text} `, b.randomness)).toMatchObject({ ok: false, reason: 'malformed' })
    const tampered = b.text.replace(/"challenge":"(\d)/, (_m, d: string) => `"challenge":"${d === '1' ? '2' : '1'}`)
    expect(openChallengedBallot(NG, election, tampered, b.randomness)).toMatchObject({ ok: false })
    const other = makeElection(NG, 987654321n, QS, 'YLE4bDuwvXp4Lk')
    expect(openChallengedBallot(NG, other, b.text, b.randomness)).toMatchObject({ ok: false, reason: 'wrong-election-uuid' })
    expect(openChallengedBallot(NG, election, b.text, b.randomness, { isListed: () => false })).toMatchObject({ ok: false, reason: 'unknown-credential' })
  })
})
