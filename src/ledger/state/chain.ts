/**
 * The replicated state machine: builds a block from candidate transactions, validates and executes a block made
 * elsewhere, and commits a block with its commit in one atomic write. Whatever decides the order of blocks (BFT
 * consensus, consensus/driver.ts, or the solo producer of a lone validator, node/producer.ts) drives this class and nothing
 * else.
 */
import { DaejangError } from '../../shared/errors'
import { equalBytes, toHex } from '../codec/bytes'
import type { Canonical } from '../codec/canonical'
import { encodeCanonical } from '../codec/canonical'
import { merkleRoot } from '../crypto/merkle'
import { type VerifyFn, verifyPortable } from '../crypto/ed25519'
import type { Store, Head, RejectionWrite } from '../store/store'
import type { PreparedVersion } from './tree'
import { Overlay } from './view'
import {
  type Block,
  type Commit,
  type Header,
  BLOCK_VERSION,
  ZERO_HASH,
  blockHash,
  commitHash,
  commitToCanonical,
  encodeBlock,
  validatorsHash,
  verifyCommit,
} from '../types/block'
import { decodeBlockOnce } from '../types/block-memo'
import type { CheckedTx, TxChecker } from '../mempool/checker'
import { executeTx, keysToPrefetch } from './execute'
import { type Genesis, genesisHash } from '../types/genesis'
import { identityGenesisState } from '../registries/identity/genesis'
import { ValidatorSet } from '../consensus/validators'
import {
  ACTIVATION_DELAY,
  type AgencyValidator,
  VALIDATOR_SETS_KEY,
  ValidatorHistory,
  entriesFromCanonical,
  genesisAgencyValidators,
} from '../types/validator-sets'

const VERIFY_CHUNK = 256
const TX_FRAMING = 5
const HEADER_ROOM = 4096

export interface PreparedBlock {
  block: Block
  hash: Uint8Array
  bytes: Uint8Array
  txs: CheckedTx[]
  writes: Map<string, Canonical | null>
  /**
   * the canonical bytes of each value written (deletions absent), encoded once: the state tree hashes them and the
   * store writes the same bytes under s/
   */
  encoded?: ReadonlyMap<string, Uint8Array>
  /** the state tree's version of this block: its root is the header's app hash; its nodes go in the block's batch */
  tree: PreparedVersion
}

/** Each written value's canonical bytes, once per block (see PreparedBlock.encoded). */
function encodeWrites(writes: ReadonlyMap<string, Canonical | null>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>()
  for (const [k, v] of writes) if (v !== null) out.set(k, encodeCanonical(v))
  return out
}

/**
 * The state key that ties the genesis state to its document: SHA-256 of the genesis document's canonical bytes
 * (genesisHash). Two chains started from different genesis parameters therefore never share an app hash, even
 * where their registries' genesis entries agree (docs/adr/0026).
 */
export const GENESIS_STATE_KEY = 'chain/genesis'

/** The state of height 0: the identity registry's genesis entries and GENESIS_STATE_KEY. */
export function genesisState(genesis: Genesis): Array<[string, Canonical]> {
  return [...identityGenesisState(genesis), [GENESIS_STATE_KEY, genesisHash(genesis)]]
}

export interface Rejection {
  tx: CheckedTx
  error: DaejangError
}

interface CachedSet {
  set: ValidatorSet
  hash: Uint8Array
}

export class Chain {
  private history: ValidatorHistory
  /** consensus views of the history's entries, by entry index */
  private sets = new Map<number, CachedSet>()
  constructor(
    readonly genesis: Genesis,
    private readonly store: Store,
    private readonly checker: TxChecker,
    private readonly verify: VerifyFn = verifyPortable,
  ) {
    this.history = new ValidatorHistory([{ fromHeight: 1, validators: genesisAgencyValidators(genesis) }])
  }

  /** Read the validator sets from state (after the store is open, and whenever state may have changed them). */
  async loadValidatorSets(): Promise<void> {
    const entries = entriesFromCanonical(await this.store.get(VALIDATOR_SETS_KEY))
    this.setHistory(entries ?? [{ fromHeight: 1, validators: genesisAgencyValidators(this.genesis) }])
  }

  private setHistory(entries: ValidatorHistory['entries']): void {
    this.history = new ValidatorHistory(entries)
    this.sets = new Map()
  }

  /** The history of validator sets as far as it is known (scheduled changes included). */
  get validatorHistory(): ValidatorHistory {
    return this.history
  }

  /** Whether `publicKeyHex` validates the next block or a scheduled later one (peers admitted to consensus). */
  isCurrentOrScheduledValidator(publicKeyHex: string): boolean {
    const h = this.head().height + 1
    const entries = this.history.entries
    for (let i = this.history.indexAt(h); i < entries.length; i++) {
      if (entries[i]!.validators.some((v) => toHex(v.publicKey) === publicKeyHex)) return true
    }
    return false
  }

  /** The validators of the next block. */
  get validators(): readonly AgencyValidator[] {
    return this.validatorsAt(this.head().height + 1)
  }

  validatorsAt(height: number): readonly AgencyValidator[] {
    return this.history.at(height).validators
  }

  /**
   * The consensus view of the set of `height`, or null when that height is too far ahead for its set to be known
   * yet (a change approved in the next block could still take effect there).
   */
  validatorSetAt(height: number): ValidatorSet | null {
    if (height > this.head().height + ACTIVATION_DELAY) return null
    return this.cachedSet(height).set
  }

  validatorsHashAt(height: number): Uint8Array {
    return this.cachedSet(height).hash
  }

  private cachedSet(height: number): CachedSet {
    const i = this.history.indexAt(height)
    let c = this.sets.get(i)
    if (!c) {
      const e = this.history.entries[i]!
      c = { set: new ValidatorSet(e.validators, i === 0 ? 0 : e.fromHeight), hash: validatorsHash(e.validators) }
      this.sets.set(i, c)
    }
    return c
  }

  head(): Head {
    const h = this.store.head()
    if (!h) throw new DaejangError('CORRUPT_DATA', 'the chain has no head')
    return h
  }

  /**
   * Build the next block from candidates, in order. A candidate that fails execution is left out and reported;
   * every transaction in a block therefore succeeded (docs/adr/0004).
   */
  async buildBlock(
    candidates: readonly CheckedTx[],
    proposer: Uint8Array,
    time: number,
    lastCommit: Commit | null,
  ): Promise<{ prepared: PreparedBlock; rejected: Rejection[] }> {
    const head = this.head()
    const ctx = { height: head.height + 1, time: Math.max(time, head.time + 1) }
    await this.store.prefetch(keysToPrefetch(candidates))
    const state = new Overlay(this.store)
    const included: CheckedTx[] = []
    const rejected: Rejection[] = []
    let bytes = 0
    for (const c of candidates) {
      if (included.length >= this.genesis.params.maxBlockTxs) break
      // the encoded block must fit maxBlockBytes with its framing (a few bytes a transaction) and header
      if (bytes + c.bytes.length + TX_FRAMING > this.genesis.params.maxBlockBytes - HEADER_ROOM) break
      try {
        await executeTx(this.genesis, state, c, ctx, included.length)
        included.push(c)
        bytes += c.bytes.length + TX_FRAMING
      } catch (e) {
        // Only a verdict on the transaction rejects it; a storage or internal failure aborts the whole block, so
        // an acknowledged transaction is never dropped for a reason that is not its own.
        if (!(e instanceof DaejangError) || e.code === 'INTERNAL' || e.code === 'CORRUPT_DATA') throw e
        rejected.push({ tx: c, error: e })
      }
    }
    const encoded = encodeWrites(state.writes)
    const tree = await this.store.tree.prepare(ctx.height, state.writes, encoded)
    const header: Header = {
      v: BLOCK_VERSION,
      chainId: this.genesis.chainId,
      height: ctx.height,
      time: ctx.time,
      prevHash: head.hash,
      lastCommitHash: commitHash(lastCommit),
      txRoot: merkleRoot(included.map((c) => c.bytes)),
      txCount: included.length,
      appHash: tree.root,
      validatorsHash: this.validatorsHashAt(ctx.height),
      nextValidatorsHash: this.validatorsHashAt(ctx.height + 1),
      proposer,
    }
    const block: Block = { header, txs: included.map((c) => c.bytes), lastCommit }
    return {
      prepared: { block, hash: blockHash(header), bytes: encodeBlock(block), txs: included, writes: state.writes, encoded, tree },
      rejected,
    }
  }

  /**
   * Validate a block proposed by someone else against our head and execute it. Every transaction must succeed,
   * and the header must commit to exactly the result we computed.
   */
  async validateBlock(bytes: Uint8Array): Promise<PreparedBlock> {
    const { block, hash } = decodeBlockOnce(bytes)
    const head = this.head()
    const h = block.header
    const fail = (why: string): never => {
      throw new DaejangError('RULE_VIOLATION', `invalid block ${h.height}: ${why}`)
    }
    if (h.chainId !== this.genesis.chainId) fail('chain id')
    if (h.height !== head.height + 1) fail('height')
    if (h.time <= head.time) fail('time does not advance')
    if (!equalBytes(h.prevHash, head.hash)) fail('previous hash')
    if (!equalBytes(h.lastCommitHash, commitHash(block.lastCommit))) fail('last commit hash')
    if (h.height > 1) {
      if (!block.lastCommit) fail('no commit for the previous block')
      const lc = verifyCommit(this.genesis.chainId, this.validatorsAt(head.height), block.lastCommit!, head.hash, head.height, this.verify)
      if (!lc.ok) fail(`last commit: ${lc.reason ?? 'invalid'}`)
    } else if (block.lastCommit) fail('the first block carries no last commit')
    if (!equalBytes(h.validatorsHash, this.validatorsHashAt(h.height))) fail('validator set')
    if (!h.nextValidatorsHash || !equalBytes(h.nextValidatorsHash, this.validatorsHashAt(h.height + 1))) fail('next validator set')
    if (h.time > Date.now() + this.genesis.params.maxFutureMs) fail('time is too far ahead of this node\'s clock')
    if (!this.validatorsAt(h.height).some((v) => equalBytes(v.publicKey, h.proposer))) fail('the proposer is not a validator')
    if (h.txCount !== block.txs.length) fail('transaction count')
    if (block.txs.length > this.genesis.params.maxBlockTxs) fail('too many transactions')
    if (block.txs.reduce((n, t) => n + t.length, 0) > this.genesis.params.maxBlockBytes) fail('too many bytes')
    if (!equalBytes(h.txRoot, merkleRoot(block.txs))) fail('transaction root')
    const state = new Overlay(this.store)
    // Signatures are checked in worker threads, a chunk at a time as transactions are parsed, while the block
    // executes here; nothing is written before both end.
    const txs: CheckedTx[] = []
    const sigChecks: Promise<number[]>[] = []
    try {
      for (let s = 0; s < block.txs.length; s += VERIFY_CHUNK) {
        const chunk = block.txs.slice(s, s + VERIFY_CHUNK).map((b) => this.checker.parseBytes(b))
        txs.push(...chunk)
        sigChecks.push(this.checker.verifyAll(chunk).then((bad) => bad.map((i) => i + s)))
      }
    } catch (e) {
      await Promise.allSettled(sigChecks)
      throw e
    }
    const allSigs = Promise.all(sigChecks)
    let encoded: Map<string, Uint8Array>
    let tree: PreparedVersion
    try {
      await this.store.prefetch(keysToPrefetch(txs))
      for (let i = 0; i < txs.length; i++) {
        await executeTx(this.genesis, state, txs[i]!, { height: h.height, time: h.time }, i)
      }
      // The state root is computed while the worker threads finish the signatures (it writes nothing); a bad
      // signature still refuses the block before its app hash is looked at. The cost: a block with a bad signature
      // gets a full tree pass before it is refused. Accepted: only a validator can propose, and block sync checks
      // the commit first, so only a Byzantine proposer can make a node do that work.
      encoded = encodeWrites(state.writes)
      tree = await this.store.tree.prepare(h.height, state.writes, encoded)
    } finally {
      const badSigs = (await allSigs).flat()
      if (badSigs.length > 0) fail(`bad signature on transaction ${badSigs[0]}`)
    }
    if (!equalBytes(h.appHash, tree.root)) fail('app hash (the state root after the block)')
    return { block, hash, bytes, txs, writes: state.writes, encoded, tree }
  }

  /**
   * Commit a prepared block with its commit: one atomic, synced batch. `wasPending` tells which of its
   * transactions this node had persisted as pending, so their copies go in the same batch; `rejected` are the
   * acknowledged transactions this block left out for good: their rejection is kept in the same batch.
   */
  async commit(
    p: PreparedBlock,
    commit: Commit,
    wasPending: (hashHex: string) => boolean = () => true,
    rejected: RejectionWrite[] = [],
  ): Promise<void> {
    const head = this.head()
    if (p.block.header.height !== head.height + 1 || !equalBytes(p.block.header.prevHash, head.hash)) {
      throw new DaejangError('RULE_VIOLATION', 'the block does not extend the current head')
    }
    if (!equalBytes(commit.blockHash, p.hash)) throw new DaejangError('RULE_VIOLATION', 'commit for another block')
    await this.store.commitBlock({
      height: p.block.header.height,
      hash: p.hash,
      blockBytes: p.bytes,
      commitBytes: encodeCanonical(commitToCanonical(commit)),
      appHash: p.block.header.appHash,
      time: p.block.header.time,
      txs: p.txs.map((c) => ({
        hash: c.hash,
        signer: c.tx.signer,
        cosigners: c.tx.cosigners?.map((x) => x.key),
        pending: wasPending(c.hashHex),
        hashHex: c.hashHex,
        signerHex: c.signerHex,
      })),
      state: p.writes,
      ...(p.encoded ? { encoded: p.encoded } : {}),
      tree: p.tree,
      rejected,
    })
    if (p.writes.has(VALIDATOR_SETS_KEY)) {
      const entries = entriesFromCanonical(p.writes.get(VALIDATOR_SETS_KEY) ?? undefined)
      if (entries) this.setHistory(entries)
    }
  }

  /** Verify the commit of block `height` (hash `hash`) against the validator set of that height. */
  verifyCommitAt(commit: Commit, hash: Uint8Array, height: number, verify: VerifyFn = this.verify): ReturnType<typeof verifyCommit> {
    return verifyCommit(this.genesis.chainId, this.validatorsAt(height), commit, hash, height, verify)
  }

  static genesisHead(genesisAppHash: Uint8Array, genesisTime: number): Head {
    return { height: 0, hash: ZERO_HASH, appHash: genesisAppHash, time: genesisTime }
  }
}

