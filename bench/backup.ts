/**
 * Node backups (docs/adr/0065): the backup and the restore of a node whose store holds --txs transactions (default
 * 100,000 role grants, blocks of 5,000). Prints the store's size, the backup's time and rate (store entries and MiB
 * a second, while the node is open: read from one LevelDB snapshot, sealed with AES-256-GCM in 1 MiB parts, written to
 * a file) and the restore's (every part authenticated, the store written in batches, then checked and moved in).
 * Usage: npx tsx bench/backup.ts [--txs 100000]
 */
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { VoteType, signVote } from '../src/ledger/types/block'
import { LedgerNode } from '../src/ledger/node/node'
import { Home } from '../src/ledger/node/home'
import { createBackupFile, folderBytes } from '../src/server/backup/create'
import { restoreFromBackup } from '../src/server/backup/restore'
import { argOf, fixture, grants } from './fixtures'

const TXS = argOf('--txs', 100_000)
const BLOCK = 5_000
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const MiB = (n: number): string => (n / 2 ** 20).toFixed(1)

async function main(): Promise<void> {
  const f = fixture()
  try {
    console.log(`backup bench: ${fmt(TXS)} transactions, ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
    const home = new Home(join(f.dir, 'home'))
    mkdirSync(home.dir, { recursive: true })
    writeFileSync(home.genesisPath, JSON.stringify(f.genesis, null, 2) + '\n')
    home.writeConfig({ format: 'daejang-config/1', heartbeatMs: 5000, apiPort: 0 })
    home.createKey('node')
    const src = await LedgerNode.open({ dataDir: home.dataDir, genesis: f.genesis, mempoolLimits: LIMITS })
    const txs = grants(f, TXS)
    for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => src.submitJson(t)))
    while (src.mempool.size > 0) {
      const head = src.chain.head()
      const h = head.height + 1
      const lc = head.height === 0 ? null : await src.getCommit(head.height)
      const { prepared } = await src.chain.buildBlock(src.mempool.reap(BLOCK, 1 << 30), f.validator.publicKey, Date.now(), lc)
      const v = signVote(f.genesis.chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
      await src.applyBlock(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] })
    }
    const storeBytes = folderBytes(join(home.dataDir, 'chain'))
    console.log(`source: height ${src.chain.head().height}, store ${MiB(storeBytes)} MiB on disk (setup, not measured)`)

    const file = join(f.dir, 'node.djbackup')
    const b0 = performance.now()
    const made = await createBackupFile({ home, passphrase: 'bench passphrase', store: src.store }, file)
    const backupMs = performance.now() - b0
    await src.close()
    const size = statSync(file).size

    const target = join(f.dir, 'restored')
    const r0 = performance.now()
    const r = await restoreFromBackup(target, createReadStream(file, { highWaterMark: 1 << 20 }), 'bench passphrase', undefined, { total: size })
    const restoreMs = performance.now() - r0
    if (r.entries !== made.entries || r.height !== made.claims.height) throw new Error('the restore does not match the backup')

    console.log(`file: ${MiB(size)} MiB, ${fmt(made.entries)} store entries`)
    console.log(`backup  (snapshot, seal, write)           ${fmt(backupMs).padStart(7)} ms   ${fmt((made.entries * 1000) / backupMs).padStart(9)} entries/s   ${(size / 2 ** 20 / (backupMs / 1000)).toFixed(1)} MiB/s   ${fmt((TXS * 1000) / backupMs)} tx/s`)
    console.log(`restore (authenticate, write, check, move) ${fmt(restoreMs).padStart(7)} ms   ${fmt((made.entries * 1000) / restoreMs).padStart(9)} entries/s   ${(size / 2 ** 20 / (restoreMs / 1000)).toFixed(1)} MiB/s   ${fmt((TXS * 1000) / restoreMs)} tx/s`)
    console.log(`load after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  } finally {
    f.cleanup()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
