/**
 * Redial: every configured peer (and every admitted one found on the LAN) is dialled and re-dialled with exponential
 * backoff whenever it is not connected, so a peer that restarts is reconnected without anyone's help.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdOfKey } from './peer-key'

const DIAL_TIMEOUT_MS = 5_000

interface Dialled {
  key: string
  peerId: PeerId
  addr: string
  dialing: boolean
  backoff: number
  nextAt: number
}

export interface RedialOptions {
  /** our own node key (never dialled) */
  self: string
  /** backoff: from minMs, doubling up to maxMs */
  backoff: { minMs: number; maxMs: number }
  /** a peer refused for a while is not dialled meanwhile */
  isBanned: (key: string) => boolean
}

const withoutPeerId = (addr: string): string => addr.replace(/\/p2p\/[^/]+$/, '')

export class Redialer {
  private readonly dialled: Dialled[] = []

  constructor(private readonly o: RedialOptions) {}

  /** Dial a configured peer from now on: node key (hex) and multiaddr; throws on a malformed key or address. */
  addConfigured(publicKey: string, addr: string): void {
    const key = publicKey.toLowerCase()
    if (key === this.o.self || this.has(key)) return
    const peerId = peerIdOfKey(key)
    multiaddr(addr) // throws on a malformed address, at creation rather than at every dial
    this.add(key, peerId, addr)
  }

  /** Dial a peer found by discovery from now on (its key admitted by the caller). */
  add(key: string, peerId: PeerId, addr: string): void {
    this.dialled.push({ key, peerId, addr: withoutPeerId(addr), dialing: false, backoff: this.o.backoff.minMs, nextAt: 0 })
  }

  has(key: string): boolean {
    return this.dialled.some((d) => d.key === key)
  }

  /** A peer disconnected: one that had been up for a while is dialled at once (a restart), else after its backoff. */
  disconnected(key: string, stable: boolean): void {
    const d = this.dialled.find((x) => x.key === key)
    if (d && stable) {
      // it was up for a while: try again at once (a restart), then back off from the start
      d.backoff = this.o.backoff.minMs
      d.nextAt = Date.now()
    } else if (d) {
      d.nextAt = Date.now() + d.backoff
      d.backoff = Math.min(this.o.backoff.maxMs, d.backoff * 2)
    }
  }

  /** Dial the peers due, not connected and not being dialled. */
  tick(node: Pick<Libp2p, 'dial' | 'getConnections'>): void {
    const now = Date.now()
    for (const d of this.dialled) {
      if (d.dialing || now < d.nextAt || this.o.isBanned(d.key)) continue
      if (node.getConnections(d.peerId).some((c) => c.status === 'open')) continue
      d.dialing = true
      node
        .dial(multiaddr(`${d.addr}/p2p/${d.peerId.toString()}`), { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
        .catch(() => {
          d.nextAt = Date.now() + d.backoff * (0.75 + Math.random() * 0.5)
          d.backoff = Math.min(this.o.backoff.maxMs, d.backoff * 2)
        })
        .finally(() => {
          d.dialing = false
        })
    }
  }
}
