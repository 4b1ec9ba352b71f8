import { createPrivateKey, createPublicKey, verify as opensslVerify } from 'node:crypto'
import { ED25519_TORSION_SUBGROUP, ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { concatBytes, fromHex, toHex, utf8 } from '../../src/ledger/codec/bytes'
import {
  type Signer,
  type VerifyFn,
  portableSigner,
  publicKeyFromSeed,
  signPortable,
  verifyPortable,
} from '../../src/ledger/crypto/ed25519'
import { acceptsPublicKey, nodeSigner, publicKeyFromSeedNode, verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { VerifyPool, inlineVerifier } from '../../src/ledger/crypto/verify-pool'

/**
 * RFC 8032 §7.1 test vectors (Ed25519). Bytes cross-checked against several independent copies of the RFC's
 * vectors; for TEST 1024 and TEST SHA(abc) the signature equality below is itself a check of the long message,
 * and the SHA(abc) message is recomputed here as SHA-512("abc").
 */
const TEST_1024_MESSAGE =
  '08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d879de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4feba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbefefd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed185ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f27088d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b0707e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128bab27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51addd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429ec96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb751fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34dff7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e488acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a32ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5fb93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b50d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380db2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0'

interface Vector {
  name: string
  seed: string
  publicKey: string
  message: string
  signature: string
}

const VECTORS: Vector[] = [
  {
    name: 'TEST 1',
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    name: 'TEST 2',
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    name: 'TEST 3',
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
  {
    name: 'TEST 1024',
    seed: 'f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5',
    publicKey: '278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e',
    message: TEST_1024_MESSAGE,
    signature:
      '0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03',
  },
  {
    name: 'TEST SHA(abc)',
    seed: '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42',
    publicKey: 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
    message:
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    signature:
      'dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704',
  },
]

const L = 2n ** 252n + 27742317777372353535851937790883648493n
const P = 2n ** 255n - 19n

function leToBig(b: Uint8Array): bigint {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i]!)
  return x
}
function bigToLe(x: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    out[i] = Number(x & 255n)
    x >>= 8n
  }
  return out
}
function flipBit(b: Uint8Array, bit: number): Uint8Array {
  const c = b.slice()
  const i = Math.floor(bit / 8) % c.length
  c[i] = c[i]! ^ (1 << bit % 8)
  return c
}

/** Public key from a seed through OpenSSL alone (PKCS#8 → SPKI), independent of @noble. */
function opensslPublicKey(seed: Uint8Array): Uint8Array {
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(seed)])
  const priv = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })
  const spki = createPublicKey(priv).export({ format: 'der', type: 'spki' })
  return new Uint8Array(spki.subarray(spki.length - 32))
}

const IMPLS: Array<{ name: string; signer: (seed: Uint8Array) => Signer; verify: VerifyFn }> = [
  { name: 'portable (@noble/curves)', signer: portableSigner, verify: verifyPortable },
  { name: 'node:crypto (OpenSSL)', signer: nodeSigner, verify: verifyNode },
]

describe('RFC 8032 §7.1 vectors', () => {
  it('SHA(abc) vector message is SHA-512("abc")', () => {
    expect(toHex(sha512(utf8('abc')))).toBe(VECTORS[4]!.message)
    expect(TEST_1024_MESSAGE.length).toBe(1023 * 2)
  })

  for (const impl of IMPLS) {
    describe(impl.name, () => {
      it.each(VECTORS)('$name: public key, signature, verify', (v) => {
        const seed = fromHex(v.seed)
        const msg = fromHex(v.message)
        const pk = fromHex(v.publicKey)
        const sig = fromHex(v.signature)
        const s = impl.signer(seed)
        expect(toHex(s.publicKey)).toBe(v.publicKey)
        expect(toHex(s.sign(msg))).toBe(v.signature)
        expect(impl.verify(sig, msg, pk)).toBe(true)
        // one flipped bit anywhere breaks it: in the signature (R and S halves), the message, the key
        for (const bit of [0, 7, 200, 255, 256, 300, 511]) expect(impl.verify(flipBit(sig, bit), msg, pk)).toBe(false)
        const otherMsg = msg.length > 0 ? flipBit(msg, 0) : new Uint8Array([0])
        expect(impl.verify(sig, otherMsg, pk)).toBe(false)
        expect(impl.verify(sig, msg, flipBit(pk, 1))).toBe(false)
      })
    })
  }

  it.each(VECTORS)('$name: OpenSSL derives the same public key from the seed by itself', (v) => {
    expect(toHex(opensslPublicKey(fromHex(v.seed)))).toBe(v.publicKey)
    expect(toHex(publicKeyFromSeed(fromHex(v.seed)))).toBe(v.publicKey)
  })
})

describe('portable and node:crypto agree', () => {
  it('on random keys and messages: same key, same (deterministic) signature, same verdicts', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(511),
        (seed, msg, bit) => {
          const a = portableSigner(seed)
          const b = nodeSigner(seed)
          expect(toHex(b.publicKey)).toBe(toHex(a.publicKey))
          expect(toHex(publicKeyFromSeedNode(seed))).toBe(toHex(a.publicKey))
          expect(toHex(opensslPublicKey(seed))).toBe(toHex(a.publicKey))
          const sig = a.sign(msg)
          expect(toHex(b.sign(msg))).toBe(toHex(sig))
          expect(toHex(signPortable(msg, seed))).toBe(toHex(sig))
          expect(verifyPortable(sig, msg, a.publicKey)).toBe(true)
          expect(verifyNode(sig, msg, a.publicKey)).toBe(true)
          const bad = flipBit(sig, bit)
          expect(verifyPortable(bad, msg, a.publicKey)).toBe(false)
          expect(verifyNode(bad, msg, a.publicKey)).toBe(false)
        },
      ),
      { numRuns: 40 },
    )
  })

  it('on random garbage signatures and keys: both reject (and never throw)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 20 }),
        (sig, pk, msg) => {
          expect(verifyPortable(sig, msg, pk)).toBe(false)
          expect(verifyNode(sig, msg, pk)).toBe(false)
        },
      ),
      { numRuns: 60 },
    )
  })
})

describe('malleability and malformed inputs are rejected by both', () => {
  const seed = fromHex(VECTORS[1]!.seed)
  const pk = fromHex(VECTORS[1]!.publicKey)
  const msg = fromHex(VECTORS[1]!.message)
  const sig = fromHex(VECTORS[1]!.signature)

  for (const impl of IMPLS) {
    describe(impl.name, () => {
      it('rejects a non-canonical S (S + L, and S = L)', () => {
        const s = leToBig(sig.slice(32))
        expect(s < L).toBe(true)
        const plusL = concatBytes(sig.slice(0, 32), bigToLe(s + L, 32))
        expect(impl.verify(plusL, msg, pk)).toBe(false)
        const sEqualsL = concatBytes(sig.slice(0, 32), bigToLe(L, 32))
        expect(impl.verify(sEqualsL, msg, pk)).toBe(false)
        // S with the top bits set (≥ 2^253) is never canonical either
        const high = sig.slice()
        high[63] = high[63]! | 0xe0
        expect(impl.verify(high, msg, pk)).toBe(false)
      })

      it('rejects wrong-length keys and signatures', () => {
        for (const k of [new Uint8Array(0), pk.slice(0, 31), concatBytes(pk, new Uint8Array([0])), new Uint8Array(64)]) {
          expect(impl.verify(sig, msg, k)).toBe(false)
        }
        for (const s of [new Uint8Array(0), sig.slice(0, 63), concatBytes(sig, new Uint8Array([0])), sig.slice(0, 32)]) {
          expect(impl.verify(s, msg, pk)).toBe(false)
        }
      })

      it('rejects a non-canonical public key encoding (y ≥ p)', () => {
        expect(impl.verify(sig, msg, bigToLe(P + 1n, 32))).toBe(false)
        expect(impl.verify(sig, msg, bigToLe(P, 32))).toBe(false)
        // y = 2^255 - 1, also ≥ p
        expect(impl.verify(sig, msg, bigToLe(2n ** 255n - 1n, 32))).toBe(false)
      })

      it('still accepts the genuine signature', () => {
        expect(impl.signer(seed).sign(msg)).toEqual(sig)
        expect(impl.verify(sig, msg, pk)).toBe(true)
      })
    })
  }

  it('rejects, in both, signatures forged for small-order public keys', () => {
    // For a public key A of small order, (R, S = 0) with R = -[k]A verifies under the cofactorless equation for
    // any message whose challenge k makes that hold; search a message for each of the 8 torsion points. Nobody
    // holds a secret for these keys, so a verifier that accepts them accepts forgeries.
    const Point = ed25519.Point
    let forged = 0
    for (const aHex of ED25519_TORSION_SUBGROUP) {
      const A = fromHex(aHex)
      const pointA = Point.fromBytes(A)
      search: for (let i = 0; i < 64; i++) {
        const m = utf8('forged message ' + i)
        for (const rHex of ED25519_TORSION_SUBGROUP) {
          const R = fromHex(rHex)
          const k = leToBig(sha512(concatBytes(R, A, m))) % L
          const kA = k === 0n ? Point.ZERO : pointA.multiplyUnsafe(k)
          if (!Point.fromBytes(R).add(kA).is0()) continue
          const forgery = concatBytes(R, new Uint8Array(32))
          expect(verifyPortable(forgery, m, A), `portable, A=${aHex}`).toBe(false)
          expect(verifyNode(forgery, m, A), `node, A=${aHex}`).toBe(false)
          forged++
          break search
        }
      }
    }
    expect(forged).toBe(8)
  })
})

/** Raw OpenSSL verification, without the key checks of verifyNode. */
function rawOpenssl(sig: Uint8Array, msg: Uint8Array, pub: Uint8Array): boolean {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(pub).toString('base64url') }, format: 'jwk' })
  return opensslVerify(null, msg, key, sig)
}

/** Small-order key forgeries: for each torsion point A, a message and R with R + [k]A = 0 (S = 0). */
function smallOrderForgeries(): Array<{ sig: Uint8Array; msg: Uint8Array; pub: Uint8Array }> {
  const Point = ed25519.Point
  const out: Array<{ sig: Uint8Array; msg: Uint8Array; pub: Uint8Array }> = []
  for (const aHex of ED25519_TORSION_SUBGROUP) {
    const A = fromHex(aHex)
    const pointA = Point.fromBytes(A)
    search: for (let i = 0; i < 64; i++) {
      const m = utf8('forged message ' + i)
      for (const rHex of ED25519_TORSION_SUBGROUP) {
        const R = fromHex(rHex)
        const k = leToBig(sha512(concatBytes(R, A, m))) % L
        const kA = k === 0n ? Point.ZERO : pointA.multiplyUnsafe(k)
        if (!Point.fromBytes(R).add(kA).is0()) continue
        out.push({ sig: concatBytes(R, new Uint8Array(32)), msg: m, pub: A })
        break search
      }
    }
  }
  return out
}

describe('small-order keys', () => {
  it('OpenSSL alone accepts the forgeries (which is why the node screens keys)', () => {
    const forgeries = smallOrderForgeries()
    expect(forgeries).toHaveLength(8)
    for (const f of forgeries) {
      expect(rawOpenssl(f.sig, f.msg, f.pub)).toBe(true)
      expect(acceptsPublicKey(f.pub)).toBe(false)
    }
    expect(acceptsPublicKey(fromHex(VECTORS[0]!.publicKey))).toBe(true)
    expect(acceptsPublicKey(new Uint8Array(31))).toBe(false)
    expect(acceptsPublicKey(bigToLe(P + 1n, 32))).toBe(false)
  })
})

describe('batch verifiers agree with verifyNode', () => {
  const good = VECTORS.map((v) => ({ sig: fromHex(v.signature), msg: fromHex(v.message), pub: fromHex(v.publicKey) }))
  const flipped = good.map((g) => ({ ...g, sig: flipBit(g.sig, 300) }))

  /** A message under which all-zero key and signature (an order-4 key, R = that point, S = 0) verify in OpenSSL. */
  function zeroForgeryMessage(): Uint8Array {
    for (let i = 0; ; i++) {
      const m = utf8('zero ' + i)
      if (rawOpenssl(new Uint8Array(64), m, new Uint8Array(32))) return m
    }
  }

  for (const [name, make] of [
    ['VerifyPool (worker threads)', () => new VerifyPool(1)],
    ['inlineVerifier(verifyNode)', () => inlineVerifier(verifyNode)],
  ] as const) {
    it(`${name}: genuine, tampered, small-order and malformed items`, async () => {
      const v = make()
      try {
        const zeroMsg = zeroForgeryMessage()
        const malformed = [
          { sig: new Uint8Array(63), msg: zeroMsg, pub: new Uint8Array(32) },
          { sig: new Uint8Array(64), msg: zeroMsg, pub: new Uint8Array(31) },
          { sig: new Uint8Array(0), msg: zeroMsg, pub: new Uint8Array(0) },
        ]
        const items = [...good, ...flipped, ...smallOrderForgeries(), ...malformed]
        const expected = [...good.map(() => true), ...flipped.map(() => false), ...Array(8).fill(false), false, false, false]
        expect(await v.verifyMany(items)).toEqual(expected)
        expect(items.map((i) => verifyNode(i.sig, i.msg, i.pub))).toEqual(expected)
        expect(await v.verifyMany([])).toEqual([])
      } finally {
        await v.close()
      }
    })
  }
})

describe('keys with a torsion component', () => {
  it('are refused by both verifiers, so the node and the browser accept the same signatures', async () => {
    const { ed25519 } = await import('@noble/curves/ed25519.js')
    const { acceptablePublicKey, verifyPortable: portable, portableSigner: signerOf } = await import('../../src/ledger/crypto/ed25519')
    const { verifyNode: openssl } = await import('../../src/ledger/crypto/ed25519-node')
    const signer = signerOf(new Uint8Array(32).fill(7))
    // a point of order 8 (a torsion point), added to a good key
    const torsion = ed25519.Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa')
    expect(torsion.isSmallOrder()).toBe(true)
    const mixed = ed25519.Point.fromBytes(signer.publicKey).add(torsion).toBytes()
    expect(acceptablePublicKey(signer.publicKey)).toBe(true)
    expect(acceptablePublicKey(mixed)).toBe(false)
    const msg = new Uint8Array([1, 2, 3])
    const sig = signer.sign(msg)
    expect(portable(sig, msg, signer.publicKey)).toBe(true)
    expect(openssl(sig, msg, signer.publicKey)).toBe(true)
    expect(portable(sig, msg, mixed)).toBe(false)
    expect(openssl(sig, msg, mixed)).toBe(false)
  })
})
