/**
 * Admission: which peers may connect. The connection gater asks right after the Noise handshake and refuses every
 * key that `allowed` rejects (and non-Ed25519 peer ids, and our own key); a peer being punished for misbehaviour is
 * refused for `banMs`. A refused key is logged once.
 */
import type { ConnectionGater, PeerId } from '@libp2p/interface'
import { keyOf, short } from './peer-key'

export interface AdmissionOptions {
  /** our own node key (hex) */
  self: string
  /** consortium admission: only these keys may connect */
  allowed: (publicKeyHex: string) => boolean
  banMs: number
  log: (line: string) => void
  /** whether the transport still runs (a stopped one logs nothing) */
  isRunning: () => boolean
}

export class Admission {
  private readonly banned = new Map<string, number>()
  private readonly refusedLogged = new Set<string>()

  constructor(private readonly o: AdmissionOptions) {}

  isBanned(key: string): boolean {
    const until = this.banned.get(key)
    if (until === undefined) return false
    if (Date.now() < until) return true
    this.banned.delete(key)
    return false
  }

  /** Refuse a misbehaving peer for banMs; false when it is refused already (the offence was dealt with). */
  ban(key: string): boolean {
    if (this.isBanned(key)) return false
    this.banned.set(key, Date.now() + this.o.banMs)
    return true
  }

  /** whether this peer may be connected to; logs a refused key once */
  admit(peerId: PeerId): boolean {
    const key = keyOf(peerId)
    let ok = false
    try {
      ok = key !== null && key !== this.o.self && this.o.allowed(key) && !this.isBanned(key)
    } catch {
      ok = false
    }
    if (!ok && this.o.isRunning()) {
      const name = key ?? peerId.toString()
      if (!this.refusedLogged.has(name) && !(key && this.banned.has(key))) {
        if (this.refusedLogged.size > 1_000) this.refusedLogged.clear()
        this.refusedLogged.add(name)
        this.o.log(`p2p: refused ${key ? `key ${short(key)}` : `peer ${name}`}: not admitted to the consortium`)
      }
    }
    return ok
  }

  /** the libp2p connection gater that applies it */
  gater(): ConnectionGater {
    return {
      denyDialMultiaddr: () => false,
      denyDialPeer: (peerId) => !this.admit(peerId),
      denyInboundEncryptedConnection: (peerId) => !this.admit(peerId),
      denyOutboundEncryptedConnection: (peerId) => !this.admit(peerId),
    }
  }
}
