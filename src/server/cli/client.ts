/** The CLI's client of a running node's API, found through the api.json its home holds. */
import { request } from 'node:http'
import { DaejangError, ERROR_CODE_PATTERN } from '../../shared/errors'
import type { Home } from '../../ledger/node/home'

/**
 * One request with node:http rather than fetch: Node 20 loads fetch's implementation (undici) on first use, which
 * costs a CLI command more than all of its own code (bench/cli-startup.ts). No keep-alive, so the command exits.
 */
function httpRequest(
  method: string,
  url: string,
  token: string,
  body: string | undefined,
  maxBytes: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        // an answer past the limit is not read on: whoever sends it is not followed into memory
        if (size > maxBytes) {
          req.destroy()
          reject(new DaejangError('PAYLOAD_TOO_LARGE', `the answer of ${url} is larger than ${maxBytes} bytes`))
          return
        }
        chunks.push(c)
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** the largest answer read by default: above any honest one (a range proof of a whole group, 100 headers) */
export const MAX_RESPONSE_BYTES = 256 << 20

export class ApiClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    /** the largest answer read (a node this client does not trust can send any amount) */
    private readonly maxResponseBytes: number = MAX_RESPONSE_BYTES,
  ) {}

  static forHome(home: Home): ApiClient {
    home.requireExists()
    const info = home.readApiInfo()
    if (!info) throw new DaejangError('NODE_NOT_RUNNING', `no node is running in ${home.dir} (start it with \`daejang start --home ${home.dir}\`)`)
    return new ApiClient(info.url, info.token)
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let res: { status: number; text: string }
    try {
      const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
      res = await httpRequest(method, this.url + path, this.token, text, this.maxResponseBytes)
    } catch (e) {
      if (e instanceof DaejangError) throw e
      throw new DaejangError('NODE_NOT_RUNNING', `the node at ${this.url} does not answer`)
    }
    const ok = res.status >= 200 && res.status < 300
    let data: unknown
    try {
      data = JSON.parse(res.text)
    } catch {
      throw new DaejangError('INTERNAL', `the node answered ${res.status} with something that is not JSON`)
    }
    if (!ok) {
      const e = (data as { error?: { code?: string; message?: string } }).error
      // a core code or a registry's (the node knows its registries; this CLI may be older or newer)
      const code = e?.code && ERROR_CODE_PATTERN.test(e.code) ? e.code : 'INTERNAL'
      throw new DaejangError(code, e?.message ?? `HTTP ${res.status}`)
    }
    return data as T
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path)
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body)
  }
}
