/**
 * WebCrypto Ed25519 for the portable verifier (proofs/webcrypto.ts): signatures checked in one asynchronous batch,
 * then answered to the synchronous verifiers; the answers are those of the node's OpenSSL check, for valid, altered
 * and small-order-key signatures alike; anything not prepared falls back to the portable check.
 */
import { describe, expect, it } from 'vitest'
import { verifyPortable } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { prepareSignatures, proofSignatures, webCryptoEd25519, webCryptoVerify } from '../../src/ledger/proofs/webcrypto'
import { STEPS, certifiedAt, trust } from './trust-fixture'

const flip = (b: Uint8Array, i: number): Uint8Array => {
  const c = Uint8Array.from(b)
  c[i] = c[i]! ^ 1
  return c
}

describe('WebCrypto Ed25519', () => {
  it('is available here (Node ≥ 20) and passes the RFC 8032 known answer', async () => {
    expect(await webCryptoEd25519()).toBe(true)
  })

  it('verifies a certified state with carried steps from signatures checked in one batch', async () => {
    const cs = certifiedAt(33, STEPS)
    const items = proofSignatures(trust.chainId, cs.commit, cs.steps)
    expect(items).toHaveLength(4 * 4)
    expect(await prepareSignatures(items)).toBe(true)
    const v = verifyCertifiedState(cs, trust, webCryptoVerify)
    expect(v.ok, JSON.stringify(v.checks)).toBe(true)
    expect(v.trustedThrough).toEqual({ changes: 3, height: 30 })
  })

  it('answers as OpenSSL and @noble do for altered signatures, messages and keys, and small-order keys', async () => {
    const [sig, msg, pk] = proofSignatures(trust.chainId, certifiedAt(3).commit)[0]!
    const identity = new Uint8Array(32)
    identity[0] = 1 // the neutral point: a small-order key that accepts forged signatures unless refused
    const cases: Array<[Uint8Array, Uint8Array, Uint8Array]> = [[sig, msg, pk]]
    for (let i = 0; i < 64; i += 7) cases.push([flip(sig, i), msg, pk])
    for (let i = 0; i < msg.length; i += 9) cases.push([sig, flip(msg, i), pk])
    for (let i = 0; i < 32; i += 5) cases.push([sig, msg, flip(pk, i)])
    cases.push([new Uint8Array(64), msg, identity], [Uint8Array.from([...new Uint8Array(32), ...new Uint8Array(32)]), new Uint8Array(0), identity])
    cases.push([sig.slice(0, 63), msg, pk])
    await prepareSignatures(cases)
    for (const [s, m, k] of cases) {
      const expected = verifyNode(s, m, k)
      expect(webCryptoVerify(s, m, k)).toBe(expected)
      expect(verifyPortable(s, m, k)).toBe(expected)
    }
    // not prepared: the portable check answers
    const other = flip(sig, 63)
    expect(webCryptoVerify(other, msg, pk)).toBe(verifyPortable(other, msg, pk))
  })
})
