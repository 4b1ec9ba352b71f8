/**
 * Verification of a notarized document: the three checks of OpenAttestation's model, each reported with its result.
 * - integrity: the file's SHA-256 is the registered one;
 * - status: issued, not revoked or suspended (live with a node's answer; otherwise as of the proof's block, and said);
 * - issuer: the signing key held the notary role of a consortium agency at that block (docs/adr/0017).
 * Each rests on the proof: the registering transaction is in a block signed by more than 2/3 of the trust list's
 * validator power (verifyProof), and, for a batch document, its leaf is under the batch's root.
 * Portable: the CLI, the app and the standalone verifier page run this same code.
 */
import type { NotaryDocumentDto, RoleCredentialDto } from '../../../../shared/api'
import { toHex } from '../../../codec/bytes'
import type { VerifyFn } from '../../../crypto/ed25519'
import { verifyPortable } from '../../../crypto/ed25519'
import { sha256 } from '../../../crypto/sha256'
import { type InclusionProof, type ProofVerification, type TrustList, verifyProof } from '../../../chain/proof'
import { decodeTx } from '../../../chain/tx'
import { verifyMembership } from './batch'
import { type NotaryProof, type ProvenRecord, provenRecord } from './proof'
import { NOTARY_ROLE } from './schema'

export type CheckResult = 'pass' | 'fail' | 'unchecked'

export interface NotaryCheck {
  ok: boolean
  result: CheckResult
  /** one sentence, in English, for people */
  detail: string
}

export interface StatusCheck extends NotaryCheck {
  status: 'issued' | 'suspended' | 'revoked' | null
  reason: string | null
  /** when the status last changed (ms), if it did */
  time: number | null
  /** true when a node answered; false when the answer is as of the proof's block */
  live: boolean
  asOf: { height: number; time: number } | null
}

/**
 * The answer in one word. `valid-as-of`: every check passed but the status is the one at the registering block (no
 * node was asked), so a later revocation or suspension was not checked — not the same as `valid`, and never shown as
 * such (amber, not green, with the block and its date).
 */
export type NotaryVerdict = 'valid' | 'valid-as-of' | 'invalid'

export interface NotaryVerification {
  /** every check passed (also true for `valid-as-of`: the evidence holds, only the status may be stale) */
  valid: boolean
  verdict: NotaryVerdict
  record: ProvenRecord | null
  checks: { integrity: NotaryCheck; status: StatusCheck; issuer: NotaryCheck }
  /** the inclusion proof's own checks (transaction, inclusion, chain, validators, commit) */
  proof: ProofVerification | null
  /** why the evidence could not be read, if it could not */
  problem: string | null
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

function check(ok: boolean, detail: string): NotaryCheck {
  return { ok, result: ok ? 'pass' : 'fail', detail }
}

/** A verification that could not start: the evidence itself is unreadable. */
export function unreadable(problem: string): NotaryVerification {
  const fail = check(false, 'not checked: ' + problem)
  return {
    valid: false,
    verdict: 'invalid',
    record: null,
    checks: { integrity: fail, status: { ...fail, status: null, reason: null, time: null, live: false, asOf: null }, issuer: fail },
    proof: null,
    problem,
  }
}

export function verifyNotary(input: VerifyInput): NotaryVerification {
  const verify = input.verify ?? verifyPortable
  let record: ProvenRecord
  try {
    record = provenRecord(input.proof)
  } catch (e) {
    return unreadable((e as Error).message)
  }
  const pv = verifyProof(input.proof.proof, input.trust, verify)
  const failed = pv.checks.filter((c) => !c.ok)
  const member = input.proof.batch
    ? verifyMembership(input.proof.batch, record.batch!.count, record.batch!.root)
    : true
  const proofOk = pv.valid && member
  const proofProblem = !pv.valid
    ? `the proof does not verify (${failed.map((c) => `${c.name}: ${c.detail}`).join('; ')})`
    : !member
      ? "the document's audit path does not lead to its batch's root"
      : ''
  const asOf = { height: pv.height, time: input.proof.proof.header.time }

  // integrity
  let integrity: NotaryCheck
  if (!input.documentHash) {
    integrity = { ok: true, result: 'unchecked', detail: 'no document was given: only the certificate was checked' }
  } else if (!proofOk) {
    integrity = check(false, `the registered hash could not be established: ${proofProblem}`)
  } else if (input.documentHash.toLowerCase() === record.documentHash) {
    integrity = check(true, `the document's SHA-256 ${record.documentHash} is the one registered as ${record.number}`)
  } else {
    integrity = check(
      false,
      `the document's SHA-256 ${input.documentHash} differs from the registered ${record.documentHash}: the file was changed or is another one`,
    )
  }

  const status = statusCheck(record, proofOk, proofProblem, asOf, input)
  const issuer = issuerCheck(record, proofOk, proofProblem, input, verify)
  const valid = proofOk && integrity.ok && status.ok && issuer.ok
  return {
    valid,
    verdict: !valid ? 'invalid' : status.live ? 'valid' : 'valid-as-of',
    record,
    checks: { integrity, status, issuer },
    proof: pv,
    problem: null,
  }
}

function statusCheck(
  record: ProvenRecord,
  proofOk: boolean,
  proofProblem: string,
  asOf: { height: number; time: number },
  input: VerifyInput,
): StatusCheck {
  const base = { status: null, reason: null, time: null, live: !!input.live, asOf }
  if (!proofOk) return { ...base, ...check(false, `not established: ${proofProblem}`) }
  const live = input.live
  if (!live) {
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
  const txHash = toHex(sha256(input.proof.proof.tx))
  if (!d) return { ...base, ...check(false, `the node does not know the number ${record.number}`), asOf: { height: live.height, time: live.time } }
  const liveAsOf = { height: live.height, time: live.time }
  if (d.tx !== txHash) {
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

function issuerCheck(
  record: ProvenRecord,
  proofOk: boolean,
  proofProblem: string,
  input: VerifyInput,
  verify: VerifyFn,
): NotaryCheck {
  if (!proofOk) return check(false, `not established: ${proofProblem}`)
  const who = `key ${record.notary.slice(0, 16)}…`
  const notes: string[] = [
    `${who} signed ${record.txType} in block ${record.height}; the consortium's rules admit it only from a key holding an ` +
      `active notary credential of agency "${record.agency}" at that block, and validators holding more than 2/3 of the power signed the block`,
  ]
  if (input.grant) {
    const g = grantProblem(record, input.grant, input.trust, verify)
    if (g) return check(false, `the credential grant in the bundle does not support the issuer: ${g}`)
    notes.push(`the bundle carries the grant of that credential, itself proven on the chain (block ${input.grant.header.height})`)
  }
  const cred = input.live?.credential
  if (input.live && cred) {
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
