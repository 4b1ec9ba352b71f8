/**
 * Every stable error code answers a 4xx (503 when the node is overloaded or not serving); only INTERNAL is a 500.
 * The walk goes over the codes as published in src/shared/errors.ts, so a new code is covered the day it is added.
 */
import { createServer, request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { DaejangError, type ErrorCode, ErrorCodes } from '../../src/shared/errors'
import { httpStatus, sendError } from '../../src/server/http-util'
import { REGISTRIES } from '../../src/ledger/registries'

const TRANSIENT: ReadonlySet<ErrorCode> = new Set(['MEMPOOL_FULL', 'NODE_STOPPING', 'NODE_NOT_RUNNING', 'STATE_READS_BUSY'])
const codes = Object.keys(ErrorCodes) as ErrorCode[]

let thrown: ErrorCode = 'INTERNAL'
let thrownMessage = 'detail'
const server = createServer((_req, res) => sendError(res, new DaejangError(thrown, thrownMessage)))
let port = 0

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

function get(): Promise<{ status: number; retryAfter: string | undefined; body: { error: { code: string; message: string } } }> {
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

describe('an error code nobody declares', () => {
  it('answers INTERNAL (500) with its message scrubbed, and goes to the log with its code and message', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      thrown = 'MEMO_NOT_DECLARED_ANYWHERE'
      thrownMessage = 'cannot open /home/agency/.daejang/keys/admin.key'
      const r = await get()
      expect(r.status).toBe(500)
      expect(r.body.error.code).toBe('INTERNAL')
      expect(JSON.stringify(r.body)).not.toContain('/home/agency')
      expect(JSON.stringify(r.body)).not.toContain('MEMO_NOT_DECLARED_ANYWHERE')
      expect(log).toHaveBeenCalledTimes(1)
      const logged = log.mock.calls[0]!.map(String).join(' ')
      expect(logged).toContain('MEMO_NOT_DECLARED_ANYWHERE')
      expect(logged).toContain('/home/agency')
    } finally {
      log.mockRestore()
      thrownMessage = 'detail'
    }
  })

  it('a code a registry declares keeps its status and message', async () => {
    const reg = REGISTRIES.find((x) => Object.keys(x.errors).length > 0)!
    const code = Object.keys(reg.errors)[0] as ErrorCode
    thrown = code
    thrownMessage = 'a reason for people'
    try {
      const r = await get()
      expect(r.status).toBe(reg.errors[code]!.status)
      expect(r.body.error).toMatchObject({ code, message: 'a reason for people' })
    } finally {
      thrownMessage = 'detail'
    }
  })
})
