/**
 * The BFT block producer: Tendermint consensus (consensus/replica.ts) driving the chain. It replaces the solo
 * producer when the node has a network (docs/adr/0012, 0004):
 *  - a value is a canonical block; its id is the block hash, so a decision's commit is the block's commit;
 *  - validity is Chain.validateBlock (async: proposals are validated before the replica sees them);
 *  - the proposer builds its block from the mempool, waiting up to the heartbeat interval for transactions;
 *  - a decision commits the block in one batch (BftHost.applyBlock); proposals for later heights wait;
 *  - a node that learns of heights it does not have asks a peer for blocks and their commits (block sync) and then
 *    resumes consensus at the new height.
 * Admitted transactions are gossiped to peers in small batches; received ones are admitted like local ones (without
 * re-gossip: the consortium's validators are directly connected).
 * The driver sees the node only through BftHost (below), so the node and its driver do not import each other.
 */
import type { ActivityLog } from '../node/activity'
import { equalBytes, fromHex, toHex } from '../codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../codec/canonical'
import type { Signer } from '../crypto/ed25519'
import { verifyNode } from '../crypto/ed25519-node'
import { type Commit, commitFromCanonical, commitToCanonical, voteSignBytes } from '../types/block'
import { blockIdOf, decodeBlockOnce } from '../types/block-memo'
import type { Chain, PreparedBlock, Rejection } from '../state/chain'
import type { CheckedTx } from '../mempool/checker'
import type { Lookahead } from '../state/lookahead'
import type { Mempool } from '../mempool/mempool'
import { type ConsensusMessage, Replica } from './replica'
import { SignGuard, type GuardStore, MemoryGuardStore } from './guard'
import { decodeInput, encodeInput, proposalSignBytes } from './messages'
import type { TimeoutConfig } from './tendermint'
import { MemoryWal, type Wal } from './wal'
import type { DuplicateVoteEvidence } from './voteset'
import type { Transport } from '../net/transport'
import type { BlockProducer } from '../node/producer'

/**
 * What the BFT driver needs of the node it drives, and nothing more: the node (node/node.ts) gives it one of these,
 * and the driver does not know the node. The model is CometBFT's: consensus reads the chain, takes transactions from
 * the mempool and hands decided blocks back to be applied.
 */
/** a catch-up of at least this many blocks goes in the node's activity log */
const SYNC_WORTH_TELLING = 10

export interface BftHost {
  readonly chainId: string
  /** the largest block, by genesis: consensus messages past it (plus MESSAGE_OVERHEAD) are dropped unread */
  readonly maxBlockBytes: number
  /** the chain: its head, the validator set of each height, block and commit checks */
  readonly chain: Pick<Chain, 'head' | 'validatorSetAt' | 'validatorHistory' | 'validateBlock' | 'verifyCommitAt'>
  /** the pending transactions: what a proposer waits for, and what this node acknowledged (regossip) */
  readonly mempool: Pick<Mempool, 'size' | 'has' | 'pending' | 'waitForTx'>
  /** the checks made ahead of execution while a batch of synced blocks is applied */
  readonly lookahead: Pick<Lookahead, 'ahead' | 'clear'>
  /** Called for every admitted transaction; `local` when it came from this node's API (those are gossiped). */
  onAdmitted(listener: (c: CheckedTx, local: boolean) => void): () => void
  /** Admit a transaction gossiped by a peer (it is not gossiped again). */
  admitFromPeer(bytes: Uint8Array): Promise<unknown>
  /** Build this proposer's next block from the mempool; what failed is left out and returned. */
  buildCandidate(proposer: Uint8Array, time: number): Promise<{ prepared: PreparedBlock; rejected: Rejection[] }>
  /** Commit a decided block with its commit (the transactions left out of our own block are rejected for good). */
  applyBlock(prepared: PreparedBlock, commit: Commit, rejected?: Rejection[]): Promise<void>
  /** A committed block's bytes and its commit, to answer a peer's block sync. */
  blockBytes(height: number): Promise<Uint8Array | undefined>
  commitAt(height: number): Promise<Commit | null>
  /** Put evidence of a validator's equivocation on the chain. */
  reportEvidence(ev: DuplicateVoteEvidence): void
  /** Something went wrong in block production: shown as the node's error state until a block commits. */
  reportError(e: unknown): void
  /** where catch-ups and bad blocks from peers are recorded for the node's users (node/activity.ts) */
  activity?: ActivityLog
}

export interface BftOptions {
  transport: Transport
  /** the validator key; null for a node that follows consensus without voting */
  signer: Signer | null
  wal?: Wal
  guardStore?: GuardStore
  timeouts?: TimeoutConfig
  /** how long a proposer waits for transactions before proposing an empty block */
  heartbeatMs: number
}

const SYNC_BATCH = 50
/** block sync: ranges asked at once (each SYNC_BATCH heights), of one peer at most, and how long an answer may take */
const SYNC_IN_FLIGHT = 8
const SYNC_PER_PEER = 3
const SYNC_REQUEST_MS = 10_000
/** times a catch-up asks again the peers that were too slow, when no other is left */
const SYNC_SILENT_RETRIES = 3
/** a peer whose block sync answer was bad is asked nothing for this long */
const BAD_PEER_MS = 60_000

type RangeAnswer = { kind: 'items'; items: Canonical[] } | { kind: 'bad'; reason: string } | { kind: 'silent' }
/** one range of heights asked of one peer (and the peers already asked for it) */
interface SyncJob {
  from: number
  to: number
  peer: string
  tried: Set<string>
  answer: Promise<RangeAnswer>
}
/** room for a proposal's envelope and a block's header, commit and per-transaction framing beyond maxBlockBytes */
export const MESSAGE_OVERHEAD = 64 * 1024
/** a sync answer stops adding blocks past this many bytes */
const SYNC_BYTES = 16 << 20
/** transactions admitted here are gossiped in batches: at most this long a wait, or this many bytes */
const GOSSIP_DELAY_MS = 5
const GOSSIP_BATCH_BYTES = 512 * 1024
/** own messages of the current height are sent again this often, for peers that missed them or just (re)joined */
const REBROADCAST_MS = 500
/**
 * Transactions this node acknowledged and still holds pending are gossiped again this often (a peer may have been
 * unreachable, or refused them with a full mempool), at most REGOSSIP_BYTES a time, oldest first. Without it, a node
 * that never proposes (a workstation, a validator-less agency) could hold an acknowledged transaction forever.
 */
export const REGOSSIP_MS = 5_000
const REGOSSIP_BYTES = 256 * 1024

function encodeMessage(m: ConsensusMessage): Uint8Array {
  return m.kind === 'proposal'
    ? encodeInput({ kind: 'proposal', proposal: m.proposal, valid: false })
    : encodeInput({ kind: 'vote', vote: m.vote })
}

function decodeMessage(bytes: Uint8Array): ConsensusMessage | null {
  try {
    const i = decodeInput(bytes)
    if (i.kind === 'proposal') return { kind: 'proposal', proposal: i.proposal }
    if (i.kind === 'vote') return { kind: 'vote', vote: i.vote }
  } catch {
    // a malformed message costs nothing but its parsing
  }
  return null
}

export class BftProducer implements BlockProducer {
  private replica: Replica | null = null
  private readonly guard: SignGuard | null
  private readonly wal: Wal
  /** validated blocks by hash (hex): proposals seen and our own */
  private readonly prepared = new Map<string, PreparedBlock>()
  private readonly invalid = new Set<string>()
  /** transactions our own candidate blocks left out (by block hash): rejected for good if that block is decided */
  private readonly leftOut = new Map<string, Rejection[]>()
  /** proposals for heights we have not reached yet */
  private future: ConsensusMessage[] = []
  private work: Promise<void> = Promise.resolve()
  private readonly timers = new Set<NodeJS.Timeout>()
  private offMessages: (() => void) | null = null
  private offTxs: (() => void) | null = null
  private running = false
  private syncing = false
  private syncQueued = false
  private seenHeight = 0
  /** this validator's own signed messages for the heights not yet committed here */
  private mine: ConsensusMessage[] = []
  private rebroadcast: NodeJS.Timeout | null = null
  private outTxs: Uint8Array[] = []
  private outBytes = 0
  private outTimer: NodeJS.Timeout | null = null
  private lastBlockAt = Date.now()
  /** transactions acknowledged here (hash → when last gossiped), until they leave the mempool */
  private readonly own = new Map<string, { bytes: Uint8Array; sentAt: number }>()
  private regossip: NodeJS.Timeout | null = null
  /** peers whose block sync answers were bad (key → until when they are asked nothing) */
  private readonly badPeers = new Map<string, number>()

  constructor(
    private readonly host: BftHost,
    private readonly o: BftOptions,
  ) {
    this.guard = o.signer ? new SignGuard(o.signer, o.guardStore ?? new MemoryGuardStore()) : null
    this.wal = o.wal ?? new MemoryWal()
  }

  get height(): number {
    return this.replica?.core.height ?? this.host.chain.head().height + 1
  }

  get round(): number {
    return this.replica?.core.round ?? 0
  }

  get isSyncing(): boolean {
    return this.syncing
  }

  /** the highest height a peer has shown us it has (its messages are for the next one) */
  get peerHeight(): number {
    return this.seenHeight
  }

  start(): void {
    if (this.running) return
    this.running = true
    this.offMessages = this.o.transport.onMessage((from, topic, data) => this.onMessage(from, topic, data))
    this.o.transport.onRequest((_from, data) => this.serveSync(data))
    this.offTxs = this.host.onAdmitted((c, local) => {
      if (!local) return
      this.own.set(c.hashHex, { bytes: c.bytes, sentAt: Date.now() })
      this.gossip(c.bytes)
    })
    // what was pending when the node stopped was acknowledged before (by this node, or by a peer that sent it): its
    // first gossip may not have reached anyone, so it is gossiped again like our own
    for (const c of this.host.mempool.pending()) this.own.set(c.hashHex, { bytes: c.bytes, sentAt: 0 })
    this.regossip = setInterval(() => this.gossipAgain(), REGOSSIP_MS)
    this.newReplica()
    this.rebroadcast = setInterval(() => {
      const next = this.host.chain.head().height + 1
      const round = this.round
      this.mine = this.mine.filter((m) => {
        const [h, r] = m.kind === 'proposal' ? [m.proposal.height, m.proposal.round] : [m.vote.height, m.vote.round]
        return h > next || (h === next && r >= round - 1)
      })
      for (const m of this.mine) this.o.transport.broadcast('consensus', encodeMessage(m))
    }, REBROADCAST_MS)
  }

  async stop(): Promise<void> {
    this.running = false
    if (this.rebroadcast) clearInterval(this.rebroadcast)
    if (this.regossip) clearInterval(this.regossip)
    this.flushTxs()
    this.offMessages?.()
    this.offTxs?.()
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    await this.work.catch(() => undefined)
  }

  /** Run async chain work one piece at a time, in order. */
  private enqueue(fn: () => Promise<void>): void {
    this.work = this.work.then(async () => {
      if (!this.running) return
      try {
        await fn()
      } catch (e) {
        this.host.reportError(e)
      }
    })
  }

  private newReplica(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
    const r: Replica = new Replica(
      {
        chainId: this.host.chainId,
        // the set of each height, as governance made it (docs/adr/0013)
        validators: (h) => this.host.chain.validatorSetAt(h),
        verify: verifyNode,
        ...(this.o.timeouts ? { timeouts: this.o.timeouts } : {}),
        valueId: (v) => blockIdOf(v)?.hash ?? new Uint8Array(32).fill(0xff),
      },
      this.guard,
      this.wal,
      {
        broadcast: (m) => {
          this.mine.push(m)
          this.o.transport.broadcast('consensus', encodeMessage(m))
        },
        scheduleTimeout: (t, ms) => {
          const timer = setTimeout(() => {
            this.timers.delete(timer)
            if (this.replica === r && this.running) r.timeout(t.timeout, t.height, t.round)
          }, ms)
          this.timers.add(timer)
        },
        requestValue: (height, round) => this.enqueue(() => this.propose(r, height, round)),
        isValid: (value) => {
          const id = this.idOf(value)
          return id !== null && this.prepared.has(id)
        },
        decided: (d) => this.enqueue(() => this.commitDecision(d.value, d.commit)),
        evidence: (ev) => this.host.reportEvidence(ev),
      },
      this.host.chain.head().height,
    )
    this.replica = r
    // what this validator signed at this height before a restart (found in the WAL) goes out again with the
    // rebroadcasts: peers may have missed it when the process stopped
    const own = r.core.ownMessages()
    const known = new Set(this.mine.map((m) => toHex(m.kind === 'proposal' ? m.proposal.sig : m.vote.sig)))
    for (const proposal of own.proposals) if (!known.has(toHex(proposal.sig))) this.mine.push({ kind: 'proposal', proposal })
    for (const vote of own.votes) if (!known.has(toHex(vote.sig))) this.mine.push({ kind: 'vote', vote })
    r.start()
    // proposals that waited for this height
    const waiting = this.future
    this.future = []
    for (const m of waiting) this.deliver(m)
  }

  private idOf(value: Uint8Array): string | null {
    return blockIdOf(value)?.hashHex ?? null
  }

  private onMessage(_from: string, topic: string, data: Uint8Array): void {
    if (!this.running) return
    if (topic === 'tx') {
      let txs: Canonical
      try {
        txs = decodeCanonical(data)
      } catch {
        return
      }
      if (!Array.isArray(txs) || txs.length > 10_000) return
      for (const t of txs) if (t instanceof Uint8Array) this.host.admitFromPeer(t).catch(() => undefined)
      return
    }
    if (topic !== 'consensus' || data.length > this.host.maxBlockBytes + MESSAGE_OVERHEAD) return
    const m = decodeMessage(data)
    if (!m) return
    // a validator's vote for a height past the one we work on shows that it has blocks we lack: sync from that
    // validator (one sync at a time). Only a vote whose signature verifies, by a key of the known validator sets,
    // counts: a peer claiming heights on its own (unsigned) could otherwise keep the node syncing from it
    const v = m.kind === 'vote' ? m.vote : null
    const ahead = v !== null && v.height > this.height && !this.syncQueued
    const higher = v !== null && v.height - 1 > this.seenHeight && v.height < this.host.chain.head().height + 1_000_000
    if (v && (ahead || higher)) {
      const signer = toHex(v.validator)
      if (
        !this.host.chain.validatorHistory.allKeys().has(signer) ||
        !verifyNode(v.sig, voteSignBytes(this.host.chainId, v.type, v.height, v.round, v.blockHash), v.validator)
      ) {
        return this.deliver(m)
      }
      // a signed message for height h shows that h - 1 is committed
      if (higher) this.seenHeight = v.height - 1
      if (ahead) {
        this.syncQueued = true
        // not in the chain work queue: only applying what arrived goes there, so a peer slow to answer (or that
        // never does) holds up nothing of consensus
        void this.syncFrom(signer).finally(() => {
          this.syncQueued = false
        })
      }
    }
    this.deliver(m)
  }

  private deliver(m: ConsensusMessage): void {
    const r = this.replica
    if (!r) return
    if (m.kind === 'vote') {
      r.receive(m)
      return
    }
    const p = m.proposal
    const next = this.host.chain.head().height + 1
    if (p.height < next || p.height > next + 2) return
    // who signed it, before any work on its block: only the round's proposer, with a valid signature
    const set = this.host.chain.validatorSetAt(p.height)
    // a height whose validator set is not settled yet: nothing to check its signature with, so it is not kept (its
    // proposer sends it again)
    if (!set) return
    if (!equalBytes(set.proposer(p.height, p.round).publicKey, p.proposer)) return
    const id = this.idOf(p.value)
    if (!id) return
    const signBytes = proposalSignBytes(this.host.chainId, p.height, p.round, fromHex(id), p.validRound)
    if (!verifyNode(p.sig, signBytes, p.proposer)) return
    if (p.height > next) return this.hold(m)
    this.enqueue(async () => {
      if (this.replica !== r || this.host.chain.head().height + 1 !== p.height) return this.hold(m)
      if (!this.prepared.has(id) && !this.invalid.has(id)) {
        try {
          this.prepared.set(id, await this.host.chain.validateBlock(p.value))
        } catch {
          this.invalid.add(id)
        }
      }
      r.receive(m)
    })
  }

  /** Keep a proposal (signed by its proposer) for a later height, once, and at most 64 of them. */
  private hold(m: ConsensusMessage): void {
    if (m.kind !== 'proposal' || this.future.length >= 64) return
    const sig = m.proposal.sig
    if (this.future.some((f) => f.kind === 'proposal' && equalBytes(f.proposal.sig, sig))) return
    this.future.push(m)
  }

  private async propose(r: Replica, height: number, round: number): Promise<void> {
    if (this.replica !== r || this.host.chain.head().height + 1 !== height) return
    // let transactions gather, up to the heartbeat: an idle chain still commits a block per interval
    const wait = this.o.heartbeatMs - (Date.now() - this.lastBlockAt)
    if (this.host.mempool.size === 0 && wait > 0) await this.host.mempool.waitForTx(wait)
    if (this.replica !== r || this.host.chain.head().height + 1 !== height) return
    const { prepared, rejected } = await this.host.buildCandidate(this.o.signer!.publicKey, Date.now())
    this.prepared.set(toHex(prepared.hash), prepared)
    if (rejected.length > 0) this.leftOut.set(toHex(prepared.hash), rejected)
    r.input({ kind: 'value', height, round, value: prepared.bytes })
  }

  private async commitDecision(value: Uint8Array, commit: Commit): Promise<void> {
    const head = this.host.chain.head()
    if (commit.height <= head.height) return // replayed decision, already applied
    const id = this.idOf(value)
    let p = id ? this.prepared.get(id) : undefined
    if (!p || p.block.header.height !== head.height + 1) p = await this.host.chain.validateBlock(value)
    // when the block is ours, what it left out failed on exactly this state: those transactions are rejected (the
    // other nodes drop theirs when they next build a block themselves)
    await this.host.applyBlock(p, commit, (id && this.leftOut.get(id)) || [])
    this.lastBlockAt = Date.now()
    this.prepared.clear()
    this.invalid.clear()
    this.leftOut.clear()
    this.forgetMineBelow(commit.height + 1)
    // the block may settle the validator set of the height consensus waits on
    this.replica?.poke()
    // proposals for the new height, if they came early
    const waiting = this.future
    this.future = []
    for (const m of waiting) this.deliver(m)
  }

  /**
   * Gossip a transaction admitted here. Transactions admitted within the same few milliseconds travel together in
   * one message (a canonical array), which costs the network and the peers far less than one message each.
   */
  private gossip(bytes: Uint8Array): void {
    this.outTxs.push(bytes)
    this.outBytes += bytes.length
    if (this.outBytes >= GOSSIP_BATCH_BYTES) this.flushTxs()
    else this.outTimer ??= setTimeout(() => this.flushTxs(), GOSSIP_DELAY_MS)
  }

  /** Gossip again our acknowledged transactions still pending and not sent for a while (REGOSSIP_MS). */
  private gossipAgain(): void {
    const now = Date.now()
    const batch: Uint8Array[] = []
    let bytes = 0
    for (const [hash, e] of this.own) {
      if (!this.host.mempool.has(hash)) {
        this.own.delete(hash)
        continue
      }
      if (now - e.sentAt < REGOSSIP_MS) continue
      if (bytes + e.bytes.length > REGOSSIP_BYTES && batch.length > 0) break
      batch.push(e.bytes)
      bytes += e.bytes.length
      e.sentAt = now
    }
    if (batch.length > 0) this.o.transport.broadcast('tx', encodeCanonical(batch))
  }

  private flushTxs(): void {
    if (this.outTimer) clearTimeout(this.outTimer)
    this.outTimer = null
    if (this.outTxs.length === 0) return
    const batch = this.outTxs
    this.outTxs = []
    this.outBytes = 0
    this.o.transport.broadcast('tx', encodeCanonical(batch))
  }

  private forgetMineBelow(height: number): void {
    this.mine = this.mine.filter((m) => (m.kind === 'proposal' ? m.proposal.height : m.vote.height) >= height)
  }

  // ---- block sync ----

  /** Answer a peer's request: [fromHeight, toHeight?] → up to SYNC_BATCH [block, commit] pairs, to toHeight at most. */
  private async serveSync(data: Uint8Array): Promise<Uint8Array> {
    const req = decodeCanonical(data)
    const from = Array.isArray(req) && typeof req[0] === 'number' ? req[0] : 0
    const to = Array.isArray(req) && typeof req[1] === 'number' ? req[1] : Infinity
    const out: Canonical[] = []
    const top = Math.min(this.host.chain.head().height, to)
    let bytes = 0
    for (let h = Math.max(1, from); h <= top && out.length < SYNC_BATCH; h++) {
      const b = await this.host.blockBytes(h)
      const c = await this.host.commitAt(h)
      if (!b || !c) break
      if (out.length > 0 && bytes + b.length > SYNC_BYTES) break
      bytes += b.length
      out.push([b, commitToCanonical(c)])
    }
    return encodeCanonical(out)
  }

  /** Run `fn` as a piece of the chain work queue and return its result (its failure rejects). */
  private inQueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.work.then(() => {
      if (!this.running) throw new Error('stopped')
      return fn()
    })
    this.work = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  /** A peer that sent a bad block sync answer: the transport is told, and this node asks it nothing for a while. */
  private markBad(peer: string, reason: string): void {
    this.badPeers.set(peer, Date.now() + BAD_PEER_MS)
    try {
      this.o.transport.misbehaved?.(peer, reason)
    } catch {
      // the transport's ban path failing leaves the peer marked here
    }
  }

  private isBad(peer: string): boolean {
    const until = this.badPeers.get(peer)
    if (until === undefined) return false
    if (until > Date.now()) return true
    this.badPeers.delete(peer)
    return false
  }

  /** Ask a peer for heights [from, to]: its answer's items, or why there is none (it failed, or took too long). */
  private requestRange(peer: string, from: number, to: number): Promise<RangeAnswer> {
    let timer: NodeJS.Timeout | null = null
    const late = new Promise<RangeAnswer>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'silent' }), SYNC_REQUEST_MS)
    })
    const asked = this.o.transport.request(peer, encodeCanonical([from, to])).then(
      (raw): RangeAnswer => {
        let items: Canonical
        try {
          items = decodeCanonical(raw)
        } catch {
          return { kind: 'bad', reason: 'not a list of blocks' }
        }
        if (!Array.isArray(items)) return { kind: 'bad', reason: 'not a list of blocks' }
        return { kind: 'items', items: items.slice(0, to - from + 1) }
      },
      (): RangeAnswer => ({ kind: 'silent' }),
    )
    return Promise.race([asked, late]).finally(() => {
      if (timer) clearTimeout(timer)
    })
  }

  /**
   * Check and apply, in order, the blocks of one answer that starts at the next height. Each commit is verified against
   * the validator set of its height before its block is executed. Stops at the first bad item and says what it was.
   */
  private applyItems(items: Canonical[]): Promise<{ applied: number; bad: { height: number; reason: string } | null }> {
    return this.inQueue(async () => {
      let applied = 0
      try {
        // the batch's later blocks are checked ahead (transactions, signatures) while the first ones execute
        this.host.lookahead.ahead(items.slice(1).flatMap((it) => (Array.isArray(it) && it[0] instanceof Uint8Array ? [it[0]] : [])))
        for (const it of items) {
          const next = this.host.chain.head().height + 1
          if (!Array.isArray(it) || !(it[0] instanceof Uint8Array)) return { applied, bad: { height: next, reason: 'not a block' } }
          // the commit first (cheap, and it settles which block this is), against the set of that height; then the
          // block itself, executed. Decoded once: validateBlock below finds the same bytes' decoding (block-memo.ts)
          let decoded: ReturnType<typeof decodeBlockOnce>
          let commit: Commit
          try {
            decoded = decodeBlockOnce(it[0])
            commit = commitFromCanonical(it[1] as Canonical)
          } catch {
            return { applied, bad: { height: next, reason: 'not a block' } }
          }
          const header = decoded.block.header
          // a height consensus committed while this answer was on its way: already here, nothing to do
          if (header.height < next) continue
          if (header.height !== next) return { applied, bad: { height: next, reason: `a block of height ${header.height}` } }
          const ok = this.host.chain.verifyCommitAt(commit, decoded.hash, header.height, verifyNode)
          if (!ok.ok) return { applied, bad: { height: header.height, reason: `commit: ${ok.reason ?? 'invalid'}` } }
          let p: PreparedBlock
          try {
            p = await this.host.chain.validateBlock(it[0])
          } catch (e) {
            return { applied, bad: { height: header.height, reason: e instanceof Error ? e.message : String(e) } }
          }
          await this.host.applyBlock(p, commit)
          applied++
        }
        return { applied, bad: null }
      } finally {
        this.host.lookahead.clear()
      }
    })
  }

  /**
   * Fetch the blocks we lack, check each commit, apply them, then resume consensus (docs/adr/0053). Ranges of heights
   * are asked of several peers at once (at most SYNC_IN_FLIGHT ranges, SYNC_PER_PEER per peer, the least busy peer
   * first, starting with `first`: the validator whose vote showed we are behind); they are applied strictly in order.
   * A peer whose answer is bad is marked bad (and reported to the transport) and its ranges are asked of another; a
   * peer that fails or does not answer in time is asked nothing more in this catch-up. The requests are made outside
   * the chain work queue; each answer is applied, and consensus restarted, inside it.
   */
  private async syncFrom(first: string): Promise<void> {
    if (this.syncing) return
    this.syncing = true
    let applied = 0
    const began = this.host.chain.head().height
    /** peers that failed or took too long in this catch-up */
    const silent = new Set<string>()
    const served = new Set<string>()
    const jobs: SyncJob[] = []
    const busy = (peer: string): number => jobs.reduce((n, j) => n + (j.peer === peer ? 1 : 0), 0)
    /** the least busy usable peer not in `tried` (`first` wins ties); null when there is none */
    const pick = (tried: Set<string>, cap: number): string | null => {
      let best: string | null = null
      let load = Infinity
      for (const p of [first, ...this.o.transport.peers()]) {
        if (p === this.o.transport.self || tried.has(p) || silent.has(p) || this.isBad(p)) continue
        const n = busy(p)
        if (n < cap && n < load) {
          best = p
          load = n
        }
      }
      return best
    }
    let retries = 0
    const ask = (from: number, to: number, tried: Set<string>, cap: number): SyncJob | null => {
      let peer = pick(tried, cap)
      // every usable peer was slow (a slow link with answers queued behind each other): try them again, a few times
      if (peer === null && silent.size > 0 && retries < SYNC_SILENT_RETRIES) {
        retries++
        for (const p of silent) tried.delete(p)
        silent.clear()
        peer = pick(tried, cap)
      }
      if (peer === null) return null
      tried.add(peer)
      return { from, to, peer, tried, answer: this.requestRange(peer, from, to) }
    }
    /** A peer's answer was bad: record it for the node's users, mark the peer, ask others for its ranges in flight. */
    const dropBad = (peer: string, height: number, reason: string): void => {
      this.host.activity?.record('sync', 'sync.badBlock', { peer, height, reason })
      this.markBad(peer, reason)
      for (let i = 1; i < jobs.length; i++) {
        const j = jobs[i]!
        // when no other peer is left, it is asked again when its turn comes (or the catch-up ends then)
        const next = j.peer === peer ? ask(j.from, j.to, j.tried, Infinity) : null
        if (next) jobs[i] = next
      }
    }
    try {
      let nextStart = began + 1
      for (;;) {
        if (!this.running) break
        // keep the window full, up to the highest height a validator has shown us (and one range past our head, to
        // find out whether there is more)
        const horizon = Math.max(this.seenHeight, this.host.chain.head().height + 1)
        while (jobs.length < SYNC_IN_FLIGHT && nextStart <= horizon) {
          const job = ask(nextStart, nextStart + SYNC_BATCH - 1, new Set(), SYNC_PER_PEER)
          if (!job) break
          jobs.push(job)
          nextStart = job.to + 1
        }
        const job = jobs[0]
        if (!job) break
        const answer = await job.answer
        if (!this.running) break
        /** ask another peer for what is left of this range; false when no peer is left to ask */
        const again = (tried: Set<string>): boolean => {
          jobs.shift()
          // consensus may have committed a height meanwhile: only what is still missing is asked for
          const from = Math.max(job.from, this.host.chain.head().height + 1)
          if (from > job.to) return true
          const next = ask(from, job.to, tried, Infinity)
          if (!next) return false
          jobs.unshift(next)
          return true
        }
        if (this.isBad(job.peer) || answer.kind === 'silent') {
          if (answer.kind === 'silent') silent.add(job.peer)
          if (!again(job.tried)) break
          continue
        }
        if (answer.kind === 'bad') {
          dropBad(job.peer, job.from, answer.reason)
          if (!again(job.tried)) break
          continue
        }
        if (answer.items.length === 0) {
          // this peer has nothing from there: another may; when none has, the catch-up is over
          if (!again(job.tried)) break
          continue
        }
        const r = await this.applyItems(answer.items)
        applied += r.applied
        if (r.applied > 0) served.add(job.peer)
        if (r.bad) {
          dropBad(job.peer, r.bad.height, r.bad.reason)
          if (!again(job.tried)) break
        } else if (this.host.chain.head().height < job.to) {
          // a short answer (the peer's size limit, or its head): the rest of the range, from any peer when this one
          // gave something new, else from one not asked yet (each turn applies a block or asks a new peer)
          if (!again(r.applied > 0 ? new Set() : job.tried)) break
        } else {
          jobs.shift()
        }
      }
    } catch {
      // stopped, or the chain refused to apply: consensus goes on, and sync is tried again on the next sign
    } finally {
      this.syncing = false
      // a block or two fetched is consensus as usual; a real catch-up is worth telling
      if (applied >= SYNC_WORTH_TELLING) {
        this.host.activity?.record('sync', 'sync.ended', {
          peer: served.has(first) || served.size === 0 ? first : [...served][0]!,
          peers: served.size,
          from: began + 1,
          height: this.host.chain.head().height,
          applied,
        })
      }
      if (applied > 0 && this.running) await this.resumeAfterSync()
    }
  }

  /** Consensus resumes from the new head after blocks were applied from outside it (block sync, a bundle). */
  private async resumeAfterSync(): Promise<void> {
    await this.inQueue(async () => {
      this.forgetMineBelow(this.host.chain.head().height + 1)
      this.lastBlockAt = Date.now()
      this.prepared.clear()
      this.invalid.clear()
      this.leftOut.clear()
      this.newReplica()
    }).catch((e: unknown) => {
      if (this.running) this.host.reportError(e)
    })
  }

  /**
   * Run `fn` alone in the chain work queue (a sneakernet bundle's blocks, docs/adr/0062), then, if it moved the head,
   * resume consensus from the new head as after a block sync.
   */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.host.chain.head().height
    try {
      return await this.inQueue(fn)
    } finally {
      if (this.host.chain.head().height > before && this.running) await this.resumeAfterSync()
    }
  }
}
