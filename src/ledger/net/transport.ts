/**
 * What the node needs from a network: broadcast to the consortium's peers, receive, and ask one peer for something
 * (block sync). Peers are named by their node key (hex). The libp2p transport implements this for real processes;
 * LocalNetwork implements it in memory for tests of several nodes in one process.
 */
export type Topic = 'tx' | 'consensus'

export interface Transport {
  /** this node's key, hex */
  readonly self: string
  broadcast(topic: Topic, data: Uint8Array): void
  onMessage(handler: (from: string, topic: Topic, data: Uint8Array) => void): () => void
  /** ask one peer; rejects when it does not answer */
  request(peer: string, data: Uint8Array): Promise<Uint8Array>
  onRequest(handler: (from: string, data: Uint8Array) => Promise<Uint8Array>): void
  peers(): string[]
  /**
   * A peer sent something provably bad (a block sync answer that does not verify): the transport may drop it and
   * refuse it for a while (libp2p: its ban). Optional: a transport without a ban path leaves it out.
   */
  misbehaved?(peer: string, reason: string): void
  close(): void
}

interface Member {
  up: boolean
  handlers: Set<(from: string, topic: Topic, data: Uint8Array) => void>
  requestHandler: ((from: string, data: Uint8Array) => Promise<Uint8Array>) | null
}

/**
 * An in-memory network: every message is delivered asynchronously (never inside the sender's call), to every
 * member that is up and not cut off from the sender. For tests: take members down, partition them, heal.
 */
export class LocalNetwork {
  private readonly members = new Map<string, Member>()
  private readonly cut = new Set<string>()
  /** every `misbehaved` call, in order: tests check which peer a node reported (nothing is dropped here) */
  readonly misbehaviours: Array<{ by: string; peer: string; reason: string }> = []

  join(self: string): Transport {
    const m: Member = { up: true, handlers: new Set(), requestHandler: null }
    this.members.set(self, m)
    const reachable = (a: string, b: string): boolean =>
      a !== b && (this.members.get(b)?.up ?? false) && !this.cut.has(`${a}|${b}`)
    return {
      self,
      broadcast: (topic, data) => {
        if (!m.up) return
        for (const [peer, other] of this.members) {
          if (!reachable(self, peer)) continue
          const copy = data.slice()
          setImmediate(() => {
            if (!other.up || this.cut.has(`${self}|${peer}`)) return
            for (const h of other.handlers) h(self, topic, copy)
          })
        }
      },
      onMessage: (h) => {
        m.handlers.add(h)
        return () => m.handlers.delete(h)
      },
      request: async (peer, data) => {
        const other = this.members.get(peer)
        if (!m.up || !other || !reachable(self, peer) || !other.requestHandler) throw new Error(`peer ${peer} does not answer`)
        await new Promise((r) => setImmediate(r))
        return other.requestHandler(self, data.slice())
      },
      onRequest: (h) => {
        m.requestHandler = h
      },
      peers: () => [...this.members.keys()].filter((p) => reachable(self, p)),
      misbehaved: (peer, reason) => {
        this.misbehaviours.push({ by: self, peer, reason })
      },
      close: () => {
        m.up = false
        m.handlers.clear()
        m.requestHandler = null
        this.members.delete(self)
      },
    }
  }

  /** Cut (or restore) the links between two groups, both ways. */
  partition(a: string[], b: string[], cut = true): void {
    for (const x of a) {
      for (const y of b) {
        for (const k of [`${x}|${y}`, `${y}|${x}`]) {
          if (cut) this.cut.add(k)
          else this.cut.delete(k)
        }
      }
    }
  }

  heal(): void {
    this.cut.clear()
  }
}
