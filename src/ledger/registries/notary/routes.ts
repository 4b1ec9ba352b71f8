/**
 * API routes of the notary registry (below /api/v1/notary/), given a RegistryHost (registries/types.ts): committed
 * state to read, proofs, and keepLocal for a batch's document list — not the node.
 * Registering, revoking, suspending and reinstating are signed transactions
 * (notary.register, notary.batch.register, notary.status) submitted through POST /api/v1/txs like any other; these
 * routes read the register, hand out proofs and certificates, and take the document list of a committed batch.
 */
import { z } from 'zod'
import { DaejangError } from '../../../shared/errors'
import { certificateFonts } from '../../cert/fonts-node'
import { type RegistryHost, route } from '../types'
import { type DocumentProofs, documentProofs, statusProof } from './bundle'
import {
  findByHash,
  getBatch,
  getDocument,
  listDocuments,
  nextNumber,
  storeBatchDocuments,
} from './queries'
import { BatchDocumentSchema, MAX_BATCH } from './portable/schema'

const number = z.string().min(1).max(80)
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex')
const lang = z.enum(['ko', 'en']).default('ko')

/** A document's proofs, read through the host (its committed state, proofs and validators). */
const sourceOf = (host: RegistryHost) => ({
  store: host.state,
  getProof: (h: string) => host.getProof(h),
  chain: host.chain,
  genesis: host.genesis,
  proveRange: (group: string, height?: number, trustFrom?: number) => host.proveRange(group, height, trustFrom),
})
const proofsOf = (host: RegistryHost, number: string): Promise<DocumentProofs> => documentProofs(sourceOf(host), number)

export const NOTARY_ROUTES = [
  route({
    method: 'GET',
    path: '/api/v1/notary/documents',
    summary: 'Registered documents by number, filtered by agency, status, or text (number prefix, hash, holder, type, signer)',
    query: z.object({
      agency: z.string().max(64).optional(),
      status: z.enum(['issued', 'suspended', 'revoked']).optional(),
      q: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    handler: async ({ host, query }) => ({
      body: await listDocuments(host.state, {
        ...(query.agency ? { agency: query.agency } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.q ? { q: query.q } : {}),
        limit: query.limit,
      }),
    }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/documents/:number',
    summary: 'e-Register: a document by its number (a batch document as BATCH/NNN, the slash encoded as %2F), with its status',
    params: z.object({ number }),
    handler: async ({ host, params }) => ({ body: await getDocument(host.state, params.number) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/documents/:number/history',
    summary: "A document's status history: registration, then every suspension, reinstatement and revocation",
    params: z.object({ number }),
    handler: async ({ host, params }) => ({ body: (await getDocument(host.state, params.number)).history }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/documents/:number/proof',
    summary: "A document's proof bundle (daejang-notary-bundle/1: record, inclusion proof, checkpoint, credential grant, QR text)",
    params: z.object({ number }),
    // format 1 has no state proof: none is built (nor its trust steps read)
    handler: async ({ host, params }) => ({ body: (await documentProofs(sourceOf(host), params.number, { state: false })).bundle }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/documents/:number/status-proof',
    summary:
      "A document's status proof (daejang-notary-status/1): its record and every status change, proven complete as of a block (default: the head) by a state proof and that block's commit",
    params: z.object({ number }),
    query: z.object({ height: z.coerce.number().int().min(1).optional() }),
    handler: async ({ host, params, query }) => ({ body: await statusProof(sourceOf(host), params.number, query.height) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/documents/:number/certificate',
    summary: "A document's certificate: PDF (base64) with the QR proof and the bundle attached, in Korean or English",
    params: z.object({ number }),
    query: z.object({ lang }),
    handler: async ({ host, params, query }) => {
      const p = await proofsOf(host, params.number)
      // pdf-lib and fontkit load on the first certificate, not at the node's start (a second of it: bench/startup.ts)
      const { notaryCertificate } = await import('./certificate')
      const r = await notaryCertificate(p, query.lang, certificateFonts())
      return {
        body: {
          name: `${params.number.replace(/\//g, '_')}.pdf`,
          mediaType: 'application/pdf',
          data: Buffer.from(r.pdf).toString('base64'),
          qr: r.qr,
        },
      }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/hashes/:hash',
    summary: 'Documents registered with this SHA-256, newest first',
    params: z.object({ hash }),
    handler: async ({ host, params }) => ({ body: await findByHash(host.state, params.hash) }),
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/next-number',
    summary: 'A suggested next number for an agency: AGENCY-YYYY-NNNNNN after the highest of the year',
    query: z.object({
      agency: z.string().min(1).max(64),
      year: z.coerce.number().int().min(1000).max(9999).optional(),
    }),
    handler: async ({ host, query }) => {
      const agency = query.agency
      if (!host.genesis.agencies.some((a) => a.id === agency)) throw new DaejangError('NOT_FOUND', `no agency "${agency}"`)
      return { body: await nextNumber(host.state, agency, query.year ?? new Date().getUTCFullYear()) }
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/notary/batches/:number',
    summary: 'A registered batch: root, count, and whether this node holds its document list',
    params: z.object({ number }),
    handler: async ({ host, params }) => ({ body: await getBatch(host.state, params.number) }),
  }),
  route({
    method: 'POST',
    path: '/api/v1/notary/batches/:number/documents',
    summary: 'Give this node the document list of a committed batch (checked against its root), for lookups and certificates',
    params: z.object({ number }),
    body: z
      .object({ documents: z.array(BatchDocumentSchema.omit({ number: true })).min(1).max(MAX_BATCH) })
      .strict(),
    maxBodyBytes: 64 << 20,
    handler: async ({ host, params, body }) => ({
      body: await storeBatchDocuments({ ...host.state, putAux: (e) => host.keepLocal(e) }, params.number, body.documents),
    }),
  }),
]
