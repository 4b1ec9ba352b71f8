/**
 * The Belenios 2.5 group "Ed25519" (specification, Groups → Elliptic curves → Ed25519; ADR 0048): one interface, two
 * backends giving identical results — this portable one on @noble/curves (renderer, voter page, verifier page) and a
 * native one on libsodium (../../belenios-native.ts, node and CLI only).
 *
 * Serialisation, as the specification writes it: a point is the compressed 256-bit NUMBER z = y XOR (lsb(x) << 255),
 * in hexadecimal, 64 characters, big-endian. RFC 8032 writes the same number little-endian, so the 32 bytes are
 * reversed. A scalar (Z_q) is a base-10 string. Parsing refuses anything that Belenios would not write back the same
 * (upper-case hex, leading zeros, y ≥ p, "−0"), anything not on the curve, and anything outside the prime-order
 * subgroup (small-order points and points with a torsion part); the identity point only where the caller allows it.
 */
import { ed25519 } from '@noble/curves/ed25519.js'

/** q: the order of the generator (ℓ of RFC 8032). */
export const Q = 2n ** 252n + 27742317777372353535851937790883648493n
/** p: the field's prime. */
export const P_FIELD = 2n ** 255n - 19n
/** The group's name as the `election` structure writes it (and the H_pok hash input). */
export const GROUP_NAME = 'Ed25519'

/**
 * The Belenios group. `P` is the backend's point type (opaque to callers). Every point a backend hands out is in the
 * prime-order subgroup when its inputs were (parse guarantees that for everything read from outside).
 */
export interface Group<P> {
  readonly name: typeof GROUP_NAME
  readonly backend: 'portable' | 'native' | 'wasm'
  readonly q: bigint
  /** The generator g (y = 4/5, x even). */
  readonly g: P
  /** The neutral element (the point (0, 1)). */
  readonly identity: P
  add(a: P, b: P): P
  sub(a: P, b: P): P
  neg(a: P): P
  /** p^k (written additively: [k]p), k any bigint (reduced mod q first). Constant time in both backends. */
  mul(p: P, k: bigint): P
  /** g^k. */
  baseMul(k: bigint): P
  /** g^x · p^y, the shape of every verification commitment (a backend may do it faster than two products).
   *  Public scalars only, here and in mul2: the wasm verification backend (ADR 0069) computes both in variable time. */
  baseMul2(x: bigint, p: P, y: bigint): P
  /** a^x · b^y. */
  mul2(a: P, x: bigint, b: P, y: bigint): P
  equals(a: P, b: P): boolean
  isIdentity(p: P): boolean
  /** Belenios's `check`: on the curve and in the prime-order subgroup (the identity passes; see `parse`). */
  check(p: P): boolean
  /** The specification's serialisation: 64 lower-case hex digits of the compressed number z, big-endian. */
  toString(p: P): string
  /** Parse a serialised point; null for anything non-canonical, off the curve, outside the subgroup, or the identity
   *  unless `allowIdentity` (a tally over no ballot, its decryption factors). */
  parse(s: string, opts?: { allowIdentity?: boolean }): P | null
  /** Read a point this node wrote itself (its running tally in state): canonical and on the curve, the subgroup not
   *  re-checked (that is what makes it cheap). Never for anything that came from outside. */
  parseTrusted(s: string): P | null
  /** A hint that `p` will be a base many times (the election key y): the portable backend precomputes a table. */
  prepare(p: P): P
}

// ---- scalars ------------------------------------------------------------------------------------------------------

export function modQ(x: bigint): bigint {
  const r = x % Q
  return r < 0n ? r + Q : r
}

const DECIMAL = /^(0|[1-9][0-9]{0,76})$/

/** Parse a Z_q element written in base 10: no sign, no leading zero, no blank, < q. null otherwise. */
export function parseScalar(s: unknown): bigint | null {
  if (typeof s !== 'string' || !DECIMAL.test(s)) return null
  const x = BigInt(s)
  return x < Q ? x : null
}

export function scalarToString(x: bigint): string {
  return modQ(x).toString(10)
}

/** The big-endian reading of a hash, mod q (the specification's "interpreted as a 256-bit big-endian number"). */
export function bytesToScalarBE(b: Uint8Array): bigint {
  let x = 0n
  for (const v of b) x = (x << 8n) | BigInt(v)
  return modQ(x)
}

/** A uniformly random scalar in [0, q): 64 random bytes reduced (bias below 2^-250). */
export function randomScalar(): bigint {
  const b = new Uint8Array(64)
  globalThis.crypto.getRandomValues(b)
  let x = 0n
  for (const v of b) x = (x << 8n) | BigInt(v)
  return x % Q
}

/** A source of scalars: random by default; tests pass a fixed sequence to reproduce known answers. */
export type ScalarSource = () => bigint

export function scalarToBytesLE(x: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let v = modQ(x)
  for (let i = 0; i < 32; i++) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

// ---- point encodings ----------------------------------------------------------------------------------------------

const HEX64 = /^[0-9a-f]{64}$/

/** The specification's 64-hex big-endian string → the RFC 8032 little-endian 32 bytes; null if not 64 lower hex. */
export function pointStringToBytes(s: unknown): Uint8Array | null {
  if (typeof s !== 'string' || !HEX64.test(s)) return null
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[31 - i] = parseInt(s.slice(2 * i, 2 * i + 2), 16)
  return out
}

const HEX_DIGITS = '0123456789abcdef'

/** RFC 8032 little-endian 32 bytes → the specification's 64-hex big-endian string. */
export function pointBytesToString(b: Uint8Array): string {
  let s = ''
  for (let i = 31; i >= 0; i--) {
    const v = b[i]!
    s += HEX_DIGITS[v >> 4]! + HEX_DIGITS[v & 15]!
  }
  return s
}

/** Whether the 32 little-endian bytes encode y < p (the only canonical encodings; sign bit apart). */
export function canonicalY(b: Uint8Array): boolean {
  let y = 0n
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? b[i]! & 0x7f : b[i]!)
  return y < P_FIELD
}

// ---- the portable backend (@noble/curves) -------------------------------------------------------------------------

type NoblePoint = InstanceType<typeof ed25519.Point>
const NP = ed25519.Point

function nobleFromBytes(b: Uint8Array): NoblePoint | null {
  // noble's strict decoding (zip215 = false) refuses y ≥ p and x = 0 with the sign bit set ("−0"); checked here too
  // so the refusal does not depend on a library default.
  if (!canonicalY(b)) return null
  try {
    return NP.fromBytes(b, false)
  } catch {
    return null
  }
}

export const portableGroup: Group<NoblePoint> = {
  name: GROUP_NAME,
  backend: 'portable',
  q: Q,
  g: NP.BASE,
  identity: NP.ZERO,
  add: (a, b) => a.add(b),
  sub: (a, b) => a.subtract(b),
  neg: (a) => a.negate(),
  mul(p, k) {
    const s = modQ(k)
    return s === 0n ? NP.ZERO : p.multiply(s)
  },
  baseMul(k) {
    const s = modQ(k)
    return s === 0n ? NP.ZERO : NP.BASE.multiply(s)
  },
  baseMul2(x, p, y) {
    return this.baseMul(x).add(this.mul(p, y))
  },
  mul2(a, x, b, y) {
    return this.mul(a, x).add(this.mul(b, y))
  },
  equals: (a, b) => a.equals(b),
  isIdentity: (p) => p.is0(),
  check(p) {
    if (p.is0()) return true
    try {
      p.assertValidity()
      return p.isTorsionFree()
    } catch {
      return false
    }
  },
  toString: (p) => pointBytesToString(p.toBytes()),
  parse(s, opts) {
    const b = pointStringToBytes(s)
    if (b === null) return null
    const p = nobleFromBytes(b)
    if (p === null) return null
    if (p.is0()) return opts?.allowIdentity === true ? p : null
    if (p.isSmallOrder() || !p.isTorsionFree()) return null
    return p
  },
  parseTrusted(s) {
    const b = pointStringToBytes(s)
    return b === null ? null : nobleFromBytes(b)
  },
  prepare: (p) => (p.is0() ? p : p.precompute(8, false)),
}

export type PortablePoint = NoblePoint
