/** The CLI's client of a running node's API, found through the api.json its home holds. */
import { request } from 'node:http'
import { DaejangError, ERROR_CODE_PATTERN, type ErrorCode } from '../../shared/errors'
import type { Home } from '../../ledger/node/home'

/**
 * One request with node:http rather than fetch: Node 20 loads fetch's implementation (undici) on first use, which
 * costs a CLI command more than all of its own code (bench/cli-startup.ts). No keep-alive, so the command exits.
 */
/** Bounds on an answer, for a node that is not trusted to end it (a light workstation's full node). */
export interface AnswerLimits {
  maxBytes: number
  timeoutMs: number
}

/** An answer cut at its bounds (too large, or too slow). */
class AnswerBoundError extends Error {}

function httpRequest(
  method: string,
  url: string,
  token: string,
  body: string | undefined,
  limits?: AnswerLimits,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${token}` }
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json'
      headers['Content-Length'] = String(Buffer.byteLength(body))
    }
    let timer: ReturnType<typeof setTimeout> | undefined
    const fail = (e: Error): void => {
      clearTimeout(timer)
      req.destroy()
      reject(e)
    }
    const req = request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      res.on('data', (c: Buffer) => {
        size += c.length
        if (limits && size > limits.maxBytes) return fail(new AnswerBoundError(`the answer is larger than ${limits.maxBytes} bytes`))
        chunks.push(c)
      })
      res.on('end', () => {
        clearTimeout(timer)
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') })
      })
      res.on('error', (e) => fail(e))
    })
    if (limits) timer = setTimeout(() => fail(new AnswerBoundError(`no whole answer within ${limits.timeoutMs} ms`)), limits.timeoutMs)
    req.on('error', (e) => fail(e))
    req.end(body)
  })
}

export class ApiClient {
  /**
   * With `limits`, an answer over `maxBytes` or not whole within `timeoutMs`, or not JSON, is refused with
   * `badAnswer` (a node that is not trusted); without, the node is the user's own.
   */
  constructor(
    readonly url: string,
    private readonly token: string,
    private readonly limits?: AnswerLimits & { badAnswer: ErrorCode },
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
      res = await httpRequest(
        method,
        this.url + path,
        this.token,
        body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        this.limits,
      )
    } catch (e) {
      if (e instanceof AnswerBoundError && this.limits) throw new DaejangError(this.limits.badAnswer, `the node at ${this.url}: ${e.message}`)
      throw new DaejangError('NODE_NOT_RUNNING', `the node at ${this.url} does not answer`)
    }
    const ok = res.status >= 200 && res.status < 300
    let data: unknown
    try {
      data = JSON.parse(res.text)
    } catch {
      throw new DaejangError(this.limits?.badAnswer ?? 'INTERNAL', `the node answered ${res.status} with something that is not JSON`)
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
