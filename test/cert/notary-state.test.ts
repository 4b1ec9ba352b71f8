/**
 * Notary format 2 (docs/adr/0027): a record and its status proven by a certified range proof of the record's state
 * group; the compact QR form (checkpoint against the trust list); status proofs — a later revocation detected
 * offline, a forged status refused whatever node it came from.
 */
import { describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { nodeSigner } from '../../src/ledger/crypto/ed25519-node'
import { blockHash, verifyCommit } from '../../src/ledger/types/block'
import { compactCheckpoint, expandCheckpoint } from '../../src/ledger/verify/checkpoint'
import { verifyCertified } from '../../src/ledger/verify/framework'
import { certifiedFromQr } from '../../src/ledger/verify/qr'
import { buildBatch, batchMembership } from '../../src/ledger/registries/notary/portable/batch'
import { recordGroup } from '../../src/ledger/registries/notary/portable/keys'
import {
  type NotaryStateProof,
  bundle2FromJson,
  bundle2ToJson,
  decodeNotaryState,
  encodeNotaryState,
  statusProofFromJson,
  statusProofToJson,
  toStateQrText,
} from '../../src/ledger/registries/notary/portable/state-cert'
import { notaryStateCertified, notaryVerifier, type NotaryVerification } from '../../src/ledger/registries/notary/portable/verify'
import { notaryRegistryVerifier } from '../../src/ledger/registries/notary/portable/evidence'
import {
  batchRecord,
  commitOf,
  fillerState,
  recordWrites,
  revoked,
  singleRecord,
  stateChain,
  statusWrites,
} from './state-chain'

const DOC = toHex(sha256(utf8('a diploma')))
const at = (c: { height(): number }) => ({ height: c.height() + 1, time: 1_780_000_000_000 + (c.height() + 1) * 1000 })

async function chainWithSingle() {
  const c = await stateChain({ base: fillerState(60) })
  const rec = singleRecord('MOFA-2026-000001', DOC, at(c))
  await c.block(recordWrites(rec))
  const registered = c.height()
  await c.block(fillerState(3, 'later'))
  return { c, rec, registered }
}

const verify = (p: NotaryStateProof, trust: Parameters<typeof verifyCertified>[0]['trust'], o: { later?: unknown[]; subjectHash?: string } = {}) =>
  verifyCertified(
    { certified: notaryStateCertified(p), trust, subjectHash: o.subjectHash ?? null, later: o.later ?? [], verify: verifyNode },
    [notaryRegistryVerifier],
  ) as NotaryVerification

describe('compact checkpoint', () => {
  it('gives back the header and a commit that verifies, from the trust list', async () => {
    const c = await stateChain({ base: fillerState(10) })
    const { header, commit } = await c.block(fillerState(2, 'x'))
    const bytes = compactCheckpoint(header, commit, c.set)
    const back = expandCheckpoint(bytes, c.trust)
    expect(toHex(blockHash(back.header))).toBe(toHex(blockHash(header)))
    // trimmed to just over 2/3: three of four equal validators
    expect(back.commit.sigs).toHaveLength(3)
    expect(verifyCommit(c.chainId, c.set, back.commit, blockHash(header), header.height, verifyNode).ok).toBe(true)
  })

  it('read against another chain or set gives a header whose signatures do not verify', async () => {
    const c = await stateChain({ base: fillerState(10) })
    const { header, commit } = await c.block(fillerState(2, 'x'))
    const other = await stateChain({ chainId: 'other-chain' })
    const back = expandCheckpoint(compactCheckpoint(header, commit, c.set), { ...other.trust, chainId: c.chainId })
    expect(verifyCommit(c.chainId, other.set, back.commit, blockHash(back.header), header.height, verifyNode).ok).toBe(false)
  })
})

describe('format 2 certificate', () => {
  it('a single record: QR text read with the trust list verifies, in force as of its block, proven', async () => {
    const { c, rec, registered } = await chainWithSingle()
    const p: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), registered), batch: null }
    const qr = toStateQrText(p, c.set)
    expect(qr.startsWith('DJ:NOTARY/2:')).toBe(true)
    const certified = certifiedFromQr(qr, [notaryRegistryVerifier], c.trust)
    const r = verifyCertified({ certified, trust: c.trust, subjectHash: DOC, verify: verifyNode }, [notaryRegistryVerifier]) as NotaryVerification
    expect(r.valid).toBe(true)
    expect(r.verdict).toBe('valid-as-of')
    expect(r.checks.integrity.result).toBe('pass')
    expect(r.checks.status).toMatchObject({ ok: true, status: 'issued', proven: true, live: false, asOf: { height: registered } })
    expect(r.checks.status.detail).toContain(`in force as of block ${registered}`)
    expect(r.record).toMatchObject({ number: rec.number, documentHash: DOC, notary: rec.notary, txHash: rec.tx, height: registered })
  })

  it('another file fails integrity; a flipped byte of the proof fails the proof', async () => {
    const { c, rec, registered } = await chainWithSingle()
    const p: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), registered), batch: null }
    expect(verify(p, c.trust, { subjectHash: toHex(sha256(utf8('another'))) }).checks.integrity.ok).toBe(false)
    const steps = p.state.proof.steps.map((s, i) => (i === 0 ? { ...s, sibling: s.sibling.map((b, j) => (j === 0 ? b ^ 1 : b)) } : s))
    const bad = { ...p, state: { ...p.state, proof: { ...p.state.proof, steps } } }
    const r = verify(bad, c.trust)
    expect(r.valid).toBe(false)
    expect(r.proof?.checks.find((x) => x.name === 'state')?.ok).toBe(false)
  })

  it('a batch document: the compact form round-trips and verifies', async () => {
    const c = await stateChain({ base: fillerState(60) })
    const docs = Array.from({ length: 100 }, (_, i) => ({ documentHash: toHex(sha256(utf8('doc ' + i))), documentType: 'Diploma', holder: `Graduate ${i}` }))
    const built = buildBatch('MOFA-2026-B00001', docs)
    const rec = batchRecord(built.number, docs.length, built.root, at(c))
    await c.block(recordWrites(rec))
    const p: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), c.height()), batch: batchMembership(built, 41) }
    const back = decodeNotaryState(encodeNotaryState(p, c.set), c.trust)
    const r = verify(back, c.trust, { subjectHash: docs[41]!.documentHash })
    expect(r.valid).toBe(true)
    expect(r.record).toMatchObject({ number: `${built.number}/042`, kind: 'batch', holder: 'Graduate 41' })
    // another document's leaf under the same index is refused
    const wrong = { ...back, batch: { ...back.batch!, leaf: batchMembership(built, 40).leaf } }
    expect(verify(wrong, c.trust).valid).toBe(false)
  })

  it('the bundle (JSON) round-trips', async () => {
    const { c, rec, registered } = await chainWithSingle()
    const p: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), registered), batch: null }
    const json = JSON.parse(JSON.stringify(bundle2ToJson(p, { qr: toStateQrText(p, c.set), grant: null, status: null })))
    expect(verify(bundle2FromJson(json).proof, c.trust).valid).toBe(true)
  })

  it('a certificate signed by keys outside the trust list is refused', async () => {
    const { c, rec, registered } = await chainWithSingle()
    const state = await c.certified(recordGroup(rec.number), registered)
    const strangers = [0, 1, 2, 3].map((i) => nodeSigner(sha256(utf8('stranger ' + i))))
    const forged = { state: { ...state, commit: commitOf(c.chainId, strangers, state.header) }, batch: null }
    expect(verify(forged, c.trust).valid).toBe(false)
  })
})

describe('status proofs', () => {
  it('a later revocation is detected offline, given a later status proof', async () => {
    const { c, rec, registered } = await chainWithSingle()
    const cert: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), registered), batch: null }
    await c.block(statusWrites(rec.number, revoked('forged signature', at(c))))
    const later = statusProofFromJson(JSON.parse(JSON.stringify(statusProofToJson(rec.number, await c.certified(recordGroup(rec.number), c.height())))))
    const r = verify(cert, c.trust, { later: [later] })
    expect(r.valid).toBe(false)
    expect(r.checks.status).toMatchObject({ ok: false, status: 'revoked', reason: 'forged signature', proven: true, asOf: { height: c.height() } })
    // without it, the certificate alone is in force as of its block
    expect(verify(cert, c.trust).verdict).toBe('valid-as-of')
  })

  it('a later status proof still in force says so, as of its block', async () => {
    const { c, rec, registered } = await chainWithSingle()
    const cert: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), registered), batch: null }
    const later = { number: rec.number, state: await c.certified(recordGroup(rec.number), c.height()) }
    const r = verify(cert, c.trust, { later: [later] })
    expect(r.verdict).toBe('valid-as-of')
    expect(r.checks.status.detail).toContain(`in force as of block ${c.height()}`)
  })

  it('a forged status from an untrusted node is refused: an edited entry, foreign signers, another record', async () => {
    const { c, rec, registered } = await chainWithSingle()
    const cert: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), registered), batch: null }
    await c.block(statusWrites(rec.number, revoked('forged signature', at(c))))
    const honest = await c.certified(recordGroup(rec.number), c.height())
    if (honest.proof.kind !== 'range') throw new Error('range')
    // a node leaves the revocation out of the range
    const edited = { ...honest, proof: { ...honest.proof, entries: honest.proof.entries.filter(([k]) => k.endsWith('/rec')) } }
    // a node signs its own header over a state without the revocation, with keys that are not the validators'
    const fake = await stateChain({ base: fillerState(60) })
    const strangers = [0, 1, 2, 3].map((i) => nodeSigner(sha256(utf8('stranger ' + i))))
    await fake.block(recordWrites(rec), { signers: strangers })
    const foreign = await fake.certified(recordGroup(rec.number), fake.height())
    for (const state of [edited, foreign]) {
      const r = verify(cert, c.trust, { later: [{ number: rec.number, state }] })
      expect(r.valid).toBe(false)
      expect(r.checks.status.ok).toBe(false)
      expect(r.checks.status.detail).toContain('refused')
    }
    // a proof of another record's group is refused
    const other = singleRecord('MOFA-2026-000002', DOC, at(c))
    await c.block(recordWrites(other))
    const r = verify(cert, c.trust, { later: [{ number: rec.number, state: await c.certified(recordGroup(other.number), c.height()) }] })
    expect(r.checks.status.ok).toBe(false)
  })

  it('a batch document: the revocation of another document of its batch leaves it in force', async () => {
    const c = await stateChain({ base: fillerState(30) })
    const docs = Array.from({ length: 12 }, (_, i) => ({ documentHash: toHex(sha256(utf8('doc ' + i))), documentType: 'Diploma' }))
    const built = buildBatch('MOFA-2026-B00002', docs)
    const rec = batchRecord(built.number, docs.length, built.root, at(c))
    await c.block(recordWrites(rec))
    const cert: NotaryStateProof = { state: await c.certified(recordGroup(rec.number), c.height()), batch: batchMembership(built, 4) }
    await c.block(statusWrites(`${built.number}/003`, revoked('withdrawn', at(c))))
    const later = { number: `${built.number}/005`, state: await c.certified(recordGroup(rec.number), c.height()) }
    expect(verify(cert, c.trust, { later: [later] }).checks.status).toMatchObject({ ok: true, status: 'issued' })
    await c.block(statusWrites(`${built.number}/005`, revoked('withdrawn too', at(c))))
    const later2 = { number: `${built.number}/005`, state: await c.certified(recordGroup(rec.number), c.height()) }
    expect(verify(cert, c.trust, { later: [later, later2] }).checks.status).toMatchObject({ ok: false, status: 'revoked' })
  })

  it('the framework refuses what the verifier list does not know, as before', () => {
    expect(notaryVerifier.formats).toEqual([1, 2])
  })
})
