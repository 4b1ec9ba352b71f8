/**
 * Canonical encoding: deterministic CBOR (RFC 8949 §4.2.1, "core deterministic encoding") over a small value model.
 * See docs/adr/0002-canonical-encoding.md.
 *
 * Value model: null, booleans, safe integers, UTF-8 strings, byte strings, arrays, and maps with string keys.
 * No floats, no undefined, no tags, no indefinite lengths. Maps are encoded with keys sorted bytewise by their
 * encoding. Decoding is strict: a byte string decodes only if re-encoding it gives exactly the same bytes, so every
 * value has exactly one encoding and every accepted encoding one value.
 */
import { decode, encode, rfc8949EncodeOptions } from 'cborg'
import { DaejangError } from '../../shared/errors'
import { equalBytes } from './bytes'

export type Canonical =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | Canonical[]
  | { [key: string]: Canonical }

const MAX_DEPTH = 32

/** A lone surrogate has no UTF-8 encoding: it would be written as U+FFFD and decode as another string. */
const LONE_SURROGATE = /\p{Surrogate}/u

function checkString(s: string): void {
  if (LONE_SURROGATE.test(s)) throw new DaejangError('SCHEMA_INVALID', 'strings must be well-formed Unicode (no lone surrogates)')
}

function check(v: unknown, depth: number): void {
  if (depth > MAX_DEPTH) throw new DaejangError('SCHEMA_INVALID', 'value is nested too deeply')
  if (v === null || typeof v === 'boolean') return
  if (typeof v === 'string') return checkString(v)
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new DaejangError('SCHEMA_INVALID', 'only safe integers are allowed, got ' + v)
    if (Object.is(v, -0)) throw new DaejangError('SCHEMA_INVALID', 'negative zero is not allowed')
    return
  }
  if (v instanceof Uint8Array) return
  if (Array.isArray(v)) {
    for (const x of v) check(x, depth + 1)
    return
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v)
    if (proto !== Object.prototype && proto !== null) {
      throw new DaejangError('SCHEMA_INVALID', 'only plain objects are allowed')
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      checkString(k)
      if (x === undefined) throw new DaejangError('SCHEMA_INVALID', `undefined value at key "${k}"`)
      check(x, depth + 1)
    }
    return
  }
  throw new DaejangError('SCHEMA_INVALID', `type ${typeof v} cannot be encoded`)
}

/** Encode a value canonically. Throws SCHEMA_INVALID for values outside the model. */
export function encodeCanonical(v: Canonical): Uint8Array {
  check(v, 0)
  return encode(v, rfc8949EncodeOptions)
}

/** Encode without re-checking the value model: only for values built by our own code from checked parts. */
export function encodeTrusted(v: Canonical): Uint8Array {
  return encode(v, rfc8949EncodeOptions)
}

/** The head of major type `major` with argument n (a safe non-negative integer), in its shortest form, at out[o]. */
function writeHead(out: Uint8Array, o: number, major: number, n: number): number {
  const m = major << 5
  if (n < 24) {
    out[o] = m | n
    return o + 1
  }
  if (n < 0x100) {
    out[o] = m | 24
    out[o + 1] = n
    return o + 2
  }
  if (n < 0x1_0000) {
    out[o] = m | 25
    out[o + 1] = n >>> 8
    out[o + 2] = n & 0xff
    return o + 3
  }
  if (n < 0x1_0000_0000) {
    out[o] = m | 26
    out[o + 1] = n >>> 24
    out[o + 2] = (n >>> 16) & 0xff
    out[o + 3] = (n >>> 8) & 0xff
    out[o + 4] = n & 0xff
    return o + 5
  }
  out[o] = m | 27
  const hi = Math.floor(n / 0x1_0000_0000)
  const lo = n >>> 0
  for (let i = 0; i < 4; i++) out[o + 1 + i] = (hi >>> (24 - 8 * i)) & 0xff
  for (let i = 0; i < 4; i++) out[o + 5 + i] = (lo >>> (24 - 8 * i)) & 0xff
  return o + 9
}

/**
 * encodeCanonical([a, b]) for two safe non-negative integers (a transaction's place: height and index), without
 * building the value: the store writes one for every transaction of a block.
 */
export function encodeUintPair(a: number, b: number): Uint8Array {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 0 || b < 0) return encodeCanonical([a, b])
  const out = new Uint8Array(19)
  out[0] = 0x82
  const end = writeHead(out, writeHead(out, 1, 0, a), 0, b)
  return out.subarray(0, end)
}

const DECODE_OPTIONS = {
  strict: true,
  rejectDuplicateMapKeys: true,
  allowIndefinite: false,
  allowUndefined: false,
  allowInfinity: false,
  allowNaN: false,
  allowBigInt: false,
  useMaps: false,
  tags: [] as never[],
}

/**
 * Decode canonical bytes. Throws NON_CANONICAL for anything that is not the one encoding of a model value.
 *
 * A single pass that checks the canonical form as it reads (docs/adr/0034) instead of decoding with cborg and
 * encoding the result again to compare: every head is the shortest for its argument, lengths are definite, integers
 * are safe, text is well-formed UTF-8, map keys are text in strictly increasing order of their encodings (so no key
 * twice), nothing but false, true and null in major type 7, no tags, nesting at most MAX_DEPTH, no bytes left over.
 * That is exactly the set of encodings encodeCanonical produces: it accepts what `decodeCanonicalByReencoding`
 * (the former way, kept as the reference) accepts and gives the same value (test/ledger/canonical-fast.test.ts),
 * with one deliberate difference: a text string that begins with U+FEFF (a byte order mark) is decoded as written.
 * The former decoder dropped that character (cborg's UTF-8 decoding) and then refused the bytes, although
 * encodeCanonical writes them: a transaction admitted from JSON with such a string could be put in a block that
 * every other validator refused.
 */
export function decodeCanonical(bytes: Uint8Array): Canonical {
  // a plain view: a Buffer's slice() would share its memory rather than copy
  const r = new Reader(Object.getPrototypeOf(bytes) === Uint8Array.prototype ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  const v = r.item(0)
  if (r.pos !== bytes.length) throw nonCanonical('bytes left over after the value')
  return v
}

/** The former decoder (cborg, the value model checked, encoded again and compared): the reference of the tests. */
export function decodeCanonicalByReencoding(bytes: Uint8Array): Canonical {
  let v: unknown
  try {
    v = decode(bytes, DECODE_OPTIONS)
  } catch (e) {
    throw new DaejangError('NON_CANONICAL', 'not valid canonical CBOR: ' + (e instanceof Error ? e.message : String(e)))
  }
  try {
    check(v, 0)
  } catch (e) {
    throw new DaejangError('NON_CANONICAL', (e as Error).message)
  }
  const again = encode(v, rfc8949EncodeOptions)
  if (!equalBytes(again, bytes)) throw new DaejangError('NON_CANONICAL')
  return v as Canonical
}

function nonCanonical(why: string): DaejangError {
  return new DaejangError('NON_CANONICAL', 'not valid canonical CBOR: ' + why)
}

/** text of at most this many bytes may be interned (see Reader.text) */
const SHORT_TEXT = 24
const INTERN_SLOTS = 4096
const interned: Array<string | undefined> = new Array<string | undefined>(INTERN_SLOTS)

const utf8Fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
/** 2^32, and the largest argument of a negative integer whose value is safe (−1 − n ≥ −(2^53 − 1)) */
const TWO_32 = 0x1_0000_0000
const MAX_NEG_ARG = Number.MAX_SAFE_INTEGER - 1

class Reader {
  pos = 0
  constructor(private readonly b: Uint8Array) {}

  private byte(): number {
    if (this.pos >= this.b.length) throw nonCanonical('unexpected end of the bytes')
    return this.b[this.pos++]!
  }

  /** The argument of a head whose additional information is `ai`, required in its shortest form. */
  private arg(ai: number): number {
    if (ai < 24) return ai
    const b = this.b
    const p = this.pos
    let n: number
    if (ai === 24) {
      if (p + 1 > b.length) throw nonCanonical('unexpected end of the bytes')
      n = b[p]!
      this.pos = p + 1
      if (n < 24) throw nonCanonical('an argument not in its shortest form')
    } else if (ai === 25) {
      if (p + 2 > b.length) throw nonCanonical('unexpected end of the bytes')
      n = (b[p]! << 8) | b[p + 1]!
      this.pos = p + 2
      if (n < 0x100) throw nonCanonical('an argument not in its shortest form')
    } else if (ai === 26) {
      if (p + 4 > b.length) throw nonCanonical('unexpected end of the bytes')
      n = b[p]! * 0x100_0000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!)
      this.pos = p + 4
      if (n < 0x1_0000) throw nonCanonical('an argument not in its shortest form')
    } else if (ai === 27) {
      if (p + 8 > b.length) throw nonCanonical('unexpected end of the bytes')
      const hi = b[p]! * 0x100_0000 + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!)
      const lo = b[p + 4]! * 0x100_0000 + ((b[p + 5]! << 16) | (b[p + 6]! << 8) | b[p + 7]!)
      this.pos = p + 8
      if (hi >= 0x20_0000) throw nonCanonical('an integer beyond the safe range')
      if (hi === 0) throw nonCanonical('an argument not in its shortest form')
      n = hi * TWO_32 + lo
    } else {
      throw nonCanonical(ai === 31 ? 'an indefinite length' : 'a reserved head')
    }
    return n
  }

  private take(len: number): number {
    const start = this.pos
    if (len > this.b.length - start) throw nonCanonical('unexpected end of the bytes')
    this.pos = start + len
    return start
  }

  private text(len: number): string {
    const b = this.b
    const start = this.take(len)
    const end = start + len
    if (len <= SHORT_TEXT) {
      // short ASCII (map keys, types, identifiers: the same few strings again and again) is looked up in a small
      // table by a hash of its bytes, so a repeated one costs no new string
      let h = 0x811c9dc5
      let i = start
      for (; i < end; i++) {
        const c = b[i]!
        if (c >= 0x80) break
        h = Math.imul(h ^ c, 0x01000193)
      }
      if (i === end) {
        h = (h ^ len) & (INTERN_SLOTS - 1)
        const known = interned[h]
        if (known !== undefined && known.length === len) {
          let same = true
          for (let j = 0; j < len; j++) {
            if (known.charCodeAt(j) !== b[start + j]) {
              same = false
              break
            }
          }
          if (same) return known
        }
        let s = ''
        for (let j = start; j < end; j++) s += String.fromCharCode(b[j]!)
        interned[h] = s
        return s
      }
    }
    try {
      return utf8Fatal.decode(b.subarray(start, end))
    } catch {
      throw nonCanonical('text that is not well-formed UTF-8')
    }
  }

  item(depth: number): Canonical {
    if (depth > MAX_DEPTH) throw nonCanonical('value is nested too deeply')
    const ib = this.byte()
    const major = ib >> 5
    const ai = ib & 31
    switch (major) {
      case 0:
        return this.arg(ai)
      case 1: {
        const n = this.arg(ai)
        if (n > MAX_NEG_ARG) throw nonCanonical('an integer beyond the safe range')
        return -1 - n
      }
      case 2: {
        const len = this.arg(ai)
        const start = this.take(len)
        return this.b.slice(start, start + len)
      }
      case 3:
        return this.text(this.arg(ai))
      case 4: {
        const len = this.arg(ai)
        // every item takes at least a byte: a length beyond what is left cannot be honest
        if (len > this.b.length - this.pos) throw nonCanonical('unexpected end of the bytes')
        const out: Canonical[] = []
        for (let i = 0; i < len; i++) out.push(this.item(depth + 1))
        return out
      }
      case 5: {
        const len = this.arg(ai)
        if (len > this.b.length - this.pos) throw nonCanonical('unexpected end of the bytes')
        const out: { [key: string]: Canonical } = {}
        let prevStart = -1
        let prevEnd = -1
        for (let i = 0; i < len; i++) {
          const keyStart = this.pos
          const kb = this.byte()
          if (kb >> 5 !== 3) throw nonCanonical('a map key that is not text')
          const key = this.text(this.arg(kb & 31))
          const keyEnd = this.pos
          if (prevStart >= 0 && compareRange(this.b, prevStart, prevEnd, keyStart, keyEnd) >= 0) {
            throw nonCanonical('map keys not in canonical order, or repeated')
          }
          prevStart = keyStart
          prevEnd = keyEnd
          const value = this.item(depth + 1)
          if (key === '__proto__') {
            // an own property, as a plain assignment would set the prototype instead
            Object.defineProperty(out, key, { value, configurable: true, enumerable: true, writable: true })
          } else {
            out[key] = value
          }
        }
        return out
      }
      case 6:
        throw nonCanonical('tags are not allowed')
      default:
        if (ib === 0xf4) return false
        if (ib === 0xf5) return true
        if (ib === 0xf6) return null
        throw nonCanonical(ai === 31 ? 'an indefinite length' : 'only false, true and null are allowed among simple values and floats')
    }
  }
}

/** Bytewise order of b[a0, a1) and b[b0, b1) (a prefix sorts first). */
function compareRange(b: Uint8Array, a0: number, a1: number, b0: number, b1: number): number {
  const n = Math.min(a1 - a0, b1 - b0)
  for (let i = 0; i < n; i++) {
    const x = b[a0 + i]!
    const y = b[b0 + i]!
    if (x !== y) return x < y ? -1 : 1
  }
  return a1 - a0 - (b1 - b0)
}
