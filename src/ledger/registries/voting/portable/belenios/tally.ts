/**
 * The homomorphic tally (specification, Messages → Encrypted tally, Partial decryptions, Election result).
 *
 * - The encrypted tally C_{i,j} = Π_k choices(answers(b_k)_i)_j ^ weight(b_k) over the last ballot of each credential.
 *   It is kept incrementally: a new ballot is added, the one it replaces subtracted (the group is commutative, so the
 *   running tally equals the tally recomputed from the last ballots, whatever the order).
 * - A partial decryption: factors α^x with proofs (H_decrypt, prefix "decrypt|φ|X|"), made and verified.
 * - The synthetic factors F: a "Single" trustee's factors as they are; a "Pedersen" set's from t+1 of them with the
 *   Lagrange coefficients λ_δ = Π_{k∈I∖{δ}} k / (k − δ) mod q; the product over all items.
 * - The result: log_g(β / F) for each answer, found by baby-step giant-step up to the total weight.
 */
import type { Ballot } from './ballot'
import type { Election } from './election'
import { questionLength } from './election'
import { Q, modQ, parseScalar, randomScalar, scalarToString, type Group, type ScalarSource } from './group'
import { decryptPrefix, decryptionProve, decryptionVerify, type Proof } from './proofs'

export interface TallyCiphertext<P> {
  readonly alpha: P
  readonly beta: P
}

/** One array of ciphertexts per question, one ciphertext per choice (a blank-allowed question's first is "blank"). */
export type EncryptedTally<P> = readonly (readonly TallyCiphertext<P>[])[]

/** The tally of no ballot: the identity everywhere, shaped by the election's questions. */
export function emptyTally<P>(G: Group<P>, election: Election<P>): EncryptedTally<P> {
  return election.questions.map((q) =>
    Array.from({ length: questionLength(q) }, () => ({ alpha: G.identity, beta: G.identity })),
  )
}

function combine<P>(
  G: Group<P>,
  tally: EncryptedTally<P>,
  ballot: Ballot<P>,
  weight: bigint,
  op: (a: P, b: P) => P,
): EncryptedTally<P> {
  if (weight < 0n) throw new Error('a weight is not negative')
  if (ballot.answers.length !== tally.length) throw new Error('the ballot does not fit the tally')
  return tally.map((row, i) => {
    const choices = ballot.answers[i]!.choices
    if (choices.length !== row.length) throw new Error('the ballot does not fit the tally')
    return row.map((c, j) => {
      const b = choices[j]!
      const alpha = weight === 1n ? b.alpha : G.mul(b.alpha, weight)
      const beta = weight === 1n ? b.beta : G.mul(b.beta, weight)
      return { alpha: op(c.alpha, alpha), beta: op(c.beta, beta) }
    })
  })
}

/** The tally with a (verified) ballot of this weight added. */
export function tallyAdd<P>(G: Group<P>, tally: EncryptedTally<P>, ballot: Ballot<P>, weight: bigint): EncryptedTally<P> {
  return combine(G, tally, ballot, weight, (a, b) => G.add(a, b))
}

/** The tally with a ballot taken out again (the credential voted again: its earlier ballot no longer counts). */
export function tallyRemove<P>(G: Group<P>, tally: EncryptedTally<P>, ballot: Ballot<P>, weight: bigint): EncryptedTally<P> {
  return combine(G, tally, ballot, weight, (a, b) => G.sub(a, b))
}

/** The `encrypted_tally` text: `[[{"alpha":…,"beta":…},…],…]`. */
export function encryptedTallyText<P>(G: Group<P>, tally: EncryptedTally<P>): string {
  return `[${tally.map((row) => `[${row.map((c) => `{"alpha":"${G.toString(c.alpha)}","beta":"${G.toString(c.beta)}"}`).join(',')}]`).join(',')}]`
}

/** A weight as Belenios writes it in JSON: a number up to 2^30 − 1, a string above. */
export function weightJson(w: bigint): string {
  return w <= 1073741823n ? w.toString() : `"${w.toString()}"`
}

/** The `sized_encrypted_tally` text (the EncryptedTally event's payload). */
export function sizedEncryptedTallyText(numTallied: number, totalWeight: bigint, encryptedTallyHashHex: string): string {
  return `{"num_tallied":${numTallied},"total_weight":${weightJson(totalWeight)},"encrypted_tally":"${encryptedTallyHashHex}"}`
}

const isArray = Array.isArray

/**
 * Read an `encrypted_tally` text shaped for `election`. `trusted`: this node's own state (points not re-checked for
 * the subgroup); otherwise every point is checked, the identity allowed (the tally of no ballot).
 */
/** `{"alpha":"…","beta":"…"}` with two points of 64 hex digits */
const TALLY_CIPHERTEXT_CHARS = 150

/** The length of the canonical encrypted tally text of `election` (every point is 64 hex digits). */
export function encryptedTallyLength<P>(election: Election<P>): number {
  const rows = election.questions.map((q) => {
    const n = questionLength(q)
    return 2 + n * TALLY_CIPHERTEXT_CHARS + Math.max(0, n - 1)
  })
  return 2 + rows.reduce((a, b) => a + b, 0) + Math.max(0, rows.length - 1)
}

export function parseEncryptedTally<P>(
  G: Group<P>,
  election: Election<P>,
  text: string,
  opts?: { trusted?: boolean },
): EncryptedTally<P> | null {
  // the canonical text has one length for the election's shape: a longer (hostile) text is refused before parsing
  if (typeof text !== 'string' || text.length !== encryptedTallyLength(election)) return null
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    return null
  }
  if (!isArray(j) || j.length !== election.questions.length) return null
  const read = (s: unknown): P | null =>
    typeof s !== 'string' ? null : opts?.trusted === true ? G.parseTrusted(s) : G.parse(s, { allowIdentity: true })
  const out: TallyCiphertext<P>[][] = []
  for (let i = 0; i < j.length; i++) {
    const row: unknown = j[i]
    if (!isArray(row) || row.length !== questionLength(election.questions[i]!)) return null
    const r: TallyCiphertext<P>[] = []
    for (const c of row as unknown[]) {
      if (typeof c !== 'object' || c === null) return null
      const { alpha, beta } = c as Record<string, unknown>
      const a = read(alpha)
      const b = read(beta)
      if (a === null || b === null) return null
      r.push({ alpha: a, beta: b })
    }
    out.push(r)
  }
  return encryptedTallyText(G, out) === text ? out : null
}

// ---- partial decryptions -------------------------------------------------------------------------------------------

export interface PartialDecryption<P> {
  readonly factors: readonly (readonly P[])[]
  readonly proofs: readonly (readonly Proof[])[]
}

function partialDecryptionText<P>(G: Group<P>, pd: PartialDecryption<P>): string {
  const factors = pd.factors.map((row) => `[${row.map((f) => `"${G.toString(f)}"`).join(',')}]`).join(',')
  const proofs = pd.proofs
    .map((row) => `[${row.map((p) => `{"challenge":"${scalarToString(p.challenge)}","response":"${scalarToString(p.response)}"}`).join(',')}]`)
    .join(',')
  return `{"decryption_factors":[${factors}],"decryption_proofs":[${proofs}]}`
}

/**
 * A trustee's partial decryption of the tally with its key share x (X = g^x written `publicKeyText`, as the trustees
 * structure has it): the `partial_decryption` text.
 */
export function partialDecrypt<P>(
  G: Group<P>,
  fingerprint: string,
  x: bigint,
  tally: EncryptedTally<P>,
  rnd: ScalarSource = randomScalar,
): { text: string; decryption: PartialDecryption<P> } {
  const prefix = decryptPrefix(fingerprint, G.toString(G.baseMul(x)))
  const factors = tally.map((row) => row.map((c) => G.mul(c.alpha, x)))
  const proofs = tally.map((row) => row.map((c) => decryptionProve(G, x, prefix, c.alpha, rnd)))
  const decryption = { factors, proofs }
  return { text: partialDecryptionText(G, decryption), decryption }
}

export type PartialDecryptionCheck<P> =
  | { ok: true; decryption: PartialDecryption<P> }
  | { ok: false; reason: 'malformed' | 'wrong-shape' | 'bad-factor' | 'bad-proof'; question?: number; choice?: number }

/**
 * The longest `partial_decryption` text a tally of this shape can have (a factor: 64 hex digits, 2 quotes, a comma; a
 * proof: its keys and two scalars of at most 77 digits, a comma; 6 for each row's brackets and commas, 64 for the
 * rest): a longer text from outside is refused before it is parsed.
 */
function partialDecryptionMaxChars<P>(tally: EncryptedTally<P>): number {
  const entries = tally.reduce((n, row) => n + row.length, 0)
  return entries * (67 + 186) + tally.length * 6 + 64
}

/**
 * Check a `partial_decryption` text against the tally and the trustee's key X (its text as in the trustees structure):
 * canonical text, same shape as the tally, every factor a group element, every proof valid.
 */
export function verifyPartialDecryption<P>(
  G: Group<P>,
  fingerprint: string,
  publicKeyText: string,
  tally: EncryptedTally<P>,
  text: string,
): PartialDecryptionCheck<P> {
  const X = G.parse(publicKeyText)
  if (X === null || typeof text !== 'string' || text.length > partialDecryptionMaxChars(tally)) return { ok: false, reason: 'malformed' }
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (typeof j !== 'object' || j === null) return { ok: false, reason: 'malformed' }
  const { decryption_factors: df, decryption_proofs: dp } = j as Record<string, unknown>
  if (!isArray(df) || !isArray(dp) || df.length !== tally.length || dp.length !== tally.length)
    return { ok: false, reason: 'wrong-shape' }
  const factors: P[][] = []
  const proofs: Proof[][] = []
  for (let i = 0; i < tally.length; i++) {
    const fr: unknown = df[i]
    const pr: unknown = dp[i]
    const n = tally[i]!.length
    if (!isArray(fr) || !isArray(pr) || fr.length !== n || pr.length !== n) return { ok: false, reason: 'wrong-shape', question: i }
    const fs: P[] = []
    const ps: Proof[] = []
    for (let k = 0; k < n; k++) {
      const f = typeof fr[k] === 'string' ? G.parse(fr[k] as string, { allowIdentity: true }) : null
      if (f === null) return { ok: false, reason: 'bad-factor', question: i, choice: k }
      const p = pr[k] as Record<string, unknown> | null
      const challenge = typeof p === 'object' && p !== null ? parseScalar(p.challenge) : null
      const response = typeof p === 'object' && p !== null ? parseScalar(p.response) : null
      if (challenge === null || response === null) return { ok: false, reason: 'malformed', question: i, choice: k }
      fs.push(f)
      ps.push({ challenge, response })
    }
    factors.push(fs)
    proofs.push(ps)
  }
  const decryption = { factors, proofs }
  if (partialDecryptionText(G, decryption) !== text) return { ok: false, reason: 'malformed' }
  const prefix = decryptPrefix(fingerprint, publicKeyText)
  for (let i = 0; i < tally.length; i++)
    for (let k = 0; k < tally[i]!.length; k++)
      if (!decryptionVerify(G, X, prefix, tally[i]![k]!.alpha, factors[i]![k]!, proofs[i]![k]!))
        return { ok: false, reason: 'bad-proof', question: i, choice: k }
  return { ok: true, decryption }
}

// ---- combination and result --------------------------------------------------------------------------------------

function invMod(a: bigint): bigint {
  // q is prime: a^(q−2)
  let r = 1n
  let b = modQ(a)
  let e = Q - 2n
  while (e > 0n) {
    if (e & 1n) r = (r * b) % Q
    b = (b * b) % Q
    e >>= 1n
  }
  return r
}

/** The Lagrange coefficient λ_j^I = Π_{k∈I, k≠j} k / (k − j) mod q (indexes from 1, as the specification's). */
export function lagrange(indexes: readonly number[], j: number): bigint {
  let num = 1n
  let den = 1n
  for (const k of indexes) {
    if (k === j) continue
    num = (num * BigInt(k)) % Q
    den = modQ(den * BigInt(k - j))
  }
  return (num * invMod(den)) % Q
}

/**
 * The factors of one item of the `trustees` structure: a "Single" trustee's (its verified partial decryption), or a
 * "Pedersen" set's, given as verified partial decryptions by the trustee's 1-based index within the set and the
 * set's threshold (t + 1): the first `threshold` of them by index are combined, as Belenios does.
 */
export type FactorSource<P> =
  | { readonly kind: 'single'; readonly factors: readonly (readonly P[])[] }
  | {
      readonly kind: 'pedersen'
      readonly threshold: number
      readonly shares: readonly { readonly index: number; readonly factors: readonly (readonly P[])[] }[]
    }

/** The synthetic factors F = Π_τ F_τ; throws when a Pedersen item has fewer than its threshold of shares. */
export function combineFactors<P>(G: Group<P>, tally: EncryptedTally<P>, sources: readonly FactorSource<P>[]): P[][] {
  let F: P[][] = tally.map((row) => row.map(() => G.identity))
  const mulIn = (factors: readonly (readonly P[])[], coef: bigint | null): void => {
    F = F.map((row, i) => row.map((f, k) => G.add(f, coef === null ? factors[i]![k]! : G.mul(factors[i]![k]!, coef))))
  }
  for (const s of sources) {
    if (s.kind === 'single') {
      mulIn(s.factors, null)
      continue
    }
    const chosen = [...s.shares].sort((a, b) => a.index - b.index).slice(0, s.threshold)
    if (chosen.length < s.threshold || new Set(chosen.map((c) => c.index)).size !== chosen.length)
      throw new Error('not enough partial decryptions')
    const indexes = chosen.map((c) => c.index)
    for (const c of chosen) mulIn(c.factors, lagrange(indexes, c.index))
  }
  return F
}

/**
 * The largest total weight a tally may have: Belenios's `Weight.max_expanded_weight` (10^11), which its server checks
 * on the public credentials list. The result is found by baby-step giant-step up to the total weight (a table of
 * about √total points), so a larger total (weights go up to 10^18 a line) would make the node spin and exhaust memory.
 */
export const MAX_TOTAL_WEIGHT = 100_000_000_000n

/** ⌊√n⌋ for 0 ≤ n (Newton's method on bigints). */
function isqrt(n: bigint): bigint {
  if (n < 2n) return n
  let x = n
  let y = (x + 1n) >> 1n
  while (y < x) {
    x = y
    y = (x + n / x) >> 1n
  }
  return x
}

/**
 * A discrete-log solver for g^m, 0 ≤ m ≤ max (baby-step giant-step; one table for all the answers). Throws when max is
 * negative or above MAX_TOTAL_WEIGHT (the caller refuses such a credentials list before any tally).
 */
export function discreteLog<P>(G: Group<P>, max: bigint): (h: P) => bigint | null {
  if (max < 0n || max > MAX_TOTAL_WEIGHT) throw new RangeError(`the total weight ${max} is outside 0…${MAX_TOTAL_WEIGHT}`)
  const m = isqrt(max) + 1n // m² > max
  const table = new Map<string, bigint>()
  let cur = G.identity
  for (let j = 0n; j < m; j++) {
    const key = G.toString(cur)
    if (!table.has(key)) table.set(key, j)
    cur = G.add(cur, G.g)
  }
  const giant = G.neg(cur) // −m·g
  return (h) => {
    let gamma = h
    for (let i = 0n; i <= m; i++) {
      const j = table.get(G.toString(gamma))
      if (j !== undefined) {
        const r = i * m + j
        return r <= max ? r : null
      }
      gamma = G.add(gamma, giant)
    }
    return null
  }
}

/** result_{i,j} = log_g(β_{i,j} / F_{i,j}), each at most the total weight; throws if one is not (a wrong factor). */
export function computeResult<P>(G: Group<P>, tally: EncryptedTally<P>, F: readonly (readonly P[])[], totalWeight: bigint): bigint[][] {
  const log = discreteLog(G, totalWeight)
  return tally.map((row, i) =>
    row.map((c, k) => {
      const r = log(G.sub(c.beta, F[i]![k]!))
      if (r === null) throw new Error('cannot compute the result: a factor is wrong')
      return r
    }),
  )
}

/** Whether g^result = β / F for every answer (Belenios's check_result). */
export function checkResult<P>(G: Group<P>, tally: EncryptedTally<P>, F: readonly (readonly P[])[], result: readonly (readonly bigint[])[]): boolean {
  if (result.length !== tally.length) return false
  return tally.every(
    (row, i) =>
      result[i]!.length === row.length &&
      row.every((c, k) => G.equals(G.baseMul(result[i]![k]!), G.sub(c.beta, F[i]![k]!))),
  )
}

/** The `result` text: `{"result":[[…],…]}`, each count as Belenios writes a weight. */
export function resultText(result: readonly (readonly bigint[])[]): string {
  return `{"result":[${result.map((row) => `[${row.map(weightJson).join(',')}]`).join(',')}]}`
}

/** Read a `result` text (canonical) into counts; null otherwise. */
export function parseResult(text: string): bigint[][] | null {
  let j: unknown
  try {
    j = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof j !== 'object' || j === null || !isArray((j as { result?: unknown }).result)) return null
  const rows = (j as { result: unknown[] }).result
  const out: bigint[][] = []
  for (const row of rows) {
    if (!isArray(row)) return null
    const r: bigint[] = []
    for (const v of row as unknown[]) {
      if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) r.push(BigInt(v))
      else if (typeof v === 'string' && /^(0|[1-9][0-9]{0,30})$/.test(v)) r.push(BigInt(v))
      else return null
    }
    out.push(r)
  }
  return resultText(out) === text ? out : null
}
