/**
 * A small chain with notaries and registered documents, for certificate and verification tests: a node (not
 * started) whose blocks are signed by the fixture's validators, so that tests can also build blocks no honest
 * consortium would (a block signed by keys that are not validators, a record from a key whose role was revoked).
 */
import { toHex } from '../../src/ledger/codec/bytes'
import type { Signer } from '../../src/ledger/crypto/ed25519'
import { type Tx, encodeTx } from '../../src/ledger/types/tx'
import { type InclusionProof, type TrustList, buildProof } from '../../src/ledger/proofs/proof'
import { type Header, blockHash } from '../../src/ledger/types/block'
import { merkleRoot } from '../../src/ledger/crypto/merkle'
import type { LedgerNode } from '../../src/ledger/node/node'
import { buildBatch } from '../../src/ledger/registries/notary/portable/batch'
import { storeBatchDocuments } from '../../src/ledger/registries/notary/queries'
import {
  type Cleanup,
  type Fixture,
  GENESIS_TIME,
  checked,
  signCommit,
  grantTx,
  makeChecker,
  makeFixture,
  openNode,
  produceBlock,
  signerFor,
} from '../ledger/helpers'
import { batchDocs, batchTx, registerTx, statusTx } from '../ledger/notary-helpers'
import { utf8 } from '../../src/ledger/codec/bytes'
import { sha256 } from '../../src/ledger/crypto/sha256'

export const DOCUMENT = utf8('%PDF-1.7 a diploma of 홍길동, Seoul National University, 2026\n')
export const DOCUMENT_HASH = toHex(sha256(DOCUMENT))

export interface CertChain {
  fx: Fixture
  node: LedgerNode
  notary: Signer
  trust: TrustList
  /** commit a block of these transactions; returns rejection codes */
  block(...txs: Tx[]): Promise<string[]>
  nonce(s: Signer): number
  single: string
  batch: string
  batchDocs: ReturnType<typeof batchDocs>
}

export async function certChain(cleanup: Cleanup, tag = 'cert'): Promise<CertChain> {
  const fx = makeFixture({ tag, secondAgency: true })
  const checker = makeChecker(fx.genesis)
  const node = await openNode(cleanup, fx)
  const notary = signerFor(tag + '/notary')
  const used = new Map<string, number>()
  const nonce = (s: Signer): number => {
    const k = toHex(s.publicKey)
    used.set(k, (used.get(k) ?? 0) + 1)
    return used.get(k)!
  }
  let time = GENESIS_TIME
  const block = async (...txs: Tx[]): Promise<string[]> => {
    time += 60_000
    const r = await produceBlock(node, fx, { candidates: txs.map((t) => checked(checker, t)), time })
    return r.rejected.map((x) => x.error.code)
  }
  await block(grantTx(fx.admin, fx, { nonce: nonce(fx.admin), subject: notary, label: 'Notary Kim' }))
  const single = 'AGENCY-A-2026-000001'
  const docs = batchDocs(50, tag)
  const built = buildBatch('AGENCY-A-2026-B00001', docs)
  const codes = await block(
    registerTx(notary, fx, { nonce: nonce(notary), number: single, hash: DOCUMENT_HASH, holder: '홍길동' }),
    batchTx(notary, fx, { nonce: nonce(notary), number: built.number, count: docs.length, root: built.root }),
  )
  if (codes.length) throw new Error('fixture registration rejected: ' + codes.join(','))
  await storeBatchDocuments(node.store, built.number, docs)
  return { fx, node, notary, trust: node.trustList(), block, nonce, single, batch: built.number, batchDocs: docs }
}

export { statusTx }

/**
 * The proof of a block built by hand on the chain's head, holding just `tx` and signed by the fixture's validator:
 * what colluding validators could sign whatever the ledger's rules say (or a transaction of a registry it lacks).
 */
export function handBuiltProof(c: CertChain, tx: Tx): InclusionProof {
  const head = c.node.chain.head()
  const bytes = encodeTx(tx)
  const header: Header = {
    v: 1,
    chainId: c.fx.chainId,
    height: head.height + 1,
    time: head.time + 1000,
    prevHash: head.hash,
    lastCommitHash: new Uint8Array(32),
    txRoot: merkleRoot([bytes]),
    txCount: 1,
    appHash: head.appHash,
    validatorsHash: c.node.chain.validatorsHashAt(head.height + 1),
    proposer: c.fx.validator.publicKey,
  }
  return buildProof(header, [bytes], 0, signCommit(c.fx.chainId, [c.fx.validator], header.height, blockHash(header)))
}
