/**
 * The tamper corpus of the crypto layer: each mutation of a valid ballot (or key, or partial decryption) is refused
 * with its own reason. Ballots that need a valid signature after the mutation are signed again with the credential,
 * so what fails is the check under test and not the signature.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { createBallot, verifyBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { credentialSecret, publicCredential } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { parseElection } from '../../../src/ledger/registries/voting/portable/belenios/election'
import { Q, pointBytesToString, randomScalar } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { sha256B64 } from '../../../src/ledger/registries/voting/portable/belenios/hash'
import { pokPrefix, schnorrProve, schnorrVerify, signaturePrefix } from '../../../src/ledger/registries/voting/portable/belenios/proofs'
import {
  checkResult,
  combineFactors,
  computeResult,
  emptyTally,
  partialDecrypt,
  tallyAdd,
  verifyPartialDecryption,
} from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { NG, ONE_OF_FIVE, PG, TWO_OF_THREE_BLANK, UUID, electionText, makeElection } from './belenios-fixture'

const G = NG
const X = 5555n
const e = makeElection(G, X, [ONE_OF_FIVE, TWO_OF_THREE_BLANK])
const alice = 'AAAAA-BBBBBB-CCCCC-DDDDDD'
const bob = 'EEEEE-FFFFFF-GGGGG-HHHHHH'
const IDENTITY = '0'.repeat(63) + '1'
const ORDER8 = pointBytesToString(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex'))
const MIXED = pointBytesToString(
  ed25519.Point.BASE.add(ed25519.Point.fromBytes(Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex'))).toBytes(),
)

type Json = Record<string, unknown> & { answers: Record<string, unknown>[] }
const ballotOf = (c: string, plain: number[][]) => JSON.parse(createBallot(G, e, c, plain).text) as Json

/** Sign a (mutated) ballot object again with the private credential `c` (its `credential` field as it is). */
function resign(b: Json, c: string): string {
  const { signature: _drop, ...unsigned } = b
  void _drop
  const text = JSON.stringify(unsigned)
  const hash = sha256B64(text)
  const p = schnorrProve(G, credentialSecret(UUID, c), signaturePrefix(hash), randomScalar)
  return `${text.slice(0, -1)},"signature":{"hash":"${hash}","proof":{"challenge":"${p.challenge}","response":"${p.response}"}}}`
}

const refusal = (text: string) => {
  const r = verifyBallot(G, e, text)
  return r.ok ? 'accepted' : r.reason
}

const A_PLAIN = [[1, 0, 0, 0, 0], [0, 1, 0, 0]]

describe('Belenios tamper corpus (crypto)', () => {
  it('the genuine ballot passes, in both backends; sent twice it is the same tracker (the rules refuse the second)', () => {
    const text = createBallot(G, e, alice, A_PLAIN).text
    expect(refusal(text)).toBe('accepted')
    const ep = makeElection(PG, X, [ONE_OF_FIVE, TWO_OF_THREE_BLANK])
    expect(verifyBallot(PG, ep, text).ok).toBe(true)
    const r1 = verifyBallot(G, e, text)
    const r2 = verifyBallot(G, e, text)
    expect(r1.ok && r2.ok && r1.tracker === r2.tracker).toBe(true)
  })

  it('not the canonical text: a blank, reordered fields, upper-case hex, a leading zero → malformed', () => {
    const text = createBallot(G, e, alice, A_PLAIN).text
    expect(refusal(text.replace('{"election_uuid"', '{ "election_uuid"'))).toBe('malformed')
    const b = JSON.parse(text) as Json
    const { election_uuid: u, election_hash: h, ...rest } = b
    expect(refusal(JSON.stringify({ election_hash: h, election_uuid: u, ...rest }))).toBe('malformed')
    expect(refusal(text.replace(b.credential as string, (b.credential as string).toUpperCase()))).toBe('malformed')
    const sig = b.signature as { proof: { response: string } }
    expect(refusal(text.replace(`"response":"${sig.proof.response}"}}}`, `"response":"0${sig.proof.response}"}}}`))).toBe('malformed')
    expect(refusal(text + ' ')).toBe('malformed')
    expect(refusal('{}')).toBe('malformed')
    expect(refusal('not json')).toBe('malformed')
    expect(refusal(`{"a":"${'x'.repeat(2_100_000)}"}`)).toBe('malformed')
  })

  it('scalars not reduced (v + q) in a proof or the signature → malformed', () => {
    const b = ballotOf(alice, A_PLAIN)
    const ip = b.answers[0]!.individual_proofs as { challenge: string; response: string }[][]
    ip[0]![0]!.response = (BigInt(ip[0]![0]!.response) + Q).toString()
    expect(refusal(resign(b, alice))).toBe('malformed')
    const b2 = ballotOf(alice, A_PLAIN)
    const text = resign(b2, alice)
    const s = JSON.parse(text) as { signature: { proof: { challenge: string } } }
    const c = s.signature.proof.challenge
    expect(refusal(text.replace(`"challenge":"${c}"`, `"challenge":"${BigInt(c) + Q}"`))).toBe('malformed')
  })

  it('another election: its uuid, its fingerprint (φ) → wrong election', () => {
    const b = ballotOf(alice, A_PLAIN)
    expect(refusal(resign({ ...b, election_uuid: 'XLE4bDuwvXp4LK' }, alice))).toBe('wrong-election-uuid')
    expect(refusal(resign({ ...b, election_hash: sha256B64('another election') }, alice))).toBe('wrong-election-hash')
  })

  it('weak Fiat–Shamir: proofs made for another election (φ not in their statement) and relabelled → bad individual proof', () => {
    const other = parseElection(G, electionText(G.toString(G.baseMul(X)), [ONE_OF_FIVE, TWO_OF_THREE_BLANK]).replace('"Test"', '"Other"'))
    if (!other.ok) throw new Error(other.reason)
    const b = JSON.parse(createBallot(G, other.election, alice, A_PLAIN).text) as Json
    expect(refusal(resign({ ...b, election_hash: e.fingerprint }, alice))).toBe('bad-individual-proof')
  })

  it('a copied ballot under another credential (signed by it) → bad individual proof', () => {
    const b = ballotOf(alice, A_PLAIN)
    const copied = { ...b, credential: publicCredential(G, UUID, bob) }
    expect(refusal(resign(copied, bob))).toBe('bad-individual-proof')
  })

  it('a credential not on the list, when the caller gives the list → unknown credential, before any group operation', () => {
    const text = createBallot(G, e, alice, A_PLAIN).text
    const listed = new Set([publicCredential(G, UUID, bob)])
    expect(verifyBallot(G, e, text, { isListed: (c) => listed.has(c) })).toMatchObject({ ok: false, reason: 'unknown-credential' })
    listed.add(publicCredential(G, UUID, alice))
    expect(verifyBallot(G, e, text, { isListed: (c) => listed.has(c) }).ok).toBe(true)
    // an unlisted credential that is not even a point is refused as unknown: the list holds only valid points
    const b = ballotOf(alice, A_PLAIN)
    expect(verifyBallot(G, e, resign({ ...b, credential: ORDER8 }, alice), { isListed: (c) => listed.has(c) })).toMatchObject({ reason: 'unknown-credential' })
  })

  it('the signature: a response changed, a hash not the ballot’s, signed by another credential → bad signature', () => {
    const b = ballotOf(alice, A_PLAIN)
    const sig = b.signature as { hash: string; proof: { challenge: string; response: string } }
    const bad1 = { ...b, signature: { ...sig, proof: { ...sig.proof, response: ((BigInt(sig.proof.response) + 1n) % Q).toString() } } }
    expect(refusal(JSON.stringify(bad1))).toBe('bad-signature')
    const bad2 = { ...b, signature: { ...sig, hash: sha256B64('x') } }
    expect(refusal(JSON.stringify(bad2))).toBe('bad-signature')
    expect(refusal(resign(b, bob))).toBe('bad-signature')
  })

  it('the identity, a small-order point, a point with a torsion part: as the credential → bad credential', () => {
    for (const p of [IDENTITY, ORDER8, MIXED]) expect(refusal(resign({ ...ballotOf(alice, A_PLAIN), credential: p }, alice))).toBe('bad-credential')
  })

  it('… as a ciphertext part → bad ciphertext', () => {
    for (const p of [IDENTITY, ORDER8, MIXED])
      for (const part of ['alpha', 'beta']) {
        const b = ballotOf(alice, A_PLAIN)
        ;(b.answers[1]!.choices as Record<string, string>[])[2]![part] = p
        const r = verifyBallot(G, e, resign(b, alice))
        expect(r).toMatchObject({ ok: false, reason: 'bad-ciphertext', question: 1, choice: 2 })
      }
  })

  it('… as the election key → the election is refused', () => {
    for (const p of [IDENTITY, ORDER8, MIXED]) expect(parseElection(G, electionText(p, [ONE_OF_FIVE])).ok).toBe(false)
  })

  it('a choice swapped in from another ballot of the same credential: individual proofs hold, the overall does not', () => {
    const b1 = ballotOf(alice, A_PLAIN)
    const b2 = ballotOf(alice, [[0, 1, 0, 0, 0], [0, 1, 0, 0]])
    const a1 = b1.answers[0]! as { choices: unknown[]; individual_proofs: unknown[] }
    const a2 = b2.answers[0]! as { choices: unknown[]; individual_proofs: unknown[] }
    a1.choices[1] = a2.choices[1] // two answers selected now
    a1.individual_proofs[1] = a2.individual_proofs[1]
    expect(verifyBallot(G, e, resign(b1, alice))).toMatchObject({ ok: false, reason: 'bad-overall-proof', question: 0 })
  })

  it('the blank marker swapped in from a blank ballot: the blank proof fails', () => {
    const b1 = ballotOf(alice, A_PLAIN)
    const b2 = ballotOf(alice, [[1, 0, 0, 0, 0], [1, 0, 0, 0]])
    const a1 = b1.answers[1]! as { choices: unknown[]; individual_proofs: unknown[] }
    const a2 = b2.answers[1]! as { choices: unknown[]; individual_proofs: unknown[] }
    a1.choices[0] = a2.choices[0] // "blank" and a selection at once
    a1.individual_proofs[0] = a2.individual_proofs[0]
    expect(verifyBallot(G, e, resign(b1, alice))).toMatchObject({ ok: false, reason: 'bad-blank-proof', question: 1 })
    // a blank-allowed answer without its blank proof, and the proof's shapes
    const b3 = ballotOf(alice, A_PLAIN)
    delete b3.answers[1]!.blank_proof
    expect(refusal(resign(b3, alice))).toBe('bad-blank-proof')
    const b4 = ballotOf(alice, A_PLAIN)
    b4.answers[0]!.blank_proof = b4.answers[1]!.blank_proof
    expect(refusal(resign(b4, alice))).toBe('malformed')
    const b5 = ballotOf(alice, A_PLAIN)
    ;(b5.answers[0]!.overall_proof as unknown[]).push((b5.answers[0]!.overall_proof as unknown[])[0])
    expect(refusal(resign(b5, alice))).toBe('bad-overall-proof')
    const b6 = ballotOf(alice, A_PLAIN)
    b6.answers.pop()
    expect(refusal(resign(b6, alice))).toBe('wrong-answer-count')
  })

  it('a different generator: a key proof made with h = g^k instead of g does not verify', () => {
    const h = G.baseMul(987n)
    const x = 4242n
    const Xh = G.toString(G.mul(h, x))
    const w = 31n
    const A = G.toString(G.mul(h, w))
    const c = BigInt('0x' + Buffer.from(sha256B64(`pok|Ed25519|${Xh}|${A}`), 'base64').toString('hex')) % Q
    const proof = { challenge: c, response: (((w - x * c) % Q) + Q) % Q }
    expect(schnorrVerify(G, G.parse(Xh)!, pokPrefix(Xh), proof)).toBe(false)
    // and the same construction with g verifies (the test is not vacuous)
    const Xg = G.toString(G.baseMul(x))
    const Ag = G.toString(G.baseMul(w))
    const cg = BigInt('0x' + Buffer.from(sha256B64(`pok|Ed25519|${Xg}|${Ag}`), 'base64').toString('hex')) % Q
    expect(schnorrVerify(G, G.parse(Xg)!, pokPrefix(Xg), { challenge: cg, response: (((w - x * cg) % Q) + Q) % Q })).toBe(true)
  })

  it('partial decryptions: a wrong factor, the identity as a factor, a proof moved, a shape cut → refused; a dropped ballot changes the result', () => {
    const ballots = [ballotOf(alice, A_PLAIN), ballotOf(bob, [[0, 0, 1, 0, 0], [1, 0, 0, 0]])].map((b) => {
      const r = verifyBallot(G, e, JSON.stringify(b))
      if (!r.ok) throw new Error(r.reason)
      return r.ballot
    })
    let t = emptyTally(G, e)
    for (const b of ballots) t = tallyAdd(G, t, b, 1n)
    const pk = G.toString(G.baseMul(X))
    const pd = partialDecrypt(G, e.fingerprint, X, t)
    expect(verifyPartialDecryption(G, e.fingerprint, pk, t, pd.text).ok).toBe(true)
    const j = JSON.parse(pd.text) as { decryption_factors: string[][]; decryption_proofs: unknown[][] }
    const f0 = j.decryption_factors[0]![0]!
    const wrong = { ...j, decryption_factors: [[G.toString(G.add(G.parse(f0)!, G.g)), ...j.decryption_factors[0]!.slice(1)], ...j.decryption_factors.slice(1)] }
    expect(verifyPartialDecryption(G, e.fingerprint, pk, t, JSON.stringify(wrong))).toMatchObject({ ok: false, reason: 'bad-proof', question: 0, choice: 0 })
    const ident = { ...j, decryption_factors: [[IDENTITY, ...j.decryption_factors[0]!.slice(1)], ...j.decryption_factors.slice(1)] }
    expect(verifyPartialDecryption(G, e.fingerprint, pk, t, JSON.stringify(ident))).toMatchObject({ ok: false, reason: 'bad-proof' })
    const small = { ...j, decryption_factors: [[ORDER8, ...j.decryption_factors[0]!.slice(1)], ...j.decryption_factors.slice(1)] }
    expect(verifyPartialDecryption(G, e.fingerprint, pk, t, JSON.stringify(small))).toMatchObject({ ok: false, reason: 'bad-factor' })
    const moved = { ...j, decryption_proofs: [[j.decryption_proofs[0]![1], j.decryption_proofs[0]![0], ...j.decryption_proofs[0]!.slice(2)], ...j.decryption_proofs.slice(1)] }
    expect(verifyPartialDecryption(G, e.fingerprint, pk, t, JSON.stringify(moved))).toMatchObject({ ok: false, reason: 'bad-proof' })
    const cut = { ...j, decryption_factors: j.decryption_factors.slice(1) }
    expect(verifyPartialDecryption(G, e.fingerprint, pk, t, JSON.stringify(cut))).toMatchObject({ ok: false, reason: 'wrong-shape' })
    const F = combineFactors(G, t, [{ kind: 'single', factors: pd.decryption.factors }])
    const result = computeResult(G, t, F, 2n)
    expect(checkResult(G, t, F, result)).toBe(true)
    // the tally with one ballot dropped: the same result and factors no longer check
    const t1 = tallyAdd(G, emptyTally(G, e), ballots[0]!, 1n)
    expect(checkResult(G, t1, F, result)).toBe(false)
  })
})
