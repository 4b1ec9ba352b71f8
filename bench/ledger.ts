/**
 * Single-node ledger benchmarks (issue: foundation). Prints:
 *  - admission rate: transactions/s accepted into the mempool (all checks, signature verified, persisted), in-process
 *    and over the local HTTP API;
 *  - execution rate: transactions/s of a block executed and committed on a node that has never seen its
 *    transactions (signatures verified during execution), and of the producer path (mempool → block → commit);
 *  - proofs generated and verified per second.
 * Usage: npm run bench [-- --txs 20000]
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { cpus } from 'node:os'
import { LedgerNode } from '../src/ledger/node/node'
import { startApiServer } from '../src/server/api-server'
import { signVote, VoteType } from '../src/ledger/chain/block'
import { verifyProof } from '../src/ledger/chain/proof'
import { verifyNode } from '../src/ledger/crypto/ed25519-node'
import { toHex } from '../src/ledger/codec/bytes'
import { txHash } from '../src/ledger/chain/tx'
import { fixture, grants, rate } from './fixtures'

const arg = (name: string, d: number): number => {
  const i = process.argv.indexOf(name)
  return i >= 0 ? Number(process.argv[i + 1]) : d
}
const TXS = arg('--txs', 20_000)
const BLOCK = 5_000
/** one signer sends everything here, so the per-signer cap is lifted */
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }
const results: Array<[string, string, string]> = []
const report = (what: string, value: string, note = ''): void => {
  results.push([what, value, note])
  console.log(`${what.padEnd(48)} ${value.padStart(12)}  ${note}`)
}

async function main(): Promise<void> {
  const f = fixture()
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}`)
  console.log(`generating ${TXS} signed transactions…`)
  const txs = grants(f, TXS)

  // 1. admission, in-process, concurrent (group commit of the persisted mempool)
  {
    const node = await LedgerNode.open({ dataDir: join(f.dir, 'adm'), genesis: f.genesis, mempoolLimits: LIMITS })
    const t0 = performance.now()
    for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => node.submitJson(t)))
    report('admission (in-process, persisted)', rate(txs.length, performance.now() - t0), `${txs.length} txs`)

    // 2. producer path: mempool → block → commit, signatures cached from admission
    const t1 = performance.now()
    let committed = 0
    let h = 0
    while (node.mempool.size > 0) {
      const head = node.chain.head()
      const lc = head.height === 0 ? null : await node.getCommit(head.height)
      const { prepared } = await node.chain.buildBlock(node.mempool.reap(BLOCK, 1 << 30), f.validator.publicKey, Date.now(), lc)
      const v = signVote(f.genesis.chainId, f.validator, { type: VoteType.precommit, height: prepared.block.header.height, round: 0, blockHash: prepared.hash })
      await node.chain.commit(prepared, { height: v.height, round: 0, blockHash: v.blockHash, sigs: [{ validator: v.validator, sig: v.sig }] }, (h) => node.mempool.has(h))
      node.mempool.remove(prepared.txs.map((c) => c.hashHex))
      committed += prepared.txs.length
      h++
    }
    report('block production (mempool → commit)', rate(committed, performance.now() - t1), `${h} blocks of ≤${BLOCK}`)

    // 3. execution with verification: a fresh node replays those blocks (cold signature cache)
    const fresh = await LedgerNode.open({ dataDir: join(f.dir, 'replay'), genesis: f.genesis })
    const t2 = performance.now()
    let n = 0
    for (let height = 1; height <= node.chain.head().height; height++) {
      const b = await node.store.getBlockBytes(height)
      const c = (await node.getCommit(height))!
      const p = await fresh.chain.validateBlock(b!)
      await fresh.chain.commit(p, c, (h) => fresh.mempool.has(h))
      n += p.txs.length
    }
    report('block execution incl. signature verification', rate(n, performance.now() - t2), 'validate + execute + commit, cold cache')

    // 4. proofs
    const hashes: string[] = []
    for (let height = 1; height <= node.chain.head().height; height++) {
      const b = await node.getBlock(height)
      for (let i = 0; i < b.block.txs.length; i += 7) hashes.push(toHex(txHash(b.block.txs[i]!)))
    }
    const t3 = performance.now()
    const proofs = []
    for (const h of hashes) proofs.push(await node.getProof(h))
    report('proofs generated', rate(proofs.length, performance.now() - t3), `${proofs.length} proofs, blocks of ${BLOCK}`)
    const trust = node.trustList()
    const t4 = performance.now()
    for (const p of proofs) if (!verifyProof(p, trust, verifyNode).valid) throw new Error('proof failed')
    report('proofs verified (node:crypto)', rate(proofs.length, performance.now() - t4))
    const some = proofs.slice(0, 500)
    const t5 = performance.now()
    for (const p of some) if (!verifyProof(p, trust).valid) throw new Error('proof failed')
    report('proofs verified (portable, as in the browser)', rate(some.length, performance.now() - t5))
    await fresh.close()
    await node.close()
  }

  // 5. admission over HTTP
  {
    const node = await LedgerNode.open({ dataDir: join(f.dir, 'http'), genesis: f.genesis, mempoolLimits: LIMITS })
    const api = await startApiServer({ node, uiDir: null })
    const few = txs.slice(0, Math.min(10_000, txs.length))
    const t0 = performance.now()
    for (let i = 0; i < few.length; i += 200) {
      await Promise.all(
        few.slice(i, i + 200).map(async (t) => {
          const r = await fetch(api.url + '/api/v1/txs', {
            method: 'POST',
            headers: { Authorization: `Bearer ${api.token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(t),
          })
          if (r.status !== 202) throw new Error(`HTTP ${r.status}: ${await r.text()}`)
        }),
      )
    }
    report('admission over the HTTP API (same machine)', rate(few.length, performance.now() - t0), `${few.length} txs, 200 in flight`)
    await api.close()
    await node.close()
  }
  rmSync(f.dir, { recursive: true, force: true })
  console.log('\n| measure | rate | note |\n|---|---|---|')
  for (const [a, b, c] of results) console.log(`| ${a} | ${b} | ${c} |`)
}

await main()
