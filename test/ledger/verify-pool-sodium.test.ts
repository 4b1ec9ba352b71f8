/**
 * The verification workers use libsodium when it loads (docs/adr/0042) and must give exactly the verdicts of OpenSSL
 * with the node's key screening (verifyNode), which are those of the portable verifier: genuine, tampered, malleated
 * (S + L), small-order R (libsodium alone refuses those: the pool must still accept a valid one), non-canonical R,
 * screened keys, random bytes.
 */
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { concatBytes, fromHex, utf8 } from '../../src/ledger/codec/bytes'
import { verifyPortable } from '../../src/ledger/crypto/ed25519'
import { nodeSigner, verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { VerifyPool, type VerifyItem, sodiumBindingPath } from '../../src/ledger/crypto/verify-pool'

const L = 2n ** 252n + 27742317777372353535851937790883648493n
const P = 2n ** 255n - 19n
const le = (b: Uint8Array): bigint => b.reduceRight((x, v) => (x << 8n) | BigInt(v), 0n)
const toLe = (x: bigint, n = 32): Uint8Array => {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = Number((x >> BigInt(8 * i)) & 0xffn)
  return out
}
const flip = (b: Uint8Array, bit: number): Uint8Array => {
  const c = b.slice()
  c[bit >> 3]! ^= 1 << (bit & 7)
  return c
}

/** A deterministic stream of bytes (the test must give the same items each run). */
function bytesOf(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n)
  let x = seed >>> 0 || 1
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    out[i] = x & 0xff
  }
  return out
}

/**
 * A signature whose R is the identity (small order) and whose equation holds: S = k·a with k = H(R‖A‖M). OpenSSL
 * and the portable verifier accept it; libsodium refuses every small-order R.
 */
function identityRSignature(seed: Uint8Array, msg: Uint8Array): VerifyItem {
  const { scalar, pointBytes } = ed25519.utils.getExtendedPublicKey(seed)
  const R = toLe(1n)
  const k = le(sha512(concatBytes(R, pointBytes, msg))) % L
  return { sig: concatBytes(R, toLe((k * scalar) % L)), msg, pub: pointBytes }
}

function hostileItems(): { items: VerifyItem[]; kinds: string[] } {
  const items: VerifyItem[] = []
  const kinds: string[] = []
  const add = (kind: string, i: VerifyItem): void => {
    items.push(i)
    kinds.push(kind)
  }
  for (let s = 1; s <= 12; s++) {
    const seed = bytesOf(s, 32)
    const signer = nodeSigner(seed)
    const msg = bytesOf(1000 + s, (s * 37) % 300)
    const sig = signer.sign(msg)
    const pub = signer.publicKey
    add('genuine', { sig, msg, pub })
    add('bit of R flipped', { sig: flip(sig, s * 7), msg, pub })
    add('bit of S flipped', { sig: flip(sig, 256 + s * 13), msg, pub })
    add('message changed', { sig, msg: concatBytes(msg, new Uint8Array([s])), pub })
    add('another key', { sig, msg, pub: nodeSigner(bytesOf(s + 50, 32)).publicKey })
    // the same signature with S + L: the same equation, a non-canonical S
    add('S + L', { sig: concatBytes(sig.subarray(0, 32), toLe(le(sig.subarray(32)) + L)), msg, pub })
    add('identity R, equation holds', identityRSignature(seed, msg))
    const idR = identityRSignature(seed, msg)
    add('identity R, wrong message', { ...idR, msg: concatBytes(msg, new Uint8Array([0])) })
    // the identity written as y = p + 1 and as "−0": never the canonical encoding the verifiers compare with
    add('identity R as p + 1', { ...idR, sig: concatBytes(toLe(P + 1n), idR.sig.subarray(32)) })
    add('identity R with the sign bit', { ...idR, sig: concatBytes(flip(toLe(1n), 255), idR.sig.subarray(32)) })
    // every torsion point as R with the genuine S: the equation fails
    add('torsion R', { sig: concatBytes(fromHex(ED25519_TORSION_SUBGROUP[s % 8]!), sig.subarray(32)), msg, pub })
    add('torsion key', { sig, msg, pub: fromHex(ED25519_TORSION_SUBGROUP[s % 8]!) })
    add('key with a torsion part', {
      sig,
      msg,
      pub: ed25519.Point.fromBytes(pub).add(ed25519.Point.fromHex(ED25519_TORSION_SUBGROUP[1 + (s % 7)]!)).toBytes(),
    })
    // y ≥ p: only y = p … p + 18 fit in 255 bits
    add('non-canonical key (y ≥ p)', { sig, msg, pub: toLe(P + BigInt(s % 19)) })
    // the same first four bytes as a key the pool accepted (its memo of accepted keys is found by them)
    add('key sharing its first bytes', { sig, msg, pub: flip(pub, 8 * (4 + (s % 27))) })
    add('random bytes', { sig: bytesOf(2000 + s, 64), msg, pub: bytesOf(3000 + s, 32) })
    add('all zeros', { sig: new Uint8Array(64), msg, pub: new Uint8Array(32) })
  }
  return { items, kinds }
}

describe('verification workers with libsodium', () => {
  let withSodium: VerifyPool
  let opensslOnly: VerifyPool
  beforeAll(() => {
    withSodium = new VerifyPool(2)
    opensslOnly = new VerifyPool(1, null)
  })
  afterAll(async () => {
    await withSodium.close()
    await opensslOnly.close()
  })

  it('libsodium is installed and the workers load it', async () => {
    expect(sodiumBindingPath()).not.toBeNull()
    expect(await withSodium.engine()).toBe('libsodium')
    expect(await opensslOnly.engine()).toBe('openssl')
  })

  it('gives the verdicts of OpenSSL and of the portable verifier on hostile signatures', async () => {
    const { items, kinds } = hostileItems()
    const expected = items.map((i) => verifyNode(i.sig, i.msg, i.pub))
    expect(items.map((i) => verifyPortable(i.sig, i.msg, i.pub))).toEqual(expected)
    expect(await withSodium.verifyMany(items)).toEqual(expected)
    expect(await opensslOnly.verifyMany(items)).toEqual(expected)
    // the cases are what they claim: genuine ones and identity-R ones with a holding equation pass, nothing else
    const passing = new Set(kinds.filter((_, k) => expected[k]))
    expect([...passing].sort()).toEqual(['genuine', 'identity R, equation holds'])
    expect(kinds.filter((k, i) => k === 'identity R, equation holds' && !expected[i])).toEqual([])
  })

  it('verifies a block-sized batch like OpenSSL, one bad signature found at its place', async () => {
    const signer = nodeSigner(bytesOf(99, 32))
    const items: VerifyItem[] = Array.from({ length: 600 }, (_, i) => {
      const msg = utf8(`transaction ${i}`)
      return { sig: signer.sign(msg), msg, pub: signer.publicKey }
    })
    items[417] = { ...items[417]!, msg: utf8('transaction 418') }
    const ok = await withSodium.verifyMany(items)
    expect(ok.map((x, i) => (x ? -1 : i)).filter((i) => i >= 0)).toEqual([417])
  })
})
