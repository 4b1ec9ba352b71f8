/**
 * The app's node, as the verifier panel sees it: the trust list, proof bundles by number or file hash, and the live
 * facts (the node's record and the notary's credential now) for the status and issuer checks. The node supplies
 * evidence and its current view; the proof is checked in the page against the trust list, as offline.
 */
import { NOTARY_ROLE } from '../../../ledger/registries/notary/portable/schema'
import type { ProvenRecord } from '../../../ledger/registries/notary/portable/proof'
import type { LiveFacts } from '../../../ledger/registries/notary/portable/verify'
import type { NotaryDocumentDto } from '../../../shared/api'
import { ApiError, type ApiClient } from '../../api/client'
import { getKeyInfo } from '../../api/ledger'
import type { NodeGet } from '../../../ledger/verify/framework'
import { findByHash, getBundle, getDocument, getStatusProof, getTrustList } from '../../api/notary'

export async function liveFacts(client: ApiClient, rec: ProvenRecord): Promise<LiveFacts> {
  const status = await client.status()
  let document: NotaryDocumentDto | null = null
  try {
    document = await getDocument(client, rec.number)
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'NOT_FOUND')) throw e
  }
  const info = await getKeyInfo(client, rec.notary)
  const credential = info.roles.find((r) => r.role === NOTARY_ROLE && r.agency === rec.agency) ?? null
  return { document, credential, height: status.height, time: status.lastBlockTime }
}

export interface NodeCalls {
  trust(): Promise<unknown>
  bundle(number: string): Promise<unknown>
  numberOf(hash: string): Promise<string | null>
  live(record: ProvenRecord): Promise<LiveFacts>
  /** the record's status proof as of the node's head (checked in the page), or null when the node proves no state */
  statusProof(number: string): Promise<unknown>
  /** a GET of the node's API by its full path (/api/v1/…): another registry's verifier asks through it */
  get: NodeGet
}

export function nodeCalls(client: () => Promise<ApiClient>): NodeCalls {
  return {
    trust: async () => getTrustList(await client()),
    bundle: async (number) => getBundle(await client(), number),
    numberOf: async (hash) => (await findByHash(await client(), hash))[0]?.number ?? null,
    live: async (record) => liveFacts(await client(), record),
    get: async <T,>(path: string) => (await (await client()).request('GET', path.replace(/^\/api\/v1/, ''))) as T,
    statusProof: async (number) => {
      try {
        return await getStatusProof(await client(), number)
      } catch (e) {
        if (e instanceof ApiError && e.code === 'NOT_FOUND') return null
        throw e
      }
    },
  }
}
