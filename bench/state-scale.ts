/**
 * The state tree at 1M and 10M keys (issue 11), in two steps run as separate processes:
 *
 *   build    a genesis state of --keys generated keys (bench/state-keys.ts) written as version 1 by the bulk builder
 *            (src/ledger/state/tree/bulk.ts: sorted, bottom-up; the same root as the incremental tree, which
 *            --check verifies at small sizes), with the flat `s/` values, into a LevelDB opened with the store's
 *            options. Prints the build rate and the disk bytes per key.
 *   measure  opens that LevelDB as the node does (the store's options, a StateTree with the store's node cache) and
 *            executes --blocks blocks of --block-txs transactions over it (each: the flat values of its keys read
 *            in one getMany as the store's preload does, ~3 writes a transaction — a new used-nonce key, the
 *            signer's nonce, one existing entry changed —, the tree's prepare + prune, one synced batch), then point
 *            reads, "as of" reads (a random kept version), proofs. Prints the insert rate of those blocks, their
 *            time, the peak RSS while executing them (VmHWM, reset before) and where the memory is (the process's
 *            mappings by kind), the disk bytes per key after them, read p50/p99, proof rate and sizes.
 *
 *   proofs   proof generation alone (no blocks): one at a time and --inflight 64 at once, CPU and LevelDB reads a
 *            proof, and verification with OpenSSL's and the portable SHA-256 (docs/adr/0043)
 *
 *   measure also reads cold (fresh process, empty node cache) and warm, "as of" cold and warm, and prints the CPU
 *            time a proof and the size of a range proof.
 *
 * And the real node (LedgerNode, its Store and tree) over a large state, each step its own process:
 *   node-genesis  --keys N: a node home (DIR/home) whose genesis state holds the genesis entries and N generated
 *                 keys, bulk-built as version 0 with the store's meta records (DIR/fixture.json keeps the keys)
 *   node-produce  --blocks B --block-txs T: a node on a copy admits and produces B blocks of signed role grants,
 *                 saved under DIR/blocks
 *   node-execute  a node on a fresh copy of the genesis home validates, executes and commits them: rate and peak RSS
 *
 * Usage: nice -n 10 node --expose-gc --import tsx bench/state-scale.ts build --keys 1000000 --dir DIR [--check]
 *        nice -n 10 node --expose-gc --import tsx bench/state-scale.ts measure --dir DIR [--blocks 20]
 *            [--block-txs 5000] [--keep 100] [--reads 20000] [--proofs 5000] [--level-defaults | --max-open-files N] [--cache NODES]
 *        nice -n 10 node --expose-gc --import tsx bench/state-scale.ts node-genesis --keys 1000000 --dir DIR2
 *        … node-produce --dir DIR2 --blocks 10 --block-txs 5000;  … node-execute --dir DIR2
 * --level-defaults opens the LevelDB with classic-level's defaults (the store's options before docs/adr/0031), for
 * A/B runs. The node's process runs with MALLOC_ARENA_MAX=2 (src/main/node-host.ts): set it for these runs too.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { cpus, loadavg, totalmem } from 'node:os'
import { Level } from 'level'
import { type Canonical, decodeCanonical, encodeCanonical } from '../src/ledger/codec/canonical'
import { equalBytes, fromHex, toHex, utf8 } from '../src/ledger/codec/bytes'
import { randomSeed } from '../src/ledger/crypto/ed25519'
import { nodeSigner } from '../src/ledger/crypto/ed25519-node'
import { LedgerNode } from '../src/ledger/node/node'
import { Chain, genesisState } from '../src/ledger/state/chain'
import { VoteType, commitFromCanonical, signVote } from '../src/ledger/types/block'
import { parseGenesis } from '../src/ledger/types/genesis'
import { installNodeSha256 } from '../src/ledger/crypto/sha256-node'
import { installSha256 } from '../src/ledger/crypto/sha256'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { type StateProof, encodeStateProof, groupOf, groupPrefix, statePath, verifyStateProof } from '../src/ledger/proofs/state-proof'
import { StateTree, levelTreeDb, memoryTreeDb } from '../src/ledger/state/tree'
import { BulkTreeBuilder } from '../src/ledger/state/tree/bulk'
import { STORE_FORMAT, STORE_LEVEL_OPTIONS, STORE_TREE_CACHE_NODES } from '../src/ledger/store/store'
import { type Fixture, argOf, dirBytes, grants, PeakRss, rssMb, seededRandom, strArg } from './fixtures'
import { SIGNERS, keyAt, signers, valueAt } from './state-keys'

const MODE = process.argv[2]
const DIR = strArg('--dir')
const LEVEL_OPTIONS = process.argv.includes('--level-defaults')
  ? { keyEncoding: 'utf8', valueEncoding: 'view' }
  : process.argv.includes('--max-open-files')
    ? { ...STORE_LEVEL_OPTIONS, maxOpenFiles: argOf('--max-open-files', 100) }
    : STORE_LEVEL_OPTIONS

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1)) + ' ms'
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')
const rows: string[] = []
function row(what: string, value: string, note = ''): void {
  console.log(`${what.padEnd(46)} ${value}${note ? '   ' + note : ''}`)
  rows.push(`| ${what} | ${value} | ${note} |`)
}

/** JS heap in use after a full collection (with --expose-gc), of the heap's committed size, and Buffers, MB */
function heap(): string {
  ;(globalThis as { gc?: () => void }).gc?.()
  const m = process.memoryUsage()
  return `JS heap ${(m.heapUsed / 2 ** 20).toFixed(0)} of ${(m.heapTotal / 2 ** 20).toFixed(0)} MB, buffers ${(m.arrayBuffers / 2 ** 20).toFixed(0)} MB`
}

/** This process's resident memory by kind of mapping (Linux): where RSS goes beyond the JS heap. */
function rssByKind(): string {
  let text: string
  try {
    text = readFileSync('/proc/self/smaps', 'utf8')
  } catch {
    return 'no /proc/self/smaps'
  }
  const kb = new Map<string, number>()
  let kind = ''
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line)
    if (m) {
      const start = BigInt('0x' + m[1]!)
      const size = BigInt('0x' + m[2]!) - start
      const name = m[3]!.trim()
      kind =
        name === '[heap]'
          ? 'malloc main arena'
          : name.endsWith('.ldb')
            ? 'LevelDB tables (mmap)'
            : name === '' && start % (64n << 20n) === 0n && size <= 64n << 20n
              ? 'malloc thread arenas'
              : name === ''
                ? 'other anonymous (V8 heap, big buffers)'
                : 'other files (code)'
      continue
    }
    if (line.startsWith('Rss:')) kb.set(kind, (kb.get(kind) ?? 0) + Number(line.split(/\s+/)[1]))
  }
  return [...kb]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${(v / 1024).toFixed(0)}`)
    .join(', ')
}

const { randInt } = seededRandom()

function comparePaths(a: Uint8Array, ao: number, b: Uint8Array, bo: number): number {
  for (let i = 0; i < 64; i++) if (a[ao + i] !== b[bo + i]) return a[ao + i]! - b[bo + i]!
  return 0
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Write KEYS generated keys (and `extra` entries) as version `version` of the tree, bottom-up with the bulk builder,
 * and their flat `s/` values, into `level` in unsynced batches of ~50,000 records (the last one synced). Memory:
 * 6 bytes a key for the sort's first pass, and one bucket of keys at a time (a group of the generated keys holds a
 * twelfth of them). Returns the root.
 */
async function bulkLoad(level: Level<string, Uint8Array>, KEYS: number, version: number, extra: ReadonlyArray<readonly [string, Canonical]> = []): Promise<Uint8Array> {
  const FLUSH = 50_000
  const t0 = performance.now()
  const N = KEYS + extra.length
  const keyOf = (i: number): string => (i < KEYS ? keyAt(i) : extra[i - KEYS]![0])
  const valueOf = (i: number): Canonical => (i < KEYS ? valueAt(i) : extra[i - KEYS]![1])
  // pass 1: the keys by the first 16 bits of their paths (their group's hash), with a counting sort
  const BUCKETS = 65_536
  const top = new Uint16Array(N)
  const counts = new Uint32Array(BUCKETS + 1)
  for (let i = 0; i < N; i++) {
    const g = groupPrefix(groupOf(keyOf(i)))
    const b = (g[0]! << 8) | g[1]!
    top[i] = b
    counts[b + 1]!++
  }
  for (let b = 0; b < BUCKETS; b++) counts[b + 1]! += counts[b]!
  const order = new Uint32Array(N)
  const fill = counts.slice(0, BUCKETS)
  for (let i = 0; i < N; i++) order[fill[top[i]!]!++] = i
  const t1 = performance.now()
  console.log(`  keys bucketed in ${((t1 - t0) / 1000).toFixed(0)} s; RSS ${rssMb().toFixed(0)} MB`)

  // pass 2: bucket by bucket, the keys in path order into the bulk builder; nodes and flat values in unsynced batches
  const builder = new BulkTreeBuilder(version)
  let batch = level.batch()
  let inBatch = 0
  let written = 0
  let lastLog = t1
  for (let b = 0; b < BUCKETS; b++) {
    const lo = counts[b]!
    const n = counts[b + 1]! - lo
    if (n === 0) continue
    const paths = new Uint8Array(n * 64)
    const keys: string[] = new Array(n)
    for (let j = 0; j < n; j++) {
      keys[j] = keyOf(order[lo + j]!)
      paths.set(statePath(keys[j]!), j * 64)
    }
    const idx = Array.from({ length: n }, (_, j) => j).sort((x, y) => comparePaths(paths, x * 64, paths, y * 64))
    for (const j of idx) {
      const value = encodeCanonical(valueOf(order[lo + j]!))
      builder.add(keys[j]!, paths.subarray(j * 64, j * 64 + 64), value)
      batch.put('s/' + keys[j]!, value)
      inBatch++
      // flushed within a bucket too: a group of the generated keys (nt/rec, nt/st…) holds a twelfth of them
      if (builder.pending + inBatch < FLUSH) continue
      for (const op of builder.take()) if (op.type === 'put') batch.put(op.key, op.value)
      await batch.write()
      written += inBatch
      batch = level.batch()
      inBatch = 0
      const now = performance.now()
      if (now - lastLog > 30_000) {
        console.log(`  ${fmt(written).padStart(11)} keys  ${fmt((written * 1000) / (now - t1))} keys/s  RSS ${rssMb().toFixed(0)} MB  ${((now - t0) / 1000).toFixed(0)} s, load ${load()}`)
        lastLog = now
      }
    }
  }
  const { root, ops } = builder.finish()
  for (const op of [...builder.take(), ...ops]) if (op.type === 'put') batch.put(op.key, op.value)
  batch.put('bench/keys', encodeCanonical(KEYS))
  await batch.write({ sync: true })
  return root
}

async function build(): Promise<void> {
  const KEYS = argOf('--keys', 1_000_000)
  installNodeSha256()
  const level = new Level<string, Uint8Array>(DIR!, LEVEL_OPTIONS)
  await level.open()
  if ((await level.get('bench/keys')) !== undefined) throw new Error(`${DIR} holds a built state already`)
  console.log(`build: ${fmt(KEYS)} keys into ${DIR}; load ${load()}`)
  const t0 = performance.now()
  const peakRss = new PeakRss()
  const root = await bulkLoad(level, KEYS, 1)
  const buildMs = performance.now() - t0
  const peak = peakRss.stop()
  row('bulk build of the genesis state', `${fmt((KEYS * 1000) / buildMs)} keys/s`, `${fmt(KEYS)} keys in ${(buildMs / 1000).toFixed(0)} s (tree nodes + flat values, one version); root ${toHex(root).slice(0, 16)}…`)
  row('peak RSS of the build', `${peak.mb.toFixed(0)} MB`, peak.how)
  await level.close()
  row('disk bytes per key after the build', `${fmt(dirBytes(DIR!) / KEYS)} B`, `directory ${(dirBytes(DIR!) / 2 ** 20).toFixed(0)} MiB, not compacted`)

  if (process.argv.includes('--check')) {
    // the incremental tree over the same keys, in versions of 20,000 writes: the same root
    const db = memoryTreeDb()
    const tree = new StateTree(db)
    let v = 0
    for (let i = 0; i < KEYS; i += 20_000) {
      const writes = new Map<string, Canonical>()
      for (let j = i; j < Math.min(KEYS, i + 20_000); j++) writes.set(keyAt(j), valueAt(j))
      const p = await tree.prepare(++v, writes)
      db.apply(p.ops)
      tree.committed(p)
    }
    const inc = await tree.rootAt(v)
    if (!equalBytes(inc, root)) throw new Error(`the bulk root differs from the incremental tree's: ${toHex(root)} ≠ ${toHex(inc)}`)
    console.log(`check: the incremental tree's root over the same ${fmt(KEYS)} keys is the same (${toHex(inc).slice(0, 16)}…)`)
  }
  console.log(`load at the end ${load()}`)
}

// ---------------------------------------------------------------------------------------------------------------

async function measure(): Promise<void> {
  const BLOCKS = argOf('--blocks', 20)
  const BLOCK_TXS = argOf('--block-txs', 5_000)
  const KEEP = argOf('--keep', 100)
  const READS = argOf('--reads', 20_000)
  const PROOFS = argOf('--proofs', 5_000)
  installNodeSha256()
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ` +
      `MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}, node flags ${process.execArgv.filter((a) => !a.includes('tsx')).join(' ') || 'none'}; ` +
      `LevelDB options ${JSON.stringify(LEVEL_OPTIONS)}; load ${load()}`,
  )
  const level = new Level<string, Uint8Array>(DIR!, LEVEL_OPTIONS)
  await level.open()
  const n = await level.get('bench/keys')
  if (n === undefined) throw new Error(`${DIR} holds no built state (run build first)`)
  const KEYS = decodeCanonical(n) as number
  // as the store does: a tree with the store's node cache on this LevelDB
  const cache = argOf('--cache', STORE_TREE_CACHE_NODES)
  const tree = new StateTree(levelTreeDb(level), { cacheNodes: cache })
  await tree.load()
  let version = tree.latestVersion()
  console.log(`tree node cache: ${fmt(cache)} nodes`)
  console.log(`${fmt(KEYS)} keys, versions ${tree.oldestVersion()}–${version}; RSS at open ${rssMb().toFixed(0)} MB (${heap()})\n`)
  const startVersion = version

  // ---- cold reads: a fresh process, an empty node cache, keys never read before (the OS page cache is not dropped:
  // the machine is shared) ----
  const timedReads = async (keys: number[], at: () => number): Promise<number[]> => {
    const out: number[] = []
    for (const i of keys) {
      const v = at()
      const a = performance.now()
      const got = await tree.get(keyAt(i), v)
      out.push(performance.now() - a)
      if (got === undefined && v >= 1) throw new Error(`key ${keyAt(i)} is missing as of ${v}`)
    }
    return out
  }
  const coldKeys = Array.from({ length: Math.min(READS, 5_000) }, () => randInt(KEYS))
  const cold = await timedReads(coldKeys, () => version)
  const warm = await timedReads(coldKeys.slice(-1_000), () => version)
  row('point read, cold (fresh process, empty node cache)', `p50 ${ms(pct(cold, 50))}, p99 ${ms(pct(cold, 99))}`, `${fmt(cold.length)} random keys, one at a time, max ${ms(Math.max(...cold))}`)
  row('point read, warm (the last 1,000 of them again)', `p50 ${ms(pct(warm, 50))}, p99 ${ms(pct(warm, 99))}`, `max ${ms(Math.max(...warm))}`)

  // ---- blocks ----
  const peakRss = new PeakRss()
  const perBlock: number[] = []
  const nonces = new Map<number, number>()
  let next = KEYS + 1_000_000 * startVersion // new keys, not loaded (a later run on the same state picks others)
  let gen = 1
  const tb = performance.now()
  for (let b = 0; b < BLOCKS; b++) {
    version++
    const writes = new Map<string, Canonical | null>()
    for (let x = 0; x < BLOCK_TXS; x++) {
      const s = randInt(SIGNERS)
      const nn = (nonces.get(s) ?? 0) + 1
      nonces.set(s, nn)
      writes.set(`n/${signers[s]!}`, nn)
      writes.set(keyAt(next), valueAt(next))
      next++
      const u = randInt(KEYS)
      writes.set(keyAt(u), valueAt(u, gen++))
    }
    const a = performance.now()
    await level.getMany([...writes.keys()].map((k) => 's/' + k)) // the execution's reads of the block's keys
    const encoded = new Map<string, Uint8Array>()
    for (const [k, v] of writes) if (v !== null) encoded.set(k, encodeCanonical(v))
    const p = await tree.prepare(version, writes, encoded)
    const pruned = version - KEEP >= 1 ? await tree.prune(version - KEEP + 1) : []
    const batch = level.batch()
    for (const op of [...p.ops, ...pruned]) {
      if (op.type === 'put') batch.put(op.key, op.value)
      else batch.del(op.key)
    }
    for (const [k, v] of encoded) batch.put('s/' + k, v)
    await batch.write({ sync: true })
    tree.committed(p)
    perBlock.push(performance.now() - a)
    if (b === 0 || (b + 1) % 5 === 0) console.log(`  block ${b + 1}: ${ms(perBlock[b]!)}, RSS ${rssMb().toFixed(0)} MB, load ${load()}`)
  }
  const blocksMs = performance.now() - tb
  const peak = peakRss.stop()
  row(
    `blocks over ${fmt(KEYS)} keys`,
    `median ${ms(pct(perBlock, 50))}, max ${ms(Math.max(...perBlock))}`,
    `${BLOCKS} blocks of ${fmt(BLOCK_TXS)} txs × 3 writes (flat reads, tree prepare + prune, synced batch): ${fmt((BLOCK_TXS * 1000) / pct(perBlock, 50))} tx/s`,
  )
  row('insert rate while executing blocks', `${fmt((BLOCKS * BLOCK_TXS * 1000) / blocksMs)} new keys/s`, `and ${fmt((BLOCKS * BLOCK_TXS * 2 * 1000) / blocksMs)} updates/s`)
  row('peak RSS while executing blocks', `${peak.mb.toFixed(0)} MB`, `${peak.how}; now ${rssMb().toFixed(0)} MB: ${rssByKind()}; ${heap()}`)

  // ---- reads after the blocks: random keys (not read before), at the latest and at a random kept version ----
  const oldest = tree.oldestVersion()
  const readKeys = Array.from({ length: READS }, () => randInt(KEYS))
  const point = await timedReads(readKeys, () => version)
  const asOfKeys = Array.from({ length: READS }, () => randInt(KEYS))
  const asOf = await timedReads(asOfKeys, () => oldest + randInt(version - oldest + 1))
  const asOfWarm = await timedReads(asOfKeys.slice(-1_000), () => oldest + randInt(version - oldest + 1))
  row('point read (latest version)', `p50 ${ms(pct(point, 50))}, p99 ${ms(pct(point, 99))}`, `${fmt(READS)} random keys, one at a time, max ${ms(Math.max(...point))}`)
  row('"as of" read (a random kept version)', `p50 ${ms(pct(asOf, 50))}, p99 ${ms(pct(asOf, 99))}`, `${fmt(READS)} other random keys, versions ${oldest}–${version}, max ${ms(Math.max(...asOf))}`)
  row('"as of" read, warm (the last 1,000 again)', `p50 ${ms(pct(asOfWarm, 50))}, p99 ${ms(pct(asOfWarm, 99))}`, `max ${ms(Math.max(...asOfWarm))}`)

  // ---- proofs ----
  const root = await tree.rootAt(version)
  const sizes: number[] = []
  const steps: number[] = []
  const tp = performance.now()
  const cp = process.cpuUsage()
  const proofs = []
  for (let r = 0; r < PROOFS; r++) proofs.push(await tree.prove(r % 10 === 9 ? keyAt(next + randInt(KEYS)) : keyAt(randInt(KEYS)), version))
  const proofMs = performance.now() - tp
  const proofCpu = process.cpuUsage(cp)
  row(
    'proof generation',
    `${fmt((PROOFS * 1000) / proofMs)}/s`,
    `${fmt(PROOFS)} proofs of random keys (not read before), one at a time, 10 % of absence; CPU of the process ${fmt((proofCpu.user + proofCpu.system) / PROOFS)} µs a proof (${fmt((PROOFS * 1e6) / (proofCpu.user + proofCpu.system))}/s of CPU)`,
  )
  for (const p of proofs) {
    if (!verifyStateProof(p, root).ok) throw new Error('a proof does not verify')
    sizes.push(encodeStateProof(p).length)
    steps.push(p.steps.length)
  }
  row('proof size (canonical CBOR)', `p50 ${fmt(pct(sizes, 50))} B, p99 ${fmt(pct(sizes, 99))} B, max ${fmt(Math.max(...sizes))} B`, `steps p50 ${pct(steps, 50)}, max ${Math.max(...steps)}`)
  const rangeSizes: number[] = []
  for (let r = 0; r < 200; r++) {
    const animal = Math.floor(randInt(Math.floor(KEYS / 3)) / 8)
    const rp = await tree.proveRange(`lv/ev/KR${String(animal).padStart(10, '0')}`, version)
    if (!verifyStateProof(rp, root).ok) throw new Error('a range proof does not verify')
    rangeSizes.push(encodeStateProof(rp).length)
  }
  row('range proof size (an animal’s 8 events)', `p50 ${fmt(pct(rangeSizes, 50))} B, max ${fmt(Math.max(...rangeSizes))} B`, '200 random animals')
  await level.close()
  row('disk bytes per key after the blocks', `${fmt(dirBytes(DIR!) / KEYS)} B`, `directory ${(dirBytes(DIR!) / 2 ** 20).toFixed(0)} MiB`)
  console.log(`\nload at the end ${load()}`)
}

// ---- proofs alone over a built state (docs/adr/0043) ----

/**
 * Proof generation over a built state, without blocks: --proofs random keys (10 % absent) proven one at a time and
 * with --inflight requests in flight (as a node serving many clients: the tree answers them in batches, one
 * getMany per level), three rounds each as the node cache warms, with the CPU time and the LevelDB node reads a
 * proof; then the state proofs verified with OpenSSL's SHA-256 and with the portable one (the browser's).
 */
async function proofs(): Promise<void> {
  const PROOFS = argOf('--proofs', 10_000)
  const INFLIGHT = argOf('--inflight', 64)
  installNodeSha256()
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, LevelDB options ${JSON.stringify(LEVEL_OPTIONS)}; load ${load()}`)
  const level = new Level<string, Uint8Array>(DIR!, LEVEL_OPTIONS)
  await level.open()
  const n = await level.get('bench/keys')
  if (n === undefined) throw new Error(`${DIR} holds no built state (run build first)`)
  const KEYS = decodeCanonical(n) as number
  const base = levelTreeDb(level)
  let reads = 0
  const counted = { ...base, getMany: (k: string[]) => ((reads += k.length), base.getMany(k)), getSync: (k: string) => (reads++, base.getSync!(k)) }
  const tree = new StateTree(counted, { cacheNodes: argOf('--cache', STORE_TREE_CACHE_NODES) })
  await tree.load()
  const version = tree.latestVersion()
  const root = await tree.rootAt(version)
  const all: StateProof[] = []
  for (const inflight of [1, INFLIGHT]) {
    for (let round = 1; round <= 3; round++) {
      const keys = Array.from({ length: PROOFS }, (_, i) => keyAt(i % 10 === 9 ? KEYS + randInt(KEYS) : randInt(KEYS)))
      reads = 0
      let next = 0
      const t = performance.now()
      const c = process.cpuUsage()
      await Promise.all(
        Array.from({ length: inflight }, async () => {
          while (next < keys.length) all.push(await tree.prove(keys[next++]!, version))
        }),
      )
      const wall = performance.now() - t
      const cu = process.cpuUsage(c)
      row(
        `proof generation, ${inflight === 1 ? 'one at a time' : `${inflight} in flight`}, round ${round}`,
        `${fmt((PROOFS * 1000) / wall)}/s`,
        `${fmt(PROOFS)} random keys over ${fmt(KEYS)}; CPU ${fmt((cu.user + cu.system) / PROOFS)} µs a proof (all threads), ${(reads / PROOFS).toFixed(1)} LevelDB node reads a proof; load ${load()}`,
      )
    }
  }
  const sample = all.slice(-5_000)
  /** [wall rate, CPU rate] (one thread: the CPU rate is what a quiet machine's wall rate would be) */
  const verifyAll = (): string => {
    const t = performance.now()
    const c = process.cpuUsage()
    for (const p of sample) if (!verifyStateProof(p, root).ok) throw new Error('a proof does not verify')
    const cu = process.cpuUsage(c)
    return `${fmt((sample.length * 1000) / (performance.now() - t))}/s (${fmt((sample.length * 1e6) / (cu.user + cu.system))}/s of CPU)`
  }
  const openssl = verifyAll()
  installSha256((parts) => {
    const h = nobleSha256.create()
    for (const x of parts) h.update(x)
    return h.digest()
  })
  const portable = verifyAll()
  installNodeSha256()
  row('state proof verification (the path to the root)', `OpenSSL ${openssl}, portable ${portable}`, `${fmt(sample.length)} proofs over ${fmt(KEYS)} keys; the commit's signatures are bench/proof-verify.ts's`)
  const sizes = sample.map((p) => encodeStateProof(p).length)
  row('proof size (canonical CBOR)', `p50 ${fmt(pct(sizes, 50))} B, p99 ${fmt(pct(sizes, 99))} B`, `max ${fmt(Math.max(...sizes))} B`)
  await level.close()
}

// ---- the real node over a large state ------------------------------------------------------------------------

/** one signer sends everything here, so the per-signer cap is lifted (as bench/ledger.ts) */
const LIMITS = { maxTxs: 1_000_000, maxBytes: 1 << 30, maxPerSigner: 1_000_000 }

/** the validator's and the administrator's keys and the genesis of a node home made by `node-genesis` */
function nodeFixture(): Fixture {
  const saved = JSON.parse(readFileSync(join(DIR!, 'fixture.json'), 'utf8')) as { validator: string; admin: string; genesis: unknown }
  return {
    dir: DIR!,
    genesis: parseGenesis(saved.genesis),
    validator: nodeSigner(fromHex(saved.validator)),
    admin: nodeSigner(fromHex(saved.admin)),
    cleanup: () => undefined,
  }
}

/**
 * A node home (DIR/home) at genesis whose state holds the genesis entries and --keys generated keys, written as the
 * node's Store writes its genesis (state version 0, flat values, meta/genesis, meta/format, meta/head), the tree
 * built bottom-up by the bulk builder: byte for byte what `Store.initGenesis` would write for the same state.
 */
async function nodeGenesis(): Promise<void> {
  const KEYS = argOf('--keys', 1_000_000)
  installNodeSha256()
  mkdirSync(join(DIR!, 'home'), { recursive: true })
  const seeds = { validator: randomSeed(), admin: randomSeed() }
  const validator = nodeSigner(seeds.validator)
  const admin = nodeSigner(seeds.admin)
  const genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId: 'bench',
    genesisTime: Date.now() - 1000,
    params: { maxBlockTxs: 10_000, maxBlockBytes: 16 << 20 },
    agencies: [{ id: 'a', name: 'A', validator: { publicKey: toHex(validator.publicKey), power: 1 }, admins: [toHex(admin.publicKey)] }],
  })
  writeFileSync(join(DIR!, 'fixture.json'), JSON.stringify({ validator: toHex(seeds.validator), admin: toHex(seeds.admin), genesis }))
  const level = new Level<string, Uint8Array>(join(DIR!, 'home', 'chain'), STORE_LEVEL_OPTIONS)
  await level.open()
  console.log(`node genesis: ${fmt(KEYS)} generated keys + ${genesisState(genesis).length} genesis entries into ${DIR}/home; load ${load()}`)
  const t0 = performance.now()
  const root = await bulkLoad(level, KEYS, 0, genesisState(genesis))
  const batch = level.batch()
  batch.put('meta/genesis', utf8(JSON.stringify(genesis)))
  batch.put('meta/format', encodeCanonical(STORE_FORMAT))
  const head = Chain.genesisHead(root, genesis.genesisTime)
  batch.put('meta/head', encodeCanonical([head.height, head.hash, head.appHash, head.time]))
  await batch.write({ sync: true })
  await level.close()
  row('node genesis state, bulk build', `${fmt((KEYS * 1000) / (performance.now() - t0))} keys/s`, `${fmt(KEYS)} keys; root ${toHex(root).slice(0, 16)}…`)
}

/**
 * Blocks of real transactions (signed role grants, as bench/ledger.ts) produced by a node on a copy of the home
 * (DIR/src): admitted, reaped, built, signed by the validator, committed; each block and its commit saved under
 * DIR/blocks for `node-execute`.
 */
async function nodeProduce(): Promise<void> {
  const BLOCKS = argOf('--blocks', 20)
  const BLOCK_TXS = argOf('--block-txs', 5_000)
  const f = nodeFixture()
  const src = join(DIR!, 'src')
  rmSync(src, { recursive: true, force: true })
  rmSync(join(DIR!, 'blocks'), { recursive: true, force: true })
  cpSync(join(DIR!, 'home'), src, { recursive: true })
  mkdirSync(join(DIR!, 'blocks'))
  const node = await LedgerNode.open({ dataDir: src, genesis: f.genesis, mempoolLimits: LIMITS })
  const txs = grants(f, BLOCKS * BLOCK_TXS)
  const t0 = performance.now()
  for (let i = 0; i < txs.length; i += 1000) await Promise.all(txs.slice(i, i + 1000).map((t) => node.submitJson(t)))
  const t1 = performance.now()
  let n = 0
  while (node.mempool.size > 0) {
    const head = node.chain.head()
    const lc = head.height === 0 ? null : await node.getCommit(head.height)
    const { prepared } = await node.chain.buildBlock(node.mempool.reap(BLOCK_TXS, 1 << 30), f.validator.publicKey, Date.now(), lc)
    const h = prepared.block.header.height
    const v = signVote(f.genesis.chainId, f.validator, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash })
    const commit = { height: h, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] }
    await node.chain.commit(prepared, commit, (x) => node.mempool.has(x))
    node.mempool.remove(prepared.txs.map((c) => c.hashHex))
    n += prepared.txs.length
    writeFileSync(join(DIR!, 'blocks', `${h}.block`), (await node.store.getBlockBytes(h))!)
    writeFileSync(join(DIR!, 'blocks', `${h}.commit`), (await node.store.getCommitBytes(h))!)
  }
  const t2 = performance.now()
  await node.close()
  rmSync(src, { recursive: true, force: true })
  row('admission over the large state', `${fmt((txs.length * 1000) / (t1 - t0))} tx/s`, `${fmt(txs.length)} role grants, 1,000 in flight`)
  row('block production over the large state', `${fmt((n * 1000) / (t2 - t1))} tx/s`, `${node.chain.head().height} blocks of ≤ ${fmt(BLOCK_TXS)}`)
}

/**
 * A node (LedgerNode, its Store and tree as `daejang start` opens them) on a fresh copy of the genesis home validates,
 * executes and commits the saved blocks — what a validator or a catching-up node does — with the peak RSS of this
 * process over it (VmHWM, reset before the first block).
 */
async function nodeExecute(): Promise<void> {
  const f = nodeFixture()
  const exec = join(DIR!, 'exec')
  rmSync(exec, { recursive: true, force: true })
  cpSync(join(DIR!, 'home'), exec, { recursive: true })
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? 'unset'}; load ${load()}`,
  )
  const node = await LedgerNode.open({ dataDir: exec, genesis: f.genesis, mempoolLimits: LIMITS })
  console.log(`node open: RSS ${rssMb().toFixed(0)} MB (${heap()})`)
  const peakRss = new PeakRss()
  const perBlock: number[] = []
  let n = 0
  const t0 = performance.now()
  for (let h = 1; existsSync(join(DIR!, 'blocks', `${h}.block`)); h++) {
    const bytes = readFileSync(join(DIR!, 'blocks', `${h}.block`))
    const commit = commitFromCanonical(decodeCanonical(readFileSync(join(DIR!, 'blocks', `${h}.commit`))))
    const a = performance.now()
    const p = await node.chain.validateBlock(bytes)
    await node.chain.commit(p, commit, () => false)
    perBlock.push(performance.now() - a)
    n += p.txs.length
    if (h === 1 || h % 5 === 0) console.log(`  block ${h}: ${ms(perBlock[h - 1]!)}, RSS ${rssMb().toFixed(0)} MB, load ${load()}`)
  }
  const total = performance.now() - t0
  const peak = peakRss.stop()
  row('node executing blocks (validate + execute + commit)', `${fmt((n * 1000) / total)} tx/s`, `${perBlock.length} blocks, ${fmt(n)} txs, block median ${ms(pct(perBlock, 50))}, max ${ms(Math.max(...perBlock))}`)
  row('peak RSS of the node process executing them', `${peak.mb.toFixed(0)} MB`, `${peak.how}; now ${rssMb().toFixed(0)} MB: ${rssByKind()}; ${heap()}`)
  await node.close()
  rmSync(exec, { recursive: true, force: true })
}

const MODES: Record<string, () => Promise<void>> = {
  build,
  measure,
  proofs,
  'node-genesis': nodeGenesis,
  'node-produce': nodeProduce,
  'node-execute': nodeExecute,
}
if (!DIR || !MODES[MODE!]) {
  console.error('usage: bench/state-scale.ts build|measure|proofs|node-genesis|node-produce|node-execute --dir DIR [--keys N] …')
  process.exit(2)
}
await MODES[MODE!]!()
console.log(`\n| measure | figure | note |\n|---|---|---|\n` + rows.join('\n'))
