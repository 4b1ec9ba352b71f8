/**
 * The notary screens' logic without a browser: the record's fields checked as the node would, the transaction of
 * one file or a batch, the status changes allowed; the verifier panel's evidence (files hashed in chunks, the
 * certificate's attached proof, QR text, trust lists, evidence that disagrees) and its answer in words.
 */
import { PDFDocument } from 'pdf-lib'
import { afterEach, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { buildBatch } from '../../src/ledger/registries/notary/portable/batch'
import { documentProofs } from '../../src/ledger/registries/notary/bundle'
import { BUNDLE_FILE as LEDGER_BUNDLE_FILE, notaryCertificate } from '../../src/ledger/registries/notary/certificate'
import { BatchSchema, RegisterSchema } from '../../src/ledger/registries/notary/portable/schema'
import type { LiveFacts } from '../../src/ledger/registries/notary/portable/verify'
import {
  BUNDLE_FILE,
  EvidenceError,
  bundleOf,
  combineEvidence,
  evidenceFromCertificate,
  evidenceFromQr,
  hashBlob,
  hashFiles,
  parseTrust,
  verifyEvidence,
} from '../../src/renderer/features/verify/evidence'
import { explain, verdictTone } from '../../src/renderer/features/verify/explain'
import { allowedActions, fieldProblems, formatBytes, registration, today, type RecordFields } from '../../src/renderer/features/notary/register'
import { Cleanup } from '../ledger/helpers'
import { HASH_CHUNK } from '../../src/renderer/lib/hash-protocol'
import { DOCUMENT, DOCUMENT_HASH, certChain } from '../cert/fixture'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

const fields = (over: Partial<RecordFields> = {}): RecordFields => ({
  agency: 'mofa',
  number: 'MOFA-2026-000007',
  act: 'apostille',
  date: '2026-03-02',
  issuingAuthority: '외교부',
  signerName: '김영희',
  signerCapacity: '공증인',
  documentType: '졸업증명서',
  holder: '홍길동',
  language: 'ko',
  ...over,
})
const file = (n: number): { name: string; size: number; hash: string } => ({ name: `f${n}.pdf`, size: n, hash: toHex(sha256(new Uint8Array([n]))) })
const keys = (ps: { key: string }[]): string[] => ps.map((p) => p.key)

describe('the registration form', () => {
  it('accepts what the node accepts and names each problem', () => {
    expect(fieldProblems(fields(), [file(1)])).toEqual([])
    expect(keys(fieldProblems(fields(), []))).toEqual(['files'])
    expect(fieldProblems(fields({ number: 'LAND-2026-1' }), [file(1)])).toEqual([{ field: 'number', key: 'prefix', params: { prefix: 'MOFA-' } }])
    expect(keys(fieldProblems(fields({ number: 'mofa 1' }), [file(1)]))).toEqual(['number'])
    // lower case is taken as capitals, surrounding spaces ignored
    expect(fieldProblems(fields({ number: ' mofa-2026-000008 ' }), [file(1)])).toEqual([])
    expect(keys(fieldProblems(fields({ date: '2026-3-1', documentType: ' ', language: 'Korean' }), [file(1)]))).toEqual([
      'date',
      'required',
      'language',
    ])
    expect(fieldProblems(fields({ signerName: 'x'.repeat(101) }), [file(1)])).toEqual([
      { field: 'signerName', key: 'tooLong', params: { max: 100 } },
    ])
    expect(keys(fieldProblems(fields(), [file(1), { ...file(1), name: 'copy.pdf' }]))).toEqual(['sameFile'])
    expect(fieldProblems(fields({ holder: '', language: '' }), [file(1)])).toEqual([])
  })

  it('dates as the node checks them: a real day, not before 1900, not after today', () => {
    const now = '2026-03-02'
    const date = (d: string) => fieldProblems(fields({ date: d }), [file(1)], now)
    expect(date('2026-02-30')).toEqual([{ field: 'date', key: 'dateDay', params: { date: '2026-02-30', first: '1900-01-01', last: now } }])
    expect(keys(date('2026-13-01'))).toEqual(['dateDay'])
    expect(keys(date('9999-12-31'))).toEqual(['dateLate'])
    expect(keys(date('2026-03-03'))).toEqual(['dateLate'])
    expect(keys(date('1899-12-31'))).toEqual(['dateEarly'])
    expect(keys(date(''))).toEqual(['date'])
    expect(date(now)).toEqual([])
    expect(date('1900-01-01')).toEqual([])
  })

  it('one file is a notary.register the schema accepts; optional fields left out when empty', () => {
    const r = registration(fields({ holder: '', language: '', number: 'mofa-2026-000009' }), [file(1)])
    expect(r.type).toBe('notary.register')
    expect(RegisterSchema.parse(r.payload)).toEqual(r.payload)
    expect(r.payload).toEqual({
      agency: 'mofa',
      number: 'MOFA-2026-000009',
      act: 'apostille',
      date: '2026-03-02',
      issuingAuthority: '외교부',
      signerName: '김영희',
      signerCapacity: '공증인',
      documentHash: file(1).hash,
      documentType: '졸업증명서',
    })
  })

  it('several files are one batch: the root over their leaves, the count, the documents to hand over, their numbers', () => {
    const files = [file(1), file(2), file(3)]
    const r = registration(fields(), files)
    if (r.type !== 'notary.batch.register') throw new Error('expected a batch')
    expect(BatchSchema.parse(r.payload)).toEqual(r.payload)
    expect(r.payload['count']).toBe(3)
    expect(r.documents).toEqual(files.map((f) => ({ documentHash: f.hash, documentType: '졸업증명서', holder: '홍길동', language: 'ko' })))
    expect(r.payload['root']).toBe(buildBatch('MOFA-2026-000007', r.documents).root)
    expect(r.numbers).toEqual(['MOFA-2026-000007/001', 'MOFA-2026-000007/002', 'MOFA-2026-000007/003'])
  })

  it('allows the status changes of the rules: revoked is final', () => {
    expect(allowedActions('issued')).toEqual(['suspend', 'revoke'])
    expect(allowedActions('suspended')).toEqual(['reinstate', 'revoke'])
    expect(allowedActions('revoked')).toEqual([])
  })

  it('formats dates and sizes', () => {
    expect(today(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
    expect(formatBytes(1_500_000, 'en')).toBe('1.5MB')
    expect(formatBytes(12, 'en')).toBe('12B')
  })
})

describe('the verifier panel: evidence', () => {
  it('hashes a file in chunks with progress up to its size, the same digest as in one go', async () => {
    const big = new Uint8Array(2 * HASH_CHUNK + 17).map((_, i) => (i * 31) & 0xff)
    const seen: number[] = []
    const hash = await hashBlob(new Blob([big]), (done, total) => {
      expect(total).toBe(big.length)
      seen.push(done)
    })
    expect(hash).toBe(toHex(sha256(big)))
    expect(seen[0]).toBe(0)
    expect(seen.at(-1)).toBe(big.length)
    expect(seen.length).toBeGreaterThan(2)
    expect([...seen].sort((a, b) => a - b)).toEqual(seen)
    const totals: number[] = []
    const two = await hashFiles([new Blob([DOCUMENT as BlobPart]), new Blob([big])], (done) => totals.push(done))
    expect(two).toEqual([DOCUMENT_HASH, hash])
    expect(totals.at(-1)).toBe(DOCUMENT.length + big.length)
  })

  it('uses the bundle file name the certificate uses', () => {
    expect(BUNDLE_FILE).toBe(LEDGER_BUNDLE_FILE)
  })

  it('reads a certificate, verifies it with the trust list, and says so in words: valid as of the block (amber), not plain valid', async () => {
    const c = await certChain(cleanup, 'ui')
    const p = await documentProofs(c.node, c.single)
    const cert = await notaryCertificate(p, 'en', certificateFonts())
    const ev = await evidenceFromCertificate(cert.pdf)
    expect(ev.source).toBe('certificate')
    expect(ev.certified.extra.grant).not.toBeNull()
    const trust = parseTrust(JSON.stringify(c.node.trustListJson()))
    const time = (ms: number): string => new Date(ms).toISOString()

    const v = verifyEvidence({ trust, evidence: ev, documentHash: DOCUMENT_HASH, live: null })
    const e = explain({ v, certified: ev.certified, documentHash: DOCUMENT_HASH, live: null, time })
    // offline: every check passes, but the status is the registering block's: amber "valid as of block N"
    expect(v.verdict).toBe('valid-as-of')
    expect(e.verdict).toBe('valid-as-of')
    expect(verdictTone(e.verdict)).toBe('caution')
    expect(e.asOf?.height).toBe(v.record!.height)
    expect(e.live).toBe(false)
    expect(e.checks.map((x) => [x.name, x.result])).toEqual([['integrity', 'pass'], ['status', 'pass'], ['issuer', 'pass']])
    // a node with a state tree prints format 2: the status is proven by the certificate, as of the registering block
    expect(ev.certified.format).toBe(2)
    expect(e.checks[1]!.sentences.map((s) => s.key)).toEqual(['statusProven', 'statusProvenOffline'])
    expect(e.provenLater).toBe(false)
    expect(e.checks[2]!.sentences.map((s) => s.key)).toEqual(['issuerPass', 'issuerGrant'])

    // without the document: the certificate is valid, the document not checked
    const noDoc = explain({ v: verifyEvidence({ trust, evidence: ev, documentHash: null, live: null }), certified: ev.certified, documentHash: null, live: null, time })
    expect(noDoc.verdict).toBe('valid-as-of-no-document')
    expect(verdictTone(noDoc.verdict)).toBe('caution')
    expect(noDoc.checks[0]).toMatchObject({ result: 'unchecked', sentences: [{ key: 'noDocument' }] })

    // one byte changed: integrity fails, with both hashes
    const changed = DOCUMENT.slice()
    changed[3] = changed[3]! ^ 1
    const other = toHex(sha256(changed))
    const bad = explain({ v: verifyEvidence({ trust, evidence: ev, documentHash: other, live: null }), certified: ev.certified, documentHash: other, live: null, time })
    expect(bad.verdict).toBe('invalid')
    expect(bad.checks[0]).toMatchObject({ result: 'fail', sentences: [{ key: 'integrityMismatch', params: { given: other, registered: DOCUMENT_HASH } }] })

    // live, revoked on the node: the status fails with the node's reason and time
    const doc = (await import('../../src/ledger/registries/notary/queries')).getDocument
    const live: LiveFacts = {
      document: { ...(await doc(c.node.store, c.single)), status: 'revoked', statusReason: 'issued in error', statusTime: Date.UTC(2026, 4, 1) },
      credential: null,
      height: 9,
      time: Date.UTC(2026, 4, 2),
    }
    // live and in force on the node: the green "valid"
    const inForce: LiveFacts = { ...live, document: await doc(c.node.store, c.single) }
    const ok = explain({ v: verifyEvidence({ trust, evidence: ev, documentHash: DOCUMENT_HASH, live: inForce }), certified: ev.certified, documentHash: DOCUMENT_HASH, live: inForce, time })
    expect(ok.verdict).toBe('valid')
    expect(verdictTone(ok.verdict)).toBe('ok')
    const rev = explain({ v: verifyEvidence({ trust, evidence: ev, documentHash: DOCUMENT_HASH, live }), certified: ev.certified, documentHash: DOCUMENT_HASH, live, time })
    expect(rev.verdict).toBe('invalid')
    expect(rev.live).toBe(true)
    expect(rev.checks[1]).toMatchObject({
      result: 'fail',
      sentences: [{ key: 'statusRevoked', params: { reason: 'issued in error', time: '2026-05-01T00:00:00.000Z' } }],
    })
    // a node that does not know the number
    const unknown = { ...live, document: null }
    const unk = explain({ v: verifyEvidence({ trust, evidence: ev, documentHash: null, live: unknown }), certified: ev.certified, documentHash: null, live: unknown, time })
    expect(unk.checks[1]!.sentences[0]!.key).toBe('statusUnknown')
  })

  it('reports a proof that does not hold, and evidence about different records as a conflict', async () => {
    const c = await certChain(cleanup, 'ui2')
    const single = await documentProofs(c.node, c.single)
    const inBatch = await documentProofs(c.node, `${c.batch}/007`)
    const trust = c.node.trustList()
    const time = (ms: number): string => String(ms)

    // a batch document's QR verifies; its record says which document of which batch
    const qr = evidenceFromQr(inBatch.bundle.qr)
    const vb = verifyEvidence({ trust, evidence: qr, documentHash: null, live: null })
    expect(vb.valid).toBe(true)
    expect(vb.record?.batch).toMatchObject({ number: c.batch, index: 6, count: 50 })

    // a path element altered: not the batch's root
    const qb = qr.certified.extra.batch!
    const altered = { ...qr, certified: { ...qr.certified, extra: { ...qr.certified.extra, batch: { ...qb, path: [new Uint8Array(32), ...qb.path.slice(1)] } } } }
    const va = explain({ v: verifyEvidence({ trust, evidence: altered, documentHash: null, live: null }), certified: altered.certified, documentHash: null, live: null, time })
    expect(va.verdict).toBe('invalid')
    expect(va.checks.map((x) => x.sentences[0]!.key)).toEqual(['noDocument', 'pathFailed', 'pathFailed'])

    // a trust list of other validators: the commit does not hold
    const foreign = (await certChain(cleanup, 'ui3')).node.trustList()
    const vf = explain({ v: verifyEvidence({ trust: foreign, evidence: qr, documentHash: null, live: null }), certified: qr.certified, documentHash: null, live: null, time })
    expect(vf.checks[2]!.sentences[0]!.key).toBe('proofFailed')

    // the QR of one record with the certificate of another
    expect(() => combineEvidence([evidenceFromQr(single.bundle.qr), qr])).toThrow(EvidenceError)
    try {
      combineEvidence([evidenceFromQr(single.bundle.qr), qr])
    } catch (e) {
      expect((e as EvidenceError).reason).toBe('mismatch')
      expect((e as Error).message).toContain(`${c.batch}/007`)
    }
    expect(combineEvidence([evidenceFromQr(single.bundle.qr), evidenceFromQr(single.bundle.qr)]).source).toBe('qr')
    // two documents of the same batch share the registering transaction: still a conflict (the certificate's
    // bundle would otherwise be verified and shown while the QR printed beside it is about another document)
    const other = await documentProofs(c.node, `${c.batch}/008`)
    expect(() => combineEvidence([{ ...bundleOf(other.bundle), source: 'certificate' }, qr])).toThrow(/about .*\/008, the qr about .*\/007/)
    expect(() => combineEvidence([])).toThrow(/give a certificate/)
  })

  it('refuses what is not evidence, with a reason', async () => {
    const reason = async (f: () => unknown): Promise<string> => {
      try {
        await f()
      } catch (e) {
        return (e as EvidenceError).reason
      }
      return 'accepted'
    }
    const blank = await PDFDocument.create()
    blank.addPage()
    expect(await reason(async () => evidenceFromCertificate(await blank.save()))).toBe('no-bundle')
    expect(await reason(() => evidenceFromCertificate(new TextEncoder().encode('not a pdf at all')))).toBe('not-pdf')
    expect(await reason(() => evidenceFromQr('DJ1:!!!'))).toBe('bad-qr')
    expect(await reason(() => evidenceFromQr('hello'))).toBe('bad-qr')
    expect(await reason(() => parseTrust('{'))).toBe('bad-trust')
    expect(await reason(() => parseTrust({ format: 'something else' }))).toBe('bad-trust')
  })
})
