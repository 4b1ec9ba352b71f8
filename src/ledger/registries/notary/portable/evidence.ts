/**
 * How the notary's certified records are found and read beyond the QR text (the framework's optional verifier hooks,
 * ledger/verify/framework.ts): the proof bundle attached to a certificate or given as a file, a node's bundle of a
 * document by number or by file, and the node's current view (the record's status, the notary's credential).
 * `daejang verify` takes these from the registry list, so the core command names no registry. Portable.
 */
import type { KeyInfoDto, NotaryDocumentDto, StatusDto } from '../../../../shared/api'
import { DaejangError } from '../../../../shared/errors'
import type { NodeGet, RegistryVerifier } from '../../../verify/framework'
import { type NotaryBundleJson, type ProvenRecord, bundleFromJson } from './proof'
import { NOTARY_ROLE } from './schema'
import { type LiveFacts, type NotaryChecks, type NotaryExtra, notaryCertified, notaryVerifier } from './verify'

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

/** The notary's verifier with the hooks for its certificate, bundle files and a node. */
export const notaryRegistryVerifier: RegistryVerifier<ProvenRecord, NotaryExtra, LiveFacts, NotaryChecks> = {
  ...notaryVerifier,
  checkNames: {
    integrity: { ko: '무결성', en: 'Integrity' },
    status: { ko: '상태', en: 'Status' },
    issuer: { ko: '발급자', en: 'Issuer' },
  },
  label: (rec) => rec.number,
  bundle: (json) => {
    const b = bundleFromJson(json)
    return notaryCertified(b.proof, b.grant)
  },
  attachment: NOTARY_BUNDLE_FILE,
  find,
  live,
}
