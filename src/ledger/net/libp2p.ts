/**
 * The real network: a Transport (net/transport.ts) on js-libp2p 3.x — TCP, Noise, Yamux, identify, ping.
 *
 *  - Identity: the libp2p key IS the node's Ed25519 key (same seed), so a peer id names a node key and Noise proves
 *    it. Peers are named by their node key in hex, as everywhere else in the ledger.
 *  - Admission: the connection gater refuses, right after the Noise handshake, every key that `allowed` rejects
 *    (and non-Ed25519 peer ids, and our own key); a peer being punished is refused for `banMs`.
 *  - Every configured peer is dialled and re-dialled with exponential backoff whenever it is not connected, so a
 *    peer that restarts is reconnected without anyone's help.
 *  - '/daejang/msg/1': one long-lived stream per peer carries frames [u32 length][topic byte][payload] both ways.
 *    A frame over maxMessageBytes (+1 topic byte), an empty frame, an unknown topic or a burst over the rate limit
 *    costs the peer its connection (closed, logged once), never this process its life.
 *  - '/daejang/sync/1': one request per stream: [u32 length][request], half-close, [u32 length][response]; sizes
 *    capped, a timeout on both sides.
 *
 * The jobs live in p2p/: peer-key (peer ids ↔ node keys), admission (the gater, bans), limits (per-peer rate limit
 * and request slots), streams (the message streams), sync (requests), redial (keeping peers connected) and discovery
 * (mDNS); this file puts them together on one libp2p node.
 *
 * Needs Promise.withResolvers (Node 22+): on Node 20 import src/server/compat first (every process entry does).
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { toHex } from '../codec/bytes'
import { encodeFrame } from './frames'
import type { Transport } from './transport'
import { Admission } from './p2p/admission'
import { type MdnsOptions, dialDiscovered, discoveryServices } from './p2p/discovery'
import { PeerRateLimits, RequestSlots } from './p2p/limits'
import { errorOf, keyOf, peerIdOfKey, short } from './p2p/peer-key'
import { Redialer } from './p2p/redial'
import { MSG_PROTOCOL, MessageStreams, TOPICS } from './p2p/streams'
import { type RequestHandler, SYNC_PROTOCOL, type SyncLimits, sendRequest, serveRequest } from './p2p/sync'

export { MSG_PROTOCOL, SYNC_PROTOCOL }

export interface P2POptions {
  /** the node's 32-byte Ed25519 seed: the libp2p identity is the node key */
  seed: Uint8Array
  /** e.g. '/ip4/127.0.0.1/tcp/26656' (port 0: any free port, see addrs()) */
  listen: string
  /** peers to dial and keep dialling: node key (hex) and multiaddr without /p2p */
  peers: Array<{ publicKey: string; addr: string }>
  /** consortium admission: only these keys may connect */
  allowed: (publicKeyHex: string) => boolean
  /** largest payload of a message (and of a sync request) */
  maxMessageBytes: number
  /** per peer, on received messages; default 5,000/s with bursts of 20,000 */
  rateLimit?: { messagesPerSecond: number; burst: number }
  /** largest sync response accepted; default max(64 MiB, 8 × maxMessageBytes) */
  maxResponseBytes?: number
  /** a request (and the answer to one) must complete within this; default 10 s */
  requestTimeoutMs?: number
  /** re-dial backoff; default 250 ms doubling up to 5 s */
  redial?: { minMs: number; maxMs: number }
  /** a peer disconnected for misbehaviour is refused for this long; default 5 s */
  banMs?: number
  /** where the one-line notices go (a refused key, a peer disconnected); default console.warn */
  log?: (line: string) => void
  /** told when a peer is disconnected for misbehaving (the node's activity log) */
  onPeerDropped?: (publicKeyHex: string, reason: string) => void
  /**
   * LAN discovery by multicast DNS: peers found this way are dialled like configured ones when `allowed` admits
   * their key (the service tag keeps one consortium's nodes from answering another's)
   */
  mdns?: MdnsOptions
}

export type P2PTransport = Transport & { addrs(): string[]; stop(): Promise<void> }

const DEFAULT_RATE = { messagesPerSecond: 5_000, burst: 20_000 }
const TICK_MS = 100
/** sync requests in flight per peer (more wait their turn); the server accepts a few more than this per connection */
const REQUESTS_PER_PEER = 16
/** a connection that lasted less than this (refused by the other side, or a crash loop) does not reset the backoff */
const STABLE_MS = 2_000

export async function createP2PTransport(o: P2POptions): Promise<P2PTransport> {
  if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
    throw new Error('libp2p needs Promise.withResolvers: import src/server/compat first')
  }
  if (o.seed.length !== 32) throw new Error('the node seed must be 32 bytes')
  if (!(o.maxMessageBytes > 0)) throw new Error('maxMessageBytes must be positive')
  const log = o.log ?? ((line: string) => console.warn(line))
  const sync: SyncLimits = {
    maxRequestBytes: o.maxMessageBytes,
    maxResponseBytes: o.maxResponseBytes ?? Math.max(64 << 20, o.maxMessageBytes * 8),
    timeoutMs: o.requestTimeoutMs ?? 10_000,
  }

  const privateKey = await generateKeyPairFromSeed('Ed25519', o.seed)
  const self = toHex(privateKey.publicKey.raw)
  let running = true
  const isRunning = (): boolean => running
  let requestHandler: RequestHandler | null = null
  const slots = new RequestSlots(REQUESTS_PER_PEER)
  const admission = new Admission({ self, allowed: o.allowed, banMs: o.banMs ?? 5_000, log, isRunning })
  const admit = (peerId: PeerId): boolean => admission.admit(peerId)
  const redialer = new Redialer({ self, backoff: o.redial ?? { minMs: 250, maxMs: 5_000 }, isBanned: (k) => admission.isBanned(k) })
  for (const p of o.peers) redialer.addConfigured(p.publicKey, p.addr)

  const node = await createLibp2p({
    start: false,
    privateKey,
    addresses: { listen: [o.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() },
    ...discoveryServices(o.mdns),
    connectionGater: admission.gater(),
    connectionManager: { inboundConnectionThreshold: 100, maxConnections: 300 },
  })

  /** Close every connection to a misbehaving peer and refuse it for banMs; logs once per offence. */
  const punish = (key: string, peerId: PeerId, reason: string): void => {
    if (!admission.ban(key)) return
    log(`p2p: disconnected ${short(key)}: ${reason}`)
    try {
      o.onPeerDropped?.(key, reason)
    } catch {
      // a listener's failure is not the network's
    }
    streams.drop(key, reason)
    node.hangUp(peerId).catch(() => undefined)
  }

  const streams = new MessageStreams(node, {
    maxMessageBytes: o.maxMessageBytes,
    maxWriteBuffer: Math.max(32 << 20, 2 * (o.maxMessageBytes + 5)),
    limits: new PeerRateLimits(o.rateLimit ?? DEFAULT_RATE),
    misbehaved: punish,
    log,
    isRunning,
  })

  node.addEventListener('peer:connect', (evt) => {
    try {
      const peerId = evt.detail
      const key = keyOf(peerId)
      if (!running || key === null) return
      if (!admit(peerId)) {
        node.hangUp(peerId).catch(() => undefined)
        return
      }
      streams.peerConnected(key, peerId)
    } catch (e) {
      log(`p2p: peer:connect failed: ${errorOf(e).message}`)
    }
  })

  node.addEventListener('peer:disconnect', (evt) => {
    const key = keyOf(evt.detail)
    if (key === null) return
    redialer.disconnected(key, streams.peerDisconnected(key, STABLE_MS))
  })

  /** the peer's key when it is admitted; else the stream is refused */
  const admittedKey = (stream: Stream, connection: Connection): string | null => {
    const key = keyOf(connection.remotePeer)
    if (key === null || !admit(connection.remotePeer)) {
      stream.abort(new Error('not admitted'))
      return null
    }
    return key
  }

  await node.handle(
    MSG_PROTOCOL,
    (stream: Stream, connection: Connection) => {
      const key = admittedKey(stream, connection)
      if (key !== null) streams.inbound(stream, key, connection.remotePeer, connection.status === 'open')
    },
    { maxInboundStreams: 2 },
  )

  await node.handle(
    SYNC_PROTOCOL,
    async (stream: Stream, connection: Connection) => {
      const key = admittedKey(stream, connection)
      if (key === null) return
      await serveRequest(stream, key, requestHandler, sync, (reason) => punish(key, connection.remotePeer, reason))
    },
    { maxInboundStreams: REQUESTS_PER_PEER * 2, maxOutboundStreams: REQUESTS_PER_PEER * 2 },
  )

  const tick = (): void => {
    if (!running) return
    for (const peerId of streams.connected()) {
      if (!admit(peerId)) node.hangUp(peerId).catch(() => undefined)
    }
    redialer.tick(node)
  }

  dialDiscovered(node, redialer, admit, log)
  await node.start()
  const timer = setInterval(tick, TICK_MS)
  timer.unref()
  tick()

  let stopping: Promise<void> | null = null
  const stop = (): Promise<void> => {
    if (!stopping) {
      running = false
      clearInterval(timer)
      requestHandler = null
      streams.clear()
      stopping = Promise.resolve(node.stop())
    }
    return stopping
  }

  return {
    self,
    broadcast: (topic, data) => {
      if (!running) return
      const t = TOPICS.indexOf(topic)
      if (t < 0) throw new Error(`unknown topic ${topic}`)
      if (data.length > o.maxMessageBytes) throw new Error(`message of ${data.length} bytes exceeds ${o.maxMessageBytes}`)
      streams.broadcast(encodeFrame(Uint8Array.of(t), data).slice())
    },
    onMessage: (h) => streams.onMessage(h),
    request: async (peer, data) => {
      if (!running) throw new Error('the transport is stopped')
      if (data.length > o.maxMessageBytes) throw new Error(`request of ${data.length} bytes exceeds ${o.maxMessageBytes}`)
      const peerId = streams.peerIdOf(peer) ?? peerIdOfKey(peer)
      if (!admit(peerId)) throw new Error(`peer ${short(peer)} is not admitted`)
      await slots.acquire(peer)
      try {
        return await sendRequest(node, peerId, data, sync)
      } catch (e) {
        throw new Error(`peer ${short(peer)} does not answer: ${errorOf(e).message}`)
      } finally {
        slots.release(peer)
      }
    },
    onRequest: (h) => {
      requestHandler = h
    },
    peers: () => streams.peers(),
    misbehaved: (peer, reason) => {
      if (!running || peer === self) return
      try {
        punish(peer, streams.peerIdOf(peer) ?? peerIdOfKey(peer), reason)
      } catch (e) {
        log(`p2p: could not drop ${short(peer)}: ${errorOf(e).message}`)
      }
    },
    close: () => {
      stop().catch((e: unknown) => log(`p2p: stop failed: ${errorOf(e).message}`))
    },
    addrs: () => node.getMultiaddrs().map((ma) => ma.toString().replace(/\/p2p\/[^/]+$/, '')),
    stop,
  }
}
