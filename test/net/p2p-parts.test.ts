/** The parts of the libp2p transport (src/ledger/net/p2p/), each on its own, without a network. */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Admission } from '../../src/ledger/net/p2p/admission'
import { PeerRateLimits, RequestSlots } from '../../src/ledger/net/p2p/limits'
import { keyOf, peerIdOfKey } from '../../src/ledger/net/p2p/peer-key'
import { Redialer } from '../../src/ledger/net/p2p/redial'
import { keyOf as nodeKey } from './helpers'

const key = (i: number): string => nodeKey(i)
const peer = (i: number): PeerId => peerIdOfKey(key(i))

afterEach(() => {
  vi.useRealTimers()
})

describe('peer keys', () => {
  it('names an Ed25519 peer id by its node key, both ways', () => {
    expect(keyOf(peer(7))).toBe(key(7))
    expect(() => peerIdOfKey('abc')).toThrow(/32-byte hex/)
  })
})

describe('admission', () => {
  const make = (allowed: (k: string) => boolean) => {
    const lines: string[] = []
    const a = new Admission({ self: key(1), allowed, banMs: 1_000, log: (l) => lines.push(l), isRunning: () => true })
    return { a, lines }
  }

  it('admits consortium keys only, never itself, and logs a refused key once', () => {
    const { a, lines } = make((k) => k !== key(9))
    expect(a.admit(peer(2))).toBe(true)
    expect(a.admit(peer(1))).toBe(false)
    expect(a.admit(peer(9))).toBe(false)
    expect(a.admit(peer(9))).toBe(false)
    expect(lines.filter((l) => l.includes(key(9).slice(0, 12)))).toHaveLength(1)
  })

  it('refuses a banned peer until its ban runs out, and bans an offence once', () => {
    vi.useFakeTimers()
    const { a, lines } = make(() => true)
    expect(a.ban(key(2))).toBe(true)
    expect(a.ban(key(2))).toBe(false)
    expect(a.admit(peer(2))).toBe(false)
    expect(a.gater().denyDialPeer!(peer(2))).toBe(true)
    expect(lines).toEqual([]) // a ban is logged by whoever bans, not as a refusal
    vi.advanceTimersByTime(1_001)
    expect(a.admit(peer(2))).toBe(true)
  })

  it('refuses a key when the admission rule throws', () => {
    const { a } = make(() => {
      throw new Error('no state')
    })
    expect(a.admit(peer(2))).toBe(false)
  })
})

describe('limits', () => {
  it('keeps one bucket per peer until the peer is forgotten', () => {
    const l = new PeerRateLimits({ messagesPerSecond: 1, burst: 2 })
    expect(l.of(key(2))).toBe(l.of(key(2)))
    expect(l.of(key(2))).not.toBe(l.of(key(3)))
    const before = l.of(key(2))
    l.forget(key(2))
    expect(l.of(key(2))).not.toBe(before)
  })

  it('lets a fixed number of requests run per peer; the next waits for a slot', async () => {
    const s = new RequestSlots(2)
    await s.acquire(key(2))
    await s.acquire(key(2))
    await s.acquire(key(3)) // another peer has its own slots
    let third = false
    const waiting = s.acquire(key(2)).then(() => {
      third = true
    })
    await Promise.resolve()
    expect(third).toBe(false)
    s.release(key(2))
    await waiting
    expect(third).toBe(true)
  })
})

describe('redial', () => {
  const fakeNode = (fails: boolean) => {
    const dials: string[] = []
    const node = {
      getConnections: () => [],
      dial: (addr: { toString(): string }) => {
        dials.push(addr.toString())
        return fails ? Promise.reject(new Error('refused')) : Promise.resolve({})
      },
    } as unknown as Pick<Libp2p, 'dial' | 'getConnections'>
    return { node, dials }
  }

  it('dials a configured peer, not itself, and again only after its backoff', async () => {
    vi.useFakeTimers()
    const r = new Redialer({ self: key(1), backoff: { minMs: 100, maxMs: 400 }, isBanned: () => false })
    r.addConfigured(key(1), '/ip4/127.0.0.1/tcp/1')
    r.addConfigured(key(2).toUpperCase(), '/ip4/127.0.0.1/tcp/2')
    r.addConfigured(key(2), '/ip4/127.0.0.1/tcp/2')
    expect(r.has(key(1))).toBe(false)
    const { node, dials } = fakeNode(true)
    r.tick(node)
    expect(dials).toHaveLength(1)
    expect(dials[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/2\/p2p\//)
    await vi.runAllTimersAsync() // the failed dial settles: the next try waits its backoff (75–125 % of 100 ms)
    r.tick(node)
    expect(dials).toHaveLength(1)
    vi.advanceTimersByTime(130)
    r.tick(node)
    expect(dials).toHaveLength(2)
  })

  it('dials at once a peer that was up for a while and then dropped', () => {
    vi.useFakeTimers()
    const r = new Redialer({ self: key(1), backoff: { minMs: 100, maxMs: 400 }, isBanned: () => false })
    r.addConfigured(key(2), '/ip4/127.0.0.1/tcp/2')
    r.disconnected(key(2), false)
    const { node, dials } = fakeNode(false)
    r.tick(node)
    expect(dials).toHaveLength(0) // a short-lived connection backs off
    r.disconnected(key(2), true)
    r.tick(node)
    expect(dials).toHaveLength(1)
  })

  it('does not dial a banned peer', () => {
    const r = new Redialer({ self: key(1), backoff: { minMs: 100, maxMs: 400 }, isBanned: () => true })
    r.addConfigured(key(2), '/ip4/127.0.0.1/tcp/2')
    const { node, dials } = fakeNode(false)
    r.tick(node)
    expect(dials).toEqual([])
  })

  it('refuses a malformed address when the peer is configured', () => {
    const r = new Redialer({ self: key(1), backoff: { minMs: 100, maxMs: 400 }, isBanned: () => false })
    expect(() => r.addConfigured(key(2), 'not an address')).toThrow()
  })
})
