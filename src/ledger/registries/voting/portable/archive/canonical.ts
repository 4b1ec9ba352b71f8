/**
 * Whether a Belenios text is written as the specification serialises it ("Conventions": compact JSON, fields in the
 * specification's order). Used only to CHECK a text kept as it was signed or hashed (ADR 0048: never re-serialised
 * for a hash): a setup re-serialised with other spacing or another field order is refused by the verifier's check 3.
 */

/** a structure's fields in the specification's order; `?` marks an optional one */
export type Shape =
  | 'any'
  | { fields: ReadonlyArray<readonly [string, Shape]> }
  | { items: Shape }
  | { oneOf: readonly Shape[] }
  | { tuple: readonly Shape[] }

const obj = (...fields: Array<readonly [string, Shape]>): Shape => ({ fields })
const arr = (items: Shape): Shape => ({ items })

export const PROOF = obj(['challenge', 'any'], ['response', 'any'])
export const CIPHERTEXT = obj(['alpha', 'any'], ['beta', 'any'])
export const TRUSTEE_PUBLIC_KEY = obj(['pok', PROOF], ['public_key', 'any'], ['?name', 'any'])
const SIGNED_MSG = obj(['message', 'any'], ['signature', PROOF])
const THRESHOLD_PARAMETERS = obj(['threshold', 'any'], ['certs', arr(SIGNED_MSG)], ['coefexps', arr(SIGNED_MSG)], ['verification_keys', arr(TRUSTEE_PUBLIC_KEY)])
export const TRUSTEES = arr({ oneOf: [{ tuple: ['any', TRUSTEE_PUBLIC_KEY] }, { tuple: ['any', THRESHOLD_PARAMETERS] }] })
const QUESTION_H = obj(['answers', 'any'], ['?blank', 'any'], ['min', 'any'], ['max', 'any'], ['question', 'any'])
const QUESTION_GEN = obj(['type', 'any'], ['value', 'any'], ['?extra', 'any'])
export const ELECTION = obj(
  ['version', 'any'],
  ['description', 'any'],
  ['name', 'any'],
  ['group', 'any'],
  ['public_key', 'any'],
  ['questions', arr({ oneOf: [QUESTION_H, QUESTION_GEN] })],
  ['uuid', 'any'],
  ['?administrator', 'any'],
  ['?credential_authority', 'any'],
)
export const SETUP_DATA = obj(['election', 'any'], ['trustees', 'any'], ['credentials', 'any'])
export const SIZED_ENCRYPTED_TALLY = obj(['num_tallied', 'any'], ['total_weight', 'any'], ['encrypted_tally', 'any'])
export const ENCRYPTED_TALLY = arr(arr(CIPHERTEXT))
export const OWNED = obj(['owner', 'any'], ['payload', 'any'])
export const RESULT = obj(['result', 'any'])

function fits(v: unknown, s: Shape): boolean {
  if (s === 'any') return true
  if ('oneOf' in s) return s.oneOf.some((o) => fits(v, o))
  if ('items' in s) return Array.isArray(v) && v.every((x) => fits(x, s.items))
  if ('tuple' in s) return Array.isArray(v) && v.length === s.tuple.length && v.every((x, i) => fits(x, s.tuple[i]!))
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false
  const keys = Object.keys(v)
  let k = 0
  for (const [spec, sub] of s.fields) {
    const optional = spec.startsWith('?')
    const name = optional ? spec.slice(1) : spec
    if (keys[k] === name) {
      if (!fits((v as Record<string, unknown>)[name], sub)) return false
      k++
    } else if (!optional) return false
  }
  return k === keys.length
}

/**
 * The parsed value when `text` is JSON in compact form with the shape's fields in order (and no other fields, none
 * twice); otherwise undefined.
 */
export function parseCanonical(text: string, shape: Shape): unknown {
  let v: unknown
  try {
    v = JSON.parse(text)
    if (JSON.stringify(v) !== text) return undefined
  } catch {
    return undefined
  }
  return fits(v, shape) ? v : undefined
}

/** The parsed value of any JSON text (its form not checked), or undefined. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
