/**
 * Peers are named by their node key: the libp2p identity IS the node's Ed25519 key (same seed), so a peer id names a
 * node key and Noise proves it. Peers are named by their node key in hex, as everywhere else in the ledger.
 */
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { fromHex, isHex, toHex } from '../../codec/bytes'

/** the node key (hex) of an Ed25519 peer id; null for any other kind */
export function keyOf(peerId: PeerId): string | null {
  return peerId.type === 'Ed25519' ? toHex(peerId.publicKey.raw) : null
}

export function peerIdOfKey(hex: string): PeerId {
  if (!isHex(hex, 32)) throw new Error(`not a 32-byte hex node key: ${hex}`)
  return peerIdFromPublicKey(publicKeyFromRaw(fromHex(hex)))
}

/** a node key as it appears in a log line */
export const short = (key: string): string => key.slice(0, 12)

export const errorOf = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)))
