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

/** Decode canonical bytes. Throws NON_CANONICAL for anything that is not the one encoding of a model value. */
export function decodeCanonical(bytes: Uint8Array): Canonical {
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
