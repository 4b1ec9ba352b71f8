/**
 * The seeded consensus simulation with the real application underneath: every replica runs the consensus core
 * (consensus/replica.ts) over its own LevelDB Store, Chain and StateTree (in a temporary directory), on a simulated
 * clock and network, all randomness drawn from one seeded PRNG: a seed reproduces a run (`runStoreSim({ seed })`).
 *
 * The replica is wired to the chain as the node's BFT driver wires it (consensus/driver.ts): a value is a canonical
 * block whose id is its hash; a proposal is validated (Chain.validateBlock, which executes it and compares the state
 * root with the header's app hash) before the replica sees it; the proposer builds its block (Chain.buildBlock) from
 * the transactions clients have submitted; a decision commits the block (Chain.commit, one batch with the tree's
 * nodes); a node that sees a signed vote of a later height fetches the blocks it lacks from that validator's store,
 * checks each commit, validates and commits them, and restarts its replica at the new height (block sync).
 *
 * Async chain work runs from a per-node FIFO queue; the simulation awaits every queue before the next event, so the
 * order of everything is a function of the seed alone.
 *
 * Faults before "global stabilization" (GST): message loss (precommits more often), duplication, delay spikes,
 * reordering, partitions; crashes of replicas — clean, a power failure losing the WAL's unsynced tail, a crash torn
 * in the middle of a WAL append, a crash between a decision and its commit (the WAL then decides the height again at
 * restart), and, for one validator with < 1/3 of the power when none is Byzantine, the loss of the WAL (only the
 * signing guard then prevents double signing). A crashed replica's Store is closed, and at restart it is reopened
 * from its directory: the replica resumes from what the store and the WAL hold. One validator (< 1/3 of the power)
 * may be Byzantine: as proposer it sends two different blocks to different peers — another valid block, a block
 * whose app hash is not the state root after it, one with a transaction that fails, or one with a bit of a
 * transaction's signature flipped (refused for its signature) — and it sends conflicting prevotes and precommits. An
 * honest replica that refuses any other block fails the run. Half the replicas check transaction signatures in a
 * worker thread (VerifyPool), the others inline. At GST every crashed replica restarts, partitions heal and the network becomes reliable.
 *
 * Invariants checked as the run goes: agreement (one block hash per height across every decision and every synced
 * block), every decision's commit verifies (> 2/3 of the power) for the decided block, no honest validator signs
 * two different things for one (height, round, step), evidence only accuses the Byzantine validator, a decided
 * block always validates on the deciding node, liveness after GST. And at the end, on every honest replica:
 *   - its blocks are the agreed blocks, and at every height the tree's root (StateTree.rootAt) is the header's app
 *     hash and equals the root of a fresh tree built from a plain-map replay of the committed transactions;
 *   - its flat state (the s/ entries) equals the plain map at its head, and "as of" reads (StateTree.get) equal the
 *     plain map of that height;
 *   - state proofs (present, absent — deleted keys included — and group ranges) from its tree verify, as certified
 *     state, against the committed header and the commit it stored, with the genesis validators as the trust list,
 *     and claim what the plain map holds.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { DaejangError } from '../../src/shared/errors'
import { equalBytes, toHex, utf8 } from '../../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { nodeSigner, verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { VerifyPool } from '../../src/ledger/crypto/verify-pool'
import { sha256 } from '../../src/ledger/crypto/sha256'
import '../../src/ledger/crypto/sha256-node'
import { merkleRoot } from '../../src/ledger/crypto/merkle'
import {
  type Block,
  type Commit,
  type Validator,
  type Vote,
  VoteType,
  blockHash,
  commitFromCanonical,
  decodeBlock,
  encodeBlock,
  verifyCommit,
  voteSignBytes,
} from '../../src/ledger/types/block'
import { blockIdOf } from '../../src/ledger/types/block-memo'
import { type Genesis, genesisValidators, parseGenesis } from '../../src/ledger/types/genesis'
import { decodeTx, encodeTx, makeTx } from '../../src/ledger/types/tx'
import { MemoryGuardStore, SignGuard } from '../../src/ledger/consensus/guard'
import { NIL_ID, type Proposal, proposalSignBytes } from '../../src/ledger/consensus/messages'
import { type ConsensusMessage, type MessageSigner, Replica, type ReplicaHost } from '../../src/ledger/consensus/replica'
import type { Decision } from '../../src/ledger/consensus/tendermint'
import { type DuplicateVoteEvidence, verifyEvidence } from '../../src/ledger/consensus/voteset'
import { MemoryWal, WalCrash, frameRecord } from '../../src/ledger/consensus/wal'
import { FileWal } from '../../src/ledger/consensus/wal-file'
import { FileGuardStore } from '../../src/ledger/consensus/guard-file'
import { Store, type StoreOptions } from '../../src/ledger/store/store'
import { Chain, type PreparedBlock, genesisState } from '../../src/ledger/state/chain'
import { StateTree } from '../../src/ledger/state/tree'
import { memoryTreeDb } from '../../src/ledger/state/tree/memory-db'
import { type CheckedTx, TxChecker } from '../../src/ledger/mempool/checker'
import { SigCache } from '../../src/ledger/mempool/sigcache'
import { REGISTRIES, txTypeTable } from '../../src/ledger/registries'
import type { Registry } from '../../src/ledger/registries/types'
import { txType } from '../../src/ledger/registries/types'
import { nonceKey, usedNonceKey } from '../../src/ledger/registries/identity/state-keys'
import { verifyCertifiedState } from '../../src/ledger/proofs/certified-state'
import type { TrustList } from '../../src/ledger/proofs/trust-list'
import { Heap, POWER_SETS, SIM_TIMEOUTS, type SimOptions, cachedVerify, honestSigningCheck, mulberry32 } from './sim'

export const STORE_SIM_CHAIN = 'daejang-store-sim'
const GENESIS_TIME = 1_700_000_000_000

// ---- the simulation's registry: a small key-value map whose deletes fail on absent keys ----

/** state keys of the simulation's registry: GROUPS groups of KEYS keys (range proofs are per group) */
const GROUPS = 3
const KEYS = 6
const kvKey = (g: number, k: number): string => `sim/g${g}/k${k}`

const KvPayload = z
  .object({
    set: z.array(z.tuple([z.string().regex(/^sim\/g\d\/k\d$/), z.number().int()])).max(8),
    del: z.array(z.string().regex(/^sim\/g\d\/k\d$/)).max(8),
  })
  .strict()
type KvPayload = z.infer<typeof KvPayload>

/**
 * `sim.kv.write`: deletes, then sets. A delete of a key that is absent fails the transaction (so that whether a
 * transaction succeeds depends on the state it runs on, and blocks leave some out).
 */
export const simRegistry: Registry = {
  name: 'sim',
  title: { ko: '모의 등록부', en: 'Simulation register' },
  words: { txTypes: { 'sim.kv.write': { ko: '값 쓰기', en: 'Write values' } } },
  errors: {},
  roles: [],
  txTypes: {
    'sim.kv.write': txType({
      schema: KvPayload,
      permission: 'anyone',
      keys: (p: KvPayload) => [...p.del, ...p.set.map(([k]) => k)],
      apply: async (ctx) => {
        const p = ctx.payload as KvPayload
        for (const k of p.del) {
          if ((await ctx.state.get(k)) === undefined) throw new DaejangError('RULE_VIOLATION', `${k} is absent`)
          ctx.state.del(k)
        }
        for (const [k, v] of p.set) ctx.state.put(k, v)
      },
    }),
  },
}

/** The plain-map model: what a committed transaction does to the state, written without the node's code. */
function replayTx(model: Map<string, Canonical>, bytes: Uint8Array, height: number): string | null {
  const tx = decodeTx(bytes)
  if (tx.type !== 'sim.kv.write') return `a committed transaction of type ${tx.type}`
  const p = tx.payload as KvPayload
  const signer = toHex(tx.signer)
  const used = usedNonceKey(signer, tx.nonce)
  if (model.has(used)) return `nonce ${tx.nonce} of ${signer.slice(0, 8)} committed twice`
  for (const k of p.del) {
    if (!model.has(k)) return `a committed transaction deletes the absent key ${k}`
    model.delete(k)
  }
  for (const [k, v] of p.set) model.set(k, v)
  model.set(used, height)
  const last = model.get(nonceKey(signer))
  if (typeof last !== 'number' || tx.nonce > last) model.set(nonceKey(signer), tx.nonce)
  return null
}

async function freshRoot(state: ReadonlyMap<string, Canonical>): Promise<Uint8Array> {
  const t = new StateTree(memoryTreeDb())
  await t.load()
  return (await t.prepare(0, new Map(state))).root
}

// ---- options and results ----

/** The options of the in-memory simulation (sim.ts; validator-set changes excepted), and: */
export interface StoreSimOptions extends Omit<SimOptions, 'membership'> {
  /** transactions submitted by the clients over the run */
  txs?: number
  /** where the stores' directories go (default: /dev/shm when present, else the system's temporary directory) */
  dir?: string
}

export interface StoreSimStats {
  seed: number
  powers: number[]
  byzantine: number | null
  heights: number
  heightAtGst: number
  maxRound: number
  messages: number
  crashes: number
  restarts: number
  crashesBeforeCommit: number
  crashesAfterCommit: number
  /** replicas that prune old heights (keepRecent) */
  pruning: number
  redecidedAfterRestart: number
  tornCrashes: number
  /** crashes that left a torn record at the end of a WAL file */
  tornFileTails: number
  /** replicas whose WAL and signing guard are files */
  fileReplicas: number
  powerLosses: number
  walsLost: number
  partitions: number
  evidence: number
  signRefusals: number
  /** blocks applied by block sync (from a peer's store) */
  synced: number
  /** proposals an honest replica refused as invalid (a Byzantine proposer's bad blocks) */
  invalidRefused: number
  /** of those, blocks with a bad transaction signature refused for it, by a replica verifying in a worker thread */
  badSigRefusedPool: number
  /** Byzantine proposals sent, by kind */
  byzProposals: { valid: number; badAppHash: number; badTx: number; badSig: number }
  committedTxs: number
  rejectedTxs: number
  proofsChecked: number
  asOfChecked: number
  simTimeMs: number
}

export interface StoreSimResult {
  ok: boolean
  error?: string
  stats: StoreSimStats
}

type CrashMode = 'clean' | 'power' | 'torn' | 'wal-lost' | 'before-commit' | 'after-commit'

type Event =
  | { kind: 'deliver'; to: number; from: number; msg: ConsensusMessage }
  | { kind: 'timeout'; node: number; life: number; timeout: 'propose' | 'prevote' | 'precommit'; height: number; round: number }
  | { kind: 'gossip'; node: number; life: number }
  | { kind: 'crash'; node: number; mode: CrashMode }
  | { kind: 'restart'; node: number }
  | { kind: 'submit'; tx: number }
  | { kind: 'partition' }
  | { kind: 'heal' }
  | { kind: 'gst' }

class SimFailure extends Error {}

interface PoolTx {
  bytes: Uint8Array
  hashHex: string
  submitted: boolean
}

interface SimNode {
  index: number
  key: Signer
  hex: string
  byzantine: boolean
  signer: MessageSigner
  /**
   * The WAL and the signing guard: in memory (where torn appends and power failures are simulated), or in files in
   * the node's directory as the node keeps them (consensus/wal-file.ts, guard-file.ts), reopened at every boot
   */
  wal: MemoryWal | FileWal
  fileGuard: FileGuardStore | null
  files: boolean
  dir: string
  store: Store | null
  chain: Chain | null
  checker: TxChecker
  replica: Replica | null
  /** bumped at every crash and boot: work and timers of an earlier life are dropped */
  life: number
  queue: Array<() => Promise<void>>
  prepared: Map<string, PreparedBlock>
  invalid: Set<string>
  /** proposals for a later height, kept until the chain reaches it (at most 64) */
  future: ConsensusMessage[]
  crashAtNextCommit: 'before' | 'after' | null
  /** the store's options: some replicas prune old heights, some keep (almost) no tree nodes in memory */
  storeOptions: StoreOptions
  /** the height this node had decided (not yet committed) when it crashed before committing */
  pendingDecision: number | null
  syncing: boolean
}

export async function runStoreSim(opts: StoreSimOptions): Promise<StoreSimResult> {
  const rnd = mulberry32(opts.seed ^ 0x5bd1e995)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
  const powers = opts.powers ?? pick(POWER_SETS)
  const n = powers.length
  const total = powers.reduce((a, b) => a + b, 0)
  const under3rd = (i: number): boolean => powers[i]! * 3 < total
  let byz: number | null
  if (opts.byzantine !== undefined) byz = opts.byzantine
  else {
    const eligible = powers.map((_, i) => (under3rd(i) ? i : -1)).filter((i) => i >= 0)
    byz = rnd() < 0.75 && eligible.length > 0 ? pick(eligible) : null
  }
  if (byz !== null && !under3rd(byz)) throw new Error('the Byzantine validator must have < 1/3 of the power')
  const gstMs = opts.gstMs ?? 6000
  const heightsAfterGst = opts.heightsAfterGst ?? 3
  const livenessBoundMs = opts.livenessBoundMs ?? 30_000
  const timeouts = opts.timeouts ?? SIM_TIMEOUTS
  const loss = opts.loss ?? 0.15
  const dup = opts.duplicate ?? 0.1
  const precommitLoss = opts.precommitLoss ?? 0.5
  const withCrashes = opts.crashes ?? true
  const withPartitions = opts.partitions ?? true
  const txCount = opts.txs ?? 60

  const verify = cachedVerify()
  /**
   * Replicas of one parity check transaction signatures in a worker thread (VerifyPool), the others inline: the
   * pool's results are awaited in the node's queue, so the run stays a function of the seed.
   */
  const verifyPool = new VerifyPool(1)
  const usesPool = (i: number): boolean => (i + opts.seed) % 2 === 0
  const keys = powers.map((_, i) => nodeSigner(sha256(utf8(`daejang-store-sim/${opts.seed}/${i}`))))
  const clients = [0, 1, 2].map((i) => nodeSigner(sha256(utf8(`daejang-store-sim/${opts.seed}/client/${i}`))))
  const genesis: Genesis = parseGenesis({
    format: 'daejang-genesis/1',
    chainId: STORE_SIM_CHAIN,
    genesisTime: GENESIS_TIME,
    agencies: keys.map((k, i) => ({
      id: `agency-${i}`,
      name: `Agency ${i}`,
      validator: { publicKey: toHex(k.publicKey), power: powers[i]! },
      admins: [toHex(nodeSigner(sha256(utf8(`daejang-store-sim/${opts.seed}/admin/${i}`))).publicKey)],
    })),
  })
  /** the validator set as the chain orders it (its hash is in every header) */
  const validators: Validator[] = genesisValidators(genesis)
  const types = txTypeTable([...REGISTRIES, simRegistry])

  const stats: StoreSimStats = {
    seed: opts.seed,
    powers,
    byzantine: byz,
    heights: 0,
    heightAtGst: 0,
    maxRound: 0,
    messages: 0,
    crashes: 0,
    restarts: 0,
    crashesBeforeCommit: 0,
    crashesAfterCommit: 0,
    pruning: 0,
    redecidedAfterRestart: 0,
    tornCrashes: 0,
    tornFileTails: 0,
    fileReplicas: 0,
    powerLosses: 0,
    walsLost: 0,
    partitions: 0,
    evidence: 0,
    signRefusals: 0,
    synced: 0,
    invalidRefused: 0,
    badSigRefusedPool: 0,
    byzProposals: { valid: 0, badAppHash: 0, badTx: 0, badSig: 0 },
    committedTxs: 0,
    rejectedTxs: 0,
    proofsChecked: 0,
    asOfChecked: 0,
    simTimeMs: 0,
  }

  const base = opts.dir ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir())
  const root = mkdtempSync(join(base, `daejang-store-sim-${opts.seed}-`))

  const events = new Heap<Event>()
  let now = 0
  let afterGst = false
  let partition: number[] | null = null
  /** the agreed block hash of each height (from decisions and synced blocks) */
  const agreed = new Map<number, string>()
  const fail = (m: string): never => {
    throw new SimFailure(m)
  }
  const trace = (line: string): void => opts.trace?.(`${now.toFixed(0)} ${line}`)

  // ---- the clients' transactions: random writes and deletes over a small key space ----
  const pool: PoolTx[] = []
  {
    const nonces = clients.map(() => 0)
    for (let i = 0; i < txCount; i++) {
      const c = Math.floor(rnd() * clients.length)
      const set: Array<[string, number]> = []
      const del: string[] = []
      const ops = 1 + Math.floor(rnd() * 3)
      for (let o = 0; o < ops; o++) {
        const k = kvKey(Math.floor(rnd() * GROUPS), Math.floor(rnd() * KEYS))
        if (set.some(([x]) => x === k) || del.includes(k)) continue
        if (rnd() < 0.3) del.push(k)
        else set.push([k, Math.floor(rnd() * 1000)])
      }
      const tx = makeTx(clients[c]!, {
        chainId: STORE_SIM_CHAIN,
        type: 'sim.kv.write',
        payload: { set, del },
        nonce: ++nonces[c]!,
        time: GENESIS_TIME,
      })
      const bytes = encodeTx(tx)
      pool.push({ bytes, hashHex: toHex(sha256(bytes)), submitted: false })
      // most before GST, some after
      events.push(rnd() * (gstMs + 2000), { kind: 'submit', tx: i })
    }
  }
  /** tx hash → height of the agreed chain that committed it */
  const committedAt = new Map<string, number>()

  const nodes: SimNode[] = keys.map((k, i) => {
    const byzantine = i === byz
    const signer: MessageSigner = byzantine
      ? { publicKey: k.publicKey, sign: (req) => ({ ok: true, sig: k.sign(req.signBytes) }) }
      : new SignGuard(k, new MemoryGuardStore())
    const dir = join(root, `node${i}`)
    mkdirSync(dir)
    return {
      index: i,
      key: k,
      hex: toHex(k.publicKey),
      byzantine,
      signer,
      wal: new MemoryWal(),
      fileGuard: null,
      files: rnd() < 0.5,
      dir,
      store: null,
      chain: null,
      checker: new TxChecker(genesis, types, verifyNode, new SigCache(), usesPool(i) ? verifyPool : undefined),
      replica: null,
      life: 0,
      queue: [],
      prepared: new Map(),
      invalid: new Set(),
      future: [],
      crashAtNextCommit: null,
      storeOptions: {
        pruning: { keepRecent: pick([null, null, 1, 3]) },
        ...(rnd() < 0.4 ? { cacheNodes: pick([0, 2, 16]) } : {}),
      },
      pendingDecision: null,
      syncing: false,
    }
  })
  const byzHex = byz === null ? null : nodes[byz]!.hex
  stats.fileReplicas = nodes.filter((x) => x.files).length
  const headOf = (node: SimNode): number => node.chain?.head().height ?? -1

  // ---- invariant: honest validators never sign two different things for one step ----
  const { check: checkSigned, seenIds } = honestSigningCheck(byzHex, (v) => blockIdOf(v)?.hash ?? sha256(v), fail)

  // ---- network ----
  const send = (from: number, to: number, msg: ConsensusMessage): void => {
    checkSigned(msg)
    stats.messages++
    if (!afterGst) {
      if (partition && partition[from] !== partition[to]) return
      if (rnd() < (msg.kind === 'vote' && msg.vote.type === VoteType.precommit ? precommitLoss : loss)) return
    }
    const delay = (): number => (afterGst ? 1 + rnd() * 50 : rnd() < 0.05 ? 300 + rnd() * 1500 : 1 + rnd() * 200)
    events.push(now + delay(), { kind: 'deliver', to, from, msg })
    if (!afterGst && rnd() < dup) events.push(now + delay(), { kind: 'deliver', to, from, msg })
  }

  // ---- async chain work: one FIFO queue a node, all awaited before the next event ----
  const enqueue = (node: SimNode, fn: () => Promise<void>): void => {
    const life = node.life
    node.queue.push(async () => {
      if (node.life !== life || !node.chain) return
      await fn()
    })
  }
  const drain = async (): Promise<void> => {
    for (;;) {
      const node = nodes.find((x) => x.queue.length > 0)
      if (!node) return
      await node.queue.shift()!()
    }
  }

  /** run something on a live replica; a torn WAL append crashes the node */
  const guarded = (node: SimNode, f: (r: Replica) => void): void => {
    if (!node.replica) return
    try {
      f(node.replica)
    } catch (e) {
      if (e instanceof WalCrash) {
        stats.tornCrashes++
        trace(`n${node.index} crashed in a WAL append`)
        crash(node)
        events.push(now + 50 + rnd() * 1000, { kind: 'restart', node: node.index })
        return
      }
      throw e
    }
  }

  /** Stop a node at once, as kill -9 would: its replica and queued work are gone; its store is closed. */
  const closing = new Map<SimNode, Promise<void>>()
  const crash = (node: SimNode): void => {
    node.life++
    node.replica = null
    node.queue = []
    node.prepared.clear()
    node.invalid.clear()
    node.future = []
    node.syncing = false
    if (node.wal instanceof MemoryWal) node.wal.tearNextAppend = null
    else node.wal.close()
    node.fileGuard?.close()
    node.fileGuard = null
    const store = node.store
    node.store = null
    node.chain = null
    if (store) closing.set(node, store.close())
  }

  const candidatesFor = (node: SimNode): CheckedTx[] => {
    const head = headOf(node)
    const open = pool.filter((t) => {
      if (!t.submitted) return false
      const h = committedAt.get(t.hashHex)
      return h === undefined || h > head
    })
    // a random subset, in a random order
    const out: CheckedTx[] = []
    const max = 1 + Math.floor(rnd() * 6)
    while (open.length > 0 && out.length < max) {
      const t = open.splice(Math.floor(rnd() * open.length), 1)[0]!
      out.push(node.checker.fromBytes(t.bytes))
    }
    return out
  }

  const commitAt = async (node: SimNode, height: number): Promise<Commit | null> => {
    const b = await node.store!.getCommitBytes(height)
    return b ? commitFromCanonical(decodeCanonical(b)) : null
  }

  const build = async (node: SimNode, extra = 0): Promise<PreparedBlock> => {
    const chain = node.chain!
    const head = chain.head()
    const lastCommit = head.height === 0 ? null : await commitAt(node, head.height)
    const { prepared, rejected } = await chain.buildBlock(candidatesFor(node), node.key.publicKey, GENESIS_TIME + Math.floor(now) + extra, lastCommit)
    stats.rejectedTxs += rejected.length
    return prepared
  }

  // ---- the Byzantine proposer's second block ----
  const conflicts = new Map<string, ConsensusMessage>()
  /** ids (hex) of the Byzantine proposer's second blocks: the only blocks an honest replica may refuse */
  const conflictIds = new Set<string>()
  /** ids (hex) of those whose only fault is a transaction's signature: refused for that reason */
  const badSigIds = new Set<string>()
  const conflictingProposal = async (node: SimNode, p: Proposal): Promise<ConsensusMessage> => {
    const k = `p/${p.height}/${p.round}`
    const known = conflicts.get(k)
    if (known) return known
    const x = rnd()
    let value: Uint8Array
    const own = decodeBlock(p.value)
    const committed = [...committedAt.entries()].filter(([, h]) => h < p.height)
    const openTxs = pool.filter((e) => !committedAt.has(e.hashHex))
    let badSig = false
    if (x < 0.3) {
      // another valid block: other transactions, another time
      value = (await build(node, 1 + Math.floor(rnd() * 100))).bytes
      stats.byzProposals.valid++
    } else if (x < 0.55 && (own.txs.length > 0 || openTxs.length > 0)) {
      // the same block with one bit of one transaction's signature flipped (a transaction added when it has none)
      const txs = own.txs.length > 0 ? [...own.txs] : [pick(openTxs).bytes]
      const j = Math.floor(rnd() * txs.length)
      const t = decodeTx(txs[j]!)
      const sig = t.sig.slice()
      const at = Math.floor(rnd() * sig.length)
      sig[at] = sig[at]! ^ (1 << Math.floor(rnd() * 8))
      txs[j] = encodeTx({ ...t, sig })
      const b: Block = { ...own, txs, header: { ...own.header, txRoot: merkleRoot(txs), txCount: txs.length } }
      value = encodeBlock(b)
      badSig = true
      stats.byzProposals.badSig++
    } else if (x < 0.8 || committed.length === 0) {
      // the app hash is not the state root after the block
      const appHash = sha256(utf8(`forged/${p.height}/${p.round}/${rnd()}`))
      const b: Block = { ...own, header: { ...own.header, appHash } }
      value = encodeBlock(b)
      stats.byzProposals.badAppHash++
    } else {
      // a transaction committed earlier, included again (its nonce is used): the block cannot execute
      const [hashHex] = pick(committed)
      const t = pool.find((e) => e.hashHex === hashHex)!
      const txs = [...own.txs, t.bytes]
      const b: Block = { ...own, txs, header: { ...own.header, txRoot: merkleRoot(txs), txCount: txs.length } }
      value = encodeBlock(b)
      stats.byzProposals.badTx++
    }
    const id = blockIdOf(value)!.hash
    const sig = node.key.sign(proposalSignBytes(STORE_SIM_CHAIN, p.height, p.round, id, p.validRound))
    const m: ConsensusMessage = { kind: 'proposal', proposal: { ...p, value, sig } }
    conflicts.set(k, m)
    conflictIds.add(toHex(id))
    if (badSig) badSigIds.add(toHex(id))
    return m
  }

  const conflictingVote = (node: SimNode, v: Vote): ConsensusMessage => {
    const k = `v/${v.height}/${v.round}/${v.type}`
    let c = conflicts.get(k)
    if (!c) {
      const others = (seenIds.get(v.height) ?? []).filter((id) => !equalBytes(id, v.blockHash))
      const blockHash = others.length > 0 && rnd() < 0.8 ? pick(others) : equalBytes(v.blockHash, NIL_ID) ? sha256(utf8(`byz/${rnd()}`)) : NIL_ID
      const sig = node.key.sign(voteSignBytes(STORE_SIM_CHAIN, v.type, v.height, v.round, blockHash))
      conflicts.set(k, (c = { kind: 'vote', vote: { ...v, blockHash, sig } }))
    }
    return c
  }

  const splitSend = (node: SimNode, msg: ConsensusMessage, other: ConsensusMessage): void => {
    const peers = nodes.filter((p) => p !== node)
    const first = Math.floor(rnd() * peers.length)
    peers.forEach((p, i) => send(node.index, p.index, i === first ? other : i === (first + 1) % peers.length ? msg : rnd() < 0.5 ? msg : other))
  }

  const broadcast = (node: SimNode, msg: ConsensusMessage): void => {
    if (node.byzantine && rnd() < 0.7) {
      if (msg.kind === 'vote') return splitSend(node, msg, conflictingVote(node, msg.vote))
      // building the second block is chain work: both versions leave together once it is built
      enqueue(node, async () => splitSend(node, msg, await conflictingProposal(node, msg.proposal)))
      return
    }
    for (const p of nodes) if (p !== node) send(node.index, p.index, msg)
  }

  // ---- the replica's host, as the driver wires it ----
  const checkDecision = (node: SimNode, d: Decision): void => {
    const id = blockIdOf(d.value)
    if (!id || !equalBytes(id.hash, d.valueId)) fail(`node ${node.index} decided height ${d.height}: the value is not a block of that id`)
    const c = verifyCommit(STORE_SIM_CHAIN, validators, d.commit, d.valueId, d.height, verify)
    if (!c.ok) fail(`node ${node.index} decided height ${d.height} without a valid commit: ${c.reason}`)
    agree(node, d.height, toHex(d.valueId))
  }
  const agree = (node: SimNode, height: number, idHex: string): void => {
    const prev = agreed.get(height)
    if (prev === undefined) agreed.set(height, idHex)
    else if (prev !== idHex) fail(`agreement violated at height ${height}: ${prev.slice(0, 8)} vs ${idHex.slice(0, 8)} (node ${node.index})`)
  }

  const afterCommit = (node: SimNode, p: PreparedBlock): void => {
    const h = p.block.header.height
    stats.heights = Math.max(stats.heights, h)
    for (const c of p.txs) {
      if (!committedAt.has(c.hashHex)) {
        committedAt.set(c.hashHex, h)
        stats.committedTxs++
      }
    }
    node.prepared.clear()
    node.invalid.clear()
  }

  const redeliverFuture = (node: SimNode): void => {
    const waiting = node.future
    node.future = []
    for (const m of waiting) deliverProposal(node, m)
  }

  const commitDecision = async (node: SimNode, d: Decision): Promise<void> => {
    const chain = node.chain!
    const head = chain.head()
    if (d.height <= head.height) return
    if (d.height !== head.height + 1) fail(`node ${node.index} decided height ${d.height} with its chain at ${head.height}`)
    if (node.pendingDecision === d.height) {
      stats.redecidedAfterRestart++
      node.pendingDecision = null
    }
    if (node.crashAtNextCommit === 'before' && !afterGst) {
      // the decision is taken (and its WAL synced) but the block is not written: a crash in between
      node.crashAtNextCommit = null
      stats.crashesBeforeCommit++
      node.pendingDecision = d.height
      trace(`n${node.index} crashed between deciding and committing height ${d.height}`)
      crash(node)
      events.push(now + 50 + rnd() * 1000, { kind: 'restart', node: node.index })
      return
    }
    const idHex = toHex(d.valueId)
    let p = node.prepared.get(idHex)
    if (!p || p.block.header.height !== d.height) {
      try {
        p = await chain.validateBlock(d.value)
      } catch (e) {
        fail(`node ${node.index} decided block ${d.height} that it cannot validate: ${(e as Error).message}`)
      }
    }
    await chain.commit(p!, d.commit)
    trace(`n${node.index} committed ${d.height} ${idHex.slice(0, 8)} (${p!.txs.length} txs)`)
    afterCommit(node, p!)
    if (node.crashAtNextCommit === 'after' && !afterGst) {
      // the block is written; the process dies before anything else happens
      node.crashAtNextCommit = null
      stats.crashesAfterCommit++
      trace(`n${node.index} crashed just after committing height ${d.height}`)
      crash(node)
      events.push(now + 50 + rnd() * 1000, { kind: 'restart', node: node.index })
      return
    }
    node.replica?.poke()
    redeliverFuture(node)
  }

  const propose = async (node: SimNode, r: Replica, height: number, round: number): Promise<void> => {
    if (node.replica !== r || headOf(node) + 1 !== height) return
    const prepared = await build(node)
    node.prepared.set(toHex(prepared.hash), prepared)
    guarded(node, (rep) => rep.input({ kind: 'value', height, round, value: prepared.bytes }))
  }

  const hostFor = (node: SimNode): ReplicaHost => ({
    broadcast: (m) => broadcast(node, m),
    scheduleTimeout: (t, ms) => {
      stats.maxRound = Math.max(stats.maxRound, t.round)
      events.push(now + ms, { kind: 'timeout', node: node.index, life: node.life, ...t })
    },
    requestValue: (height, round) => {
      const r = node.replica
      enqueue(node, async () => {
        if (r) await propose(node, r, height, round)
      })
    },
    isValid: (value) => {
      const id = blockIdOf(value)
      return id !== null && node.prepared.has(id.hashHex)
    },
    decided: (d) => {
      checkDecision(node, d)
      enqueue(node, () => commitDecision(node, d))
    },
    evidence: (ev: DuplicateVoteEvidence) => {
      if (node.byzantine) return
      stats.evidence++
      const set = node.chain!.validatorSetAt(ev.voteA.height)
      if (!set) fail('evidence of a height whose set is unknown')
      const ec = verifyEvidence(STORE_SIM_CHAIN, set!, ev, verify)
      if (!ec.ok) fail('evidence does not verify: ' + ec.reason)
      if (toHex(ev.voteA.validator) !== byzHex) fail('honest validator accused by evidence')
    },
    signRefused: () => {
      stats.signRefusals++
    },
  })

  const newReplica = (node: SimNode): void => {
    const chain = node.chain!
    node.replica = null
    const r = new Replica(
      {
        chainId: STORE_SIM_CHAIN,
        validators: (h) => chain.validatorSetAt(h),
        verify,
        timeouts,
        valueId: (v) => blockIdOf(v)?.hash ?? new Uint8Array(32).fill(0xff),
      },
      node.signer,
      node.wal,
      hostFor(node),
      chain.head().height,
    )
    node.replica = r
    guarded(node, (rep) => rep.start())
    redeliverFuture(node)
  }

  const boot = async (node: SimNode): Promise<void> => {
    await closing.get(node)
    closing.delete(node)
    node.life++
    if (node.files) {
      // the consensus files, reopened as the node reopens them (a torn tail is cut here)
      node.wal = new FileWal(join(node.dir, 'consensus.wal'))
      if (!node.byzantine) {
        node.fileGuard = new FileGuardStore(join(node.dir, 'sign-guard'))
        node.signer = new SignGuard(node.key, node.fileGuard)
      }
    }
    const store = new Store(join(node.dir, 'chain'), node.storeOptions)
    await store.open()
    if (!(await store.getGenesisBytes())) {
      const state = genesisState(genesis)
      const tree = await store.tree.prepare(0, new Map(state))
      await store.initGenesis(utf8(JSON.stringify(genesis)), state, Chain.genesisHead(tree.root, genesis.genesisTime), tree)
    }
    const chain = new Chain(genesis, store, node.checker, verify)
    await chain.loadValidatorSets()
    node.store = store
    node.chain = chain
    trace(`n${node.index} boots at height ${chain.head().height}`)
    newReplica(node)
    events.push(now + rnd() * 500, { kind: 'gossip', node: node.index, life: node.life })
  }

  // ---- proposals: validated (executed) before the replica sees them ----
  const deliverProposal = (node: SimNode, m: ConsensusMessage): void => {
    if (m.kind !== 'proposal' || !node.replica) return
    const p = m.proposal
    const next = headOf(node) + 1
    if (p.height < next || p.height > next + 2) return
    if (p.height > next) return hold(node, m)
    const r = node.replica
    enqueue(node, async () => {
      if (node.replica !== r || headOf(node) + 1 !== p.height) return hold(node, m)
      const id = blockIdOf(p.value)
      if (id && !node.prepared.has(id.hashHex) && !node.invalid.has(id.hashHex)) {
        try {
          node.prepared.set(id.hashHex, await node.chain!.validateBlock(p.value))
          if (badSigIds.has(id.hashHex) && !node.byzantine) fail(`node ${node.index} accepted block ${p.height}/${p.round} with a bad transaction signature`)
        } catch (e) {
          if (!(e instanceof DaejangError) || e.code === 'INTERNAL' || e.code === 'CORRUPT_DATA') throw e
          node.invalid.add(id.hashHex)
          trace(`n${node.index} refused block ${p.height}/${p.round} ${id.hashHex.slice(0, 8)}: ${e.message}`)
          if (!node.byzantine) {
            stats.invalidRefused++
            if (!conflictIds.has(id.hashHex)) fail(`node ${node.index} refused block ${p.height}/${p.round} ${id.hashHex.slice(0, 8)}, which no Byzantine proposer forged: ${e.message}`)
            if (badSigIds.has(id.hashHex)) {
              if (!/bad signature/.test(e.message)) fail(`node ${node.index} refused block ${p.height}/${p.round} with a bad transaction signature for another reason: ${e.message}`)
              if (usesPool(node.index)) stats.badSigRefusedPool++
            }
          }
        }
      }
      guarded(node, (rep) => rep.receive(m))
    })
  }
  const hold = (node: SimNode, m: ConsensusMessage): void => {
    if (m.kind !== 'proposal' || node.future.length >= 64) return
    if (node.future.some((f) => f.kind === 'proposal' && equalBytes(f.proposal.sig, m.proposal.sig))) return
    node.future.push(m)
  }

  // ---- block sync from a peer's store ----
  const syncFrom = async (node: SimNode, peer: SimNode): Promise<void> => {
    if (!peer.store || !node.chain) return
    const chain = node.chain
    let applied = 0
    for (let i = 0; i < 20; i++) {
      const h = chain.head().height + 1
      const [b, c] = [await peer.store.getBlockBytes(h), await peer.store.getCommitBytes(h)]
      if (!b || !c) break
      const header = decodeBlock(b).header
      const commit = commitFromCanonical(decodeCanonical(c))
      const ok = chain.verifyCommitAt(commit, blockHash(header), header.height, verify)
      if (!ok.ok) fail(`node ${peer.index} stored a commit that does not verify at height ${h}: ${ok.reason}`)
      agree(node, h, toHex(blockHash(header)))
      let p: PreparedBlock
      try {
        p = await chain.validateBlock(b)
      } catch (e) {
        fail(`node ${node.index} cannot validate block ${h} committed by node ${peer.index}: ${(e as Error).message}`)
      }
      await chain.commit(p!, commit)
      afterCommit(node, p!)
      applied++
      stats.synced++
    }
    if (applied > 0) {
      trace(`n${node.index} synced to ${chain.head().height} from n${peer.index}`)
      if (node.pendingDecision !== null && node.pendingDecision <= chain.head().height) node.pendingDecision = null
      newReplica(node)
    }
  }

  const deliver = (e: { to: number; from: number; msg: ConsensusMessage }): void => {
    const node = nodes[e.to]!
    if (!node.replica) return
    const m = e.msg
    if (m.kind === 'proposal') return deliverProposal(node, m)
    // a signed vote for a later height than the one this node works on: the sender has blocks it lacks
    if (m.vote.height > node.replica.core.height && !node.syncing) {
      const peer = nodes[e.from]!
      const v = m.vote
      if (toHex(v.validator) === peer.hex && verify(v.sig, voteSignBytes(STORE_SIM_CHAIN, v.type, v.height, v.round, v.blockHash), v.validator)) {
        node.syncing = true
        enqueue(node, async () => {
          try {
            await syncFrom(node, peer)
          } finally {
            node.syncing = false
          }
        })
      }
    }
    guarded(node, (r) => {
      const res = r.receive(m)
      if (opts.trace && !res.accepted) trace(`n${e.to}<-n${e.from} V${m.vote.type} h${m.vote.height} r${m.vote.round}: ${res.reason}`)
    })
  }

  // ---- the faults ----
  if (withPartitions) {
    for (let t = rnd() * 1500; t < gstMs; t += 500 + rnd() * 2500) {
      events.push(t, { kind: 'partition' })
      t += 200 + rnd() * 1500
      if (t < gstMs) events.push(t, { kind: 'heal' })
    }
  }
  const amnesiac = byz === null ? powers.findIndex((_, i) => under3rd(i)) : -1
  if (withCrashes) {
    for (let t = rnd() * 1000; t < gstMs; t += 300 + rnd() * 1500) {
      const x = rnd()
      const node = Math.floor(rnd() * n)
      const mode: CrashMode =
        x < 0.15 ? 'clean' : x < 0.3 ? 'power' : x < 0.5 ? 'before-commit' : x < 0.6 ? 'after-commit' : x < 0.9 || node !== amnesiac ? 'torn' : 'wal-lost'
      events.push(t, { kind: 'crash', node, mode })
    }
  }
  events.push(gstMs, { kind: 'gst' })

  const honest = nodes.filter((x) => !x.byzantine)
  let target = Infinity
  try {
    for (const node of nodes) await boot(node)
    await drain()
    for (;;) {
      if (afterGst && honest.every((x) => headOf(x) >= target)) break
      const ev = events.pop()
      if (!ev) fail('no more events')
      now = ev!.t
      if (afterGst && now > gstMs + livenessBoundMs) {
        fail(`liveness: after GST honest replicas reached heights ${honest.map(headOf).join(',')} (target ${target}) within ${livenessBoundMs} ms`)
      }
      const e = ev!.v
      switch (e.kind) {
        case 'deliver':
          deliver(e)
          break
        case 'timeout': {
          const node = nodes[e.node]!
          if (node.life !== e.life) break
          guarded(node, (r) => r.timeout(e.timeout, e.height, e.round))
          break
        }
        case 'gossip': {
          const node = nodes[e.node]!
          if (node.life !== e.life || !node.replica) break
          const own = node.replica.core.ownMessages()
          for (const proposal of own.proposals) broadcast(node, { kind: 'proposal', proposal })
          for (const vote of own.votes) broadcast(node, { kind: 'vote', vote })
          events.push(now + 400 + rnd() * 200, { kind: 'gossip', node: node.index, life: node.life })
          break
        }
        case 'submit':
          pool[e.tx]!.submitted = true
          break
        case 'crash': {
          const node = nodes[e.node]!
          if (afterGst || !node.replica) break
          stats.crashes++
          const wal = node.wal
          if (e.mode === 'torn' && wal instanceof MemoryWal) {
            wal.tearNextAppend = Math.floor(rnd() * 64)
          } else if (e.mode === 'torn' && wal instanceof FileWal) {
            // the process dies in the middle of appending a record: the file ends with part of a frame
            crash(node)
            const torn = new Uint8Array(1 + Math.floor(rnd() * 40)).map(() => Math.floor(rnd() * 256))
            appendFileSync(wal.path, frameRecord(torn).subarray(0, torn.length))
            stats.tornFileTails++
            trace(`n${node.index} crashed in a WAL file append`)
            events.push(now + 50 + rnd() * 1500, { kind: 'restart', node: node.index })
          } else if (e.mode === 'before-commit' || e.mode === 'after-commit') {
            node.crashAtNextCommit = e.mode === 'before-commit' ? 'before' : 'after'
          } else {
            // (a file WAL's power failure is a clean crash here: what it synced is on disk, what it did not is gone
            // only if the machine loses power, which a test process cannot do)
            if (e.mode === 'power' && wal instanceof MemoryWal) {
              wal.loseUnsynced()
              stats.powerLosses++
            }
            if (e.mode === 'wal-lost') {
              wal.rewrite([])
              stats.walsLost++
            }
            trace(`n${node.index} crashed (${e.mode})`)
            crash(node)
            events.push(now + 50 + rnd() * 1500, { kind: 'restart', node: node.index })
          }
          break
        }
        case 'restart': {
          const node = nodes[e.node]!
          if (!node.replica) {
            stats.restarts++
            await boot(node)
          }
          break
        }
        case 'partition':
          stats.partitions++
          partition = nodes.map(() => (rnd() < 0.5 ? 0 : 1))
          break
        case 'heal':
          partition = null
          break
        case 'gst': {
          afterGst = true
          partition = null
          for (const node of nodes) {
            if (node.wal instanceof MemoryWal) node.wal.tearNextAppend = null
            node.crashAtNextCommit = null
            if (!node.replica) {
              stats.restarts++
              await boot(node)
            }
          }
          stats.heightAtGst = Math.max(0, ...nodes.map(headOf))
          target = stats.heightAtGst + heightsAfterGst
          break
        }
      }
      await drain()
    }
    stats.simTimeMs = now
    await checkFinalState(honest)
  } catch (e) {
    stats.simTimeMs = now
    await closeAll()
    if (e instanceof SimFailure) return { ok: false, error: `seed ${opts.seed}: ${e.message}`, stats }
    throw new Error(`seed ${opts.seed}: ${(e as Error).stack ?? String(e)}`)
  }
  await closeAll()
  return { ok: true, stats }

  async function closeAll(): Promise<void> {
    await verifyPool.close()
    for (const node of nodes) {
      if (node.wal instanceof FileWal && node.replica) node.wal.close()
      node.fileGuard?.close()
      await node.store?.close().catch(() => undefined)
      await closing.get(node)?.catch(() => undefined)
    }
    rmSync(root, { recursive: true, force: true })
  }

  /** The end-of-run checks against a plain-map replay of the agreed chain (see the file's comment). */
  async function checkFinalState(replicas: SimNode[]): Promise<void> {
    const top = Math.max(...replicas.map(headOf))
    const ref = replicas.find((x) => headOf(x) === top)!
    // the plain map after each height, replayed from the reference replica's blocks (which are the agreed ones)
    const snapshots: Array<Map<string, Canonical>> = []
    const headers: Array<Block['header']> = []
    const model = new Map<string, Canonical>(genesisState(genesis))
    snapshots.push(new Map(model))
    for (let h = 1; h <= top; h++) {
      const bytes = await ref.store!.getBlockBytes(h)
      if (!bytes) fail(`node ${ref.index} has no block ${h} below its head`)
      const block = decodeBlock(bytes!)
      if (toHex(blockHash(block.header)) !== agreed.get(h)) fail(`node ${ref.index}'s block ${h} is not the agreed one`)
      for (const t of block.txs) {
        const err = replayTx(model, t, h)
        if (err) fail(`height ${h}: ${err}`)
      }
      snapshots.push(new Map(model))
      headers.push(block.header)
    }
    const rootsOfModel = [await freshRoot(snapshots[0]!)]
    for (let h = 1; h <= top; h++) {
      const r = await freshRoot(snapshots[h]!)
      if (!equalBytes(r, headers[h - 1]!.appHash)) fail(`height ${h}: the header's app hash is not the root of the plain-map replay`)
      rootsOfModel.push(r)
    }
    const everKeys = new Set<string>()
    for (const s of snapshots) for (const k of s.keys()) everKeys.add(k)
    for (let g = 0; g < GROUPS; g++) for (let k = 0; k < KEYS; k++) everKeys.add(kvKey(g, k))
    const allKeys = [...everKeys].sort()
    // the trust list a verifier would hold, taken at the top of the chain (the set never changes in this simulation)
    const trust: TrustList = { chainId: STORE_SIM_CHAIN, height: top, sets: [{ fromHeight: 1, validators }] }

    // a node that joins late replays the whole chain from genesis (catch-up: every block validated and executed
    // anew on an empty store, one store per run), reaching the same roots
    {
      const dir = join(root, 'late')
      const store = new Store(dir, pick([{}, { pruning: { keepRecent: 2 } }, { cacheNodes: 0 }]))
      await store.open()
      try {
        const state = genesisState(genesis)
        const tree = await store.tree.prepare(0, new Map(state))
        await store.initGenesis(utf8(JSON.stringify(genesis)), state, Chain.genesisHead(tree.root, genesis.genesisTime), tree)
        const chain = new Chain(genesis, store, new TxChecker(genesis, types, verifyNode, new SigCache()), verify)
        await chain.loadValidatorSets()
        for (let h = 1; h <= top; h++) {
          const bytes = (await ref.store!.getBlockBytes(h))!
          const commit = (await commitAt(ref, h))!
          let p: PreparedBlock
          try {
            p = await chain.validateBlock(bytes)
          } catch (e) {
            fail(`a late node cannot replay block ${h}: ${(e as Error).message}`)
          }
          await chain.commit(p!, commit)
          if (!equalBytes(await store.tree.rootAt(h), rootsOfModel[h]!)) fail(`a late node's root at ${h} is not the plain map's`)
        }
      } finally {
        await store.close()
      }
    }

    for (const node of replicas) {
      const store = node.store!
      const head = headOf(node)
      const keep = store.pruning.keepRecent
      const oldest = store.oldestProvableHeight()
      if (keep !== null) {
        stats.pruning++
        // the window is kept: nothing newer than the last keepRecent heights is pruned (older ones may remain)
        if (oldest > Math.max(0, head - keep + 1)) fail(`node ${node.index} keeps heights from ${oldest} at head ${head}, more pruned than keepRecent ${keep}`)
      } else if (oldest !== 0) fail(`node ${node.index} prunes nothing but keeps heights from ${oldest} only`)
      if (oldest > 0) {
        let refused = false
        try {
          await store.getAsOf(allKeys[0]!, oldest - 1)
        } catch (e) {
          refused = (e as DaejangError).code === 'HEIGHT_PRUNED'
        }
        if (!refused) fail(`node ${node.index}: a read as of the pruned height ${oldest - 1} is not refused as pruned`)
      }
      if (oldest === 0 && !equalBytes(await store.tree.rootAt(0), rootsOfModel[0]!)) fail(`node ${node.index}: the genesis root differs from the plain map's`)
      for (let h = 1; h <= head; h++) {
        const bytes = await store.getBlockBytes(h)
        const header = decodeBlock(bytes!).header
        if (toHex(blockHash(header)) !== agreed.get(h)) fail(`fork: node ${node.index}'s block ${h} is not the agreed one`)
        if (h < oldest) continue
        const root = await store.tree.rootAt(h)
        if (!equalBytes(root, header.appHash)) fail(`node ${node.index}: the tree's root at ${h} is not the header's app hash`)
        if (!equalBytes(root, rootsOfModel[h]!)) fail(`node ${node.index}: the tree's root at ${h} is not the plain map's`)
      }
      // the flat state at the head, entry for entry
      const flat = new Map<string, Canonical>()
      for await (const [k, v] of store.scanState('')) flat.set(k, v)
      const want = snapshots[head]!
      const diff = [...new Set([...flat.keys(), ...want.keys()])].filter(
        (k) => !flat.has(k) || !want.has(k) || toHex(encodeCanonical(flat.get(k)!)) !== toHex(encodeCanonical(want.get(k)!)),
      )
      if (diff.length > 0) fail(`node ${node.index}: the flat state at ${head} differs from the plain map at ${diff.slice(0, 3).join(', ')}`)
      // "as of" reads and proofs at a few heights (always the head and height 1)
      const span = head - oldest + 1
      const heights = new Set([head, oldest, Math.min(oldest + 1, head), oldest + Math.floor(rnd() * span), oldest + Math.floor(rnd() * span)])
      for (const h of heights) {
        const snap = snapshots[h]!
        const header = h === 0 ? null : decodeBlock((await store.getBlockBytes(h))!).header
        const commit = h === 0 ? null : await commitAt(node, h)
        for (const k of allKeys) {
          const got = await store.getAsOf(k, h)
          const w = snap.get(k)
          if ((got === undefined) !== (w === undefined) || (got !== undefined && toHex(encodeCanonical(got)) !== toHex(encodeCanonical(w!)))) {
            fail(`node ${node.index}: "as of" ${h} read of ${k} differs from the plain map`)
          }
          stats.asOfChecked++
        }
        if (!header || !commit) continue
        const proven = [...allKeys.filter((k) => k.startsWith('sim/')), pick(allKeys), pick(allKeys)]
        for (const k of proven) {
          const proof = await store.tree.prove(k, h)
          const v = verifyCertifiedState({ proof, header, commit }, trust, verifyNode)
          if (!v.ok) fail(`node ${node.index}: the proof of ${k} at ${h} does not verify: ${Object.values(v.checks).filter((c) => !c.ok).map((c) => c.detail).join('; ')}`)
          const claim = v.claim as { key: string; value: Canonical | undefined }
          const w = snap.get(k)
          if ((claim.value === undefined) !== (w === undefined) || (w !== undefined && toHex(encodeCanonical(claim.value!)) !== toHex(encodeCanonical(w)))) {
            fail(`node ${node.index}: the proof of ${k} at ${h} claims another value than the plain map's`)
          }
          stats.proofsChecked++
        }
        for (let g = 0; g < GROUPS; g++) {
          const group = `sim/g${g}`
          const proof = await store.tree.proveRange(group, h)
          const v = verifyCertifiedState({ proof, header, commit }, trust, verifyNode)
          if (!v.ok) fail(`node ${node.index}: the range proof of ${group} at ${h} does not verify`)
          const claim = v.claim as { group: string; entries: Array<[string, Canonical]> }
          const want = [...snap.entries()].filter(([k]) => k.startsWith(group + '/'))
          const got = new Map(claim.entries.map(([k, x]) => [k, toHex(encodeCanonical(x))]))
          if (got.size !== want.length || want.some(([k, x]) => got.get(k) !== toHex(encodeCanonical(x)))) {
            fail(`node ${node.index}: the range proof of ${group} at ${h} claims other entries than the plain map's`)
          }
          stats.proofsChecked++
        }
      }
    }
  }
}
