/**
 * State tree benchmark (issue 11): a StateTree (src/ledger/state/tree, docs/adr/0025) over generated state keys
 * shaped like the registries' real ones, on LevelDB as the node's store keeps it. Prints:
 *  - insert rate while loading the keys in versions of --batch writes (prepare + one synced LevelDB batch with the
 *    tree's ops and the flat `s/` values, as a block's commit writes them), with the rate and RSS every tenth;
 *  - disk bytes per key (the LevelDB directory after the load; the tree's prefixes and the flat values apart);
 *  - point read ("as of" the latest version) and "as of" read (a random kept version) latency p50/p99;
 *  - proof generation per second (present keys, and 10 % absent ones), range proofs of one group;
 *  - proof verification per second: OpenSSL SHA-256 and Ed25519 (node, CLI) and the portable @noble code (browser,
 *    standalone page), each proof checked as a certified state (proofs/certified-state.ts: the state proof, its header
 *    and the commit against a trust list) of a 1-validator and a 4-validator chain, and the state proof alone;
 *  - proof size (canonical CBOR bytes, and the number of steps);
 *  - block execution over the loaded state: --blocks blocks of --block-txs transactions, ~3 writes each (one new
 *    used-nonce key, the signer's nonce and one registry entry updated), the tree's time per block and the process's
 *    peak RSS (VmHWM, reset before the blocks) — the tree's share of a node executing blocks over that state.
 * Usage: nice -n 10 npx tsx bench/state-tree.ts [--keys 1000000] [--batch 10000] [--keep 100] [--reads 20000]
 *        [--proofs 5000] [--blocks 20] [--block-txs 5000] [--cache NODES] [--memory] [--dir DIR] [--compact]
 * --memory: memoryTreeDb instead of LevelDB (a smoke run; no disk figures). --dir: where the LevelDB goes (default a
 * temp dir, removed at the end). --keep: versions kept provable while loading (older ones pruned in each batch).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, totalmem, tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'
import { Level } from 'level'
import { type Canonical, encodeCanonical } from '../src/ledger/codec/canonical'
import { equalBytes } from '../src/ledger/codec/bytes'
import { installSha256 } from '../src/ledger/crypto/sha256'
import { installNodeSha256 } from '../src/ledger/crypto/sha256-node'
import { type VerifyFn, randomSeed, verifyPortable } from '../src/ledger/crypto/ed25519'
import { nodeSigner, verifyNode } from '../src/ledger/crypto/ed25519-node'
import { type StateProof, encodeStateProof, verifyStateProof } from '../src/ledger/proofs/state-proof'
import { type CertifiedState, encodeCertifiedState, verifyCertifiedState } from '../src/ledger/proofs/certified-state'
import type { TrustList } from '../src/ledger/proofs/proof'
import { BLOCK_VERSION, type Commit, type Header, VoteType, ZERO_HASH, blockHash, signVote, validatorsHash } from '../src/ledger/types/block'
import { StateTree, levelTreeDb, memoryTreeDb, type TreeDb, type TreeOp } from '../src/ledger/state/tree'
import { argOf, dirBytes, flag, PeakRss, rssMb, seededRandom, strArg } from './fixtures'
import { SIGNERS, T0, keyAt, pad, signers, valueAt } from './state-keys'

const KEYS = argOf('--keys', 1_000_000)
const BATCH = argOf('--batch', 10_000)
const KEEP = argOf('--keep', 100)
const READS = argOf('--reads', 20_000)
const PROOFS = argOf('--proofs', 5_000)
const BLOCKS = argOf('--blocks', 20)
const BLOCK_TXS = argOf('--block-txs', 5_000)
const CACHE = process.argv.includes('--cache') ? argOf('--cache', 0) : undefined
const MEMORY = flag('--memory')
const COMPACT = flag('--compact')

/** the version (block) at which the load wrote key i */
const loadVersion = (i: number): number => Math.floor(i / BATCH) + 1

const { randInt } = seededRandom()

// ---------------------------------------------------------------------------------------------------------------
// Storage: LevelDB with the store's options (utf8 keys, binary values, synced batches), seen through TreeDb.

interface Backend {
  db: TreeDb
  open(): Promise<void>
  /** write one version: the tree's ops and the flat values, in one batch */
  write(ops: TreeOp[], flat: Map<string, Canonical | null>): Promise<void>
  close(): Promise<void>
  reopen(): Promise<void>
  /** bytes on disk: total, and the tree's part (m/, mr/, ms/) by LevelDB's estimate */
  disk(): Promise<{ total: number; tree: number; flat: number } | null>
  compact(): Promise<void>
}


/** the tree's LevelDB prefixes (D4): nodes, roots per version, the stale-node index */
const TREE_PREFIXES = ['m/', 'mr/', 'ms/']

/** classic-level's methods that `level`'s types leave out (the same object in Node) */
interface LevelExtras {
  approximateSize(start: string, end: string): Promise<number>
  compactRange(start: string, end: string): Promise<void>
}

function levelBackend(path: string): Backend {
  let level = new Level<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view' })
  return {
    // the adapter the store uses (state/tree/level-db.ts), over the LevelDB open now
    get db() {
      return levelTreeDb(level)
    },
    open: () => level.open(),
    async write(ops, flat) {
      const b = level.batch()
      for (const op of ops) {
        if (op.type === 'put') b.put(op.key, op.value)
        else b.del(op.key)
      }
      for (const [k, v] of flat) {
        if (v === null) b.del('s/' + k)
        else b.put('s/' + k, encodeCanonical(v))
      }
      await b.write({ sync: true })
    },
    close: () => level.close(),
    async reopen() {
      await level.close()
      level = new Level<string, Uint8Array>(path, { keyEncoding: 'utf8', valueEncoding: 'view' })
      await level.open()
    },
    async disk() {
      let tree = 0
      for (const p of TREE_PREFIXES) tree += await (level as unknown as LevelExtras).approximateSize(p, p.slice(0, -1) + '0') // '0' follows '/'
      const flat = await (level as unknown as LevelExtras).approximateSize('s/', 's0')
      return { total: dirBytes(path), tree, flat }
    },
    async compact() {
      for (const p of TREE_PREFIXES) await (level as unknown as LevelExtras).compactRange(p, p.slice(0, -1) + '0')
      await (level as unknown as LevelExtras).compactRange('s/', 's0')
    },
  }
}

function memoryBackend(): Backend {
  const m = memoryTreeDb()
  return {
    db: m,
    async open() {},
    async write(ops) {
      m.apply(ops)
    },
    async close() {},
    async reopen() {},
    async disk() {
      return null
    },
    async compact() {},
  }
}

// ---------------------------------------------------------------------------------------------------------------

/** A header at `height` whose app hash is `root`, committed by `n - ⌊(n-1)/3⌋` of n equal validators, and the trust list of them. */
function certifiedFixture(n: number, height: number, root: Uint8Array): { trust: TrustList; header: Header; commit: Commit } {
  const signers = Array.from({ length: n }, () => nodeSigner(randomSeed()))
  const validators = signers.map((x) => ({ publicKey: x.publicKey, power: 1 }))
  const vh = validatorsHash(validators)
  const header: Header = {
    v: BLOCK_VERSION,
    chainId: 'bench',
    height,
    time: T0 + height * 1000,
    prevHash: ZERO_HASH,
    lastCommitHash: ZERO_HASH,
    txRoot: ZERO_HASH,
    txCount: 0,
    appHash: root,
    validatorsHash: vh,
    nextValidatorsHash: vh,
    proposer: validators[0]!.publicKey,
  }
  const hash = blockHash(header)
  const quorum = signers.slice(0, n - Math.floor((n - 1) / 3))
  const sigs = quorum.map((x) => signVote('bench', x, { type: VoteType.precommit, height, round: 0, blockHash: hash })).map((v) => ({ validator: v.validator, sig: v.sig }))
  return { trust: { chainId: 'bench', sets: [{ fromHeight: 0, validators }], height }, header, commit: { height, round: 0, blockHash: hash, sigs } }
}

/** JS heap in use, MB, after a full collection when node runs with --expose-gc (else as found) */
function heapMb(): string {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc) gc()
  const m = process.memoryUsage()
  return `${(m.heapUsed / 2 ** 20).toFixed(0)} (of ${(m.heapTotal / 2 ** 20).toFixed(0)}) + buffers ${(m.arrayBuffers / 2 ** 20).toFixed(0)}` + (gc ? '' : ' (no --expose-gc)')
}
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const fmt = (x: number): string => Math.round(x).toLocaleString('en-US')
const ms = (x: number): string => (x < 1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x.toFixed(1)) + ' ms'
const rows: string[] = []
function row(what: string, value: string, note = ''): void {
  console.log(`${what.padEnd(52)} ${value}${note ? '   ' + note : ''}`)
  rows.push(`| ${what} | ${value} | ${note} |`)
}

const portableSha = (parts: readonly Uint8Array[]): Uint8Array => {
  if (parts.length === 1) return nobleSha256(parts[0]!)
  const h = nobleSha256.create()
  for (const p of parts) h.update(p)
  return h.digest()
}

async function main(): Promise<void> {
  installNodeSha256()
  const dir = MEMORY ? null : (strArg('--dir') ?? mkdtempSync(join(tmpdir(), 'daejang-bench-tree-')))
  const backend = dir ? levelBackend(dir) : memoryBackend()
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  )
  console.log(
    `${fmt(KEYS)} keys in versions of ${fmt(BATCH)} writes, ${KEEP} versions kept; ${MEMORY ? 'memoryTreeDb' : 'LevelDB at ' + dir}` +
      (CACHE !== undefined ? `, cacheNodes ${fmt(CACHE)}` : '') +
      '\n',
  )
  await backend.open()
  let tree = new StateTree(backend.db, CACHE !== undefined ? { cacheNodes: CACHE } : undefined)
  await tree.load()

  // ---- load ----
  let version = 0
  const t0 = performance.now()
  let tPrepare = 0
  let tWrite = 0
  let lastMark = t0
  let lastKeys = 0
  const step = Math.max(BATCH, Math.ceil(KEYS / 10 / BATCH) * BATCH)
  for (let i = 0; i < KEYS; i += BATCH) {
    version++
    const writes = new Map<string, Canonical | null>()
    for (let j = i; j < Math.min(KEYS, i + BATCH); j++) writes.set(keyAt(j), valueAt(j))
    const a = performance.now()
    const p = await tree.prepare(version, writes)
    const pruned = version - KEEP >= 1 ? await tree.prune(version - KEEP + 1) : []
    const b = performance.now()
    await backend.write(pruned.length ? [...p.ops, ...pruned] : p.ops, writes)
    tree.committed(p)
    const c = performance.now()
    tPrepare += b - a
    tWrite += c - b
    const done = Math.min(KEYS, i + BATCH)
    if (done % step === 0 || done === KEYS) {
      const now = performance.now()
      console.log(
        `  ${fmt(done).padStart(11)} keys  ${fmt(((done - lastKeys) * 1000) / (now - lastMark)).padStart(7)} keys/s (last tenth)  RSS ${rssMb().toFixed(0)} MB, JS heap ${heapMb()} MB  ${((now - t0) / 1000).toFixed(0)} s`,
      )
      lastMark = now
      lastKeys = done
    }
  }
  const loadMs = performance.now() - t0
  const latest = version
  row('insert rate', `${fmt((KEYS * 1000) / loadMs)} keys/s`, `tree prepare + prune ${((tPrepare / loadMs) * 100).toFixed(0)} %, LevelDB batch (synced) ${((tWrite / loadMs) * 100).toFixed(0)} %; ${latest} versions`)
  const root = await tree.rootAt(latest)

  // ---- disk ----
  await backend.reopen()
  const d = await backend.disk()
  if (d) {
    row('disk bytes per key', `${fmt(d.total / KEYS)} B`, `directory ${(d.total / 2 ** 20).toFixed(0)} MiB; tree ≈ ${fmt(d.tree / KEYS)} B/key, flat s/ ≈ ${fmt(d.flat / KEYS)} B/key (LevelDB's estimate)`)
    if (COMPACT) {
      const tc = performance.now()
      await backend.compact()
      const d2 = (await backend.disk())!
      row('disk bytes per key, compacted', `${fmt(d2.total / KEYS)} B`, `tree ≈ ${fmt(d2.tree / KEYS)} B/key, flat ≈ ${fmt(d2.flat / KEYS)} B/key; compaction ${((performance.now() - tc) / 1000).toFixed(0)} s`)
    }
  }
  // a fresh tree on the reopened store: reads start from a cold node cache (the OS page cache stays warm)
  tree = new StateTree(backend.db, CACHE !== undefined ? { cacheNodes: CACHE } : undefined)
  await tree.load()
  if (tree.latestVersion() !== latest || !equalBytes(await tree.rootAt(latest), root)) throw new Error('the reloaded tree differs')

  // ---- reads ----
  const oldest = Math.max(1, tree.oldestVersion())
  const point: number[] = []
  const asOf: number[] = []
  let wrong = 0
  for (let r = 0; r < READS; r++) {
    const i = randInt(KEYS)
    const k = keyAt(i)
    const a = performance.now()
    const v = await tree.get(k, latest)
    point.push(performance.now() - a)
    if (v === undefined || !equalBytes(encodeCanonical(v), encodeCanonical(valueAt(i)))) wrong++
    const at = oldest + randInt(latest - oldest + 1)
    const b = performance.now()
    const w = await tree.get(k, at)
    asOf.push(performance.now() - b)
    const expected = at >= loadVersion(i) ? encodeCanonical(valueAt(i)) : undefined
    if ((w === undefined) !== (expected === undefined) || (w !== undefined && !equalBytes(encodeCanonical(w), expected!))) wrong++
  }
  if (wrong) throw new Error(`${wrong} reads returned a wrong value`)
  row('point read (latest version)', `p50 ${ms(pct(point, 50))}, p99 ${ms(pct(point, 99))}`, `${fmt(READS)} random keys, one at a time`)
  row('"as of" read (a random kept version)', `p50 ${ms(pct(asOf, 50))}, p99 ${ms(pct(asOf, 99))}`, `versions ${oldest}–${latest}`)

  // ---- proofs ----
  const proofs: StateProof[] = []
  const tp = performance.now()
  for (let r = 0; r < PROOFS; r++) {
    // one in ten for a key that is not there (a key of the same shapes, not loaded yet)
    const k = r % 10 === 9 ? keyAt(KEYS + randInt(KEYS)) : keyAt(randInt(KEYS))
    proofs.push(await tree.prove(k, latest))
  }
  row('proof generation', `${fmt((PROOFS * 1000) / (performance.now() - tp))}/s`, `${fmt(PROOFS)} proofs, 10 % of absence`)
  const sizes = proofs.map((p) => encodeStateProof(p).length)
  const steps = proofs.map((p) => p.steps.length)
  row('proof size (canonical CBOR)', `p50 ${fmt(pct(sizes, 50))} B, p99 ${fmt(pct(sizes, 99))} B, max ${fmt(Math.max(...sizes))} B`, `steps p50 ${pct(steps, 50)}, max ${Math.max(...steps)}`)

  // range proofs: all events of one animal (a group of 8)
  const ranges: StateProof[] = []
  const tr = performance.now()
  const animals = Math.max(1, Math.floor(KEYS / 3 / 8))
  const RANGES = Math.min(1000, PROOFS)
  for (let r = 0; r < RANGES; r++) ranges.push(await tree.proveRange(`lv/ev/KR${pad(randInt(animals), 10)}`, latest))
  const rsizes = ranges.map((p) => encodeStateProof(p).length)
  row('range proof generation (one animal, 8 events)', `${fmt((RANGES * 1000) / (performance.now() - tr))}/s`, `size p50 ${fmt(pct(rsizes, 50))} B, max ${fmt(Math.max(...rsizes))} B`)

  // verification: certified state (D5) — the state proof, the header whose app hash is the root, and the commit of
  // more than 2/3 of the validators' power, checked against a trust list; one validator (as bench/ledger.ts) and four
  const stateOnly = (list: StateProof[]): number => {
    const a = performance.now()
    for (const p of list) if (!verifyStateProof(p, root).ok) throw new Error('proof failed')
    return (list.length * 1000) / (performance.now() - a)
  }
  const certifiedRate = (list: CertifiedState[], trust: TrustList, verify: VerifyFn): number => {
    const a = performance.now()
    for (const cs of list) {
      const r = verifyCertifiedState(cs, trust, verify)
      if (!r.ok) throw new Error('certified state refused: ' + JSON.stringify(r.checks))
    }
    return (list.length * 1000) / (performance.now() - a)
  }
  const few = proofs.slice(0, Math.min(proofs.length, 1000))
  const sets = [1, 4].map((n) => certifiedFixture(n, latest, root))
  const rate = (verify: VerifyFn, list: StateProof[]) => sets.map(({ trust, header, commit }) => certifiedRate(list.map((proof) => ({ proof, header, commit })), trust, verify))
  const vNodeState = stateOnly(proofs)
  const [vNode1, vNode4] = rate(verifyNode, proofs)
  installSha256(portableSha)
  const vPortableState = stateOnly(few)
  const [vPortable1, vPortable4] = rate(verifyPortable, few)
  installNodeSha256()
  row('proof verification, OpenSSL (node, CLI)', `${fmt(vNode1!)}/s`, `certified state, 1 validator; 4 validators (3 signatures) ${fmt(vNode4!)}/s; the state proof alone ${fmt(vNodeState)}/s`)
  row('proof verification, portable @noble (browser)', `${fmt(vPortable1!)}/s`, `certified state, 1 validator; 4 validators ${fmt(vPortable4!)}/s; the state proof alone ${fmt(vPortableState)}/s`)
  const csSize = encodeCertifiedState({ proof: proofs[0]!, header: sets[1]!.header, commit: sets[1]!.commit }).length - encodeStateProof(proofs[0]!).length
  row('certified state: header + commit added', `${fmt(csSize)} B`, '4 validators, 3 signatures (binary form)')

  // ---- blocks over the loaded state ----
  const peakRss = new PeakRss()
  const perBlock: number[] = []
  const nonces = new Map<number, number>()
  let next = KEYS
  let gen = 1
  for (let b = 0; b < BLOCKS; b++) {
    version++
    const writes = new Map<string, Canonical | null>()
    for (let x = 0; x < BLOCK_TXS; x++) {
      const s = randInt(SIGNERS)
      const n = (nonces.get(s) ?? 0) + 1
      nonces.set(s, n)
      writes.set(`n/${signers[s]!}`, n) // the signer's last nonce (an update after its first transaction)
      writes.set(keyAt(next), valueAt(next)) // a new key of the loaded shapes (used nonce, record or event)
      next += 1
      const u = randInt(KEYS)
      writes.set(keyAt(u), valueAt(u, gen++)) // an existing entry changed (a status, a credential…)
    }
    const a = performance.now()
    const p = await tree.prepare(version, writes)
    const pruned = version - KEEP >= 1 ? await tree.prune(version - KEEP + 1) : []
    await backend.write(pruned.length ? [...p.ops, ...pruned] : p.ops, writes)
    tree.committed(p)
    perBlock.push(performance.now() - a)
  }
  const peak = peakRss.stop()
  const txRate = (BLOCK_TXS * 1000) / pct(perBlock, 50)
  row(
    `blocks over ${fmt(KEYS)} keys (tree + LevelDB write)`,
    `median ${ms(pct(perBlock, 50))}/block, max ${ms(Math.max(...perBlock))}`,
    `${BLOCKS} blocks of ${fmt(BLOCK_TXS)} txs × 3 writes: the tree's share alone would allow ${fmt(txRate)} tx/s`,
  )
  row('peak RSS while executing those blocks', `${peak.mb.toFixed(0)} MB`, peak.how)

  await backend.close()
  if (dir && !strArg('--dir')) rmSync(dir, { recursive: true, force: true })
  console.log(`\nload at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`)
  console.log(`\n| measure (${fmt(KEYS)} keys) | figure | note |\n|---|---|---|\n` + rows.join('\n'))
}

await main()
