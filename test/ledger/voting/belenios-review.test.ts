/**
 * Defects found in the second review of the Belenios crypto (rv-crypto): each test failed before its fix.
 */
import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it, vi } from 'vitest'
import { createBallot, verifyBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { Q } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { computeResult, discreteLog, emptyTally, MAX_TOTAL_WEIGHT, partialDecrypt, tallyAdd, verifyPartialDecryption } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { NG, ONE_OF_FIVE, PG, TWO_OF_THREE_BLANK, makeElection } from './belenios-fixture'

describe('Belenios crypto review', () => {
  it('the discrete logarithm refuses a total weight above Belenios’s bound (10^11) instead of spinning on it', () => {
    // a public credentials list may carry weights up to 10^18 each; their total must not reach the baby-step giant-step
    // solver unchecked (10^18 would mean a 10^9-entry table and as many steps)
    expect(MAX_TOTAL_WEIGHT).toBe(100_000_000_000n)
    expect(() => discreteLog(NG, 10n ** 18n)).toThrow(/total weight/)
    expect(() => discreteLog(PG, MAX_TOTAL_WEIGHT + 1n)).toThrow(/total weight/)
    expect(() => discreteLog(NG, -1n)).toThrow(/total weight/)
    const e = makeElection(NG, 7n, [ONE_OF_FIVE])
    const t = emptyTally(NG, e)
    const F = t.map((row) => row.map(() => NG.identity))
    expect(() => computeResult(NG, t, F, 10n ** 18n)).toThrow(/total weight/)
  })

  it('parseTrusted refuses a point off the curve in both backends (the native one let it through to throw later)', () => {
    // y = 2, 7, 8: canonical (y < p) but no x satisfies the curve equation
    for (const y of [2, 7, 8]) {
      const s = y.toString(16).padStart(64, '0')
      expect(PG.parseTrusted(s)).toBeNull()
      expect(NG.parseTrusted(s)).toBeNull()
    }
    // "−0": the two points with x = 0 written with the sign bit set are not canonical
    for (const s of ['8' + '0'.repeat(62) + '1', 'f' + 'f'.repeat(61) + 'ec']) {
      expect(PG.parseTrusted(s)).toBeNull()
      expect(NG.parseTrusted(s)).toBeNull()
    }
    // on the curve: both read it (y = 3 has a point, of mixed order: parseTrusted does not check the subgroup)
    const on = (3).toString(16).padStart(64, '0')
    expect(PG.parseTrusted(on)).not.toBeNull()
    expect(NG.parseTrusted(on)).not.toBeNull()
    expect(NG.parseTrusted('0'.repeat(63) + '1')).not.toBeNull()
    expect(NG.parseTrusted(NG.toString(NG.g))).not.toBeNull()
  })

  it('a partial decryption longer than any its tally allows is refused before it is parsed; one up to that length is read', () => {
    const e = makeElection(NG, 99n, [ONE_OF_FIVE, TWO_OF_THREE_BLANK])
    const b = verifyBallot(NG, e, createBallot(NG, e, 'AAAAA-BBBBBB-CCCCC-DDDDDD', [[0, 1, 0, 0, 0], [1, 0, 0, 0]]).text)
    if (!b.ok) throw new Error(b.reason)
    const t = tallyAdd(NG, emptyTally(NG, e), b.ballot, 1n)
    const pk = NG.toString(NG.baseMul(99n))
    // as long as a partial decryption of this tally can be written: every scalar with 77 digits
    const pd = partialDecrypt(NG, e.fingerprint, 99n, t).text
    const longest = pd.replace(/"(challenge|response)":"[0-9]+"/g, (_, k: string) => `"${k}":"${'9'.repeat(77)}"`)
    const spy = vi.spyOn(JSON, 'parse')
    try {
      expect(verifyPartialDecryption(NG, e.fingerprint, pk, t, pd).ok).toBe(true)
      const before = spy.mock.calls.length
      expect(verifyPartialDecryption(NG, e.fingerprint, pk, t, longest)).toMatchObject({ ok: false }) // read, then refused (9…9 ≥ q)
      const calls = spy.mock.calls.length
      expect(calls).toBe(before + 1)
      const huge = `{"decryption_factors":["${'0'.repeat(1_000_000)}"],"decryption_proofs":[]}`
      expect(verifyPartialDecryption(NG, e.fingerprint, pk, t, huge)).toMatchObject({ ok: false, reason: 'malformed' })
      expect(verifyPartialDecryption(NG, e.fingerprint, pk, t, pd + ' '.repeat(longest.length))).toMatchObject({ ok: false, reason: 'malformed' })
      expect(spy.mock.calls.length).toBe(calls)
    } finally {
      spy.mockRestore()
    }
  })

  it('the discrete logarithm still finds every value up to its bound, and nothing above it', () => {
    const max = 1_000_000n
    const log = discreteLog(NG, max)
    for (const m of [0n, 1n, 999n, 1000n, 1001n, 123_456n, max - 1n, max]) expect(log(NG.baseMul(m))).toBe(m)
    expect(log(NG.baseMul(max + 1n))).toBeNull()
    const small = discreteLog(PG, 0n)
    expect(small(PG.identity)).toBe(0n)
    expect(small(PG.g)).toBeNull()
  })
})

// ---- blank-allowed questions checked by a verifier written from the specification alone -----------------------------
// The known-answer test covers a question without blank; the blank and overall proofs of a blank-allowed question
// (bproof0, bproof1) were only ever checked by the module's own verifier, which shares its reading of the
// specification with the prover. This verifier is written from section "Proofs of possibly-blank votes" with noble
// points and node's SHA-256, nothing from the module but the ballot's text.

type Pt = InstanceType<typeof ed25519.Point>
const modq = (x: bigint) => ((x % Q) + Q) % Q
const pt = (s: string): Pt => ed25519.Point.fromBytes(Buffer.from(s, 'hex').reverse())
const str = (p: Pt) => Buffer.from(p.toBytes()).reverse().toString('hex')
const mul = (p: Pt, k: bigint): Pt => (modq(k) === 0n ? ed25519.Point.ZERO : p.multiply(modq(k)))
const H = (s: string) => modq(BigInt('0x' + createHash('sha256').update(s, 'utf8').digest('hex')))
const gp = ed25519.Point.BASE

interface JProof { challenge: string; response: string }
interface JAnswer { choices: { alpha: string; beta: string }[]; overall_proof: JProof[]; blank_proof?: JProof[] }

/** The specification's verification of blank_proof and overall_proof for one blank-allowed answer. */
function specVerifyBlank(phi: string, credential: string, y: Pt, min: number, max: number, a: JAnswer): { blank: boolean; overall: boolean } {
  const S = `${phi}|${credential}|${a.choices.map((c) => `${c.alpha},${c.beta}`).join(',')}`
  const a0 = pt(a.choices[0]!.alpha)
  const b0 = pt(a.choices[0]!.beta)
  const aS = a.choices.slice(1).reduce((acc, c) => acc.add(pt(c.alpha)), ed25519.Point.ZERO)
  const bS = a.choices.slice(1).reduce((acc, c) => acc.add(pt(c.beta)), ed25519.Point.ZERO)
  const [p0, pS] = a.blank_proof!.map((p) => ({ c: BigInt(p.challenge), r: BigInt(p.response) })) as [{ c: bigint; r: bigint }, { c: bigint; r: bigint }]
  const commits0 = [
    mul(gp, p0.r).add(mul(a0, p0.c)),
    mul(y, p0.r).add(mul(b0, p0.c)),
    mul(gp, pS.r).add(mul(aS, pS.c)),
    mul(y, pS.r).add(mul(bS, pS.c)),
  ]
  const blank = H(`bproof0|${S}|${commits0.map(str).join(',')}`) === modq(p0.c + pS.c)
  const ps = a.overall_proof.map((p) => ({ c: BigInt(p.challenge), r: BigInt(p.response) }))
  const commits1: Pt[] = [mul(gp, ps[0]!.r).add(mul(a0, ps[0]!.c)), mul(y, ps[0]!.r).add(mul(b0.subtract(gp), ps[0]!.c))]
  for (let j = 1; j < ps.length; j++) {
    const M = BigInt(min + j - 1)
    commits1.push(mul(gp, ps[j]!.r).add(mul(aS, ps[j]!.c)), mul(y, ps[j]!.r).add(mul(bS.subtract(mul(gp, M)), ps[j]!.c)))
  }
  const sum = ps.reduce((acc, p) => acc + p.c, 0n)
  const overall = ps.length === max - min + 2 && H(`bproof1|${S}|${commits1.map(str).join(',')}`) === modq(sum)
  return { blank, overall }
}

describe('blank-allowed answers against the specification', () => {
  it('blank and non-blank votes made by the module pass a verifier written from the specification', () => {
    const x = 271828n
    const y = mul(gp, x)
    for (const G of [NG, PG] as const) {
      const e = makeElection(G as never, x, [TWO_OF_THREE_BLANK]) as ReturnType<typeof makeElection<Uint8Array>>
      for (const plain of [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 1]]) {
        const b = JSON.parse(createBallot(G as never, e as never, 'AAAAA-BBBBBB-CCCCC-DDDDDD', [plain]).text) as { credential: string; answers: JAnswer[] }
        const a = b.answers[0]!
        expect(specVerifyBlank(e.fingerprint, b.credential, y, 1, 2, a)).toEqual({ blank: true, overall: true })
        // the verifier can fail: a proof moved to another credential's statement does not verify
        expect(specVerifyBlank(e.fingerprint, str(mul(gp, 5n)), y, 1, 2, a)).toEqual({ blank: false, overall: false })
      }
    }
  })
})
