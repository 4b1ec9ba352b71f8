/**
 * Belenios 2.5 threshold key establishment, the "Pedersen" protocol (specification, "Filling in the trustees
 * structure", "Certificates", "Polynomials", "Vinputs", "Voutputs", "Threshold parameters"; reference
 * src/lib/v1/trustees.ml MakePedersen). Trustees are numbered 1…n in the order of their certificates; `threshold` is
 * t + 1, the number of trustees needed to decrypt (k of k-of-n), which is also the number of polynomial coefficients.
 *
 * The trustee's side: `generateTrustee` (seed and certificate), `makePolynomial` (step 3), `makeVoutput` (step 5).
 * The server's side, which every ledger node runs as a rule (ADR 0048): `checkCert`, `checkCerts`, `checkPolynomial`,
 * `computeVinputs`, `checkVoutput`, `thresholdParameters`. Every refusal is a `PedersenFailure` naming the trustee at
 * fault and the reason; the caller maps reasons to VOTING_* codes.
 *
 * Belenios 2.5 has no message by which a trustee accuses another whose share does not open: its step 5 just fails.
 * Daejang adds the accusation (`makeAccusation` / `judgeAccusation`, docs/voting-belenios.md): the receiving trustee
 * reveals the channel's shared point for that one share with a proof that it is the right one, so every node can open
 * the share, and either the sender or the accuser is named.
 */
import { randomScalar, type Group, type ScalarSource } from './group'
import { hashToScalar } from './hash'
import {
  channelRecv,
  channelSend,
  decryptWithShared,
  deriveKeys,
  generateSeed,
  isSeed,
  jstr,
  makeCert,
  openChannelPlaintext,
  parseCertKeys,
  parseEncryptedMsg,
  parseObject,
  parseProof,
  parseSignedMsg,
  proofText,
  readSignedMsg,
  sharedPoint,
  sign,
  signedMsgText,
  verifySignature,
  type CertKeys,
  type ChannelFailure,
  type PkiKeys,
  type Proof,
  type SignedMsg,
} from './pedersen-pki'
import {
  coefexpsPoints,
  proveTrusteeKey,
  readTrusteeKey,
  thresholdParametersText,
  trusteeKeyText,
  verifyTrusteeKey,
  type ThresholdParameters,
  type TrusteePublicKey,
} from './trustees'

/** Why a ceremony message is refused; `trustee` (1-based) is the one at fault. */
export type PedersenReason =
  | 'cert-malformed'
  | 'cert-bad-signature'
  | 'cert-duplicate'
  | 'ceremony-size'
  | 'polynomial-malformed'
  | 'polynomial-bad-signature'
  | 'polynomial-bad-commitment'
  | 'polynomial-wrong-degree'
  | 'polynomial-wrong-share-count'
  | 'polynomial-duplicate'
  | 'polynomial-not-own'
  | 'share-malformed'
  | 'share-undecryptable'
  | 'share-bad-signature'
  | 'share-wrong-recipient'
  | 'share-mismatch'
  | 'vinput-malformed'
  | 'voutput-malformed'
  | 'voutput-bad-pok'
  | 'voutput-wrong-key'
  | 'accusation-malformed'
  | 'accusation-bad-proof'
  | 'accusation-false'
  | 'not-a-trustee'

export interface PedersenFailure {
  ok: false
  reason: PedersenReason
  /** The trustee at fault, 1-based (0 when the fault is not a trustee's: a ceremony of the wrong size). */
  trustee: number
  /** English, for logs and the status file; the app words the reason itself. */
  detail: string
}

export type Checked<T> = { ok: true; value: T } | PedersenFailure

const fail = (reason: PedersenReason, trustee: number, detail: string): PedersenFailure => ({ ok: false, reason, trustee, detail })

/** The largest ceremony we run (Belenios has no limit; ours bounds the work a hostile message can ask for). */
export const MAX_TRUSTEES = 64

// ---- certificates -------------------------------------------------------------------------------------------------

export interface ParsedCert<P> {
  text: string
  signed: SignedMsg
  keys: CertKeys<P>
}

/** Step 1 (trustee): a fresh seed (the trustee's only secret) and its certificate text. */
export function generateTrustee<P>(G: Group<P>, rnd?: ScalarSource): { seed: string; cert: string } {
  const seed = generateSeed()
  return { seed, cert: makeCert(G, deriveKeys(G, seed), rnd) }
}

/** Step 1 check (server): the certificate of trustee `index` (1-based), against the certificates already accepted. */
export function checkCert<P>(G: Group<P>, text: unknown, index: number, others: readonly ParsedCert<P>[] = []): Checked<ParsedCert<P>> {
  const signed = parseSignedMsg(text)
  if (signed === null) return fail('cert-malformed', index, `certificate ${index} is not a signed message`)
  const keys = parseCertKeys(G, signed.message)
  if (keys === null) return fail('cert-malformed', index, `certificate ${index} does not hold two valid keys`)
  if (G.equals(keys.verification, keys.encryption)) return fail('cert-malformed', index, `certificate ${index} uses one key twice`)
  if (!verifySignature(G, keys.verification, signed)) return fail('cert-bad-signature', index, `certificate ${index} is not signed by its key`)
  for (const o of others) {
    const mine = [keys.verification, keys.encryption]
    if (mine.some((k) => G.equals(k, o.keys.verification) || G.equals(k, o.keys.encryption))) {
      return fail('cert-duplicate', index, `certificate ${index} repeats a key of another trustee`)
    }
  }
  return { ok: true, value: { text: text as string, signed, keys } }
}

/** Check all certificates Γ in order (each against those before it). */
export function checkCerts<P>(G: Group<P>, texts: readonly unknown[]): Checked<ParsedCert<P>[]> {
  if (texts.length < 1 || texts.length > MAX_TRUSTEES) return fail('ceremony-size', 0, `${texts.length} trustees`)
  const out: ParsedCert<P>[] = []
  for (let i = 0; i < texts.length; i++) {
    const c = checkCert(G, texts[i], i + 1, out)
    if (!c.ok) return c
    out.push(c.value)
  }
  return { ok: true, value: out }
}

/** Which trustee (1-based) the seed's keys are, or 0. */
export function findMyIndex<P>(G: Group<P>, certs: readonly ParsedCert<P>[], keys: PkiKeys<P>): number {
  const i = certs.findIndex((c) => G.equals(c.keys.verification, keys.vk) && G.equals(c.keys.encryption, keys.ek))
  return i + 1
}

// ---- polynomials --------------------------------------------------------------------------------------------------

export interface ParsedPolynomial<P> {
  text: string
  /** The sent raw_polynomial (encrypted to its own author). */
  polynomial: string
  secrets: string[]
  coefexps: SignedMsg
  coefexpsText: string
  /** A_0 … A_t. */
  commitments: P[]
}

function evalPoly(coefs: readonly bigint[], x: bigint, q: bigint): bigint {
  let r = 0n
  for (let k = coefs.length - 1; k >= 0; k--) r = (r * x + coefs[k]!) % q
  return r
}

/** Π_k A_k^(j^k): what g^f(j) must be. */
function commitmentAt<P>(G: Group<P>, commitments: readonly P[], j: number): P {
  let acc = G.identity
  let jk = 1n
  const jj = BigInt(j)
  for (const a of commitments) {
    acc = G.add(acc, G.mul(a, jk))
    jk = (jk * jj) % G.q
  }
  return acc
}

function polynomialText(p: { polynomial: string; secrets: string[]; coefexpsText: string }): string {
  return `{"polynomial":${jstr(p.polynomial)},"secrets":[${p.secrets.map(jstr).join(',')}],"coefexps":${p.coefexpsText}}`
}

/**
 * Step 3 (trustee): with the seed and all certificates Γ (checked here again), a random polynomial of `threshold`
 * coefficients, its commitments signed, and its value at every trustee's number sent to that trustee.
 */
export function makePolynomial<P>(G: Group<P>, seed: string, certTexts: readonly string[], threshold: number, rnd: ScalarSource = randomScalar): Checked<string> {
  const certs = checkCerts(G, certTexts)
  if (!certs.ok) return certs
  const n = certs.value.length
  if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > n) return fail('ceremony-size', 0, `threshold ${threshold} of ${n}`)
  if (!isSeed(seed)) return fail('not-a-trustee', 0, 'not a seed')
  const keys = deriveKeys(G, seed)
  const me = findMyIndex(G, certs.value, keys)
  if (me === 0) return fail('not-a-trustee', 0, 'could not find my certificate')
  const coefs = Array.from({ length: threshold }, () => rnd())
  const polynomial = channelSend(G, keys.sk, keys.ek, `{"polynomial":[${coefs.map((c) => `"${c.toString(10)}"`).join(',')}]}`, rnd)
  const raw = `{"coefexps":[${coefs.map((c) => `"${G.toString(G.baseMul(c))}"`).join(',')}]}`
  const coefexpsText = signedMsgText(sign(G, keys.sk, raw, rnd))
  const secrets = certs.value.map((c, j) => channelSend(G, keys.sk, c.keys.encryption, `{"secret":"${evalPoly(coefs, BigInt(j + 1), G.q).toString(10)}"}`, rnd))
  return { ok: true, value: polynomialText({ polynomial, secrets, coefexpsText }) }
}

/**
 * Step 3 check (server): trustee `index`'s polynomial, against the certificates. Checks what the server can see: the
 * shape, one encrypted share per trustee, the commitments signed by the trustee's certificate key, `threshold` of them,
 * each a valid point other than the identity, none a commitment of the polynomials already accepted (`others`). The
 * shares themselves are checked by their recipients (step 5).
 */
export function checkPolynomial<P>(
  G: Group<P>,
  certs: readonly ParsedCert<P>[],
  index: number,
  text: unknown,
  threshold: number,
  others: readonly ParsedPolynomial<P>[] = [],
): Checked<ParsedPolynomial<P>> {
  const cert = certs[index - 1]
  if (cert === undefined) return fail('not-a-trustee', index, `no trustee ${index}`)
  const o = parseObject(text)
  if (o === null || Object.keys(o).length !== 3 || typeof o.polynomial !== 'string' || !Array.isArray(o.secrets)) {
    return fail('polynomial-malformed', index, `polynomial ${index} is not a polynomial message`)
  }
  const coefexps = readSignedMsg(o.coefexps)
  const secrets = o.secrets
  if (coefexps === null || !secrets.every((s): s is string => typeof s === 'string')) {
    return fail('polynomial-malformed', index, `polynomial ${index} is not a polynomial message`)
  }
  const coefexpsText = signedMsgText(coefexps)
  if (polynomialText({ polynomial: o.polynomial, secrets, coefexpsText }) !== text) {
    return fail('polynomial-malformed', index, `polynomial ${index} is not in canonical form`)
  }
  if (parseEncryptedMsg(G, o.polynomial) === null || !secrets.every((s) => parseEncryptedMsg(G, s) !== null)) {
    return fail('polynomial-malformed', index, `polynomial ${index} holds a message that is not an encrypted message`)
  }
  if (secrets.length !== certs.length) {
    return fail('polynomial-wrong-share-count', index, `polynomial ${index} has ${secrets.length} shares for ${certs.length} trustees`)
  }
  if (!verifySignature(G, cert.keys.verification, coefexps)) {
    return fail('polynomial-bad-signature', index, `the commitments of polynomial ${index} are not signed by trustee ${index}`)
  }
  const commitments = coefexpsPoints(G, coefexps)
  if (commitments === null) return fail('polynomial-bad-commitment', index, `polynomial ${index} has a commitment that is not a valid point`)
  if (commitments.length !== threshold) {
    return fail('polynomial-wrong-degree', index, `polynomial ${index} has ${commitments.length} coefficients, not ${threshold}`)
  }
  // another trustee's commitments copied (signed anew): its author could not make the shares; refused at once
  if (others.some((o) => o.commitments.some((a) => commitments.some((b) => G.equals(a, b))))) {
    return fail('polynomial-duplicate', index, `polynomial ${index} repeats a commitment of another trustee`)
  }
  return { ok: true, value: { text, polynomial: o.polynomial, secrets, coefexps, coefexpsText, commitments } }
}

// ---- vinputs ------------------------------------------------------------------------------------------------------

/** Step 4 (server): trustee j's vinput routes its own sent polynomial, the j-th share of every polynomial, all coefexps. */
export function computeVinputs<P>(polys: readonly ParsedPolynomial<P>[]): string[] {
  const coefexps = `[${polys.map((p) => p.coefexpsText).join(',')}]`
  return polys.map(
    (pj, j) => `{"polynomial":${jstr(pj.polynomial)},"secrets":[${polys.map((pi) => jstr(pi.secrets[j]!)).join(',')}],"coefexps":${coefexps}}`,
  )
}

// ---- voutputs -----------------------------------------------------------------------------------------------------

export interface ShareAccusation {
  /** The trustee whose share did not open (1-based). */
  accused: number
  reason: PedersenReason
  /** The accusation text to publish (Daejang's addition; `judgeAccusation` decides it). */
  text: string
}

/** Step 5's result for the trustee: its voutput, or a failure naming a sender (with an accusation to publish). */
export type VoutputResult = { ok: true; voutput: string; decryptionKey: bigint } | (PedersenFailure & { accusation?: ShareAccusation })

const CHANNEL_REASON: Record<ChannelFailure, PedersenReason> = {
  malformed: 'share-malformed',
  undecryptable: 'share-undecryptable',
  'bad-signature': 'share-bad-signature',
  'wrong-recipient': 'share-wrong-recipient',
}

/** Read `{"<field>":"<Z_q>"}` exactly. */
function readScalarMessage(text: string, field: string, q: bigint): bigint | null {
  const o = parseObject(text)
  if (o === null || Object.keys(o).length !== 1 || typeof o[field] !== 'string') return null
  const s = o[field]
  if (!/^(0|[1-9][0-9]{0,76})$/.test(s)) return null
  const x = BigInt(s)
  return x < q ? x : null
}

function readVinput(text: unknown, n: number): { polynomial: string; secrets: string[]; coefexps: SignedMsg[] } | null {
  const o = parseObject(text)
  if (o === null || Object.keys(o).length !== 3 || typeof o.polynomial !== 'string') return null
  if (!Array.isArray(o.secrets) || !Array.isArray(o.coefexps) || o.secrets.length !== n || o.coefexps.length !== n) return null
  if (!o.secrets.every((s): s is string => typeof s === 'string')) return null
  const coefexps = o.coefexps.map(readSignedMsg)
  if (coefexps.some((c) => c === null)) return null
  return { polynomial: o.polynomial, secrets: o.secrets, coefexps: coefexps as SignedMsg[] }
}

/**
 * Step 5 (trustee j): open its vinput — its own polynomial, every share sent to it, checked against the sender's
 * signed commitments (g^s_ij = Π_k A_ik^(j^k)) — and produce its voutput: its decryption key S_j = Σ_i s_ij sent to
 * itself, and its verification key g^S_j with a proof of knowledge. A share that does not open names its sender and
 * comes with an accusation to publish.
 */
export function makeVoutput<P>(G: Group<P>, seed: string, certTexts: readonly string[], vinputText: unknown, rnd: ScalarSource = randomScalar): VoutputResult {
  const certs = checkCerts(G, certTexts)
  if (!certs.ok) return certs
  if (!isSeed(seed)) return fail('not-a-trustee', 0, 'not a seed')
  const keys = deriveKeys(G, seed)
  const j = findMyIndex(G, certs.value, keys)
  if (j === 0) return fail('not-a-trustee', 0, 'could not find my certificate')
  const n = certs.value.length
  const vi = readVinput(vinputText, n)
  if (vi === null) return fail('vinput-malformed', 0, 'the vinput is not one for this ceremony')
  const mine = channelRecv(G, keys.dk, keys.vk, vi.polynomial)
  const coefs = mine.ok ? readPolynomialCoefs(mine.message, G.q) : null
  if (coefs === null) return fail('polynomial-not-own', j, `my own polynomial does not open`)
  const threshold = coefs.length
  const commitments: P[][] = []
  for (let i = 1; i <= n; i++) {
    const c = vi.coefexps[i - 1]!
    if (!verifySignature(G, certs.value[i - 1]!.keys.verification, c)) {
      return fail('polynomial-bad-signature', i, `the commitments of polynomial ${i} are not signed by trustee ${i}`)
    }
    const pts = coefexpsPoints(G, c)
    if (pts === null) return fail('polynomial-bad-commitment', i, `polynomial ${i} has a commitment that is not a valid point`)
    if (pts.length !== threshold) return fail('polynomial-wrong-degree', i, `polynomial ${i} has ${pts.length} coefficients, not ${threshold}`)
    commitments.push(pts)
  }
  if (!coefs.every((a, k) => G.equals(G.baseMul(a), commitments[j - 1]![k]!))) {
    return fail('polynomial-not-own', j, 'my own polynomial does not match my commitments')
  }
  let sum = 0n
  for (let i = 1; i <= n; i++) {
    const s = openShare(G, keys.dk, certs.value[i - 1]!.keys.verification, keys.ek, vi.secrets[i - 1]!, commitments[i - 1]!, j)
    if (!s.ok) {
      const accusation = makeAccusation(G, keys, j, i, vi.secrets[i - 1]!, s.reason, rnd)
      return { ...fail(s.reason, i, `the share of trustee ${i} to trustee ${j} does not open: ${s.reason}`), accusation }
    }
    sum = (sum + s.value) % G.q
  }
  const pub = proveTrusteeKey(G, sum, rnd)
  const privateKey = channelSend(G, keys.sk, keys.ek, `{"decryption_key":"${sum.toString(10)}"}`, rnd)
  return { ok: true, voutput: `{"private_key":${jstr(privateKey)},"public_key":${trusteeKeyText(G, pub)}}`, decryptionKey: sum }
}

function readPolynomialCoefs(text: string, q: bigint): bigint[] | null {
  const o = parseObject(text)
  if (o === null || Object.keys(o).length !== 1 || !Array.isArray(o.polynomial) || o.polynomial.length === 0) return null
  const out: bigint[] = []
  for (const s of o.polynomial) {
    if (typeof s !== 'string' || !/^(0|[1-9][0-9]{0,76})$/.test(s) || BigInt(s) >= q) return null
    out.push(BigInt(s))
  }
  return out
}

/** Open one share with the channel's plaintext checks and the commitment check. */
function checkSharePlaintext<P>(G: Group<P>, plaintext: string | null, senderVk: P, recipientEk: P, commitments: readonly P[], j: number): { ok: true; value: bigint } | { ok: false; reason: PedersenReason } {
  if (plaintext === null) return { ok: false, reason: 'share-undecryptable' }
  const r = openChannelPlaintext(G, plaintext, senderVk, recipientEk)
  if (!r.ok) return { ok: false, reason: CHANNEL_REASON[r.failure] }
  const s = readScalarMessage(r.message, 'secret', G.q)
  if (s === null) return { ok: false, reason: 'share-malformed' }
  if (!G.equals(G.baseMul(s), commitmentAt(G, commitments, j))) return { ok: false, reason: 'share-mismatch' }
  return { ok: true, value: s }
}

function openShare<P>(G: Group<P>, dk: bigint, senderVk: P, ek: P, text: string, commitments: readonly P[], j: number) {
  const m = parseEncryptedMsg(G, text)
  if (m === null) return { ok: false as const, reason: 'share-malformed' as PedersenReason }
  return checkSharePlaintext(G, decryptWithShared(G, sharedPoint(G, dk, m), m), senderVk, ek, commitments, j)
}

/** The verification keys g^S_j of all trustees from the commitments: Π_i Π_k A_ik^(j^k) = Π_k (Π_i A_ik)^(j^k). */
export function computeVerificationKeys<P>(G: Group<P>, commitments: readonly (readonly P[])[]): P[] {
  const t = commitments[0]?.length ?? 0
  const summed = Array.from({ length: t }, (_, k) => commitments.reduce((acc, c) => G.add(acc, c[k]!), G.identity))
  return commitments.map((_, j) => commitmentAt(G, summed, j + 1))
}

export interface ParsedVoutput<P> {
  text: string
  privateKey: string
  publicKey: TrusteePublicKey<P>
  publicKeyText: string
}

/** Step 5 check (server): trustee `index`'s voutput — its verification key is the one the commitments give, with a valid proof. */
export function checkVoutput<P>(G: Group<P>, polys: readonly ParsedPolynomial<P>[], index: number, text: unknown, verificationKeys?: readonly P[]): Checked<ParsedVoutput<P>> {
  if (index < 1 || index > polys.length) return fail('not-a-trustee', index, `no trustee ${index}`)
  const o = parseObject(text)
  if (o === null || Object.keys(o).length !== 2 || typeof o.private_key !== 'string') return fail('voutput-malformed', index, `voutput ${index} is not a voutput`)
  const publicKey = readTrusteeKey(G, o.public_key)
  if (publicKey === null || publicKey.name !== undefined || parseEncryptedMsg(G, o.private_key) === null) {
    return fail('voutput-malformed', index, `voutput ${index} is not a voutput`)
  }
  const publicKeyText = trusteeKeyText(G, publicKey)
  if (`{"private_key":${jstr(o.private_key)},"public_key":${publicKeyText}}` !== text) {
    return fail('voutput-malformed', index, `voutput ${index} is not in canonical form`)
  }
  if (!verifyTrusteeKey(G, publicKey)) return fail('voutput-bad-pok', index, `the proof of knowledge of voutput ${index} does not hold`)
  const vks = verificationKeys ?? computeVerificationKeys(G, polys.map((p) => p.commitments))
  if (!G.equals(publicKey.publicKey, vks[index - 1]!)) {
    return fail('voutput-wrong-key', index, `voutput ${index} gives a verification key the commitments do not`)
  }
  return { ok: true, value: { text, privateKey: o.private_key, publicKey, publicKeyText } }
}

/** Step 6 (server): the `threshold_parameters` text, once every certificate, polynomial and voutput is checked. */
export function thresholdParameters<P>(G: Group<P>, certs: readonly ParsedCert<P>[], polys: readonly ParsedPolynomial<P>[], voutputs: readonly ParsedVoutput<P>[]): string {
  const params: ThresholdParameters<P> = {
    threshold: polys[0]!.commitments.length,
    certs: certs.map((c) => c.signed),
    coefexps: polys.map((p) => p.coefexps),
    verificationKeys: voutputs.map((v) => v.publicKey),
  }
  return thresholdParametersText(G, params, certs.map((c) => c.text), polys.map((p) => p.coefexpsText))
}

/**
 * Check a Pedersen item of a `trustees` structure read from outside (an archive): every certificate signed by its
 * key, every coefexps by its trustee, `threshold` commitments each, every verification key's proof, and each
 * verification key the one the commitments give (the reference's `check_pedersen`).
 */
export function checkThresholdParameters<P>(G: Group<P>, t: ThresholdParameters<P>): Checked<P[]> {
  const n = t.certs.length
  if (n < 1 || n > MAX_TRUSTEES || t.coefexps.length !== n || t.verificationKeys.length !== n) return fail('ceremony-size', 0, `${n} certificates`)
  if (t.threshold < 1 || t.threshold > n) return fail('ceremony-size', 0, `threshold ${t.threshold} of ${n}`)
  const certs = checkCerts(G, t.certs.map(signedMsgText))
  if (!certs.ok) return certs
  const commitments: P[][] = []
  for (let i = 1; i <= n; i++) {
    const c = t.coefexps[i - 1]!
    if (!verifySignature(G, certs.value[i - 1]!.keys.verification, c)) return fail('polynomial-bad-signature', i, `coefexps ${i} is not signed by trustee ${i}`)
    const pts = coefexpsPoints(G, c)
    if (pts === null) return fail('polynomial-bad-commitment', i, `coefexps ${i} holds an invalid point`)
    if (pts.length !== t.threshold) return fail('polynomial-wrong-degree', i, `coefexps ${i} has ${pts.length} coefficients, not ${t.threshold}`)
    commitments.push(pts)
  }
  const vks = computeVerificationKeys(G, commitments)
  for (let i = 1; i <= n; i++) {
    const k = t.verificationKeys[i - 1]!
    if (!verifyTrusteeKey(G, k)) return fail('voutput-bad-pok', i, `verification key ${i}: its proof does not hold`)
    if (!G.equals(k.publicKey, vks[i - 1]!)) return fail('voutput-wrong-key', i, `verification key ${i} is not the one the commitments give`)
  }
  return { ok: true, value: vks }
}

/** The trustee's decryption key S_j, opened from its own voutput with its seed (checked against the verification key). */
export function openDecryptionKey<P>(G: Group<P>, seed: string, voutput: ParsedVoutput<P>): bigint | null {
  if (!isSeed(seed)) return null
  const keys = deriveKeys(G, seed)
  const r = channelRecv(G, keys.dk, keys.vk, voutput.privateKey)
  if (!r.ok) return null
  const x = readScalarMessage(r.message, 'decryption_key', G.q)
  return x !== null && G.equals(G.baseMul(x), voutput.publicKey.publicKey) ? x : null
}

// ---- accusations (Daejang's addition) -----------------------------------------------------------------------------

function accusationChallenge<P>(G: Group<P>, accuser: number, accused: number, ek: P, alpha: P, beta: P, shared: P, a: P, b: P): bigint {
  const s = G.toString
  return hashToScalar(`daejang-accuse|${accuser}|${accused}|${s(ek)}|${s(alpha)}|${s(beta)}|${s(shared)}|`, [s(a), s(b)])
}

function accusationText<P>(G: Group<P>, accuser: number, accused: number, shared: P, proof: Proof): string {
  return `{"accuser":${accuser},"accused":${accused},"shared":"${G.toString(shared)}","proof":${proofText(proof)}}`
}

/**
 * The receiving trustee j reveals K = beta / alpha^dk_j for the share sent by i, with a Chaum–Pedersen proof that
 * log_g(ek_j) = log_alpha(beta / K): anyone can then open that one share (only it: other channels use other alphas).
 */
export function makeAccusation<P>(G: Group<P>, keys: PkiKeys<P>, accuser: number, accused: number, shareText: string, reason: PedersenReason, rnd: ScalarSource = randomScalar): ShareAccusation | undefined {
  const m = parseEncryptedMsg(G, shareText)
  if (m === null) {
    // a share that is not even an encrypted message cannot have passed the server's polynomial check
    return undefined
  }
  const shared = sharedPoint(G, keys.dk, m)
  const w = rnd()
  const challenge = accusationChallenge(G, accuser, accused, keys.ek, m.alpha, m.beta, shared, G.baseMul(w), G.mul(m.alpha, w))
  const response = (((w - keys.dk * challenge) % G.q) + G.q) % G.q
  return { accused, reason, text: accusationText(G, accuser, accused, shared, { challenge, response }) }
}

export interface AccusationVerdict {
  /** The trustee judged to have cheated: the accused when its share does not open, else the accuser. */
  cheater: number
  reason: PedersenReason
}

/**
 * Judge an accusation against the ceremony's certificates and polynomials (server). Refused (a failure naming the
 * accuser) when malformed or its proof does not hold; otherwise the verdict: the accused if the revealed share does
 * not open or does not match its commitments, else the accuser ('accusation-false').
 */
export function judgeAccusation<P>(G: Group<P>, certs: readonly ParsedCert<P>[], polys: readonly ParsedPolynomial<P>[], text: unknown): Checked<AccusationVerdict> {
  const o = parseObject(text)
  const n = certs.length
  const accuser = o !== null && Number.isSafeInteger(o.accuser) ? (o.accuser as number) : 0
  const accused = o !== null && Number.isSafeInteger(o.accused) ? (o.accused as number) : 0
  if (o === null || Object.keys(o).length !== 4 || accuser < 1 || accuser > n || accused < 1 || accused > n || accuser === accused) {
    return fail('accusation-malformed', accuser >= 1 && accuser <= n ? accuser : 0, 'not an accusation of this ceremony')
  }
  const shared = G.parse(o.shared as string, { allowIdentity: true })
  const proof = parseProof(o.proof)
  if (shared === null || proof === null || polys.length !== n || accusationText(G, accuser, accused, shared, proof) !== text) {
    return fail('accusation-malformed', accuser, 'not an accusation in canonical form')
  }
  const m = parseEncryptedMsg(G, polys[accused - 1]!.secrets[accuser - 1])
  if (m === null) return fail('accusation-malformed', accuser, 'the accused share is not an encrypted message')
  const ek = certs[accuser - 1]!.keys.encryption
  const d = G.sub(m.beta, shared)
  const a = G.baseMul2(proof.response, ek, proof.challenge)
  const b = G.mul2(m.alpha, proof.response, d, proof.challenge)
  if (accusationChallenge(G, accuser, accused, ek, m.alpha, m.beta, shared, a, b) !== proof.challenge) {
    return fail('accusation-bad-proof', accuser, `trustee ${accuser}'s accusation does not prove the channel key`)
  }
  const r = checkSharePlaintext(G, decryptWithShared(G, shared, m), certs[accused - 1]!.keys.verification, ek, polys[accused - 1]!.commitments, accuser)
  return { ok: true, value: r.ok ? { cheater: accuser, reason: 'accusation-false' } : { cheater: accused, reason: r.reason } }
}
