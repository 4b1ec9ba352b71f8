/**
 * A tiny election built by hand from the specification's formulas, with fixed randomness, independently of the
 * module under test (noble points, node's SHA-256 and Base64): each hash input string is written out literally and
 * the ballot, its signature, the trustee's pok and a partial decryption must come out the same, byte for byte.
 */
import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { createBallot, verifyBallot } from '../../../src/ledger/registries/voting/portable/belenios/ballot'
import { credentialSecret } from '../../../src/ledger/registries/voting/portable/belenios/credential'
import { parseElection } from '../../../src/ledger/registries/voting/portable/belenios/election'
import { Q } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { pokPrefix, schnorrProve, schnorrVerify } from '../../../src/ledger/registries/voting/portable/belenios/proofs'
import { emptyTally, partialDecrypt, tallyAdd } from '../../../src/ledger/registries/voting/portable/belenios/tally'
import { NG, PG, electionText, fixedScalars } from './belenios-fixture'

const P = ed25519.Point
type Pt = InstanceType<typeof P>
const m = (x: bigint) => ((x % Q) + Q) % Q
const mul = (p: Pt, k: bigint): Pt => (m(k) === 0n ? P.ZERO : p.multiply(m(k)))
/** The specification's writing of a point: the compressed number, 64 hex digits, big-endian. */
const str = (p: Pt) => Buffer.from(p.toBytes()).reverse().toString('hex')
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest()
const H = (s: string) => m(BigInt('0x' + sha(s).toString('hex')))
const b64 = (s: string) => sha(s).toString('base64').replace(/=+$/, '')
const g = P.BASE

describe('Belenios known answers (the specification by hand)', () => {
  const uuid = 'KnownAnswer1234'
  const x = 31415926535n // the election's private key (a Single trustee)
  const y = mul(g, x)
  const text = electionText(str(y), [{ answers: ['yes', 'no'], blank: false, min: 0, max: 1, question: 'Q?' }], uuid)
  const credential = 'ABCDE-FGHJKL-MNPQR-STUVWX'

  it('φ, secret(c), public(c) and the credential-bound statement S0', () => {
    const e = parseElection(PG, text)
    expect(e.ok).toBe(true)
    if (!e.ok) return
    expect(e.election.hashHex).toBe(sha(text).toString('hex'))
    expect(e.election.fingerprint).toBe(b64(text))
    const h0 = sha(`derive_credential|${uuid}|0|${credential}`).toString('hex')
    const h1 = sha(`derive_credential|${uuid}|1|${credential}`).toString('hex')
    expect(credentialSecret(uuid, credential)).toBe(BigInt('0x' + h0 + h1) % Q)
  })

  it('the ballot: ElGamal, individual and overall proofs, the signature — literally', () => {
    const phi = b64(text)
    const s = BigInt('0x' + sha(`derive_credential|${uuid}|0|${credential}`).toString('hex') + sha(`derive_credential|${uuid}|1|${credential}`).toString('hex')) % Q
    const cred = str(mul(g, s))
    const S0 = `${phi}|${cred}`
    const rnd = fixedScalars(7n)
    const plain = [1, 0]
    // r for each choice first, then each individual proof, then the overall one, then the signature (Belenios's order)
    const r = plain.map(() => rnd())
    const alpha = r.map((ri) => mul(g, ri))
    const beta = r.map((ri, i) => mul(y, ri).add(mul(g, BigInt(plain[i]!))))
    const iproof = (S: string, a: Pt, b: Pt, ri: bigint, truth: number, Ms: number[]) => {
      const ch: bigint[] = []
      const re: bigint[] = []
      const commits: string[] = []
      for (let j = 0; j < Ms.length; j++) {
        if (j === truth) continue
        ch[j] = rnd()
        re[j] = rnd()
        commits[2 * j] = str(mul(g, re[j]!).add(mul(a, ch[j]!)))
        commits[2 * j + 1] = str(mul(y, re[j]!).add(mul(b.subtract(mul(g, BigInt(Ms[j]!))), ch[j]!)))
      }
      const w = rnd()
      commits[2 * truth] = str(mul(g, w))
      commits[2 * truth + 1] = str(mul(y, w))
      const input = `prove|${S}|${str(a)},${str(b)}|${commits.join(',')}`
      expect(input.split('|')).toHaveLength(S.split('|').length + 3) // prove | S | α,β | commitments
      ch[truth] = m(H(input) - ch.reduce((acc, c) => acc + (c ?? 0n), 0n))
      re[truth] = m(w - ri * ch[truth]!)
      return Ms.map((_, j) => `{"challenge":"${ch[j]}","response":"${re[j]}"}`).join(',')
    }
    const individual = plain.map((v, i) => `[${iproof(S0, alpha[i]!, beta[i]!, r[i]!, v, [0, 1])}]`)
    const choicesStr = alpha.map((a, i) => `${str(a)},${str(beta[i]!)}`).join(',')
    const S = `${S0}|${choicesStr}`
    const aS = alpha[0]!.add(alpha[1]!)
    const bS = beta[0]!.add(beta[1]!)
    const overall = iproof(S, aS, bS, m(r[0]! + r[1]!), 1, [0, 1])
    const choices = alpha.map((a, i) => `{"alpha":"${str(a)}","beta":"${str(beta[i]!)}"}`).join(',')
    const unsigned = `{"election_uuid":"${uuid}","election_hash":"${phi}","credential":"${cred}","answers":[{"choices":[${choices}],"individual_proofs":[${individual.join(',')}],"overall_proof":[${overall}]}]}`
    const hash = b64(unsigned)
    const w = rnd()
    const sigInput = `sig|${hash}|${str(mul(g, w))}`
    const c = H(sigInput)
    const handBallot = `${unsigned.slice(0, -1)},"signature":{"hash":"${hash}","proof":{"challenge":"${c}","response":"${m(w - s * c)}"}}}`

    for (const G of [PG, NG] as const) {
      const e = parseElection(G as never, text)
      if (!e.ok) throw new Error(e.reason)
      const made = createBallot(G as never, e.election as never, credential, [plain], fixedScalars(7n))
      expect(made.text).toBe(handBallot)
      expect(made.tracker).toBe(b64(handBallot))
      expect(made.credential).toBe(cred)
      expect(verifyBallot(G as never, e.election as never, handBallot)).toMatchObject({ ok: true, tracker: b64(handBallot) })
    }
  })

  it('the trustee key proof (pok|Ed25519|X|A) and a partial decryption (decrypt|φ|X|A,B)', () => {
    const X = str(y)
    const rnd = fixedScalars(99n)
    const w = rnd()
    const c = H(`pok|Ed25519|${X}|${str(mul(g, w))}`)
    const pok = schnorrProve(PG, x, pokPrefix(X), fixedScalars(99n))
    expect(pok).toEqual({ challenge: c, response: m(w - x * c) })
    expect(schnorrVerify(NG, NG.parse(X)!, pokPrefix(X), pok)).toBe(true)
    // weak Fiat–Shamir: the same proof without the group name or the key in the hash does not verify
    expect(schnorrVerify(NG, NG.parse(X)!, `pok|${X}|`, pok)).toBe(false)

    const e = parseElection(NG, text)
    if (!e.ok) throw new Error(e.reason)
    const b = verifyBallot(NG, e.election, createBallot(NG, e.election, credential, [[0, 1]]).text)
    if (!b.ok) throw new Error(b.reason)
    const t = tallyAdd(NG, emptyTally(NG, e.election), b.ballot, 1n)
    const pd = partialDecrypt(NG, e.election.fingerprint, x, t, fixedScalars(5n))
    const r2 = fixedScalars(5n)
    const rows = t.map((row) =>
      row.map((ct) => {
        const a = P.fromBytes(Buffer.from(NG.toString(ct.alpha), 'hex').reverse())
        const wd = r2()
        const cd = H(`decrypt|${b64(text)}|${X}|${str(mul(g, wd))},${str(mul(a, wd))}`)
        return { f: str(mul(a, x)), p: `{"challenge":"${cd}","response":"${m(wd - x * cd)}"}` }
      }),
    )
    const hand = `{"decryption_factors":[${rows.map((r) => `[${r.map((v) => `"${v.f}"`).join(',')}]`).join(',')}],"decryption_proofs":[${rows.map((r) => `[${r.map((v) => v.p).join(',')}]`).join(',')}]}`
    expect(pd.text).toBe(hand)
  })
})
