/**
 * Inclusion proofs and their offline verifier. A proof is self-contained: the transaction, its RFC 6962 audit path
 * to the block's transaction root, the block header, and the commit (precommit signatures of more than 2/3 of the
 * validator power) for that header. Checking one needs only the consortium's trust list (chain id and validators),
 * no node and no network. Portable: this file runs unchanged in Node and in the browser.
 */
import { z } from 'zod'
import { fromHex, toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import { type VerifyFn, verifyPortable } from '../crypto/ed25519'
import { auditPathFromLevels, leafHash, treeLevels, verifyInclusion } from '../crypto/merkle'
import { sha256 } from '../crypto/sha256'
import {
  type Commit,
  type Header,
  type Validator,
  blockHash,
  commitFromCanonical,
  commitToCanonical,
  headerFromCanonical,
  headerToCanonical,
} from '../types/block'
import { type Tx, type TxJson, decodeTx, encodeTx, txFromJson, txToJson } from '../types/tx'
import {
  type CommitJson,
  CommitJsonSchema,
  type HeaderJson,
  HeaderJsonSchema,
  ProofFormatError,
  commitFromJson,
  commitToJson,
  headerFromJson,
  headerToJson,
  hex32,
  parseOrThrow,
} from './header-json'
import {
  type TrustStep,
  type TrustStepJson,
  type TrustedThrough,
  TrustStepsJsonSchema,
  checkHeaderTrust,
  setAt,
  trustStepFromJson,
  trustStepToCanonical,
  trustStepToJson,
  trustStepsFromCanonical,
} from './trust-chain'

export { ProofFormatError }
export type { TrustList, TrustSet } from './trust-list'
import type { TrustList, TrustSet } from './trust-list'

export const PROOF_VERSION = 1
export const PROOF_FORMAT = 'daejang-inclusion-proof/1'

export interface InclusionProof {
  tx: Uint8Array
  index: number
  path: Uint8Array[]
  header: Header
  commit: Commit
  /** validator-set changes from the verifier's trust list to this block (optional; docs/adr/0028) */
  steps?: TrustStep[]
}


/** The set of the trust list in effect at `height`. */
export function trustSetAt(trust: TrustList, height: number): TrustSet {
  return setAt(trust.sets, height)
}

/** Build the proof for transaction `index` of a block, given all its transactions' bytes. */
export function buildProof(
  header: Header,
  txs: readonly Uint8Array[],
  index: number,
  commit: Commit,
  levels?: Uint8Array[][],
): InclusionProof {
  const lv = levels ?? treeLevels(txs.map(leafHash))
  return { tx: txs[index]!, index, path: auditPathFromLevels(index, lv), header, commit }
}

// ---- binary form (compact; for QR codes and files) ----

/** `[1, tx, index, path, header, commit]`, and the carried trust steps as a seventh element when there are any. */
export function encodeProof(p: InclusionProof): Uint8Array {
  const base: Canonical[] = [PROOF_VERSION, p.tx, p.index, p.path, headerToCanonical(p.header), commitToCanonical(p.commit)]
  return encodeCanonical(p.steps?.length ? [...base, p.steps.map(trustStepToCanonical)] : base)
}

export function decodeProof(bytes: Uint8Array): InclusionProof {
  const v = decodeCanonical(bytes)
  if (!Array.isArray(v) || (v.length !== 6 && v.length !== 7) || v[0] !== PROOF_VERSION) throw new ProofFormatError('not a version 1 proof')
  const [, tx, index, path, header, commit, steps] = v
  if (!(tx instanceof Uint8Array) || typeof index !== 'number' || !Array.isArray(path)) {
    throw new ProofFormatError('proof fields have the wrong types')
  }
  if (!path.every((p) => p instanceof Uint8Array && p.length === 32)) throw new ProofFormatError('audit path')
  return {
    tx,
    index,
    path: path as Uint8Array[],
    header: headerFromCanonical(header as Canonical),
    commit: commitFromCanonical(commit as Canonical),
    ...(v.length === 7 ? { steps: nonEmptySteps(trustStepsFromCanonical(steps)) } : {}),
  }
}

function nonEmptySteps(steps: TrustStep[]): TrustStep[] {
  if (steps.length === 0) throw new ProofFormatError('an empty list of trust steps is left out, not written')
  return steps
}

// ---- JSON form (API, CLI files) ----

export interface ProofJson {
  format: typeof PROOF_FORMAT
  txHash: string
  tx: TxJson
  index: number
  path: string[]
  header: HeaderJson
  blockHash: string
  commit: CommitJson
  /** validator-set changes carried from an older trust list to this block (optional) */
  steps?: TrustStepJson[]
}

const ProofJsonSchema = z.object({
  format: z.literal(PROOF_FORMAT),
  txHash: hex32,
  tx: z.any(),
  index: z.number().int().min(0),
  path: z.array(hex32).max(64),
  header: HeaderJsonSchema,
  blockHash: hex32,
  commit: CommitJsonSchema,
  steps: TrustStepsJsonSchema.optional(),
})

export function proofToJson(p: InclusionProof): ProofJson {
  return {
    format: PROOF_FORMAT,
    txHash: toHex(sha256(p.tx)),
    tx: txToJson(decodeTx(p.tx)),
    index: p.index,
    path: p.path.map(toHex),
    header: headerToJson(p.header),
    blockHash: toHex(blockHash(p.header)),
    commit: commitToJson(p.commit),
    ...(p.steps?.length ? { steps: p.steps.map(trustStepToJson) } : {}),
  }
}

/** Parse the JSON form. Redundant fields (txHash, blockHash) are not trusted: verification recomputes them. */
export function proofFromJson(input: unknown): InclusionProof {
  const j = parseOrThrow(ProofJsonSchema, input, 'proof')
  let tx: Tx
  try {
    tx = txFromJson(j.tx as TxJson)
  } catch {
    throw new ProofFormatError('proof tx')
  }
  return {
    tx: encodeTx(tx),
    index: j.index,
    path: j.path.map(fromHex),
    header: headerFromJson(j.header),
    commit: commitFromJson(j.commit),
    ...(j.steps?.length ? { steps: j.steps.map(trustStepFromJson) } : {}),
  }
}

// ---- verification ----

export type ProofCheckName = 'transaction' | 'inclusion' | 'chain' | 'validators' | 'commit'

/** What a check found, as a key and its values: screens put it in words (the `detail` is the CLI's English line). */
export const PROOF_FINDINGS = [
  'tx-ok',
  'tx-not-canonical',
  'tx-other',
  'included',
  'not-included',
  'chain-ok',
  'chain-other',
  'set-ok',
  'set-carried',
  'set-newer',
  'set-other',
  'steps-refused',
  'signed',
  'not-signed',
] as const
export type ProofFinding = (typeof PROOF_FINDINGS)[number]

export interface ProofCheck {
  name: ProofCheckName
  ok: boolean
  detail: string
  finding: ProofFinding
  values: Record<string, string | number>
}

export interface ProofVerification {
  valid: boolean
  txHash: string
  height: number
  blockHash: string
  checks: ProofCheck[]
  /** how far the proof's carried steps extended the trust list (null: no steps, or refused) */
  trustedThrough: TrustedThrough | null
}

/**
 * Verify a proof against a trust list. Every check runs and is reported, so a user sees what failed, not just that
 * something did. `verify` defaults to the portable Ed25519; the node passes OpenSSL's.
 */
export function verifyProof(p: InclusionProof, trust: TrustList, verify: VerifyFn = verifyPortable): ProofVerification {
  const checks: ProofCheck[] = []
  const txHashHex = toHex(sha256(p.tx))
  let txOk = true
  try {
    decodeTx(p.tx)
  } catch (e) {
    txOk = false
    checks.push({
      name: 'transaction',
      ok: false,
      detail: 'the transaction is not canonical: ' + (e as Error).message,
      finding: 'tx-not-canonical',
      values: {},
    })
  }
  if (txOk) {
    checks.push({ name: 'transaction', ok: true, detail: 'well-formed transaction ' + txHashHex, finding: 'tx-ok', values: { hash: txHashHex } })
  }

  const included = verifyInclusion(leafHash(p.tx), p.index, p.header.txCount, p.path, p.header.txRoot)
  checks.push({
    name: 'inclusion',
    ok: included,
    detail: included
      ? `leaf ${p.index} of ${p.header.txCount} under the block's transaction root (RFC 6962)`
      : "the audit path does not lead to the block's transaction root",
    finding: included ? 'included' : 'not-included',
    values: { index: p.index + 1, count: p.header.txCount },
  })

  const t = checkHeaderTrust(p.header, p.commit, trust, p.steps, verify)
  checks.push({ name: 'chain', ...t.chain }, { name: 'validators', ...t.validators }, { name: 'commit', ...t.commit })
  return {
    valid: checks.every((x) => x.ok),
    txHash: txHashHex,
    height: p.header.height,
    blockHash: toHex(t.blockHash),
    checks,
    trustedThrough: t.trustedThrough,
  }
}

const TrustValidatorJson = z.object({ publicKey: hex32, power: z.number().int().min(1), agency: z.string().optional() })

export interface TrustValidatorJson {
  publicKey: string
  power: number
  agency?: string
}

/** The JSON form of a trust list (format 2; format 1, one set and no height, is still read). */
export interface TrustListJson {
  format: 'daejang-trust/2'
  chainId: string
  /** the height the list was taken at */
  height: number
  sets: { fromHeight: number; validators: TrustValidatorJson[] }[]
  /** the member agencies at that height, for naming them (optional; older lists have none) */
  agencies?: { id: string; name: string }[]
}

const sortByKey = (vs: Validator[]): Validator[] => vs.sort((a, b) => (toHex(a.publicKey) < toHex(b.publicKey) ? -1 : 1))

export function trustFromJson(input: unknown): TrustList {
  const r = z
    .discriminatedUnion('format', [
      z.object({
        format: z.literal('daejang-trust/1'),
        chainId: z.string().min(1),
        validators: z.array(TrustValidatorJson).min(1),
      }),
      z.object({
        format: z.literal('daejang-trust/2'),
        chainId: z.string().min(1),
        height: z.number().int().min(0),
        sets: z
          .array(z.object({ fromHeight: z.number().int().min(1), validators: z.array(TrustValidatorJson).min(1).max(1000) }))
          .min(1)
          .max(10_000)
          .refine((ss) => ss[0]!.fromHeight === 1 && ss.every((s, i) => i === 0 || s.fromHeight > ss[i - 1]!.fromHeight), {
            message: 'sets must start at height 1 and be in increasing order',
          }),
        agencies: z
          .array(z.object({ id: z.string().min(1).max(64), name: z.string().min(1).max(200) }))
          .max(10_000)
          .optional(),
      }),
    ])
    .safeParse(input)
  if (!r.success) throw new ProofFormatError('not a trust list: ' + (r.error.issues[0]?.message ?? ''))
  const d = r.data
  const vals = (vs: TrustValidatorJson[]): Validator[] => sortByKey(vs.map((v) => ({ publicKey: fromHex(v.publicKey), power: v.power })))
  if (d.format === 'daejang-trust/1') return { chainId: d.chainId, height: 0, sets: [{ fromHeight: 1, validators: vals(d.validators) }] }
  const sets = d.sets.map((s) => ({ fromHeight: s.fromHeight, validators: vals(s.validators) }))
  return {
    chainId: d.chainId,
    height: d.height,
    sets,
    ...(d.agencies ? { agencyNames: new Map(d.agencies.map((a) => [a.id, a.name] as const)) } : {}),
  }
}
