/** Property tests: random votes encrypt, prove, verify, tally and decrypt to their counts; credentials' forms. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createBallot, plaintextError, verifyBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import {
  credentialSecret,
  generateCredential,
  parseCredential,
  parsePublicCredentialLine,
  publicCredential,
} from '../../../src/ledger/registries/voting/portable/belenios/credential'
import type { QuestionH } from '../../../src/ledger/registries/voting/portable/belenios/election'
import { combineFactors, computeResult, emptyTally, partialDecrypt, tallyAdd } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { NG, PG, UUID, makeElection } from './belenios-fixture'

const question = fc
  .record({ n: fc.integer({ min: 1, max: 4 }), blank: fc.boolean(), a: fc.nat(4), b: fc.nat(4) })
  .map(({ n, blank, a, b }): QuestionH => {
    const min = Math.min(a, b, n)
    const max = Math.min(Math.max(a, b), n)
    return { answers: Array.from({ length: n }, (_, i) => `A${i}`), blank, min, max: Math.max(max, 1), question: 'q' }
  })

/** A random valid vote for `q`. */
const vote = (q: QuestionH) =>
  fc
    .tuple(fc.boolean(), fc.shuffledSubarray([...q.answers.keys()], { minLength: q.min, maxLength: q.max }))
    .map(([blank, chosen]) => {
      const m = q.answers.map((_, i) => (chosen.includes(i) ? 1 : 0))
      if (!q.blank) return m
      return blank ? [1, ...m.map(() => 0)] : [0, ...m]
    })

describe('Belenios properties', () => {
  it('any valid votes: each ballot verifies, and the decrypted tally is the sum of the votes', () => {
    fc.assert(
      fc.property(
        fc.array(question, { minLength: 1, maxLength: 2 }).chain((qs) =>
          fc.tuple(fc.constant(qs), fc.array(fc.tuple(...qs.map(vote)), { minLength: 1, maxLength: 3 })),
        ),
        fc.bigInt({ min: 1n, max: 2n ** 250n }),
        ([qs, votes], x) => {
          const e = makeElection(NG, x, qs)
          let t = emptyTally(NG, e)
          for (const v of votes) {
            for (const [i, q] of qs.entries()) expect(plaintextError(q, v[i]!)).toBeNull()
            const r = verifyBallot(NG, e, createBallot(NG, e, generateCredential(), v).text)
            if (!r.ok) throw new Error(r.reason)
            t = tallyAdd(NG, t, r.ballot, 1n)
          }
          const pd = partialDecrypt(NG, e.fingerprint, x, t)
          const result = computeResult(NG, t, combineFactors(NG, t, [{ kind: 'single', factors: pd.decryption.factors }]), BigInt(votes.length))
          const expected = qs.map((_, i) => votes[0]![i]!.map((__, k) => BigInt(votes.reduce((s, v) => s + v[i]![k]!, 0))))
          expect(result).toEqual(expected)
        },
      ),
      { numRuns: 12 },
    )
  })

  it('credentials: generated ones have the written form, parse with or without dashes, derive the same public key in both backends', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const c = generateCredential()
        expect(c).toMatch(/^[1-9A-HJ-NP-Za-km-z]{5}-[1-9A-HJ-NP-Za-km-z]{6}-[1-9A-HJ-NP-Za-km-z]{5}-[1-9A-HJ-NP-Za-km-z]{6}$/)
        expect(parseCredential(c)).toBe(c)
        expect(parseCredential(` ${c.replaceAll('-', '')}\n`)).toBe(c)
        expect(publicCredential(NG, UUID, c)).toBe(publicCredential(PG, UUID, c))
        expect(credentialSecret(UUID, c)).not.toBe(credentialSecret('AnotherUuid1234', c))
      }),
      { numRuns: 20 },
    )
    for (const bad of ['', 'ABCDE-FGHJKL-MNPQR-STUVW', 'ABCDE-FGHJKL-MNPQR-STUVW0', 'ABCDE-FGHJKL-MNPQR-STUVWl', 'ABCDEF-GHJKL-MNPQR-STUVWX', 'ABCDE FGHJKL MNPQR STUVWX', 42])
      expect(parseCredential(bad)).toBeNull()
  })

  it('public credential lines: the point, optionally a weight; nothing else', () => {
    const p = publicCredential(NG, UUID, generateCredential())
    expect(parsePublicCredentialLine(NG, p)).toMatchObject({ credential: p, weight: 1n, weighted: false })
    expect(parsePublicCredentialLine(NG, `${p},3`)).toMatchObject({ credential: p, weight: 3n, weighted: true })
    expect(parsePublicCredentialLine(NG, `${p},0`)).toMatchObject({ weight: 0n })
    for (const bad of [`${p},`, `${p},03`, `${p},-1`, `${p},1,x`, `${p}, 1`, p.toUpperCase(), '0'.repeat(63) + '1', `${p},1e3`])
      expect(parsePublicCredentialLine(NG, bad)).toBeNull()
  })
})
