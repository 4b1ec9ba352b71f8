/**
 * Run a node from its home directory: open the ledger, start producing blocks, serve the API (and the UI), write
 * api.json. Used by `daejang start` and by the Electron app's node process.
 */
import { boundNodeHeapGrowth } from './node-memory'
import { existsSync, mkdirSync } from 'node:fs'
import type { Server } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadSigner, unlockSeed } from '../ledger/crypto/keystore'
import type { Genesis } from '../ledger/types/genesis'
import { FileGuardStore, syncDir } from '../ledger/consensus/guard-file'
import { FileWal } from '../ledger/consensus/wal-file'
import { MESSAGE_OVERHEAD } from '../ledger/consensus/driver'
import type { P2PTransport } from '../ledger/net/libp2p'
import { ActivityLog } from '../ledger/node/activity'
import { Home, type NodeConfig } from '../ledger/node/home'
import { type ConsensusSettings, LedgerNode } from '../ledger/node/node'
import { DEFAULT_MEMPOOL_LIMITS } from '../ledger/mempool/mempool'
import { type ApiServer, startApiServer } from './api-server'
import { grantLocalAdminEveryRole } from './local'
import type { LoginCodes } from './login-codes'
import { type BallotBox, parseListen, startBallotBox } from './ballot-box'
import { RestoreFence } from './backup/fence'

export interface RunOptions {
  home: string
  port?: number
  heartbeatMs?: number
  /** folder of the built UI; default: out/renderer of this package when it exists */
  uiDir?: string | null
  allowedOrigins?: string[]
  /** the ballot box endpoint's HOST:PORT (docs/adr/0057), over the home's config; absent in both: off */
  ballotBox?: string
  /** the first-run setup's listening server, token and sign-in codes, taken over by the API (docs/adr/0063) */
  takeOver?: { server: Server; token: string; login: LoginCodes }
}

export interface RunningNode {
  node: LedgerNode
  api: ApiServer
  home: Home
  /** the ballot box endpoint, when configured */
  ballotBox: BallotBox | null
  stop(): Promise<void>
}

/**
 * The consortium network of a home with a `p2p` section: libp2p on the node key, admitting the configured peers
 * and the keys of the consortium's validators — those of the genesis document until the node is open, then those of
 * the current and scheduled validator sets, as governance changes them (docs/adr/0013; a removed validator is hung
 * up on) — and agencies' workstation nodes (keys with an active `workstation` credential). Consensus state (WAL, signing guard) lives in files under data/consensus, opened only once the node holds
 * its store's lock (see consensusFiles).
 */
async function openNetwork(
  config: NodeConfig,
  genesis: Genesis,
  seed: Uint8Array,
  activity: ActivityLog,
): Promise<{ transport: P2PTransport; admitMembersOf(node: LedgerNode): void }> {
  // loaded only by nodes that have a network: a single-node home (the app's first run) starts without libp2p
  const { createP2PTransport } = await import('../ledger/net/libp2p')
  const p2p = config.p2p!
  const configured = new Set(p2p.peers.map((p) => p.publicKey))
  const genesisKeys = new Set(genesis.agencies.flatMap((a) => (a.validator ? [a.validator.publicKey] : [])))
  let isMember = (k: string): boolean => genesisKeys.has(k)
  const transport = await createP2PTransport({
    seed,
    listen: p2p.listen,
    peers: p2p.peers,
    allowed: (k: string) => configured.has(k) || isMember(k),
    maxMessageBytes: genesis.params.maxBlockBytes + MESSAGE_OVERHEAD,
    ...(p2p.mdns ? { mdns: { serviceTag: `_daejang-${genesis.chainId.replace(/[^a-z0-9-]/g, '-').slice(0, 40)}._udp.local` } } : {}),
    // consensus messages and batches of gossiped transactions: a few hundred a second at most from an honest peer
    rateLimit: { messagesPerSecond: 2_000, burst: 10_000 },
    onPeerDropped: (key, reason) => activity.record('peer', 'peer.dropped', { peer: key, reason }),
  })
  return {
    transport,
    admitMembersOf: (node) => {
      isMember = (k) => node.admitsPeer(k)
    },
  }
}

function consensusFiles(home: Home, config: NodeConfig, fence: RestoreFence | null): ConsensusSettings {
  // a new directory's entry durable before the WAL and the signing guard rely on files in it
  if (mkdirSync(home.consensusDir, { recursive: true }) !== undefined) syncDir(dirname(home.consensusDir))
  const c = config.consensus
  const t = (base: number | undefined, fallback: number) => ({ base: base ?? fallback, delta: c?.deltaMs ?? 500 })
  return {
    wal: new FileWal(join(home.consensusDir, 'wal')),
    // a validator restored from a backup signs nothing until it has caught up (docs/adr/0065, backup/fence.ts)
    guardStore: ((g) => (fence ? fence.wrap(g) : g))(new FileGuardStore(join(home.consensusDir, 'sign-guard'))),
    timeouts: {
      propose: t(c?.proposeMs, Math.max(3_000, config.heartbeatMs + 1_000)),
      prevote: t(c?.prevoteMs, 1_000),
      precommit: t(c?.precommitMs, 1_000),
    },
  }
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
  boundNodeHeapGrowth()
  const home = new Home(o.home)
  const config = home.readConfig()
  const genesis = home.readGenesis()
  const heartbeatMs = o.heartbeatMs ?? config.heartbeatMs
  const nodeKeyFile = home.readKey('node')
  const validatorSigner = loadSigner(home.keyPath('node'))
  // what happened on this node, kept beside its store across restarts (ledger/node/activity.ts)
  const activity = new ActivityLog(home.activityFile)
  const fence = RestoreFence.open(home)
  const network = config.p2p ? await openNetwork(config, genesis, unlockSeed(nodeKeyFile), activity) : null
  let node: LedgerNode
  try {
    node = await LedgerNode.open({
      dataDir: home.dataDir,
      genesis,
      validatorSigner,
      heartbeatMs,
      mempoolLimits: { ...DEFAULT_MEMPOOL_LIMITS, ...config.mempool },
      pruning: { keepRecent: config.state?.keepRecent ?? null },
      activity,
      // the consensus files are opened when consensus starts: after the store's lock is held, so a second process
      // on the same home fails at the lock without touching the running node's WAL or signing guard
      ...(network ? { transport: network.transport, bft: () => consensusFiles(home, config, fence) } : {}),
    })
    network?.admitMembersOf(node)
  } catch (e) {
    await network?.transport.stop()
    throw e
  }
  let api: ApiServer
  const serve = (port: number): Promise<ApiServer> =>
    startApiServer({
      node,
      home,
      port,
      uiDir: o.uiDir === undefined ? defaultUiDir() : o.uiDir,
      ...(o.allowedOrigins ? { allowedOrigins: o.allowedOrigins } : {}),
      ...(o.takeOver ?? {}),
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
    await network?.transport.stop()
    throw e
  }
  try {
    // before blocks are produced, so that a new local consortium's first block holds these grants
    await grantLocalAdminEveryRole(node, home)
  } catch (e) {
    // not fatal: the consortium works, the administrator just lacks some roles until granted by hand
    console.error(`daejang: could not grant the local administrator its roles: ${(e as Error).message}`)
  }
  let ballotBox: BallotBox | null = null
  const boxListen = o.ballotBox ?? config.ballotBox?.listen
  if (boxListen !== undefined) {
    try {
      const b = config.ballotBox
      ballotBox = await startBallotBox({
        node,
        ...parseListen(boxListen),
        trustedProxies: b?.trustedProxies ?? [],
        limits: { ...(b?.perAddress ? { perAddress: b.perAddress } : {}), ...(b?.perCredential ? { perCredential: b.perCredential } : {}) },
      })
    } catch (e) {
      await api.close()
      await node.close()
      await network?.transport.stop()
      throw e
    }
  }
  node.start()
  fence?.watch(() => node.status())
  home.writeApiInfo({ url: api.url, token: api.token, pid: process.pid, startedAt: new Date().toISOString() })
  let stopped: Promise<void> | null = null
  return {
    node,
    api,
    home,
    ballotBox,
    stop: () =>
      (stopped ??= (async () => {
        home.clearApiInfo(process.pid)
        fence?.stop()
        await ballotBox?.close()
        await api.close()
        await node.close()
        await network?.transport.stop()
        activity.close()
      })()),
  }
}
