/**
 * QR size of notary certificates on a 4-validator chain (npx tsx bench/qr-size.ts): format 1 (the registering
 * transaction's inclusion proof, as printed before issue 11) and format 2 (the record's state group proven by a
 * certified state proof, docs/adr/0027), for a single record and for documents of a batch of 10,000, with the QR
 * version each needs at error level L (the level certificates print at; version 25-L holds 1,853 characters).
 *
 * The chain is a real node with four agencies, each running a validator of equal power (blocks committed with all four
 * signatures; the QR keeps the three that exceed 2/3). Its whole state after each block is put in a state tree
 * (src/ledger/state/tree), whose root is the app hash of headers signed by the four validators; proofs are as deep
 * as that chain's state makes them. `--extra N` adds N keys of other registries' state, to see how the QR grows
 * with the state: each its own state group, as the records of a register are (a proof's depth grows with the number
 * of groups: one more step, 34 bytes ≈ 51 characters, for each doubling).
 */
import QRCode from 'qrcode'
import { toHex, utf8 } from '../src/ledger/codec/bytes'
import type { Canonical } from '../src/ledger/codec/canonical'
import { nodeSigner, verifyNode } from '../src/ledger/crypto/ed25519-node'
import { sha256 } from '../src/ledger/crypto/sha256'
import { LedgerNode } from '../src/ledger/node/node'
import { documentProofs } from '../src/ledger/registries/notary/bundle'
import { batchMembership, buildBatch } from '../src/ledger/registries/notary/portable/batch'
import { recordGroup } from '../src/ledger/registries/notary/portable/keys'
import { toQrText } from '../src/ledger/registries/notary/portable/proof'
import { type NotaryStateProof, toStateQrText } from '../src/ledger/registries/notary/portable/state-cert'
import { notaryRegistryVerifier } from '../src/ledger/registries/notary/portable/evidence'
import { storeBatchDocuments } from '../src/ledger/registries/notary/queries'
import { VoteType, signVote } from '../src/ledger/types/block'
import { parseGenesis } from '../src/ledger/types/genesis'
import { encodeTx, makeTx } from '../src/ledger/types/tx'
import { verifyCertified } from '../src/ledger/verify/framework'
import { certifiedFromQr } from '../src/ledger/verify/qr'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fillerState, stateChain } from '../test/cert/state-chain'

const extra = Number(process.argv[process.argv.indexOf('--extra') + 1] ?? 0) || 0
const seed = (s: string) => sha256(utf8('bench-qr/' + s))
const validators = [0, 1, 2, 3].map((i) => nodeSigner(seed('validator ' + i)))
const admin = nodeSigner(seed('admin'))
const admins = [1, 2, 3].map((i) => nodeSigner(seed('admin ' + i)))
const notary = nodeSigner(seed('notary'))
const T0 = Date.now() - 3_600_000
const genesis = parseGenesis({
  format: 'daejang-genesis/1',
  chainId: 'bench-qr',
  genesisTime: T0,
  params: { maxTxBytes: 64 * 1024 },
  agencies: validators.map((v, i) => ({
    id: i === 0 ? 'mofa' : `agency-${i}`,
    name: i === 0 ? 'Ministry of Foreign Affairs' : `Agency ${i}`,
    validator: { publicKey: toHex(v.publicKey), power: 10 },
    admins: [toHex((i === 0 ? admin : admins[i - 1]!).publicKey)],
  })),
})

function qrVersion(text: string): number {
  return QRCode.create(text, { errorCorrectionLevel: 'L' }).version
}

const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-qr-'))
const node = await LedgerNode.open({ dataDir: dir, genesis, verifyThreads: 0 })
// the state tree of the chain's state, version = block height
const chain = await stateChain({ validators: 0, chainId: genesis.chainId })
let blockTime = T0
async function snapshot(): Promise<void> {
  const all = new Map<string, Canonical>()
  for await (const [k, v] of node.store.scanState('', 10_000_000)) all.set(k, v)
  for (const [k, v] of fillerState(extra, 'other', 0)) all.set(k, v)
  await chain.block(all)
}
async function block(txs: ReturnType<typeof makeTx>[]): Promise<number> {
  blockTime += 1000
  for (const t of txs) await node.submitBytes(encodeTx(t))
  const { prepared, rejected } = await node.buildCandidate(validators[0]!.publicKey, blockTime)
  if (rejected.length) throw new Error(rejected[0]!.error.message)
  const h = prepared.block.header.height
  const sigs = validators.map((s) => signVote(genesis.chainId, s, { type: VoteType.precommit, height: h, round: 0, blockHash: prepared.hash }))
  await node.applyBlock(prepared, { height: h, round: 0, blockHash: prepared.hash, sigs: sigs.map((v) => ({ validator: v.validator, sig: v.sig })) })
  await snapshot()
  return h
}

try {
  // the tree's headers are signed by the chain's four validators
  chain.signers.push(...validators)
  chain.set.push(...validators.map((v) => ({ publicKey: v.publicKey, power: 10 })).sort((a, b) => (toHex(a.publicKey) < toHex(b.publicKey) ? -1 : 1)))
  chain.trust.sets[0]!.validators = chain.set
  while (chain.height() < (node.store.head()?.height ?? 0)) await snapshot()
  let nonce = 0
  const tx = (s: typeof admin, type: string, payload: never) => makeTx(s, { chainId: genesis.chainId, type, payload, nonce: ++nonce, time: blockTime })
  await block([tx(admin, 'identity.role.grant', { agency: 'mofa', subject: toHex(notary.publicKey), role: 'notary', expiresAt: null, label: '공증인 김영희' } as never)])
  const act = { agency: 'mofa', act: 'apostille', date: '2026-03-01', issuingAuthority: 'Ministry of Foreign Affairs', signerName: '김영희', signerCapacity: 'Consular officer' }
  const docHash = toHex(sha256(utf8('a diploma')))
  const singleAt = await block([tx(notary, 'notary.register', { ...act, number: 'MOFA-2026-000001', documentHash: docHash, documentType: '졸업증명서', holder: '홍길동', language: 'ko' } as never)])
  const N = 10_000
  const docs = Array.from({ length: N }, (_, i) => ({ documentHash: toHex(sha256(utf8('doc ' + i))), documentType: 'Diploma', holder: `Graduate ${i}` }))
  const built = buildBatch('MOFA-2026-B00001', docs)
  const batchAt = await block([tx(notary, 'notary.batch.register', { ...act, number: built.number, count: N, root: built.root } as never)])
  await storeBatchDocuments(node.store, built.number, docs)

  let keys = 0
  for await (const _ of node.store.scanState('', 10_000_000)) keys++
  console.log(`4-validator chain (equal power): ${keys + extra} state keys (${extra} of them generated, each its own group), head ${chain.height()}`)
  console.log('certificate            format 1 (inclusion proof)      format 2 (state proof)            steps')
  const rows: Array<[string, string, number, number | null]> = [
    ['single record', 'MOFA-2026-000001', singleAt, null],
    ['batch doc 1 of 10,000', `${built.number}/00001`, batchAt, 0],
    ['batch doc 5,000', `${built.number}/05000`, batchAt, 4999],
    ['batch doc 10,000', `${built.number}/10000`, batchAt, 9999],
  ]
  let worst = 0
  for (const [what, number, height, index] of rows) {
    const p = await documentProofs(node, number)
    const v1 = toQrText(p.compact)
    const state: NotaryStateProof = {
      state: await chain.certified(recordGroup(index === null ? number : built.number), height),
      batch: index === null ? null : batchMembership(built, index),
    }
    const v2 = toStateQrText(state, chain.set)
    // what was measured verifies
    const r = verifyCertified({ certified: certifiedFromQr(v2, [notaryRegistryVerifier], chain.trust), trust: chain.trust, verify: verifyNode }, [notaryRegistryVerifier])
    if (!r.valid) throw new Error(`format 2 of ${number} does not verify: ${r.problem ?? JSON.stringify(r.checks)}`)
    worst = Math.max(worst, v2.length)
    console.log(
      `${what.padEnd(22)} ${`${v1.length} chars, version ${qrVersion(v1)}-L`.padEnd(31)} ${`${v2.length} chars, version ${qrVersion(v2)}-L`.padEnd(33)} ${state.state.proof.steps.length}`,
    )
  }
  console.log(`largest format-2 QR: ${worst} chars, version ${qrVersion('A'.repeat(worst))}-L (target: version 25-L, 1,853 chars)`)
} finally {
  await node.close()
  rmSync(dir, { recursive: true, force: true })
}
