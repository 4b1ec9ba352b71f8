/**
 * Entry of the node process the Electron app starts (utilityProcess.fork or child_process.fork):
 *   node-process --home DIR [--port P] [--allow-origin ORIGIN]…
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

async function main(): Promise<void> {
  const port = parentPort()
  const homeDir = arg('--home')
  if (!homeDir) throw new Error('--home is required')
  const home = new Home(homeDir)
  if (!home.exists()) initHome(home, { label: 'local', agencyName: 'Local agency (this computer)' })
  const origins = process.argv.flatMap((a, i) => (a === '--allow-origin' && process.argv[i + 1] ? [process.argv[i + 1]!] : []))
  const running = await runNode({
    home: homeDir,
    ...(arg('--port') ? { port: Number(arg('--port')) } : {}),
    ...(origins.length ? { allowedOrigins: origins } : {}),
  })
  const stop = async (): Promise<void> => {
    await running.stop()
    process.exit(0)
  }
  port?.on('message', (e) => {
    const data = (e && typeof e === 'object' && 'data' in e ? (e as { data: unknown }).data : e) as { type?: string }
    if (data?.type === 'stop') void stop()
  })
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
  port?.postMessage({ type: 'ready', url: running.api.url, token: running.api.token })
}

main().catch((e) => {
  const err = toDaejangError(e)
  parentPort()?.postMessage({ type: 'error', code: err.code, message: err.message })
  console.error(`daejang node: ${err.code}: ${err.message}`)
  process.exit(1)
})
