/**
 * API routes of the notary registry. Registering, revoking, suspending and reinstating are signed transactions
 * (notary.register, notary.batch.register, notary.status) submitted through POST /api/v1/txs like any other; these
 * routes read the register, hand out proofs and certificates, and take the document list of a committed batch.
 */
import { z } from 'zod'
import { DaejangError } from '../shared/errors'
import { certificateFonts } from '../ledger/cert/fonts-node'
import { documentProofs } from '../ledger/registries/notary/bundle'
import {
  findByHash,
  getBatch,
  getDocument,
  listDocuments,
  nextNumber,
  storeBatchDocuments,
} from '../ledger/registries/notary/queries'
import { BatchDocumentSchema, MAX_BATCH } from '../ledger/registries/notary/schema'
import type { Route } from './routes'

const number = z.string().min(1).max(80)
const hash = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex')
const lang = z.enum(['ko', 'en']).default('ko')

export const NOTARY_ROUTES: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/notary/documents',
    summary: 'Registered documents by number, filtered by agency, status, or text (number prefix, hash, holder, type, signer)',
    query: z.object({
      agency: z.string().max(64).optional(),
      status: z.enum(['issued', 'suspended', 'revoked']).optional(),
      q: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(50),
    }),
    handler: async ({ node, query }) => ({
      body: await listDocuments(node.store, {
        ...(query.agency ? { agency: query.agency as string } : {}),
        ...(query.status ? { status: query.status as 'issued' } : {}),
        ...(query.q ? { q: query.q as string } : {}),
        limit: query.limit as number,
      }),
    }),
  },
  {
    method: 'GET',
    path: '/api/v1/notary/documents/:number',
    summary: 'e-Register: a document by its number (a batch document as BATCH/NNN, the slash encoded as %2F), with its status',
    params: z.object({ number }),
    handler: async ({ node, params }) => ({ body: await getDocument(node.store, params.number!) }),
  },
  {
    method: 'GET',
    path: '/api/v1/notary/documents/:number/history',
    summary: "A document's status history: registration, then every suspension, reinstatement and revocation",
    params: z.object({ number }),
    handler: async ({ node, params }) => ({ body: (await getDocument(node.store, params.number!)).history }),
  },
  {
    method: 'GET',
    path: '/api/v1/notary/documents/:number/proof',
    summary: "A document's proof bundle (daejang-notary-bundle/1: record, inclusion proof, checkpoint, credential grant, QR text)",
    params: z.object({ number }),
    handler: async ({ node, params }) => ({ body: (await documentProofs(node, params.number!)).bundle }),
  },
  {
    method: 'GET',
    path: '/api/v1/notary/documents/:number/certificate',
    summary: "A document's certificate: PDF (base64) with the QR proof and the bundle attached, in Korean or English",
    params: z.object({ number }),
    query: z.object({ lang }),
    handler: async ({ node, params, query }) => {
      const p = await documentProofs(node, params.number!)
      // pdf-lib and fontkit load on the first certificate, not at the node's start (a second of it: bench/startup.ts)
      const { notaryCertificate } = await import('../ledger/registries/notary/certificate')
      const r = await notaryCertificate(p, query.lang as 'ko' | 'en', certificateFonts())
      return {
        body: {
          name: `${params.number!.replace(/\//g, '_')}.pdf`,
          mediaType: 'application/pdf',
          data: Buffer.from(r.pdf).toString('base64'),
          qr: r.qr,
        },
      }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/notary/hashes/:hash',
    summary: 'Documents registered with this SHA-256, newest first',
    params: z.object({ hash }),
    handler: async ({ node, params }) => ({ body: await findByHash(node.store, params.hash!) }),
  },
  {
    method: 'GET',
    path: '/api/v1/notary/next-number',
    summary: 'A suggested next number for an agency: AGENCY-YYYY-NNNNNN after the highest of the year',
    query: z.object({
      agency: z.string().min(1).max(64),
      year: z.coerce.number().int().min(1000).max(9999).optional(),
    }),
    handler: async ({ node, query }) => {
      const agency = query.agency as string
      if (!node.genesis.agencies.some((a) => a.id === agency)) throw new DaejangError('NOT_FOUND', `no agency "${agency}"`)
      return { body: await nextNumber(node.store, agency, (query.year as number | undefined) ?? new Date().getUTCFullYear()) }
    },
  },
  {
    method: 'GET',
    path: '/api/v1/notary/batches/:number',
    summary: 'A registered batch: root, count, and whether this node holds its document list',
    params: z.object({ number }),
    handler: async ({ node, params }) => ({ body: await getBatch(node.store, params.number!) }),
  },
  {
    method: 'POST',
    path: '/api/v1/notary/batches/:number/documents',
    summary: 'Give this node the document list of a committed batch (checked against its root), for lookups and certificates',
    params: z.object({ number }),
    body: z
      .object({ documents: z.array(BatchDocumentSchema.omit({ number: true })).min(1).max(MAX_BATCH) })
      .strict(),
    maxBodyBytes: 64 << 20,
    handler: async ({ node, params, body }) => ({
      body: await storeBatchDocuments(node.store, params.number!, (body as { documents: never[] }).documents),
    }),
  },
]
