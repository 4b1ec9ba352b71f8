/**
 * The Belenios "Ed25519" group on libsodium (sodium-native; ADR 0042 for how the binding is shipped, ADR 0048 for why
 * two backends): node and CLI only. Same interface and same results as the portable backend
 * (portable/belenios/group.ts); property tests hold the two equal.
 *
 * A point is its RFC 8032 encoding, 32 bytes little-endian (the specification's string is the same number written
 * big-endian in hex). Every point this backend returns is canonical, so equality is byte equality.
 *
 * libsodium refuses the identity as an input or output of its scalar products (and checks the input is in the
 * prime-order subgroup on every product); the identity is handled here without calling it.
 */
import { createRequire } from 'node:module'
import { Field } from '@noble/curves/abstract/modular.js'
import {
  GROUP_NAME,
  P_FIELD,
  Q,
  canonicalY,
  modQ,
  pointBytesToString,
  pointStringToBytes,
  type Group,
} from './portable/belenios/group'

interface SodiumEd25519 {
  crypto_core_ed25519_add(r: Uint8Array, p: Uint8Array, q: Uint8Array): void
  crypto_core_ed25519_sub(r: Uint8Array, p: Uint8Array, q: Uint8Array): void
  crypto_core_ed25519_is_valid_point(p: Uint8Array): boolean
  crypto_scalarmult_ed25519_noclamp(q: Uint8Array, n: Uint8Array, p: Uint8Array): void
  crypto_scalarmult_ed25519_base_noclamp(q: Uint8Array, n: Uint8Array): void
  crypto_scalarmult(q: Uint8Array, n: Uint8Array, p: Uint8Array): void
}

let sodium: SodiumEd25519 | null | undefined

function loadSodium(): SodiumEd25519 | null {
  if (sodium === undefined) {
    try {
      const s = createRequire(import.meta.url)('sodium-native') as Partial<SodiumEd25519>
      sodium =
        typeof s.crypto_scalarmult_ed25519_noclamp === 'function' &&
        typeof s.crypto_core_ed25519_is_valid_point === 'function' &&
        typeof s.crypto_scalarmult === 'function'
          ? (s as SodiumEd25519)
          : null
    } catch {
      sodium = null
    }
  }
  return sodium
}

const FIELD = Field(P_FIELD)

const IDENTITY = new Uint8Array(32)
IDENTITY[0] = 1

/** The generator's RFC 8032 encoding (y = 4/5, x even). */
const BASE = pointStringToBytes('6666666666666666666666666666666666666666666666666666666666666658')!

function isIdentityBytes(p: Uint8Array): boolean {
  if (p[0] !== 1) return false
  for (let i = 1; i < 32; i++) if (p[i] !== 0) return false
  return true
}

/** The two points with x = 0, (0, 1) and (0, −1), written with the sign bit set ("−0"): non-canonical, refused. */
function isNegativeZero(p: Uint8Array): boolean {
  if ((p[31]! & 0x80) === 0) return false
  const high = p[31]! & 0x7f
  let zeros = high === 0
  for (let i = 1; i < 31; i++) if (p[i] !== 0) zeros = false
  if (zeros && p[0] === 1) return true // y = 1
  // y = p − 1 = 2^255 − 20: 0xec, thirty 0xff, 0x7f
  if (p[0] !== 0xec || high !== 0x7f) return false
  for (let i = 1; i < 31; i++) if (p[i] !== 0xff) return false
  return true
}

function equalBytes32(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false
  return true
}

/** A reduced scalar as the 32 little-endian bytes libsodium takes (through hex: a few times faster than shifting). */
function scalarLE(k: bigint): Uint8Array {
  const hex = k.toString(16).padStart(64, '0')
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(62 - 2 * i, 64 - 2 * i), 16)
  return out
}

/**
 * The membership check's scalar (docs/adr/0061): n = 2^254 + 8m with n ≡ 0 (mod 8) and n ≡ −1 (mod q), a scalar that
 * X25519's clamping leaves as it is. On a point P = P' + T of the curve (P' of order q or 1, T of order dividing 8),
 * [n]P = −P': the torsion is killed. So u([n]P) = u(P) exactly when T is the identity (P' = ±(P' + T) forces T = O,
 * as 2P' + T = O has no solution but O); a point of small order (P' = O) gives u = 0 or the point at infinity, which
 * X25519 refuses. One Montgomery ladder (~40 µs here) instead of libsodium's checked product (~165 µs: it decodes,
 * multiplies by q to test the subgroup, then multiplies again).
 */
const SUBGROUP_N = scalarLE(2n ** 254n + 8n * 0x20000000000000000000000000000000d0b5c2b25dac205f70b7df07a19a474n)

/** y of a 32-byte encoding, sign bit cleared (canonical: y < p, checked by the caller). */
function yOf(b: Uint8Array): bigint {
  let y = 0n
  for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(i === 31 ? b[i]! & 0x7f : b[i]!)
  return y
}

/** u = (1 + y) / (1 − y) mod p, 32 bytes little-endian (y ≠ 1). */
function montgomeryU(y: bigint): Uint8Array {
  const u = FIELD.mul(FIELD.add(1n, y), FIELD.inv(FIELD.sub(1n, y)))
  return scalarLE(u)
}

function makeNativeGroup(s: SodiumEd25519): Group<Uint8Array> {
  const mul = (p: Uint8Array, k: bigint): Uint8Array => {
    const n = modQ(k)
    if (n === 0n || isIdentityBytes(p)) return IDENTITY
    const out = new Uint8Array(32)
    s.crypto_scalarmult_ed25519_noclamp(out, scalarLE(n), p)
    return out
  }
  const baseMul = (k: bigint): Uint8Array => {
    const n = modQ(k)
    if (n === 0n) return IDENTITY
    const out = new Uint8Array(32)
    s.crypto_scalarmult_ed25519_base_noclamp(out, scalarLE(n))
    return out
  }
  const add = (a: Uint8Array, b: Uint8Array): Uint8Array => {
    if (isIdentityBytes(a)) return b
    if (isIdentityBytes(b)) return a
    const out = new Uint8Array(32)
    s.crypto_core_ed25519_add(out, a, b)
    return out
  }
  const sub = (a: Uint8Array, b: Uint8Array): Uint8Array => {
    if (isIdentityBytes(b)) return a
    const out = new Uint8Array(32)
    s.crypto_core_ed25519_sub(out, a, b)
    return out
  }
  // libsodium's is_valid_point tests [q]p by its x coordinate only, so it also passes p + T₂ (T₂ = (0, −1), of order
  // 2): there [q](p + T₂) = T₂. Belenios's pure check and noble refuse those; so do we (ADR 0049). The check (ADR
  // 0061): canonical and not "−0" (here), on the curve (libsodium's sum decodes p and refuses a point off it), then
  // the subgroup on the Montgomery form by one X25519 ladder with SUBGROUP_N (above).
  const scratch = new Uint8Array(32)
  const check = (p: Uint8Array): boolean => {
    if (p.length !== 32) return false
    if (isIdentityBytes(p)) return true
    if (!canonicalY(p) || isNegativeZero(p)) return false
    const y = yOf(p)
    if (y === 1n) return false // the identity written with x's sign set
    try {
      s.crypto_core_ed25519_add(scratch, p, BASE) // decodes p: refuses it off the curve
      const out = new Uint8Array(32)
      const u = montgomeryU(y)
      s.crypto_scalarmult(out, SUBGROUP_N, u) // refuses a result of small order (all zeros)
      return equalBytes32(out, u)
    } catch {
      return false
    }
  }
  return {
    name: GROUP_NAME,
    backend: 'native',
    q: Q,
    g: BASE,
    identity: IDENTITY,
    add,
    sub,
    neg: (a) => sub(IDENTITY, a),
    mul,
    baseMul,
    baseMul2: (x, p, y) => add(baseMul(x), mul(p, y)),
    mul2: (a, x, b, y) => add(mul(a, x), mul(b, y)),
    equals: equalBytes32,
    isIdentity: isIdentityBytes,
    check,
    toString: pointBytesToString,
    parse(str, opts) {
      const b = pointStringToBytes(str)
      if (b === null || !canonicalY(b)) return null
      if (isIdentityBytes(b)) return opts?.allowIdentity === true ? b : null
      // canonical, on the curve, not of small order, in the prime-order subgroup
      return check(b) ? b : null
    },
    parseTrusted(str) {
      const b = pointStringToBytes(str)
      if (b === null || !canonicalY(b) || isNegativeZero(b)) return null
      if (isIdentityBytes(b)) return b
      // on the curve (as the portable backend's decoding requires), without the subgroup check: libsodium's sum
      // decodes both points and refuses one that is off the curve; any failure refuses the text
      try {
        s.crypto_core_ed25519_add(new Uint8Array(32), b, BASE)
        return b
      } catch {
        return null
      }
    },
    prepare: (p) => p,
  }
}

let nativeGroup: Group<Uint8Array> | null | undefined

/** The native group, or null where libsodium's binding cannot be loaded (the caller falls back to the portable one). */
export function loadNativeGroup(): Group<Uint8Array> | null {
  if (nativeGroup === undefined) {
    const s = loadSodium()
    nativeGroup = s === null ? null : makeNativeGroup(s)
  }
  return nativeGroup
}
