/**
 * The ballot box endpoint's rate limits (docs/adr/0057): token buckets per client address and per credential, in a
 * map of bounded size. An attacker with many addresses cannot grow it: when it is full, the least recently used
 * bucket is dropped only if it has refilled (its client idle long enough that forgetting it changes nothing); else
 * every new key shares one overflow bucket, so a flood of new addresses throttles itself, not the clients already
 * known.
 */

export interface BucketRate {
  /** tokens a key may spend at once */
  burst: number
  /** tokens regained per minute */
  perMinute: number
}

interface Bucket {
  tokens: number
  at: number
}

export const OVERFLOW_KEY = '\u0000overflow'

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>()

  constructor(
    private readonly rate: BucketRate,
    private readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(rate.burst >= 1 && rate.perMinute > 0 && maxKeys >= 1)) throw new RangeError('a bucket needs burst ≥ 1, a positive rate and room for one key')
  }

  get size(): number {
    return this.buckets.size
  }

  private refill(b: Bucket, t: number): void {
    const gained = ((t - b.at) * this.rate.perMinute) / 60_000
    b.tokens = Math.min(this.rate.burst, b.tokens + Math.max(0, gained))
    b.at = t
  }

  /**
   * Spend one token of `key`: true when there was one. Otherwise false, with the milliseconds until the next token
   * in `retryAfterMs`.
   */
  take(key: string): { ok: boolean; retryAfterMs: number } {
    const t = this.now()
    let k = key
    let b = this.buckets.get(k)
    if (b === undefined) {
      if (this.buckets.size >= this.maxKeys) this.evictIdle(t)
      if (this.buckets.size >= this.maxKeys) {
        k = OVERFLOW_KEY
        b = this.buckets.get(k)
      }
    }
    if (b === undefined) {
      b = { tokens: this.rate.burst, at: t }
      // the overflow bucket may take one slot past the bound: the map holds at most maxKeys + 1 buckets
    }
    this.refill(b, t)
    // least recently used first: re-inserting moves the key to the end of the map's order
    this.buckets.delete(k)
    this.buckets.set(k, b)
    if (b.tokens >= 1) {
      b.tokens -= 1
      return { ok: true, retryAfterMs: 0 }
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) * 60_000) / this.rate.perMinute) }
  }

  /**
   * Whether `key` has a token now, without spending it (nor making room for the key): for a charge made only once
   * what it pays for has succeeded.
   */
  peek(key: string): { ok: boolean; retryAfterMs: number } {
    const b = this.buckets.get(key)
    if (b === undefined) return { ok: true, retryAfterMs: 0 }
    this.refill(b, this.now())
    return b.tokens >= 1 ? { ok: true, retryAfterMs: 0 } : { ok: false, retryAfterMs: Math.ceil(((1 - b.tokens) * 60_000) / this.rate.perMinute) }
  }

  /** Drop the least recently used bucket if it has refilled (forgetting it loses nothing). */
  private evictIdle(t: number): void {
    for (const [k, b] of this.buckets) {
      if (k === OVERFLOW_KEY) continue
      const full = b.tokens + ((t - b.at) * this.rate.perMinute) / 60_000 >= this.rate.burst
      if (full) this.buckets.delete(k)
      return
    }
  }
}

/**
 * The key a client is limited by: an IPv4 address as it is, an IPv6 address by its /64 (one customer's network: an
 * attacker holding a /64 has 2^64 addresses), IPv4-mapped IPv6 as IPv4.
 */
export function clientKey(address: string): string {
  const a = address.trim().toLowerCase()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a)
  if (mapped) return mapped[1]!
  if (!a.includes(':')) return a
  const [head, tail] = a.split('::') as [string, string | undefined]
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
  return groups
    .slice(0, 4)
    .map((g) => (g.replace(/^0+/, '') || '0'))
    .join(':') + '::/64'
}

/**
 * The network an IPv6 client's /64 belongs to, its /48 (what a site, or a free tunnel broker, hands out): limited as
 * a whole too, so that one holder of a /48 — 65,536 /64s — cannot take every connection or every rate-limit slot.
 * null for IPv4 (carrier NAT puts many voters behind one /24: no wider key there).
 */
export function networkKey(address: string): string | null {
  const k = clientKey(address)
  if (!k.endsWith('::/64')) return null
  return `${k.slice(0, -'::/64'.length).split(':').slice(0, 3).join(':')}::/48`
}

/**
 * The client's address: the socket's peer, or — only when that peer is a configured trusted proxy — the rightmost
 * address of X-Forwarded-For that is not itself a trusted proxy (what the nearest untrusted hop said it was).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: ReadonlySet<string>): string {
  const p = normalizeAddress(peer ?? '')
  if (!trusted.has(p) || forwardedFor === undefined) return p
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => normalizeAddress(s.trim()))
    .filter((s) => s !== '')
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!
  return hops[0] ?? p
}

/**
 * The trusted proxies as addresses are compared here (normalizeAddress): a proxy configured as `::FFFF:10.0.0.1` or
 * in upper case, or reaching a dual-stack listener as `::ffff:127.0.0.1`, is the same proxy.
 */
export function trustedProxySet(list: readonly string[]): Set<string> {
  return new Set(list.map((s) => normalizeAddress(s.trim())).filter((s) => s !== ''))
}

/** An address as the socket writes it: IPv4-mapped IPv6 as IPv4, lower case; anything not an address becomes ''. */
export function normalizeAddress(s: string): string {
  const a = s.toLowerCase()
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a)
  if (v4) return v4[1]!
  return /^[0-9a-f:]{2,39}$/.test(a) && a.includes(':') ? a : ''
}
