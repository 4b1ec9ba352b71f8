/**
 * A node's home directory:
 *   config.json     node settings (heartbeat, API port, network, consensus timeouts, mempool bounds)
 *   genesis.json    the consortium's genesis document
 *   keys/node.json  the validator key (plain, mode 0600: the node must start unattended)
 *   keys/*.json     other keys: the agency administrator's, staff keys (may be passphrase-encrypted)
 *   data/           the LevelDB store (and activity.jsonl: what happened on this node, for its users)
 *   api.json        written while the node runs: API address and session token (mode 0600)
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { DaejangError } from '../../shared/errors'
import { type Genesis, parseGenesis } from '../types/genesis'
import { type KeyFile, newKeyFile, readKeyFile, writeKeyFile } from '../crypto/keystore'

const hexKey = z.string().regex(/^[0-9a-f]{64}$/)

export const P2PConfigSchema = z
  .object({
    /** multiaddr to listen on, e.g. /ip4/127.0.0.1/tcp/26656 */
    listen: z.string().min(1).max(200),
    /** the consortium's other nodes: their node key and address */
    peers: z.array(z.object({ publicKey: hexKey, addr: z.string().min(1).max(200) }).strict()).max(200),
    /** find the consortium's nodes on the local network by multicast DNS (they are still admitted by key) */
    mdns: z.boolean().optional(),
  })
  .strict()

export const ConfigSchema = z
  .object({
    format: z.literal('daejang-config/1'),
    heartbeatMs: z.number().int().min(50).max(60_000).default(5_000),
    apiPort: z.number().int().min(0).max(65535).default(0),
    /** with a network, blocks come from BFT consensus among the validators */
    p2p: P2PConfigSchema.optional(),
    /** consensus timeouts in ms (round 0, and added per round) */
    consensus: z
      .object({
        proposeMs: z.number().int().min(50).max(60_000).default(3_000),
        prevoteMs: z.number().int().min(50).max(60_000).default(1_000),
        precommitMs: z.number().int().min(50).max(60_000).default(1_000),
        deltaMs: z.number().int().min(0).max(60_000).default(500),
      })
      .strict()
      .optional(),
    /**
     * bounds of the mempool (acknowledged, not yet committed transactions); past them a submission is refused with
     * MEMPOOL_FULL (HTTP 503, Retry-After) and nothing already acknowledged is dropped. Defaults: DEFAULT_MEMPOOL_LIMITS
     */
    mempool: z
      .object({
        maxTxs: z.number().int().min(1).max(1_000_000).optional(),
        maxBytes: z.number().int().min(1024).max(2 ** 31).optional(),
        maxPerSigner: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict()
      .optional(),
    /**
     * the state tree's history (docs/adr/0026): keepRecent = how many most recent heights stay readable and provable
     * "as of"; null or absent keeps every height (the default: a node that serves proofs of any height)
     */
    state: z
      .object({ keepRecent: z.number().int().min(2).max(Number.MAX_SAFE_INTEGER).nullable().default(null) })
      .strict()
      .optional(),
    /**
     * the ballot box endpoint (docs/adr/0057): a second listener for voters, off unless this is present (or `daejang
     * start --ballot-box HOST:PORT`); trustedProxies: the reverse proxies whose X-Forwarded-For is believed
     */
    ballotBox: z
      .object({
        listen: z.string().min(3).max(100),
        trustedProxies: z.array(z.string().min(2).max(45)).max(16).default([]),
        /** token buckets: requests per client address (an IPv6 client by its /64), ballots per credential */
        perAddress: z.object({ burst: z.number().int().min(1).max(100_000), perMinute: z.number().min(0.01).max(1_000_000) }).strict().optional(),
        perCredential: z.object({ burst: z.number().int().min(1).max(1_000), perMinute: z.number().min(0.01).max(10_000) }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict()

export type NodeConfig = z.infer<typeof ConfigSchema>

export interface ApiInfo {
  url: string
  token: string
  pid: number
  startedAt: string
}

export class Home {
  readonly dir: string
  constructor(dir: string) {
    this.dir = resolve(dir)
  }
  get configPath(): string {
    return join(this.dir, 'config.json')
  }
  get genesisPath(): string {
    return join(this.dir, 'genesis.json')
  }
  get keysDir(): string {
    return join(this.dir, 'keys')
  }
  get dataDir(): string {
    return join(this.dir, 'data')
  }
  /** the node's activity log (activity.ts): what happened here, for its users */
  get activityFile(): string {
    return join(this.dir, 'data', 'activity.jsonl')
  }

  get consensusDir(): string {
    return join(this.dir, 'data', 'consensus')
  }
  get apiPath(): string {
    return join(this.dir, 'api.json')
  }
  keyPath(name: string): string {
    if (!/^[a-zA-Z0-9_-]{1,64}$/.test(name)) throw new DaejangError('BAD_KEY', 'a key name is letters, digits, - and _')
    return join(this.keysDir, name + '.json')
  }

  exists(): boolean {
    return existsSync(this.genesisPath)
  }

  requireExists(): void {
    if (!this.exists()) throw new DaejangError('HOME_MISSING', `${this.dir} holds no node; run \`daejang init --home ${this.dir}\``)
  }

  readConfig(): NodeConfig {
    this.requireExists()
    const raw = existsSync(this.configPath) ? JSON.parse(readFileSync(this.configPath, 'utf8')) : { format: 'daejang-config/1' }
    const r = ConfigSchema.safeParse(raw)
    if (!r.success) throw new DaejangError('CORRUPT_DATA', `config.json: ${r.error.issues[0]?.message ?? 'invalid'}`)
    return r.data
  }

  writeConfig(c: NodeConfig): void {
    writeFileSync(this.configPath, JSON.stringify(c, null, 2) + '\n')
  }

  readGenesis(): Genesis {
    this.requireExists()
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(this.genesisPath, 'utf8'))
    } catch {
      throw new DaejangError('CORRUPT_DATA', 'genesis.json is not valid JSON')
    }
    return parseGenesis(raw)
  }

  writeGenesis(g: Genesis): void {
    writeFileSync(this.genesisPath, JSON.stringify(g, null, 2) + '\n')
  }

  createKey(name: string, passphrase?: string): KeyFile {
    mkdirSync(this.keysDir, { recursive: true, mode: 0o700 })
    const k = newKeyFile(name, passphrase)
    writeKeyFile(this.keyPath(name), k)
    return k
  }

  readKey(name: string): KeyFile {
    return readKeyFile(this.keyPath(name))
  }

  listKeys(): KeyFile[] {
    if (!existsSync(this.keysDir)) return []
    return readdirSync(this.keysDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => readKeyFile(join(this.keysDir, f)))
  }

  writeApiInfo(info: ApiInfo): void {
    writeFileSync(this.apiPath, JSON.stringify(info, null, 2) + '\n', { mode: 0o600 })
    chmodSync(this.apiPath, 0o600)
  }

  readApiInfo(): ApiInfo | null {
    if (!existsSync(this.apiPath)) return null
    try {
      return JSON.parse(readFileSync(this.apiPath, 'utf8')) as ApiInfo
    } catch {
      return null
    }
  }

  clearApiInfo(pid: number): void {
    const cur = this.readApiInfo()
    if (cur && cur.pid === pid) rmSync(this.apiPath, { force: true })
  }
}

/**
 * The API port a home keeps for its life (20000–32767, derived from its node key): the UI served by the node is
 * the origin http://127.0.0.1:<port>, and the browser keeps a page's keys and outbox per origin, so the port must
 * not change from one start to the next. Below the usual ephemeral range (Linux: 32768–60999), so outgoing
 * connections do not take it while the node is stopped.
 */
export function stableApiPort(nodeKeyHex: string): number {
  return 20_000 + (parseInt(nodeKeyHex.slice(0, 8), 16) % 12_768)
}

export interface InitOptions {
  chainId?: string
  agencyId?: string
  agencyName?: string
  heartbeatMs?: number
  adminPassphrase?: string
  label?: string
}

/** Create a single-agency consortium in `home`: node key, administrator key, genesis, config. */
export function initHome(home: Home, o: InitOptions = {}): { genesis: Genesis; nodeKey: KeyFile; adminKey: KeyFile } {
  if (home.exists()) throw new DaejangError('HOME_EXISTS', `${home.dir} already holds a node`)
  mkdirSync(home.dir, { recursive: true, mode: 0o700 })
  const nodeKey = home.createKey('node')
  const adminKey = home.createKey('admin', o.adminPassphrase)
  const agencyId = o.agencyId ?? 'local-agency'
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId: o.chainId ?? `daejang-${o.label === 'local' ? 'local-' : ''}${nodeKey.publicKey.slice(0, 8)}`,
    genesisTime: Date.now(),
    ...(o.label !== undefined ? { label: o.label } : {}),
    agencies: [
      {
        id: agencyId,
        name: o.agencyName ?? 'Local agency',
        validator: { publicKey: nodeKey.publicKey, power: 10 },
        admins: [adminKey.publicKey],
      },
    ],
  })
  home.writeGenesis(genesis)
  home.writeConfig(
    ConfigSchema.parse({
      format: 'daejang-config/1',
      heartbeatMs: o.heartbeatMs ?? 5_000,
      apiPort: stableApiPort(nodeKey.publicKey),
    }),
  )
  return { genesis, nodeKey, adminKey }
}
