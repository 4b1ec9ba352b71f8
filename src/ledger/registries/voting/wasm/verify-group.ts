/**
 * The Belenios "Ed25519" group for VERIFICATION, on our WebAssembly module (ed25519-verify.c, docs/adr/0069): node and
 * CLI (the ballot rule, the tally and audit rules, `daejang election verify`). Same interface and same results as the
 * portable (noble) and native (libsodium) backends; wasm-group.test.ts holds them equal.
 *
 * Why it is faster (ADR 0061 "what would meet 300 ballots/s"): points stay decoded (extended coordinates) between
 * operations; a point's split multiples P, [2^64]P, [2^128]P, [2^192]P and their small tables (its "expansion") are
 * computed once — by the subgroup check when it is parsed — and kept, so each product with it (and the check itself)
 * costs 64 doublings, not 253; the
 * verification shapes g^a·P^b and A^a·B^b are single double-scalar products (Straus–Shamir, signed windows), with
 * precomputed tables for g and for the keys passed to `prepare` (the election key y); a sum or difference gets its
 * expansion from its operands' (β/g^m in every interval proof).
 *
 * Secrets never reach the variable-time code. The module is variable time (branches and table reads follow the
 * scalars). So here:
 *  - `mul` and `baseMul` — the group's constant-time products, the ones any code holding a secret scalar calls — are
 *    NOT the module's: they go to a constant-time backend (libsodium when it loads, noble otherwise) and the result
 *    is read back into the module;
 *  - only `baseMul2` and `mul2`, the verification shapes (the Group interface declares them for public scalars only),
 *    and `parse`/`check`/`add`/`sub`/`neg`/`equals` (no scalar at all) run in the module.
 * The type says it too: a `VerifyGroup` is `verifyOnly`, and nothing that creates ballots, proofs or trustee keys
 * asks for one (those take the native or portable group).
 *
 * Memory: the module's memory is fixed at build (initial = maximum, 512 KiB) and nothing allocates in it; a point on
 * this side is a JavaScript object holding its 40 coordinate limbs (160 bytes), once known its encoding, and once
 * used in a product its expansion (5,760 bytes).
 */
import {
  GROUP_NAME,
  Q,
  canonicalY,
  modQ,
  pointBytesToString,
  pointStringToBytes,
  portableGroup,
  type Group,
} from '../portable/belenios/group'
import { ED25519_VERIFY_WASM_BASE64 } from './ed25519-verify-wasm'

interface Exports {
  memory: WebAssembly.Memory
  slots(): number
  expansions(): number
  expansion_bytes(): number
  bytes(): number
  scalars(): number
  tables(): number
  init(): number
  decode(s: number): number
  encode(s: number): void
  add(r: number, a: number, b: number): void
  sub(r: number, a: number, b: number): void
  neg(r: number, a: number): void
  equal(a: number, b: number): number
  is_identity(a: number): number
  expand(x: number, s: number): void
  expand_sum(x: number, a: number, b: number, negate: number): void
  in_subgroup(x: number): number
  mul2_vartime(r: number, a: number, b: number): number
  mul2_table_vartime(r: number, t: number, b: number): number
  table_set(t: number, s: number): number
}

/** How a sum or difference was made, so its expansion can be derived from its operands' (cheaper than from scratch). */
interface Origin {
  a: VerifyPoint
  b: VerifyPoint
  negate: boolean
}

/** Derivation chains are cut at this depth (so a long running sum never keeps its history alive). */
const MAX_DEPTH = 6

/** A point of the verification group (opaque to callers). */
export class VerifyPoint {
  /** the split multiples and their tables (ed25519-verify.c's gex), once computed */
  x: Int32Array | null = null
  /** the operands it is the sum or difference of, until its expansion is computed */
  origin: Origin | null = null
  depth = 0
  constructor(
    /** extended coordinates X, Y, Z, T: ten limbs each */
    readonly limbs: Int32Array,
    /** the RFC 8032 encoding, once computed */
    public enc: Uint8Array | null,
    /** the module's fixed table holding this point's multiples, and that table's generation when it was made */
    readonly table: number = -1,
    readonly tableGen: number = -1,
  ) {}
}

/** The group a verifier computes in: only public values; see the file's comment. */
export interface VerifyGroup extends Group<VerifyPoint> {
  readonly backend: 'wasm'
  readonly verifyOnly: true
  /** the module's memory in bytes (fixed at build: it never grows) */
  memoryBytes(): number
}

/** The constant-time products `mul` and `baseMul` are delegated to, on RFC 8032 encodings. */
export interface ConstantTimeProducts {
  readonly name: string
  mul(p: Uint8Array, k: bigint): Uint8Array
  baseMul(k: bigint): Uint8Array
}

/** noble's constant-time products (the portable backend's `mul`/`baseMul`), the delegate where libsodium is absent. */
export const portableProducts: ConstantTimeProducts = {
  name: 'noble',
  mul: (p, k) => portableGroup.mul(portableGroup.parseTrusted(pointBytesToString(p))!, k).toBytes(),
  baseMul: (k) => portableGroup.baseMul(k).toBytes(),
}

const IDENTITY_BYTES = new Uint8Array(32)
IDENTITY_BYTES[0] = 1

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false
  return true
}

/** a scalar reduced mod q as 32 little-endian bytes, into `out` */
function writeScalar(out: Uint8Array, k: bigint): void {
  const hex = modQ(k).toString(16).padStart(64, '0')
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(62 - 2 * i, 64 - 2 * i), 16)
}

const LIMBS = 40

/** Instantiate the module (synchronously: it is small, and node and CLI load it at start). Throws if it cannot. */
function instantiate(): Exports {
  const bytes = Uint8Array.from(atob(ED25519_VERIFY_WASM_BASE64), (c) => c.charCodeAt(0))
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {})
  const x = instance.exports as unknown as Exports
  if (x.init() !== 1) throw new Error('the wasm group did not initialise')
  return x
}

/**
 * The verification group on the wasm module, with `ct` for the constant-time products. Throws if WebAssembly is not
 * available or the module fails its self-check (the caller falls back to another backend).
 */
export function makeVerifyGroup(ct: ConstantTimeProducts): VerifyGroup {
  const x = instantiate()
  const mem32 = new Int32Array(x.memory.buffer)
  const mem8 = new Uint8Array(x.memory.buffer)
  const slotAt = x.slots() / 4
  const xLen = x.expansion_bytes() / 4
  const xAt = x.expansions() / 4
  const bytesAt = x.bytes()
  const scalarsAt = x.scalars()
  const io = mem8.subarray(bytesAt, bytesAt + 32)
  const s0 = mem8.subarray(scalarsAt, scalarsAt + 32)
  const s1 = mem8.subarray(scalarsAt + 32, scalarsAt + 64)
  const nTables = x.tables()

  const put = (slot: number, p: VerifyPoint): void => mem32.set(p.limbs, slotAt + slot * LIMBS)
  const take = (slot: number, enc: Uint8Array | null = null): VerifyPoint =>
    new VerifyPoint(mem32.slice(slotAt + slot * LIMBS, slotAt + (slot + 1) * LIMBS), enc)
  const putX = (i: number, p: VerifyPoint): void => mem32.set(expansion(p), xAt + i * xLen)
  const takeX = (i: number): Int32Array => mem32.slice(xAt + i * xLen, xAt + (i + 1) * xLen)

  // expansions of recently used points by their encoding (points are public here): g^m of every ballot's interval
  // proofs, a credential voting again
  const known = new Map<string, Int32Array>()
  const KNOWN_MAX = 64

  /** the point's expansion: kept on it once computed; from its operands' when it is a sum or difference */
  function expansion(p: VerifyPoint): Int32Array {
    if (p.x !== null) return p.x
    const key = p.enc === null ? null : pointBytesToString(p.enc)
    const hit = key === null ? undefined : known.get(key)
    if (hit !== undefined) {
      p.x = hit
      p.origin = null
      return hit
    }
    const o = p.origin
    if (o !== null) {
      const ea = expansion(o.a)
      const eb = expansion(o.b)
      mem32.set(ea, xAt)
      mem32.set(eb, xAt + xLen)
      x.expand_sum(2, 0, 1, o.negate ? 1 : 0)
      p.origin = null
    } else {
      put(0, p)
      x.expand(2, 0)
    }
    p.x = takeX(2)
    if (key !== null) {
      if (known.size >= KNOWN_MAX) known.delete(known.keys().next().value!)
      known.set(key, p.x)
    }
    return p.x
  }

  /** decode 32 bytes into slot 0 (RFC 8032: canonical, on the curve, not "−0"); false if refused */
  const decodeInto = (b: Uint8Array): boolean => {
    io.set(b)
    return x.decode(0) === 1
  }
  const fromBytesTrusted = (b: Uint8Array): VerifyPoint => {
    if (!decodeInto(b)) throw new Error('the constant-time backend returned a point that does not decode')
    return take(0, b)
  }
  const encodingOf = (p: VerifyPoint): Uint8Array => {
    if (p.enc === null) {
      put(0, p)
      x.encode(0)
      p.enc = io.slice()
    }
    return p.enc
  }

  // fixed tables for prepared points: 0 is g's (built by init); 1 .. n − 1 reused in turn, a generation each so a
  // point whose table was reused for another key falls back to the product without it (still correct)
  const tableGen = new Int32Array(nTables)
  const tableOf = new Map<string, number>()
  let nextTable = 1
  const liveTable = (p: VerifyPoint): number => (p.table >= 0 && tableGen[p.table] === p.tableGen ? p.table : -1)

  const g = fromBytesTrusted(pointStringToBytes('6666666666666666666666666666666666666666666666666666666666666658')!)
  const G = new VerifyPoint(g.limbs, g.enc, 0, 0)
  expansion(G)
  const identity = fromBytesTrusted(IDENTITY_BYTES)
  expansion(identity)

  const binary = (op: 'add' | 'sub', a: VerifyPoint, b: VerifyPoint): VerifyPoint => {
    put(0, a)
    put(1, b)
    x[op](2, 0, 1)
    const r = take(2)
    const depth = Math.max(a.x === null ? a.depth : 0, b.x === null ? b.depth : 0) + 1
    if (depth <= MAX_DEPTH) {
      r.origin = { a, b, negate: op === 'sub' }
      r.depth = depth
    }
    return r
  }
  /** [k]a + [l]b, variable time: public scalars only */
  const mul2 = (a: VerifyPoint, k: bigint, b: VerifyPoint, l: bigint): VerifyPoint => {
    const ta = liveTable(a)
    if (ta < 0 && liveTable(b) >= 0) return mul2(b, l, a, k)
    writeScalar(s0, k)
    writeScalar(s1, l)
    let ok: number
    if (ta >= 0) {
      putX(1, b)
      ok = x.mul2_table_vartime(2, ta, 1)
    } else {
      // both expansions first: computing one may use the module's expansion slots
      const ea = expansion(a)
      const eb = expansion(b)
      mem32.set(ea, xAt)
      mem32.set(eb, xAt + xLen)
      ok = x.mul2_vartime(2, 0, 1)
    }
    if (ok !== 1) throw new Error('the wasm group refused a product')
    return take(2)
  }
  const isIdentity = (p: VerifyPoint): boolean => {
    if (p.enc !== null) return equalBytes(p.enc, IDENTITY_BYTES)
    put(0, p)
    return x.is_identity(0) === 1
  }
  /** [q]p = O (p is on the curve by construction); computes and keeps p's expansion */
  const inSubgroup = (p: VerifyPoint): boolean => {
    putX(0, p)
    return x.in_subgroup(0) === 1
  }

  return {
    name: GROUP_NAME,
    backend: 'wasm',
    verifyOnly: true,
    memoryBytes: () => x.memory.buffer.byteLength,
    q: Q,
    g: G,
    identity,
    add: (a, b) => binary('add', a, b),
    sub: (a, b) => binary('sub', a, b),
    neg(a) {
      put(0, a)
      x.neg(1, 0)
      return take(1)
    },
    // constant time: the delegate's, never the module's
    mul: (p, k) => fromBytesTrusted(ct.mul(encodingOf(p), k)),
    baseMul: (k) => fromBytesTrusted(ct.baseMul(k)),
    // the verification shapes: variable time, public scalars only (Group's contract)
    baseMul2: (k, p, l) => mul2(G, k, p, l),
    mul2,
    equals(a, b) {
      if (a.enc !== null && b.enc !== null) return equalBytes(a.enc, b.enc)
      put(0, a)
      put(1, b)
      return x.equal(0, 1) === 1
    },
    isIdentity,
    check: (p) => isIdentity(p) || inSubgroup(p),
    toString: (p) => pointBytesToString(encodingOf(p)),
    parse(s, opts) {
      const b = pointStringToBytes(s)
      if (b === null || !canonicalY(b) || !decodeInto(b)) return null
      if (x.is_identity(0) === 1) return opts?.allowIdentity === true ? take(0, b) : null
      const p = take(0, b)
      return inSubgroup(p) ? p : null
    },
    parseTrusted(s) {
      const b = pointStringToBytes(s)
      if (b === null || !canonicalY(b) || !decodeInto(b)) return null
      return take(0, b)
    },
    prepare(p) {
      if (isIdentity(p)) return p
      const key = pointBytesToString(encodingOf(p))
      let t = tableOf.get(key)
      if (t === undefined) {
        t = nextTable
        nextTable = nextTable + 1 >= nTables ? 1 : nextTable + 1
        for (const [k, v] of tableOf) if (v === t) tableOf.delete(k)
        put(0, p)
        if (x.table_set(t, 0) !== 1) return p
        tableGen[t] = (tableGen[t]! + 1) | 0
        tableOf.set(key, t)
      }
      const r = new VerifyPoint(p.limbs, p.enc, t, tableGen[t])
      r.x = p.x
      return r
    },
  }
}
