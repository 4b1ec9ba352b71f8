/**
 * The admission request of a node's home (docs/adr/0064): made when `daejang join` makes the home (and again on
 * demand, `daejang admission request`), signed with the home's own keys, kept in the home as admission-request.json.
 * Its presence is what tells the node that it is waiting to be admitted (admission-status.ts).
 */
import { DaejangError } from '../shared/errors'
import { loadSigner } from '../ledger/crypto/keystore'
import type { Agency } from '../ledger/types/genesis'
import type { Home } from '../ledger/node/home'
import { ADMISSION_FORMAT, type AdmissionRequest, makeAdmissionRequest, readHomeRequest, writeHomeRequest } from './admission'

export interface HomeRequestOptions {
  /** an agency's request: the agency as it asks to be admitted; null for a workstation */
  agency: Agency | null
  /** a workstation's agency, when known */
  workstationAgency?: string | null
  /** passphrase of the administrator key, if it is encrypted */
  adminPassphrase?: string
  now?: number
}

/** Make the home's request from its genesis, configuration and keys, and keep it in the home. */
export function makeHomeRequest(h: Home, o: HomeRequestOptions): AdmissionRequest {
  const genesis = h.readGenesis()
  const cfg = h.readConfig()
  const listen = cfg.p2p?.listen
  if (!listen) throw new DaejangError('SCHEMA_INVALID', 'this home has no listen address (p2p.listen in config.json): it is not a consortium node')
  const node = loadSigner(h.keyPath('node'))
  const nodeKey = h.readKey('node').publicKey
  const common = { format: ADMISSION_FORMAT as typeof ADMISSION_FORMAT, chainId: genesis.chainId, createdAt: o.now ?? Date.now(), node: { key: nodeKey, listen: [listen] } }
  const r = o.agency
    ? makeAdmissionRequest({ ...common, kind: 'agency' as const, agency: o.agency }, [node, loadSigner(h.keyPath('admin'), o.adminPassphrase)])
    : makeAdmissionRequest({ ...common, kind: 'workstation' as const, workstation: { agency: o.workstationAgency ?? null } }, [node])
  writeHomeRequest(h.dir, r)
  return r
}

/** The request this home keeps, or null when it was not made by joining. */
export function homeRequest(h: Home): AdmissionRequest | null {
  return readHomeRequest(h.dir)
}
