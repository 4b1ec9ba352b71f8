/**
 * Catch-up benchmark (issue 15 ## Speed, docs/adr/0053): a node 100,000 transactions behind catches up by block sync
 * from 3 peers, then (a fresh node) from 1 peer; prints time and transactions per second of each.
 * In-process: every node (the peers and the catching node) is a LedgerNode in this one process, over LocalNetwork
 * (no sockets); the catching node verifies every commit and executes every block as it would over libp2p. On one
 * process the peers' answers (store reads) overlap with the catching node's work only as far as LevelDB's threads and
 * the verification workers allow: the figures compare the driver's scheduling, not a network's bandwidth.
 * The chain is made first by one validator (blocks of --block transactions, each with its commit), copied to every
 * peer; the peers are followers (they serve sync and vote on nothing); a prevote signed by the validator for the next
 * height tells the catching node that it is behind.
 * --mbps N models each peer's uplink: a peer sends its answers one at a time, each taking --rtt-ms plus its size at N
 * megabits a second (0: no model, answers as fast as the process makes them). Catch-up is bound by executing blocks
 * when links are fast, by the links when they are slow: that is where several peers help.
 * Usage: npx tsx bench/catchup.ts [--txs 100000 --block 200 --mbps 0 --rtt-ms 20; with a link: --block 50 --mbps 5]
 */
import { cpSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { toHex } from '../src/ledger/codec/bytes'
import { encodeInput } from '../src/ledger/consensus/messages'
import { randomSeed } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { LocalNetwork, type Transport } from '../src/ledger/net/transport'
import { LedgerNode } from '../src/ledger/node/node'
import { VoteType, signVote } from '../src/ledger/types/block'
import { argOf, fixture, grants, rate } from './fixtures'

const TXS = argOf('--txs', 100_000)
const BLOCK = argOf('--block', 200)
const MBPS = argOf('--mbps', 0)
const RTT_MS = argOf('--rtt-ms', 20)
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }

/** A peer's transport whose answers go out one at a time over a link of MBPS megabits a second and RTT_MS. */
function withUplink(t: Transport): Transport {
  let link = Promise.resolve()
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))
  return {
    ...t,
    onRequest: (h) =>
      t.onRequest(async (from, data) => {
        const answer = await h(from, data)
        const sent = link.then(() => sleep(RTT_MS + (answer.length * 8) / (MBPS * 1000)))
        link = sent
        await sent
        return answer
      }),
  }
}

async function main(): Promise<void> {
  const f = fixture()
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    console.log(`in-process nodes over LocalNetwork (no sockets); ${MBPS > 0 ? `each peer's uplink modelled: ${MBPS} Mbit/s, ${RTT_MS} ms per answer` : 'no link model'}`)
    // the chain: TXS role grants in blocks of BLOCK, each block with the validator's commit
    const sourceDir = join(f.dir, 'source')
    const source = await LedgerNode.open({ dataDir: sourceDir, genesis: f.genesis, mempoolLimits: LIMITS })
    const txs = grants(f, TXS)
    for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => source.submitJson(t)))
    while (source.mempool.size > 0) {
      const head = source.chain.head()
      const lc = head.height === 0 ? null : await source.getCommit(head.height)
      const { prepared } = await source.chain.buildBlock(source.mempool.reap(BLOCK, 1 << 30), f.validator.publicKey, Date.now(), lc)
      const h = prepared.block.header.height
      const v = signVote(f.genesis.chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
      await source.chain.commit(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] }, (x) =>
        source.mempool.has(x),
      )
      source.mempool.remove(prepared.txs.map((c) => c.hashHex))
    }
    const top = source.chain.head().height
    await source.close()
    console.log(`chain: ${TXS.toLocaleString('en-US')} transactions in ${top} blocks of ${BLOCK}`)

    for (const peerCount of [3, 1]) {
      const net = new LocalNetwork()
      const nodes: LedgerNode[] = []
      const transports: Transport[] = []
      // the first peer is named by the validator's key: the validator's vote points the catching node at it
      const names = [toHex(f.validator.publicKey), ...Array.from({ length: peerCount - 1 }, () => toHex(nodeSigner(randomSeed()).publicKey))]
      for (let i = 0; i < peerCount; i++) {
        const dataDir = join(f.dir, `peer${peerCount}-${i}`)
        cpSync(sourceDir, dataDir, { recursive: true })
        const joined = net.join(names[i]!)
        transports.push(joined)
        const t = MBPS > 0 ? withUplink(joined) : joined
        const n = await LedgerNode.open({ dataDir, genesis: f.genesis, mempoolLimits: LIMITS, transport: t, heartbeatMs: 60_000 })
        n.start()
        nodes.push(n)
      }
      const t = net.join(toHex(nodeSigner(randomSeed()).publicKey))
      transports.push(t)
      const fresh = await LedgerNode.open({ dataDir: join(f.dir, `fresh${peerCount}`), genesis: f.genesis, mempoolLimits: LIMITS, transport: t, heartbeatMs: 60_000 })
      nodes.push(fresh)
      fresh.start()
      const vote = signVote(f.genesis.chainId, f.validator, { type: VoteType.prevote, height: top + 1, round: 0, blockHash: new Uint8Array(32) })
      const t0 = performance.now()
      // sent again now and then, as a validator's rebroadcasts are
      const sendVote = (): void => transports[0]!.broadcast('consensus', encodeInput({ kind: 'vote', vote }))
      sendVote()
      const voting = setInterval(sendVote, 500)
      const deadline = Date.now() + 30 * 60_000
      try {
        while (fresh.chain.head().height < top) {
          if (Date.now() > deadline) throw new Error(`no catch-up after 30 minutes (height ${fresh.chain.head().height} of ${top})`)
          await new Promise((r) => setTimeout(r, 5))
        }
      } finally {
        clearInterval(voting)
      }
      const ms = performance.now() - t0
      const line = `from ${peerCount} peer${peerCount > 1 ? 's' : ''}: ${TXS.toLocaleString('en-US')} tx (${top} blocks) in ${(ms / 1000).toFixed(1)} s, ${rate(TXS, ms)} (load ${loadavg()[0]!.toFixed(2)})`
      console.log(line)
      // the catch-up's record is written when it ends (after its last block)
      const endedOf = () => fresh.activity.list({ kinds: ['sync'] }).entries.find((e) => e.event === 'sync.ended')
      while (!endedOf() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
      const ended = endedOf()
      if (ended) console.log(`  recorded: ${JSON.stringify(ended.details)}`)
      for (const n of nodes) await n.close()
      for (const tr of transports) tr.close()
    }
  } finally {
    f.cleanup()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
