/**
 * A chain's state in a state tree, with headers whose app hash is the tree's root, signed by a set of validators:
 * for format-2 certificates and status proofs without a node (test/cert/notary-state.test.ts, bench/qr-size.ts).
 * `base` is the rest of the chain's state (a real node's, or filler keys), so proofs have a real chain's depth.
 */
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { sha256 } from '../../src/ledger/crypto/sha256'
import type { CertifiedState } from '../../src/ledger/proofs/certified-state'
import type { TrustList } from '../../src/ledger/proofs/proof'
import { StateTree, memoryTreeDb } from '../../src/ledger/state/tree'
import {
  BLOCK_VERSION,
  type Commit,
  type Header,
  type Validator,
  VoteType,
  blockHash,
  signVote,
  validatorsHash,
} from '../../src/ledger/types/block'
import { recordKey, statusKey } from '../../src/ledger/registries/notary/portable/keys'
import type { StoredRecord, StoredStatus } from '../../src/ledger/registries/notary/portable/schema'

export const CHAIN_TIME = 1_780_000_000_000

export interface StateChain {
  chainId: string
  signers: Signer[]
  set: Validator[]
  trust: TrustList
  tree: StateTree
  height(): number
  /** commit a block writing these keys; returns its header and commit */
  block(writes: ReadonlyMap<string, Canonical | null>, o?: { signers?: readonly Signer[] }): Promise<{ header: Header; commit: Commit }>
  /** a certified range proof of a group as of a height */
  certified(group: string, height: number): Promise<CertifiedState>
}

const h32 = (label: string): Uint8Array => sha256(utf8(label))

export function commitOf(chainId: string, signers: readonly Signer[], header: Header): Commit {
  const hash = blockHash(header)
  return {
    height: header.height,
    round: 0,
    blockHash: hash,
    sigs: signers.map((s) => {
      const v = signVote(chainId, s, { type: VoteType.precommit, height: header.height, round: 0, blockHash: hash })
      return { validator: v.validator, sig: v.sig }
    }),
  }
}

export async function stateChain(o: { validators?: number; chainId?: string; base?: ReadonlyMap<string, Canonical> } = {}): Promise<StateChain> {
  const chainId = o.chainId ?? 'state-chain'
  const signers = Array.from({ length: o.validators ?? 4 }, (_, i) => nodeSigner(h32(`${chainId}/validator/${i}`)))
  const set = signers
    .map((s) => ({ publicKey: s.publicKey, power: 10 }))
    .sort((a, b) => (toHex(a.publicKey) < toHex(b.publicKey) ? -1 : 1))
  const trust: TrustList = { chainId, height: 0, sets: [{ fromHeight: 1, validators: set }] }
  const db = memoryTreeDb()
  const tree = new StateTree(db)
  await tree.load()
  const headers = new Map<number, { header: Header; commit: Commit }>()
  let height = 0
  let prev: Uint8Array = new Uint8Array(32)
  const block: StateChain['block'] = async (writes, bo) => {
    height++
    const p = await tree.prepare(height, writes)
    db.apply(p.ops)
    tree.committed(p)
    const vh = validatorsHash(set)
    const header = {
      v: BLOCK_VERSION,
      chainId,
      height,
      time: CHAIN_TIME + height * 1000,
      prevHash: prev,
      lastCommitHash: h32(`${chainId}/commit/${height - 1}`),
      txRoot: h32(`${chainId}/txs/${height}`),
      txCount: writes.size,
      appHash: p.root,
      validatorsHash: vh,
      nextValidatorsHash: vh,
      proposer: set[height % set.length]!.publicKey,
    } as unknown as Header
    const commit = commitOf(chainId, bo?.signers ?? signers, header)
    prev = blockHash(header)
    headers.set(height, { header, commit })
    trust.height = height
    return { header, commit }
  }
  if (o.base && o.base.size > 0) await block(o.base)
  return {
    chainId,
    signers,
    set,
    trust,
    tree,
    height: () => height,
    block,
    certified: async (group, at) => ({ proof: await tree.proveRange(group, at), ...headers.get(at)! }),
  }
}

/**
 * Filler state: `n` keys in `groups` groups (default 7), or each its own group (`groups` 0: as records of a register
 * are — a proof's depth grows with the number of groups, the keys of one group sharing the first 256 bits).
 */
export function fillerState(n: number, tag = 'filler', groups = 7): Map<string, Canonical> {
  const m = new Map<string, Canonical>()
  for (let i = 0; i < n; i++) m.set(groups > 0 ? `${tag}/${i % groups}/${i}` : `${tag}/${i}/v`, { i, note: `entry ${i}` })
  return m
}

// ---- notary records as the rules write them ----

export const NOTARY_KEY = toHex(h32('notary-key'))

export function singleRecord(number: string, documentHash: string, at: { height: number; time: number }): StoredRecord {
  return {
    kind: 'single',
    number,
    agency: 'mofa',
    act: 'apostille',
    date: '2026-03-01',
    issuingAuthority: 'Ministry of Foreign Affairs',
    signerName: '김영희',
    signerCapacity: 'Consular officer',
    documentHash,
    documentType: '졸업증명서',
    holder: '홍길동',
    language: 'ko',
    count: null,
    root: null,
    notary: NOTARY_KEY,
    tx: toHex(h32('tx/' + number)),
    height: at.height,
    time: at.time,
  }
}

export function batchRecord(number: string, count: number, root: string, at: { height: number; time: number }): StoredRecord {
  return {
    ...singleRecord(number, '', at),
    kind: 'batch',
    documentHash: null,
    documentType: null,
    holder: null,
    language: null,
    count,
    root,
  }
}

export function revoked(reason: string, at: { height: number; time: number }): StoredStatus {
  return {
    status: 'revoked',
    history: [{ action: 'revoke', reason, height: at.height, time: at.time, by: NOTARY_KEY, tx: toHex(h32('revoke/' + reason)) }],
  }
}

/** Writes registering a record at the next block. */
export const recordWrites = (rec: StoredRecord): Map<string, Canonical> => new Map([[recordKey(rec.number), rec as unknown as Canonical]])
export const statusWrites = (docNumber: string, st: StoredStatus): Map<string, Canonical> =>
  new Map([[statusKey(docNumber), st as unknown as Canonical]])
