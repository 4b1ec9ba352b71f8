/**
 * The QR text of a certified record names its registry and format version, so that a verifier refuses what it does
 * not know with a clear message instead of a decoding error (docs/adr/0023):
 *   DJ:<REGISTRY>/<format>:<base45 of the registry's compact form>     e.g. DJ:LAND/1:…
 * The notary's certificates have carried `DJ1:` + base45 since docs/adr/0016: that prefix stays, and means the
 * notary's format 1 (every notary certificate printed so far, and the ones printed now, keep verifying).
 * Upper case, because QR's alphanumeric mode has no lower case; read in any case.
 * A format may instead write its bytes in decimal digits (codec/base10, QR's numeric mode: ~2 % fewer modules than
 * base45), marked by a slash after the version:   DJ:<REGISTRY>/<format>/<digits>     e.g. DJ:LIVESTOCK/2/…
 * Portable.
 */
import { DaejangError } from '../../shared/errors'
import { fromBase10, toBase10 } from '../codec/base10'
import { fromBase45, toBase45 } from '../codec/base45'
import type { TrustList } from '../proofs/proof'
import { type AnyVerifier, type CertifiedRecord, refusalOf } from './framework'

/** The notary's format 1, as printed before the framework: `DJ1:` and its compact proof. */
export const NOTARY_V1_PREFIX = 'DJ1:'
export const QR_PREFIX = 'DJ:'
/** QR version 40 at error correction level L holds 4,296 alphanumeric characters; we refuse far earlier */
export const MAX_QR_CHARS = 2_953
/** QR version 40 at level L holds 7,089 digits */
export const MAX_QR_DIGITS = 7_089

const REGISTRY_NAME = /^[a-z][a-z0-9-]{0,31}$/

export interface QrEnvelope {
  registry: string
  format: number
  bytes: Uint8Array
}

/** Why a QR text was not read: `not-daejang` (not one of ours), `unknown-*` (ours, but not known here), `bad`. */
export type QrProblem = 'not-daejang' | 'unknown-registry' | 'unknown-format' | 'bad'

export class QrError extends DaejangError {
  readonly reason: QrProblem
  constructor(reason: QrProblem, detail: string) {
    super('PROOF_INVALID', detail)
    this.reason = reason
  }
}

export function qrText(registry: string, format: number, bytes: Uint8Array, body: 'base45' | 'decimal' = 'base45'): string {
  if (!REGISTRY_NAME.test(registry)) throw new Error(`not a registry name: ${registry}`)
  if (!Number.isSafeInteger(format) || format < 1) throw new Error(`not a format version: ${format}`)
  if (body === 'decimal') return `${QR_PREFIX}${registry.toUpperCase()}/${format}/${toBase10(bytes)}`
  const prefix = registry === 'notary' && format === 1 ? NOTARY_V1_PREFIX : `${QR_PREFIX}${registry.toUpperCase()}/${format}:`
  return prefix + toBase45(bytes)
}

/** Reads the envelope of what a scanner read (surrounding whitespace ignored; any case): registry, format, bytes. */
export function readQrEnvelope(text: string): QrEnvelope {
  const t = text.trim()
  if (t.length > MAX_QR_DIGITS + 48) throw new QrError('bad', `a QR proof has at most ${MAX_QR_CHARS} characters`)
  const upper = t.slice(0, 48).toUpperCase()
  let registry: string
  let format: number
  let body: string
  let decimal = false
  if (upper.startsWith(NOTARY_V1_PREFIX)) {
    registry = 'notary'
    format = 1
    body = t.slice(NOTARY_V1_PREFIX.length)
  } else {
    const m = /^DJ:([A-Z][A-Z0-9-]{0,31})\/([0-9]{1,6})([:/])/.exec(upper)
    if (!m) {
      const hint = /^DJ[0-9]+:/.test(upper) ? ` (${upper.split(':')[0]}: is not a format this verifier knows)` : ''
      throw new QrError(
        /^DJ[0-9]*:/.test(upper) ? 'unknown-format' : 'not-daejang',
        `a Daejang QR proof starts with ${QR_PREFIX}<registry>/<version>: or ${NOTARY_V1_PREFIX}${hint}`,
      )
    }
    registry = m[1]!.toLowerCase()
    format = Number(m[2])
    decimal = m[3] === '/'
    body = t.slice(m[0].length)
  }
  if (body.length > (decimal ? MAX_QR_DIGITS : MAX_QR_CHARS)) throw new QrError('bad', `a QR proof has at most ${decimal ? MAX_QR_DIGITS : MAX_QR_CHARS} characters`)
  let bytes: Uint8Array
  try {
    bytes = decimal ? fromBase10(body) : fromBase45(body)
  } catch (e) {
    throw new QrError('bad', `the QR text is not ${decimal ? 'decimal digits' : 'base45'}: ` + (e as Error).message)
  }
  return { registry, format, bytes }
}

/**
 * A QR text read as a certified record by the verifier of its registry; refuses, with the reason, what none knows.
 * The trust list completes a compact checkpoint (a format that has one cannot be read without it).
 */
export function certifiedFromQr(text: string, verifiers: readonly AnyVerifier[], trust?: TrustList): CertifiedRecord {
  const env = readQrEnvelope(text)
  const refusal = refusalOf(env.registry, env.format, verifiers)
  if (refusal) throw new QrError(refusal.refused, refusal.problem)
  const v = verifiers.find((x) => x.registry === env.registry)!
  if (!v.decode) throw new QrError('unknown-format', `the ${env.registry} registry's certificates have no QR form`)
  try {
    return v.decode(env.format, env.bytes, trust) as CertifiedRecord
  } catch (e) {
    if (e instanceof QrError) throw e
    throw new QrError('bad', (e as Error).message)
  }
}
