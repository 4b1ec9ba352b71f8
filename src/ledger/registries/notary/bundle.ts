/**
 * Proofs of registered documents, assembled on the node: the registering transaction's inclusion proof, the
 * document's membership in its batch, the notary's credential grant — compact for the QR code, full for the bundle.
 */
import type { NotaryDocumentDto } from '../../../shared/api'
import { DaejangError } from '../../../shared/errors'
import type { Validator } from '../../types/block'
import type { CertifiedState, TrustStep } from '../../proofs/certified-state'
import type { InclusionProof } from '../../proofs/proof'
import { type StepHistory, boundedTrustFrom } from '../../proofs/trust-bound'
import { proofToJson } from '../../proofs/proof'
import type { CommittedReader } from '../types'
import { subjectCredentials } from '../identity/authz'
import { agencyKey } from '../identity/state-keys'
import type { AgencyRecord } from '../identity/portable/schema'
import { type BuiltBatch, batchMembership, buildBatch } from './portable/batch'
import { type NotaryBundleJson, type NotaryProof, bundleFromParts, quorumCommit } from './portable/proof'
import { batchDocuments, getDocument } from './queries'
import { NOTARY_ROLE, parseDocumentNumber } from './portable/schema'
import { recordGroup } from './portable/keys'
import { type NotaryBundle2Json, type NotaryStateProof, type NotaryStatusProofJson, bundle2ToJson, statusProofToJson, toStateQrText } from './portable/state-cert'

/** What the proof builder reads: committed state, proofs, validators (a route builds it from its RegistryHost). */
export interface ProofSource {
  readonly store: CommittedReader
  getProof(txHash: string): Promise<InclusionProof>
  readonly chain: {
    readonly validators: readonly Validator[]
    readonly validatorHistory?: {
      at(height: number): { validators: readonly Validator[] }
      readonly entries?: readonly { readonly fromHeight: number; readonly validators: readonly Validator[] }[]
    }
  }
  /** the chain's id (sizes the trust steps' bound) */
  readonly genesis?: { readonly chainId: string }
  /**
   * a certified range proof of a state group as of a height (default: the head), with the validator-set changes since
   * `trustFrom` (trust steps); absent on a node without a state tree
   */
  proveRange?(group: string, height?: number, trustFrom?: number): Promise<CertifiedState>
}

export interface DocumentProofs {
  document: NotaryDocumentDto
  /** with the block's full commit (for the bundle) */
  full: NotaryProof
  /** with a commit of just over 2/3 of the power (for the QR code) */
  compact: NotaryProof
  /** the notary's credential grant, when the node still holds the one in force at the registration */
  grant: InclusionProof | null
  bundle: NotaryBundleJson
  /**
   * format 2 (docs/adr/0027): the record's state group proven as of the registering block (or, when the node no
   * longer keeps that version, as of its head), its QR text and bundle; null when the node cannot prove state
   */
  state: {
    proof: NotaryStateProof
    qr: string
    bundle: NotaryBundle2Json
    /**
     * the height of the oldest trust list the bundle's steps start from: 0 when they carry every set change since
     * the genesis; above it, the older changes were left out (BUNDLE_STEPS_LIMITS) and the certificate says so
     */
    stepsFrom: number
  } | null
  /** the registering agency as the node's state holds it now (its name, for people), or null once it was removed */
  agency: Pick<AgencyRecord, 'id' | 'name'> & { country?: string; timeZone?: string } | null
}

const builtCache = new Map<string, BuiltBatch>()
const BUILT_CACHE_MAX = 4

async function builtBatch(store: CommittedReader, number: string, root: string): Promise<BuiltBatch> {
  // by root too: the cache is the process's, and two nodes in one process may each hold a batch of this number
  const key = `${number} ${root}`
  const hit = builtCache.get(key)
  if (hit) return hit
  const docs = await batchDocuments(store, number)
  if (!docs) throw new DaejangError('NOT_FOUND', `this node does not hold the documents of batch ${number}`)
  const built = buildBatch(number, docs)
  if (builtCache.size >= BUILT_CACHE_MAX) builtCache.delete(builtCache.keys().next().value as string)
  builtCache.set(key, built)
  return built
}

/**
 * A document's proofs. `o.state: false` leaves out the format-2 state proof (the format-1 bundle route has no use for
 * it, and it costs a state proof and the trust steps' reads).
 */
export async function documentProofs(node: ProofSource, number: string, o: { state?: boolean } = {}): Promise<DocumentProofs> {
  const document = await getDocument(node.store, number)
  const proof = await node.getProof(document.tx)
  let batch = null
  if (document.batch) {
    const built = await builtBatch(node.store, document.batch.number, document.batch.root)
    batch = batchMembership(built, parseDocumentNumber(number)!.index!)
  }
  const full: NotaryProof = { proof, batch }
  const compact: NotaryProof = { proof: { ...proof, commit: quorumCommit(proof.commit, node.chain.validators) }, batch }
  const cred = (await subjectCredentials(node.store, document.notary))[NOTARY_ROLE]?.[document.agency]
  // the credential in force at the registration: the node keeps the latest grant of each role and agency
  const grantProof = cred && cred.issuedAt <= document.height ? await node.getProof(cred.id).catch(() => null) : null
  const bundle = bundleFromParts(full, {
    qrProof: compact,
    grant: grantProof,
    status: {
      status: document.status,
      reason: document.statusReason,
      time: document.statusTime,
      asOfHeight: node.store.head()?.height ?? document.height,
    },
  })
  const rec = (await node.store.get(agencyKey(document.agency))) as AgencyRecord | undefined
  const agency = rec
    ? {
        id: rec.id,
        name: rec.name,
        ...(typeof rec.country === 'string' ? { country: rec.country } : {}),
        ...(typeof rec.timeZone === 'string' ? { timeZone: rec.timeZone } : {}),
      }
    : null
  const state = o.state === false ? null : await stateProofs(node, document.number, document.height, batch, grantProof, bundle.status)
  // the grant with the trust steps up to its block (the format-2 bundle stores them once, in its state proof)
  const grant = grantProof && state ? withStepsTo(grantProof, state.proof.state.steps) : grantProof
  return { document, full, compact, grant, bundle, state, agency }
}

/** The set of validators of a height, as the chain has it (what a compact checkpoint names signers against). */
const setAt = (node: ProofSource, height: number): readonly Validator[] =>
  node.chain.validatorHistory?.at(height).validators ?? node.chain.validators

/**
 * The trust list a certificate's bundle is made for: the oldest one, taken at the genesis (its sets from height 1). The
 * bundle's state proofs carry the validator-set changes since (issue 11 item 4, docs/adr/0028), so a verifier whose
 * trust list is several set changes old reaches the proof's block from the PDF alone — but at most
 * BUNDLE_STEPS_LIMITS of them, the latest (proofs/trust-bound.ts): a chain's history grows without end and the PDF
 * must not. A trust list older than the first change carried is brought forward first with `daejang trust steps`;
 * the certificate says so (DocumentProofs.state.stepsFrom), as the QR code, which carries none, is read with a trust
 * list that knows the block's set. Without a validator history to size them by, no steps are carried.
 */
const BUNDLE_TRUST_FROM = 0

/** The trust list height the bundle's steps to `height` start from (undefined: none carried). */
function bundleTrustFrom(node: ProofSource, height: number): number | undefined {
  const history = node.chain.validatorHistory
  if (!history?.entries) return undefined
  const steps: StepHistory = { entries: history.entries, at: (h) => history.at(h) }
  return boundedTrustFrom(steps, node.genesis?.chainId ?? '', BUNDLE_TRUST_FROM, height)
}

/** The steps of `steps` a proof of block `proof.header.height` needs: those of earlier blocks (a step of block f-1 teaches the set of f). */
function withStepsTo(proof: InclusionProof, steps: readonly TrustStep[] | undefined): InclusionProof {
  const mine = (steps ?? []).filter((s) => s.header.height < proof.header.height)
  return mine.length > 0 ? { ...proof, steps: mine } : proof
}

function withoutSteps(p: InclusionProof): InclusionProof {
  const { steps: _steps, ...rest } = p
  return rest
}

/** The record's group proven as of `height` (the registering block), or of the head when that version is pruned. */
async function proveGroup(node: ProofSource, base: string, height: number | undefined): Promise<CertifiedState> {
  try {
    return await proveBounded(node, recordGroup(base), height)
  } catch (e) {
    if (height !== undefined && e instanceof DaejangError && e.code === 'HEIGHT_PRUNED') return proveBounded(node, recordGroup(base), undefined)
    throw e
  }
}

/** A group's certified state as of `height` (default: the head), with the trust steps a bundle carries. */
function proveBounded(node: ProofSource, group: string, height: number | undefined): Promise<CertifiedState> {
  const at = height ?? node.store.head()?.height ?? 0
  return node.proveRange!(group, height, bundleTrustFrom(node, at))
}

async function stateProofs(
  node: ProofSource,
  number: string,
  height: number,
  batch: DocumentProofs['full']['batch'],
  grant: InclusionProof | null,
  status: NotaryBundle2Json['status'],
): Promise<DocumentProofs['state']> {
  if (!node.proveRange) return null
  let state: CertifiedState
  try {
    state = await proveGroup(node, parseDocumentNumber(number)!.base, height)
  } catch (e) {
    // a node that proves no state (an earlier build) still certifies in format 1
    if (e instanceof DaejangError && e.code === 'NOT_FOUND') return null
    throw e
  }
  const proof: NotaryStateProof = { state, batch }
  const qr = toStateQrText(proof, setAt(node, state.header.height))
  // the grant without steps: the bundle's state proof carries them, and the verifier lends the grant those before
  // its block (evidence.ts), so the PDF holds each step once
  const g = grant ? proofToJson(withoutSteps(grant)) : null
  const stepsFrom = bundleTrustFrom(node, state.header.height) ?? state.header.height
  return { proof, qr, bundle: bundle2ToJson(proof, { qr, grant: g, status }), stepsFrom }
}

/** A document's status proof as of the head (or a height): its record's group, complete, with its checkpoint. */
export async function statusProof(node: ProofSource, number: string, height?: number): Promise<NotaryStatusProofJson> {
  if (!node.proveRange) throw new DaejangError('NOT_FOUND', 'this node cannot prove state')
  await getDocument(node.store, number) // NOT_FOUND for a number that names no document
  return statusProofToJson(number, await proveBounded(node, recordGroup(parseDocumentNumber(number)!.base), height))
}
