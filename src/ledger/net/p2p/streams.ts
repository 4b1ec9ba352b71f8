/**
 * Message streams: '/daejang/msg/1', one long-lived stream per peer carrying frames [u32 length][topic byte][payload]
 * both ways. A frame over maxMessageBytes (+1 topic byte), an empty frame, an unknown topic or a burst over the rate
 * limit costs the peer its connection (`misbehaved`), never this process its life. Frames sent while a peer's stream
 * opens wait in a bounded buffer; a peer that does not read has frames dropped rather than buffered without bound.
 */
import type { Libp2p, PeerId, Stream } from '@libp2p/interface'
import { FrameDecoder, FrameError } from '../frames'
import type { Topic } from '../transport'
import type { PeerRateLimits } from './limits'
import { errorOf } from './peer-key'

export const MSG_PROTOCOL = '/daejang/msg/1'
/** topic byte on the wire: the index in this list */
export const TOPICS: readonly Topic[] = ['tx', 'consensus']
const OPEN_STREAM_TIMEOUT_MS = 5_000

export type MessageHandler = (from: string, topic: Topic, data: Uint8Array) => void

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

export interface MessageStreamsOptions {
  maxMessageBytes: number
  /** frames buffered for a peer, at most (waiting for its stream, or unread by it) */
  maxWriteBuffer: number
  limits: PeerRateLimits
  /** a peer broke the rules of the protocol (the connection is to be closed) */
  misbehaved: (key: string, peerId: PeerId, reason: string) => void
  log: (line: string) => void
  isRunning: () => boolean
}

export class MessageStreams {
  private readonly live = new Map<string, Live>()
  private readonly handlers = new Set<MessageHandler>()

  constructor(
    private readonly node: Pick<Libp2p, 'getConnections'>,
    private readonly o: MessageStreamsOptions,
  ) {}

  onMessage(h: MessageHandler): () => void {
    this.handlers.add(h)
    return () => this.handlers.delete(h)
  }

  /** the keys of the peers with an open message stream */
  peers(): string[] {
    return [...this.live.values()].filter((l) => l.ready).map((l) => l.key)
  }

  /** the peer ids of the peers connected now */
  connected(): PeerId[] {
    return [...this.live.values()].map((l) => l.peerId)
  }

  peerIdOf(key: string): PeerId | undefined {
    return this.live.get(key)?.peerId
  }

  /** Send a frame to every connected peer. */
  broadcast(frame: Uint8Array): void {
    for (const l of this.live.values()) this.send(l, frame)
  }

  /** A peer connected (and was admitted): open our stream to it. */
  peerConnected(key: string, peerId: PeerId): void {
    this.openWriter(this.liveOf(key, peerId))
  }

  /** A peer disconnected: forget its streams; whether it had been up for `stableMs` with a stream open. */
  peerDisconnected(key: string, stableMs: number): boolean {
    const l = this.live.get(key)
    const stable = l !== undefined && l.ready && Date.now() - l.since >= stableMs
    if (l) {
      this.live.delete(key)
      l.writer?.abort(new Error('disconnected'))
      l.writer = null
      l.pending = []
      l.pendingBytes = 0
    }
    this.o.limits.forget(key)
    return stable
  }

  /** Drop what is buffered for a peer and abort its stream (it misbehaved). */
  drop(key: string, reason: string): void {
    const l = this.live.get(key)
    if (l) {
      l.writer?.abort(new Error(reason))
      l.pending = []
      l.pendingBytes = 0
    }
  }

  /** A stream the peer opened to us (already admitted): read it, and open ours back. */
  inbound(stream: Stream, key: string, peerId: PeerId, connectionOpen: boolean): void {
    stream.maxReadBufferLength = this.o.maxMessageBytes + 1024
    this.readMessages(stream, key, peerId)
    if (connectionOpen) {
      const l = this.liveOf(key, peerId)
      l.ready = true
      this.openWriter(l)
    }
  }

  clear(): void {
    this.handlers.clear()
    this.live.clear()
  }

  private deliver(from: string, topic: Topic, data: Uint8Array): void {
    for (const h of this.handlers) {
      try {
        h(from, topic, data)
      } catch (e) {
        this.o.log(`p2p: a message handler failed: ${errorOf(e).message}`)
      }
    }
  }

  /** read frames from a message stream (either direction) */
  private readMessages(stream: Stream, key: string, peerId: PeerId): void {
    const decoder = new FrameDecoder(this.o.maxMessageBytes + 1)
    const bucket = this.o.limits.of(key)
    const rate = this.o.limits.rate
    let dead = false
    stream.addEventListener('message', (evt) => {
      if (dead) return
      try {
        for (const frame of decoder.push(evt.data)) {
          if (!bucket.take()) throw new FrameError(`more than ${rate.messagesPerSecond} messages per second (burst ${rate.burst})`)
          const topic = frame.length > 0 ? TOPICS[frame[0]!] : undefined
          if (topic === undefined) throw new FrameError(frame.length === 0 ? 'empty frame' : `unknown topic ${frame[0]}`)
          this.deliver(key, topic, frame.subarray(1))
        }
      } catch (e) {
        dead = true
        stream.abort(errorOf(e))
        this.o.misbehaved(key, peerId, errorOf(e).message)
      }
    })
  }

  private openWriter(l: Live): void {
    if (l.opening || l.writer || !this.o.isRunning()) return
    const conn = this.node.getConnections(l.peerId).find((c) => c.status === 'open')
    if (!conn) return
    l.opening = true
    conn
      .newStream(MSG_PROTOCOL, { signal: AbortSignal.timeout(OPEN_STREAM_TIMEOUT_MS) })
      .then((stream) => {
        l.opening = false
        if (!this.o.isRunning() || this.live.get(l.key) !== l) {
          stream.abort(new Error('peer gone'))
          return
        }
        l.writer = stream
        l.ready = true
        stream.maxReadBufferLength = this.o.maxMessageBytes + 1024
        this.readMessages(stream, l.key, l.peerId)
        stream.addEventListener('close', () => {
          if (l.writer !== stream) return
          l.writer = null
          // the connection it ran on closed, or the peer reset it: open another while the peer is connected
          if (this.o.isRunning() && this.live.get(l.key) === l) setTimeout(() => this.openWriter(l), 50)
        })
        const frames = l.pending
        l.pending = []
        l.pendingBytes = 0
        for (const f of frames) this.send(l, f)
      })
      .catch(() => {
        l.opening = false
        if (this.o.isRunning() && this.live.get(l.key) === l) setTimeout(() => this.openWriter(l), 500)
      })
  }

  private send(l: Live, frame: Uint8Array): void {
    if (!l.writer) {
      if (l.pendingBytes + frame.length <= this.o.maxWriteBuffer) {
        l.pending.push(frame)
        l.pendingBytes += frame.length
      }
      this.openWriter(l)
      return
    }
    // a peer that does not read: drop rather than buffer without bound (consensus messages are re-broadcast)
    if (l.writer.writeBufferLength > this.o.maxWriteBuffer) return
    try {
      l.writer.send(frame)
    } catch {
      // the stream is closing; the 'close' listener opens another
    }
  }

  private liveOf(key: string, peerId: PeerId): Live {
    let l = this.live.get(key)
    if (!l) {
      l = { key, peerId, writer: null, opening: false, ready: false, since: Date.now(), pending: [], pendingBytes: 0 }
      this.live.set(key, l)
    }
    return l
  }
}
