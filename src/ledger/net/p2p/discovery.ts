/**
 * LAN discovery by multicast DNS: peers found this way are dialled like configured ones when admission admits their
 * key (the service tag keeps one consortium's nodes from answering another's).
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { mdns } from '@libp2p/mdns'
import { keyOf, short } from './peer-key'
import type { Redialer } from './redial'

export interface MdnsOptions {
  serviceTag: string
  intervalMs?: number
}

/** the libp2p peer discovery settings: mDNS when asked for, none otherwise */
export function discoveryServices(o: MdnsOptions | undefined): { peerDiscovery?: [ReturnType<typeof mdns>] } {
  return o ? { peerDiscovery: [mdns({ serviceTag: o.serviceTag, interval: o.intervalMs ?? 5_000 })] } : {}
}

/** A peer found on the LAN: dialled from then on like a configured one, if its key is admitted. */
export function dialDiscovered(
  node: Pick<Libp2p, 'addEventListener'>,
  redialer: Redialer,
  admit: (peerId: PeerId) => boolean,
  log: (line: string) => void,
): void {
  node.addEventListener('peer:discovery', (evt) => {
    const { id, multiaddrs } = evt.detail
    const key = keyOf(id)
    if (key === null || redialer.has(key) || !admit(id)) return
    const addr = multiaddrs.map((m) => m.toString()).find((a) => a.startsWith('/ip4/') || a.startsWith('/ip6/'))
    if (!addr) return
    redialer.add(key, id, addr)
    log(`p2p: found ${short(key)} on the local network at ${addr}`)
  })
}
