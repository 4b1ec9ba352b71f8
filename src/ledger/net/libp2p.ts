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
 * Needs Promise.withResolvers (Node 22+): on Node 20 import src/server/compat first (every process entry does).
 */
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPairFromSeed, publicKeyFromRaw } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { mdns } from '@libp2p/mdns'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { ping } from '@libp2p/ping'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { fromHex, isHex, toHex } from '../codec/bytes'
import { FrameDecoder, FrameError, TokenBucket, encodeFrame } from './frames'
import type { Topic, Transport } from './transport'

export const MSG_PROTOCOL = '/daejang/msg/1'
export const SYNC_PROTOCOL = '/daejang/sync/1'
/** topic byte on the wire: the index in this list */
const TOPICS: readonly Topic[] = ['tx', 'consensus']

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
  /**
   * LAN discovery by multicast DNS: peers found this way are dialled like configured ones when `allowed` admits
   * their key (the service tag keeps one consortium's nodes from answering another's)
   */
  mdns?: { serviceTag: string; intervalMs?: number }
}

export type P2PTransport = Transport & { addrs(): string[]; stop(): Promise<void> }

const DEFAULT_RATE = { messagesPerSecond: 5_000, burst: 20_000 }
const OPEN_STREAM_TIMEOUT_MS = 5_000
const DIAL_TIMEOUT_MS = 5_000
const TICK_MS = 100
/** sync requests in flight per peer (more wait their turn); the server accepts a few more than this per connection */
const REQUESTS_PER_PEER = 16

interface Live {
  key: string
  peerId: PeerId
  writer: Stream | null
  opening: boolean
  /** a message stream is open (ours, or one the peer opened): the peer is admitted on both sides */
  ready: boolean
  since: number
  /** frames waiting for the writer stream to open, and their size */
  pending: Uint8Array[]
  pendingBytes: number
}

interface Dialled {
  key: string
  peerId: PeerId
  addr: string
  dialing: boolean
  backoff: number
  nextAt: number
}

/** a connection that lasted less than this (refused by the other side, or a crash loop) does not reset the backoff */
const STABLE_MS = 2_000

const errorOf = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)))
const short = (key: string): string => key.slice(0, 12)

/** the node key (hex) of an Ed25519 peer id; null for any other kind */
function keyOf(peerId: PeerId): string | null {
  return peerId.type === 'Ed25519' ? toHex(peerId.publicKey.raw) : null
}

function peerIdOfKey(hex: string): PeerId {
  if (!isHex(hex, 32)) throw new Error(`not a 32-byte hex node key: ${hex}`)
  return peerIdFromPublicKey(publicKeyFromRaw(fromHex(hex)))
}

export async function createP2PTransport(o: P2POptions): Promise<P2PTransport> {
  if (typeof (Promise as unknown as { withResolvers?: unknown }).withResolvers !== 'function') {
    throw new Error('libp2p needs Promise.withResolvers: import src/server/compat first')
  }
  if (o.seed.length !== 32) throw new Error('the node seed must be 32 bytes')
  if (!(o.maxMessageBytes > 0)) throw new Error('maxMessageBytes must be positive')
  const log = o.log ?? ((line: string) => console.warn(line))
  const rate = o.rateLimit ?? DEFAULT_RATE
  const maxResponse = o.maxResponseBytes ?? Math.max(64 << 20, o.maxMessageBytes * 8)
  const requestTimeout = o.requestTimeoutMs ?? 10_000
  const redial = o.redial ?? { minMs: 250, maxMs: 5_000 }
  const banMs = o.banMs ?? 5_000
  const maxWriteBuffer = Math.max(32 << 20, 2 * (o.maxMessageBytes + 5))

  const privateKey = await generateKeyPairFromSeed('Ed25519', o.seed)
  const self = toHex(privateKey.publicKey.raw)

  const live = new Map<string, Live>()
  /** per peer key, shared by all its streams and connections; forgotten when it disconnects */
  const buckets = new Map<string, TokenBucket>()
  const bucketOf = (key: string): TokenBucket => {
    let b = buckets.get(key)
    if (!b) buckets.set(key, (b = new TokenBucket(rate.messagesPerSecond, rate.burst)))
    return b
  }
  const banned = new Map<string, number>()
  const refusedLogged = new Set<string>()
  const handlers = new Set<(from: string, topic: Topic, data: Uint8Array) => void>()
  let requestHandler: ((from: string, data: Uint8Array) => Promise<Uint8Array>) | null = null
  let running = true
  /** per peer: requests in flight, and the ones waiting for a slot */
  const slots = new Map<string, { active: number; waiting: Array<() => void> }>()
  const acquire = async (key: string): Promise<void> => {
    let s = slots.get(key)
    if (!s) slots.set(key, (s = { active: 0, waiting: [] }))
    if (s.active >= REQUESTS_PER_PEER) await new Promise<void>((r) => s.waiting.push(r))
    else s.active++
  }
  const release = (key: string): void => {
    const s = slots.get(key)
    if (!s) return
    const next = s.waiting.shift()
    if (next) next() // the slot passes on
    else if (--s.active === 0) slots.delete(key)
  }

  const dialled: Dialled[] = []
  for (const p of o.peers) {
    const key = p.publicKey.toLowerCase()
    if (key === self || dialled.some((d) => d.key === key)) continue
    const peerId = peerIdOfKey(key)
    multiaddr(p.addr) // throws on a malformed address, at creation rather than at every dial
    dialled.push({ key, peerId, addr: p.addr.replace(/\/p2p\/[^/]+$/, ''), dialing: false, backoff: redial.minMs, nextAt: 0 })
  }

  const isBanned = (key: string): boolean => {
    const until = banned.get(key)
    if (until === undefined) return false
    if (Date.now() < until) return true
    banned.delete(key)
    return false
  }

  /** whether this peer may be connected to; logs a refused key once */
  const admit = (peerId: PeerId): boolean => {
    const key = keyOf(peerId)
    let ok = false
    try {
      ok = key !== null && key !== self && o.allowed(key) && !isBanned(key)
    } catch {
      ok = false
    }
    if (!ok && running) {
      const name = key ?? peerId.toString()
      if (!refusedLogged.has(name) && !(key && banned.has(key))) {
        if (refusedLogged.size > 1_000) refusedLogged.clear()
        refusedLogged.add(name)
        log(`p2p: refused ${key ? `key ${short(key)}` : `peer ${name}`}: not admitted to the consortium`)
      }
    }
    return ok
  }

  const node = await createLibp2p({
    start: false,
    privateKey,
    addresses: { listen: [o.listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify(), ping: ping() },
    ...(o.mdns ? { peerDiscovery: [mdns({ serviceTag: o.mdns.serviceTag, interval: o.mdns.intervalMs ?? 5_000 })] } : {}),
    connectionGater: {
      denyDialMultiaddr: () => false,
      denyDialPeer: (peerId) => !admit(peerId),
      denyInboundEncryptedConnection: (peerId) => !admit(peerId),
      denyOutboundEncryptedConnection: (peerId) => !admit(peerId),
    },
    connectionManager: { inboundConnectionThreshold: 100, maxConnections: 300 },
  })

  /** Close every connection to a misbehaving peer and refuse it for banMs; logs once per offence. */
  const punish = (key: string, peerId: PeerId, reason: string): void => {
    if (isBanned(key)) return
    banned.set(key, Date.now() + banMs)
    log(`p2p: disconnected ${short(key)}: ${reason}`)
    const l = live.get(key)
    if (l) {
      l.writer?.abort(new Error(reason))
      l.pending = []
      l.pendingBytes = 0
    }
    node.hangUp(peerId).catch(() => undefined)
  }

  const deliver = (from: string, topic: Topic, data: Uint8Array): void => {
    for (const h of handlers) {
      try {
        h(from, topic, data)
      } catch (e) {
        log(`p2p: a message handler failed: ${errorOf(e).message}`)
      }
    }
  }

  /** read frames from a message stream (either direction) */
  const readMessages = (stream: Stream, key: string, peerId: PeerId): void => {
    const decoder = new FrameDecoder(o.maxMessageBytes + 1)
    const bucket = bucketOf(key)
    let dead = false
    stream.addEventListener('message', (evt) => {
      if (dead) return
      try {
        for (const frame of decoder.push(evt.data)) {
          if (!bucket.take()) throw new FrameError(`more than ${rate.messagesPerSecond} messages per second (burst ${rate.burst})`)
          const topic = frame.length > 0 ? TOPICS[frame[0]!] : undefined
          if (topic === undefined) throw new FrameError(frame.length === 0 ? 'empty frame' : `unknown topic ${frame[0]}`)
          deliver(key, topic, frame.subarray(1))
        }
      } catch (e) {
        dead = true
        stream.abort(errorOf(e))
        punish(key, peerId, errorOf(e).message)
      }
    })
  }

  const openWriter = (l: Live): void => {
    if (l.opening || l.writer || !running) return
    const conn = node.getConnections(l.peerId).find((c) => c.status === 'open')
    if (!conn) return
    l.opening = true
    conn
      .newStream(MSG_PROTOCOL, { signal: AbortSignal.timeout(OPEN_STREAM_TIMEOUT_MS) })
      .then((stream) => {
        l.opening = false
        if (!running || live.get(l.key) !== l) {
          stream.abort(new Error('peer gone'))
          return
        }
        l.writer = stream
        l.ready = true
        stream.maxReadBufferLength = o.maxMessageBytes + 1024
        readMessages(stream, l.key, l.peerId)
        stream.addEventListener('close', () => {
          if (l.writer !== stream) return
          l.writer = null
          // the connection it ran on closed, or the peer reset it: open another while the peer is connected
          if (running && live.get(l.key) === l) setTimeout(() => openWriter(l), 50)
        })
        const frames = l.pending
        l.pending = []
        l.pendingBytes = 0
        for (const f of frames) send(l, f)
      })
      .catch(() => {
        l.opening = false
        if (running && live.get(l.key) === l) setTimeout(() => openWriter(l), 500)
      })
  }

  const send = (l: Live, frame: Uint8Array): void => {
    if (!l.writer) {
      if (l.pendingBytes + frame.length <= maxWriteBuffer) {
        l.pending.push(frame)
        l.pendingBytes += frame.length
      }
      openWriter(l)
      return
    }
    // a peer that does not read: drop rather than buffer without bound (consensus messages are re-broadcast)
    if (l.writer.writeBufferLength > maxWriteBuffer) return
    try {
      l.writer.send(frame)
    } catch {
      // the stream is closing; the 'close' listener opens another
    }
  }

  const liveOf = (key: string, peerId: PeerId): Live => {
    let l = live.get(key)
    if (!l) {
      l = { key, peerId, writer: null, opening: false, ready: false, since: Date.now(), pending: [], pendingBytes: 0 }
      live.set(key, l)
    }
    return l
  }

  node.addEventListener('peer:connect', (evt) => {
    try {
      const peerId = evt.detail
      const key = keyOf(peerId)
      if (!running || key === null) return
      if (!admit(peerId)) {
        node.hangUp(peerId).catch(() => undefined)
        return
      }
      openWriter(liveOf(key, peerId))
    } catch (e) {
      log(`p2p: peer:connect failed: ${errorOf(e).message}`)
    }
  })

  node.addEventListener('peer:disconnect', (evt) => {
    const key = keyOf(evt.detail)
    if (key === null) return
    const l = live.get(key)
    const stable = l !== undefined && l.ready && Date.now() - l.since >= STABLE_MS
    if (l) {
      live.delete(key)
      l.writer?.abort(new Error('disconnected'))
      l.writer = null
      l.pending = []
      l.pendingBytes = 0
    }
    buckets.delete(key)
    const d = dialled.find((x) => x.key === key)
    if (d && stable) {
      // it was up for a while: try again at once (a restart), then back off from the start
      d.backoff = redial.minMs
      d.nextAt = Date.now()
    } else if (d) {
      d.nextAt = Date.now() + d.backoff
      d.backoff = Math.min(redial.maxMs, d.backoff * 2)
    }
  })

  await node.handle(
    MSG_PROTOCOL,
    (stream: Stream, connection: Connection) => {
      const key = keyOf(connection.remotePeer)
      if (key === null || !admit(connection.remotePeer)) {
        stream.abort(new Error('not admitted'))
        return
      }
      stream.maxReadBufferLength = o.maxMessageBytes + 1024
      readMessages(stream, key, connection.remotePeer)
      if (connection.status === 'open') {
        const l = liveOf(key, connection.remotePeer)
        l.ready = true
        openWriter(l)
      }
    },
    { maxInboundStreams: 2 },
  )

  await node.handle(
    SYNC_PROTOCOL,
    async (stream: Stream, connection: Connection) => {
      const key = keyOf(connection.remotePeer)
      if (key === null || !admit(connection.remotePeer)) {
        stream.abort(new Error('not admitted'))
        return
      }
      const signal = AbortSignal.timeout(requestTimeout)
      try {
        const req = await readOneFrame(stream, o.maxMessageBytes, signal)
        if (!requestHandler) throw new Error('no request handler')
        const resp = await requestHandler(key, req)
        if (resp.length > maxResponse) throw new Error(`response of ${resp.length} bytes exceeds ${maxResponse}`)
        stream.send(encodeFrame(resp))
        await stream.close({ signal })
      } catch (e) {
        if (e instanceof FrameError) punish(key, connection.remotePeer, `sync request: ${e.message}`)
        stream.abort(errorOf(e))
      }
    },
    { maxInboundStreams: REQUESTS_PER_PEER * 2, maxOutboundStreams: REQUESTS_PER_PEER * 2 },
  )

  const tick = (): void => {
    if (!running) return
    const now = Date.now()
    for (const l of live.values()) {
      if (!admit(l.peerId)) node.hangUp(l.peerId).catch(() => undefined)
    }
    for (const d of dialled) {
      if (d.dialing || now < d.nextAt || isBanned(d.key)) continue
      if (node.getConnections(d.peerId).some((c) => c.status === 'open')) continue
      d.dialing = true
      node
        .dial(multiaddr(`${d.addr}/p2p/${d.peerId.toString()}`), { signal: AbortSignal.timeout(DIAL_TIMEOUT_MS) })
        .catch(() => {
          d.nextAt = Date.now() + d.backoff * (0.75 + Math.random() * 0.5)
          d.backoff = Math.min(redial.maxMs, d.backoff * 2)
        })
        .finally(() => {
          d.dialing = false
        })
    }
  }

  // a peer found on the LAN: dialled from then on like a configured one, if its key is admitted
  node.addEventListener('peer:discovery', (evt) => {
    const { id, multiaddrs } = evt.detail
    const key = keyOf(id)
    if (key === null || dialled.some((d) => d.key === key) || !admit(id)) return
    const addr = multiaddrs.map((m) => m.toString()).find((a) => a.startsWith('/ip4/') || a.startsWith('/ip6/'))
    if (!addr) return
    dialled.push({ key, peerId: id, addr: addr.replace(/\/p2p\/[^/]+$/, ''), dialing: false, backoff: redial.minMs, nextAt: 0 })
    log(`p2p: found ${short(key)} on the local network at ${addr}`)
  })
  await node.start()
  const timer = setInterval(tick, TICK_MS)
  timer.unref()
  tick()

  let stopping: Promise<void> | null = null
  const stop = (): Promise<void> => {
    if (!stopping) {
      running = false
      clearInterval(timer)
      handlers.clear()
      requestHandler = null
      live.clear()
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
      const frame = encodeFrame(Uint8Array.of(t), data).slice()
      for (const l of live.values()) send(l, frame)
    },
    onMessage: (h) => {
      handlers.add(h)
      return () => handlers.delete(h)
    },
    request: async (peer, data) => {
      if (!running) throw new Error('the transport is stopped')
      if (data.length > o.maxMessageBytes) throw new Error(`request of ${data.length} bytes exceeds ${o.maxMessageBytes}`)
      const l = live.get(peer)
      const peerId = l?.peerId ?? peerIdOfKey(peer)
      if (!admit(peerId)) throw new Error(`peer ${short(peer)} is not admitted`)
      await acquire(peer)
      const signal = AbortSignal.timeout(requestTimeout)
      let stream: Stream | null = null
      try {
        stream = await node.dialProtocol(peerId, SYNC_PROTOCOL, { signal })
        stream.maxReadBufferLength = maxResponse + 1024
        stream.send(encodeFrame(data))
        await stream.close({ signal })
        return await readOneFrame(stream, maxResponse, signal)
      } catch (e) {
        stream?.abort(errorOf(e))
        throw new Error(`peer ${short(peer)} does not answer: ${errorOf(e).message}`)
      } finally {
        release(peer)
      }
    },
    onRequest: (h) => {
      requestHandler = h
    },
    peers: () => [...live.values()].filter((l) => l.ready).map((l) => l.key),
    close: () => {
      stop().catch((e: unknown) => log(`p2p: stop failed: ${errorOf(e).message}`))
    },
    addrs: () => node.getMultiaddrs().map((ma) => ma.toString().replace(/\/p2p\/[^/]+$/, '')),
    stop,
  }
}

/** Read exactly one frame, then expect the end of the stream's readable side. */
async function readOneFrame(stream: Stream, max: number, signal: AbortSignal): Promise<Uint8Array> {
  const decoder = new FrameDecoder(max)
  const onAbort = (): void => stream.abort(new Error('timed out'))
  if (signal.aborted) onAbort()
  signal.addEventListener('abort', onAbort, { once: true })
  try {
    let frame: Uint8Array | null = null
    for await (const chunk of stream) {
      const frames = decoder.push(chunk)
      if (frames.length > 1 || (frame !== null && frames.length > 0)) throw new FrameError('more than one frame')
      if (frames.length === 1) frame = frames[0]!
    }
    if (signal.aborted) throw new Error('timed out')
    if (frame === null || decoder.pending > 0) throw new Error('the stream ended before a whole frame')
    return frame
  } finally {
    signal.removeEventListener('abort', onAbort)
  }
}
