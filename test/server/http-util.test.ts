/**
 * Every stable error code answers a 4xx (503 when the node is overloaded or not serving); only INTERNAL is a 500.
 * The walk goes over the codes as published in src/shared/errors.ts, so a new code is covered the day it is added.
 */
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DaejangError, type ErrorCode, ErrorCodes } from '../../src/shared/errors'
import { httpStatus, sendError } from '../../src/server/http-util'

const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['MEMPOOL_FULL', 'NODE_STOPPING', 'NODE_NOT_RUNNING'])
const codes = Object.keys(ErrorCodes) as ErrorCode[]

let thrown: ErrorCode = 'INTERNAL'
const server = createServer((_req, res) => sendError(res, new DaejangError(thrown, 'detail')))
let port = 0

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

function get(): Promise<{ status: number; retryAfter: string | undefined; body: { error: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let data = ''
      res.on('data', (d) => (data += d))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(data) }),
      )
    })
    req.on('error', reject)
    req.end()
  })
}

describe('HTTP status of every error code', () => {
  it('knows more than a handful of codes (the walk below is not empty)', () => {
    expect(codes.length).toBeGreaterThan(30)
  })

  for (const code of codes) {
    it(`${code} answers ${code === 'INTERNAL' ? '500' : TRANSIENT.has(code) ? '503 with Retry-After' : 'a 4xx'}`, async () => {
      thrown = code
      const r = await get()
      expect(r.status).toBe(httpStatus(code))
      expect(r.body.error.code).toBe(code)
      if (code === 'INTERNAL') expect(r.status).toBe(500)
      else if (TRANSIENT.has(code)) {
        expect(r.status).toBe(503)
        expect(Number(r.retryAfter)).toBeGreaterThan(0)
      } else {
        expect(r.status).toBeGreaterThanOrEqual(400)
        expect(r.status).toBeLessThan(500)
        expect(r.retryAfter).toBeUndefined()
      }
    })
  }
})
