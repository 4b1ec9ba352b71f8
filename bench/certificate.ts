/**
 * Certificates (npm run bench:cert): generating one (target ≤ 100 ms), verifying one (≤ 50 ms: from the PDF's
 * attached bundle, and from the QR text), and registering a batch of 10,000 documents — tree, transaction, block,
 * document list — with the transaction's size and each document's proof size. Median and best of several runs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex, utf8 } from '../src/ledger/codec/bytes'
import { nodeSigner, verifyNode } from '../src/ledger/crypto/ed25519-node'
import { sha256 } from '../src/ledger/crypto/sha256'
import { VoteType, signVote } from '../src/ledger/types/block'
import { parseGenesis } from '../src/ledger/types/genesis'
import { encodeTx, makeTx } from '../src/ledger/types/tx'
import { readAttachments } from '../src/ledger/cert/attachment'
import { certificateFonts } from '../src/ledger/cert/fonts-node'
import { LedgerNode } from '../src/ledger/node/node'
import { buildBatch } from '../src/ledger/registries/notary/portable/batch'
import { documentProofs } from '../src/ledger/registries/notary/bundle'
import { BUNDLE_FILE, notaryCertificate } from '../src/ledger/registries/notary/certificate'
import { bundleFromJson, encodeNotaryProof, fromQrText, toQrText } from '../src/ledger/registries/notary/portable/proof'
import { storeBatchDocuments } from '../src/ledger/registries/notary/queries'
import { verifyNotary } from '../src/ledger/registries/notary/portable/verify'

const seed = (s: string) => sha256(utf8('bench-cert/' + s))
const validator = nodeSigner(seed('validator'))
const admin = nodeSigner(seed('admin'))
const notary = nodeSigner(seed('notary'))
const T0 = Date.now() - 3_600_000
const genesis = parseGenesis({
  format: 'daejang-genesis/1',
  chainId: 'bench-cert',
  genesisTime: T0,
  params: { maxTxBytes: 64 * 1024 },
  agencies: [{ id: 'mofa', name: 'MOFA', validator: { publicKey: toHex(validator.publicKey), power: 10 }, admins: [toHex(admin.publicKey)] }],
})

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (x: number): string => x.toFixed(1) + ' ms'

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now()
  const r = await fn()
  return [r, performance.now() - t]
}

const dir = mkdtempSync(join(tmpdir(), 'daejang-bench-cert-'))
const node = await LedgerNode.open({ dataDir: dir, genesis, verifyThreads: 0 })
let blockTime = T0
async function block(txs: ReturnType<typeof makeTx>[]): Promise<void> {
  blockTime += 1000
  for (const t of txs) await node.submitBytes(encodeTx(t))
  const { prepared, rejected } = await node.buildCandidate(validator.publicKey, blockTime)
  if (rejected.length) throw new Error(rejected[0]!.error.message)
  const v = signVote(genesis.chainId, validator, { type: VoteType.precommit, height: prepared.block.header.height, round: 0, blockHash: prepared.hash })
  await node.applyBlock(prepared, { height: v.height, round: 0, blockHash: prepared.hash, sigs: [{ validator: v.validator, sig: v.sig }] })
}

try {
  let nonce = 0
  const tx = (s: typeof admin, type: string, payload: never) => makeTx(s, { chainId: genesis.chainId, type, payload, nonce: ++nonce, time: blockTime })
  await block([tx(admin, 'identity.role.grant', { agency: 'mofa', subject: toHex(notary.publicKey), role: 'notary', expiresAt: null, label: '공증인 김영희' } as never)])
  const act = { agency: 'mofa', act: 'apostille', date: '2026-03-01', issuingAuthority: 'Ministry of Foreign Affairs', signerName: '김영희', signerCapacity: 'Consular officer' }
  const docHash = toHex(sha256(utf8('a diploma')))
  await block([tx(notary, 'notary.register', { ...act, number: 'MOFA-2026-000001', documentHash: docHash, documentType: '졸업증명서', holder: '홍길동', language: 'ko' } as never)])

  // ---- batch of 10,000 ----
  const N = 10_000
  const docs = Array.from({ length: N }, (_, i) => ({ documentHash: toHex(sha256(utf8('doc ' + i))), documentType: 'Diploma', holder: `Graduate ${i}` }))
  const [built, treeMs] = await time(async () => buildBatch('MOFA-2026-B00001', docs))
  const batchTx = tx(notary, 'notary.batch.register', { ...act, number: built.number, count: N, root: built.root } as never)
  const [, blockMs] = await time(() => block([batchTx]))
  const [, listMs] = await time(() => storeBatchDocuments(node.store, built.number, docs))
  const proofs = await Promise.all([1, 5_000, 10_000].map((i) => documentProofs(node, `${built.number}/${String(i).padStart(5, '0')}`)))
  console.log(`batch of ${N}: tree ${ms(treeMs)}, transaction ${encodeTx(batchTx).length} bytes, signed and committed in one block ${ms(blockMs)}, document list kept ${ms(listMs)} (${(JSON.stringify(docs).length / 1e6).toFixed(2)} MB as JSON)`)
  console.log(
    `  per-document proof: path ${proofs[1]!.compact.batch!.path.length} hashes; compact ${proofs.map((p) => encodeNotaryProof(p.compact).length).join('/')} bytes, QR text ${proofs.map((p) => toQrText(p.compact).length).join('/')} chars; bundle JSON ${proofs.map((p) => JSON.stringify(p.bundle).length).join('/')} bytes`,
  )

  // ---- certificates ----
  const fonts = certificateFonts()
  const single = await documentProofs(node, 'MOFA-2026-000001')
  const gen: number[] = []
  const genBatch: number[] = []
  let pdf: Uint8Array = new Uint8Array()
  let qrInfo = ''
  for (let i = 0; i < 12; i++) {
    const [r, t] = await time(() => notaryCertificate(single, i % 2 ? 'en' : 'ko', fonts))
    gen.push(t)
    pdf = r.pdf
    qrInfo = `QR version ${r.qr.version}-${r.qr.level}, ${r.qr.modules} modules, ${r.qr.moduleMm.toFixed(3)} mm a module at ${r.qr.sideMm} mm, ${r.qr.chars} chars; PDF ${r.pdf.length} bytes`
    const [, tb] = await time(() => documentProofs(node, `${built.number}/05000`).then((p) => notaryCertificate(p, 'ko', fonts)))
    genBatch.push(tb)
  }
  console.log(`certificate generation (single record): median ${ms(median(gen.slice(2)))}, best ${ms(Math.min(...gen))} (first, cold: ${ms(gen[0]!)}); ${qrInfo}`)
  console.log(`certificate of a document of the 10,000 batch (proof assembly included): median ${ms(median(genBatch.slice(2)))}, best ${ms(Math.min(...genBatch))}`)

  const trust = node.trustList()
  const fromPdf: number[] = []
  const fromQr: number[] = []
  const fromQrPortable: number[] = []
  for (let i = 0; i < 20; i++) {
    const [ok1, t1] = await time(async () => {
      const att = (await readAttachments(pdf)).find((a) => a.name === BUNDLE_FILE)!
      const b = bundleFromJson(JSON.parse(new TextDecoder().decode(att.bytes)))
      return verifyNotary({ trust, proof: b.proof, grant: b.grant, documentHash: docHash, verify: verifyNode }).valid
    })
    const qr = single.bundle.qr
    const [ok2, t2] = await time(async () => verifyNotary({ trust, proof: fromQrText(qr), documentHash: docHash, verify: verifyNode }).valid)
    const [ok3, t3] = await time(async () => verifyNotary({ trust, proof: fromQrText(qr), documentHash: docHash }).valid)
    if (!ok1 || !ok2 || !ok3) throw new Error('verification failed')
    fromPdf.push(t1)
    fromQr.push(t2)
    fromQrPortable.push(t3)
  }
  console.log(
    `verification: certificate PDF (read attachment, parse, 3 checks + credential grant) median ${ms(median(fromPdf))}, best ${ms(Math.min(...fromPdf))}; ` +
      `QR text median ${ms(median(fromQr))} (OpenSSL), ${ms(median(fromQrPortable))} (portable @noble, as in the browser)`,
  )
} finally {
  await node.close()
  rmSync(dir, { recursive: true, force: true })
}
