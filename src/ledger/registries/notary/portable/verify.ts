/**
 * Verification of a notarized document: the notary's part of the verifier framework (src/ledger/verify/framework.ts,
 * docs/adr/0023), the three checks of OpenAttestation's model, each reported with its result.
 * - integrity: the file's SHA-256 is the registered one;
 * - status: issued, not revoked or suspended (live with a node's answer; otherwise as of the proof's block, and said);
 * - issuer: the signing key held the notary role of a consortium agency at that block (docs/adr/0017).
 * Each rests on the proof: the registering transaction is in a block signed by more than 2/3 of the trust list's
 * validator power (the framework's part), and, for a batch document, its leaf is under the batch's root (ours).
 * Portable: the CLI, the app and the standalone verifier page run this same code.
 */
import type { NotaryDocumentDto, RoleCredentialDto } from '../../../../shared/api'
import { toHex } from '../../../codec/bytes'
import type { VerifyFn } from '../../../crypto/ed25519'
import { sha256 } from '../../../crypto/sha256'
import { type InclusionProof, type TrustList, verifyProof } from '../../../proofs/proof'
import { decodeTx } from '../../../types/tx'
import { DaejangError } from '../../../../shared/errors'
import {
  type CertifiedRecord,
  type CertifiedVerification,
  type CheckContext,
  type CheckOutcome,
  type CheckResult,
  type RegistryVerifier,
  outcome,
  verifyStateEvidence,
  verifyWith,
} from '../../../verify/framework'
import { type BatchMembership, verifyMembership } from './batch'
import { type NotaryProof, type ProvenRecord, COMPACT_VERSION, decodeLeaf, decodeNotaryProof, provenRecord } from './proof'
import { NOTARY_ROLE, type StoredStatus } from './schema'
import {
  type NotaryStateProof,
  type StatusProof,
  STATE_FORMAT,
  decodeNotaryState,
  documentNumberOf,
  groupFacts,
  rangeOf,
} from './state-cert'

export type { CheckResult }
export type NotaryCheck = CheckOutcome

export interface StatusCheck extends NotaryCheck {
  status: 'issued' | 'suspended' | 'revoked' | null
  reason: string | null
  /** when the status last changed (ms), if it did */
  time: number | null
  /** true when a node answered; false when the answer is as of the proof's block */
  live: boolean
  /** true when the status is proven by a state proof (a format-2 certificate or a status proof), not a node's word */
  proven: boolean
  asOf: { height: number; time: number } | null
  /** true when a later status proof given was refused (it does not verify, or is about another record) */
  refused?: boolean
}

/**
 * The answer in one word. `valid-as-of`: every check passed but the status is the one at the registering block (no
 * node was asked), so a later revocation or suspension was not checked — not the same as `valid`, and never shown as
 * such (amber, not green, with the block and its date).
 */
export type NotaryVerdict = 'valid' | 'valid-as-of' | 'invalid'

/** A type, not an interface: the framework's `Checks` needs the implicit index signature. */
export type NotaryChecks = { integrity: NotaryCheck; status: StatusCheck; issuer: NotaryCheck }

/** The framework's answer with the notary's record and checks (`problem`: why the evidence could not be read). */
export type NotaryVerification = CertifiedVerification<ProvenRecord, NotaryChecks>

/** The rest of a notary certificate's evidence, besides the registering transaction's inclusion proof. */
export interface NotaryExtra {
  /** for a batch document: its leaf and audit path to the batch root */
  batch: BatchMembership | null
  /** the notary's credential grant with its own inclusion proof (in the bundle; not in the QR code) */
  grant: InclusionProof | null
}

export const NOTARY_REGISTRY = 'notary'

/** A notary proof (and the grant, from a bundle) as a certified record of the notary's format 1. */
export function notaryCertified(proof: NotaryProof, grant: InclusionProof | null = null): CertifiedRecord<NotaryExtra> {
  return { registry: NOTARY_REGISTRY, format: COMPACT_VERSION, proof: proof.proof, extra: { batch: proof.batch, grant } }
}

/** A format-2 proof (the record's state group as of a block) as a certified record of the notary's format 2. */
export function notaryStateCertified(p: NotaryStateProof, grant: InclusionProof | null = null): CertifiedRecord<NotaryExtra> {
  return { registry: NOTARY_REGISTRY, format: STATE_FORMAT, proof: null, state: p.state, extra: { batch: p.batch, grant } }
}

/** A format-1 certified record of the notary as the NotaryProof the rest of the notary's code speaks. */
export function notaryProofOf(c: CertifiedRecord<NotaryExtra>): NotaryProof {
  if (!c.proof) throw new DaejangError('PROOF_INVALID', 'the record carries no inclusion proof')
  return { proof: c.proof, batch: c.extra.batch }
}

/** The record a format-2 proof states: its record's group as of the proof's block (and the batch leaf). */
export function stateRecord(c: CertifiedRecord<NotaryExtra>): ProvenRecord {
  if (!c.state) throw new DaejangError('PROOF_INVALID', 'the record carries no state proof')
  const p = { state: c.state, batch: c.extra.batch }
  const number = documentNumberOf(p)
  const { group, entries } = rangeOf(c.state.proof)
  const { record: r } = groupFacts(number, group, entries)
  const leaf = c.extra.batch ? decodeLeaf(c.extra.batch.leaf) : null
  return {
    number,
    kind: r.kind,
    batch: r.kind === 'batch' ? { number: r.number, index: c.extra.batch!.index, count: r.count!, root: r.root! } : null,
    agency: r.agency,
    act: r.act,
    date: r.date,
    issuingAuthority: r.issuingAuthority,
    signerName: r.signerName,
    signerCapacity: r.signerCapacity,
    documentHash: leaf ? leaf.documentHash : r.documentHash!,
    documentType: leaf ? leaf.documentType : r.documentType!,
    holder: leaf ? (leaf.holder ?? null) : r.holder,
    language: leaf ? (leaf.language ?? null) : r.language,
    notary: r.notary,
    txType: r.kind === 'batch' ? 'notary.batch.register' : 'notary.register',
    txHash: r.tx,
    height: r.height,
    blockTime: r.time,
  }
}

/** The status a certified record states, as of its block: format 2's proven group, format 1's registering block. */
function statusAt(c: CertifiedRecord<NotaryExtra>, number: string): StoredStatus | null {
  if (!c.state) return null
  const { group, entries } = rangeOf(c.state.proof)
  return groupFacts(number, group, entries).status
}

/** What a node said, for a live answer. The node is asked, not trusted for the proof. */
export interface LiveFacts {
  /** the node's record for the number (null: the node does not know it) */
  document: NotaryDocumentDto | null
  /** the notary's credential of the record's agency as the node holds it now (null: none) */
  credential: RoleCredentialDto | null
  /** the node's head when asked */
  height: number
  time: number
}

export interface VerifyInput {
  trust: TrustList
  proof: NotaryProof
  /** the credential grant from the bundle, when there is one */
  grant?: InclusionProof | null
  /** SHA-256 (hex) of the document file, when it was given */
  documentHash?: string | null
  live?: LiveFacts | null
  verify?: VerifyFn
}

const when = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z')

/** SHA-256 of a file's bytes, hex: what the integrity check compares. */
export function documentHashOf(bytes: Uint8Array): string {
  return toHex(sha256(bytes))
}

const check = outcome

type Ctx = CheckContext<ProvenRecord, NotaryExtra, LiveFacts>

/** The checks' answers when the evidence could not be read at all. */
function unreadableChecks(problem: string): NotaryChecks {
  const fail = check(false, 'not checked: ' + problem)
  return { integrity: fail, status: { ...fail, status: null, reason: null, time: null, live: false, proven: false, asOf: null }, issuer: fail }
}

function integrityCheck(ctx: Ctx): NotaryCheck {
  const { record, subjectHash } = ctx
  if (!subjectHash) return { ok: true, result: 'unchecked', detail: 'no document was given: only the certificate was checked' }
  if (!ctx.proofOk) return check(false, `the registered hash could not be established: ${ctx.proofProblem}`)
  if (subjectHash.toLowerCase() === record.documentHash) {
    return check(true, `the document's SHA-256 ${record.documentHash} is the one registered as ${record.number}`)
  }
  return check(
    false,
    `the document's SHA-256 ${subjectHash} differs from the registered ${record.documentHash}: the file was changed or is another one`,
  )
}

/** The notary's part of the verifier framework. */
export const notaryVerifier: RegistryVerifier<ProvenRecord, NotaryExtra, LiveFacts, NotaryChecks> = {
  registry: NOTARY_REGISTRY,
  formats: [COMPACT_VERSION, STATE_FORMAT],
  record: (c) => (c.format === STATE_FORMAT ? stateRecord(c) : provenRecord(notaryProofOf(c))),
  proofProblem: (c, record) =>
    c.extra.batch && !verifyMembership(c.extra.batch, record.batch!.count, record.batch!.root)
      ? "the document's audit path does not lead to its batch's root"
      : null,
  decode: (format: number, bytes: Uint8Array, trust?: TrustList) => {
    if (format !== STATE_FORMAT) return notaryCertified(decodeNotaryProof(bytes))
    if (!trust) throw new DaejangError('PROOF_INVALID', 'a format 2 QR code is read with the trust list')
    return notaryStateCertified(decodeNotaryState(bytes, trust))
  },
  checks: {
    integrity: { run: integrityCheck, timeless: true },
    status: { run: statusCheck, current: (s) => s.live },
    // the credential was in force when the block was made: a fact of that block
    issuer: { run: issuerCheck, timeless: true },
  },
  unreadable: unreadableChecks,
}

export function verifyNotary(input: VerifyInput): NotaryVerification {
  return verifyWith(notaryVerifier, {
    certified: notaryCertified(input.proof, input.grant ?? null),
    trust: input.trust,
    subjectHash: input.documentHash ?? null,
    live: input.live ?? null,
    ...(input.verify ? { verify: input.verify } : {}),
  })
}

type StatusFacts = Pick<StatusCheck, 'status' | 'reason' | 'time'>

function statusFacts(st: StoredStatus | null): StatusFacts {
  const last = st?.history[st.history.length - 1]
  return { status: st?.status ?? 'issued', reason: last?.reason ?? null, time: last?.time ?? null }
}

/** The newest status proven by the later proofs given (status proofs), or why one of them is refused. */
function laterStatus(ctx: Ctx): { facts: StatusFacts; asOf: { height: number; time: number } } | { refused: string } | null {
  let best: { facts: StatusFacts; asOf: { height: number; time: number } } | null = null
  for (const x of ctx.later) {
    const sp = x as StatusProof
    if (sp.number !== ctx.record.number) return { refused: `a status proof is refused: it is about ${sp.number}, not ${ctx.record.number}` }
    const v = verifyStateEvidence(sp.state, ctx.trust, ctx.verify)
    if (!v.valid || !v.claim || !('group' in v.claim)) {
      const why = v.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`).join('; ')
      return { refused: `a status proof does not verify, and is refused (${why || 'not a range proof of the record'})` }
    }
    let facts
    try {
      facts = groupFacts(sp.number, v.claim.group, v.claim.entries)
    } catch (e) {
      return { refused: `a status proof is refused: ${(e as Error).message}` }
    }
    if (facts.record.tx !== ctx.record.txHash) {
      return { refused: `a status proof is refused: it shows a record ${sp.number} registered by another transaction` }
    }
    if (!best || v.height > best.asOf.height) best = { facts: statusFacts(facts.status), asOf: { height: v.height, time: sp.state.header.time } }
  }
  return best
}

function statusWords(f: StatusFacts, asOf: { height: number; time: number }, how: string): NotaryCheck {
  if (f.status === 'issued') return check(true, `in force as of block ${asOf.height} (${when(asOf.time)}), ${how}`)
  return check(false, `${f.status} on ${when(f.time ?? asOf.time)}: ${f.reason ?? 'no reason given'} (as of block ${asOf.height}, ${how})`)
}

function statusCheck(ctx: Ctx): StatusCheck {
  const { record, proofOk, proofProblem, asOf } = ctx
  const base = { status: null, reason: null, time: null, live: !!ctx.live, proven: false, asOf }
  if (!proofOk) return { ...base, ...check(false, `not established: ${proofProblem}`) }
  // a later status proof is proven by its own commit: a node need not be trusted for it
  const later = laterStatus(ctx)
  if (later && 'refused' in later) return { ...base, ...check(false, later.refused), refused: true }
  if (later && later.asOf.height >= asOf.height) {
    const how = ctx.live ? 'proven by the status proof of the node asked' : 'proven by a status proof; a later change needs a newer one'
    return { ...base, ...later.facts, proven: true, asOf: later.asOf, ...statusWords(later.facts, later.asOf, how) }
  }
  const live = ctx.live
  if (!live) {
    if (ctx.certified.format === STATE_FORMAT) {
      const f = statusFacts(statusAt(ctx.certified, record.number))
      const how = 'proven by the certificate; without a node or a later status proof, a later change cannot be seen'
      return { ...base, ...f, proven: true, ...statusWords(f, asOf, how) }
    }
    return {
      ...base,
      ...check(
        true,
        `issued as ${record.number} in block ${asOf.height} (${when(asOf.time)}); this is the status as of that block — ` +
          'without a node, a later revocation or suspension cannot be seen',
      ),
      status: 'issued',
    }
  }
  const d = live.document
  if (!d) return { ...base, ...check(false, `the node does not know the number ${record.number}`), asOf: { height: live.height, time: live.time } }
  const liveAsOf = { height: live.height, time: live.time }
  if (d.tx !== record.txHash) {
    return { ...base, ...check(false, `the node's record ${record.number} was registered by another transaction`), asOf: liveAsOf }
  }
  const out = { ...base, status: d.status, reason: d.statusReason, time: d.statusTime, asOf: liveAsOf }
  if (d.status === 'issued') {
    return { ...out, ...check(true, `issued, and in force as of block ${live.height} (${when(live.time)}, asked live)`) }
  }
  return {
    ...out,
    ...check(false, `${d.status} on ${when(d.statusTime ?? live.time)}: ${d.statusReason ?? 'no reason given'}`),
  }
}

function issuerCheck(ctx: Ctx): NotaryCheck {
  const { record, proofOk, proofProblem, verify } = ctx
  const grant = ctx.certified.extra.grant
  if (!proofOk) return check(false, `not established: ${proofProblem}`)
  const who = `key ${record.notary.slice(0, 16)}…`
  const notes: string[] = [
    `${who} signed ${record.txType} in block ${record.height}; the consortium's rules admit it only from a key holding an ` +
      `active notary credential of agency "${record.agency}" at that block, and validators holding more than 2/3 of the power signed the block`,
  ]
  if (grant) {
    const g = grantProblem(record, grant, ctx.trust, verify)
    if (g) return check(false, `the credential grant in the bundle does not support the issuer: ${g}`)
    notes.push(`the bundle carries the grant of that credential, itself proven on the chain (block ${grant.header.height})`)
  }
  const cred = ctx.live?.credential
  if (ctx.live && cred) {
    if (cred.revoked && cred.issuedAt <= record.height && cred.revoked.height < record.height) {
      return check(
        false,
        `the node says the notary credential was revoked in block ${cred.revoked.height}, before the registration in block ` +
          `${record.height}: ${cred.revoked.reason}`,
      )
    }
    notes.push(
      cred.revoked
        ? `the credential was revoked later, in block ${cred.revoked.height} (${cred.revoked.reason}): records signed before stay valid`
        : 'the node confirms the credential',
    )
  }
  return check(true, notes.join('; '))
}

/** Why a credential grant does not show that the record's signer was a notary of its agency, or null. */
function grantProblem(record: ProvenRecord, grant: InclusionProof, trust: TrustList, verify: VerifyFn): string | null {
  const v = verifyProof(grant, trust, verify)
  if (!v.valid) return 'its proof does not verify (' + v.checks.filter((c) => !c.ok).map((c) => c.name).join(', ') + ')'
  const tx = decodeTx(grant.tx)
  const p = tx.payload as Record<string, unknown> | null
  if (tx.type !== 'identity.role.grant' || !p) return 'it is not a role grant'
  if (p.subject !== record.notary) return 'it was granted to another key'
  if (p.role !== NOTARY_ROLE) return `it grants the role ${String(p.role)}, not notary`
  if (p.agency !== record.agency) return `it is of agency ${String(p.agency)}, not ${record.agency}`
  if (grant.header.height > record.height) return 'it was granted after the registration'
  if (typeof p.expiresAt === 'number' && p.expiresAt <= record.blockTime) return 'it had expired by the registration'
  return null
}
