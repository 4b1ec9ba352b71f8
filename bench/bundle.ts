/**
 * Sneakernet bundles (docs/adr/0062): export and import of --txs transactions (default 100,000; role grants of about
 * 300 bytes, blocks of 5,000). Prints the export time and rate, the verify-only pass (what `--dry-run` costs: every
 * commit checked, nothing applied), and the full import (verify pass, then every block validated, executed and
 * committed by a node that never saw the transactions: signatures verified in worker threads), with the file's size.
 * Target: import ≥ 5,000 tx/s with every commit verified.
 * Usage: npx tsx bench/bundle.ts [--txs 100000]
 */
import { statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { VoteType, signVote } from '../src/ledger/types/block'
import { LedgerNode } from '../src/ledger/node/node'
import { exportBlocks } from '../src/ledger/bundle/export'
import { importBundle, previewBundle } from '../src/ledger/bundle/import'
import { argOf, fixture, grants } from './fixtures'

const TXS = argOf('--txs', 100_000)
const BLOCK = 5_000
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')

async function main(): Promise<void> {
  const f = fixture()
  try {
    console.log(`bundle bench: ${fmt(TXS)} transactions, blocks of ${fmt(BLOCK)}, ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
    const src = await LedgerNode.open({ dataDir: join(f.dir, 'src'), genesis: f.genesis, mempoolLimits: LIMITS })
    const txs = grants(f, TXS)
    const t0 = performance.now()
    for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => src.submitJson(t)))
    while (src.mempool.size > 0) {
      const head = src.chain.head()
      const h = head.height + 1
      const lc = head.height === 0 ? null : await src.getCommit(head.height)
      const { prepared } = await src.chain.buildBlock(src.mempool.reap(BLOCK, 1 << 30), f.validator.publicKey, Date.now(), lc)
      const v = signVote(f.genesis.chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
      await src.applyBlock(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] })
    }
    const head = src.chain.head().height
    console.log(`source chain: ${head} blocks in ${fmt(performance.now() - t0)} ms (setup, not measured)`)

    const file = join(f.dir, 'bundle.djb')
    const e0 = performance.now()
    const ex = await exportBlocks(src, { from: 1 }, file, f.validator)
    const exportMs = performance.now() - e0
    const mb = statSync(file).size / 2 ** 20
    await src.close()

    const dst = await LedgerNode.open({ dataDir: join(f.dir, 'dst'), genesis: f.genesis, mempoolLimits: LIMITS })
    const p0 = performance.now()
    const preview = await previewBundle(dst, file)
    const verifyMs = performance.now() - p0
    const i0 = performance.now()
    const c0 = process.cpuUsage()
    const r = await importBundle(dst, file)
    const importMs = performance.now() - i0
    const cpu = process.cpuUsage(c0)
    const cpuUsPerTx = (cpu.user + cpu.system) / TXS
    if (r.appliedBlocks !== head || r.newTxs !== TXS || preview.newTxs !== TXS) throw new Error('the import did not apply everything')
    await dst.close()

    console.log(`file: ${mb.toFixed(1)} MiB, ${ex.header.blocks} blocks, ${fmt(ex.header.txs)} transactions`)
    console.log(`export                                   ${fmt(exportMs).padStart(7)} ms   ${fmt((TXS * 1000) / exportMs).padStart(9)} tx/s`)
    console.log(`verify only (--dry-run: every commit)    ${fmt(verifyMs).padStart(7)} ms   ${fmt((TXS * 1000) / verifyMs).padStart(9)} tx/s`)
    console.log(`import (verify pass + validate, execute, commit)  ${fmt(importMs).padStart(7)} ms   ${fmt((TXS * 1000) / importMs).padStart(9)} tx/s   target ≥ 5,000 tx/s`)
    console.log(`import CPU time (every thread of the process) ${cpuUsPerTx.toFixed(0)} µs/tx: ${fmt(1e6 / cpuUsPerTx)} tx/s per core busy`)
    console.log(`load after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  } finally {
    f.cleanup()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
