/**
 * The `trustees` structure of Belenios 2.5 (specification, "Trustees"): a list of ["Single", trustee_public_key] and
 * ["Pedersen", threshold_parameters] items; the election public key y = Π y_τ of their sub-keys ("Filling in the
 * trustees structure"); and the numbering of trustees for partial decryptions (owners 1…N, a Single item counting
 * one, a Pedersen item one per verification key, in order — the reference's `arrange_partial_decryptions`).
 *
 * `trustee_public_key` (specification, "Verification keys"): {"pok":proof,"public_key":G} with an optional "name";
 * its proof of knowledge hashes "pok|Ed25519|X|A".
 */
import { randomScalar, type Group, type ScalarSource } from './group'
import { jstr, parseObject, parseProof, proofText, readSignedMsg, type Proof, type SignedMsg } from './pedersen-pki'
import { pokPrefix, schnorrProve, schnorrVerify } from './proofs'

export interface TrusteePublicKey<P> {
  pok: Proof
  publicKey: P
  name?: string
}

export interface ThresholdParameters<P> {
  /** t + 1: how many of the trustees decrypt (the number of polynomial coefficients). */
  threshold: number
  certs: SignedMsg[]
  coefexps: SignedMsg[]
  verificationKeys: TrusteePublicKey<P>[]
}

export type TrusteeKind<P> = { kind: 'Single'; key: TrusteePublicKey<P> } | { kind: 'Pedersen'; params: ThresholdParameters<P> }

/** A trustee_public_key for the private key x: X = g^x and a proof of knowledge of x ("pok|Ed25519|X|A"). */
export function proveTrusteeKey<P>(G: Group<P>, x: bigint, rnd: ScalarSource = randomScalar): TrusteePublicKey<P> {
  const publicKey = G.baseMul(x)
  return { pok: schnorrProve(G, x, pokPrefix(G.toString(publicKey)), rnd), publicKey }
}

/** The proof of knowledge holds (the key itself was checked by `parse`: in the subgroup, not the identity). */
export function verifyTrusteeKey<P>(G: Group<P>, k: TrusteePublicKey<P>): boolean {
  return schnorrVerify(G, k.publicKey, pokPrefix(G.toString(k.publicKey)), k.pok)
}

export function trusteeKeyText<P>(G: Group<P>, k: TrusteePublicKey<P>): string {
  const name = k.name === undefined ? '' : `,"name":${jstr(k.name)}`
  return `{"pok":${proofText(k.pok)},"public_key":"${G.toString(k.publicKey)}"${name}}`
}

/** Read a trustee_public_key from its parsed JSON value (shape, point and scalars; not the proof). */
export function readTrusteeKey<P>(G: Group<P>, v: unknown): TrusteePublicKey<P> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
  if (keys.length !== 2 && !(keys.length === 3 && typeof o.name === 'string')) return null
  const pok = parseProof(o.pok)
  const publicKey = G.parse(o.public_key as string)
  if (pok === null || publicKey === null || Object.keys(o.pok as object).length !== 2) return null
  return typeof o.name === 'string' ? { pok, publicKey, name: o.name } : { pok, publicKey }
}

export function thresholdParametersText<P>(G: Group<P>, t: ThresholdParameters<P>, certTexts: string[], coefexpsTexts: string[]): string {
  return (
    `{"threshold":${t.threshold},"certs":[${certTexts.join(',')}],"coefexps":[${coefexpsTexts.join(',')}],` +
    `"verification_keys":[${t.verificationKeys.map((k) => trusteeKeyText(G, k)).join(',')}]}`
  )
}

function readThresholdParameters<P>(G: Group<P>, v: unknown): ThresholdParameters<P> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null
  const o = v as Record<string, unknown>
  if (Object.keys(o).length !== 4 || !Number.isSafeInteger(o.threshold) || !Array.isArray(o.certs)) return null
  if (!Array.isArray(o.coefexps) || !Array.isArray(o.verification_keys)) return null
  // bounded here; whether the three lists agree is the ceremony's check (pedersen.ts, 'ceremony-size')
  if (o.certs.length > TRUSTEES_MAX || o.coefexps.length > TRUSTEES_MAX || o.verification_keys.length > TRUSTEES_MAX) return null
  const certs = o.certs.map(readSignedMsg)
  const coefexps = o.coefexps.map(readSignedMsg)
  const verificationKeys = o.verification_keys.map((k) => readTrusteeKey(G, k))
  if (certs.some((c) => c === null) || coefexps.some((c) => c === null) || verificationKeys.some((k) => k === null)) return null
  return {
    threshold: o.threshold as number,
    certs: certs as SignedMsg[],
    coefexps: coefexps as SignedMsg[],
    verificationKeys: verificationKeys as TrusteePublicKey<P>[],
  }
}

/**
 * Bounds of a `trustees` text read from outside (an archive, a ledger value): its length, checked before it is parsed,
 * and the number of items and of trustees in a threshold item (the ledger allows 10 trustee agencies; Belenios has no
 * bound, and elections with more than a few dozen trustees are not known). A hostile text cannot make the parser
 * allocate more than a small multiple of TRUSTEES_MAX_CHARS.
 */
export const TRUSTEES_MAX_CHARS = 4 * 1024 * 1024
export const TRUSTEES_MAX = 256

/** Parse a `trustees` text (shape only, and every point checked by `parse`): null when malformed or past the bounds. */
export function parseTrustees<P>(G: Group<P>, text: unknown): TrusteeKind<P>[] | null {
  if (typeof text !== 'string' || text.length > TRUSTEES_MAX_CHARS) return null
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return null
  }
  if (!Array.isArray(v) || v.length === 0 || v.length > TRUSTEES_MAX) return null
  const out: TrusteeKind<P>[] = []
  for (const item of v) {
    if (!Array.isArray(item) || item.length !== 2) return null
    if (item[0] === 'Single') {
      const key = readTrusteeKey(G, item[1])
      if (key === null) return null
      out.push({ kind: 'Single', key })
    } else if (item[0] === 'Pedersen') {
      const params = readThresholdParameters(G, item[1])
      if (params === null) return null
      out.push({ kind: 'Pedersen', params })
    } else return null
  }
  return out
}

/** The `trustees` text from the texts of its items (each a trustee_public_key or threshold_parameters text). */
export function trusteesText(items: { kind: 'Single' | 'Pedersen'; text: string }[]): string {
  return `[${items.map((i) => `["${i.kind}",${i.text}]`).join(',')}]`
}

/** The raw_coefexps points of a signed coefexps message (null when its message is not one). */
export function coefexpsPoints<P>(G: Group<P>, m: SignedMsg): P[] | null {
  const o = parseObject(m.message)
  if (o === null || Object.keys(o).length !== 1 || !Array.isArray(o.coefexps)) return null
  const pts: P[] = []
  for (const s of o.coefexps) {
    const p = typeof s === 'string' ? G.parse(s) : null
    if (p === null) return null
    pts.push(p)
  }
  return `{"coefexps":[${pts.map((p) => `"${G.toString(p)}"`).join(',')}]}` === m.message ? pts : null
}

/** The sub-key of one item: its public key (Single) or Π A_z0 (Pedersen). */
export function subKey<P>(G: Group<P>, t: TrusteeKind<P>): P | null {
  if (t.kind === 'Single') return t.key.publicKey
  let y = G.identity
  for (const c of t.params.coefexps) {
    const pts = coefexpsPoints(G, c)
    if (pts === null || pts.length === 0) return null
    y = G.add(y, pts[0]!)
  }
  return y
}

/** The election public key y = Π y_τ (null when an item is malformed). */
export function electionPublicKey<P>(G: Group<P>, trustees: TrusteeKind<P>[]): P | null {
  let y = G.identity
  for (const t of trustees) {
    const k = subKey(G, t)
    if (k === null) return null
    y = G.add(y, k)
  }
  return y
}

/** How many trustees partial-decrypt (owners are numbered 1…this). */
export function countTrustees<P>(trustees: TrusteeKind<P>[]): number {
  return trustees.reduce((n, t) => n + (t.kind === 'Single' ? 1 : t.params.verificationKeys.length), 0)
}

/** The verification key of owner `owner` (1-based, across all items), or null if there is none. */
export function ownerKey<P>(trustees: TrusteeKind<P>[], owner: number): TrusteePublicKey<P> | null {
  let base = 0
  for (const t of trustees) {
    const n = t.kind === 'Single' ? 1 : t.params.verificationKeys.length
    if (owner > base && owner <= base + n) return t.kind === 'Single' ? t.key : t.params.verificationKeys[owner - base - 1]!
    base += n
  }
  return null
}
