/**
 * The ballot box's rate limits (docs/adr/0057): a token bucket per key that refills at its rate; memory bounded
 * however many addresses an attacker has (past the bound, new keys share one overflow bucket; an idle key is
 * forgotten first); an IPv6 client limited by its /64, and its /48 as a whole; X-Forwarded-For believed only from a
 * trusted proxy.
 */
import { describe, expect, it } from 'vitest'
import { connect } from 'node:net'
import { OVERFLOW_KEY, TokenBuckets, clientAddress, clientKey, networkKey, trustedProxySet } from '../../src/server/ballot-box-limits'
import { parseListen, startBallotBox } from '../../src/server/ballot-box'
import type { LedgerNode } from '../../src/ledger/node/node'

describe('ballot box rate limits', () => {
  it('spends a burst, then refills at the rate', () => {
    let t = 0
    const b = new TokenBuckets({ burst: 3, perMinute: 60 }, 10, () => t)
    expect([1, 2, 3, 4].map(() => b.take('a').ok)).toEqual([true, true, true, false])
    expect(b.take('a').retryAfterMs).toBe(1000)
    expect(b.take('b').ok).toBe(true)
    t += 1000
    expect([b.take('a').ok, b.take('a').ok]).toEqual([true, false])
  })

  it('peeks without spending or making room', () => {
    const b = new TokenBuckets({ burst: 1, perMinute: 1 }, 10, () => 0)
    expect(b.peek('a').ok).toBe(true)
    expect(b.size).toBe(0)
    b.take('a')
    expect(b.peek('a')).toEqual({ ok: false, retryAfterMs: 60_000 })
  })

  it('keeps bounded memory under a flood of addresses: new ones share the overflow bucket', () => {
    let t = 0
    const b = new TokenBuckets({ burst: 2, perMinute: 1 }, 100, () => t)
    for (let i = 0; i < 100; i++) b.take(`10.0.0.${i}`)
    let allowed = 0
    for (let i = 0; i < 100_000; i++) if (b.take(`attacker-${i}`).ok) allowed++
    expect(b.size).toBeLessThanOrEqual(101)
    // the flood shares one bucket: its burst, not one per address
    expect(allowed).toBe(2)
    // a known client keeps its own bucket
    expect(b.take('10.0.0.99').ok).toBe(true)
    // once the known clients are idle (refilled), new addresses get buckets of their own again
    t += 10 * 60_000
    expect(b.take('new-client').ok).toBe(true)
    expect(b.take('another-new-client').ok).toBe(true)
    expect(b.size).toBeLessThanOrEqual(101)
    expect(OVERFLOW_KEY).not.toMatch(/^[0-9a-f.:]+$/)
  })

  it('limits IPv6 by its /64, and IPv4-mapped addresses as IPv4', () => {
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64')
    expect(clientKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64')
    expect(clientKey('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7')
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7')
  })

  it('believes X-Forwarded-For only from a trusted proxy, and only its rightmost untrusted hop', () => {
    const trusted = new Set(['10.0.0.1'])
    expect(clientAddress('203.0.113.9', '198.51.100.1', trusted)).toBe('203.0.113.9')
    expect(clientAddress('10.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1')
    // a client that writes its own X-Forwarded-For cannot choose its address: the proxy appends the real one
    expect(clientAddress('10.0.0.1', '1.2.3.4, 198.51.100.1', trusted)).toBe('198.51.100.1')
    expect(clientAddress('::ffff:10.0.0.1', 'not-an-address, 198.51.100.2', trusted)).toBe('198.51.100.2')
    expect(clientAddress('10.0.0.1', undefined, trusted)).toBe('10.0.0.1')
  })

  it('reads HOST:PORT, refusing anything else', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 })
    expect(parseListen('[::1]:0')).toEqual({ host: '::1', port: 0 })
    expect(() => parseListen('8080')).toThrow(/HOST:PORT/)
    expect(() => parseListen('127.0.0.1:70000')).toThrow(/HOST:PORT/)
  })

  it('knows a trusted proxy however its address is written', () => {
    const trusted = trustedProxySet(['::FFFF:10.0.0.1', ' 2001:DB8::1 ', 'not-an-address'])
    expect([...trusted].sort()).toEqual(['10.0.0.1', '2001:db8::1'])
    expect(clientAddress('::ffff:10.0.0.1', '198.51.100.1', trusted)).toBe('198.51.100.1')
    expect(clientAddress('2001:db8::1', '198.51.100.3', trusted)).toBe('198.51.100.3')
  })

  it('does not cap a trusted proxy that reaches a dual-stack listener as ::ffff:a.b.c.d at one address\'s connections', async () => {
    // nothing of the node is read until a request arrives: connections alone need none of it
    const node = { store: {}, genesis: { chainId: 'test' } } as unknown as LedgerNode
    let box
    try {
      box = await startBallotBox({ node, host: '::', port: 0, pageFile: null, trustedProxies: ['127.0.0.1'], limits: { maxConnectionsPerAddress: 2 } })
    } catch {
      return // no IPv6 on this machine: nothing to check
    }
    const port = box.port
    const sockets = await Promise.all(
      [0, 1, 2, 3, 4].map(
        () =>
          new Promise<import('node:net').Socket>((resolveConnect, rejectConnect) => {
            const s = connect({ host: '127.0.0.1', port }, () => resolveConnect(s))
            s.once('error', rejectConnect)
          }),
      ),
    )
    try {
      // a capped connection is destroyed by the server at once: ask each socket for an answer
      const answers = await Promise.all(
        sockets.map(
          (s) =>
            new Promise<string>((resolveAnswer) => {
              let got = ''
              s.on('data', (d: Buffer) => {
                got += d.toString()
                if (got.includes('\r\n\r\n')) resolveAnswer(got.split('\r\n')[0]!)
              })
              s.once('close', () => resolveAnswer(got === '' ? 'closed' : got.split('\r\n')[0]!))
              s.write('OPTIONS /ballot HTTP/1.1\r\nHost: x\r\n\r\n')
            }),
        ),
      )
      expect(answers).toEqual(Array(5).fill('HTTP/1.1 204 No Content'))
    } finally {
      for (const s of sockets) s.destroy()
      await box.close()
    }
  })

  it('keeps a voter\'s connection open while ?wait=commit waits longer than the idle timeout', async () => {
    // a slow chain: the ballot commits after three idle timeouts (the fake node stands for it; nothing else is read)
    const idleMs = 200
    const node = {
      store: {},
      genesis: { chainId: 'test' },
      submitBytes: async () => ({ hashHex: 'ab'.repeat(32) }),
      waitForTx: () => new Promise((r) => setTimeout(() => r({ status: 'committed', height: 7 }), 3 * idleMs)),
    } as unknown as LedgerNode
    const box = await startBallotBox({ node, host: '127.0.0.1', port: 0, pageFile: null, limits: { idleMs, commitWaitMs: 10_000 } })
    try {
      const ballot = JSON.stringify({ election_uuid: 'a'.repeat(14), credential: 'c'.repeat(64) })
      const r = await fetch(`${box.url}/ballot?wait=commit`, { method: 'POST', body: ballot })
      expect(r.status).toBe(200)
      expect(await r.json()).toMatchObject({ status: 'committed', height: 7 })
    } finally {
      await box.close()
    }
  })

  it('answers a malformed percent-escape in a tracker as a refusal, not an internal error', async () => {
    const node = { store: {}, genesis: { chainId: 'test' } } as unknown as LedgerNode
    const box = await startBallotBox({ node, host: '127.0.0.1', port: 0, pageFile: null })
    try {
      const r = await fetch(`${box.url}/elections/${'a'.repeat(14)}/trackers/%E0%A4%A`)
      expect(r.status).toBe(400)
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('SCHEMA_INVALID')
    } finally {
      await box.close()
    }
  })

  it('keys an IPv6 client\'s /48 as its network, and no IPv4 one', () => {
    expect(networkKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1::/48')
    expect(networkKey('2001:db8:1:ffff::9')).toBe('2001:db8:1::/48')
    expect(networkKey('2001:0db8:0001::1')).toBe('2001:db8:1::/48')
    expect(networkKey('::ffff:10.0.0.1')).toBeNull()
    expect(networkKey('10.0.0.1')).toBeNull()
  })

  it('limits a /48 as a whole: many /64s of one network share its budget, another network is not touched', async () => {
    const node = { store: {}, genesis: { chainId: 'test' } } as unknown as LedgerNode
    const box = await startBallotBox({
      node,
      host: '127.0.0.1',
      port: 0,
      pageFile: null,
      trustedProxies: ['127.0.0.1'],
      limits: { perAddress: { burst: 100, perMinute: 100 }, perNetwork: { burst: 3, perMinute: 1 } },
    })
    try {
      const ask = async (client: string): Promise<number> =>
        (await fetch(`http://127.0.0.1:${box.port}/ballot`, { method: 'OPTIONS', headers: { 'X-Forwarded-For': client } })).status
      // four /64s of one /48: the fourth is over the network's budget
      expect(await Promise.all(['2001:db8:7:1::1', '2001:db8:7:2::1', '2001:db8:7:3::1'].map(ask))).toEqual([204, 204, 204])
      expect(await ask('2001:db8:7:4::1')).toBe(429)
      // another /48, and an IPv4 client: their own budgets
      expect(await ask('2001:db8:8:1::1')).toBe(204)
      expect(await ask('192.0.2.7')).toBe(204)
    } finally {
      await box.close()
    }
  })
})
