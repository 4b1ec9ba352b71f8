/**
 * Inclusion proofs and their offline verifier. A proof is self-contained: the transaction, its RFC 6962 audit path
 * to the block's transaction root, the block header, and the commit (precommit signatures of more than 2/3 of the
 * validator power) for that header. Checking one needs only the consortium's trust list (chain id and validators),
 * no node and no network. Portable: this file runs unchanged in Node and in the browser.
 */
import { z } from 'zod'
import { fromHex, isHex, toHex } from '../codec/bytes'
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
  validatorsHash,
  verifyCommit,
} from '../types/block'
import { type Tx, type TxJson, decodeTx, encodeTx, txFromJson, txToJson } from '../types/tx'

export const PROOF_VERSION = 1
export const PROOF_FORMAT = 'daejang-inclusion-proof/1'

export interface InclusionProof {
  tx: Uint8Array
  index: number
  path: Uint8Array[]
  header: Header
  commit: Commit
}

/** A validator set of a trust list, in effect from `fromHeight` until the next set's. */
export interface TrustSet {
  fromHeight: number
  validators: Validator[]
}

/**
 * What an offline verifier trusts: the chain id and the consortium's validator sets by height (governance can
 * change the set; docs/adr/0013). `height` is the height the list was taken at: a later block may name a set the
 * list does not know yet, and the verifier then says to fetch a newer list.
 */
export interface TrustList {
  chainId: string
  sets: TrustSet[]
  height: number
  /**
   * The member agencies' names by id, as the consortium published them with the list (format 2 may carry them): a
   * verifier without a node names an agency by them instead of showing its id. Absent in older lists.
   */
  agencyNames?: ReadonlyMap<string, string>
}

/** The set of the trust list in effect at `height`. */
export function trustSetAt(trust: TrustList, height: number): TrustSet {
  let best = trust.sets[0]!
  for (const s of trust.sets) if (s.fromHeight <= height) best = s
  return best
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

export function encodeProof(p: InclusionProof): Uint8Array {
  return encodeCanonical([
    PROOF_VERSION,
    p.tx,
    p.index,
    p.path,
    headerToCanonical(p.header),
    commitToCanonical(p.commit),
  ])
}

export function decodeProof(bytes: Uint8Array): InclusionProof {
  const v = decodeCanonical(bytes)
  if (!Array.isArray(v) || v.length !== 6 || v[0] !== PROOF_VERSION) throw new ProofFormatError('not a version 1 proof')
  const [, tx, index, path, header, commit] = v
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
  }
}

export class ProofFormatError extends Error {
  readonly code = 'PROOF_INVALID'
}

// ---- JSON form (API, CLI files) ----

export interface ProofJson {
  format: typeof PROOF_FORMAT
  txHash: string
  tx: TxJson
  index: number
  path: string[]
  header: {
    v: number
    chainId: string
    height: number
    time: number
    prevHash: string
    lastCommitHash: string
    txRoot: string
    txCount: number
    appHash: string
    validatorsHash: string
    proposer: string
  }
  blockHash: string
  commit: { height: number; round: number; blockHash: string; sigs: { validator: string; sig: string }[] }
}

const hex32 = z.string().refine((s) => isHex(s, 32))
const hexN = (n: number) => z.string().refine((s) => isHex(s, n))

const ProofJsonSchema = z.object({
  format: z.literal(PROOF_FORMAT),
  txHash: hex32,
  tx: z.any(),
  index: z.number().int().min(0),
  path: z.array(hex32).max(64),
  header: z.object({
    v: z.number().int(),
    chainId: z.string(),
    height: z.number().int().min(0),
    time: z.number().int().min(0),
    prevHash: hex32,
    lastCommitHash: hex32,
    txRoot: hex32,
    txCount: z.number().int().min(0),
    appHash: hex32,
    validatorsHash: hex32,
    proposer: hex32,
  }),
  blockHash: hex32,
  commit: z.object({
    height: z.number().int().min(0),
    round: z.number().int().min(0),
    blockHash: hex32,
    sigs: z.array(z.object({ validator: hex32, sig: hexN(64) })).max(1000),
  }),
})

export function proofToJson(p: InclusionProof): ProofJson {
  const h = p.header
  return {
    format: PROOF_FORMAT,
    txHash: toHex(sha256(p.tx)),
    tx: txToJson(decodeTx(p.tx)),
    index: p.index,
    path: p.path.map(toHex),
    header: {
      v: h.v,
      chainId: h.chainId,
      height: h.height,
      time: h.time,
      prevHash: toHex(h.prevHash),
      lastCommitHash: toHex(h.lastCommitHash),
      txRoot: toHex(h.txRoot),
      txCount: h.txCount,
      appHash: toHex(h.appHash),
      validatorsHash: toHex(h.validatorsHash),
      proposer: toHex(h.proposer),
    },
    blockHash: toHex(blockHash(h)),
    commit: {
      height: p.commit.height,
      round: p.commit.round,
      blockHash: toHex(p.commit.blockHash),
      sigs: p.commit.sigs.map((s) => ({ validator: toHex(s.validator), sig: toHex(s.sig) })),
    },
  }
}

/** Parse the JSON form. Redundant fields (txHash, blockHash) are not trusted: verification recomputes them. */
export function proofFromJson(input: unknown): InclusionProof {
  const r = ProofJsonSchema.safeParse(input)
  if (!r.success) {
    const i = r.error.issues[0]
    throw new ProofFormatError(`proof ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`)
  }
  const j = r.data
  let tx: Tx
  try {
    tx = txFromJson(j.tx as TxJson)
  } catch {
    throw new ProofFormatError('proof tx')
  }
  const h = j.header
  return {
    tx: encodeTx(tx),
    index: j.index,
    path: j.path.map(fromHex),
    header: {
      v: h.v,
      chainId: h.chainId,
      height: h.height,
      time: h.time,
      prevHash: fromHex(h.prevHash),
      lastCommitHash: fromHex(h.lastCommitHash),
      txRoot: fromHex(h.txRoot),
      txCount: h.txCount,
      appHash: fromHex(h.appHash),
      validatorsHash: fromHex(h.validatorsHash),
      proposer: fromHex(h.proposer),
    },
    commit: {
      height: j.commit.height,
      round: j.commit.round,
      blockHash: fromHex(j.commit.blockHash),
      sigs: j.commit.sigs.map((s) => ({ validator: fromHex(s.validator), sig: fromHex(s.sig) })),
    },
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
  'set-newer',
  'set-other',
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

  const chainOk = p.header.chainId === trust.chainId
  checks.push({
    name: 'chain',
    ok: chainOk,
    detail: chainOk ? `chain ${trust.chainId}` : `the block is from chain "${p.header.chainId}", not "${trust.chainId}"`,
    finding: chainOk ? 'chain-ok' : 'chain-other',
    values: { chain: p.header.chainId, trusted: trust.chainId },
  })

  const set = trustSetAt(trust, p.header.height)
  const valsOk = toHex(p.header.validatorsHash) === toHex(validatorsHash(set.validators))
  checks.push({
    name: 'validators',
    ok: valsOk,
    detail: valsOk
      ? `the block names the trust list's validator set of height ${p.header.height}`
      : p.header.height > trust.height
        ? `the block names another validator set; it is newer (height ${p.header.height}) than the trust list ` +
          `(height ${trust.height}): the set may have changed since — export a newer trust list`
        : 'the block names another validator set',
    finding: valsOk ? 'set-ok' : p.header.height > trust.height ? 'set-newer' : 'set-other',
    values: { height: p.header.height, trustHeight: trust.height },
  })

  const hash = blockHash(p.header)
  const c = verifyCommit(trust.chainId, set.validators, p.commit, hash, p.header.height, verify)
  checks.push({
    name: 'commit',
    ok: c.ok,
    detail: c.ok
      ? `signed by validators holding ${c.signedPower} of ${c.totalPower} voting power`
      : `${c.reason ?? 'invalid commit'} (${c.signedPower} of ${c.totalPower})`,
    finding: c.ok ? 'signed' : 'not-signed',
    values: { signed: c.signedPower, total: c.totalPower },
  })
  return {
    valid: checks.every((x) => x.ok),
    txHash: txHashHex,
    height: p.header.height,
    blockHash: toHex(hash),
    checks,
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
