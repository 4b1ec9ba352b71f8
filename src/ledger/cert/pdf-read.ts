/**
 * A minimal PDF reader for untrusted files, with every cost bounded: bytes inflated, tokens parsed, objects indexed,
 * references followed, nesting depth. It reads only what a verifier needs (the objects on the way to an attachment)
 * and never inflates what it does not need: cross-reference streams are not read at all (objects are found by
 * scanning the file), object streams are inflated only when an object is not found at the top level, and only the
 * attachment streams asked for are inflated. Portable (fflate's streaming inflater): the CLI, the app's Verify
 * screen and the standalone verifier page run the same code.
 *
 * Anything over a budget throws DaejangError PDF_TOO_COMPLEX; a file that is not a PDF we can read throws
 * PdfSyntaxError (the callers say "not a readable PDF").
 */
import { Unzlib } from 'fflate'
import { DaejangError } from '../../shared/errors'
import { concatBytes } from '../codec/bytes'
import { MAX_CERTIFICATE_BYTES } from './limits'

export { MAX_CERTIFICATE_BYTES }

export interface PdfLimits {
  /** bytes that object streams may inflate to, together */
  structureBytes: number
  /** tokens parsed over the whole file */
  tokens: number
  /** objects indexed (top level and in object streams) */
  objects: number
  /** nesting of arrays and dictionaries */
  depth: number
  /** indirect references followed */
  lookups: number
  /**
   * bytes the parser may walk over, together (a token can be as long as the file: an unterminated string runs to its
   * end, so without this a file of many of them is read again and again, quadratic in its size)
   */
  scanBytes: number
}

export const DEFAULT_LIMITS: PdfLimits = {
  structureBytes: 4 << 20,
  tokens: 500_000,
  objects: 100_000,
  depth: 64,
  lookups: 100_000,
  scanBytes: 4 * MAX_CERTIFICATE_BYTES,
}

export class PdfSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PdfSyntaxError'
  }
}

export function tooComplex(what: string): DaejangError {
  return new DaejangError('PDF_TOO_COMPLEX', `the PDF is too complex to read safely: ${what}`)
}

export class PName {
  constructor(readonly name: string) {}
}
export class PString {
  constructor(readonly bytes: Uint8Array) {}
  /** a PDF text string: UTF-16BE with its byte order mark, UTF-8 with its mark, else (about) PDFDocEncoding */
  text(): string {
    const b = this.bytes
    if (b[0] === 0xfe && b[1] === 0xff) return new TextDecoder('utf-16be').decode(b.subarray(2))
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return new TextDecoder().decode(b.subarray(3))
    let s = ''
    for (const c of b) s += String.fromCharCode(c)
    return s
  }
}
export class PRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class PDict {
  constructor(readonly map: Map<string, PdfValue>) {}
  get(key: string): PdfValue | undefined {
    return this.map.get(key)
  }
}
export class PStream {
  constructor(
    readonly dict: PDict,
    readonly data: Uint8Array,
  ) {}
}
export type PdfValue = null | boolean | number | PName | PString | PRef | PdfValue[] | PDict | PStream

/** A count that must not go below zero. */
export class Budget {
  constructor(
    public left: number,
    private readonly what: string,
  ) {}
  take(n: number): void {
    if (n > this.left) throw tooComplex(this.what)
    this.left -= n
  }
}

const WS = new Uint8Array(256)
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1
const DELIM = new Uint8Array(256)
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1
const isRegular = (c: number | undefined): boolean => c !== undefined && !WS[c] && !DELIM[c]
const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
const latin1 = (b: Uint8Array): string => {
  let s = ''
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096))
  return s
}
const OBJ = ascii('obj')
const ENDSTREAM = ascii('endstream')
const TRAILER = ascii('trailer')

function indexOf(buf: Uint8Array, pat: Uint8Array, from: number): number {
  for (let i = buf.indexOf(pat[0]!, from); i >= 0 && i + pat.length <= buf.length; i = buf.indexOf(pat[0]!, i + 1)) {
    let k = 1
    while (k < pat.length && buf[i + k] === pat[k]) k++
    if (k === pat.length) return i
  }
  return -1
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  if (c >= 0x41 && c <= 0x46) return c - 0x37
  if (c >= 0x61 && c <= 0x66) return c - 0x57
  return -1
}

/** Reads PDF values from bytes; every token and every level of nesting is paid for. */
class Parser {
  pos: number
  constructor(
    readonly buf: Uint8Array,
    readonly tokens: Budget,
    /** bytes walked over (shared by every parser of one file) */
    readonly work: Budget,
    readonly maxDepth: number,
    pos = 0,
  ) {
    this.pos = pos
  }

  skipSpace(): void {
    const b = this.buf
    const start = this.pos
    for (;;) {
      while (this.pos < b.length && WS[b[this.pos]!]) this.pos++
      if (b[this.pos] !== 0x25) break // %
      while (this.pos < b.length && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++
    }
    this.work.take(this.pos - start)
  }

  /** a run of regular characters (a number or a keyword) */
  word(): string {
    const start = this.pos
    while (this.pos < this.buf.length && isRegular(this.buf[this.pos])) this.pos++
    this.work.take(this.pos - start)
    if (this.pos - start > 255) throw new PdfSyntaxError('a token longer than 255 bytes')
    return latin1(this.buf.subarray(start, this.pos))
  }

  /** whether the next token is this keyword (consumed if so) */
  keyword(k: string): boolean {
    this.skipSpace()
    const save = this.pos
    if (this.word() === k) return true
    this.pos = save
    return false
  }

  value(depth = 0): PdfValue {
    if (depth > this.maxDepth) throw tooComplex(`nesting deeper than ${this.maxDepth}`)
    this.tokens.take(1)
    this.skipSpace()
    const b = this.buf
    const c = b[this.pos]
    if (c === undefined) throw new PdfSyntaxError('unexpected end of data')
    if (c === 0x2f) return this.name() // /
    if (c === 0x28) return this.literal() // (
    if (c === 0x3c && b[this.pos + 1] === 0x3c) return this.dict(depth) // <<
    if (c === 0x3c) return this.hex()
    if (c === 0x5b) {
      // [
      this.pos++
      const out: PdfValue[] = []
      for (;;) {
        this.skipSpace()
        if (b[this.pos] === 0x5d) {
          this.pos++
          return out
        }
        out.push(this.value(depth + 1))
      }
    }
    const w = this.word()
    if (w === '') throw new PdfSyntaxError(`unexpected byte ${c} at ${this.pos}`)
    if (w === 'true') return true
    if (w === 'false') return false
    if (w === 'null') return null
    const n = Number(w)
    if (!Number.isFinite(n)) throw new PdfSyntaxError(`unexpected token ${w.slice(0, 20)}`)
    // `num gen R`: an indirect reference
    if (Number.isInteger(n) && n >= 0) {
      const save = this.pos
      this.skipSpace()
      if (isDigit(b[this.pos])) {
        const gen = Number(this.word())
        if (Number.isInteger(gen) && this.keyword('R')) return new PRef(n, gen)
      }
      this.pos = save
    }
    return n
  }

  dict(depth: number): PDict {
    this.pos += 2
    const map = new Map<string, PdfValue>()
    for (;;) {
      this.skipSpace()
      if (this.buf[this.pos] === 0x3e && this.buf[this.pos + 1] === 0x3e) {
        this.pos += 2
        return new PDict(map)
      }
      const k = this.value(depth + 1)
      if (!(k instanceof PName)) throw new PdfSyntaxError('a dictionary key that is not a name')
      map.set(k.name, this.value(depth + 1))
    }
  }

  name(): PName {
    this.pos++
    const raw = this.word()
    return new PName(raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))))
  }

  hex(): PString {
    const b = this.buf
    const end = b.indexOf(0x3e, this.pos)
    this.work.take((end < 0 ? b.length : end) - this.pos)
    if (end < 0) throw new PdfSyntaxError('unterminated hex string')
    const out = new Uint8Array((end - this.pos) >> 1)
    let n = 0
    let hi = -1
    for (let i = this.pos + 1; i < end; i++) {
      const v = hexValue(b[i]!)
      if (v < 0) continue
      if (hi < 0) hi = v
      else {
        out[n++] = hi * 16 + v
        hi = -1
      }
    }
    if (hi >= 0) out[n++] = hi * 16
    this.pos = end + 1
    return new PString(out.slice(0, n))
  }

  /** where the literal string opening at `pos` ends (after its closing parenthesis), paid for; -1 if it does not */
  private literalEnd(): number {
    const b = this.buf
    let nest = 0
    let i = this.pos + 1
    for (; i < b.length; i++) {
      const c = b[i]
      if (c === 0x5c) i++
      else if (c === 0x28) nest++
      else if (c === 0x29 && nest-- === 0) break
    }
    this.work.take(Math.min(i, b.length) - this.pos)
    return i < b.length ? i + 1 : -1
  }

  literal(): PString {
    const b = this.buf
    const end = this.literalEnd()
    if (end < 0) throw new PdfSyntaxError('unterminated string')
    // a string's bytes are never more than its source's: one array of that size, no per-byte growth
    const out = new Uint8Array(end - this.pos)
    let n = 0
    const push = (c: number): void => {
      out[n++] = c
    }
    let nest = 0
    this.pos++
    for (;;) {
      const c = b[this.pos++]
      if (c === undefined) throw new PdfSyntaxError('unterminated string')
      if (c === 0x28) nest++
      else if (c === 0x29 && nest-- === 0) return new PString(out.slice(0, n))
      if (c !== 0x5c) {
        push(c)
        continue
      }
      const e = b[this.pos++]
      if (e === undefined) throw new PdfSyntaxError('unterminated string')
      const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 }
      if (simple[e] !== undefined) push(simple[e])
      else if (e >= 0x30 && e <= 0x37) {
        let v = e - 0x30
        for (let k = 0; k < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; k++) v = v * 8 + (b[this.pos++]! - 0x30)
        push(v & 0xff)
      } else if (e === 13) {
        if (b[this.pos] === 10) this.pos++
      } else if (e !== 10) push(e)
    }
  }
}

/**
 * Inflates zlib data (FlateDecode) a small slice at a time, paying each output chunk from the budget: a bomb is
 * stopped after at most the budget (plus one slice's worth) of memory, never after inflating it.
 */
export function inflateBounded(data: Uint8Array, budget: Budget): Uint8Array {
  const chunks: Uint8Array[] = []
  const z = new Unzlib((chunk) => {
    budget.take(chunk.length)
    chunks.push(chunk)
  })
  const SLICE = 1024 // deflate expands at most ~1032:1, so one slice yields at most ~1 MiB
  try {
    if (data.length === 0) z.push(new Uint8Array(0), true)
    for (let i = 0; i < data.length; i += SLICE) z.push(data.subarray(i, i + SLICE), i + SLICE >= data.length)
  } catch (e) {
    if (e instanceof DaejangError) throw e
    throw new PdfSyntaxError(`a stream does not inflate: ${(e as Error).message}`)
  }
  return chunks.length === 1 ? chunks[0]! : concatBytes(...chunks)
}

interface Located {
  /** the bytes the object is parsed from, and where */
  buf: Uint8Array
  at: number
  value?: PdfValue
}

/** An untrusted PDF, opened within limits. */
export class BoundedPdf {
  private readonly tokens: Budget
  private readonly lookups: Budget
  private readonly objects: Budget
  private readonly structure: Budget
  private readonly work: Budget
  private readonly top = new Map<number, Located>()
  private readonly packed = new Map<number, Located>()
  private objectStreamsRead = false
  private readonly trailers: PDict[] = []

  constructor(
    readonly bytes: Uint8Array,
    readonly limits: PdfLimits = DEFAULT_LIMITS,
  ) {
    if (bytes.length > MAX_CERTIFICATE_BYTES) {
      throw new DaejangError('FILE_TOO_LARGE', `the PDF has ${bytes.length} bytes; a certificate has at most ${MAX_CERTIFICATE_BYTES}`)
    }
    if (indexOf(bytes.subarray(0, 1024), ascii('%PDF-'), 0) < 0) throw new PdfSyntaxError('no %PDF- header')
    this.tokens = new Budget(limits.tokens, `more than ${limits.tokens} tokens`)
    this.lookups = new Budget(limits.lookups, `more than ${limits.lookups} references followed`)
    this.objects = new Budget(limits.objects, `more than ${limits.objects} objects`)
    this.structure = new Budget(limits.structureBytes, `object streams inflate to more than ${limits.structureBytes} bytes`)
    this.work = new Budget(limits.scanBytes, `more than ${limits.scanBytes} bytes read over`)
    this.scan()
  }

  /** Finds every top-level `num gen obj` (cross-reference tables and streams are not needed, so not read). */
  private scan(): void {
    const b = this.bytes
    let pos = 0
    for (let i = indexOf(b, OBJ, pos); i >= 0; i = indexOf(b, OBJ, pos)) {
      pos = i + 3
      const head = this.objectHeader(i)
      if (!head || isRegular(b[i + 3])) continue
      const p = new Parser(b, this.tokens, this.work, this.limits.depth, i + 3)
      let value: PdfValue
      try {
        value = p.value()
      } catch (e) {
        if (e instanceof PdfSyntaxError) continue
        throw e
      }
      if (value instanceof PDict && p.keyword('stream')) {
        const stream = this.streamAt(value, p.pos)
        if (!stream) continue
        value = stream.stream
        p.pos = stream.end
      }
      pos = p.pos
      this.objects.take(1)
      this.top.set(head.num, { buf: b, at: i + 3, value })
      if (value instanceof PStream && typeName(value.dict) === 'XRef') this.trailers.push(value.dict)
    }
    for (let i = indexOf(b, TRAILER, 0); i >= 0; i = indexOf(b, TRAILER, i + 1)) {
      try {
        const t = new Parser(b, this.tokens, this.work, this.limits.depth, i + TRAILER.length).value()
        if (t instanceof PDict) this.trailers.push(t)
      } catch (e) {
        if (!(e instanceof PdfSyntaxError)) throw e
      }
    }
  }

  /** `num gen` just before `obj` at i, if it is there */
  private objectHeader(i: number): { num: number; gen: number } | null {
    const b = this.bytes
    let k = i
    const digitsBack = (): string | null => {
      const end = k
      while (k > 0 && isDigit(b[k - 1])) k--
      return k < end && end - k <= 10 ? latin1(b.subarray(k, end)) : null
    }
    const spaceBack = (): boolean => {
      const end = k
      while (k > 0 && WS[b[k - 1]!]) k--
      return k < end
    }
    if (!spaceBack()) return null
    const gen = digitsBack()
    if (gen === null || !spaceBack()) return null
    const num = digitsBack()
    if (num === null || (k > 0 && isRegular(b[k - 1]))) return null
    return { num: Number(num), gen: Number(gen) }
  }

  /** The data of a stream whose dictionary ends at `at` (before the `stream` keyword's end of line). */
  private streamAt(dict: PDict, at: number): { stream: PStream; end: number } | null {
    const b = this.bytes
    let start = at
    if (b[start] === 13) start++
    if (b[start] === 10) start++
    const len = dict.get('Length')
    if (typeof len === 'number' && Number.isInteger(len) && len >= 0 && start + len <= b.length) {
      const p = new Parser(b, this.tokens, this.work, this.limits.depth, start + len)
      if (p.keyword('endstream')) return { stream: new PStream(dict, b.subarray(start, start + len)), end: p.pos }
    }
    // a missing or wrong length: the data runs to `endstream`
    const end = indexOf(b, ENDSTREAM, start)
    this.work.take((end < 0 ? b.length : end) - start)
    if (end < 0) return null
    let stop = end
    if (b[stop - 1] === 10) stop--
    if (b[stop - 1] === 13) stop--
    return { stream: new PStream(dict, b.subarray(start, Math.max(start, stop))), end: end + ENDSTREAM.length }
  }

  /** The object a value refers to (or the value itself). */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    for (let hops = 0; v instanceof PRef; hops++) {
      if (hops > 32) throw tooComplex('a chain of references more than 32 long')
      this.lookups.take(1)
      v = this.object(v.num)
    }
    return v
  }

  private object(num: number): PdfValue | undefined {
    let o = this.top.get(num)
    if (!o) {
      this.readObjectStreams()
      o = this.packed.get(num)
    }
    if (!o) return undefined
    if (o.value === undefined) {
      try {
        o.value = new Parser(o.buf, this.tokens, this.work, this.limits.depth, o.at).value()
      } catch (e) {
        if (!(e instanceof PdfSyntaxError)) throw e
        o.value = null
      }
    }
    return o.value
  }

  /** Inflates the object streams (once, and only when an object is not at the top level), indexing their objects. */
  private readObjectStreams(): void {
    if (this.objectStreamsRead) return
    this.objectStreamsRead = true
    for (const o of this.top.values()) {
      const s = o.value
      if (!(s instanceof PStream) || typeName(s.dict) !== 'ObjStm') continue
      const n = s.dict.get('N')
      const first = s.dict.get('First')
      if (typeof n !== 'number' || typeof first !== 'number' || !(n >= 0) || !(first >= 0)) continue
      this.objects.take(n)
      const data = this.decode(s, this.structure)
      const p = new Parser(data, this.tokens, this.work, this.limits.depth)
      try {
        for (let k = 0; k < n; k++) {
          const num = p.value()
          const off = p.value()
          if (typeof num !== 'number' || typeof off !== 'number') break
          if (!this.packed.has(num)) this.packed.set(num, { buf: data, at: first + off })
        }
      } catch (e) {
        if (!(e instanceof PdfSyntaxError)) throw e
      }
    }
  }

  /** A stream's data through its filters (FlateDecode only), each stage paid from the budget. */
  decode(s: PStream, budget: Budget): Uint8Array {
    const f = this.resolve(s.dict.get('Filter'))
    const filters = f === undefined || f === null ? [] : Array.isArray(f) ? f.map((x) => this.resolve(x)) : [f]
    const parms = this.resolve(s.dict.get('DecodeParms'))
    const parmList = Array.isArray(parms) ? parms.map((x) => this.resolve(x)) : [parms]
    let data = s.data
    for (const [i, filter] of filters.entries()) {
      if (!(filter instanceof PName) || (filter.name !== 'FlateDecode' && filter.name !== 'Fl')) {
        throw new PdfSyntaxError(`unsupported stream filter ${filter instanceof PName ? filter.name : '?'}`)
      }
      const pr = parmList[i]
      const predictor = pr instanceof PDict ? this.resolve(pr.get('Predictor')) : undefined
      if (typeof predictor === 'number' && predictor > 1) throw new PdfSyntaxError('unsupported stream predictor')
      data = inflateBounded(data, budget)
    }
    return data
  }

  /** The document catalog (from the trailer, or else the object typed /Catalog). */
  catalog(): PDict | null {
    for (const t of [...this.trailers].reverse()) {
      const root = this.resolve(t.get('Root'))
      if (root instanceof PDict) return root
    }
    for (const o of this.top.values()) if (o.value instanceof PDict && typeName(o.value) === 'Catalog') return o.value
    return null
  }

  dictOf(v: PdfValue | undefined): PDict | null {
    const d = this.resolve(v)
    return d instanceof PDict ? d : null
  }

  /** Identity of a value that may be indirect, for walks that must visit each object once. */
  static key(v: PdfValue | undefined): PdfValue | string | undefined {
    return v instanceof PRef ? `${v.num} ${v.gen}` : v
  }
}

function typeName(d: PDict): string | null {
  const t = d.get('Type')
  return t instanceof PName ? t.name : null
}
