/**
 * Where a node made by joining stands on its way into the consortium (status.admission, docs/adr/0064), from what the
 * node itself sees: first its peers (the consortium's nodes refuse its connections until it is admitted, so no peer
 * means refused), then its own agency or role found in the state it has synced, then its validator key in the sets.
 */
import { statSync } from 'node:fs'
import type { AdmissionStatusDto } from '../shared/admission-api'
import type { LedgerNode } from '../ledger/node/node'
import type { Home } from '../ledger/node/home'
import { toHex } from '../ledger/codec/bytes'
import { AGENCY_PREFIX } from '../ledger/registries/identity/state-keys'
import { type AdmissionRequest, readHomeRequest, requestPath } from './admission'

/** the home's request, read again only when its file changes */
const cache = new Map<string, { mtimeMs: number; request: AdmissionRequest | null }>()

export function cachedHomeRequest(home: Home): AdmissionRequest | null {
  let mtimeMs: number
  try {
    mtimeMs = statSync(requestPath(home.dir)).mtimeMs
  } catch {
    cache.delete(home.dir)
    return null
  }
  const hit = cache.get(home.dir)
  if (hit && hit.mtimeMs === mtimeMs) return hit.request
  let request: AdmissionRequest | null
  try {
    request = readHomeRequest(home.dir)
  } catch {
    // a damaged request file: the node is not told it waits (the request screen says the file cannot be read)
    request = null
  }
  cache.set(home.dir, { mtimeMs, request })
  return request
}

export async function admissionStatus(node: LedgerNode, home: Home | null): Promise<AdmissionStatusDto | null> {
  if (!home) return null
  const r = cachedHomeRequest(home)
  if (!r) return null
  const nodeKey = r.node.key
  const peers = node.status().peers
  const pending = (): AdmissionStatusDto['state'] => (peers > 0 ? 'catching-up' : 'refused')
  if (r.kind === 'workstation') {
    const admitted = node.admitsPeer(nodeKey)
    return { state: admitted ? 'workstation' : pending(), kind: 'workstation', agency: r.workstation.agency, agencyName: null, height: null }
  }
  const agency = r.agency.id
  const rec = (await node.store.get(AGENCY_PREFIX + agency)) as { name?: unknown } | undefined
  if (rec === undefined) return { state: pending(), kind: 'agency', agency, agencyName: r.agency.name, height: null }
  const name = typeof rec.name === 'string' ? rec.name : r.agency.name
  const next = node.chain.head().height + 1
  const entries = node.chain.validatorHistory.entries
  const key = r.agency.validator?.publicKey ?? null
  const holds = (i: number): boolean => key !== null && entries[i]!.validators.some((v) => toHex(v.publicKey) === key)
  const cur = node.chain.validatorHistory.indexAt(next)
  if (holds(cur)) {
    // since the first set of the unbroken run that ends with the current one
    let i = cur
    while (i > 0 && holds(i - 1)) i--
    return { state: 'voting', kind: 'agency', agency, agencyName: name, height: entries[i]!.fromHeight }
  }
  for (let i = cur + 1; i < entries.length; i++) {
    if (holds(i)) return { state: 'voting-from', kind: 'agency', agency, agencyName: name, height: entries[i]!.fromHeight }
  }
  return { state: 'member', kind: 'agency', agency, agencyName: name, height: null }
}
