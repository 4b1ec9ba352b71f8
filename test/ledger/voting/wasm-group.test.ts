/**
 * The wasm verification group (docs/adr/0069) against the portable one (noble, the reference): products on random
 * and edge scalars (0, 1, q − 1, q, 2^256 − 1), with and without prepared tables; parsing every torsion point added
 * to a prime-order point, both signs, non-canonical encodings, "−0", the identity, random strings; RFC 8032's
 * signatures verified by a double-scalar product; the constant-time products never run in the module; the module's
 * memory never grows.
 */
import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { P_FIELD, Q, modQ, pointBytesToString, portableGroup as PG } from '../../../src/ledger/registries/voting/portable/belenios/group'
import { makeVerifyGroup, portableProducts, type ConstantTimeProducts, type VerifyPoint } from '../../../src/ledger/registries/voting/wasm/verify-group'
import { loadVerifyGroup } from '../../../src/ledger/registries/voting/wasm/load'

const NP = ed25519.Point
type NPoint = InstanceType<typeof NP>
const W = makeVerifyGroup(portableProducts)
const be = (z: bigint) => z.toString(16).padStart(64, '0')
const str = (p: NPoint) => pointBytesToString(p.toBytes())
const wOf = (p: NPoint): VerifyPoint => W.parseTrusted(str(p))!

function torsion(): NPoint[] {
  const t8 = NP.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')
  const out = [NP.ZERO]
  for (let i = 1; i < 8; i++) out.push(out[i - 1]!.add(t8))
  return out
}
const T = torsion()
const EDGE = [0n, 1n, 2n, Q - 1n, Q, Q + 1n, 2n ** 252n, 2n ** 253n - 1n, 2n ** 255n - 19n, 2n ** 256n - 1n]
const scalar = fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 256n - 1n }), fc.constantFrom(...EDGE))
const point = fc.bigInt({ min: 0n, max: Q - 1n }).map((k) => (k === 0n ? NP.ZERO : NP.BASE.multiply(k)))

describe('the wasm verification group agrees with the portable one', () => {
  it('loads in this process (the node and the CLI use it) and its memory is fixed', () => {
    const G = loadVerifyGroup()
    expect(G).not.toBeNull()
    expect(G!.backend).toBe('wasm')
    expect(G!.verifyOnly).toBe(true)
  })

  it('g, the identity, and g^k for edge scalars', () => {
    expect(W.toString(W.g)).toBe(PG.toString(PG.g))
    expect(W.toString(W.identity)).toBe(PG.toString(PG.identity))
    expect(W.isIdentity(W.identity) && !W.isIdentity(W.g)).toBe(true)
    for (const k of EDGE) {
      expect(W.toString(W.baseMul2(k, W.identity, 5n))).toBe(PG.toString(PG.baseMul(k)))
      expect(W.toString(W.baseMul2(0n, W.g, k))).toBe(PG.toString(PG.baseMul(k)))
    }
  })

  it('g^x · P^y and A^x · B^y on random points and scalars, tables or none, results equal without encoding', () => {
    fc.assert(
      fc.property(point, point, scalar, scalar, fc.boolean(), fc.boolean(), (a, b, x, y, prepA, prepB) => {
        let A = wOf(a)
        let B = wOf(b)
        if (prepA) A = W.prepare(A)
        if (prepB) B = W.prepare(B)
        const want1 = PG.baseMul2(x, a, y)
        const got1 = W.baseMul2(x, A, y)
        expect(W.toString(got1)).toBe(PG.toString(want1))
        const want2 = PG.mul2(a, x, b, y)
        const got2 = W.mul2(A, x, B, y)
        expect(W.toString(got2)).toBe(PG.toString(want2))
        // equality and identity straight from the coordinates (fresh points carry no encoding yet)
        expect(W.equals(W.mul2(A, x, B, y), wOf(want2))).toBe(true)
        expect(W.equals(W.mul2(A, x, B, y), W.add(wOf(want2), W.g))).toBe(false)
        expect(W.isIdentity(W.mul2(A, x, B, y))).toBe(want2.is0())
      }),
      { numRuns: 150 },
    )
  })

  it('products on sums and differences (their expansions derived from the operands\'), chains of them, and g^m', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 2, maxLength: 9 }), scalar, scalar, fc.integer({ min: 0, max: 3 }), (ps, x, y, m) => {
        // as a ballot does: parsed points (expanded by their check), a running sum from the identity, β / g^m
        const W0 = ps.map((p) => W.parse(str(p), { allowIdentity: true })!)
        let acc = W.identity
        let want = NP.ZERO
        for (let i = 0; i < ps.length; i++) {
          acc = i % 3 === 2 ? W.sub(acc, W0[i]!) : W.add(acc, W0[i]!)
          want = i % 3 === 2 ? want.subtract(ps[i]!) : want.add(ps[i]!)
        }
        const gm = W.baseMul(BigInt(m))
        const d = W.sub(W0[0]!, gm)
        const wantD = PG.sub(ps[0]!, PG.baseMul(BigInt(m)))
        expect(W.toString(W.baseMul2(x, acc, y))).toBe(PG.toString(PG.baseMul2(x, want, y)))
        expect(W.toString(W.mul2(d, x, acc, y))).toBe(PG.toString(PG.mul2(wantD, x, want, y)))
        expect(W.toString(W.mul2(W.prepare(W0[1]!), x, d, y))).toBe(PG.toString(PG.mul2(ps[1]!, x, wantD, y)))
        // the same point again (its expansion from the cache by encoding), and after a negation
        expect(W.toString(W.baseMul2(y, W.parse(str(ps[0]!), { allowIdentity: true })!, x))).toBe(PG.toString(PG.baseMul2(y, ps[0]!, x)))
        expect(W.toString(W.baseMul2(y, W.neg(d), x))).toBe(PG.toString(PG.baseMul2(y, PG.neg(wantD), x)))
        expect(W.check(acc) && W.check(d)).toBe(true)
      }),
      { numRuns: 60 },
    )
  })

  it('many points in use at once, and a deep tree of sums and differences: every product still right', () => {
    const ps = Array.from({ length: 120 }, (_, i) => NP.BASE.multiply(BigInt(i) * 1000003n + 17n))
    const ws = ps.map((p) => W.parse(str(p))!)
    for (const i of [0, 119, 5, 64, 1, 118, 47, 48, 49]) {
      const j = (i * 7 + 3) % 120
      expect(W.toString(W.mul2(ws[i]!, 2n ** 250n + BigInt(i), ws[j]!, Q - BigInt(j)))).toBe(PG.toString(PG.mul2(ps[i]!, 2n ** 250n + BigInt(i), ps[j]!, Q - BigInt(j))))
    }
    // a balanced tree of sums and differences, six deep: expansions derived through it (or computed where cut)
    let level = ws.slice(0, 64)
    let want = ps.slice(0, 64)
    while (level.length > 1) {
      const next: VerifyPoint[] = []
      const nextWant: NPoint[] = []
      for (let i = 0; i < level.length; i += 2) {
        next.push(i % 4 === 0 ? W.add(level[i]!, level[i + 1]!) : W.sub(level[i]!, level[i + 1]!))
        nextWant.push(i % 4 === 0 ? want[i]!.add(want[i + 1]!) : want[i]!.subtract(want[i + 1]!))
      }
      level = next
      want = nextWant
    }
    expect(W.toString(W.mul2(level[0]!, 123456789n, ws[100]!, 987654321n))).toBe(PG.toString(PG.mul2(want[0]!, 123456789n, ps[100]!, 987654321n)))
    expect(W.toString(W.baseMul2(5n, level[0]!, Q - 2n))).toBe(PG.toString(PG.baseMul2(5n, want[0]!, Q - 2n)))
  })

  it('add, sub, neg and check on random points, and P + T for every torsion point T', () => {
    fc.assert(
      fc.property(point, point, fc.integer({ min: 0, max: 7 }), (a, b, t) => {
        const A = wOf(a)
        const B = wOf(b)
        expect(W.toString(W.add(A, B))).toBe(PG.toString(PG.add(a, b)))
        expect(W.toString(W.sub(A, B))).toBe(PG.toString(PG.sub(a, b)))
        expect(W.toString(W.neg(A))).toBe(PG.toString(PG.neg(a)))
        // a point with a torsion part, read as trusted (the curve only): check refuses it unless T is the identity
        const withT = W.parseTrusted(str(a.add(T[t]!)))!
        expect(W.check(withT)).toBe(t === 0)
        expect(W.check(W.add(A, B))).toBe(true)
      }),
      { numRuns: 150 },
    )
  })

  it('parse: P + T for every torsion point T, either sign, with and without the identity allowed', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: Q - 1n }), fc.integer({ min: 0, max: 7 }), fc.boolean(), (k, t, neg) => {
        let p = (k === 0n ? NP.ZERO : NP.BASE.multiply(k)).add(T[t]!)
        if (neg) p = p.negate()
        const s = str(p)
        for (const allowIdentity of [false, true]) {
          const a = PG.parse(s, { allowIdentity })
          const b = W.parse(s, { allowIdentity })
          expect(b === null).toBe(a === null)
          expect(a !== null).toBe(t === 0 && (k !== 0n || allowIdentity))
          if (b !== null) expect(W.toString(b)).toBe(s)
        }
        expect(W.parseTrusted(s) === null).toBe(PG.parseTrusted(s) === null)
      }),
      { numRuns: 300 },
    )
    for (const t of T) {
      const s = str(t)
      expect(W.parse(s, { allowIdentity: true }) !== null).toBe(t.is0())
    }
  })

  it('parse and parseTrusted: random strings give the portable verdict', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const s = pointBytesToString(bytes)
        expect(W.parse(s, { allowIdentity: true }) === null).toBe(PG.parse(s, { allowIdentity: true }) === null)
        expect(W.parseTrusted(s) === null).toBe(PG.parseTrusted(s) === null)
      }),
      { numRuns: 500 },
    )
  })

  it('refuses non-canonical encodings: y ≥ p, "−0" (the identity and the point of order 2 with the sign bit), bad text', () => {
    const bad = [
      be((1n << 255n) | 1n), // the identity, sign bit set
      be((1n << 255n) | (P_FIELD - 1n)), // (0, −1), sign bit set
      be(P_FIELD), // y = p (≡ 0)
      be(P_FIELD + 1n), // y = p + 1 (≡ 1: the identity written non-canonically)
      be(2n ** 255n - 1n),
      be((1n << 255n) | (P_FIELD + 1n)),
    ]
    for (const s of bad) {
      expect(W.parse(s, { allowIdentity: true })).toBeNull()
      expect(W.parseTrusted(s)).toBeNull()
      expect(PG.parseTrusted(s)).toBeNull()
    }
    for (const s of ['', 'zz', be(1n).toUpperCase().replace('1', 'A'), be(1n) + '0', 7 as unknown as string]) expect(W.parse(s, { allowIdentity: true })).toBeNull()
    // the identity: only where allowed
    expect(W.parse(be(1n))).toBeNull()
    expect(W.isIdentity(W.parse(be(1n), { allowIdentity: true })!)).toBe(true)
    // the point of order 2, (0, −1), correctly written: on the curve, outside the subgroup
    expect(W.parseTrusted(be(P_FIELD - 1n))).not.toBeNull()
    expect(W.parse(be(P_FIELD - 1n), { allowIdentity: true })).toBeNull()
  })

  it('RFC 8032 section 7.1 tests 1 and 2: [S]B = R + [k]A through one double-scalar product', () => {
    const vectors = [
      {
        pk: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
        msg: '',
        sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
      },
      {
        pk: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
        msg: '72',
        sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
      },
    ]
    const spec = (rfcHex: string) => Buffer.from(rfcHex, 'hex').reverse().toString('hex')
    const leNum = (b: Buffer) => BigInt('0x' + Buffer.from(b).reverse().toString('hex'))
    for (const v of vectors) {
      expect(ed25519.verify(Buffer.from(v.sig, 'hex'), Buffer.from(v.msg, 'hex'), Buffer.from(v.pk, 'hex'))).toBe(true)
      const R = v.sig.slice(0, 64)
      const S = leNum(Buffer.from(v.sig.slice(64), 'hex'))
      const k = modQ(leNum(createHash('sha512').update(Buffer.from(R + v.pk + v.msg, 'hex')).digest()))
      const A = W.parse(spec(v.pk))!
      expect(A).not.toBeNull()
      // [S]B − [k]A = R
      expect(W.toString(W.baseMul2(S, A, Q - k))).toBe(spec(R))
      expect(W.toString(W.baseMul2(S, A, Q - k + 1n))).not.toBe(spec(R))
    }
  })

  it('prepared tables: more keys than table slots, every one still right (a reused slot falls back)', () => {
    const keys = Array.from({ length: 40 }, (_, i) => NP.BASE.multiply(BigInt(1000 + i)))
    const prepared = keys.map((k) => W.prepare(wOf(k)))
    for (let i = 0; i < keys.length; i++) {
      const x = 2n ** 200n + BigInt(i)
      expect(W.toString(W.mul2(prepared[i]!, x, W.g, 7n))).toBe(PG.toString(PG.mul2(keys[i]!, x, PG.g, 7n)))
    }
    expect(W.prepare(W.identity)).toBe(W.identity)
  })

  it('the constant-time products (mul, baseMul) go to the delegate, never to the variable-time module', () => {
    const calls: string[] = []
    const spy: ConstantTimeProducts = {
      name: 'spy',
      mul: (p, k) => (calls.push('mul'), portableProducts.mul(p, k)),
      baseMul: (k) => (calls.push('baseMul'), portableProducts.baseMul(k)),
    }
    const S = makeVerifyGroup(spy)
    const p = NP.BASE.multiply(99n)
    expect(S.toString(S.mul(S.parse(str(p))!, 12345n))).toBe(PG.toString(p.multiply(12345n)))
    expect(S.toString(S.baseMul(777n))).toBe(PG.toString(PG.baseMul(777n)))
    expect(calls).toEqual(['mul', 'baseMul'])
  })

  it('no memory growth: thousands of operations leave the module memory as it was', () => {
    const before = W.memoryBytes()
    const y = W.prepare(wOf(NP.BASE.multiply(31337n)))
    let acc = W.identity
    for (let i = 0; i < 300; i++) {
      const p = W.parse(W.toString(W.baseMul2(BigInt(i + 1), y, 2n ** 250n + BigInt(i))))!
      acc = W.add(acc, W.mul2(y, BigInt(i), p, Q - BigInt(i)))
    }
    expect(W.check(acc)).toBe(true)
    expect(W.memoryBytes()).toBe(before)
  })
})
