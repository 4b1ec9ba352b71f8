/**
 * The Verify screen's evidence on the certificates made before the verifier framework (test/fixtures/certs-v1): the
 * certificate PDF and the QR text read and verify as they did; a QR text of a register or a format this verifier
 * does not know is refused with its own sentence, in Korean and English, not as unreadable.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toBase45 } from '../../src/ledger/codec/base45'
import {
  EvidenceError,
  combineEvidence,
  evidenceFromCertificate,
  evidenceFromQr,
  parseTrust,
  verifyEvidence,
} from '../../src/renderer/features/verify/evidence'
import messages from '../../src/renderer/features/verify/messages'
import { type RunInputs, runVerification } from '../../src/renderer/features/verify/run'

const DIR = join(__dirname, '../fixtures/certs-v1')
const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)))
const text = (name: string): string => readFileSync(join(DIR, name), 'utf8')
const manifest = JSON.parse(text('manifest.json')) as { single: { number: string; documentHash: string }; batch: { number: string; documentHash: string } }

function refusal(qr: string): EvidenceError {
  try {
    evidenceFromQr(qr)
  } catch (e) {
    return e as EvidenceError
  }
  throw new Error('not refused: ' + qr)
}

describe('the Verify screen on v1 certificates', () => {
  it('reads the certificate and its QR text as one piece of evidence and says valid as of the block', async () => {
    const trust = parseTrust(text('trust.json'))
    for (const kind of ['single', 'batch'] as const) {
      for (const lang of ['ko', 'en']) {
        const cert = await evidenceFromCertificate(read(`${kind}-${lang}.pdf`))
        const evidence = combineEvidence([cert, evidenceFromQr(text(`${kind}.qr.txt`))])
        const v = verifyEvidence({ trust, evidence, documentHash: manifest[kind].documentHash, live: null })
        expect(v).toMatchObject({ valid: true, verdict: 'valid-as-of', record: { number: manifest[kind].number } })
        expect(v.checks.issuer.detail).toMatch(/grant of that credential/)
      }
    }
  })

  it('refuses a QR text of an unknown register or a newer format with a sentence of its own', () => {
    const land = refusal('DJ:LAND/1:' + toBase45(new Uint8Array([1, 2, 3])))
    expect(land).toBeInstanceOf(EvidenceError)
    expect(land.reason).toBe('unknown-registry')
    expect(refusal('DJ:NOTARY/3:' + toBase45(new Uint8Array([1]))).reason).toBe('unknown-format')
    expect(refusal('DJ7:ABC').reason).toBe('unknown-format')
    expect(refusal('DJ1:NOT A PROOF').reason).toBe('bad-qr')
    expect(refusal('https://example.org').reason).toBe('bad-qr')
    for (const lang of ['ko', 'en'] as const) {
      for (const key of ['unknown-registry', 'unknown-format'] as const) {
        expect(messages[lang].problems[key]).toMatch(/Daejang/)
      }
    }
  })
})

describe('one verification from the panel’s inputs (run.ts)', () => {
  it('verifies the v1 certificate with the trust file and the document, offline; refuses without a trust list', async () => {
    const list = parseTrust(text('trust.json'))
    const evidence = await evidenceFromCertificate(read('single-en.pdf'))
    const base: RunInputs = {
      node: null,
      trustFile: { name: 'trust.json', list, error: null },
      cert: { name: 'single-en.pdf', size: 1, evidence, number: manifest.single.number, error: null },
      documentHash: Promise.resolve(manifest.single.documentHash),
      qr: text('single.qr.txt'),
      number: '',
      time: (ms) => new Date(ms).toISOString(),
      noTrust: 'no trust list',
    }
    const out = await runVerification(base)
    if (out.kind !== 'result') throw new Error(out.kind)
    expect(out.explained.verdict).toBe('valid-as-of')
    expect(out.record?.number).toBe(manifest.single.number)
    expect(out.agencyName?.('agency-a')).toBe('Agency A') // named from the published trust list
    const other = await runVerification({ ...base, qr: text('batch.qr.txt') }).catch((e: unknown) => e)
    expect(other).toMatchObject({ reason: 'mismatch' })
    await expect(runVerification({ ...base, trustFile: null })).rejects.toMatchObject({ reason: 'bad-trust', message: 'no trust list' })
  })
})
