/**
 * Proofs of registered documents, assembled on the node: the registering transaction's inclusion proof, the
 * document's membership in its batch, the notary's credential grant — compact for the QR code, full for the bundle.
 */
import type { NotaryDocumentDto } from '../../../shared/api'
import { DaejangError } from '../../../shared/errors'
import type { Validator } from '../../types/block'
import type { InclusionProof } from '../../proofs/proof'
import type { CommittedReader } from '../types'
import { subjectCredentials } from '../identity/authz'
import { agencyKey } from '../identity/state-keys'
import type { AgencyRecord } from '../identity/portable/schema'
import { type BuiltBatch, batchMembership, buildBatch } from './portable/batch'
import { type NotaryBundleJson, type NotaryProof, bundleFromParts, quorumCommit } from './portable/proof'
import { batchDocuments, getDocument } from './queries'
import { NOTARY_ROLE, parseDocumentNumber } from './portable/schema'

/** What the proof builder reads: committed state, proofs, validators (a route builds it from its RegistryHost). */
export interface ProofSource {
  readonly store: CommittedReader
  getProof(txHash: string): Promise<InclusionProof>
  readonly chain: { readonly validators: readonly Validator[] }
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

export async function documentProofs(node: ProofSource, number: string): Promise<DocumentProofs> {
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
  const grant = cred && cred.issuedAt <= document.height ? await node.getProof(cred.id).catch(() => null) : null
  const bundle = bundleFromParts(full, {
    qrProof: compact,
    grant,
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
  return { document, full, compact, grant, bundle, agency }
}
