/**
 * WebCrypto Ed25519 for the portable verifier (proofs/webcrypto.ts): signatures checked in one asynchronous batch,
 * then answered to the synchronous verifiers by the batch's own verifying function; the answers are those of the
 * node's OpenSSL check, for valid, altered, malleated, torsion-R and small-order-key signatures alike; anything not
 * prepared falls back to the portable check, which answers the same.
 * Includes the review of s-proof's cases (torsion R, s + L, the result key, the commit cache across a batch).
 */
import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { describe, expect, it } from 'vitest'
import { verifyPortable } from '../../src/ledger/crypto/ed25519'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import { clearCommitCache, verifyCommitCached } from '../../src/ledger/proofs/commit-cache'
import {
  PREPARE_MAX,
  PROBE_MALLEATED,
  PROBE_TORSION,
  commitSignatures,
  prepareSignatures,
  probeWebCrypto,
  proofSignatures,
  webCryptoEd25519,
} from '../../src/ledger/proofs/webcrypto'
import { type Commit, type Validator, VoteType, voteSignBytes } from '../../src/ledger/types/block'
import { STEPS, certifiedAt, trust } from './trust-fixture'

const flip = (b: Uint8Array, i: number): Uint8Array => {
  const c = Uint8Array.from(b)
  c[i] = c[i]! ^ 1
  return c
}
const L = 2n ** 252n + 27742317777372353535851937790883648493n
const le = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
const fromLe = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n)
const sha512 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha512')
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}
const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'))
/** the point of order 2, (0, -1) */
const T2 = ed25519.Point.fromBytes(Uint8Array.from([0xec, ...new Array(30).fill(0xff), 0x7f]))
/** A signature by `seed` over `msg` whose R is rB + T (T of small order): valid with the cofactor, not without. */
function torsionSign(seed: Uint8Array, msg: Uint8Array): Uint8Array {
  const { scalar: a, pointBytes: A } = ed25519.utils.getExtendedPublicKey(seed)
  const r = fromLe(sha512(seed, msg, Uint8Array.of(7))) % L
  const R = ed25519.Point.BASE.multiply(r).add(T2).toBytes()
  const k = fromLe(sha512(R, A, msg)) % L
  return Uint8Array.from([...R, ...le((r + k * a) % L)])
}
const seeds = [1, 2, 3, 4].map((i) => new Uint8Array(32).fill(i))
const vals: Validator[] = seeds.map((s) => ({ publicKey: ed25519.getPublicKey(s), power: 1 }))
const CHAIN = 'webcrypto-chain'
const hash = new Uint8Array(32).fill(9)
const vote = voteSignBytes(CHAIN, VoteType.precommit, 5, 0, hash)

describe('WebCrypto Ed25519', () => {
  it('is available here (Node ≥ 20) and passes the start-up check', async () => {
    expect(await webCryptoEd25519()).toBe(true)
  })

  it('the start-up check refuses a platform that accepts s + L or a torsion R (or refuses the RFC 8032 vector)', async () => {
    const real = globalThis.crypto.subtle
    const accepting = (bad: string) => ({
      importKey: (f: 'raw', k: Uint8Array, a: { name: 'Ed25519' }, e: boolean, u: ['verify']) => real.importKey(f, k as Uint8Array<ArrayBuffer>, a, e, u),
      verify: async (a: { name: 'Ed25519' }, key: unknown, sig: Uint8Array, msg: Uint8Array) =>
        Buffer.from(sig).toString('hex') === bad || real.verify(a, key as CryptoKey, sig as Uint8Array<ArrayBuffer>, msg as Uint8Array<ArrayBuffer>),
    })
    expect(await probeWebCrypto(accepting(''))).toBe(true)
    expect(await probeWebCrypto(accepting(PROBE_MALLEATED))).toBe(false)
    expect(await probeWebCrypto(accepting(PROBE_TORSION))).toBe(false)
    expect(await probeWebCrypto({ ...accepting(''), verify: async () => false })).toBe(false)
    // the probe's vectors are what they say: refused by OpenSSL; the torsion one accepted by @noble's cofactored check
    const pk = hex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    const empty = new Uint8Array(0)
    expect([verifyNode(hex(PROBE_MALLEATED), empty, pk), verifyNode(hex(PROBE_TORSION), empty, pk)]).toEqual([false, false])
    expect(ed25519.verify(hex(PROBE_TORSION), empty, pk, { zip215: false })).toBe(true)
  })

  it('verifies a certified state with carried steps from signatures checked in one batch', async () => {
    const cs = certifiedAt(33, STEPS)
    const items = proofSignatures(trust.chainId, cs.commit, cs.steps)
    expect(items).toHaveLength(4 * 4)
    const verify = await prepareSignatures(items)
    expect(verify.webCrypto).toBe(true)
    const v = verifyCertifiedState(cs, trust, verify)
    expect(v.ok, JSON.stringify(v.checks)).toBe(true)
    expect(v.trustedThrough).toEqual({ changes: 3, height: 30 })
  })

  it('prepares only members\' signatures, once each, and at most PREPARE_MAX', async () => {
    const cs = certifiedAt(33, STEPS)
    const stranger = ed25519.getPublicKey(new Uint8Array(32).fill(77))
    const commit = { ...cs.commit, sigs: [...cs.commit.sigs, cs.commit.sigs[0]!, { validator: stranger, sig: new Uint8Array(64) }] }
    const members = trust.sets.flatMap((s) => s.validators.map((v) => v.publicKey))
    const all = proofSignatures(trust.chainId, commit, cs.steps)
    const mine = proofSignatures(trust.chainId, commit, cs.steps, members)
    expect(all).toHaveLength(4 * 4 + 1) // the repeated entry once; the stranger without a member list
    expect(mine).toHaveLength(4 * 4) // and not the stranger with one
    const many = Array.from({ length: PREPARE_MAX + 10 }, (_, i) => [new Uint8Array(64).fill(i & 0xff), Uint8Array.of(i >> 8, i & 0xff), vals[0]!.publicKey] as const)
    const verify = await prepareSignatures(many)
    // beyond the cap the portable code answers: the same answer
    for (const [s, m, k] of many.slice(-3)) expect(verify(s, m, k)).toBe(false)
  })

  it('answers as OpenSSL and @noble do for altered, malleated and torsion-R signatures, altered messages and keys, small-order keys', async () => {
    const [sig, msg, pk] = proofSignatures(trust.chainId, certifiedAt(3).commit)[0]!
    const identity = new Uint8Array(32)
    identity[0] = 1 // the neutral point: a small-order key that accepts forged signatures unless refused
    const cases: Array<[Uint8Array, Uint8Array, Uint8Array]> = [[sig, msg, pk]]
    for (let i = 0; i < 64; i += 7) cases.push([flip(sig, i), msg, pk])
    for (let i = 0; i < msg.length; i += 9) cases.push([sig, flip(msg, i), pk])
    for (let i = 0; i < 32; i += 5) cases.push([sig, msg, flip(pk, i)])
    cases.push([new Uint8Array(64), msg, identity], [Uint8Array.from([...new Uint8Array(32), ...new Uint8Array(32)]), new Uint8Array(0), identity])
    cases.push([sig.slice(0, 63), msg, pk])
    const s = fromLe(sig.slice(32))
    cases.push([Uint8Array.from([...sig.slice(0, 32), ...le(s + L)]), msg, pk]) // s + L
    cases.push([torsionSign(seeds[0]!, vote), vote, vals[0]!.publicKey]) // torsion R
    const verify = await prepareSignatures(cases)
    for (const [s, m, k] of cases) {
      const expected = verifyNode(s, m, k)
      expect(verify(s, m, k)).toBe(expected)
      expect(verifyPortable(s, m, k)).toBe(expected)
    }
    expect(verifyNode(cases[0]![0], cases[0]![1], cases[0]![2])).toBe(true)
    // not prepared: the portable check answers
    const other = flip(sig, 63)
    expect(verify(other, msg, pk)).toBe(verifyPortable(other, msg, pk))
  })

  it('gives one answer for one torsion-R triple, prepared or not', async () => {
    const sig = torsionSign(seeds[1]!, vote)
    const before = (await prepareSignatures([]))(sig, vote, vals[1]!.publicKey)
    const after = (await prepareSignatures([[sig, vote, vals[1]!.publicKey]]))(sig, vote, vals[1]!.publicKey)
    expect([verifyNode(sig, vote, vals[1]!.publicKey), before, after]).toEqual([false, false, false])
  })

  it('a commit cache hit never accepts a commit that a full check refuses (torsion R among the signers)', async () => {
    clearCommitCache()
    // two honest signatures and one torsion signature of 4 equal validators: 3/4 with the cofactor, 2/4 without
    const sigs: Commit['sigs'] = [0, 1].map((i) => ({ validator: vals[i]!.publicKey, sig: ed25519.sign(vote, seeds[i]!) }))
    sigs.push({ validator: vals[2]!.publicKey, sig: torsionSign(seeds[2]!, vote) })
    const commit: Commit = { height: 5, round: 0, blockHash: hash, sigs }
    const unprepared = await prepareSignatures([])
    const first = verifyCommitCached(CHAIN, vals, commit, hash, 5, unprepared)
    const verify = await prepareSignatures(commitSignatures(CHAIN, commit))
    const hit = verifyCommitCached(CHAIN, vals, commit, hash, 5, verify)
    clearCommitCache(verify)
    const full = verifyCommitCached(CHAIN, vals, commit, hash, 5, verify)
    expect([first.ok, hit.ok, full.ok]).toEqual([false, false, false]) // the node's answer: 2 of 4
    expect(verifyCommitCached(CHAIN, vals, commit, hash, 5, verifyNode).ok).toBe(false)
  })

  it('a prepared result answers only its own (signature, message, key)', async () => {
    const long = new Uint8Array(300).map((_, i) => i & 0xff)
    const sig = ed25519.sign(long, seeds[3]!)
    const pk = vals[3]!.publicKey
    const verify = await prepareSignatures([[sig, long, pk]])
    expect(verify(sig, long, pk)).toBe(true)
    // a 288-byte "key" (32 + 256) and the message's tail: same bytes hashed, lengths equal mod 256
    const pk2 = Uint8Array.from([...pk, ...long.slice(0, 256)])
    const msg2 = long.slice(256)
    expect(verifyNode(sig, msg2, pk2)).toBe(false)
    expect(verify(sig, msg2, pk2)).toBe(false)
    // the same message split differently between message and key, 32-byte key: not the prepared answer either
    expect(verify(sig, long.slice(1), pk)).toBe(false)
  })
})
