/**
 * The API of admission requests (docs/adr/0064):
 *
 *   GET  /api/v1/admission/request   this node's own request (a node made by joining): what it asks, the file's text,
 *                                    what its QR code carries
 *   POST /api/v1/admission/check     {text}: a request an administrator was given (a file's text or a QR code's),
 *                                    checked offline (signatures) and against this node's consortium (chain, agency
 *                                    id, keys in use); for an agency, the governance change to propose
 *
 * Nothing is changed by either: the administrators then use the existing propose and role-grant flows.
 */
import { z } from 'zod'
import { DaejangError } from '../shared/errors'
import type { AdmissionSummaryDto } from '../shared/admission-api'
import type { LedgerNode } from '../ledger/node/node'
import { toHex } from '../ledger/codec/bytes'
import { AGENCY_PREFIX } from '../ledger/registries/identity/state-keys'
import type { Route } from './route-types'
import {
  type AdmissionRequest,
  type ConsortiumView,
  admitChange,
  checkAgainst,
  parseAdmissionRequest,
  requestDigest,
  requestQrText,
  requestText,
} from './admission'
import { cachedHomeRequest } from './admission-status'

const REMOVED_PREFIX = 'gov/removed/'

export function summaryOf(r: AdmissionRequest): AdmissionSummaryDto {
  return {
    kind: r.kind,
    chainId: r.chainId,
    createdAt: r.createdAt,
    nodeKey: r.node.key,
    listen: r.node.listen,
    agency: r.kind === 'agency' ? r.agency : null,
    workstationAgency: r.kind === 'workstation' ? r.workstation.agency : null,
    digest: requestDigest(r),
    signedBy: r.signatures.map((s) => s.key),
  }
}

/** The suggested file name of a request: the agency's id, or "workstation" and the node key's start. */
export function requestFileName(r: AdmissionRequest): string {
  return r.kind === 'agency' ? `admission-${r.agency.id}.json` : `admission-workstation-${r.node.key.slice(0, 8)}.json`
}

/** What the consortium, as this node's state has it, checks a request against. */
export async function consortiumView(node: LedgerNode): Promise<ConsortiumView> {
  const agencyIds = new Set<string>()
  const keysInUse = new Set<string>()
  for await (const [k] of node.store.scanState(AGENCY_PREFIX, 100_000)) agencyIds.add(k.slice(AGENCY_PREFIX.length))
  for await (const [k] of node.store.scanState(REMOVED_PREFIX, 100_000)) agencyIds.add(k.slice(REMOVED_PREFIX.length))
  for (const e of node.chain.validatorHistory.entries) for (const v of e.validators) keysInUse.add(toHex(v.publicKey))
  return { chainId: node.genesis.chainId, agencyIds, keysInUse }
}

export const ADMISSION_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/admission/request',
    summary: "This node's admission request (a node made by joining): what it asks, the file's text, its QR code's text",
    handler: async ({ home }) => {
      const r = home ? cachedHomeRequest(home) : null
      if (!r) throw new DaejangError('NOT_FOUND', 'this node keeps no admission request (it was not made by joining a consortium)')
      return { body: { summary: summaryOf(r), text: requestText(r), fileName: requestFileName(r), qr: requestQrText(r) } }
    },
  },
  {
    method: 'POST',
    path: '/api/v1/admission/check',
    summary: "Check an admission request (a file's or a QR code's text) against this consortium: what it asks; nothing is changed",
    body: z.object({ text: z.string().max(1 << 20) }).strict(),
    handler: async ({ node, body }) => {
      const r = parseAdmissionRequest((body as { text: string }).text)
      checkAgainst(r, await consortiumView(node))
      return { body: { summary: summaryOf(r), change: r.kind === 'agency' ? admitChange(r) : null } }
    },
  },
]
