/**
 * One verifier for every registry's certified records (docs/adr/0023). A certified record is a registry's record with
 * its proof: the registering transaction's inclusion proof, whose header and commit are the checkpoint, plus whatever
 * else the registry's format carries (the notary: a batch document's leaf and audit path, the issuer's grant). The
 * framework checks the part every record shares — the transaction is in a block signed by more than 2/3 of the trust
 * list's validator power — and runs the checks the registry declares (the notary's integrity, status and issuer; land
 * extracts and cattle histories add theirs), each reported with its result and a sentence. It refuses, with a clear
 * reason, a record of a registry or a format it does not know.
 * Portable: the CLI, the app and the standalone verifier page run this same code.
 */
import type { VerifyFn } from '../crypto/ed25519'
import { verifyPortable } from '../crypto/ed25519'
import { type CertifiedState, verifyCertifiedState } from '../proofs/certified-state'
import { type InclusionProof, type ProofVerification, type TrustList, verifyProof } from '../proofs/proof'
import { toHex } from '../codec/bytes'
import { blockHash } from '../types/block'
import { decodeTx } from '../types/tx'

export type CheckResult = 'pass' | 'fail' | 'unchecked'

/** What one check found. `detail` is one sentence, in English; screens say it in the user's language from the facts. */
export interface CheckOutcome {
  ok: boolean
  result: CheckResult
  detail: string
}

export function outcome(ok: boolean, detail: string): CheckOutcome {
  return { ok, result: ok ? 'pass' : 'fail', detail }
}

/** A registry's record with its proof, as a verifier receives it (from a QR code, a bundle file, a node). */
export interface CertifiedRecord<E = unknown> {
  /** the registry that certified it (its name: notary, …) */
  registry: string
  /** the version of that registry's certificate format */
  format: number
  /**
   * the registering transaction, its path to the block's root, and the checkpoint (the header and its commit); null
   * when the record is proven by its state instead (`state`)
   */
  proof: InclusionProof | null
  /**
   * the record's state entries proven as of a block (docs/adr/0027): a state proof to the header's app hash, and the
   * checkpoint (the header and its commit, and optionally the validator-set changes from the trust list to it)
   */
  state?: CertifiedState | null
  /** the rest of the registry's evidence */
  extra: E
}

/** What the framework found of the proof every record rests on: an inclusion proof's checks, or a state proof's. */
export interface EvidenceVerification {
  valid: boolean
  /** the registering transaction's hash (an inclusion proof), or null (a state proof) */
  txHash: string | null
  height: number
  blockHash: string
  checks: Array<{ name: string; ok: boolean; detail: string }>
  /** how far carried validator-set changes extended the trust list (a state proof), or null */
  trustedThrough?: { changes: number; height: number } | null
}

/** A certified state verified against the trust list, in the framework's terms. */
export function verifyStateEvidence(cs: CertifiedState, trust: TrustList, verify: VerifyFn): EvidenceVerification & {
  claim: ReturnType<typeof verifyCertifiedState>['claim'] | null
} {
  const height = cs.header.height
  const hash = toHex(blockHash(cs.header))
  try {
    const r = verifyCertifiedState(cs, trust, verify)
    return {
      valid: r.ok,
      txHash: null,
      height: r.asOf.height,
      blockHash: hash,
      checks: (['state', 'chain', 'validators', 'commit'] as const).map((name) => ({ name, ...r.checks[name] })),
      trustedThrough: r.trustedThrough,
      claim: r.ok ? r.claim : null,
    }
  } catch (e) {
    return { valid: false, txHash: null, height, blockHash: hash, checks: [{ name: 'state', ok: false, detail: (e as Error).message }], claim: null }
  }
}

/** What a check is given. */
export interface CheckContext<R, E, L> {
  record: R
  certified: CertifiedRecord<E>
  trust: TrustList
  /** the inclusion proof holds, and so does the registry's own part of the proof */
  proofOk: boolean
  /** why the proof does not hold ('' when it does) */
  proofProblem: string
  /** the block the proof is about */
  asOf: { height: number; time: number }
  /** SHA-256 (hex) of the file the record is about, when the user gave it */
  subjectHash: string | null
  /** what a node said now, when one was asked (the registry says what it asks) */
  live: L | null
  /** later proofs about the record (the notary's status proofs), as the registry's `later` read them */
  later: readonly unknown[]
  verify: VerifyFn
}

/**
 * A check of a record. Every check says how long its answer holds: `timeless` (a fact fixed by the block: the file's
 * hash, who signed), or `current(outcome)` (true when a node was asked now). A check that says neither is taken to
 * hold only as of the proof's block — a registry that forgets to say gets an amber "valid as of", never a green
 * "valid" it cannot back.
 */
export type RecordCheck<R, E, L, C extends CheckOutcome = CheckOutcome> = {
  run(ctx: CheckContext<R, E, L>): C
} & (
  | { timeless: true; current?: never }
  | { timeless?: never; current?(c: C): boolean }
)

export type Checks = Record<string, CheckOutcome>

/** A registry's part of the verifier: how it reads its record and which checks it runs, in order. */
export interface RegistryVerifier<R = unknown, E = unknown, L = unknown, C extends Checks = Checks> {
  registry: string
  /** the certificate formats it reads */
  formats: readonly number[]
  /** the record the proof states; throws when the evidence cannot be read as one */
  record(c: CertifiedRecord<E>): R
  /** the registry's own part of the proof (a batch audit path, …): why it does not hold, or null */
  proofProblem?(c: CertifiedRecord<E>, record: R): string | null
  /**
   * a compact form's bytes (from a QR code) read as a certified record of this format; a compact checkpoint is
   * completed from the trust list (verify/checkpoint.ts), so a format that has one needs it
   */
  decode?(format: number, bytes: Uint8Array, trust?: TrustList): CertifiedRecord<E>
  checks: { [K in keyof C]: RecordCheck<R, E, L, C[K]> }
  /** the checks' answers when the evidence could not be read at all */
  unreadable(problem: string): C
  /** what each check is called, in words (a screen without the registry's own panel lists the checks by these) */
  checkNames?: { readonly [K in keyof C]?: Readonly<Record<'ko' | 'en', string>> }
  /** how the record is named (a document number): in the CLI's answer, and to tell whether two pieces agree */
  label?(record: R): string
  /** a proof bundle (parsed JSON: a file, a certificate's attachment, a node's answer) read as a certified record */
  bundle?(json: unknown): CertifiedRecord<E>
  /** the name of the bundle file the registry's certificate PDF carries */
  attachment?: string
  /** the bundle of a record a node holds, found by its label or by the subject's SHA-256; null when it holds none */
  find?(get: NodeGet, by: { label?: string; subjectHash?: string }): Promise<unknown>
  /** what a node says now about the record: the `live` facts the checks are given */
  live?(get: NodeGet, certified: CertifiedRecord<E>, record: R): Promise<L>
  /**
   * a later proof about a record (parsed JSON: a status proof file exported by any node) read for the checks; throws
   * when it is not one. Its checks verify it: a node need not be trusted for it
   */
  later?(json: unknown): unknown
  /** a later proof of the record fetched from a node (its status proof as of the node's head), or null */
  fetchLater?(get: NodeGet, certified: CertifiedRecord<E>, record: R): Promise<unknown>
}

/** A node's read API as a verifier reaches it: GET of an /api/v1 path, its JSON answer (a DaejangError when refused). */
export type NodeGet = <T>(path: string) => Promise<T>

/**
 * The answer in one word. `valid-as-of`: every check passed, but one answered as of the proof's block only (the
 * notary's status, with no node asked): not the same as `valid`, and never shown as such.
 */
export type Verdict = 'valid' | 'valid-as-of' | 'invalid'

/** Why a verifier did not verify at all. */
export type Refusal = 'unknown-registry' | 'unknown-format' | 'unreadable'

export interface CertifiedVerification<R = unknown, C extends Checks = Checks> {
  registry: string
  format: number
  /** every check passed (also true for `valid-as-of`) */
  valid: boolean
  verdict: Verdict
  record: R | null
  /** the registry's checks, in its order */
  checks: C
  /**
   * the proof's own checks: an inclusion proof's (transaction, inclusion, chain, validators, commit), or a state
   * proof's (state, chain, validators, commit)
   */
  proof: ProofVerification | EvidenceVerification | null
  /** the block the proof is about (its height and time, ms), when the evidence could be read */
  asOf: { height: number; time: number } | null
  /** why the evidence was not verified, if it was not */
  problem: string | null
  refused: Refusal | null
}

export interface VerifyCertifiedInput<E = unknown, L = unknown> {
  certified: CertifiedRecord<E>
  trust: TrustList
  subjectHash?: string | null
  live?: L | null
  /** later proofs about the record, read by the registry's `later` */
  later?: readonly unknown[]
  verify?: VerifyFn
}

/** A verifier of any registry, as the list the framework is given holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of registries' verifiers, each with its own types
export type AnyVerifier = RegistryVerifier<any, any, any, any>

const named = (registry: string): string => `the ${registry} registry`

/** Why no verifier in the list takes this registry and format, or null when one does. */
export function refusalOf(
  registry: string,
  format: number,
  verifiers: readonly AnyVerifier[],
): { refused: Exclude<Refusal, 'unreadable'>; problem: string } | null {
  const v = verifiers.find((x) => x.registry === registry)
  if (!v) {
    return {
      refused: 'unknown-registry',
      problem: `this verifier does not know records of ${named(registry)}: use a newer verifier`,
    }
  }
  if (!v.formats.includes(format)) {
    return {
      refused: 'unknown-format',
      problem:
        `this verifier reads format ${v.formats.join(', ')} of ${named(registry)}'s certificates, not format ${format}: ` +
        'use a newer verifier',
    }
  }
  return null
}

/** Why the proven transaction is not one of the registry's (its type must start with "<registry>."), or null. */
function foreignType(txBytes: Uint8Array, registry: string): string | null {
  let type: string
  try {
    type = decodeTx(txBytes).type
  } catch {
    return 'the proven transaction cannot be read'
  }
  return type.startsWith(`${registry}.`) ? null : `the proven transaction (${type}) is not one of the ${registry} registry's`
}

/** Verify with one registry's verifier (the caller knows which). */
export function verifyWith<R, E, L, C extends Checks>(
  verifier: RegistryVerifier<R, E, L, C>,
  input: VerifyCertifiedInput<E, L>,
): CertifiedVerification<R, C> {
  const c = input.certified
  const base = { registry: c.registry, format: c.format }
  const refusal = refusalOf(c.registry, c.format, [verifier])
  const none = { valid: false, verdict: 'invalid', record: null, proof: null, asOf: null } as const
  if (refusal) return { ...base, ...refusal, ...none, checks: verifier.unreadable(refusal.problem) }
  const verify = input.verify ?? verifyPortable
  let record: R
  try {
    record = verifier.record(c)
  } catch (e) {
    const problem = (e as Error).message
    return { ...base, ...none, checks: verifier.unreadable(problem), problem, refused: 'unreadable' }
  }
  const pv: ProofVerification | EvidenceVerification = c.proof
    ? verifyProof(c.proof, input.trust, verify)
    : c.state
      ? verifyStateEvidence(c.state, input.trust, verify)
      : { valid: false, txHash: null, height: 0, blockHash: '', checks: [{ name: 'proof', ok: false, detail: 'the record carries no proof' }] }
  // the proven transaction must be one of this registry's: a verifier that forgets to look cannot be shown another
  // registry's record under its name (a state proof's keys are the registry's to check, in proofProblem)
  const foreign = pv.valid && c.proof ? foreignType(c.proof.tx, c.registry) : null
  const own = pv.valid ? (foreign ?? verifier.proofProblem?.(c, record) ?? null) : null
  const proofProblem = !pv.valid
    ? `the proof does not verify (${pv.checks
        .filter((x) => !x.ok)
        .map((x) => `${x.name}: ${x.detail}`)
        .join('; ')})`
    : (own ?? '')
  const ctx: CheckContext<R, E, L> = {
    record,
    certified: c,
    trust: input.trust,
    proofOk: pv.valid && own === null,
    proofProblem,
    asOf: { height: pv.height, time: (c.proof?.header ?? c.state?.header)?.time ?? 0 },
    subjectHash: input.subjectHash ?? null,
    live: input.live ?? null,
    later: input.later ?? [],
    verify,
  }
  const checks = {} as C
  let current = true
  for (const name of Object.keys(verifier.checks) as Array<keyof C>) {
    const check = verifier.checks[name]
    const out = check.run(ctx)
    checks[name] = out
    if (!check.timeless && !(check.current?.(out) ?? false)) current = false
  }
  const valid = ctx.proofOk && Object.values(checks).every((x) => x.ok)
  return {
    ...base,
    valid,
    verdict: !valid ? 'invalid' : current ? 'valid' : 'valid-as-of',
    record,
    checks,
    proof: pv,
    asOf: ctx.asOf,
    problem: null,
    refused: null,
  }
}

/** Verify a certified record with the verifier of its registry, from the list; refuses what no verifier knows. */
export function verifyCertified(input: VerifyCertifiedInput, verifiers: readonly AnyVerifier[]): CertifiedVerification {
  const c = input.certified
  const refusal = refusalOf(c.registry, c.format, verifiers)
  if (refusal) {
    return { registry: c.registry, format: c.format, ...refusal, valid: false, verdict: 'invalid', record: null, checks: {}, proof: null, asOf: null }
  }
  return verifyWith(verifiers.find((v) => v.registry === c.registry)!, input)
}
