import { ed25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadNativeGroup } from '../../../src/ledger/registries/voting/belenios-native'
import {
  P_FIELD,
  Q,
  parseScalar,
  pointBytesToString,
  portableGroup as PG,
  scalarToString,
  type Group,
} from '../../../src/ledger/registries/voting/portable/belenios/group'

const NG = loadNativeGroup()!
/** Both backends, for tests that run the same assertions on each. */
const BOTH = [PG, NG] as unknown as Group<unknown>[]
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')

/** The 64-hex big-endian string of a number (the specification's writing). */
const be = (z: bigint) => z.toString(16).padStart(64, '0')

/** The eight torsion points (small order), as RFC 8032 bytes, from noble. */
function torsionPoints(): Uint8Array[] {
  // a point of order 8 (libsodium's list of small-order encodings), then its multiples
  const t8 = ed25519.Point.fromBytes(
    Buffer.from('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'hex'),
  )
  expect(t8.isSmallOrder() && !t8.is0()).toBe(true)
  let t = t8
  const out: Uint8Array[] = []
  for (let i = 0; i < 8; i++) {
    out.push(t.toBytes())
    t = t.add(t8)
  }
  return out.filter((b) => !ed25519.Point.fromBytes(b).is0()) // seven: the identity is tested apart
}

describe('Belenios Ed25519 group: serialisation', () => {
  it('writes g as the big-endian number z = y (x even), which is RFC 8032 little-endian reversed', () => {
    const y = 46316835694926478169428394003475163141307993866256225615783033603165251855960n
    expect(PG.toString(PG.g)).toBe(be(y))
    expect(PG.toString(PG.g)).toBe('6666666666666666666666666666666666666666666666666666666666666658')
    expect(NG.toString(NG.g)).toBe(PG.toString(PG.g))
    expect(hex(NG.g)).toBe('5866666666666666666666666666666666666666666666666666666666666666')
  })

  it('RFC 8032 test 1: the public key of its secret key, written byte-reversed', () => {
    const sk = Buffer.from('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60', 'hex')
    const { scalar } = ed25519.utils.getExtendedPublicKey(sk)
    const rfc = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
    const spec = Buffer.from(rfc, 'hex').reverse().toString('hex')
    expect(PG.toString(PG.baseMul(scalar))).toBe(spec)
    expect(NG.toString(NG.baseMul(scalar))).toBe(spec)
    expect(PG.parse(spec)).not.toBeNull()
    expect(PG.parse(rfc)).toBeNull() // the little-endian writing is another (here invalid) number
  })

  it('a point whose x is odd carries bit 255 of z', () => {
    const p = PG.neg(PG.g) // −g: same y, x odd
    const z = BigInt('0x' + PG.toString(p))
    expect(z >> 255n).toBe(1n)
    expect(z & ((1n << 255n) - 1n)).toBe(BigInt('0x' + PG.toString(PG.g)))
  })

  it('parse refuses upper case, wrong length, non-strings, y ≥ p, "−0", off-curve, small order and torsion parts', () => {
    const good = PG.toString(PG.baseMul(12345n))
    for (const G of BOTH) {
      expect(G.parse(good)).not.toBeNull()
      expect(G.parse(good.toUpperCase())).toBeNull()
      expect(G.parse(good.slice(1))).toBeNull()
      expect(G.parse('0' + good)).toBeNull()
      expect(G.parse(' ' + good.slice(1))).toBeNull()
      expect(G.parse(42 as unknown as string)).toBeNull()
      // y + p written (non-canonical: p ≤ y' < 2^255 for small y): the identity's y = 1 as 1 + p
      expect(G.parse(be(P_FIELD + 1n))).toBeNull()
      expect(G.parse(be(P_FIELD))).toBeNull() // y = p ≡ 0
      // "−0": the identity (0, 1) with the sign bit set
      expect(G.parse(be((1n << 255n) | 1n))).toBeNull()
      // the identity itself: only where allowed
      expect(G.parse(be(1n))).toBeNull()
      expect(G.parse(be(1n), { allowIdentity: true })).not.toBeNull()
      // y = 2 is not on the curve (no x)
      expect(G.parse(be(2n))).toBeNull()
      for (const t of torsionPoints()) expect(G.parse(pointBytesToString(t), { allowIdentity: true })).toBeNull()
      // g plus a point of order 8: on the curve, not in the prime-order subgroup
      const mixed = ed25519.Point.BASE.add(ed25519.Point.fromBytes(torsionPoints()[1]!))
      expect(G.parse(pointBytesToString(mixed.toBytes()))).toBeNull()
      // g plus the point of order 2, (0, −1): libsodium's is_valid_point alone accepts it (it looks at x of [q]p)
      const withT2 = ed25519.Point.BASE.add(ed25519.Point.fromAffine({ x: 0n, y: P_FIELD - 1n }))
      expect(G.parse(pointBytesToString(withT2.toBytes()))).toBeNull()
      expect(G.check(G.parse(good)!)).toBe(true)
    }
  })

  it('scalars: base 10, no sign, no leading zero, below q', () => {
    expect(parseScalar('0')).toBe(0n)
    expect(parseScalar('123')).toBe(123n)
    expect(parseScalar(scalarToString(Q - 1n))).toBe(Q - 1n)
    for (const bad of ['', '00', '0123', '-1', '+1', ' 1', '1 ', '1e3', '0x10', Q.toString(), (Q + 5n).toString()])
      expect(parseScalar(bad)).toBeNull()
    expect(parseScalar(5 as unknown as string)).toBeNull()
    expect(parseScalar('9'.repeat(200))).toBeNull()
  })
})

describe('Belenios Ed25519 group: the two backends agree', () => {
  const scalar = fc.bigInt({ min: 0n, max: Q - 1n })

  it('on products, sums, differences, negation and serialisation of random points', () => {
    fc.assert(
      fc.property(scalar, scalar, scalar, (a, b, k) => {
        const pa = PG.baseMul(a)
        const pb = PG.baseMul(b)
        const na = NG.baseMul(a)
        const nb = NG.baseMul(b)
        expect(NG.toString(na)).toBe(PG.toString(pa))
        expect(NG.toString(NG.add(na, nb))).toBe(PG.toString(PG.add(pa, pb)))
        expect(NG.toString(NG.sub(na, nb))).toBe(PG.toString(PG.sub(pa, pb)))
        expect(NG.toString(NG.neg(na))).toBe(PG.toString(PG.neg(pa)))
        expect(NG.toString(NG.mul(na, k))).toBe(PG.toString(PG.mul(pa, k)))
        expect(NG.toString(NG.baseMul2(a, nb, k))).toBe(PG.toString(PG.baseMul2(a, pb, k)))
        expect(NG.toString(NG.mul2(na, b, nb, k))).toBe(PG.toString(PG.mul2(pa, b, pb, k)))
        // [a]([b]g) = [ab]g, and the parse/serialise round trip
        expect(PG.toString(PG.mul(pb, a))).toBe(PG.toString(PG.baseMul((a * b) % Q)))
        const s = PG.toString(pa)
        expect(PG.toString(PG.parse(s, { allowIdentity: true })!)).toBe(s)
        expect(NG.toString(NG.parse(s, { allowIdentity: true })!)).toBe(s)
      }),
      { numRuns: 40 },
    )
  })

  it('on the identity: products by 0 and by q, x − x, and products of the identity', () => {
    for (const G of BOTH) {
      const id = G.toString(G.identity)
      expect(id).toBe(be(1n))
      expect(G.toString(G.baseMul(0n))).toBe(id)
      expect(G.toString(G.baseMul(Q))).toBe(id)
      const p = G.baseMul(777n)
      expect(G.toString(G.sub(p, p))).toBe(id)
      expect(G.toString(G.mul(G.identity, 5n))).toBe(id)
      expect(G.toString(G.mul(p, 0n))).toBe(id)
      expect(G.toString(G.add(G.identity, p))).toBe(G.toString(p))
      expect(G.isIdentity(G.sub(p, p))).toBe(true)
      expect(G.check(G.identity)).toBe(true)
      expect(G.toString(G.baseMul(Q + 3n))).toBe(G.toString(G.baseMul(3n)))
      expect(G.toString(G.baseMul(-1n))).toBe(G.toString(G.neg(G.g)))
    }
  })

  it('parse gives the same verdict and the same point on random and hostile strings', () => {
    const hostile = [
      ...torsionPoints().map(pointBytesToString),
      be(1n),
      be((1n << 255n) | 1n),
      be(P_FIELD + 1n),
      be(P_FIELD - 1n),
      '056550fc6101f603c345b1f7868f3248815505fd3227fe1c00051afe00000700', // found by this test: a point + (0, −1)
      'f'.repeat(64),
      '0'.repeat(64),
    ]
    const strings = fc.oneof(
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => hex(b)),
      fc.constantFrom(...hostile),
      scalar.map((k) => PG.toString(PG.baseMul(k))),
    )
    fc.assert(
      fc.property(strings, fc.boolean(), (s, allowIdentity) => {
        const p = PG.parse(s, { allowIdentity })
        const n = NG.parse(s, { allowIdentity })
        expect(n === null).toBe(p === null)
        if (p !== null && n !== null) {
          expect(NG.toString(n)).toBe(s)
          expect(PG.toString(p)).toBe(s)
          expect(PG.check(p)).toBe(true)
          expect(NG.check(n)).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })
})
