/**
 * A ledger node: store, chain, mempool, a block producer, queries and events. No HTTP, no Electron: the API server
 * and the CLI sit on top of this class; tests and benchmarks use it directly.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { StatusDto } from '../../shared/api'
import { DaejangError, type ErrorCode, toDaejangError } from '../../shared/errors'
import { fromHex, toHex, utf8 } from '../codec/bytes'
import { decodeCanonical } from '../codec/canonical'
import type { Signer, VerifyFn } from '../crypto/ed25519'
import { verifyNode } from '../crypto/ed25519-node'
import '../crypto/sha256-node'
import { type BatchVerifier, VerifyPool, inlineVerifier } from '../crypto/verify-pool'
import { leafHash, treeLevels } from '../crypto/merkle'
import { type Block, type Commit, type Header, blockHash, commitFromCanonical, decodeBlock } from '../types/block'
import { Chain, type PreparedBlock, type Rejection, genesisState } from '../state/chain'
import { TxChecker, type CheckedTx } from '../mempool/checker'
import { Lookahead } from '../state/lookahead'
import { type Genesis, parseGenesis } from '../types/genesis'
import { DEFAULT_MEMPOOL_LIMITS, Mempool, type MempoolLimits } from '../mempool/mempool'
import {
  VALIDATOR_SETS_KEY,
  ValidatorHistory,
  entriesFromCanonical,
  genesisAgencyValidators,
  buildTrustSteps,
  trustListJsonOf,
} from '../types/validator-sets'
import { type InclusionProof, type TrustList, type TrustListJson, buildProof, trustFromJson } from '../proofs/proof'
import type { TrustStep } from '../proofs/trust-chain'
import { SigCache, SIG_CACHE_DEFAULT } from '../mempool/sigcache'
import { type Tx, decodeTx, makeTx, txToJson } from '../types/tx'
import type { DuplicateVoteEvidence } from '../consensus/voteset'
import { evidenceToPayload } from '../registries/consensus'
import { REGISTRIES, txTypeTable } from '../registries'
import { listAgencies } from '../registries/identity/queries'
import type { Registry } from '../registries/types'
import { type PruningConfig, Store } from '../store/store'
import type { Canonical } from '../codec/canonical'
import type { CertifiedState } from '../proofs/certified-state'
import { EventHub, type Listener } from './events'
import { WorkstationIndex } from './workstations'
import { type BlockProducer, SoloProducer } from './producer'
import { type BftHost, BftProducer, type BftOptions } from '../consensus/driver'
import type { Transport } from '../net/transport'
import { ActivityLog, isConflict } from './activity'

export const NODE_VERSION = '0.1.0'

export type ConsensusSettings = Pick<BftOptions, 'timeouts' | 'wal' | 'guardStore'>

export interface NodeOptions {
  dataDir: string
  genesis: Genesis
  /** the validator key; without one the node does not produce blocks */
  validatorSigner?: Signer
  heartbeatMs?: number
  batchDelayMs?: number
  mempoolLimits?: MempoolLimits
  registries?: readonly Registry[]
  verify?: VerifyFn
  /** a network: with one, blocks come from BFT consensus among the consortium's validators (consensus/driver.ts) */
  transport?: Transport
  /** consensus settings (timeouts; file-backed WAL and signing guard for real nodes) */
  /** consensus settings and files; a function is called when consensus starts (after the store's lock is held) */
  bft?: ConsensusSettings | (() => ConsensusSettings)
  /** worker threads for signature verification; 0 verifies on the node's own thread (default: one per core) */
  verifyThreads?: number
  now?: () => number
  /** how many heights of state stay provable (default: every height; docs/adr/0026) */
  pruning?: PruningConfig
  /** the most entries one range proof carries (default MAX_RANGE_ENTRIES); a larger group is refused */
  maxRangeEntries?: number
  /** where the node records what its users must be able to see afterwards (default: in memory only; activity.ts) */
  activity?: ActivityLog
}

/**
 * The most entries of a state group one range proof carries: a larger group is refused (RANGE_TOO_LARGE). Enough for
 * any notary record group: a batch of 100,000 documents, each revoked on its own, and its record.
 */
export const MAX_RANGE_ENTRIES = 120_000

export interface TxLookup {
  hash: string
  status: 'pending' | 'committed' | 'rejected'
  tx?: Tx
  height?: number
  index?: number
  blockTime?: number
  /** why it was rejected, and the time and height of the block that decided it */
  rejection?: { code: ErrorCode; message: string; time: number; height: number }
}

const BLOCK_CACHE_MAX = 32
/** how often a networked node looks whether it still has peers */
const PEER_WATCH_MS = 1_000

export interface CachedBlock {
  block: Block
  hash: Uint8Array
  commit: Commit | null
  /** Merkle tree levels, computed on the first proof asked of this block */
  levels?: Uint8Array[][]
}

export class LedgerNode {
  readonly genesis: Genesis
  readonly events = new EventHub()
  /** what happened on this node: refusals, peers dropped, catch-ups, governance, errors (activity.ts) */
  readonly activity: ActivityLog
  readonly store: Store
  readonly chain: Chain
  readonly mempool: Mempool
  readonly sigCache: SigCache
  /** blocks checked ahead of their execution while catching up (block sync, replay) */
  readonly lookahead: Lookahead
  readonly heartbeatMs: number
  private producer: BlockProducer | null = null
  private bft: BftProducer | null = null
  private readonly workstations = new WorkstationIndex()
  private readonly admitted = new Set<(c: CheckedTx, local: boolean) => void>()
  private readonly reportedEvidence = new Set<string>()
  private lastEvidenceNonce = 0
  private readonly blockCache = new Map<number, CachedBlock>()
  private lastError: string | null = null
  private stopping = false
  /** since when this node, which has a network, has had no peer (null: it has one, or it has no network) */
  private noPeersSince: number | null = null
  private peerWatch: ReturnType<typeof setInterval> | undefined
  private readonly verifier: BatchVerifier

  private constructor(
    private readonly opts: NodeOptions,
    store: Store,
  ) {
    this.genesis = opts.genesis
    this.store = store
    this.activity = opts.activity ?? new ActivityLog(null, opts.now)
    this.heartbeatMs = opts.heartbeatMs ?? 5_000
    // every transaction a full mempool holds, twice over, keeps its checked signature
    this.sigCache = new SigCache(Math.max(SIG_CACHE_DEFAULT, 2 * (opts.mempoolLimits ?? DEFAULT_MEMPOOL_LIMITS).maxTxs))
    const verify = opts.verify ?? verifyNode
    this.verifier =
      opts.verifyThreads === 0 || opts.verify ? inlineVerifier(verify) : new VerifyPool(opts.verifyThreads)
    const checker = new TxChecker(
      this.genesis,
      txTypeTable(opts.registries ?? REGISTRIES),
      verify,
      this.sigCache,
      this.verifier,
      (hashHex) => this.mempool.get(hashHex) ?? this.lookahead.get(hashHex),
    )
    this.lookahead = new Lookahead(checker)
    this.chain = new Chain(this.genesis, store, checker, verify)
    this.mempool = new Mempool(this.genesis, store, checker, opts.mempoolLimits ?? DEFAULT_MEMPOOL_LIMITS, opts.now)
  }

  static async open(opts: NodeOptions): Promise<LedgerNode> {
    const genesis = parseGenesis(opts.genesis)
    mkdirSync(opts.dataDir, { recursive: true })
    const store = new Store(join(opts.dataDir, 'chain'), opts.pruning ? { pruning: opts.pruning } : {})
    await store.open()
    if (store.isOldFormat()) {
      await store.close()
      throw oldChainError()
    }
    await store.indexTxBlocks((bytes) => decodeBlock(bytes).txs.length)
    const node = new LedgerNode({ ...opts, genesis }, store)
    try {
      await node.initialize()
    } catch (e) {
      await node.verifier.close()
      await store.close()
      throw e
    }
    return node
  }

  private async initialize(): Promise<void> {
    const genesisBytes = utf8(JSON.stringify(this.genesis))
    const stored = await this.store.getGenesisBytes()
    if (!stored) {
      const state = genesisState(this.genesis)
      const tree = await this.store.tree.prepare(0, new Map(state))
      await this.store.initGenesis(genesisBytes, state, Chain.genesisHead(tree.root, this.genesis.genesisTime), tree)
    } else if (toHex(stored) !== toHex(genesisBytes)) {
      throw new DaejangError('CORRUPT_DATA', 'the stored chain was started from another genesis document')
    }
    await this.chain.loadValidatorSets()
    await this.workstations.load(this.store)
    await this.mempool.restore()
  }

  /**
   * Start producing blocks: through BFT consensus when the node has a network (as a voting validator or as a
   * follower), else alone when it is the consortium's validator.
   */
  start(): void {
    if (this.producer) return
    const signer = this.opts.validatorSigner
    const isValidator = this.isValidator()
    if (this.opts.transport) {
      this.watchPeers()
      this.peerWatch = setInterval(() => this.watchPeers(), PEER_WATCH_MS)
      this.peerWatch.unref?.()
      // the key signs whenever it is in the validator set of the height at hand: a node can join or leave the set
      // by governance while it runs (docs/adr/0013)
      this.bft = new BftProducer(this.bftHost(), {
        transport: this.opts.transport,
        signer: signer ?? null,
        heartbeatMs: this.heartbeatMs,
        ...(typeof this.opts.bft === 'function' ? this.opts.bft() : this.opts.bft),
      })
      this.producer = this.bft
      this.producer.start()
      return
    }
    if (!signer || !isValidator) return
    this.producer = new SoloProducer(
      {
        chainId: this.genesis.chainId,
        produceBlock: (sign) => this.produceBlock(signer.publicKey, sign),
        waitForWork: (ms) => this.mempool.waitForTx(ms),
        pendingCount: () => this.mempool.size,
        onError: (e) => this.reportError(e),
      },
      signer,
      { heartbeatMs: this.heartbeatMs, batchDelayMs: this.opts.batchDelayMs ?? 10 },
    )
    this.producer.start()
  }

  /** What the BFT driver may use of this node (consensus/driver.ts: BftHost). */
  private bftHost(): BftHost {
    return {
      chainId: this.genesis.chainId,
      maxBlockBytes: this.genesis.params.maxBlockBytes,
      chain: this.chain,
      mempool: this.mempool,
      lookahead: this.lookahead,
      onAdmitted: (l) => this.onAdmitted(l),
      admitFromPeer: (bytes) => this.submitBytes(bytes, false),
      buildCandidate: (proposer, time) => this.buildCandidate(proposer, time),
      applyBlock: (prepared, commit, rejected) => this.applyBlock(prepared, commit, rejected),
      blockBytes: (height) => this.store.getBlockBytes(height),
      commitAt: (height) => this.getCommit(height),
      reportEvidence: (ev) => this.reportEvidence(ev),
      reportError: (e) => this.reportError(e),
      activity: this.activity,
    }
  }

  /** Notes when the last peer went away (status().noPeersSince: "no peers for 12 minutes", issue 15 item 6). */
  private watchPeers(): number {
    const n = this.opts.transport?.peers().length ?? 0
    if (!this.opts.transport || n > 0) this.noPeersSince = null
    else this.noPeersSince ??= (this.opts.now ?? Date.now)()
    return n
  }

  async close(): Promise<void> {
    this.stopping = true
    clearInterval(this.peerWatch)
    await this.producer?.stop()
    this.producer = null
    await this.verifier.close()
    await this.store.close()
  }

  onEvent(l: Listener): () => void {
    return this.events.on(l)
  }

  // ---- writing ----

  async submitJson(input: unknown): Promise<CheckedTx> {
    if (this.stopping) throw new DaejangError('NODE_STOPPING')
    return this.announce(await this.mempool.addJson(input), true)
  }

  /** Admit a transaction in canonical form; `local` when it came from this node's API rather than a peer. */
  async submitBytes(bytes: Uint8Array, local = true): Promise<CheckedTx> {
    if (this.stopping) throw new DaejangError('NODE_STOPPING')
    return this.announce(await this.mempool.addBytes(bytes), local)
  }

  /** Called for every admitted transaction (the network gossips the local ones). */
  onAdmitted(l: (c: CheckedTx, local: boolean) => void): () => void {
    this.admitted.add(l)
    return () => this.admitted.delete(l)
  }

  private announce(c: CheckedTx, local: boolean): CheckedTx {
    for (const l of this.admitted) l(c, local)
    return c
  }

  /** Wait until a transaction is committed or rejected (or the timeout passes: then it is still pending). */
  async waitForTx(hashHex: string, timeoutMs: number): Promise<TxLookup> {
    const now = await this.getTx(hashHex)
    if (now.status !== 'pending') return now
    await new Promise<void>((resolve) => {
      const off = this.onEvent((e) => {
        if ((e.type === 'tx.committed' || e.type === 'tx.rejected') && e.hash === hashHex) done()
      })
      const t = setTimeout(done, timeoutMs)
      function done(): void {
        clearTimeout(t)
        off()
        resolve()
      }
    })
    return this.getTx(hashHex)
  }

  private async produceBlock(proposer: Uint8Array, sign: (h: number, hash: Uint8Array) => Commit): Promise<void> {
    // a single node commits alone only while its key holds more than 2/3 of the power (a governance change can
    // end that; the node then needs the network the new validators run)
    const set = this.chain.validatorSetAt(this.chain.head().height + 1)!
    if (!set.hasTwoThirds(set.powerOf(proposer))) {
      throw new DaejangError('NEEDS_CONSENSUS', 'this node alone no longer holds more than 2/3 of the validator power; start it with its consortium network (a p2p section)')
    }
    const { prepared, rejected } = await this.buildCandidate(proposer, Date.now())
    await this.applyBlock(prepared, sign(prepared.block.header.height, prepared.hash), rejected)
  }

  /**
   * Build the next block from the mempool (the proposer's side). Transactions that fail are left out and
   * returned; they are rejected for good only when a block is committed (applyBlock).
   */
  async buildCandidate(proposer: Uint8Array, time: number): Promise<{ prepared: PreparedBlock; rejected: Rejection[] }> {
    const p = this.genesis.params
    const candidates = this.mempool.reap(p.maxBlockTxs, p.maxBlockBytes)
    const head = this.chain.head()
    const lastCommit = head.height === 0 ? null : await this.getCommit(head.height)
    return this.chain.buildBlock(candidates, proposer, time, lastCommit)
  }

  /**
   * Commit a decided block with its commit (one atomic batch), then tidy the mempool and tell listeners. Used by
   * every producer: the solo one, BFT consensus, and block sync.
   */
  async applyBlock(prepared: PreparedBlock, commit: Commit, rejected: Rejection[] = []): Promise<void> {
    const stillPending = rejected.filter((r) => this.mempool.has(r.tx.hashHex))
    await this.chain.commit(
      prepared,
      commit,
      (h) => this.mempool.has(h),
      stillPending.map((r) => ({ hash: r.tx.hash, code: r.error.code, message: r.error.message })),
    )
    this.lastError = null
    this.workstations.update(prepared.writes)
    this.mempool.remove(prepared.txs.map((c) => c.hashHex))
    if (this.lookahead.size > 0) this.lookahead.forget(prepared.txs.map((c) => c.hashHex))
    this.mempool.remove(stillPending.map((r) => r.tx.hashHex))
    const h = prepared.block.header
    this.events.emit({ type: 'block', height: h.height, hash: toHex(prepared.hash), time: h.time, txCount: h.txCount })
    prepared.txs.forEach((c, index) =>
      this.events.emit({ type: 'tx.committed', hash: c.hashHex, height: h.height, index, txType: c.tx.type }),
    )
    for (const r of stillPending) {
      this.events.emit({ type: 'tx.rejected', hash: r.tx.hashHex, code: r.error.code, message: r.error.message })
      this.activity.record(isConflict(r.error.code) ? 'conflict' : 'tx', 'tx.rejected', { hash: r.tx.hashHex, txType: r.tx.tx.type, height: h.height }, r.error.code)
    }
    for (const c of prepared.txs) {
      if (c.tx.type.startsWith('governance.')) this.activity.record('governance', 'governance.committed', { hash: c.hashHex, txType: c.tx.type, height: h.height })
    }
  }

  /**
   * Run `fn` while nothing else extends the chain (consensus waits, and resumes from the new head after): blocks
   * applied from a sneakernet bundle (docs/adr/0062).
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.bft ? this.bft.exclusive(fn) : fn()
  }

  /**
   * Put evidence of equivocation on the chain: this node's key signs a `consensus.evidence.submit` transaction.
   * Each equivocation is reported once per process; the chain refuses duplicates anyway.
   */
  reportEvidence(ev: DuplicateVoteEvidence): void {
    const signer = this.opts.validatorSigner
    if (!signer) return
    const key = [toHex(ev.voteA.validator), ev.voteA.height, ev.voteA.round, ev.voteA.type].join('/')
    if (this.reportedEvidence.has(key)) return
    this.reportedEvidence.add(key)
    const tx = makeTx(signer, {
      chainId: this.genesis.chainId,
      type: 'consensus.evidence.submit',
      payload: evidenceToPayload(ev),
      nonce: Math.max(Date.now(), ++this.lastEvidenceNonce),
    })
    this.lastEvidenceNonce = tx.nonce
    this.submitJson(txToJson(tx)).catch(() => undefined)
  }

  /** Record that something went wrong in block production (shown as the node's error state until a block commits). */
  reportError(e: unknown): void {
    const err = toDaejangError(e)
    this.lastError = err.message
    this.activity.record('error', 'node.error', { message: err.message }, err.code)
  }

  // ---- reading ----

  status(): StatusDto {
    const head = this.chain.head()
    // fetching blocks, or peers are more than a block ahead
    const behind = (this.bft?.isSyncing ?? false) || (this.bft?.peerHeight ?? 0) > head.height + 1
    const signer = this.opts.validatorSigner
    return {
      chainId: this.genesis.chainId,
      nodeVersion: NODE_VERSION,
      height: head.height,
      lastBlockHash: toHex(head.hash),
      lastBlockTime: head.time,
      appHash: toHex(head.appHash),
      peers: this.watchPeers(),
      noPeersSince: this.noPeersSince,
      syncing: behind,
      syncState: this.lastError ? 'error' : behind ? 'syncing' : 'synced',
      validator: this.isValidator(),
      round: this.bft?.round ?? 0,
      syncTarget: Math.max(head.height, this.bft?.peerHeight ?? 0),
      validators: this.chain.validators.map((v) => ({ publicKey: toHex(v.publicKey), power: v.power, agency: v.agency })),
      nodeKey: signer ? toHex(signer.publicKey) : '',
      mempool: { size: this.mempool.size, bytes: this.mempool.bytes, maxTxs: this.mempool.bounds.maxTxs, maxBytes: this.mempool.bounds.maxBytes },
      heartbeatMs: this.heartbeatMs,
      dataDir: this.opts.dataDir,
      label: this.genesis.label ?? null,
      state: { keepRecent: this.store.pruning.keepRecent, oldestProvableHeight: Math.max(1, this.store.oldestProvableHeight()) },
    }
  }

  private isValidator(): boolean {
    const signer = this.opts.validatorSigner
    return !!signer && this.chain.validators.some((v) => toHex(v.publicKey) === toHex(signer.publicKey))
  }

  /**
   * Whether a peer with this node key may join the network: a validator of the next block or of a scheduled set,
   * or an agency's workstation (an active `workstation` credential of a member agency).
   */
  admitsPeer(publicKeyHex: string): boolean {
    return this.chain.isCurrentOrScheduledValidator(publicKeyHex) || this.workstations.admits(publicKeyHex, Date.now())
  }

  /** The trust list as of the current head: every validator set by height, scheduled ones included. */
  trustList(): TrustList {
    return trustFromJson(this.trustListJson())
  }

  trustListJson(): TrustListJson {
    return trustListJsonOf(this.genesis.chainId, this.chain.validatorHistory, this.chain.head().height)
  }

  /** The trust list as published (`GET /api/v1/trust`, `daejang trust export`): with the member agencies' names. */
  async publishedTrustList(): Promise<TrustListJson> {
    const list = this.trustListJson()
    return { ...list, agencies: await agencyNamesOf(this.store) }
  }

  /**
   * The validator-set changes that carry a trust list taken at `fromHeight` to `toHeight` (default: the head), each
   * a committed header with its commit and the next set (docs/adr/0028).
   */
  async trustSteps(fromHeight: number, toHeight?: number): Promise<TrustStep[]> {
    const head = this.chain.head().height
    const reader = {
      validatorHistory: this.chain.validatorHistory,
      headerAndCommit: async (h: number) => {
        const b = await this.getBlock(h)
        return { header: b.block.header, commit: b.commit }
      },
    }
    return buildTrustSteps(reader, fromHeight, Math.min(toHeight ?? head, head))
  }

  /** The trust list of a stopped node's home, read from its store (which must not be open elsewhere). */
  static async trustListOffline(dataDir: string, genesis: Genesis): Promise<TrustListJson> {
    const store = new Store(join(dataDir, 'chain'))
    await store.open()
    try {
      const entries = entriesFromCanonical(await store.get(VALIDATOR_SETS_KEY))
      const history = new ValidatorHistory(entries ?? [{ fromHeight: 1, validators: genesisAgencyValidators(genesis) }])
      return { ...trustListJsonOf(genesis.chainId, history, store.head()?.height ?? 0), agencies: await agencyNamesOf(store) }
    } finally {
      await store.close()
    }
  }

  /** A committed block, decoded (recent ones are cached: proofs and explorers ask for the same blocks often). */
  async getBlock(height: number): Promise<CachedBlock> {
    const hit = this.blockCache.get(height)
    if (hit) return hit
    const raw = Number.isSafeInteger(height) && height >= 1 ? await this.store.getBlockBytes(height) : undefined
    if (!raw) throw new DaejangError('UNKNOWN_HEIGHT', `there is no block at height ${height}`)
    const block = decodeBlock(raw)
    const entry: CachedBlock = { block, hash: blockHash(block.header), commit: await this.getCommit(height) }
    if (this.blockCache.size >= BLOCK_CACHE_MAX) this.blockCache.delete(this.blockCache.keys().next().value as number)
    this.blockCache.set(height, entry)
    return entry
  }

  /**
   * Headers and commits of consecutive committed blocks from `from`, at most `limit`, for light workstations: the
   * blocks are read and dropped (not cached), and reading stops once `maxBytes` of block bytes were read (at least
   * one block), so one request cannot make the node decode a hundred full-size blocks.
   */
  async headersFrom(from: number, limit: number, maxBytes: number): Promise<Array<{ header: Header; commit: Commit }>> {
    const head = this.chain.head().height
    const out: Array<{ header: Header; commit: Commit }> = []
    let read = 0
    for (let h = from; h <= Math.min(head, from + limit - 1) && (out.length === 0 || read < maxBytes); h++) {
      const hit = this.blockCache.get(h)
      let header: Header
      if (hit) header = hit.block.header
      else {
        const raw = await this.store.getBlockBytes(h)
        if (!raw) break
        read += raw.length
        header = decodeBlock(raw).header
      }
      const commit = hit?.commit ?? (await this.getCommit(h))
      if (!commit) break
      out.push({ header, commit })
    }
    return out
  }

  async getCommit(height: number): Promise<Commit | null> {
    const raw = await this.store.getCommitBytes(height)
    return raw ? commitFromCanonical(decodeCanonical(raw)) : null
  }

  async getTx(hashHex: string): Promise<TxLookup> {
    if (!/^[0-9a-f]{64}$/.test(hashHex)) throw new DaejangError('SCHEMA_INVALID', 'a transaction hash is 32 bytes of hex')
    const pending = this.mempool.get(hashHex)
    if (pending) return { hash: hashHex, status: 'pending', tx: pending.tx }
    const loc = await this.store.getTxLocation(fromHex(hashHex))
    if (loc) {
      const { block } = await this.getBlock(loc.height)
      return {
        hash: hashHex,
        status: 'committed',
        tx: decodeTx(block.txs[loc.index]!),
        height: loc.height,
        index: loc.index,
        blockTime: block.header.time,
      }
    }
    // rejections are kept in the store like commits (store.ts: REJECTIONS_KEPT), so they outlive a restart
    const rej = await this.store.getRejection(fromHex(hashHex))
    if (rej) {
      const rejection = { code: rej.code as ErrorCode, message: rej.message, time: rej.time, height: rej.height }
      return { hash: hashHex, status: 'rejected', rejection }
    }
    throw new DaejangError('NOT_FOUND', `no transaction ${hashHex}`)
  }

  async getProof(hashHex: string): Promise<InclusionProof> {
    if (!/^[0-9a-f]{64}$/.test(hashHex)) throw new DaejangError('SCHEMA_INVALID', 'a transaction hash is 32 bytes of hex')
    const loc = await this.store.getTxLocation(fromHex(hashHex))
    if (!loc) {
      const pending = this.mempool.has(hashHex)
      throw new DaejangError('NOT_FOUND', pending ? 'the transaction is not committed yet' : `no committed transaction ${hashHex}`)
    }
    const entry = await this.getBlock(loc.height)
    if (!entry.commit) throw new DaejangError('CORRUPT_DATA', `no commit stored for height ${loc.height}`)
    entry.levels ??= treeLevels(entry.block.txs.map(leafHash))
    return buildProof(entry.block.header, entry.block.txs, loc.index, entry.commit, entry.levels)
  }

  /** The value of a state key as of height `height` (default: the head), from the state tree. */
  async stateAsOf(key: string, height?: number): Promise<Canonical | undefined> {
    return this.store.getAsOf(key, height ?? this.chain.head().height)
  }

  /** Many state keys as of `height` (default: the head), read together by the state tree (Store.getAsOfMany). */
  async stateAsOfMany(keys: readonly string[], height?: number): Promise<Array<Canonical | undefined>> {
    return this.store.getAsOfMany(keys, height ?? this.chain.head().height)
  }

  /**
   * A state proof of `key` (its value, or its absence) as of block `height` (default: the head), certified by that
   * block's header, whose app hash is the proof's root, and the commit of more than 2/3 of its validators. With
   * `trustFrom` (the height a verifier's trust list was taken at), it carries the validator-set changes since then
   * (trust steps), so that verifier reaches the block's set.
   */
  async proveState(key: string, height?: number, trustFrom?: number): Promise<CertifiedState> {
    const h = this.provableHeight(height)
    return this.certify(await this.store.tree.prove(key, h), h, trustFrom)
  }

  /** Every entry of a state group (all keys up to their last '/') as of `height`, proven complete; a group of more than maxRangeEntries is refused (RANGE_TOO_LARGE) before its leaves are read. */
  async proveRange(group: string, height?: number, trustFrom?: number): Promise<CertifiedState> {
    const h = this.provableHeight(height)
    return this.certify(await this.store.tree.proveRange(group, h, this.opts.maxRangeEntries ?? MAX_RANGE_ENTRIES), h, trustFrom)
  }

  /** A height a state proof can be given for: a block (height 0 has no signed header) whose state is kept. */
  private provableHeight(height: number | undefined): number {
    const h = height ?? this.chain.head().height
    if (h < 1) throw new DaejangError('UNKNOWN_HEIGHT', 'no block is committed yet: the genesis state has no signed header')
    this.store.checkProvable(h)
    return h
  }

  private async certify(proof: CertifiedState['proof'], height: number, trustFrom?: number): Promise<CertifiedState> {
    const entry = await this.getBlock(height)
    if (!entry.commit) throw new DaejangError('CORRUPT_DATA', `no commit stored for height ${height}`)
    const steps = trustFrom === undefined || trustFrom >= height ? [] : await this.trustSteps(trustFrom, height)
    return { proof, header: entry.block.header, commit: entry.commit, ...(steps.length > 0 ? { steps } : {}) }
  }

  async txHashesBySigner(signerHex: string, limit = 50): Promise<string[]> {
    return (await this.store.txHashesBySigner(fromHex(signerHex), limit)).map(toHex)
  }
}

/** The refusal of a store made by an earlier build (format 1 blocks, no state tree), in plain words. */
export function oldChainError(): DaejangError {
  return new DaejangError(
    'CHAIN_FORMAT_OLD',
    'this chain was made by an earlier build of Daejang: its blocks are of format 1 and its state has no state tree, so this build cannot check or extend it. Start a new chain (a new home with `daejang init`).',
  )
}

/** The member agencies' ids and names, for a published trust list. */
async function agencyNamesOf(store: Store): Promise<{ id: string; name: string }[]> {
  return (await listAgencies(store)).map((a) => ({ id: a.id, name: a.name }))
}
