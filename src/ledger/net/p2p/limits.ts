/**
 * Rate limits per peer: a token bucket on received messages (shared by all of a peer's streams and connections,
 * forgotten when it disconnects), and a cap on the sync requests in flight to one peer (more wait their turn).
 */
import { TokenBucket } from '../frames'

export class PeerRateLimits {
  private readonly buckets = new Map<string, TokenBucket>()

  constructor(readonly rate: { messagesPerSecond: number; burst: number }) {}

  of(key: string): TokenBucket {
    let b = this.buckets.get(key)
    if (!b) this.buckets.set(key, (b = new TokenBucket(this.rate.messagesPerSecond, this.rate.burst)))
    return b
  }

  forget(key: string): void {
    this.buckets.delete(key)
  }
}

export class RequestSlots {
  /** per peer: requests in flight, and the ones waiting for a slot */
  private readonly slots = new Map<string, { active: number; waiting: Array<() => void> }>()

  constructor(private readonly perPeer: number) {}

  async acquire(key: string): Promise<void> {
    let s = this.slots.get(key)
    if (!s) this.slots.set(key, (s = { active: 0, waiting: [] }))
    if (s.active >= this.perPeer) await new Promise<void>((r) => s.waiting.push(r))
    else s.active++
  }

  release(key: string): void {
    const s = this.slots.get(key)
    if (!s) return
    const next = s.waiting.shift()
    if (next) next() // the slot passes on
    else if (--s.active === 0) this.slots.delete(key)
  }
}
