/**
 * `daejang join`: a home for an agency that joins an existing consortium. It gets the consortium's genesis
 * document and the addresses of some of its nodes, makes a node key and an administrator key, and writes the agency
 * description that the consortium's administrators admit by governance (`daejang governance propose --admit FILE`).
 * Until the admission is approved the consortium's nodes refuse the new node's connections; from then on it syncs,
 * and from the effective height it votes (docs/adr/0013).
 *
 * With `workstation`, the home is a member agency's workstation node instead: no agency of its own; its agency's
 * administrator grants its node key the `workstation` role, after which the consortium admits it to sync and submit.
 */
import { mkdirSync } from 'node:fs'
import { DaejangError } from '../shared/errors'
import { AgencySchema, type Agency, type Genesis, parseGenesis } from '../ledger/types/genesis'
import { ConfigSchema, Home, stableApiPort } from '../ledger/node/home'
import { makeHomeRequest } from './admission-home'

export interface JoinOptions {
  genesis: unknown
  /** a workstation node of a member agency: no agency and no administrator key of its own */
  workstation?: boolean
  agencyId?: string
  agencyName?: string
  /** voting power asked for; 0 for a member agency without a validator */
  power: number
  listen: string
  peers: { publicKey: string; addr: string }[]
  /** find the consortium's nodes on the local network (multicast DNS); then no peer need be given */
  mdns?: boolean
  apiPort?: number
  heartbeatMs?: number
}

export function joinConsortium(
  h: Home,
  o: JoinOptions,
): { genesis: Genesis; agency: Agency | null; nodeKey: string; adminKey: string | null } {
  if (h.exists()) throw new DaejangError('HOME_EXISTS', `${h.dir} already holds a node`)
  const genesis = parseGenesis(o.genesis)
  if (!o.workstation) {
    if (!o.agencyId || !o.agencyName) throw new DaejangError('SCHEMA_INVALID', 'give --agency-id and --agency-name (or --workstation)')
    if (genesis.agencies.some((a) => a.id === o.agencyId)) {
      throw new DaejangError('SCHEMA_INVALID', `agency id "${o.agencyId}" is taken in this consortium`)
    }
  }
  if (o.peers.length === 0 && !o.mdns) throw new DaejangError('SCHEMA_INVALID', 'give at least one --peer PUBLICKEY@ADDRESS')
  mkdirSync(h.dir, { recursive: true, mode: 0o700 })
  const node = h.createKey('node')
  const admin = o.workstation ? null : h.createKey('admin')
  const agency = admin
    ? AgencySchema.parse({
        id: o.agencyId,
        name: o.agencyName,
        validator: o.power > 0 ? { publicKey: node.publicKey, power: o.power } : null,
        admins: [admin.publicKey],
      })
    : null
  h.writeGenesis(genesis)
  h.writeConfig(
    ConfigSchema.parse({
      format: 'daejang-config/1',
      ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}),
      apiPort: o.apiPort ?? stableApiPort(node.publicKey),
      p2p: { listen: o.listen, peers: o.peers, ...(o.mdns ? { mdns: true } : {}) },
    }),
  )
  // the signed admission request, kept in the home (docs/adr/0064): the file and QR the administrators are given
  makeHomeRequest(h, { agency, workstationAgency: o.workstation ? (o.agencyId ?? null) : null })
  return { genesis, agency, nodeKey: node.publicKey, adminKey: admin?.publicKey ?? null }
}

/** "PUBLICKEY@MULTIADDR" → a peer entry. */
export function parsePeer(s: string): { publicKey: string; addr: string } {
  const at = s.indexOf('@')
  const publicKey = s.slice(0, at)
  if (at < 0 || !/^[0-9a-f]{64}$/.test(publicKey) || s.length - at < 2) {
    throw new DaejangError('SCHEMA_INVALID', `peer "${s}": expected PUBLICKEY@ADDRESS, e.g. <64 hex>@/ip4/10.0.0.5/tcp/26656`)
  }
  return { publicKey, addr: s.slice(at + 1) }
}
