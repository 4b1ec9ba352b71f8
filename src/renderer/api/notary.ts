/**
 * The notary registry's API calls (src/ledger/registries/notary/routes.ts). Document numbers of a batch contain a slash, so
 * every number goes into the path encoded.
 */
import type { NotaryBatchDto, NotaryDocumentDto, NotaryNextNumberDto } from '../../shared/api'
import { ApiError, type ApiClient } from './client'

const enc = encodeURIComponent

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function document(body: unknown): NotaryDocumentDto {
  if (!isObject(body) || typeof body['number'] !== 'string' || typeof body['status'] !== 'string' || !Array.isArray(body['history'])) {
    throw new ApiError('invalid', 'Unexpected notary record.')
  }
  return body as unknown as NotaryDocumentDto
}

export interface DocumentQuery {
  agency?: string
  status?: 'issued' | 'suspended' | 'revoked'
  q?: string
  limit?: number
}

export async function listDocuments(client: ApiClient, query: DocumentQuery): Promise<NotaryDocumentDto[]> {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') qs.set(k, String(v))
  const body = await client.request('GET', `/notary/documents?${qs.toString()}`)
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected document list.')
  return body.map(document)
}

export async function getDocument(client: ApiClient, number: string): Promise<NotaryDocumentDto> {
  return document(await client.request('GET', `/notary/documents/${enc(number)}`))
}

/** The document's proof bundle (daejang-notary-bundle/1), unchecked: the verifier parses it. */
export async function getBundle(client: ApiClient, number: string): Promise<unknown> {
  return client.request('GET', `/notary/documents/${enc(number)}/proof`)
}

export interface CertificateDto {
  name: string
  mediaType: string
  /** the PDF, base64 */
  data: string
  qr: Record<string, string | number>
}

export async function getCertificate(client: ApiClient, number: string, lang: 'ko' | 'en'): Promise<CertificateDto> {
  const body = await client.request('GET', `/notary/documents/${enc(number)}/certificate?lang=${lang}`)
  if (!isObject(body) || typeof body['data'] !== 'string' || typeof body['name'] !== 'string') {
    throw new ApiError('invalid', 'Unexpected certificate.')
  }
  return body as unknown as CertificateDto
}

export async function findByHash(client: ApiClient, hash: string): Promise<NotaryDocumentDto[]> {
  const body = await client.request('GET', `/notary/hashes/${enc(hash)}`)
  if (!Array.isArray(body)) throw new ApiError('invalid', 'Unexpected document list.')
  return body.map(document)
}

export async function nextNumber(client: ApiClient, agency: string, year: number): Promise<string> {
  const body = await client.request('GET', `/notary/next-number?agency=${enc(agency)}&year=${year}`)
  if (!isObject(body) || typeof body['number'] !== 'string') throw new ApiError('invalid', 'Unexpected number.')
  return (body as unknown as NotaryNextNumberDto).number
}

export async function getBatch(client: ApiClient, number: string): Promise<NotaryBatchDto> {
  const body = await client.request('GET', `/notary/batches/${enc(number)}`)
  if (!isObject(body) || typeof body['root'] !== 'string') throw new ApiError('invalid', 'Unexpected batch.')
  return body as unknown as NotaryBatchDto
}

export interface BatchDocumentInput {
  documentHash: string
  documentType: string
  holder?: string
  language?: string
}

/** Gives the node the document list of a committed batch (checked against its root there). */
export async function postBatchDocuments(client: ApiClient, number: string, documents: BatchDocumentInput[]): Promise<NotaryBatchDto> {
  const body = await client.request('POST', `/notary/batches/${enc(number)}/documents`, { documents })
  if (!isObject(body) || typeof body['root'] !== 'string') throw new ApiError('invalid', 'Unexpected batch.')
  return body as unknown as NotaryBatchDto
}

export async function getTrustList(client: ApiClient): Promise<unknown> {
  return client.request('GET', '/trust')
}
