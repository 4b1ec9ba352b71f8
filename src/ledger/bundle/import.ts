/**
 * Import a bundle into a node (docs/adr/0062), in two passes over the file:
 *
 *  1. verify, applying nothing: the exporter's signature over the header, the chain (id and genesis hash), the whole
 *     content (length, records, digest), and for blocks: consecutive heights from at most the node's head + 1, the
 *     blocks it already has identical to its own, each new block linked to the one before, its transactions the ones
 *     its header names, its validator set the one the block before announced (a set carried in the bundle is used
 *     only when its hash is that announced one), and its commit signed by more than 2/3 of that set's power;
 *  2. apply: each new block again checked against what pass 1 saw (the file could have changed since), then
 *     validated by execution and committed as block sync does; pending transactions go through the mempool's
 *     admission, each refusal reported.
 *
 * Every refusal of pass 1 has a stable code and leaves the node unchanged. Re-importing a bundle changes nothing.
 */
export type { BundlePreview, ImportResult, Refusal, RegistryCount, Words } from '../../shared/bundle'
import { DaejangError, toDaejangError } from '../../shared/errors'
import { equalBytes, fromHex, toHex } from '../codec/bytes'
import { decodeCanonical } from '../codec/canonical'
import { verifyNode } from '../crypto/ed25519-node'
import { merkleRoot } from '../crypto/merkle'
import { type Block, type Commit, type Validator, blockHash, commitFromCanonical, commitHash, decodeBlock, validatorsHash, verifyCommit } from '../types/block'
import { decodeBlockOnce } from '../types/block-memo'
import { genesisHash } from '../types/genesis'
import { decodeTx, txHash } from '../types/tx'
import { entriesFromCanonical } from '../types/validator-sets'
import type { LedgerNode } from '../node/node'
import { type BundlePreview, type ImportResult, MAX_REFUSALS_LISTED, type Refusal, type RegistryCount, type Words } from '../../shared/bundle'
import { REGISTRIES } from '../registries'
import { makeCatalogue } from '../registries/catalogue'
import { MAX_BUNDLE_BYTES, type OpenedBundle, RecordKind, bundleError, checkContent, openBundle, readRecords } from './format'

interface Plan {
  preview: BundlePreview
  opened: OpenedBundle
  /** hashes of the new blocks, by height - newFrom */
  hashes: Uint8Array[]
}

const catalogue = makeCatalogue(REGISTRIES)
const OTHER: Words = { ko: '알 수 없는 등록부', en: 'Unknown register' }

export interface ImportOptions {
  maxBytes?: number
  progress?: (phase: 'verify' | 'apply', done: number, total: number) => void
}

/** Pass 1: what the bundle would apply, every check made, nothing applied. */
export async function previewBundle(node: LedgerNode, path: string, o: ImportOptions = {}): Promise<BundlePreview> {
  return (await verifyBundle(node, path, o)).preview
}

/** Pass 1 then pass 2: verify, then apply. */
export async function importBundle(node: LedgerNode, path: string, o: ImportOptions = {}): Promise<ImportResult> {
  try {
    const r = await importVerified(node, path, o)
    // what changed this node goes in its activity log (ADR 0052); a re-import that changed nothing does not
    // a bundle of pending transactions brings no blocks: it is said by what was admitted and refused
    if (r.kind === 'pending') {
      if (r.admitted > 0 || r.refusedCount > 0) node.activity.record('bundle', 'bundle.pendingImported', { txs: r.admitted, refused: r.refusedCount })
    } else if (r.appliedBlocks > 0) {
      node.activity.record('bundle', 'bundle.imported', { from: r.newFrom ?? r.from, to: r.newTo ?? r.to, blocks: r.appliedBlocks, txs: r.newTxs })
    }
    return r
  } catch (e) {
    const err = toDaejangError(e)
    node.activity.record('bundle', 'bundle.refused', { message: err.message }, err.code)
    throw e
  }
}

async function importVerified(node: LedgerNode, path: string, o: ImportOptions): Promise<ImportResult> {
  const plan = await verifyBundle(node, path, o)
  const p = plan.preview
  if (p.kind === 'pending') return applyPending(node, plan, o.progress)
  if (p.newBlocks === 0) return { ...p, applied: false, appliedBlocks: 0, headAfter: node.chain.head().height, admitted: 0, refused: [], refusedCount: 0 }
  return node.exclusive(() => applyBlocks(node, plan, o.progress))
}

async function verifyBundle(node: LedgerNode, path: string, o: ImportOptions): Promise<Plan> {
  const opened = openBundle(path, verifyNode, o.maxBytes ?? MAX_BUNDLE_BYTES)
  const h = opened.header
  await checkContent(opened)
  if (h.chainId !== node.genesis.chainId || h.genesisHash !== toHex(genesisHash(node.genesis))) {
    throw bundleError('BUNDLE_OTHER_CHAIN', `the bundle belongs to another chain (${h.chainId}); this node keeps ${node.genesis.chainId}`)
  }
  const head = node.chain.head().height
  const base: BundlePreview = {
    kind: h.kind,
    chainId: h.chainId,
    exporter: h.exporter,
    exporterRole: node.chain.isCurrentOrScheduledValidator(h.exporter) ? 'validator' : node.admitsPeer(h.exporter) ? 'workstation' : 'unknown',
    createdAt: h.createdAt,
    from: h.from,
    to: h.to,
    blocks: h.blocks,
    txs: h.txs,
    fileBytes: opened.fileBytes,
    head,
    newFrom: null,
    newTo: null,
    newBlocks: 0,
    newTxs: 0,
    byRegistry: [],
    alreadyKnown: 0,
    upToDate: true,
  }
  return h.kind === 'blocks' ? verifyBlocks(node, opened, base, o.progress) : verifyPending(node, opened, base, o.progress)
}

/** room for a block's header, framing and last commit beyond its transactions' bytes */
const BLOCK_ROOM = 1 << 20

class Counter {
  private readonly m = new Map<string, number>()
  add(type: string): void {
    const reg = type.slice(0, Math.max(0, type.indexOf('.')))
    this.m.set(reg, (this.m.get(reg) ?? 0) + 1)
  }
  list(): RegistryCount[] {
    return [...this.m].map(([registry, count]) => {
      const r = catalogue.registries.find((x) => x.name === registry)
      return { registry, words: r ? { ko: r.title.ko, en: r.title.en } : OTHER, count }
    })
  }
}

async function verifyBlocks(node: LedgerNode, opened: OpenedBundle, base: BundlePreview, progress?: ImportOptions["progress"]): Promise<Plan> {
  const hdr = opened.header
  const chainId = node.genesis.chainId
  const head = node.chain.head()
  if (hdr.from > head.height + 1) {
    throw bundleError('BUNDLE_GAP', `the bundle starts at height ${hdr.from}; this node has blocks up to ${head.height}, so heights ${head.height + 1} to ${hdr.from - 1} are missing`)
  }
  const counter = new Counter()
  const hashes: Uint8Array[] = []
  const sets = new Map<string, readonly Validator[]>()
  let expected = hdr.from
  let prev: { hash: Uint8Array; nextVH: Uint8Array } | null = null
  let block: { block: Block; hash: Uint8Array; set: readonly Validator[] | null } | null = null
  let txs = 0
  let newTxs = 0
  const forged = (why: string): never => {
    throw bundleError('BUNDLE_FORGED_COMMIT', `block ${expected}: ${why}`)
  }
  const altered = (why: string): never => {
    throw bundleError('BUNDLE_BLOCK_ALTERED', `block ${expected}: ${why}`)
  }
  for await (const r of readRecords(opened)) {
    if (r.index === 0) {
      if (r.kind !== RecordKind.validatorSets) throw bundleError('BUNDLE_CORRUPT', 'the bundle does not start with the validator sets')
      const entries = (() => {
        try {
          return entriesFromCanonical(decodeCanonical(r.data))
        } catch {
          return null
        }
      })()
      if (!entries) throw bundleError('BUNDLE_CORRUPT', 'the validator sets of the bundle cannot be read')
      for (const e of entries) sets.set(toHex(validatorsHash(e.validators)), e.validators)
      continue
    }
    if (r.kind === RecordKind.block) {
      if (block) throw bundleError('BUNDLE_CORRUPT', `block ${expected - 1} has no commit`)
      // a block is at most the consortium's maxBlockBytes of transactions, with its header and last commit
      if (r.data.length > node.genesis.params.maxBlockBytes + BLOCK_ROOM) altered('it is larger than the consortium allows')
      let b: Block
      try {
        b = decodeBlock(r.data)
      } catch {
        throw bundleError('BUNDLE_CORRUPT', `block ${expected} cannot be read`)
      }
      const h = b.header
      if (h.chainId !== chainId) throw bundleError('BUNDLE_OTHER_CHAIN', `block ${h.height} belongs to another chain`)
      if (h.height !== expected) throw bundleError('BUNDLE_GAP', `the bundle jumps from height ${expected - 1} to ${h.height}`)
      if (expected > hdr.to) throw bundleError('BUNDLE_BAD_HEADER', `the bundle carries blocks past height ${hdr.to}, the last its header names`)
      const hash = blockHash(h)
      txs += h.txCount
      if (h.height <= head.height) {
        // a block this node has: it must be this node's own
        const mine = await node.getBlock(h.height)
        if (!equalBytes(mine.hash, hash)) throw bundleError('BUNDLE_CONFLICT', `block ${h.height} of the bundle differs from this node's block ${h.height}`)
        prev = { hash, nextVH: h.nextValidatorsHash ?? new Uint8Array(32) }
        block = { block: b, hash, set: null }
        continue
      }
      if (!equalBytes(h.prevHash, prev?.hash ?? head.hash)) {
        if (prev) altered('it does not follow the block before it')
        throw bundleError('BUNDLE_CONFLICT', `block ${h.height} does not follow this node's block ${head.height}: the bundle is of another branch`)
      }
      if (h.txCount !== b.txs.length) altered('its transaction count is not the one its header names')
      if (!equalBytes(h.txRoot, merkleRoot(b.txs))) altered('its transactions are not the ones its header names')
      if (!equalBytes(h.lastCommitHash, commitHash(b.lastCommit))) altered('its last commit is not the one its header names')
      // the set this height must have: the one this node knows for the next height, then the one each block announced
      const vh = prev && h.height > head.height + 1 ? prev.nextVH : node.chain.validatorsHashAt(h.height)
      if (!equalBytes(h.validatorsHash, vh)) forged('it names a validator set that the block before it did not announce')
      const local = node.chain.validatorsAt(h.height)
      const set = equalBytes(validatorsHash(local), vh) ? local : sets.get(toHex(vh))
      if (!set) forged('its validator set is not one this node or the bundle knows')
      if (!h.nextValidatorsHash) altered('it names no next validator set')
      for (const t of b.txs) {
        try {
          counter.add(decodeTx(t).type)
        } catch {
          altered('one of its transactions cannot be read')
        }
      }
      newTxs += b.txs.length
      prev = { hash, nextVH: h.nextValidatorsHash! }
      block = { block: b, hash, set: set! }
      continue
    }
    if (r.kind === RecordKind.commit) {
      if (!block) throw bundleError('BUNDLE_CORRUPT', 'a commit without its block')
      let c: Commit
      try {
        c = commitFromCanonical(decodeCanonical(r.data))
      } catch {
        forged('its commit cannot be read')
      }
      if (block.set) {
        const ok = verifyCommit(chainId, block.set, c!, block.hash, expected, verifyNode)
        if (!ok.ok) forged(`its commit does not verify (${ok.reason ?? 'invalid'})`)
        hashes.push(block.hash)
      }
      block = null
      progress?.('verify', expected - hdr.from + 1, hdr.blocks)
      expected++
      continue
    }
    throw bundleError('BUNDLE_CORRUPT', 'a bundle of blocks carries a record of another kind')
  }
  if (block) throw bundleError('BUNDLE_CORRUPT', `block ${expected} has no commit`)
  if (expected !== hdr.to + 1) throw bundleError('BUNDLE_BAD_HEADER', `the header names blocks up to ${hdr.to}; the bundle ends at ${expected - 1}`)
  if (txs !== hdr.txs) throw bundleError('BUNDLE_BAD_HEADER', `the header counts ${hdr.txs} transactions; the blocks hold ${txs}`)
  const newFrom = hashes.length > 0 ? hdr.to - hashes.length + 1 : null
  const preview: BundlePreview = {
    ...base,
    newFrom,
    newTo: newFrom === null ? null : hdr.to,
    newBlocks: hashes.length,
    newTxs,
    byRegistry: counter.list(),
    upToDate: hashes.length === 0,
  }
  return { preview, opened, hashes }
}

async function verifyPending(node: LedgerNode, opened: OpenedBundle, base: BundlePreview, progress?: ImportOptions['progress']): Promise<Plan> {
  const counter = new Counter()
  let known = 0
  let n = 0
  for await (const r of readRecords(opened)) {
    if (r.kind !== RecordKind.tx) throw bundleError('BUNDLE_CORRUPT', 'a bundle of pending transactions carries a record of another kind')
    let type: string
    try {
      type = decodeTx(r.data).type
    } catch {
      throw bundleError('BUNDLE_CORRUPT', `pending transaction ${r.index + 1} cannot be read`)
    }
    const hh = txHash(r.data)
    if (node.mempool.has(toHex(hh)) || (await node.store.getTxLocation(hh))) known++
    else counter.add(type)
    n++
    progress?.('verify', n, opened.header.txs)
  }
  const preview: BundlePreview = { ...base, newTxs: n - known, alreadyKnown: known, byRegistry: counter.list(), upToDate: n === known }
  return { preview, opened, hashes: [] }
}

/**
 * How many blocks are checked ahead (signatures in worker threads) while one executes: at most 16, and at most 8 MiB
 * of them. The bytes bound keeps what is held at once (the blocks, their decoded transactions, their signature
 * checks) small whatever the consortium's block size: 16 blocks of 16 MiB would be 256 MiB before decoding, and a
 * large live set costs the collector more than the look-ahead saves.
 */
const APPLY_WINDOW = 16
const APPLY_WINDOW_BYTES = 8 << 20

async function applyBlocks(node: LedgerNode, plan: Plan, progress?: ImportOptions['progress']): Promise<ImportResult> {
  const { preview, hashes } = plan
  const newFrom = preview.newFrom!
  let applied = 0
  let window: Array<{ bytes: Uint8Array; height: number; commit?: Commit }> = []
  let windowBytes = 0
  const flush = async (): Promise<void> => {
    try {
      node.lookahead.ahead(window.slice(1).map((w) => w.bytes))
      for (const w of window) {
        const head = node.chain.head().height
        if (w.height <= head) continue
        if (w.height !== head + 1) throw bundleError('BUNDLE_GAP', `block ${w.height} does not follow this node's head ${head}`)
        // decoded once: validateBlock below finds the same bytes' decoding (block-memo.ts)
        const hash = decodeBlockOnce(w.bytes).hash
        const want = hashes[w.height - newFrom]
        if (!want || !equalBytes(want, hash)) throw bundleError('BUNDLE_CORRUPT', `block ${w.height} changed in the file since it was checked`)
        const ok = node.chain.verifyCommitAt(w.commit!, hash, w.height, verifyNode)
        if (!ok.ok) throw bundleError('BUNDLE_FORGED_COMMIT', `block ${w.height}: its commit does not verify`)
        const prepared = await node.chain.validateBlock(w.bytes)
        await node.applyBlock(prepared, w.commit!)
        applied++
        progress?.('apply', applied, hashes.length)
      }
    } finally {
      node.lookahead.clear()
      window = []
      windowBytes = 0
    }
  }
  let current: { bytes: Uint8Array; height: number; commit?: Commit } | null = null
  let height = plan.opened.header.from
  progress?.('apply', 0, hashes.length)
  try {
    for await (const r of readRecords(plan.opened)) {
      if (r.kind === RecordKind.block) {
        current = { bytes: r.data, height: height++ }
      } else if (r.kind === RecordKind.commit && current) {
        if (current.height >= newFrom) {
          current.commit = commitFromCanonical(decodeCanonical(r.data))
          window.push(current)
          windowBytes += current.bytes.length
          if (window.length >= APPLY_WINDOW || windowBytes >= APPLY_WINDOW_BYTES) await flush()
        }
        current = null
      }
    }
    await flush()
  } catch (e) {
    // a block the consortium signed that does not execute here is no fault of the file; either way, stop and say how far
    const err = toDaejangError(e)
    throw new DaejangError(err.code, `${err.message} (${applied} of ${hashes.length} new blocks were applied before this)`, { appliedBlocks: applied })
  }
  return { ...preview, applied: applied > 0, appliedBlocks: applied, headAfter: node.chain.head().height, admitted: 0, refused: [], refusedCount: 0 }
}

/**
 * Pending transactions admitted this many at a time: each goes through the mempool's own admission (submitBytes), but
 * a chunk's admissions run together, so their signatures travel to the verification threads in one batch and their
 * pending copies are persisted in one synced write (the mempool's group commit) instead of one write each. Results
 * are reported in file order. Two transactions of one chunk that exclude each other (a copy, one signer's nonce twice,
 * one pending claim) settle as two API submissions at once do: one admitted, the other refused or skipped.
 */
const ADMIT_CHUNK = 256

async function applyPending(node: LedgerNode, plan: Plan, progress?: ImportOptions['progress']): Promise<ImportResult> {
  let admitted = 0
  const refused: Refusal[] = []
  let refusedCount = 0
  let n = 0
  const total = plan.opened.header.txs
  const admitOne = async (bytes: Uint8Array): Promise<{ hash: string; code: string } | 'admitted' | null> => {
    const hash = toHex(txHash(bytes))
    if (node.mempool.has(hash) || (await node.store.getTxLocation(fromHex(hash)))) return null
    try {
      await node.submitBytes(bytes, true)
      return 'admitted'
    } catch (e) {
      const err = toDaejangError(e)
      return err.code === 'DUPLICATE_TX' ? null : { hash, code: err.code }
    }
  }
  let chunk: Uint8Array[] = []
  const admitChunk = async (): Promise<void> => {
    const outcomes = await Promise.all(chunk.map(admitOne))
    for (const o of outcomes) {
      if (o === 'admitted') admitted++
      else if (o) {
        refusedCount++
        if (refused.length < MAX_REFUSALS_LISTED) refused.push({ hash: o.hash, code: o.code, words: { ko: catalogue.errorSentence(o.code, 'ko'), en: catalogue.errorSentence(o.code, 'en') } })
      }
    }
    n += chunk.length
    chunk = []
    progress?.('apply', n, total)
  }
  for await (const r of readRecords(plan.opened)) {
    chunk.push(r.data)
    if (chunk.length >= ADMIT_CHUNK) await admitChunk()
  }
  if (chunk.length > 0) await admitChunk()
  return { ...plan.preview, applied: admitted > 0, appliedBlocks: 0, headAfter: node.chain.head().height, admitted, refused, refusedCount }
}
