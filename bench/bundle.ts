/**
 * Sneakernet bundles (docs/adr/0062): export and import of --txs transactions (default 100,000; role grants of about
 * 300 bytes, blocks of 5,000). Prints the export time and rate, the verify-only pass (what `--dry-run` costs: every
 * commit checked, nothing applied), and the full import (verify pass, then every block validated, executed and
 * committed by a node that never saw the transactions: signatures verified in worker threads), with the file's size;
 * beside it, catch-up replay of the same blocks (block sync's work without the file: validate ahead, execute, commit)
 * on another fresh node; then --pending transactions (default 1,000) carried back by a bundle of pending
 * transactions through the mempool's admission. CPU time is given a transaction, of the main thread and of every
 * thread (what a quiet machine would do: 1e6 / main-thread µs is the rate while the workers keep up).
 * Target: import ≥ 5,000 tx/s with every commit verified.
 * --block and --validators give smaller blocks and more signatures a commit (what a block's own costs weigh: its
 * commit's signatures, checked in both passes and again as the next block's last commit, and its synced write).
 * Usage: npx tsx bench/bundle.ts [--txs 100000] [--block 5000] [--validators 1] [--pending 1000]
 *          [--profile import|verify|apply|replay|pending]
 */
import { Session } from 'node:inspector/promises'
import { statSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { type Commit, VoteType, signVote } from '../src/ledger/types/block'
import { LedgerNode } from '../src/ledger/node/node'
import { exportBlocks, exportPending } from '../src/ledger/bundle/export'
import { importBundle, previewBundle } from '../src/ledger/bundle/import'
import { mainThreadCpu, startProfile, stopProfile, threadCpu, threadsSince } from './cpu'
import { toHex } from '../src/ledger/codec/bytes'
import { type Signer, randomSeed } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { parseGenesis } from '../src/ledger/types/genesis'
import { type Fixture, argOf, fixture, grants, strArg } from './fixtures'

const TXS = argOf('--txs', 100_000)
const PENDING = argOf('--pending', 1_000)
const PROFILE = strArg('--profile')
const BLOCK = argOf('--block', 5_000)
/** validators of the consortium, each signing every commit (the bundle's commits are checked signature by signature) */
const VALIDATORS = argOf('--validators', 1)
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ')

interface Mark { t: number; main: number; all: number; threads: Map<string, number> }
const mark = (): Mark => {
  const c = process.cpuUsage()
  return { t: performance.now(), main: mainThreadCpu(), all: c.user + c.system, threads: threadCpu() }
}
/** one line: wall time and rate, CPU µs a transaction of the main thread and of all threads, by thread */
function line(what: string, a: Mark, n: number, note = ''): string {
  const b = mark()
  const ms = b.t - a.t
  const main = (b.main - a.main) / n
  const all = (b.all - a.all) / n
  return (
    `${what.padEnd(44)} ${fmt(ms).padStart(7)} ms ${fmt((n * 1000) / ms).padStart(8)} tx/s   CPU µs/tx: main ${main.toFixed(0).padStart(4)}, all ${all.toFixed(0).padStart(4)}` +
    ` (${threadsSince(a.threads, n)})${note}`
  )
}

let session: Session | null = null
async function profiled<T>(phase: string, run: () => Promise<T>): Promise<T> {
  if (PROFILE !== phase) return run()
  session = new Session()
  session.connect()
  await startProfile(session)
  return run()
}
async function endProfile(phase: string, n: number): Promise<void> {
  if (PROFILE !== phase || !session) return
  await stopProfile(session, n)
  session.disconnect()
  session = null
}

/** the bench's fixture with VALIDATORS validators of equal power, the fixture's own first (it proposes) */
function withValidators(f: Fixture): { f: Fixture; signers: Signer[] } {
  const signers = [f.validator, ...Array.from({ length: VALIDATORS - 1 }, () => nodeSigner(randomSeed()))]
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId: f.genesis.chainId,
    genesisTime: f.genesis.genesisTime,
    params: { maxBlockTxs: 10_000, maxBlockBytes: 16 << 20 },
    agencies: signers.map((v, i) => ({ id: i === 0 ? 'a' : `v${i}`, name: `V${i}`, validator: { publicKey: toHex(v.publicKey), power: 1 }, admins: [toHex(i === 0 ? f.admin.publicKey : v.publicKey)] })),
  })
  return { f: { ...f, genesis }, signers }
}

async function main(): Promise<void> {
  const { f, signers } = withValidators(fixture())
  try {
    console.log(`bundle bench: ${fmt(TXS)} transactions, blocks of ${fmt(BLOCK)}, ${VALIDATORS} validator(s), ${cpus().length} cores, load ${load()}`)
    const src = await LedgerNode.open({ dataDir: join(f.dir, 'src'), genesis: f.genesis, mempoolLimits: LIMITS })
    const txs = grants(f, TXS + PENDING)
    const t0 = performance.now()
    for (let i = 0; i < TXS; i += 1000) await Promise.all(txs.slice(i, Math.min(i + 1000, TXS)).map((t) => src.submitJson(t)))
    while (src.mempool.size > 0) {
      const head = src.chain.head()
      const h = head.height + 1
      const lc = head.height === 0 ? null : await src.getCommit(head.height)
      const { prepared } = await src.chain.buildBlock(src.mempool.reap(BLOCK, 1 << 30), f.validator.publicKey, Date.now(), lc)
      const sigs = signers.map((s) => signVote(f.genesis.chainId, s, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash }))
      await src.applyBlock(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: sigs.map((v) => ({ validator: v.validator, sig: v.sig })) })
    }
    const head = src.chain.head().height
    console.log(`source chain: ${head} blocks in ${fmt(performance.now() - t0)} ms (setup, not measured)`)

    const file = join(f.dir, 'bundle.djb')
    const e0 = mark()
    const ex = await exportBlocks(src, { from: 1 }, file, f.validator)
    const exportLine = line('export', e0, TXS)
    const mb = statSync(file).size / 2 ** 20

    // catch-up replay of the same blocks on a fresh node: block sync's work (driver.ts applyItems) without the file
    const rep = await LedgerNode.open({ dataDir: join(f.dir, 'replay'), genesis: f.genesis, mempoolLimits: LIMITS })
    const blocks: Array<{ bytes: Uint8Array; commit: Commit }> = []
    for (let h = 1; h <= head; h++) blocks.push({ bytes: (await src.store.getBlockBytes(h))!, commit: (await src.getCommit(h))! })
    const r0 = mark()
    await profiled('replay', async () => {
      rep.lookahead.ahead(blocks.slice(1).map((b) => b.bytes))
      for (const b of blocks) {
        const p = await rep.chain.validateBlock(b.bytes)
        await rep.applyBlock(p, b.commit)
      }
      rep.lookahead.clear()
    })
    const replayLine = line('catch-up replay (same blocks, no file)', r0, TXS)
    await endProfile('replay', TXS)
    await rep.close()

    const dst = await LedgerNode.open({ dataDir: join(f.dir, 'dst'), genesis: f.genesis, mempoolLimits: LIMITS })
    const p0 = mark()
    const preview = await profiled('verify', () => previewBundle(dst, file))
    const verifyLine = line('verify only (--dry-run: every commit)', p0, TXS)
    await endProfile('verify', TXS)

    const i0 = mark()
    let applyMark: Mark | null = null
    let verifyPassLine = ''
    const r = await profiled('import', () =>
      importBundle(dst, file, {
        progress: (phase) => {
          if (phase === 'apply' && !applyMark) {
            verifyPassLine = line('  of which the verify pass', i0, TXS)
            applyMark = mark()
            if (PROFILE === 'apply' && !session) void profiled('apply', async () => undefined)
          }
        },
      }),
    )
    const importLine = line('import (verify pass + validate, execute, commit)', i0, TXS, '   target ≥ 5,000 tx/s')
    const applyLine = applyMark ? line('  of which the apply pass', applyMark, TXS) : ''
    await endProfile('import', TXS)
    await endProfile('apply', TXS)
    if (r.appliedBlocks !== head || r.newTxs !== TXS || preview.newTxs !== TXS) throw new Error('the import did not apply everything')

    // pending transactions carried back: the next PENDING grants wait in the source's mempool, exported, admitted by dst
    for (const t of txs.slice(TXS)) await src.submitJson(t)
    const pfile = join(f.dir, 'pending.djb')
    const x0 = mark()
    await exportPending(src, pfile, f.validator)
    const pendingExportLine = line(`export of ${fmt(PENDING)} pending`, x0, PENDING)
    const q0 = mark()
    const pr = await profiled('pending', () => importBundle(dst, pfile))
    const pendingLine = line(`import of ${fmt(PENDING)} pending (mempool admission)`, q0, PENDING)
    await endProfile('pending', PENDING)
    if (pr.admitted !== PENDING) throw new Error(`the pending import admitted ${pr.admitted} of ${PENDING}`)
    await src.close()
    await dst.close()

    console.log(`file: ${mb.toFixed(1)} MiB, ${ex.header.blocks} blocks, ${fmt(ex.header.txs)} transactions`)
    for (const l of [exportLine, verifyLine, importLine, verifyPassLine, applyLine, replayLine, pendingExportLine, pendingLine]) if (l) console.log(l)
    console.log(`load after: ${load()}`)
  } finally {
    f.cleanup()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
