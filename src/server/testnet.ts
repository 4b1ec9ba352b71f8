/**
 * `daejang testnet`: N node homes for a consortium on this machine — one agency per validator, equal power, one
 * shared genesis, each home listing the others' loopback addresses — ready to start with `daejang start`.
 */
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DaejangError } from '../shared/errors'
import { parseGenesis, type Genesis } from '../ledger/types/genesis'
import { ConfigSchema, Home } from '../ledger/node/home'

export interface TestnetNode {
  home: string
  nodeKey: string
  adminKey: string
  apiPort: number
  p2p: string
}

export interface TestnetOptions {
  validators: number
  dir: string
  basePort: number
  heartbeatMs: number
  chainId?: string
}

export function createTestnet(o: TestnetOptions): { chainId: string; genesis: Genesis; nodes: TestnetNode[] } {
  if (!Number.isInteger(o.validators) || o.validators < 1 || o.validators > 50) {
    throw new DaejangError('SCHEMA_INVALID', '--validators must be between 1 and 50')
  }
  const root = resolve(o.dir)
  mkdirSync(root, { recursive: true })
  const homes = Array.from({ length: o.validators }, (_, i) => new Home(join(root, `node${i}`)))
  for (const h of homes) if (h.exists()) throw new DaejangError('HOME_EXISTS', `${h.dir} already holds a node`)
  const keys = homes.map((h) => {
    mkdirSync(h.dir, { recursive: true, mode: 0o700 })
    return { node: h.createKey('node'), admin: h.createKey('admin') }
  })
  const chainId = o.chainId ?? `daejang-testnet-${keys[0]!.node.publicKey.slice(0, 8)}`
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId,
    genesisTime: Date.now(),
    agencies: keys.map((k, i) => ({
      id: `agency-${i}`,
      name: `Agency ${i}`,
      validator: { publicKey: k.node.publicKey, power: 10 },
      admins: [k.admin.publicKey],
    })),
  })
  const p2pAddr = (i: number): string => `/ip4/127.0.0.1/tcp/${o.basePort + 2 * i}`
  const nodes = homes.map((h, i) => {
    const apiPort = o.basePort + 2 * i + 1
    h.writeGenesis(genesis)
    h.writeConfig(
      ConfigSchema.parse({
        format: 'daejang-config/1',
        heartbeatMs: o.heartbeatMs,
        apiPort,
        // quick rounds for a machine-local consortium: a proposer waits up to the heartbeat for transactions
        consensus: { proposeMs: o.heartbeatMs + 1_000, prevoteMs: 500, precommitMs: 500, deltaMs: 250 },
        p2p: {
          listen: p2pAddr(i),
          peers: keys.flatMap((k, j) => (j === i ? [] : [{ publicKey: k.node.publicKey, addr: p2pAddr(j) }])),
        },
      }),
    )
    return { home: h.dir, nodeKey: keys[i]!.node.publicKey, adminKey: keys[i]!.admin.publicKey, apiPort, p2p: p2pAddr(i) }
  })
  return { chainId, genesis, nodes }
}
