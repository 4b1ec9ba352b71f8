/**
 * The notary registry's API calls (src/ledger/registries/notary/routes.ts). Document numbers of a batch contain a slash, so
 * every number goes into the path encoded.
 */
import { z } from 'zod'
import {
  type CertificateDto,
  CertificateSchema,
  type NotaryBatchDto,
  NotaryBatchSchema,
  type NotaryDocumentDto,
  NotaryDocumentSchema,
  NotaryNextNumberSchema,
} from '../../shared/api'
import type { ApiClient } from './client'
import { parseAnswer } from './parse'

export type { CertificateDto } from '../../shared/api'

const enc = encodeURIComponent

const document = (body: unknown): NotaryDocumentDto => parseAnswer(NotaryDocumentSchema, body, 'notary record')
/** a list of records is refused whole when one of them is not a record */
const DocumentListSchema = z.array(NotaryDocumentSchema)

export interface DocumentQuery {
  agency?: string
  status?: 'issued' | 'suspended' | 'revoked'
  q?: string
  limit?: number
}

export async function listDocuments(client: ApiClient, query: DocumentQuery): Promise<NotaryDocumentDto[]> {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v))
  return parseAnswer(DocumentListSchema, await client.request('GET', `/notary/documents?${qs.toString()}`), 'document list')
}

export async function getDocument(client: ApiClient, number: string): Promise<NotaryDocumentDto> {
  return document(await client.request('GET', `/notary/documents/${enc(number)}`))
}

/** The document's proof bundle (daejang-notary-bundle/1), unchecked: the verifier parses it. */
export async function getBundle(client: ApiClient, number: string): Promise<unknown> {
  return client.request('GET', `/notary/documents/${enc(number)}/proof`)
}

/** A document's status proof as of the node's head (daejang-notary-status/1), checked by the verifier, not trusted. */
export async function getStatusProof(client: ApiClient, number: string): Promise<unknown> {
  return client.request('GET', `/notary/documents/${enc(number)}/status-proof`)
}

export async function getCertificate(client: ApiClient, number: string, lang: 'ko' | 'en'): Promise<CertificateDto> {
  return parseAnswer(CertificateSchema, await client.request('GET', `/notary/documents/${enc(number)}/certificate?lang=${lang}`), 'certificate')
}

export async function findByHash(client: ApiClient, hash: string): Promise<NotaryDocumentDto[]> {
  return parseAnswer(DocumentListSchema, await client.request('GET', `/notary/hashes/${enc(hash)}`), 'document list')
}

export async function nextNumber(client: ApiClient, agency: string, year: number): Promise<string> {
  const body = await client.request('GET', `/notary/next-number?agency=${enc(agency)}&year=${year}`)
  return parseAnswer(NotaryNextNumberSchema, body, 'number').number
}

export async function getBatch(client: ApiClient, number: string): Promise<NotaryBatchDto> {
  return parseAnswer(NotaryBatchSchema, await client.request('GET', `/notary/batches/${enc(number)}`), 'batch')
}

export interface BatchDocumentInput {
  documentHash: string
  documentType: string
  holder?: string
  language?: string
}

/** Gives the node the document list of a committed batch (checked against its root there). */
export async function postBatchDocuments(client: ApiClient, number: string, documents: BatchDocumentInput[]): Promise<NotaryBatchDto> {
  return parseAnswer(NotaryBatchSchema, await client.request('POST', `/notary/batches/${enc(number)}/documents`, { documents }), 'batch')
}

export async function getTrustList(client: ApiClient): Promise<unknown> {
  return client.request('GET', '/trust')
}
