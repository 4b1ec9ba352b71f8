/** The CLI's client of a running node's API, found through the api.json its home holds. */
import { DaejangError, type ErrorCode, ErrorCodes } from '../../shared/errors'
import type { Home } from '../../ledger/node/home'

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
    let res: Response
    try {
      res = await fetch(this.url + path, {
        method,
        headers: { Authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      })
    } catch {
      throw new DaejangError('NODE_NOT_RUNNING', `the node at ${this.url} does not answer`)
    }
    const text = await res.text()
    let data: unknown
    try {
      data = JSON.parse(text)
    } catch {
      throw new DaejangError('INTERNAL', `the node answered ${res.status} with something that is not JSON`)
    }
    if (!res.ok) {
      const e = (data as { error?: { code?: string; message?: string } }).error
      const code = (e?.code && e.code in ErrorCodes ? e.code : 'INTERNAL') as ErrorCode
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
