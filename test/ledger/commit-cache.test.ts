/**
 * The verified-commit cache (proofs/commit-cache.ts): a verifier checking many proofs of one block checks its commit's
 * signatures once; a hit never accepts what a full check refuses — another signature, a missing or repeated signer,
 * another header, chain, height, round or validator set, another verifying function are each checked in full.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { type VerifyFn, verifyPortable } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { type CertifiedState, verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { clearCommitCache, verifyCommitCached } from '../../src/ledger/proofs/commit-cache'
import { verifyProof } from '../../src/ledger/proofs/proof'
import { type Commit, blockHash, verifyCommit } from '../../src/ledger/types/block'
import { SETS, SIGNERS, STEPS, certifiedAt, header, proofAt, signed, trust } from './trust-fixture'

function counting(inner: VerifyFn = verifyNode): VerifyFn & { calls: number } {
  const f = ((s: Uint8Array, m: Uint8Array, k: Uint8Array) => {
    f.calls++
    return inner(s, m, k)
  }) as VerifyFn & { calls: number }
  f.calls = 0
  return f
}

const flip = (b: Uint8Array, i = 0): Uint8Array => {
  const c = Uint8Array.from(b)
  c[i] = c[i]! ^ 1
  return c
}

beforeEach(() => clearCommitCache())

describe('verified-commit cache', () => {
  it("checks a block's commit once for many proofs of that block", () => {
    const verify = counting()
    const cs = certifiedAt(3)
    for (let i = 0; i < 50; i++) expect(verifyCertifiedState(cs, trust, verify).ok).toBe(true)
    expect(verify.calls).toBe(cs.commit.sigs.length)
    // an inclusion proof of the same block with the same commit shares the check
    const p = proofAt(3)
    const before = verify.calls
    expect(verifyProof(p, trust, verify).valid).toBe(true)
    expect(verifyProof(p, trust, verify).valid).toBe(true)
    expect(verify.calls - before).toBeLessThanOrEqual(p.commit.sigs.length)
  })

  it('carried steps are checked once for many proofs carrying them', () => {
    const verify = counting()
    const first = verifyCertifiedState(certifiedAt(33, STEPS), trust, verify)
    expect(first.ok).toBe(true)
    const once = verify.calls
    for (let i = 0; i < 20; i++) expect(verifyCertifiedState(certifiedAt(33, STEPS), trust, verify).ok).toBe(true)
    expect(verify.calls).toBe(once)
  })

  it('after a valid commit is cached, every altered commit, header, set or chain is checked in full and refused', () => {
    const verify = counting()
    const good = certifiedAt(3)
    expect(verifyCertifiedState(good, trust, verify).ok).toBe(true)
    const sigs = good.commit.sigs
    const forged: Array<[string, CertifiedState]> = [
      ['a flipped byte in two signatures', { ...good, commit: { ...good.commit, sigs: sigs.map((s, i) => (i < 2 ? { ...s, sig: flip(s.sig, 5 + i) } : s)) } }],
      ['two signers missing', { ...good, commit: { ...good.commit, sigs: sigs.slice(2) } }],
      ['one signer repeated for another', { ...good, commit: { ...good.commit, sigs: [sigs[0]!, sigs[0]!, sigs[0]!, sigs[1]!] } }],
      ['another round', { ...good, commit: { ...good.commit, round: 1 } }],
      ['another app hash in the header', { ...good, header: { ...good.header, appHash: flip(good.header.appHash) } }],
      ['another height', { ...good, header: { ...good.header, height: 4 } }],
    ]
    for (const [what, cs] of forged) {
      const cached = verifyCertifiedState(cs, trust, verify)
      clearCommitCache()
      const full = verifyCertifiedState(cs, trust, verifyNode)
      expect(cached.ok, what).toBe(false)
      expect(cached.checks, what).toEqual(full.checks)
      expect(verifyCertifiedState(good, trust, verify).ok).toBe(true) // re-cache the good one
    }
    // the same commit against another chain's trust list, or a set of other powers
    expect(verifyCertifiedState(good, { ...trust, chainId: 'other' }, verify).ok).toBe(false)
    const heavier = { ...trust, sets: [{ fromHeight: 1, validators: SETS[0]!.map((v, i) => ({ ...v, power: i === 0 ? 100 : 10 })) }] }
    expect(verifyCertifiedState(good, heavier, verify).ok).toBe(false)
  })

  it('answers of one verifying function are never given to another', () => {
    const good = certifiedAt(3)
    expect(verifyCertifiedState(good, trust, verifyNode).ok).toBe(true)
    const refuseAll: VerifyFn = () => false
    expect(verifyCertifiedState(good, trust, refuseAll).ok).toBe(false)
    const acceptAll: VerifyFn = () => true
    const forged: Commit = { ...good.commit, sigs: good.commit.sigs.map((s) => ({ ...s, sig: new Uint8Array(64) })) }
    expect(verifyCertifiedState({ ...good, commit: forged }, trust, acceptAll).ok).toBe(true)
    expect(verifyCertifiedState({ ...good, commit: forged }, trust, verifyNode).ok).toBe(false)
    expect(verifyCertifiedState({ ...good, commit: forged }, trust, verifyPortable).ok).toBe(false)
  })

  it('a cached answer cannot be changed by its receiver', () => {
    const h = header(3)
    const commit = signed(h)
    const hash = blockHash(h)
    const r = verifyCommitCached(trust.chainId, SETS[0]!, commit, hash, 3, verifyNode)
    expect(r.ok).toBe(true)
    r.ok = false
    r.signedPower = 0
    expect(verifyCommitCached(trust.chainId, SETS[0]!, commit, hash, 3, verifyNode)).toEqual(verifyCommit(trust.chainId, SETS[0]!, commit, hash, 3, verifyNode))
    // a commit of just under 2/3 is refused, cached or not
    const short = signCommitOf(h, 2)
    expect(verifyCommitCached(trust.chainId, SETS[0]!, short, hash, 3, verifyNode).ok).toBe(false)
    expect(verifyCommitCached(trust.chainId, SETS[0]!, short, hash, 3, verifyNode).ok).toBe(false)
  })
})

const signCommitOf = (h: ReturnType<typeof header>, n: number): Commit => signed(h, SIGNERS[0]!.slice(0, n))
