/** What `daejang start` and its setup mode (setup/start-setup.ts) share: the node's options from the flags, the stop. */
import { toDaejangError } from '../../shared/errors'

/** The flags a node runs with (port, heartbeat, UI, origins, ballot box), as runNode and the setup take them. */
export function startFlags(o: Record<string, unknown>): {
  port?: number
  heartbeatMs?: number
  uiDir?: string | null
  allowedOrigins?: string[]
  ballotBox?: string
} {
  return {
    ...(o.port !== undefined ? { port: o.port as number } : {}),
    ...(o.heartbeatMs ? { heartbeatMs: o.heartbeatMs as number } : {}),
    ...(o.ui === false ? { uiDir: null } : o.uiDir ? { uiDir: o.uiDir as string } : {}),
    ...(o.allowOrigin ? { allowedOrigins: o.allowOrigin as string[] } : {}),
    ...(o.ballotBox ? { ballotBox: o.ballotBox as string } : {}),
  }
}

/** Stop once on SIGTERM or SIGINT, then exit: 0 when the node stopped cleanly, 1 (and why) when not. */
export function exitOnSignals(stopNode: () => Promise<void>): void {
  let stopping = false
  const stop = (): void => {
    if (stopping) return
    stopping = true
    stopNode().then(
      () => process.exit(0),
      (e: unknown) => {
        const err = toDaejangError(e)
        console.error(`error: the node did not stop cleanly: ${err.code}: ${err.message}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
