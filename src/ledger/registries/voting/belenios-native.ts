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
import {
  GROUP_NAME,
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
}

let sodium: SodiumEd25519 | null | undefined

function loadSodium(): SodiumEd25519 | null {
  if (sodium === undefined) {
    try {
      const s = createRequire(import.meta.url)('sodium-native') as Partial<SodiumEd25519>
      sodium =
        typeof s.crypto_scalarmult_ed25519_noclamp === 'function' &&
        typeof s.crypto_core_ed25519_is_valid_point === 'function'
          ? (s as SodiumEd25519)
          : null
    } catch {
      sodium = null
    }
  }
  return sodium
}

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
  // 2): there [q](p + T₂) = T₂. Belenios's pure check and noble refuse those; so do we, in one libsodium call:
  // [q + 1]p runs libsodium's own checks on p (canonical, not of small order, on the curve, [q]p of x = 0) and gives
  // p back exactly when [q]p is the identity (p + T₂ otherwise).
  const ORDER_PLUS_ONE_LE = scalarLE(Q + 1n)
  const check = (p: Uint8Array): boolean => {
    if (p.length !== 32) return false
    if (isIdentityBytes(p)) return true
    const out = new Uint8Array(32)
    try {
      s.crypto_scalarmult_ed25519_noclamp(out, ORDER_PLUS_ONE_LE, p)
    } catch {
      return false
    }
    return equalBytes32(out, p)
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
