/**
 * One verification from the panel's inputs: the trust list (the file given, else the node's), the pieces of evidence
 * (certificate, QR text, a number or the document looked up on the node) combined into one, the node's live facts
 * when there is a node, the portable verifier, and its answer explained in the UI's words. One job: the run.
 */
import type { TrustList } from '../../../ledger/proofs/proof'
import type { ProvenRecord } from '../../../ledger/registries/notary/portable/proof'
import { type LiveFacts, NOTARY_REGISTRY, notaryVerifier } from '../../../ledger/registries/notary/portable/verify'
import { type AnyVerifier, type CertifiedRecord, type CertifiedVerification, verifyCertified } from '../../../ledger/verify/framework'
import type { StatusProof } from '../../../ledger/registries/notary/portable/state-cert'
import {
  type Evidence,
  EvidenceError,
  bundleOf,
  certifiedOfQr,
  combineEvidence,
  evidenceFromQr,
  parseTrust,
  statusProofOf,
  verifyEvidence,
} from './evidence'
import { type Explained, explain } from './explain'
import type { CertFile, TrustFile } from './inputs'
import type { NodeAccess } from './panel-types'

export interface RunInputs {
  node: NodeAccess | null
  trustFile: TrustFile | null
  cert: CertFile | null
  /** the document's hash once hashed (null: no document) */
  documentHash: Promise<string> | null
  qr: string
  number: string
  /** status proof files given (daejang notary status-proof): verified, never trusted */
  statusProofs?: readonly StatusProof[]
  /** later proofs of another registry's record given as files (a land register's range proof), as parsed JSON */
  laterOther?: readonly unknown[]
  /** a time in the UI's language */
  time(ms: number): string
  /** the sentence when no trust list was given and there is no node */
  noTrust: string
  /** the verifiers of the registries the screen knows (features' registries); default: the notary's */
  verifiers?: readonly AnyVerifier[]
}

/**
 * A verified record: what the result panel of its registry is given (a Feature's `verifyPanel`, nav.ts) — the
 * registry, which picks the panel, and the framework's answer (verdict, the registry's checks in order, the record).
 * A notary record (`result`) carries the notary's answer in the UI's words too (explain.ts).
 */
export type VerifiedOutcome =
  | {
      kind: 'result'
      registry: string
      verification: CertifiedVerification
      explained: Explained
      record: ProvenRecord | null
      liveProblem: string | null
      agencyName: ((id: string) => string) | undefined
    }
  | { kind: 'certified'; registry: string; verification: CertifiedVerification }

export type RunOutcome = VerifiedOutcome | { kind: 'not-registered' }

async function trustList(i: RunInputs): Promise<TrustList> {
  if (i.trustFile?.list) return i.trustFile.list
  if (i.trustFile?.error) throw new EvidenceError('bad-trust', i.trustFile.name)
  if (!i.node) throw new EvidenceError('bad-trust', i.noTrust)
  return parseTrust(await i.node.trust())
}

/**
 * A certified record of another registry (a land extract's PDF), verified by its own verifier: with a node, what the
 * node says now and its later proof (each proven, not trusted), as `daejang verify --home` does.
 */
async function verifyOther(i: RunInputs, certified: CertifiedRecord, trust: TrustList, documentHash: string | null): Promise<RunOutcome> {
  const verifiers = i.verifiers ?? [notaryVerifier]
  const v = verifiers.find((x) => x.registry === certified.registry)
  let live: unknown = null
  const later: unknown[] = []
  // files given: each read by the registry's verifier and verified by its checks, never trusted
  for (const json of i.laterOther ?? []) {
    if (!v?.later) continue
    try {
      later.push(v.later(json))
    } catch {
      // a file the verifier does not read was not taken as its later proof (inputs.ts sorted it)
    }
  }
  const get = i.node?.get
  if (v && get) {
    try {
      const record: unknown = v.record(certified)
      if (v.live) live = await v.live(get, certified, record)
      const l: unknown = v.fetchLater ? await v.fetchLater(get, certified, record) : null
      if (l !== null && l !== undefined) later.push(l)
    } catch {
      // unreadable evidence is the verifier's to report; an unreachable node leaves the answer offline
    }
  }
  const verification = verifyCertified({ certified, trust, subjectHash: documentHash, live, later }, verifiers)
  return { kind: 'certified', registry: certified.registry, verification }
}

/** Throws what could not be read or asked (the panel says it in words). */
export async function runVerification(i: RunInputs): Promise<RunOutcome> {
  const node = i.node
  const trust = await trustList(i)
  const documentHash = i.documentHash ? await i.documentHash : null
  const pieces: Evidence[] = []
  if (i.cert?.other) return verifyOther(i, i.cert.other, trust, documentHash)
  if (i.cert) {
    if (!i.cert.evidence) throw new Error(i.cert.error ?? i.cert.name)
    pieces.push(i.cert.evidence)
  }
  const verifiers = i.verifiers ?? [notaryVerifier]
  if (i.qr.trim() !== '') {
    // the QR text names its registry: a record of a registry other than the notary's is verified by its own verifier
    const certified = certifiedOfQr(i.qr, verifiers, trust)
    if (certified.registry !== NOTARY_REGISTRY) {
      if (pieces.length > 0) throw new EvidenceError('mismatch', `the certificate is the notary's, the QR text a record of the ${certified.registry} registry`)
      const verification = verifyCertified({ certified, trust, subjectHash: documentHash }, verifiers)
      return { kind: 'certified', registry: certified.registry, verification }
    }
    pieces.push(evidenceFromQr(i.qr, verifiers, trust))
  }
  const n = i.number.trim().toUpperCase()
  if (node && n !== '') pieces.push({ ...bundleOf(await node.bundle(n)), source: 'node' })
  if (pieces.length === 0 && node && documentHash) {
    const found = await node.numberOf(documentHash)
    if (!found) return { kind: 'not-registered' }
    pieces.push({ ...bundleOf(await node.bundle(found)), source: 'node' })
  }
  const evidence = combineEvidence(pieces)
  let live: LiveFacts | null = null
  let liveProblem: string | null = null
  const later: StatusProof[] = [...(i.statusProofs ?? [])]
  if (node) {
    try {
      const record = notaryVerifier.record(evidence.certified)
      live = await node.live(record)
      // the node's own status proof: proven by its commit, so the node is not trusted for it
      const sp = await node.statusProof(record.number)
      if (sp !== null) later.push(statusProofOf(sp))
    } catch (e) {
      liveProblem = node.describe(e)
    }
  }
  const v = verifyEvidence({ trust, evidence, documentHash, live, later })
  // an agency by its name: the node's, or else the names the consortium published with its trust list
  const names = trust.agencyNames
  const agencyName = node?.agencyName ?? (names ? (id: string): string => names.get(id) ?? id : undefined)
  return {
    kind: 'result',
    registry: NOTARY_REGISTRY,
    verification: v,
    explained: explain({ v, certified: evidence.certified, documentHash, live, time: i.time, ...(agencyName ? { agencyName } : {}) }),
    record: v.record,
    liveProblem,
    agencyName,
  }
}
