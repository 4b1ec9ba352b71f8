/**
 * A challenged ballot checked on the verifier page (Benaloh; docs/adr/0060): the election and the opened ballot as
 * the booth shows it — the ballot with its randomness, or the ballot and the randomness apart — give the choices the
 * ballot holds; a randomness that does not open it, a ballot of another election, and unreadable input are refused
 * by stable problem.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { randomnessToText } from '../../src/ledger/registries/voting/portable/belenios/audit'
import { createBallot } from '../../src/ledger/registries/voting/portable/belenios/ballot'
import { checkChallengedBallot } from '../../src/renderer/features/voting/verify/challenge'
import { G, generateElection, type GeneratedElection } from '../ledger/voting/archive-fixture'

let gen: GeneratedElection
let other: GeneratedElection
let text: string
let randomness: string[][]

beforeAll(() => {
  gen = generateElection({ voters: 2 })
  other = generateElection({ voters: 2 })
  // question 1: the second answer (이두리); question 2: blank not allowed, "No"
  const b = createBallot(G, gen.election, gen.credentials[1]!, [[0, 0, 1, 0], [0, 1]])
  text = b.text
  randomness = randomnessToText(b.randomness)
})

describe('a challenged ballot on the verifier page', () => {
  it('shows the choices of an opened ballot, pasted whole or in two parts', () => {
    const whole = checkChallengedBallot(gen.record.election, JSON.stringify({ ballot: text, randomness }), '')
    expect(whole).toMatchObject({ ok: true, choices: [{ answers: ['이두리'] }, { answers: ['No'] }] })
    const apart = checkChallengedBallot(gen.record.election, text, JSON.stringify(randomness))
    expect(apart).toEqual(whole)
    // a blank vote on the question that allows it
    const blank = createBallot(G, gen.election, gen.credentials[0]!, [[1, 0, 0, 0], [1, 0]])
    const b = checkChallengedBallot(gen.record.election, blank.text, JSON.stringify(randomnessToText(blank.randomness)))
    expect(b).toMatchObject({ ok: true, choices: [{ answers: null }, { answers: ['Yes'] }] })
  })

  it('refuses a randomness that does not open the ballot, another election, and unreadable input', () => {
    const wrong = randomness.map((q) => q.map((r, k) => (k === 0 ? (BigInt(r) + 1n).toString() : r)))
    expect(checkChallengedBallot(gen.record.election, text, JSON.stringify(wrong))).toEqual({ ok: false, problem: 'does-not-open' })
    expect(checkChallengedBallot(other.record.election, text, JSON.stringify(randomness))).toEqual({ ok: false, problem: 'not-this-election' })
    expect(checkChallengedBallot(gen.record.election, text, '[["1"]]')).toEqual({ ok: false, problem: 'bad-randomness' })
    expect(checkChallengedBallot(gen.record.election, text, 'not json')).toEqual({ ok: false, problem: 'bad-randomness' })
    expect(checkChallengedBallot(gen.record.election, '{"ballot":1,"randomness":[]}', '')).toEqual({ ok: false, problem: 'bad-ballot' })
    expect(checkChallengedBallot('', text, JSON.stringify(randomness))).toEqual({ ok: false, problem: 'no-election' })
    expect(checkChallengedBallot('{"version":1}', text, JSON.stringify(randomness))).toEqual({ ok: false, problem: 'bad-election' })
    expect(checkChallengedBallot(gen.record.election, '', '')).toEqual({ ok: false, problem: 'no-ballot' })
    expect(checkChallengedBallot('x'.repeat(1_000_001), text, '')).toEqual({ ok: false, problem: 'too-large' })
  })
})
