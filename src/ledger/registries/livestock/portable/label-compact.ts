/**
 * The livestock label's QR code in fewer bytes (format 2, docs/adr/0045): the animal's head in a compact form that
 * gives back exactly the stored value, and the head's proof steps with their depths bit-packed. Nothing here is
 * trusted: the verifier rebuilds the value and the steps, hashes them and checks the proof; every compact form has
 * exactly one reading and one writing (a value written otherwise than its compact form is refused). Portable.
 *
 * The head's value, format 2 (canonical CBOR items):
 *   - a map is `[1, k, v, k, v, …]`, each known field name replaced by its index in HEAD_FIELDS (a name not in it,
 *     e.g. a field added later, stays a string); an array is `[0, …items]`;
 *   - a known word (HEAD_WORDS: breed, sex, status, origin, inspection, grades) is the negative integer −1 − index;
 *   - a calendar day `YYYY-MM-DD` is the negative integer −1000 − (days since 1970-01-01);
 *   - a string of decimal digits (an animal or a site number) is a byte string of its digits, two a byte (BCD), an
 *     odd count ended by the nibble F;
 *   - any other string, null, a boolean, a non-negative number stay as they are; a negative number is `[3, n]` and a
 *     byte string `[4, bytes]` (the head has neither, but nothing is lost if one is added).
 * HEAD_FIELDS and HEAD_WORDS are part of the format: append only, never reorder.
 *
 * The steps, format 2: one byte of the step count, then each step's depth as the Elias gamma code of its distance
 * from the step below (the first from 512; depths strictly decrease as the proof climbs: 1 bit for the usual distance
 * of 1), zero-padded to a byte, then the 32-byte siblings in order.
 */
import { DaejangError } from '../../../../shared/errors'
import type { Canonical } from '../../../codec/canonical'
import { PATH_BITS, type ProofStep } from '../../../proofs/state-proof'

function invalid(why: string): DaejangError {
  return new DaejangError('PROOF_INVALID', why)
}

export const HEAD_FIELDS = [
  'animal', 'breed', 'sex', 'birthDate', 'mother', 'origin', 'kind', 'farm', 'lot', 'country', 'foreignId', 'status', 'site',
  'stays', 'from', 'to', 'tagged', 'slaughter', 'date', 'inspection', 'dnaSample', 'grade', 'quality', 'yield', 'weightKg',
  'events', 'alerts',
] as const
/** at most 24 (one CBOR byte each) */
export const HEAD_WORDS = [
  'hanwoo', 'beef', 'dairy', 'other', 'female', 'male', 'castrated', 'alive', 'dead', 'slaughtered', 'exported', 'born',
  'imported', 'pass', 'fail', '1++', '1+', '1', '2', '3', 'D', 'A', 'B', 'C',
] as const

const FIELD_INDEX = new Map<string, number>(HEAD_FIELDS.map((f, i) => [f, i]))
const WORD_INDEX = new Map<string, number>(HEAD_WORDS.map((w, i) => [w, i]))
const DAY_BASE = 1000
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const DIGITS = /^[0-9]{1,64}$/
const DAY_MS = 86_400_000
/** 9999-12-31 */
const LAST_DAY = 2_932_896
const MAX_DEPTH = 8

const dayText = (n: number): string => new Date(n * DAY_MS).toISOString().slice(0, 10)
function dayNumber(s: string): number | null {
  const m = DAY.exec(s)
  if (!m) return null
  const n = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS
  return Number.isSafeInteger(n) && n >= 0 && n <= LAST_DAY && dayText(n) === s ? n : null
}

function digitsToBcd(s: string): Uint8Array {
  const out = new Uint8Array((s.length + 1) >> 1)
  for (let i = 0; i < s.length; i++) out[i >> 1]! |= (s.charCodeAt(i) - 48) << (i & 1 ? 0 : 4)
  if (s.length & 1) out[out.length - 1]! |= 0xf
  return out
}

function bcdToDigits(b: Uint8Array): string {
  let s = ''
  for (let i = 0; i < b.length; i++) {
    const hi = b[i]! >> 4
    const lo = b[i]! & 15
    if (hi > 9 || (lo > 9 && !(lo === 15 && i === b.length - 1))) throw invalid("the QR code's record has a number that is not decimal")
    s += String(hi) + (lo === 15 ? '' : String(lo))
  }
  if (s.length === 0) throw invalid("the QR code's record has an empty number")
  return s
}

/** A string in its compact form: a word, a day, digits, or itself. */
function compactString(s: string): Canonical {
  const w = WORD_INDEX.get(s)
  if (w !== undefined) return -1 - w
  const d = dayNumber(s)
  if (d !== null) return -DAY_BASE - d
  if (DIGITS.test(s)) return digitsToBcd(s)
  return s
}

export function compactHead(v: Canonical, depth = 0): Canonical {
  if (depth > MAX_DEPTH) throw invalid("the animal's record is nested too deeply for a label")
  if (typeof v === 'string') return compactString(v)
  if (typeof v === 'number') return v < 0 || Object.is(v, -0) ? [3, v] : v
  if (v instanceof Uint8Array) return [4, v]
  if (Array.isArray(v)) return [0, ...v.map((x) => compactHead(x, depth + 1))]
  if (v === null || typeof v !== 'object') return v
  const out: Canonical[] = [1]
  // in the canonical order of the names (as the record is hashed), not the object's: one writing of a record
  for (const [k, x] of Object.entries(v).sort(([a], [b]) => compareNames(a, b))) out.push(FIELD_INDEX.get(k) ?? k, compactHead(x, depth + 1))
  return out
}

const utf8 = new TextEncoder()
/** Canonical CBOR's order of map keys (their encodings bytewise): the shorter UTF-8 first, then byte by byte. */
function compareNames(a: string, b: string): number {
  const x = utf8.encode(a)
  const y = utf8.encode(b)
  if (x.length !== y.length) return x.length - y.length
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!
  return 0
}

export function expandHead(v: Canonical, depth = 0): Canonical {
  if (depth > MAX_DEPTH) throw invalid("the QR code's record is nested too deeply")
  if (typeof v === 'number') {
    if (v >= 0 && !Object.is(v, -0)) return v
    if (Number.isSafeInteger(v) && v < 0 && v >= -HEAD_WORDS.length) return HEAD_WORDS[-1 - v]!
    if (Number.isSafeInteger(v) && v <= -DAY_BASE && v >= -DAY_BASE - LAST_DAY) return dayText(-DAY_BASE - v)
    throw invalid("the QR code's record has a negative number that is neither a word nor a day")
  }
  if (v instanceof Uint8Array) {
    const s = bcdToDigits(v)
    if (s.length > 64 || WORD_INDEX.has(s)) throw invalid("the QR code's record writes a number not in its compact form")
    return s
  }
  if (typeof v === 'string') {
    if (compactString(v) !== v) throw invalid("the QR code's record writes a word, a day or a number in full (not its compact form)")
    return v
  }
  if (!Array.isArray(v)) return v
  const [tag, ...rest] = v
  if (tag === 0) return rest.map((x) => expandHead(x, depth + 1))
  if (tag === 3 && rest.length === 1 && typeof rest[0] === 'number' && (rest[0] < 0 || Object.is(rest[0], -0))) return rest[0]
  if (tag === 4 && rest.length === 1 && rest[0] instanceof Uint8Array) return rest[0]
  if (tag === 1 && rest.length % 2 === 0) {
    const out: Record<string, Canonical> = {}
    let prev: string | undefined
    for (let i = 0; i < rest.length; i += 2) {
      const k = rest[i]
      const name = typeof k === 'number' ? HEAD_FIELDS[k] : typeof k === 'string' && !FIELD_INDEX.has(k) ? k : undefined
      if (name === undefined || Object.prototype.hasOwnProperty.call(out, name)) throw invalid("the QR code's record has a field twice or an unknown field number")
      // the fields in the record's canonical order only: the same record in another order is a second writing of it
      if (prev !== undefined && compareNames(prev, name) >= 0) throw invalid("the QR code's record has its fields out of order")
      prev = name
      Object.defineProperty(out, name, { value: expandHead(rest[i + 1]!, depth + 1), enumerable: true, writable: true, configurable: true })
    }
    return out
  }
  throw invalid("the QR code's record is not in its compact form")
}

// ------------------------------------------------------------------------------------------------ the proof's steps

class Bits {
  readonly bytes: number[] = []
  private n = 0
  put(bit: number): void {
    if ((this.n & 7) === 0) this.bytes.push(0)
    if (bit) this.bytes[this.bytes.length - 1]! |= 0x80 >> (this.n & 7)
    this.n++
  }
}

/** Steps with strictly decreasing depths (as a proof climbs), packed: count, gamma-coded depth gaps, siblings. */
export function packStepsCompact(steps: readonly ProofStep[]): Uint8Array {
  if (steps.length > 255) throw invalid('a proof of more than 255 steps does not fit a label')
  const bits = new Bits()
  let prev = PATH_BITS
  for (const s of steps) {
    const gap = prev - s.depth
    if (!Number.isSafeInteger(s.depth) || s.depth < 0 || gap < 1) throw invalid('the proof steps are not in strictly decreasing depth order')
    const width = 31 - Math.clz32(gap)
    for (let i = 0; i < width; i++) bits.put(0)
    for (let i = width; i >= 0; i--) bits.put((gap >> i) & 1)
    prev = s.depth
  }
  const out = new Uint8Array(1 + bits.bytes.length + 32 * steps.length)
  out[0] = steps.length
  out.set(bits.bytes, 1)
  steps.forEach((s, i) => out.set(s.sibling, 1 + bits.bytes.length + 32 * i))
  return out
}

export function unpackStepsCompact(b: Uint8Array): ProofStep[] {
  const bad = (): never => {
    throw invalid("the QR code's proof steps are not packed as a label's")
  }
  if (b.length < 1) bad()
  const count = b[0]!
  let bit = 8
  const next = (): number => {
    if (bit >= b.length * 8) bad()
    const v = (b[bit >> 3]! >> (7 - (bit & 7))) & 1
    bit++
    return v
  }
  const depths: number[] = []
  let prev = PATH_BITS
  for (let k = 0; k < count; k++) {
    let width = 0
    while (next() === 0) if (++width > 9) bad()
    let gap = 1
    for (let i = 0; i < width; i++) gap = (gap << 1) | next()
    prev -= gap
    if (prev < 0) bad()
    depths.push(prev)
  }
  const at = (bit + 7) >> 3
  // the padding bits are zero, and the siblings fill the rest exactly
  if (bit & 7 && b[at - 1]! & (0xff >> (bit & 7))) bad()
  if (b.length !== at + 32 * count) bad()
  return depths.map((depth, i) => ({ depth, sibling: b.slice(at + 32 * i, at + 32 * (i + 1)) }))
}
