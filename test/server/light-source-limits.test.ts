/**
 * A light workstation's full node is not trusted (docs/adr/0029): an answer far larger than any honest one is refused
 * instead of being read whole into memory.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { HttpLightSource } from '../../src/server/light-source'

const servers: Array<{ close(): void }> = []
afterEach(() => {
  for (const s of servers.splice(0)) s.close()
})

it('refuses an oversized answer from the full node', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    // a valid answer padded far past any honest one
    res.end(JSON.stringify({ head: 0, items: [], pad: 'x'.repeat(2 << 20) }))
  })
  servers.push(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const src = new HttpLightSource(url, 'token', { maxResponseBytes: 1 << 20 })
  await expect(src.headers(1, 10)).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
  // within the limit, the same answer is read
  const roomy = new HttpLightSource(url, 'token', { maxResponseBytes: 4 << 20 })
  await expect(roomy.headers(1, 10)).resolves.toEqual({ head: 0, items: [] })
})
