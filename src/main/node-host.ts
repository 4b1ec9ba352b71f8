/**
 * Runs the ledger node in an Electron utility process: fork, wait for its ready message, stop it on quit
 * (a polite `{ type: 'stop' }`, then kill after a timeout).
 */
import { utilityProcess, type UtilityProcess } from 'electron'
import type { ApiInfo } from '../shared/bridge'
import { parseErrorMessage, parseReadyMessage, STOP_MESSAGE } from './messages'

export interface NodeHostOptions {
  /** Built node entry (out/main/node.js). */
  entry: string
  /** The node's home directory, passed as `--home`. */
  dataDir: string
  /** Origin of the app page, passed as `--allow-origin` so the node's API accepts the renderer's requests. */
  allowOrigin?: string
  /** On an empty home, serve the first-run choice (`--setup`, docs/adr/0063) instead of making a local consortium. */
  setup?: boolean
  readyTimeoutMs?: number
  stopTimeoutMs?: number
  log?: (line: string) => void
}

export type NodeHostState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed'

export const DEFAULT_READY_TIMEOUT_MS = 120_000
export const DEFAULT_STOP_TIMEOUT_MS = 5_000

export class NodeHost {
  readonly #options: NodeHostOptions
  #child: UtilityProcess | null = null
  #ready: Promise<ApiInfo> | null = null
  #stopping: Promise<void> | null = null
  #state: NodeHostState = 'idle'

  constructor(options: NodeHostOptions) {
    this.#options = options
  }

  get state(): NodeHostState {
    return this.#state
  }

  /** Forks the node once; later calls return the same promise. Resolves with its API address and token. */
  start(): Promise<ApiInfo> {
    if (this.#ready) return this.#ready
    if (this.#state === 'stopping' || this.#state === 'stopped') {
      return Promise.reject(new Error('The node has been stopped.'))
    }
    this.#ready = new Promise<ApiInfo>((resolve, reject) => this.#fork(resolve, reject))
    this.#ready.catch(() => undefined) // callers see the rejection; an unobserved one must not crash main
    return this.#ready
  }

  /** Asks the node to stop, kills it if it has not exited after the timeout. Safe to call more than once. */
  stop(): Promise<void> {
    if (this.#stopping) return this.#stopping
    const child = this.#child
    if (!child) {
      if (this.#state !== 'failed') this.#state = 'stopped'
      return Promise.resolve()
    }
    this.#state = 'stopping'
    this.#stopping = new Promise<void>((resolve) => {
      const timeoutMs = this.#options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS
      const timer = setTimeout(() => {
        this.#log(`node did not exit within ${timeoutMs} ms; killing it`)
        child.kill()
        this.#child = null
        this.#state = 'stopped'
        resolve()
      }, timeoutMs)
      child.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      try {
        child.postMessage(STOP_MESSAGE)
      } catch (err) {
        this.#log(`could not send stop to the node: ${String(err)}`)
      }
    })
    return this.#stopping
  }

  #fork(resolve: (info: ApiInfo) => void, reject: (err: Error) => void): void {
    const { entry } = this.#options
    const args = nodeArgs(this.#options)
    this.#state = 'starting'
    this.#log(`starting node: ${entry} ${args.join(' ')}`)
    let child: UtilityProcess
    try {
      child = utilityProcess.fork(entry, args, { serviceName: 'Daejang node', stdio: 'inherit', env: nodeEnv(process.env) })
    } catch (err) {
      this.#state = 'failed'
      reject(err instanceof Error ? err : new Error(String(err)))
      return
    }
    this.#child = child
    const timeoutMs = this.#options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS
    const timer = setTimeout(() => {
      this.#state = 'failed'
      reject(new Error(`The node did not become ready within ${timeoutMs} ms.`))
      child.kill()
    }, timeoutMs)

    child.on('message', (msg: unknown) => {
      if (this.#state !== 'starting') return
      const info = parseReadyMessage(msg)
      if (info) {
        clearTimeout(timer)
        this.#state = 'running'
        this.#log(`node ready at ${info.url}`)
        resolve(info)
        return
      }
      const reason = isReadyShaped(msg)
        ? 'its ready message is invalid (expected { type: "ready", url: "http://127.0.0.1:<port>", token })'
        : parseErrorMessage(msg)
      if (reason !== null) {
        clearTimeout(timer)
        this.#state = 'failed'
        reject(new Error(`The node could not start: ${reason}`))
        child.kill()
      }
    })

    child.on('exit', (code: number) => {
      clearTimeout(timer)
      this.#child = null
      if (this.#state === 'starting') {
        this.#state = 'failed'
        reject(new Error(`The node exited with code ${code} before it was ready.`))
      } else if (this.#state === 'running') {
        this.#state = 'failed'
        this.#log(`node exited unexpectedly with code ${code}`)
        this.#ready = Promise.reject(new Error(`The node exited unexpectedly (code ${code}).`))
        this.#ready.catch(() => undefined)
      } else if (this.#state === 'stopping') {
        this.#state = 'stopped'
        this.#log(`node stopped (code ${code})`)
      }
    })
  }

  #log(line: string): void {
    this.#options.log?.(line)
  }
}

/** Command line of the node process. */
export function nodeArgs(options: Pick<NodeHostOptions, 'dataDir' | 'allowOrigin' | 'setup'>): string[] {
  const args = ['--home', options.dataDir]
  if (options.allowOrigin) args.push('--allow-origin', options.allowOrigin)
  if (options.setup) args.push('--setup')
  return args
}

/**
 * Environment of the node process: the app's, with glibc's malloc held to two arenas (docs/adr/0031). LevelDB and
 * libuv's threads otherwise each get an arena of their own (up to 8 per core), whose freed memory stays resident:
 * ~50–70 MB more RSS at 100,000 state keys, growing with the state. A value the user set is kept.
 */
export function nodeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX ?? '2' }
}

function isReadyShaped(msg: unknown): boolean {
  return typeof msg === 'object' && msg !== null && (msg as { type?: unknown }).type === 'ready'
}
