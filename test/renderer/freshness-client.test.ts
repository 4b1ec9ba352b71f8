/**
 * The API client tells the freshness store the height each screen read was answered at (issue 15 item 6): a GET
 * through `request` reports the node's X-Daejang-Height and block time; the frame's own status and recent-blocks
 * polls, a POST, an answer without the header or with a hostile one, and a refusal report nothing.
 */
import { describe, expect, it } from 'vitest'
import { type FetchLike, createApiClient } from '../../src/renderer/api/client'

function fakeFetch(headers: Record<string, string>, status = 200, body: unknown = { ok: true }): FetchLike {
  return async () => ({
    ok: status < 400,
    status,
    headers: { get: (name: string) => headers[name] ?? null },
    json: async () => body,
  })
}

function client(fetch: FetchLike) {
  const reads: Array<[string, number, number]> = []
  const c = createApiClient({ url: 'http://127.0.0.1:1', token: 't' }, { fetch, onRead: (path) => (h, time) => reads.push([path, h, time]) })
  return { c, reads }
}

describe('the reads the client reports', () => {
  it('reports a screen\'s GET with the height and block time it was read at', async () => {
    const { c, reads } = client(fakeFetch({ 'X-Daejang-Height': '42', 'X-Daejang-Block-Time': '1700000000000' }))
    await c.request('GET', '/land/registers/1')
    expect(reads).toEqual([['/land/registers/1', 42, 1_700_000_000_000]])
    await c.request('POST', '/txs', { a: 1 })
    expect(reads).toHaveLength(1)
  })

  it('reports nothing for an answer without a readable height, nor for a refusal', async () => {
    for (const h of [{} as Record<string, string>, { 'X-Daejang-Height': 'abc' }, { 'X-Daejang-Height': '-1' }, { 'X-Daejang-Height': '1e400' }, { 'X-Daejang-Height': '9007199254740993' }]) {
      const { c, reads } = client(fakeFetch(h))
      await c.request('GET', '/x')
      expect(reads, JSON.stringify(h)).toEqual([])
    }
    const { c, reads } = client(fakeFetch({ 'X-Daejang-Height': '42' }, 404, { error: { code: 'NOT_FOUND', message: 'no' } }))
    await expect(c.request('GET', '/x')).rejects.toThrow()
    expect(reads).toEqual([])
  })

  it('keeps a height whose block time is unreadable, with time 0', async () => {
    const { c, reads } = client(fakeFetch({ 'X-Daejang-Height': '7', 'X-Daejang-Block-Time': 'soon' }))
    await c.request('GET', '/x')
    expect(reads).toEqual([['/x', 7, 0]])
  })
})
