/**
 * How the notary's certified records are found and read beyond the QR text (the framework's optional verifier hooks,
 * ledger/verify/framework.ts): the proof bundle attached to a certificate or given as a file, a node's bundle of a
 * document by number or by file, and the node's current view (the record's status, the notary's credential).
 * `daejang verify` takes these from the registry list, so the core command names no registry. Portable.
 */
import type { KeyInfoDto, NotaryDocumentDto, StatusDto } from '../../../../shared/api'
import { DaejangError } from '../../../../shared/errors'
import type { NodeGet, RegistryVerifier } from '../../../verify/framework'
import { proofFromJson } from '../../../proofs/proof'
import { type NotaryBundleJson, type ProvenRecord, bundleFromJson } from './proof'
import { NOTARY_ROLE } from './schema'
import { BUNDLE_FORMAT_2, type NotaryStatusProofJson, bundle2FromJson, statusProofFromJson } from './state-cert'
import { type LiveFacts, type NotaryChecks, type NotaryExtra, notaryCertified, notaryStateCertified, notaryVerifier } from './verify'

/** The proof bundle's name inside a notary certificate PDF (certificate.ts writes it). */
export const NOTARY_BUNDLE_FILE = 'proof-bundle.json'

const enc = encodeURIComponent

/** A document's record, or null when the node has none. */
async function documentOrNull(get: NodeGet, number: string): Promise<NotaryDocumentDto | null> {
  try {
    return await get<NotaryDocumentDto>(`/api/v1/notary/documents/${enc(number)}`)
  } catch (e) {
    if (e instanceof DaejangError && e.code === 'NOT_FOUND') return null
    throw e
  }
}

async function find(get: NodeGet, by: { label?: string; subjectHash?: string }): Promise<unknown> {
  let number = by.label
  if (!number && by.subjectHash) {
    const ds = await get<NotaryDocumentDto[]>(`/api/v1/notary/hashes/${by.subjectHash}`)
    number = ds[0]?.number
  }
  if (!number) return null
  return get<NotaryBundleJson>(`/api/v1/notary/documents/${enc(number)}/proof`)
}

async function live(get: NodeGet, _certified: unknown, rec: ProvenRecord): Promise<LiveFacts> {
  const st = await get<StatusDto>('/api/v1/status')
  const document = await documentOrNull(get, rec.number)
  const info = await get<KeyInfoDto>(`/api/v1/identity/keys/${rec.notary}`)
  const credential = info.roles.find((r) => r.role === NOTARY_ROLE && r.agency === rec.agency) ?? null
  return { document, credential, height: st.height, time: st.lastBlockTime }
}

/** A document's status proof as of the node's head (checked by the status check, not trusted). */
async function fetchStatusProof(get: NodeGet, _certified: unknown, rec: ProvenRecord): Promise<unknown> {
  try {
    return statusProofFromJson(await get<NotaryStatusProofJson>(`/api/v1/notary/documents/${enc(rec.number)}/status-proof`))
  } catch (e) {
    // a node that cannot prove state (an earlier build) gives none: the node's word is then all there is
    if (e instanceof DaejangError && e.code === 'NOT_FOUND') return null
    throw e
  }
}

/** A bundle of either format: format 2 (the record's state proven) or format 1 (the registering transaction's). */
function bundle(json: unknown) {
  if (typeof json === 'object' && json !== null && (json as { format?: unknown }).format === BUNDLE_FORMAT_2) {
    const b = bundle2FromJson(json)
    let grant = null
    try {
      grant = b.grant ? proofFromJson(b.grant) : null
    } catch (e) {
      throw new DaejangError('PROOF_INVALID', 'the credential grant: ' + (e as Error).message)
    }
    // the bundle stores the trust steps once, in its state proof: the grant (of an earlier block) is lent those it
    // needs, the steps of blocks before its own (each step is still checked in full when the grant is verified)
    if (grant && !grant.steps?.length) {
      const lent = (b.proof.state.steps ?? []).filter((s) => s.header.height < grant!.header.height)
      if (lent.length > 0) grant = { ...grant, steps: lent }
    }
    return notaryStateCertified(b.proof, grant)
  }
  const b = bundleFromJson(json)
  return notaryCertified(b.proof, b.grant)
}

/** The notary's verifier with the hooks for its certificate, bundle files and a node. */
export const notaryRegistryVerifier: RegistryVerifier<ProvenRecord, NotaryExtra, LiveFacts, NotaryChecks> = {
  ...notaryVerifier,
  checkNames: {
    integrity: { ko: '무결성', en: 'Integrity' },
    status: { ko: '상태', en: 'Status' },
    issuer: { ko: '발급자', en: 'Issuer' },
  },
  label: (rec) => rec.number,
  bundle,
  later: statusProofFromJson,
  fetchLater: fetchStatusProof,
  attachment: NOTARY_BUNDLE_FILE,
  find,
  live,
}
