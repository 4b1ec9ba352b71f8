/** The CLI's client of a running node's API, found through the api.json its home holds. */
import { request } from 'node:http'
import { DaejangError, ERROR_CODE_PATTERN } from '../../shared/errors'
import type { Home } from '../../ledger/node/home'

/**
 * One request with node:http rather than fetch: Node 20 loads fetch's implementation (undici) on first use, which
 * costs a CLI command more than all of its own code (bench/cli-startup.ts). No keep-alive, so the command exits.
 */
function httpRequest(method: string, url: string, token: string, body: string | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

export class ApiClient {
  constructor(
    readonly url: string,
    private readonly token: string,
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
      res = await httpRequest(method, this.url + path, this.token, body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body))
    } catch {
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
