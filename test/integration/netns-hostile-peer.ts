/**
 * TEST ONLY — a hostile node for the namespace tests (test/integration/netns-sync.test.ts). Never part of the
 * product: it lives in test/, is not built into the app or the command line, and nothing in a node's configuration
 * can turn it on; it is started by a test as `node --import tsx test/integration/netns-hostile-peer.ts --home DIR`.
 *
 * It runs a node from a home as `daejang start` does (libp2p on the node key, the same admission rule, consensus
 * with the home's WAL and signing guard, the API, api.json), honest in everything but block sync: every answer it
 * gives to a peer's block sync request has the first block's commit forged (one signature changed, so the commit no
 * longer verifies) — the attack of docs/adr/0053, sent over a real network. It prints one line per forged answer.
 */
// first: what libp2p needs of the runtime, as the command line's entry does
import '../../src/server/compat'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { MESSAGE_OVERHEAD } from '../../src/ledger/consensus/driver'
import { FileGuardStore } from '../../src/ledger/consensus/guard-file'
import { FileWal } from '../../src/ledger/consensus/wal-file'
import { loadSigner, unlockSeed } from '../../src/ledger/crypto/keystore'
import { createP2PTransport } from '../../src/ledger/net/libp2p'
import type { Transport } from '../../src/ledger/net/transport'
import { ActivityLog } from '../../src/ledger/node/activity'
import { Home } from '../../src/ledger/node/home'
import { LedgerNode } from '../../src/ledger/node/node'
import { commitFromCanonical, commitToCanonical } from '../../src/ledger/types/block'
import { startApiServer } from '../../src/server/api-server'

/** A block sync answer whose first block's commit has one signature changed: it no longer verifies. */
export function forgeFirstCommit(answer: Uint8Array): Uint8Array | null {
  const items = decodeCanonical(answer) as Canonical[]
  if (!Array.isArray(items) || items.length === 0) return null
  const [block, commit] = items[0] as [Uint8Array, Canonical]
  const c = commitFromCanonical(commit)
  const sig = c.sigs[0]!.sig.slice()
  sig[0]! ^= 1
  c.sigs[0] = { ...c.sigs[0]!, sig }
  items[0] = [block, commitToCanonical(c)]
  return encodeCanonical(items)
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--home')
  if (at < 0 || !process.argv[at + 1]) throw new Error('usage: netns-hostile-peer.ts --home DIR')
  const home = new Home(process.argv[at + 1]!)
  const config = home.readConfig()
  const genesis = home.readGenesis()
  const p2p = config.p2p
  if (!p2p) throw new Error('the home has no network')
  const activity = new ActivityLog(home.activityFile)
  const configured = new Set(p2p.peers.map((p) => p.publicKey))
  const genesisKeys = new Set(genesis.agencies.flatMap((a) => (a.validator ? [a.validator.publicKey] : [])))
  const transport = await createP2PTransport({
    seed: unlockSeed(home.readKey('node')),
    listen: p2p.listen,
    peers: p2p.peers,
    allowed: (k: string) => configured.has(k) || genesisKeys.has(k),
    maxMessageBytes: genesis.params.maxBlockBytes + MESSAGE_OVERHEAD,
    rateLimit: { messagesPerSecond: 2_000, burst: 10_000 },
  })
  let forged = 0
  const hostile: Transport = {
    ...transport,
    onRequest: (h) =>
      transport.onRequest(async (from, data) => {
        const honest = await h(from, data)
        const bad = forgeFirstCommit(honest)
        if (bad === null) return honest
        forged++
        console.log(`hostile: forged answer ${forged} to ${from.slice(0, 8)}`)
        return bad
      }),
  }
  mkdirSync(home.consensusDir, { recursive: true })
  const node = await LedgerNode.open({
    dataDir: home.dataDir,
    genesis,
    validatorSigner: loadSigner(home.keyPath('node')),
    heartbeatMs: config.heartbeatMs,
    activity,
    transport: hostile,
    bft: () => ({
      wal: new FileWal(join(home.consensusDir, 'wal')),
      guardStore: new FileGuardStore(join(home.consensusDir, 'sign-guard')),
      timeouts: {
        propose: { base: Math.max(3_000, config.heartbeatMs + 1_000), delta: 500 },
        prevote: { base: 1_000, delta: 500 },
        precommit: { base: 1_000, delta: 500 },
      },
    }),
  })
  const api = await startApiServer({ node, home, port: config.apiPort, uiDir: null })
  node.start()
  home.writeApiInfo({ url: api.url, token: api.token, pid: process.pid, startedAt: new Date().toISOString() })
  console.log(`hostile: node running at height ${node.chain.head().height}`)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
