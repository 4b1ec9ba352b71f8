/**
 * Entry of the node process the Electron app starts (utilityProcess.fork or child_process.fork):
 *   node-process --home DIR [--port P] [--allow-origin ORIGIN]… [--setup]
 * With --setup on an empty home it serves the first-run choice (setup/setup-server.ts, docs/adr/0063) and posts ready
 * at once: the node the choice makes then runs in this process on the same address and token. Without it, an empty
 * home becomes a local consortium, as before.
 * Posts {type:'ready', url, token} when the API is up, {type:'error', message} if it cannot start, and shuts down
 * cleanly on {type:'stop'}, SIGTERM or SIGINT.
 */
import './compat'
import { Home, initHome } from '../ledger/node/home'
import { toDaejangError } from '../shared/errors'
import { runNode } from './run-node'

interface Port {
  postMessage(m: unknown): void
  on(ev: 'message', cb: (e: { data: unknown } | unknown) => void): void
}

function parentPort(): Port | null {
  const pp = (process as unknown as { parentPort?: Port }).parentPort
  if (pp) return pp
  if (process.send) {
    return {
      postMessage: (m) => process.send?.(m),
      on: (_ev, cb) => process.on('message', (m) => cb(m)),
    }
  }
  return null
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

/** Stop cleanly on the parent's { type: 'stop' }, SIGTERM or SIGINT. */
function listenForStop(port: Port | null, stopNode: () => Promise<void>): void {
  // a stop message and a signal may both arrive: the node is stopped once, and the process exits after it
  let stopping: Promise<void> | null = null
  const stop = (): Promise<void> =>
    (stopping ??= stopNode().then(
      () => process.exit(0),
      () => process.exit(1),
    ))
  port?.on('message', (e) => {
    const data = (e && typeof e === 'object' && 'data' in e ? (e as { data: unknown }).data : e) as { type?: string }
    if (data?.type === 'stop') void stop()
  })
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

async function main(): Promise<void> {
  const port = parentPort()
  const homeDir = arg('--home')
  if (!homeDir) throw new Error('--home is required')
  const home = new Home(homeDir)
  const origins = process.argv.flatMap((a, i) => (a === '--allow-origin' && process.argv[i + 1] ? [process.argv[i + 1]!] : []))
  if (!home.exists() && process.argv.includes('--setup')) {
    const { startSetupServer } = await import('./setup/setup-server')
    const setup = await startSetupServer({
      home: homeDir,
      ...(arg('--port') ? { port: Number(arg('--port')) } : {}),
      ...(origins.length ? { allowedOrigins: origins } : {}),
    })
    listenForStop(port, () => setup.stop())
    port?.postMessage({ type: 'ready', url: setup.url, token: setup.token })
    return
  }
  if (!home.exists()) initHome(home, { label: 'local', agencyName: 'Local agency (this computer)' })
  const running = await runNode({
    home: homeDir,
    ...(arg('--port') ? { port: Number(arg('--port')) } : {}),
    ...(origins.length ? { allowedOrigins: origins } : {}),
  })
  listenForStop(port, () => running.stop())
  port?.postMessage({ type: 'ready', url: running.api.url, token: running.api.token })
}

main().catch((e) => {
  const err = toDaejangError(e)
  parentPort()?.postMessage({ type: 'error', code: err.code, message: err.message })
  console.error(`daejang node: ${err.code}: ${err.message}`)
  process.exit(1)
})
