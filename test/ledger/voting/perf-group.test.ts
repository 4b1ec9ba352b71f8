/**
 * The native membership check by one X25519 ladder (docs/adr/0061) against the portable one (noble, the reference):
 * every point P' + T, P' random in the prime-order subgroup or the identity, T each of the eight points of the
 * torsion, each sign; off-curve and non-canonical encodings; the verdicts and the points must be the same.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadNativeGroup } from '../../../src/ledger/registries/voting/belenios-native'
import { P_FIELD, Q, pointBytesToString, portableGroup as PG } from '../../../src/ledger/registries/voting/portable/belenios/group'

const NG = loadNativeGroup()!
const NP = ed25519.Point

/** the eight points of order dividing 8, from one of order 8 */
function torsion(): InstanceType<typeof NP>[] {
  const t8 = NP.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a')
  const out = [NP.ZERO]
  for (let i = 1; i < 8; i++) out.push(out[i - 1]!.add(t8))
  return out
}

describe('the native membership check (one X25519 ladder) agrees with the portable one', () => {
  const T = torsion()
  it('has a point of order 8 to start from', () => {
    expect(T[1]!.multiply(8n).equals(NP.ZERO) || T[1]!.multiplyUnsafe(8n).equals(NP.ZERO)).toBe(true)
    expect(T[1]!.multiplyUnsafe(4n).equals(NP.ZERO)).toBe(false)
  })
  it('on P + T for every torsion point T and random P, either sign', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: Q - 1n }), fc.integer({ min: 0, max: 7 }), fc.boolean(), (k, t, neg) => {
        let p = (k === 0n ? NP.ZERO : NP.BASE.multiply(k)).add(T[t]!)
        if (neg) p = p.negate()
        const s = pointBytesToString(p.toBytes())
        for (const allowIdentity of [false, true]) {
          const a = PG.parse(s, { allowIdentity })
          const b = NG.parse(s, { allowIdentity })
          expect(b === null).toBe(a === null)
          // in the subgroup exactly when the torsion part is the identity (and the identity only where allowed)
          expect(a !== null).toBe(t === 0 && (k !== 0n || allowIdentity))
          if (b !== null) expect(pointBytesToString(b)).toBe(s)
        }
      }),
      { numRuns: 400 },
    )
  })
  it('on random 32-byte strings, the same verdict', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const s = pointBytesToString(bytes)
        expect(NG.parse(s) === null).toBe(PG.parse(s) === null)
        expect(NG.check(bytes)).toBe(PG.parse(s, { allowIdentity: true }) !== null)
      }),
      { numRuns: 500 },
    )
  })
  it('refuses "−0", y ≥ p, and checks products of the group it made', () => {
    const be = (z: bigint) => z.toString(16).padStart(64, '0')
    for (const s of [be((1n << 255n) | 1n), be((1n << 255n) | (P_FIELD - 1n)), be(P_FIELD + 1n), be(P_FIELD)]) expect(NG.parse(s, { allowIdentity: true })).toBeNull()
    for (let i = 1n; i < 40n; i++) expect(NG.check(NG.mul(NG.baseMul(i * 1000003n), i))).toBe(true)
  })
})
