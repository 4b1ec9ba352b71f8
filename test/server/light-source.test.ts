/**
 * A light workstation's source is a full node it does not trust (docs/adr/0029): an answer that never ends, never
 * comes, is far too large, is not JSON or does not decode is refused with LIGHT_BAD_ANSWER — in bounded memory and
 * time, and without taking the process down.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { HttpLightSource } from '../../src/server/light-source'
import { codeOf } from '../ledger/helpers'

const servers: Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise<void>((r) => s.close(() => r()))
  }
})

async function hostile(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const s = createServer(handler)
  servers.push(s)
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`
}

const small = { maxBytes: 64 * 1024, timeoutMs: 300 }

describe('a hostile full node answering a light workstation', () => {
  it('an answer that never ends is cut at the size bound', async () => {
    const url = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      const chunk = Buffer.alloc(16 * 1024, 0x20)
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump)
      }
      res.write('{"head":1,"items":[')
      pump()
    })
    expect(await codeOf(() => new HttpLightSource(url, 't', small).headers(1, 10))).toBe('LIGHT_BAD_ANSWER')
  })

  it('an answer that never comes is given up after the time bound', async () => {
    const url = await hostile(() => {
      /* never answers */
    })
    expect(await codeOf(() => new HttpLightSource(url, 't', small).headers(1, 10))).toBe('LIGHT_BAD_ANSWER')
  })

  it('an answer that is not JSON, or not of the expected form, or does not decode, is refused with the same code', async () => {
    const bodies = [
      'not json',
      JSON.stringify({ head: 'x' }),
      JSON.stringify({ head: 1, items: [{ height: 1, header: 'AAAA', commit: 'AAAA' }] }),
      JSON.stringify({ format: 'daejang-state-proof/1', proof: 'nonsense' }),
    ]
    let i = 0
    const url = await hostile((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(bodies[Math.min(i++, bodies.length - 1)])
    })
    const src = new HttpLightSource(url, 't', small)
    expect(await codeOf(() => src.headers(1, 10))).toBe('LIGHT_BAD_ANSWER')
    expect(await codeOf(() => src.headers(1, 10))).toBe('LIGHT_BAD_ANSWER')
    expect(await codeOf(() => src.headers(1, 10))).toBe('LIGHT_BAD_ANSWER')
    expect(await codeOf(() => src.stateProof('k', 1))).toBe('PROOF_INVALID')
  })

  it('the default bounds are finite', () => {
    const src = new HttpLightSource('http://127.0.0.1:1', 't')
    expect(src.limits.maxBytes).toBeGreaterThan(1 << 20)
    expect(Number.isFinite(src.limits.maxBytes)).toBe(true)
    expect(Number.isFinite(src.limits.timeoutMs)).toBe(true)
  })
})
