/**
 * Setup mode of the app's node (docs/adr/0063). On an empty home, when the app's starter asks for it (`--setup`),
 * the node process serves the UI and a small token-protected setup API instead of a ledger:
 *   GET  /api/v1/health              (public)  { ok: true, setup: true }
 *   POST /api/v1/session             (public)  a one-time sign-in code for the token, as the node's own API
 *   POST /api/v1/session/code                  a fresh sign-in code (`daejang open`)
 *   GET  /api/v1/status                        SETUP_REQUIRED (409), with { phase } in its details: no ledger yet
 *   GET  /api/v1/setup                         the phase: choose | writing | starting | running | failed, and the result
 *   POST /api/v1/setup/check-genesis           a genesis file: its chain in words, or GENESIS_INVALID
 *   POST /api/v1/setup/check-request           an agency's admission request file: checked, or ADMISSION_MALFORMED (ADMISSION_BAD_SIGNATURE …)
 *   POST /api/v1/setup/{local|create|join|workstation}   the choice: the home is written, then the node started
 *   POST /api/v1/setup/{restore-begin|restore-chunk|restore}  the fifth choice: a backup uploaded, then restored (restore-upload.ts)
 * A choice is checked in full before anything is written (a refusal changes nothing and may be corrected); one
 * accepted, every other is SETUP_DONE. The node then runs in the same process and takes this server over — the same
 * address and token — so the page that made the choice goes on working without a restart.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync } from 'node:fs'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { z } from 'zod'
import { DaejangError, toDaejangError } from '../../shared/errors'
import { Home } from '../../ledger/node/home'
import { checkCallerOf, serveUiFile } from '../api-server'
import { readJsonBody, sendError, sendJson } from '../http-util'
import { LoginCodes } from '../login-codes'
import { type RunningNode, defaultUiDir, runNode } from '../run-node'
import { SetupRestore } from './restore-upload'
import type { RestoreProgress } from '../backup/restore'
import { PLANS, type SetupChoice, type SetupResult, checkAdmissionRequest, checkGenesis, genesisSummary, removeWritten } from './choices'

export type SetupPhase = 'choose' | 'writing' | 'starting' | 'running' | 'failed'

/** What GET /api/v1/setup answers. */
export interface SetupState {
  phase: SetupPhase
  result: SetupResult | null
  /** why the node could not start after the home was written */
  error: { code: string; message: string } | null
  /** while a backup is restored (the fifth choice): how far */
  restore?: RestoreProgress
  /** why the last restore was refused (the phase is `choose` again; after a wrong passphrase the upload is kept) */
  restoreError?: { code: string; message: string }
}

export interface SetupOptions {
  home: string
  /** the API port; default: a free port in the range a home keeps (20000–32767), written to its config */
  port?: number
  uiDir?: string | null
  allowedOrigins?: string[]
  heartbeatMs?: number
  /** the largest request body (default 1 MiB: a genesis of 200 agencies fits) */
  maxBodyBytes?: number
  /** what the node is told when it starts (the ballot box), as `daejang start` gives it */
  ballotBox?: string
}

export interface SetupServer {
  url: string
  port: number
  token: string
  uiLink(): string
  state(): SetupState
  /** resolves with the running node once a choice is made and the node started; rejects if it could not start */
  readonly running: Promise<RunningNode>
  stop(): Promise<void>
}

export const SETUP_MAX_BODY_BYTES = 1 << 20

const CHOICES: readonly SetupChoice[] = ['local', 'create', 'join', 'workstation']

/** A port of the range a home keeps for its API (home.ts stableApiPort), free now. */
async function listenInHomeRange(server: Server, port?: number): Promise<void> {
  const tryListen = (p: number): Promise<boolean> =>
    new Promise((resolve, reject) => {
      const onError = (e: NodeJS.ErrnoException): void => {
        server.off('listening', onListening)
        if (e.code === 'EADDRINUSE' && port === undefined) resolve(false)
        else reject(e)
      }
      const onListening = (): void => {
        server.off('error', onError)
        resolve(true)
      }
      server.once('error', onError)
      server.once('listening', onListening)
      server.listen(p, '127.0.0.1')
    })
  if (port !== undefined) {
    await tryListen(port)
    return
  }
  for (let i = 0; i < 50; i++) if (await tryListen(20_000 + Math.floor(Math.random() * 12_768))) return
  await tryListen(0)
}

export async function startSetupServer(o: SetupOptions): Promise<SetupServer> {
  const home = new Home(o.home)
  if (home.exists()) throw new DaejangError('HOME_EXISTS', `${home.dir} already holds a node`)
  const token = randomBytes(32).toString('hex')
  const tokenBuf = Buffer.from(token)
  const login = new LoginCodes()
  const uiDir = o.uiDir === undefined ? defaultUiDir() : o.uiDir
  const maxBody = o.maxBodyBytes ?? SETUP_MAX_BODY_BYTES
  const state: SetupState = { phase: 'choose', result: null, error: null }
  let node: RunningNode | null = null
  let stopped = false
  let resolveRunning!: (n: RunningNode) => void
  let rejectRunning!: (e: Error) => void
  const running = new Promise<RunningNode>((res, rej) => {
    resolveRunning = res
    rejectRunning = rej
  })
  running.catch(() => undefined)

  const server = createServer()
  server.keepAliveTimeout = 30_000
  server.headersTimeout = 35_000
  server.requestTimeout = 150_000
  await listenInHomeRange(server, o.port)
  const port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}`

  const tokenOk = (req: IncomingMessage): boolean => {
    const auth = req.headers.authorization ?? ''
    if (!auth.startsWith('Bearer ')) return false
    const b = Buffer.from(auth.slice(7))
    return b.length === tokenBuf.length && timingSafeEqual(b, tokenBuf)
  }

  /** the node, started in this process on the home just written, takes this server over */
  const startNode = async (): Promise<void> => {
    try {
      const n = await runNode({
        home: home.dir,
        uiDir,
        ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs } : {}),
        ...(o.allowedOrigins ? { allowedOrigins: o.allowedOrigins } : {}),
        ...(o.ballotBox ? { ballotBox: o.ballotBox } : {}),
        takeOver: { server, token, login },
      })
      if (stopped) {
        await n.stop()
        return
      }
      node = n
      state.phase = 'running'
      resolveRunning(n)
    } catch (e) {
      const err = toDaejangError(e)
      console.error(`daejang setup: the node could not start: ${err.code}: ${err.message}`)
      state.phase = 'failed'
      state.error = { code: err.code, message: err.message }
      rejectRunning(err)
    }
  }

  const choose = (choice: SetupChoice, body: unknown): SetupResult => {
    if (state.phase !== 'choose' || home.exists()) throw new DaejangError('SETUP_DONE')
    const plan = PLANS[choice](body) // every check; throws before anything is written
    if (existsSync(home.keysDir) && readdirSync(home.keysDir).length > 0) {
      throw new DaejangError('HOME_EXISTS', `${home.keysDir} already holds keys; choose an empty folder`)
    }
    state.phase = 'writing'
    let result: SetupResult
    try {
      result = plan.write(home, port)
    } catch (e) {
      removeWritten(home)
      state.phase = 'choose'
      throw e
    }
    state.result = result
    state.phase = 'starting'
    void startNode()
    return result
  }

  const restoreUpload = new SetupRestore(home.dir)
  const whileChoosing = (): void => {
    if (state.phase !== 'choose' || home.exists()) throw new DaejangError('SETUP_DONE')
  }

  /**
   * The fifth choice: the uploaded backup restored into the (empty) home, then the node started as after any choice.
   * A restore may take long (a store of GBs): it is started and answered at once (what the header claims); its
   * progress and a refusal are in the setup's state.
   */
  const restoreChoice = async (body: unknown): Promise<SetupResult> => {
    whileChoosing()
    if (existsSync(home.keysDir) && readdirSync(home.keysDir).length > 0) {
      throw new DaejangError('HOME_EXISTS', `${home.keysDir} already holds keys; choose an empty folder`)
    }
    const { header, run } = await restoreUpload.prepare(body)
    whileChoosing()
    state.phase = 'writing'
    delete state.restoreError
    // the home must be empty for a restore: the setup's own api.json is put back whatever happens
    home.clearApiInfo(process.pid)
    const claimed: SetupResult = { choice: 'restore', chainId: header.chainId, genesis: null, admissionRequest: null, nodeKey: header.nodeKey, adminKey: null, producesAlone: false }
    void run((p) => {
      state.restore = p
    }).then(
      (r) => {
        putBackApiInfo()
        // the restored node answers where this page is (its origin keeps the page's keys)
        if (existsSync(home.configPath)) home.writeConfig({ ...home.readConfig(), apiPort: port })
        state.result = { ...claimed, chainId: r.chainId, nodeKey: r.nodeKey }
        state.phase = 'starting'
        void startNode()
      },
      (e: unknown) => {
        putBackApiInfo()
        const err = toDaejangError(e)
        state.restoreError = { code: err.code, message: err.message }
        state.phase = 'choose'
      },
    )
    return claimed
  }
  const putBackApiInfo = (): void => {
    delete state.restore
    mkdirSync(home.dir, { recursive: true, mode: 0o700 })
    home.writeApiInfo({ url, token, pid: process.pid, startedAt: new Date().toISOString() })
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let cors: Record<string, string> = {}
    try {
      cors = checkCallerOf(req, port, o.allowedOrigins)
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
      const method = req.method ?? 'GET'
      if (method === 'OPTIONS') {
        res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, POST' })
        res.end()
        return
      }
      if (!path.startsWith('/api/')) {
        if (method !== 'GET' && method !== 'HEAD') throw new DaejangError('METHOD_NOT_ALLOWED')
        serveUiFile(res, uiDir, path)
        return
      }
      const send = (body: unknown, status = 200): void => sendJson(res, status, body, cors)
      if (path === '/api/v1/health') {
        if (method !== 'GET') throw new DaejangError('METHOD_NOT_ALLOWED')
        return send({ ok: true, setup: true })
      }
      if (path === '/api/v1/session') {
        if (method !== 'POST') throw new DaejangError('METHOD_NOT_ALLOWED')
        const r = z.object({ code: z.string().min(8).max(64) }).strict().safeParse(await readJsonBody(req, 4096))
        if (!r.success || !login.redeem(r.data.code)) {
          throw new DaejangError('UNAUTHENTICATED', 'this sign-in link was already used or has expired; run `daejang open`')
        }
        return send({ token })
      }
      if (!tokenOk(req)) throw new DaejangError('UNAUTHENTICATED')
      if (path === '/api/v1/session/code' && method === 'POST') return send({ code: login.issue() })
      if (path === '/api/v1/status' && method === 'GET') {
        throw new DaejangError('SETUP_REQUIRED', undefined, { phase: state.phase })
      }
      if (path === '/api/v1/setup' && method === 'GET') return send(state)
      if (path.startsWith('/api/v1/setup/') && method === 'POST') {
        const what = path.slice('/api/v1/setup/'.length)
        const body = await readJsonBody(req, maxBody)
        if (what === 'check-genesis') return send(genesisSummary(checkGenesis(body)))
        if (what === 'check-request') return send(checkAdmissionRequest(body))
        if ((CHOICES as readonly string[]).includes(what)) return send(choose(what as SetupChoice, body))
        if (what === 'restore-begin') {
          whileChoosing()
          return send(restoreUpload.begin(body))
        }
        if (what === 'restore-chunk') {
          whileChoosing()
          return send(await restoreUpload.chunk(body))
        }
        if (what === 'restore') return send(await restoreChoice(body), 202)
      }
      throw new DaejangError('NOT_FOUND', `no setup route ${method} ${path}`)
    } catch (e) {
      sendError(res, e, cors)
    }
  }
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void handle(req, res))
  // no event stream before there is a node: the page's stream retries, and finds the node's once it runs
  server.on('upgrade', (_req, socket) => {
    socket.write('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    socket.destroy()
  })

  mkdirSync(home.dir, { recursive: true, mode: 0o700 })
  home.writeApiInfo({ url, token, pid: process.pid, startedAt: new Date().toISOString() })

  return {
    url,
    port,
    token,
    uiLink: () => `${url}/#code=${login.issue()}`,
    state: () => state,
    running,
    stop: async () => {
      stopped = true
      if (state.phase === 'choose') restoreUpload.discard()
      if (node) return node.stop()
      home.clearApiInfo(process.pid)
      server.closeAllConnections()
      await new Promise<void>((r) => server.close(() => r()))
    },
  }
}
