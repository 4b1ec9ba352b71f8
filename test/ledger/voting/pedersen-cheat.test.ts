/**
 * A cheating trustee at each step of the ceremony, caught and named; hostile inputs (identity and small-order points,
 * unreduced scalars, replayed certificates, polynomials of the wrong degree, non-canonical texts, oversized input).
 */
import { describe, expect, it } from 'vitest'
import { Q } from '../../../src/ledger/registries/voting/portable/belenios/group'
import {
  checkCert,
  checkCerts,
  checkPolynomial,
  checkThresholdParameters,
  checkVoutput,
  computeVinputs,
  judgeAccusation,
  makeAccusation,
  makeVoutput,
  type ParsedPolynomial,
} from '../../../src/ledger/registries/voting/portable/belenios/pedersen'
import {
  certKeysText,
  channelSend,
  deriveKeys,
  encryptTo,
  generateSeed,
  makeCert,
  sign,
  signedMsgText,
} from '../../../src/ledger/registries/voting/portable/belenios/pedersen-pki'
import { parseTrustees, proveTrusteeKey, trusteeKeyText, trusteesText } from '../../../src/ledger/registries/voting/portable/belenios/trustees'
import { expectFailure, G, ok, runCeremony, type Pt } from './pedersen-harness'

const IDENTITY = '0'.repeat(63) + '1'
/** (0, −1): order 2; y = p − 1, x = 0. */
const ORDER_TWO = (2n ** 255n - 20n).toString(16).padStart(64, '0')

interface Tamper {
  /** Replace the share message to trustee j (1-based) — the plaintext secret JSON. */
  secret?: (j: number, honest: bigint) => string
  /** Replace the whole encrypted share to trustee j. */
  sealed?: (j: number, honest: string) => string
  coefs?: bigint[]
  commitments?: string[]
  signWith?: bigint
}

/** A polynomial built by hand from its parts (what a cheating trustee could send). */
function polynomialBy(seed: string, certTexts: string[], threshold: number, t: Tamper = {}): string {
  const keys = deriveKeys(G, seed)
  const certs = ok(checkCerts(G, certTexts))
  const coefs = t.coefs ?? Array.from({ length: threshold }, (_, i) => BigInt(1000 + i * 37))
  const f = (x: bigint) => coefs.reduceRight((acc, a) => (acc * x + a) % Q, 0n)
  const polynomial = channelSend(G, keys.sk, keys.ek, `{"polynomial":[${coefs.map((c) => `"${c}"`).join(',')}]}`)
  const comm = t.commitments ?? coefs.map((c) => G.toString(G.baseMul(c)))
  const coefexps = signedMsgText(sign(G, t.signWith ?? keys.sk, `{"coefexps":[${comm.map((c) => `"${c}"`).join(',')}]}`))
  const secrets = certs.map((c, i) => {
    const j = i + 1
    const msg = t.secret ? t.secret(j, f(BigInt(j))) : `{"secret":"${f(BigInt(j))}"}`
    const honest = channelSend(G, keys.sk, c.keys.encryption, msg)
    return t.sealed ? t.sealed(j, honest) : honest
  })
  return `{"polynomial":${JSON.stringify(polynomial)},"secrets":[${secrets.map((s) => JSON.stringify(s)).join(',')}],"coefexps":${coefexps}}`
}

function setup(n: number) {
  const c = runCeremony(n, 2)
  return c
}

/** Replace trustee `who`'s polynomial, re-run the routing, and let trustee `victim` compute its voutput. */
function stepFiveWith(c: ReturnType<typeof setup>, who: number, text: string, victim: number) {
  const poly = ok(checkPolynomial(G, c.certs, who, text, c.threshold))
  const polys: ParsedPolynomial<Pt>[] = c.polys.map((p, i) => (i === who - 1 ? poly : p))
  const vinputs = computeVinputs(polys)
  return { polys, out: makeVoutput(G, c.seeds[victim - 1]!, c.certTexts, vinputs[victim - 1]) }
}

describe('certificates: a bad one is refused and its trustee named', () => {
  const seeds = [generateSeed(), generateSeed(), generateSeed()]
  const certs = seeds.map((s) => makeCert(G, deriveKeys(G, s)))

  it('accepts honest certificates', () => {
    expect(ok(checkCerts(G, certs))).toHaveLength(3)
  })

  it('refuses a certificate signed with another key (cert-bad-signature)', () => {
    const mine = deriveKeys(G, seeds[1]!)
    const other = deriveKeys(G, seeds[0]!)
    const forged = signedMsgText(sign(G, other.sk, certKeysText(G, { verification: mine.vk, encryption: mine.ek })))
    expectFailure(checkCerts(G, [certs[0], forged, certs[2]]), 'cert-bad-signature', 2)
  })

  it("refuses another trustee's certificate replayed (cert-duplicate)", () => {
    expectFailure(checkCerts(G, [certs[0], certs[1], certs[0]]), 'cert-duplicate', 3)
    // the same verification key under a fresh encryption key is a replay too
    const k0 = deriveKeys(G, seeds[0]!)
    const k2 = deriveKeys(G, seeds[2]!)
    const mixed = signedMsgText(sign(G, k0.sk, certKeysText(G, { verification: k0.vk, encryption: k2.ek })))
    expectFailure(checkCerts(G, [certs[0], certs[1], mixed]), 'cert-duplicate', 3)
  })

  it('refuses the identity or a small-order point as a key (cert-malformed)', () => {
    const k = deriveKeys(G, seeds[0]!)
    for (const bad of [IDENTITY, ORDER_TWO]) {
      const msg = `{"verification":"${G.toString(k.vk)}","encryption":"${bad}"}`
      expectFailure(checkCert(G, signedMsgText(sign(G, k.sk, msg)), 1), 'cert-malformed', 1)
    }
  })

  it('refuses unreduced scalars, non-canonical texts and oversized input (cert-malformed)', () => {
    const o = JSON.parse(certs[0]!) as { message: string; signature: { challenge: string; response: string } }
    const plusQ = JSON.stringify({ message: o.message, signature: { challenge: o.signature.challenge, response: (BigInt(o.signature.response) + Q).toString() } })
    expectFailure(checkCert(G, plusQ, 1), 'cert-malformed', 1)
    expectFailure(checkCert(G, certs[0]!.replace('{"message"', '{ "message"'), 1), 'cert-malformed', 1)
    expectFailure(checkCert(G, JSON.stringify({ ...o, extra: 1 }), 1), 'cert-malformed', 1)
    expectFailure(checkCert(G, certs[0]!.replace(/"challenge":"/, '"challenge":"0'), 1), 'cert-malformed', 1)
    expectFailure(checkCert(G, certs[0]!.toUpperCase(), 1), 'cert-malformed', 1)
    expectFailure(checkCert(G, 'x'.repeat(5_000_000), 1), 'cert-malformed', 1)
    expectFailure(checkCert(G, { message: o.message }, 1), 'cert-malformed', 1)
  })

  it('refuses a ceremony of no trustee or of too many', () => {
    expectFailure(checkCerts(G, []), 'ceremony-size', 0)
  })
})

describe('polynomials: a bad one is refused by the server and its trustee named', () => {
  const c = setup(3)

  it('accepts an honest hand-built one', () => {
    ok(checkPolynomial(G, c.certs, 2, polynomialBy(c.seeds[1]!, c.certTexts, 2), 2))
  })

  it('of the wrong degree (polynomial-wrong-degree)', () => {
    expectFailure(checkPolynomial(G, c.certs, 2, polynomialBy(c.seeds[1]!, c.certTexts, 3), 2), 'polynomial-wrong-degree', 2)
    expectFailure(checkPolynomial(G, c.certs, 2, polynomialBy(c.seeds[1]!, c.certTexts, 1), 2), 'polynomial-wrong-degree', 2)
  })

  it('commitments signed by another trustee (polynomial-bad-signature)', () => {
    const other = deriveKeys(G, c.seeds[0]!).sk
    expectFailure(checkPolynomial(G, c.certs, 2, polynomialBy(c.seeds[1]!, c.certTexts, 2, { signWith: other }), 2), 'polynomial-bad-signature', 2)
  })

  it('the identity or a small-order point as a commitment (polynomial-bad-commitment)', () => {
    for (const bad of [IDENTITY, ORDER_TWO]) {
      const text = polynomialBy(c.seeds[1]!, c.certTexts, 2, { commitments: [bad, G.toString(G.g)] })
      expectFailure(checkPolynomial(G, c.certs, 2, text, 2), 'polynomial-bad-commitment', 2)
    }
  })

  it("another trustee's commitments copied and signed anew (polynomial-duplicate)", () => {
    const copied = c.polys[0]!.commitments.map((p) => G.toString(p))
    const text = polynomialBy(c.seeds[1]!, c.certTexts, 2, { commitments: copied })
    expectFailure(checkPolynomial(G, c.certs, 2, text, 2, [c.polys[0]!]), 'polynomial-duplicate', 2)
    ok(checkPolynomial(G, c.certs, 2, polynomialBy(c.seeds[1]!, c.certTexts, 2), 2, [c.polys[0]!, c.polys[2]!]))
  })

  it('a share missing or a share that is not an encrypted message', () => {
    const text = polynomialBy(c.seeds[1]!, c.certTexts, 2)
    const o = JSON.parse(text) as { polynomial: string; secrets: string[]; coefexps: unknown }
    const short = `{"polynomial":${JSON.stringify(o.polynomial)},"secrets":[${o.secrets.slice(1).map((s) => JSON.stringify(s)).join(',')}],"coefexps":${JSON.stringify(o.coefexps)}}`
    expectFailure(checkPolynomial(G, c.certs, 2, short, 2), 'polynomial-wrong-share-count', 2)
    const garbage = polynomialBy(c.seeds[1]!, c.certTexts, 2, { sealed: (j, h) => (j === 3 ? 'hello' : h) })
    expectFailure(checkPolynomial(G, c.certs, 2, garbage, 2), 'polynomial-malformed', 2)
    expectFailure(checkPolynomial(G, c.certs, 2, text.replace('{"polynomial"', '{ "polynomial"'), 2), 'polynomial-malformed', 2)
  })
})

describe('shares: the receiving trustee names the sender, and its accusation convicts the sender', () => {
  const c = setup(3)

  const cases: [string, Tamper, string][] = [
    ['a share that does not open to its commitments', { secret: (j, s) => `{"secret":"${j === 3 ? (s + 1n) % Q : s}"}` }, 'share-mismatch'],
    ['a share signed by another key', {}, 'share-bad-signature'],
    ['a share addressed to another trustee', {}, 'share-wrong-recipient'],
    ['a share that does not decrypt', {}, 'share-undecryptable'],
    ['a share whose secret is not reduced', { secret: (j, s) => `{"secret":"${j === 3 ? s + Q : s}"}` }, 'share-malformed'],
  ]

  it.each(cases)('%s', (_name, tamper, reason) => {
    const sender = deriveKeys(G, c.seeds[1]!)
    const victim = c.certs[2]!.keys
    const t: Tamper = { ...tamper }
    if (reason === 'share-bad-signature') {
      const other = deriveKeys(G, c.seeds[0]!)
      t.sealed = (j, h) => (j === 3 ? channelSend(G, other.sk, victim.encryption, `{"secret":"5"}`) : h)
    } else if (reason === 'share-wrong-recipient') {
      t.sealed = (j, h) =>
        j === 3 ? encryptTo(G, victim.encryption, signedMsgText(sign(G, sender.sk, `{"recipient":"${G.toString(c.certs[0]!.keys.encryption)}","message":"{\\"secret\\":\\"5\\"}"}`))) : h
    } else if (reason === 'share-undecryptable') {
      t.sealed = (j, h) => {
        if (j !== 3) return h
        const o = JSON.parse(h) as { alpha: string; beta: string; data: string }
        return `{"alpha":"${o.alpha}","beta":"${G.toString(G.add(G.parse(o.beta)!, G.g))}","data":"${o.data}"}`
      }
    }
    const { polys, out } = stepFiveWith(c, 2, polynomialBy(c.seeds[1]!, c.certTexts, 2, t), 3)
    expect(out.ok).toBe(false)
    if (out.ok) return
    expect({ reason: out.reason, trustee: out.trustee }).toEqual({ reason, trustee: 2 })
    expect(out.accusation?.accused).toBe(2)
    const verdict = ok(judgeAccusation(G, c.certs, polys, out.accusation!.text))
    expect(verdict).toEqual({ cheater: 2, reason })
    // the other trustees' shares from the same cheater were honest: they finish
    const other = makeVoutput(G, c.seeds[0]!, c.certTexts, computeVinputs(polys)[0])
    expect(other.ok).toBe(true)
  })

  it('a false accusation convicts the accuser; a forged one is refused', () => {
    const keys = deriveKeys(G, c.seeds[2]!)
    const acc = makeAccusation(G, keys, 3, 1, c.polys[0]!.secrets[2]!, 'share-mismatch')!
    expect(ok(judgeAccusation(G, c.certs, c.polys, acc.text))).toEqual({ cheater: 3, reason: 'accusation-false' })
    // trustee 3 cannot reveal a key for a share it did not receive, nor invent a shared point
    const forged = makeAccusation(G, keys, 3, 1, c.polys[0]!.secrets[1]!, 'share-mismatch')!
    expectFailure(judgeAccusation(G, c.certs, c.polys, forged.text), 'accusation-bad-proof', 3)
    const o = JSON.parse(acc.text) as { shared: string }
    const moved = acc.text.replace(o.shared, G.toString(G.add(G.parse(o.shared)!, G.g)))
    expectFailure(judgeAccusation(G, c.certs, c.polys, moved), 'accusation-bad-proof', 3)
    expectFailure(judgeAccusation(G, c.certs, c.polys, acc.text.replace('"accused":1', '"accused":3')), 'accusation-malformed', 3)
    expectFailure(judgeAccusation(G, c.certs, c.polys, '{}'), 'accusation-malformed', 0)
  })

  it('a trustee whose own polynomial does not match its commitments is named', () => {
    const text = polynomialBy(c.seeds[1]!, c.certTexts, 2, { commitments: [G.toString(G.g), G.toString(G.g)] })
    const { out } = stepFiveWith(c, 2, text, 2)
    expect(!out.ok && { reason: out.reason, trustee: out.trustee }).toEqual({ reason: 'polynomial-not-own', trustee: 2 })
  })
})

describe('voutputs: a bad one is refused and its trustee named', () => {
  const c = setup(3)

  it('a verification key the commitments do not give (voutput-wrong-key)', () => {
    const o = JSON.parse(c.voutputs[1]!.text) as { private_key: string }
    const wrong = `{"private_key":${JSON.stringify(o.private_key)},"public_key":${trusteeKeyText(G, proveTrusteeKey(G, c.keys[1]! + 1n))}}`
    expectFailure(checkVoutput(G, c.polys, 2, wrong), 'voutput-wrong-key', 2)
    // another trustee's voutput replayed
    expectFailure(checkVoutput(G, c.polys, 2, c.voutputs[0]!.text), 'voutput-wrong-key', 2)
  })

  it('a proof of knowledge that does not hold (voutput-bad-pok)', () => {
    const k = proveTrusteeKey(G, c.keys[1]!)
    k.pok = { challenge: k.pok.challenge, response: (k.pok.response + 1n) % Q }
    const o = JSON.parse(c.voutputs[1]!.text) as { private_key: string }
    const bad = `{"private_key":${JSON.stringify(o.private_key)},"public_key":${trusteeKeyText(G, k)}}`
    expectFailure(checkVoutput(G, c.polys, 2, bad), 'voutput-bad-pok', 2)
  })

  it('malformed: not canonical, a name added, a private key that is not an encrypted message', () => {
    const text = c.voutputs[1]!.text
    expectFailure(checkVoutput(G, c.polys, 2, text.replace('{"private_key"', '{ "private_key"')), 'voutput-malformed', 2)
    expectFailure(checkVoutput(G, c.polys, 2, text.replace(/}}$/, '},"name":"x"}')), 'voutput-malformed', 2)
    expectFailure(checkVoutput(G, c.polys, 2, text.replace(/^\{"private_key":"(?:[^"\\]|\\.)*"/, '{"private_key":"x"')), 'voutput-malformed', 2)
  })
})

describe('threshold parameters read from outside (an archive)', () => {
  const c = setup(3)
  const params = () => {
    const t = parseTrustees(G, trusteesText([{ kind: 'Pedersen', text: c.params }]))![0]!
    if (t.kind !== 'Pedersen') throw new Error('not Pedersen')
    return t.params
  }

  it('name the trustee whose verification key or commitments were changed', () => {
    const p = params()
    p.verificationKeys[2] = proveTrusteeKey(G, 77n)
    expectFailure(checkThresholdParameters(G, p), 'voutput-wrong-key', 3)
    const p2 = params()
    p2.coefexps[1] = p2.coefexps[0]!
    expectFailure(checkThresholdParameters(G, p2), 'polynomial-bad-signature', 2)
    const p3 = params()
    p3.threshold = 3
    expectFailure(checkThresholdParameters(G, p3), 'polynomial-wrong-degree', 1)
    const p4 = params()
    p4.threshold = 4
    expectFailure(checkThresholdParameters(G, p4), 'ceremony-size', 0)
  })

  it('refuse a trustees text with hostile points', () => {
    expect(parseTrustees(G, trusteesText([{ kind: 'Pedersen', text: c.params.replace(/"public_key":"[0-9a-f]{64}"/, `"public_key":"${IDENTITY}"`) }]))).toBeNull()
    expect(parseTrustees(G, `[["Single",{"pok":{"challenge":"0","response":"0"},"public_key":"${ORDER_TWO}"}]]`)).toBeNull()
    expect(parseTrustees(G, '[["Triple",{}]]')).toBeNull()
    expect(parseTrustees(G, '[]')).toBeNull()
  })
})
