/**
 * The three checks on genuine and tampered evidence; compact proof and bundle round trips; payload sizes; a
 * certificate rendered to pixels whose QR code is decoded and verified.
 */
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { fromBase45, toBase45 } from '../../src/ledger/codec/base45'
import { toHex, utf8 } from '../../src/ledger/codec/bytes'
import { type Validator, blockHash } from '../../src/ledger/types/block'
import type { TrustList } from '../../src/ledger/proofs/proof'
import { readAttachments } from '../../src/ledger/cert/attachment'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { documentProofs } from '../../src/ledger/registries/notary/bundle'
import { BUNDLE_FILE, notaryCertificate } from '../../src/ledger/registries/notary/certificate'
import {
  MAX_QR_CHARS,
  type NotaryProof,
  bundleFromJson,
  decodeNotaryProof,
  encodeNotaryProof,
  fromQrText,
  toQrText,
} from '../../src/ledger/registries/notary/portable/proof'
import { type LiveFacts, documentHashOf, verifyNotary } from '../../src/ledger/registries/notary/portable/verify'
import { buildBatch, batchMembership } from '../../src/ledger/registries/notary/portable/batch'
import { Cleanup, grantTx, revokeTx, signCommit, signerFor } from '../ledger/helpers'
import { batchDocs, registerTx } from '../ledger/notary-helpers'
import { DOCUMENT, DOCUMENT_HASH, certChain, handBuiltProof, statusTx } from './fixture'
import { readQr } from './render'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import { verifyCertified } from '../../src/ledger/verify/framework'
import { certifiedFromQr } from '../../src/ledger/verify/qr'
import { bundle2FromJson } from '../../src/ledger/registries/notary/portable/state-cert'
import { notaryStateCertified, type NotaryVerification } from '../../src/ledger/registries/notary/portable/verify'
import { notaryRegistryVerifier } from '../../src/ledger/registries/notary/portable/evidence'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

function flipped(b: Uint8Array, i = 0): Uint8Array {
  const c = b.slice()
  c[i % c.length]! ^= 1
  return c
}

describe('base45 (RFC 9285)', () => {
  it('matches the RFC examples and round-trips any bytes', () => {
    expect(toBase45(utf8('AB'))).toBe('BB8')
    expect(toBase45(utf8('Hello!!'))).toBe('%69 VD92EX0')
    expect(toBase45(utf8('base-45'))).toBe('UJCLQE7W581')
    expect(new TextDecoder().decode(fromBase45('QED8WEX0'))).toBe('ietf!')
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(fromBase45(toBase45(b))).toEqual(b)
      }),
    )
    for (const bad of ['A', 'GGW', 'ab', ':::']) expect(() => fromBase45(bad)).toThrow()
  })
})

describe('notary verification: the three checks', () => {
  it('a genuine single record verifies offline with only the trust list; the status says it is as of the block', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.single)
    const r = verifyNotary({ trust: c.trust, proof: p.full, grant: p.grant, documentHash: DOCUMENT_HASH })
    expect(r.valid).toBe(true)
    // offline: valid as of the registering block only, a verdict of its own; asked live and in force: plain "valid"
    expect(r.verdict).toBe('valid-as-of')
    const head = c.node.chain.head()
    const live: LiveFacts = { document: p.document, credential: null, height: head.height, time: head.time }
    expect(verifyNotary({ trust: c.trust, proof: p.full, documentHash: DOCUMENT_HASH, live }).verdict).toBe('valid')
    expect(r.checks.integrity.result).toBe('pass')
    expect(r.checks.status).toMatchObject({ result: 'pass', live: false, status: 'issued', asOf: { height: 2 } })
    expect(r.checks.status.detail).toMatch(/as of that block/)
    expect(r.checks.issuer.detail).toMatch(/grant of that credential/)
    expect(r.record).toMatchObject({ number: c.single, holder: '홍길동', notary: toHex(c.notary.publicKey) })
    // the compact (QR) form, with its trimmed commit, verifies the same
    expect(verifyNotary({ trust: c.trust, proof: fromQrText(toQrText(p.compact)) }).valid).toBe(true)
    // without a document, integrity is reported as not checked
    const noDoc = verifyNotary({ trust: c.trust, proof: p.compact })
    expect(noDoc.checks.integrity).toMatchObject({ ok: true, result: 'unchecked' })
  })

  it('integrity: one byte of the document changed is reported as such', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.single)
    const changed = flipped(DOCUMENT, 17)
    const r = verifyNotary({ trust: c.trust, proof: p.full, documentHash: documentHashOf(changed) })
    expect(r.valid).toBe(false)
    expect(r.checks.integrity.result).toBe('fail')
    expect(r.checks.integrity.detail).toMatch(/differs from the registered/)
    expect(r.checks.status.ok && r.checks.issuer.ok).toBe(true)
  })

  it('a batch document verifies with its leaf and path; an edited leaf, index or path does not', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.batch + '/017')
    const hash = c.batchDocs[16]!.documentHash
    expect(verifyNotary({ trust: c.trust, proof: p.compact, documentHash: hash }).valid).toBe(true)
    const b = p.compact.batch!
    const cases: NotaryProof[] = [
      { ...p.compact, batch: { ...b, path: b.path.map((x, i) => (i === 2 ? flipped(x) : x)) } },
      { ...p.compact, batch: { ...b, leaf: batchMembership(buildBatch(c.batch, c.batchDocs), 17).leaf } },
    ]
    for (const q of cases) {
      const r = verifyNotary({ trust: c.trust, proof: q, documentHash: hash })
      expect(r.valid).toBe(false)
      expect(r.checks.status.detail).toMatch(/batch's root|numbered/)
    }
    // the leaf of document 18 presented as document 17: its number does not match the index
    const wrongIndex = verifyNotary({ trust: c.trust, proof: { ...p.compact, batch: { ...b, index: 17 } } })
    expect(wrongIndex.valid).toBe(false)
  })

  it('a certificate field edited in the bundle, a path or a checkpoint altered: the proof no longer verifies', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.single)
    const edits: Array<(b: any) => void> = [
      (b) => (b.proof.tx.payload.holder = '김철수'), // a record field
      (b) => (b.proof.tx.payload.documentHash = toHex(flipped(new Uint8Array(32)))),
      (b) => (b.proof.header.appHash = 'ab'.repeat(32)), // the checkpoint
      (b) => (b.proof.header.height += 1),
      (b) => (b.proof.commit.sigs[0].sig = 'cd'.repeat(64)),
      (b) => (b.proof.index += 1),
      (b) => b.proof.path.push('ef'.repeat(32)), // the audit path
    ]
    for (const edit of edits) {
      const json = clone(p.bundle)
      edit(json)
      const parsed = bundleFromJson(json)
      const r = verifyNotary({ trust: c.trust, proof: parsed.proof, documentHash: DOCUMENT_HASH })
      expect(r.valid, JSON.stringify(r.checks)).toBe(false)
      expect(r.checks.status.ok || r.checks.issuer.ok).toBe(false)
    }
  })

  it('signatures from keys that are not validators, or another consortium’s trust list, are refused', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.single)
    const h = p.full.proof.header
    const strangers = [signerFor('x/1'), signerFor('x/2')]
    const forged = { ...p.full, proof: { ...p.full.proof, commit: signCommit(c.fx.chainId, strangers, h.height, blockHash(h)) } }
    const r = verifyNotary({ trust: c.trust, proof: forged })
    expect(r.valid).toBe(false)
    expect(r.proof!.checks.find((x) => x.name === 'commit')!.ok).toBe(false)
    const other: TrustList = { ...c.trust, sets: [{ fromHeight: 1, validators: strangers.map((s) => ({ publicKey: s.publicKey, power: 10 })) }] }
    expect(verifyNotary({ trust: other, proof: p.full }).valid).toBe(false)
    // a trust list whose validators did sign, but as a minority of its power
    const bigger: Validator[] = [...c.trust.sets[0]!.validators, { publicKey: strangers[0]!.publicKey, power: 100 }]
    expect(verifyNotary({ trust: { ...c.trust, sets: [{ fromHeight: 1, validators: bigger }] }, proof: p.full }).valid).toBe(false)
  })

  it('a revoked or suspended record: live, the status fails with its reason and time; offline, it is as of the block', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.single)
    const live = async (): Promise<LiveFacts> => {
      const d = await documentProofs(c.node, c.single)
      return { document: d.document, credential: null, height: c.node.chain.head().height, time: c.node.chain.head().time }
    }
    expect(await c.block(statusTx(c.notary, c.fx, { nonce: c.nonce(c.notary), number: c.single, action: 'suspend', reason: 'court order 2026-77' }))).toEqual([])
    let r = verifyNotary({ trust: c.trust, proof: p.full, documentHash: DOCUMENT_HASH, live: await live() })
    expect(r.valid).toBe(false)
    expect(r.verdict).toBe('invalid')
    expect(r.checks.status).toMatchObject({ result: 'fail', status: 'suspended', reason: 'court order 2026-77', live: true })
    expect(r.checks.status.detail).toMatch(/^suspended on .*court order 2026-77/)
    expect(await c.block(statusTx(c.fx.admin, c.fx, { nonce: c.nonce(c.fx.admin), number: c.single, action: 'revoke', reason: 'forged seal' }))).toEqual([])
    r = verifyNotary({ trust: c.trust, proof: p.full, documentHash: DOCUMENT_HASH, live: await live() })
    expect(r.checks.status).toMatchObject({ result: 'fail', status: 'revoked', reason: 'forged seal' })
    expect(r.checks.status.time).toBe(c.node.chain.head().time)
    // the certificate made after the revocation carries a banner and still verifies offline as of its block
    const again = await documentProofs(c.node, c.single)
    expect(again.bundle.status).toMatchObject({ status: 'revoked', reason: 'forged seal' })
    expect(verifyNotary({ trust: c.trust, proof: again.compact }).checks.status.live).toBe(false)
    // revoked after its registering block: offline cannot see it, so the verdict is "valid as of", never plain "valid"
    const offline = verifyNotary({ trust: c.trust, proof: p.full, documentHash: DOCUMENT_HASH })
    expect(offline).toMatchObject({ valid: true, verdict: 'valid-as-of' })
    expect(offline.checks.status.asOf?.height).toBe(offline.record!.height)

    // a node that does not know the number, or knows it from another transaction
    const unknown = verifyNotary({ trust: c.trust, proof: p.full, live: { ...(await live()), document: null } })
    expect(unknown.checks.status.detail).toMatch(/does not know/)
  })

  it('issuer: a key whose role was revoked cannot register; a block with such a record signed anyway is caught live', async () => {
    const c = await certChain(cleanup)
    const fired = signerFor('cert/fired-notary')
    expect(await c.block(grantTx(c.fx.admin, c.fx, { nonce: c.nonce(c.fx.admin), subject: fired }))).toEqual([])
    expect(await c.block(revokeTx(c.fx.admin, c.fx, { nonce: c.nonce(c.fx.admin), subject: fired, reason: 'dismissed' }))).toEqual([])
    const tx = registerTx(fired, c.fx, { nonce: 1, number: 'AGENCY-A-2026-000099', hash: DOCUMENT_HASH.replace(/^./, '0') })
    expect(await c.block(tx)).toEqual(['UNAUTHORIZED_ROLE'])

    // colluding validators could still sign a block holding it: build one by hand
    const head = c.node.chain.head()
    const proof = handBuiltProof(c, tx)
    const forged: NotaryProof = { proof, batch: null }
    // offline, the trust list's validators vouch for the block: the issuer check rests on them (ADR 0017)
    expect(verifyNotary({ trust: c.trust, proof: forged }).checks.issuer.ok).toBe(true)
    const info = (await import('../../src/ledger/registries/identity/queries')).keyInfo
    const credential = (await info(c.node.store, toHex(fired.publicKey), Date.now())).roles[0]!
    const r = verifyNotary({
      trust: c.trust,
      proof: forged,
      live: { document: null, credential, height: head.height, time: head.time },
    })
    expect(r.valid).toBe(false)
    expect(r.checks.issuer.detail).toMatch(/revoked in block \d+, before the registration/)
    // a bundle whose grant is someone else's does not support the issuer either
    const genuine = await documentProofs(c.node, c.single)
    const otherGrant = await c.node.getProof((await info(c.node.store, toHex(fired.publicKey), Date.now())).roles[0]!.id)
    const g = verifyNotary({ trust: c.trust, proof: genuine.full, grant: otherGrant })
    expect(g.checks.issuer).toMatchObject({ ok: false })
    expect(g.checks.issuer.detail).toMatch(/another key/)
  })

  it('unreadable evidence is reported, never thrown', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.single)
    const grantAsRecord: NotaryProof = { proof: p.grant!, batch: null }
    const r = verifyNotary({ trust: c.trust, proof: grantAsRecord })
    expect(r).toMatchObject({ valid: false, record: null })
    expect(r.problem).toMatch(/registers no document/)
  })
})

describe('compact proofs and bundles', () => {
  it('two nodes in one process with a batch of the same number each prove their own documents', async () => {
    const a = await certChain(cleanup, 'cache-a')
    const b = await certChain(cleanup, 'cache-b')
    const pa = await documentProofs(a.node, `${a.batch}/003`)
    const pb = await documentProofs(b.node, `${b.batch}/003`)
    expect(a.batch).toBe(b.batch)
    expect(verifyNotary({ trust: a.trust, proof: pa.full }).valid).toBe(true)
    expect(verifyNotary({ trust: b.trust, proof: pb.full }).valid).toBe(true)
  })

  it('round-trip: binary, QR text and bundle JSON decode to what was encoded', async () => {
    const c = await certChain(cleanup)
    for (const n of [c.single, c.batch + '/001', c.batch + '/050']) {
      const p = await documentProofs(c.node, n)
      const again = decodeNotaryProof(encodeNotaryProof(p.compact))
      expect(encodeNotaryProof(again)).toEqual(encodeNotaryProof(p.compact))
      expect(fromQrText(`  ${toQrText(p.compact).replace('DJ1:', 'dj1:')}\n`)).toEqual(again)
      const b = bundleFromJson(JSON.parse(JSON.stringify(p.bundle)))
      expect(encodeNotaryProof(b.proof)).toEqual(encodeNotaryProof(p.full))
      expect(b.grant).not.toBeNull()
      expect(p.bundle.qr).toBe(toQrText(p.compact))
    }
  })

  it('property: any corruption of the QR text is refused with PROOF_INVALID or fails verification', async () => {
    const c = await certChain(cleanup)
    const p = await documentProofs(c.node, c.batch + '/003')
    const text = toQrText(p.compact)
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
    fc.assert(
      fc.property(fc.integer({ min: 4, max: text.length - 1 }), fc.integer({ min: 0, max: 44 }), (i, k) => {
        const ch = alphabet[k]!
        fc.pre(ch !== text[i])
        const bad = text.slice(0, i) + ch + text.slice(i + 1)
        let q: NotaryProof
        try {
          q = fromQrText(bad)
        } catch (e) {
          expect((e as { code?: string }).code).toBe('PROOF_INVALID')
          return
        }
        expect(verifyNotary({ trust: c.trust, proof: q }).valid).toBe(false)
      }),
      { numRuns: 150 },
    )
    for (const bad of ['', 'DJ2:ABC', 'DJ1:A', 'https://example.org', 'DJ1:' + 'A'.repeat(MAX_QR_CHARS + 3)]) {
      expect(() => fromQrText(bad)).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }))
    }
  })

  it('payload sizes: a single record and a document of a 10,000-document batch fit a QR code printable at 3 cm', async () => {
    const c = await certChain(cleanup, 'size')
    const single = toQrText((await documentProofs(c.node, c.single)).compact)
    // one validator here; each further validator needed for 2/3 adds a 96-byte signature (about 144 characters)
    expect(single.length).toBeLessThan(1_400)
    const docs = batchDocs(10_000, 'big')
    const built = buildBatch('AGENCY-A-2026-B00002', docs)
    const big: NotaryProof = {
      proof: (await documentProofs(c.node, c.batch + '/001')).compact.proof,
      batch: batchMembership(built, 4_242),
    }
    expect(big.batch!.path).toHaveLength(14)
    const text = toQrText(big)
    expect(text.length).toBeLessThan(2_200)
    expect(text.length).toBeLessThan(MAX_QR_CHARS)
  })
})

describe('the certificate PDF', () => {
  it('renders to an image whose QR code decodes to a proof that verifies; its attached bundle verifies too', async () => {
    const c = await certChain(cleanup)
    for (const [n, lang] of [
      [c.single, 'ko'],
      [c.batch + '/042', 'en'],
    ] as const) {
      const p = await documentProofs(c.node, n)
      const cert = await notaryCertificate(p, lang, certificateFonts())
      expect(cert.qr.sideMm).toBe(30)
      expect(cert.qr.version).toBeLessThanOrEqual(25)
      // a node with the state tree prints format 2: the record and its status proven by state (docs/adr/0027)
      expect(p.state).not.toBeNull()
      const text = await readQr(cert.pdf)
      expect(text).toBe(p.state!.qr)
      expect(text!.startsWith('DJ:NOTARY/2:')).toBe(true)
      const certified = certifiedFromQr(text!, [notaryRegistryVerifier], c.trust)
      const r = verifyCertified({ certified, trust: c.trust, subjectHash: null, verify: verifyNode }, [notaryRegistryVerifier]) as NotaryVerification
      expect(r.valid).toBe(true)
      expect(r.record!.number).toBe(n)
      expect(r.checks.status).toMatchObject({ ok: true, proven: true })
      const att = (await readAttachments(cert.pdf)).find((a) => a.name === BUNDLE_FILE)!
      const b = bundle2FromJson(JSON.parse(new TextDecoder().decode(att.bytes)))
      const fromBundle = verifyCertified({ certified: notaryStateCertified(b.proof), trust: c.trust, subjectHash: null, verify: verifyNode }, [notaryRegistryVerifier])
      expect(fromBundle.valid).toBe(true)
    }
  })
})
