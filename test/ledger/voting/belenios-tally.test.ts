import { describe, expect, it } from 'vitest'
import { createBallot, verifyBallot, type Ballot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { generateCredential } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { Q, type Group } from '../../../src/ledger/registries/voting/portable/belenios/group'
import {
  checkResult,
  combineFactors,
  computeResult,
  emptyTally,
  encryptedTallyText,
  lagrange,
  parseEncryptedTally,
  parseResult,
  partialDecrypt,
  resultText,
  tallyAdd,
  tallyRemove,
  verifyPartialDecryption,
  type EncryptedTally,
} from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { NG, ONE_OF_FIVE, PG, TWO_OF_THREE_BLANK, fixedScalars, makeElection } from './belenios-fixture'

function votes<P>(G: Group<P>, x: bigint) {
  const e = makeElection(G, x, [ONE_OF_FIVE, TWO_OF_THREE_BLANK])
  const plains = [
    [[1, 0, 0, 0, 0], [0, 1, 1, 0]],
    [[0, 1, 0, 0, 0], [1, 0, 0, 0]],
    [[0, 1, 0, 0, 0], [0, 0, 0, 1]],
  ]
  const cast = (c: string, p: number[][]): Ballot<P> => {
    const r = verifyBallot(G, e, createBallot(G, e, c, p).text)
    if (!r.ok) throw new Error(r.reason)
    return r.ballot
  }
  const creds = plains.map(() => generateCredential())
  const ballots = plains.map((p, i) => cast(creds[i]!, p))
  // voter 0 votes again: [0,0,0,0,1], blank for question 2; only that one counts
  const again = cast(creds[0]!, [[0, 0, 0, 0, 1], [1, 0, 0, 0]])
  return { e, ballots, again }
}

describe('Belenios tally, partial decryptions and result', () => {
  it('running tally with a replaced ballot, a weight, two single trustees, the result by discrete log', () => {
    const G = NG
    const x1 = 1111n
    const x2 = 2222n
    const { e, ballots, again } = votes(G, x1 + x2)
    let t: EncryptedTally<Uint8Array> = emptyTally(G, e)
    t = tallyAdd(G, t, ballots[0]!, 1n)
    t = tallyAdd(G, t, ballots[1]!, 3n) // weight 3
    t = tallyAdd(G, t, ballots[2]!, 1n)
    t = tallyRemove(G, t, ballots[0]!, 1n)
    t = tallyAdd(G, t, again, 1n)
    // the same tally recomputed from the last ballots in another order
    let u: EncryptedTally<Uint8Array> = emptyTally(G, e)
    for (const [b, w] of [[again, 1n], [ballots[2]!, 1n], [ballots[1]!, 3n]] as const) u = tallyAdd(G, u, b, w)
    const text = encryptedTallyText(G, t)
    expect(encryptedTallyText(G, u)).toBe(text)
    expect(parseEncryptedTally(G, e, text)).not.toBeNull()
    expect(parseEncryptedTally(PG, makeElection(PG, x1 + x2, [ONE_OF_FIVE, TWO_OF_THREE_BLANK]), text)).not.toBeNull()

    const pk1 = G.toString(G.baseMul(x1))
    const pk2 = G.toString(G.baseMul(x2))
    const pd1 = partialDecrypt(G, e.fingerprint, x1, t)
    const pd2 = partialDecrypt(G, e.fingerprint, x2, t)
    const v1 = verifyPartialDecryption(G, e.fingerprint, pk1, t, pd1.text)
    const v2 = verifyPartialDecryption(G, e.fingerprint, pk2, t, pd2.text)
    expect(v1.ok && v2.ok).toBe(true)
    // a partial decryption checked against the other trustee's key, or another election's φ, is refused
    expect(verifyPartialDecryption(G, e.fingerprint, pk2, t, pd1.text)).toMatchObject({ ok: false, reason: 'bad-proof' })
    expect(verifyPartialDecryption(G, 'x' + e.fingerprint.slice(1), pk1, t, pd1.text)).toMatchObject({ ok: false, reason: 'bad-proof' })
    const F = combineFactors(G, t, [
      { kind: 'single', factors: pd1.decryption.factors },
      { kind: 'single', factors: pd2.decryption.factors },
    ])
    const result = computeResult(G, t, F, 5n)
    // question 1: B 3 + 1, E 1 (voter 0's second ballot); question 2 (blank first): blank 1 + 3, Z 1
    expect(result).toEqual([
      [0n, 4n, 0n, 0n, 1n],
      [4n, 0n, 0n, 1n],
    ])
    expect(checkResult(G, t, F, result)).toBe(true)
    expect(checkResult(G, t, F, [[0n, 4n, 0n, 0n, 1n], [4n, 0n, 1n, 0n]])).toBe(false)
    const rt = resultText(result)
    expect(rt).toBe('{"result":[[0,4,0,0,1],[4,0,0,1]]}')
    expect(parseResult(rt)).toEqual(result)
    // one trustee alone does not decrypt
    const F1 = combineFactors(G, t, [{ kind: 'single', factors: pd1.decryption.factors }])
    expect(() => computeResult(G, t, F1, 5n)).toThrow()
  })

  it('a threshold (2 of 3) key: any two shares, combined with Lagrange coefficients, give the same result', () => {
    const G = NG
    const rnd = fixedScalars(42n)
    const a0 = rnd()
    const a1 = rnd()
    const share = (j: bigint) => (a0 + a1 * j) % Q
    const { e, ballots } = votes(G, a0)
    let t: EncryptedTally<Uint8Array> = emptyTally(G, e)
    for (const b of ballots) t = tallyAdd(G, t, b, 1n)
    const pds = [1n, 2n, 3n].map((j) => {
      const pd = partialDecrypt(G, e.fingerprint, share(j), t)
      const v = verifyPartialDecryption(G, e.fingerprint, G.toString(G.baseMul(share(j))), t, pd.text)
      expect(v.ok).toBe(true)
      return { index: Number(j), factors: pd.decryption.factors }
    })
    const expected = [
      [1n, 2n, 0n, 0n, 0n],
      [1n, 1n, 1n, 1n],
    ]
    for (const pair of [[0, 1], [0, 2], [1, 2]]) {
      const F = combineFactors(G, t, [{ kind: 'pedersen', threshold: 2, shares: pair.map((i) => pds[i]!) }])
      expect(computeResult(G, t, F, 3n)).toEqual(expected)
    }
    // λ for I = {1, 2}: λ_1 = 2/(2−1) = 2, λ_2 = 1/(1−2) = −1
    expect(lagrange([1, 2], 1)).toBe(2n)
    expect(lagrange([1, 2], 2)).toBe(Q - 1n)
    expect(() => combineFactors(G, t, [{ kind: 'pedersen', threshold: 2, shares: [pds[0]!] }])).toThrow()
  })

  it('the portable backend decrypts to the same result', () => {
    const G = PG
    const { e, ballots } = votes(G, 99n)
    let t = emptyTally(G, e)
    for (const b of ballots) t = tallyAdd(G, t, b, 1n)
    const pd = partialDecrypt(G, e.fingerprint, 99n, t)
    expect(verifyPartialDecryption(G, e.fingerprint, G.toString(G.baseMul(99n)), t, pd.text).ok).toBe(true)
    const F = combineFactors(G, t, [{ kind: 'single', factors: pd.decryption.factors }])
    expect(computeResult(G, t, F, 3n)).toEqual([
      [1n, 2n, 0n, 0n, 0n],
      [1n, 1n, 1n, 1n],
    ])
  })
})
