/**
 * The node's local API: HTTP and WebSocket on 127.0.0.1 only. Every /api request but health and the OpenAPI
 * description needs the session token; every request must name this node in its Host header (against DNS
 * rebinding) and, when it carries an Origin, come from an allowed origin. Bodies are size-capped and parsed by the
 * route's schema. It also serves the UI's static files when given their folder.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import type { z } from 'zod'
import { DaejangError } from '../shared/errors'
import type { LedgerNode } from '../ledger/node/node'
import type { Home } from '../ledger/node/home'
import { SECURITY_HEADERS, readJsonBody, sendError, sendJson } from './http-util'
import { openApiDocument } from './openapi'
import { LoginCodes } from './login-codes'
import { matchRoute, routeTable } from './routes'
import type { Registry } from '../ledger/registries/types'
import { REGISTRIES } from '../ledger/registries'
import { registryHost } from './registry-host'

export interface ApiServerOptions {
  node: LedgerNode
  home?: Home
  port?: number
  token?: string
  /** folder of the built UI (out/renderer) to serve at / */
  uiDir?: string | null
  /** extra origins allowed to call the API (e.g. an Electron renderer); the node's own origin always is */
  allowedOrigins?: string[]
  /** the registries whose routes and error codes it serves (default: this build's, registries/index.ts) */
  registries?: readonly Registry[]
  /**
   * an HTTP server already listening (the first-run setup's, docs/adr/0063): taken over (its request and upgrade
   * handlers replaced) instead of listening anew, so the page that made the choice keeps its address and token
   */
  server?: Server
  /** the one-time sign-in codes already handed out (the setup's), still redeemable here */
  login?: LoginCodes
}

export interface ApiServer {
  url: string
  port: number
  token: string
  /** the address that opens the UI, with a fresh one-time sign-in code */
  uiLink(): string
  close(): Promise<void>
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
}

const UI_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self' ws://127.0.0.1:* ws://localhost:*; object-src 'none'; frame-src blob:; " +
  "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"

/** The height and block time an answer is read at; exposed to an allowed foreign origin (the desktop app's page). */
function freshnessHeaders(head: { height: number; time: number }, cors: Record<string, string>): Record<string, string> {
  return {
    'X-Daejang-Height': String(head.height),
    'X-Daejang-Block-Time': String(head.time),
    ...(cors['Access-Control-Allow-Origin'] !== undefined && { 'Access-Control-Expose-Headers': 'X-Daejang-Height, X-Daejang-Block-Time' }),
  }
}

function parseQuery(sp: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of sp) out[k] = v
  return out
}

function schemaError(what: string, e: z.ZodError): DaejangError {
  const i = e.issues[0]
  const where = i && i.path.length ? i.path.join('.') + ': ' : ''
  return new DaejangError('SCHEMA_INVALID', `${what} ${where}${i?.message ?? 'invalid'}`)
}

/**
 * Host and Origin checks shared by HTTP and WebSocket (and the first-run setup's server): the Host must name this
 * node, an Origin must be the node's own or an allowed one. Returns CORS headers for an allowed foreign origin.
 */
export function checkCallerOf(req: IncomingMessage, port: number, extraOrigins: readonly string[] = []): Record<string, string> {
  if (!new Set([`127.0.0.1:${port}`, `localhost:${port}`]).has(req.headers.host ?? '')) throw new DaejangError('FORBIDDEN_HOST')
  const origin = req.headers.origin
  if (origin === undefined) return {}
  if (!new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`, ...extraOrigins]).has(origin)) {
    throw new DaejangError('FORBIDDEN_ORIGIN', `origin ${origin} is not allowed`)
  }
  return extraOrigins.includes(origin)
    ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin', 'Access-Control-Allow-Headers': 'Authorization, Content-Type' }
    : {}
}

/** Serves a file of the built UI (index.html for any path that names none), or says that this node serves none. */
export function serveUiFile(res: ServerResponse, uiDir: string | null | undefined, pathname: string): void {
  const root = uiDir ? resolve(uiDir) : null
  if (!root || !existsSync(join(root, 'index.html'))) {
    sendJson(res, 404, {
      error: { code: 'NOT_FOUND', message: 'this node serves no UI (build it with `npm run build`)' },
    })
    return
  }
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    sendError(res, new DaejangError('NOT_FOUND'))
    return
  }
  let file = normalize(join(root, decoded))
  if (!file.startsWith(root + sep) && file !== root) {
    sendError(res, new DaejangError('NOT_FOUND'))
    return
  }
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html')
  const body = readFileSync(file)
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': UI_CSP,
    'Content-Length': body.length,
  })
  res.end(body)
}

export async function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const token = o.token ?? randomBytes(32).toString('hex')
  const login = o.login ?? new LoginCodes()
  const tokenBuf = Buffer.from(token)
  const node = o.node
  let port = 0
  const sockets = new Set<WebSocket>()
  const routes = o.registries ? routeTable(o.registries) : undefined
  const openApi = (): Record<string, unknown> => (o.registries ? openApiDocument(o.registries) : openApiDocument())

  const tokenOk = (presented: string | undefined | null): boolean => {
    if (!presented) return false
    const b = Buffer.from(presented)
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf)
  }

  const checkCaller = (req: IncomingMessage): Record<string, string> => checkCallerOf(req, port, o.allowedOrigins)
  const serveUi = (res: ServerResponse, pathname: string): void => serveUiFile(res, o.uiDir, pathname)

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let cors: Record<string, string> = {}
    try {
      cors = checkCaller(req)
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const method = req.method ?? 'GET'
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST' })
        res.end()
        return
      }
      if (!url.pathname.startsWith('/api/')) {
        if (method !== 'GET' && method !== 'HEAD') throw new DaejangError('METHOD_NOT_ALLOWED')
        serveUi(res, url.pathname)
        return
      }
      if (url.pathname === '/api/v1/openapi.json' && method === 'GET') {
        sendJson(res, 200, openApi(), cors)
        return
      }
      const m = matchRoute(method, url.pathname, routes)
      if (m === 'method') throw new DaejangError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`)
      if (!m) throw new DaejangError('NOT_FOUND', `no API route ${url.pathname}`)
      const { route } = m
      if (!route.public) {
        const auth = req.headers.authorization ?? ''
        if (!auth.startsWith('Bearer ') || !tokenOk(auth.slice(7))) throw new DaejangError('UNAUTHENTICATED')
      }
      let params: Record<string, string> = m.params
      if (route.params) {
        const r = route.params.safeParse(m.params)
        if (!r.success) throw schemaError('path', r.error)
        params = r.data as Record<string, string>
      }
      let query: Record<string, unknown> = {}
      if (route.query) {
        const r = route.query.safeParse(parseQuery(url.searchParams))
        if (!r.success) throw schemaError('query', r.error)
        query = r.data as Record<string, unknown>
      }
      let body: unknown = undefined
      if (route.body) {
        const raw = await readJsonBody(req, route.maxBodyBytes)
        const r = route.body.safeParse(raw)
        if (!r.success) throw schemaError('body', r.error)
        body = r.data
      }
      // the head before the read: the answer is at least this fresh (the screens' freshness, issue 15 item 6)
      const head = node.chain.head()
      const out = await route.handler({ node, home: o.home ?? null, login, token, params, query, body })
      sendJson(res, out.status ?? 200, out.body, { ...cors, ...freshnessHeaders(head, cors) })
    } catch (e) {
      sendError(res, e, cors, o.registries)
    }
  }

  const server = o.server ?? createServer()
  server.removeAllListeners('request')
  server.removeAllListeners('upgrade')
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res)
  })
  // Keep idle connections open well past clients' own keep-alive (undici: 4 s), so a client never sends a request on
  // a socket the server is closing at that moment ("other side closed").
  server.keepAliveTimeout = 30_000
  server.headersTimeout = 35_000
  server.requestTimeout = 150_000

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  server.on('upgrade', (req, socket, head) => {
    const reject = (status: number, code: string): void => {
      socket.write(`HTTP/1.1 ${status} ${code}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      socket.destroy()
    }
    try {
      checkCaller(req)
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      if (url.pathname !== '/api/v1/events') return reject(404, 'Not Found')
      if (!tokenOk(url.searchParams.get('token'))) return reject(401, 'Unauthorized')
    } catch {
      return reject(403, 'Forbidden')
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      const off = node.onEvent((e) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(e))
      })
      ws.on('close', () => {
        off()
        sockets.delete(ws)
      })
      ws.on('message', () => ws.close(1008, 'this stream is one-way'))
      ws.on('error', () => ws.terminate())
      ws.send(JSON.stringify({ type: 'hello', status: node.status() }))
    })
  })

  if (!o.server) {
    await new Promise<void>((resolveListen, rejectListen) => {
      server.once('error', rejectListen)
      server.listen(o.port ?? 0, '127.0.0.1', () => resolveListen())
    })
  }
  port = (server.address() as AddressInfo).port
  // registries' node-local work beside the chain (indexes rebuilt from blocks), stopped with the server
  const stopLocal = (o.registries ?? REGISTRIES).map((r) => r.startLocal?.(registryHost(node, o.home ?? null)))

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    token,
    uiLink: () => `http://127.0.0.1:${port}/#code=${login.issue()}`,
    close: async () => {
      for (const stop of stopLocal) stop?.()
      for (const ws of sockets) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
