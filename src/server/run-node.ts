/**
 * Run a node from its home directory: open the ledger, start producing blocks, serve the API (and the UI), write
 * api.json. Used by `daejang start` and by the Electron app's node process.
 */
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSigner } from '../ledger/crypto/keystore'
import { Home } from '../ledger/node/home'
import { LedgerNode } from '../ledger/node/node'
import { type ApiServer, startApiServer } from './api-server'
import { grantLocalAdminEveryRole } from './local'

export interface RunOptions {
  home: string
  port?: number
  heartbeatMs?: number
  /** folder of the built UI; default: out/renderer of this package when it exists */
  uiDir?: string | null
  allowedOrigins?: string[]
}

export interface RunningNode {
  node: LedgerNode
  api: ApiServer
  home: Home
  stop(): Promise<void>
}

export function defaultUiDir(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'out', 'renderer')
    if (existsSync(join(candidate, 'index.html'))) return candidate
    dir = resolve(dir, '..')
  }
  return null
}

export async function runNode(o: RunOptions): Promise<RunningNode> {
  const home = new Home(o.home)
  const config = home.readConfig()
  const genesis = home.readGenesis()
  const heartbeatMs = o.heartbeatMs ?? config.heartbeatMs
  const node = await LedgerNode.open({
    dataDir: home.dataDir,
    genesis,
    validatorSigner: loadSigner(home.keyPath('node')),
    heartbeatMs,
  })
  let api: ApiServer
  const serve = (port: number): Promise<ApiServer> =>
    startApiServer({
      node,
      home,
      port,
      uiDir: o.uiDir === undefined ? defaultUiDir() : o.uiDir,
      ...(o.allowedOrigins ? { allowedOrigins: o.allowedOrigins } : {}),
    })
  try {
    try {
      api = await serve(o.port ?? config.apiPort)
    } catch (e) {
      // the home's own port is taken by something else: serve anyway, and say what it means for the browser
      if (o.port !== undefined || config.apiPort === 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e
      api = await serve(0)
      console.error(
        `daejang: port ${config.apiPort} is in use; serving on ${api.port} for now. In a browser, keys and the ` +
          'outbox are kept per address: they come back when the node is on its own port again.',
      )
    }
  } catch (e) {
    await node.close()
    throw e
  }
  node.start()
  try {
    await grantLocalAdminEveryRole(node, home)
  } catch (e) {
    // not fatal: the consortium works, the administrator just lacks some roles until granted by hand
    console.error(`daejang: could not grant the local administrator its roles: ${(e as Error).message}`)
  }
  home.writeApiInfo({ url: api.url, token: api.token, pid: process.pid, startedAt: new Date().toISOString() })
  let stopped: Promise<void> | null = null
  return {
    node,
    api,
    home,
    stop: () =>
      (stopped ??= (async () => {
        home.clearApiInfo(process.pid)
        await api.close()
        await node.close()
      })()),
  }
}
