/**
 * Certified state (docs/adr/0028): a state proof (a key's value, its absence, or a whole group — proofs/state-proof.ts)
 * with the header whose app hash is the state root it leads to, the commit of more than 2/3 of the power for that
 * header, and optionally the validator-set changes from an older trust list to that block (proofs/trust-chain.ts).
 * Like an inclusion proof it carries its own evidence: one from an untrusted node is as good as one from a trusted
 * node, and checking it needs only the trust list. Portable: runs in the node, the renderer, the CLI and the
 * standalone page.
 *
 *   binary: canonical CBOR [1, encodeStateProof(proof), header, commit] (+ [steps] when there are any)
 *   JSON:   { format: 'daejang-state-proof/1', proof, header, blockHash, commit, steps? }
 */
import { z } from 'zod'
import { toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import { type VerifyFn, verifyPortable } from '../crypto/ed25519'
import {
  type Commit,
  type Header,
  BLOCK_VERSION,
  blockHash,
  commitFromCanonical,
  commitToCanonical,
  headerFromCanonical,
  headerToCanonical,
} from '../types/block'
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
import type { TrustList } from './proof'
import {
  type StateProof,
  decodeStateProof,
  encodeStateProof,
  stateProofFromJson,
  stateProofToJson,
  verifyStateProof,
} from './state-proof'
import {
  type HeaderCheck,
  type TrustStep,
  type TrustStepJson,
  type TrustedThrough,
  TrustStepsJsonSchema,
  checkHeaderTrust,
  trustStepFromJson,
  trustStepToCanonical,
  trustStepToJson,
  trustStepsFromCanonical,
} from './trust-chain'

export type { TrustStep } from './trust-chain'

export const CERTIFIED_STATE_VERSION = 1
export const CERTIFIED_STATE_FORMAT = 'daejang-state-proof/1'

export interface CertifiedState {
  proof: StateProof
  header: Header
  commit: Commit
  /** validator-set changes from an older trust list to this block (optional) */
  steps?: TrustStep[]
}

export type CertifiedStateCheckName = 'state' | 'chain' | 'validators' | 'commit'

/** What a check found, as a key and its values (screens put it in words; `detail` is the CLI's English line). */
export type StateFinding = 'state-ok' | 'state-invalid' | 'state-old-header' | HeaderCheck['finding']

export interface CertifiedStateCheck {
  ok: boolean
  detail: string
  finding: StateFinding
  values: Record<string, string | number>
}

export type StateClaim = { key: string; value: Canonical | undefined } | { group: string; entries: Array<[string, Canonical]> }

export interface CertifiedStateVerification {
  ok: boolean
  checks: Record<CertifiedStateCheckName, CertifiedStateCheck>
  /** what the proof says (to be believed only when `ok`) */
  claim: StateClaim
  /** the block the state is proven as of */
  asOf: { height: number; time: number }
  /** how far carried steps extended the trust list; null without steps (or when one is refused) */
  trustedThrough: TrustedThrough | null
}

export function stateClaimOf(p: StateProof): StateClaim {
  if (p.kind === 'present') return { key: p.key, value: p.value }
  if (p.kind === 'absent') return { key: p.key, value: undefined }
  return { group: p.group, entries: p.entries }
}

function stateCheck(cs: CertifiedState): CertifiedStateCheck {
  const what = cs.proof.kind === 'range' ? `group "${cs.proof.group}"` : `key "${cs.proof.key}"`
  const values = { height: cs.header.height, kind: cs.proof.kind }
  if (cs.header.v !== BLOCK_VERSION) {
    return {
      ok: false,
      detail: `the block is of format ${cs.header.v}, made by an earlier build: its app hash is not a state root`,
      finding: 'state-old-header',
      values,
    }
  }
  let r: { ok: true } | { ok: false; reason: string }
  try {
    r = verifyStateProof(cs.proof, cs.header.appHash)
  } catch (e) {
    r = { ok: false, reason: (e as Error).message }
  }
  if (!r.ok) return { ok: false, detail: `the state proof of ${what} does not lead to the block's app hash: ${r.reason}`, finding: 'state-invalid', values }
  const said =
    cs.proof.kind === 'present'
      ? `${what} has the value shown`
      : cs.proof.kind === 'absent'
        ? `${what} is absent`
        : `${what} holds exactly ${cs.proof.entries.length} entr${cs.proof.entries.length === 1 ? 'y' : 'ies'}, none left out`
  return { ok: true, detail: `${said} in the state of block ${cs.header.height} (its app hash)`, finding: 'state-ok', values }
}

/**
 * Verify certified state against a trust list. Every check runs and is reported. `verify` defaults to the portable
 * Ed25519; the node passes OpenSSL's.
 */
export function verifyCertifiedState(cs: CertifiedState, trust: TrustList, verify: VerifyFn = verifyPortable): CertifiedStateVerification {
  const state = stateCheck(cs)
  const t = checkHeaderTrust(cs.header, cs.commit, trust, cs.steps, verify)
  const checks = { state, chain: t.chain, validators: t.validators, commit: t.commit }
  return {
    ok: state.ok && t.chain.ok && t.validators.ok && t.commit.ok,
    checks,
    claim: stateClaimOf(cs.proof),
    asOf: { height: cs.header.height, time: cs.header.time },
    trustedThrough: t.trustedThrough,
  }
}

// ---- binary form ----

export function encodeCertifiedState(cs: CertifiedState): Uint8Array {
  const base: Canonical[] = [CERTIFIED_STATE_VERSION, encodeStateProof(cs.proof), headerToCanonical(cs.header), commitToCanonical(cs.commit)]
  return encodeCanonical(cs.steps?.length ? [...base, cs.steps.map(trustStepToCanonical)] : base)
}

export function decodeCertifiedState(bytes: Uint8Array): CertifiedState {
  let v: Canonical
  try {
    v = decodeCanonical(bytes)
  } catch (e) {
    throw new ProofFormatError('certified state: ' + (e as Error).message)
  }
  if (!Array.isArray(v) || (v.length !== 4 && v.length !== 5) || v[0] !== CERTIFIED_STATE_VERSION) {
    throw new ProofFormatError('not certified state of version 1')
  }
  const [, proof, header, commit, steps] = v
  if (!(proof instanceof Uint8Array)) throw new ProofFormatError('certified state: the state proof is not bytes')
  const out: CertifiedState = { proof: decodeStateProof(proof), header: headerFromCanonical(header!), commit: commitFromCanonical(commit!) }
  if (v.length === 5) {
    const s = trustStepsFromCanonical(steps)
    if (s.length === 0) throw new ProofFormatError('an empty list of trust steps is left out, not written')
    out.steps = s
  }
  return out
}

// ---- JSON form ----

export interface CertifiedStateJson {
  format: typeof CERTIFIED_STATE_FORMAT
  proof: ReturnType<typeof stateProofToJson>
  header: HeaderJson
  /** redundant, for people: verification recomputes it */
  blockHash: string
  commit: CommitJson
  steps?: TrustStepJson[]
}

const CertifiedStateJsonSchema = z.object({
  format: z.literal(CERTIFIED_STATE_FORMAT),
  proof: z.unknown(),
  header: HeaderJsonSchema,
  blockHash: hex32,
  commit: CommitJsonSchema,
  steps: TrustStepsJsonSchema.optional(),
})

export function certifiedStateToJson(cs: CertifiedState): CertifiedStateJson {
  return {
    format: CERTIFIED_STATE_FORMAT,
    proof: stateProofToJson(cs.proof),
    header: headerToJson(cs.header),
    blockHash: toHex(blockHash(cs.header)),
    commit: commitToJson(cs.commit),
    ...(cs.steps?.length ? { steps: cs.steps.map(trustStepToJson) } : {}),
  }
}

export function certifiedStateFromJson(input: unknown): CertifiedState {
  const j = parseOrThrow(CertifiedStateJsonSchema, input, 'certified state')
  return {
    proof: stateProofFromJson(j.proof),
    header: headerFromJson(j.header),
    commit: commitFromJson(j.commit),
    ...(j.steps?.length ? { steps: j.steps.map(trustStepFromJson) } : {}),
  }
}
