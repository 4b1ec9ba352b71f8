/**
 * The acceptance test of the verifier framework (issue 10, item 3): certificates and QR texts produced before it
 * (test/fixtures/certs-v1, made by its make.ts on the code of that time) keep verifying — the QR text, the bundle
 * attached to each PDF, and the QR code read off the rendered page — and a changed document is still caught.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readAttachments } from '../../src/ledger/cert/attachment'
import { trustFromJson } from '../../src/ledger/proofs/proof'
import { sha256 } from '../../src/ledger/crypto/sha256'
import { toHex } from '../../src/ledger/codec/bytes'
import { bundleFromJson, fromQrText } from '../../src/ledger/registries/notary/portable/proof'
import { notaryCertified, verifyNotary } from '../../src/ledger/registries/notary/portable/verify'
import { verifyCertified } from '../../src/ledger/verify/framework'
import { certifiedFromQr } from '../../src/ledger/verify/qr'
import { verifiersOf } from '../../src/ledger/verify/verifiers'
import { REGISTRIES } from '../../src/ledger/registries'
import { readQr } from './render'

const DIR = join(__dirname, '../fixtures/certs-v1')
const VERIFIERS = verifiersOf(REGISTRIES)
const read = (name: string): Buffer => readFileSync(join(DIR, name))
const text = (name: string): string => read(name).toString('utf8')

interface Expect {
  number: string
  documentHash: string
  holder: string
  height: number
  tx: string
  agency: string
}
const manifest = JSON.parse(text('manifest.json')) as { notary: string; single: Expect; batch: Expect }
const trust = trustFromJson(JSON.parse(text('trust.json')))
const KINDS = ['single', 'batch'] as const

describe('v1 certificates made before the verifier framework', () => {
  it('the single document file is the registered one', () => {
    expect(toHex(sha256(read('document.bin')))).toBe(manifest.single.documentHash)
  })

  for (const kind of KINDS) {
    const want = manifest[kind]

    it(`${kind}: the QR text (DJ1) verifies, with the document and without`, () => {
      const proof = fromQrText(text(`${kind}.qr.txt`))
      const r = verifyNotary({ trust, proof, documentHash: want.documentHash })
      expect(r).toMatchObject({ valid: true, verdict: 'valid-as-of' })
      expect(r.record).toMatchObject({ number: want.number, holder: want.holder, notary: manifest.notary, agency: want.agency })
      expect(r.checks.integrity.result).toBe('pass')
      expect(verifyNotary({ trust, proof }).checks.integrity.result).toBe('unchecked')
      const other = verifyNotary({ trust, proof, documentHash: 'ab'.repeat(32) })
      expect(other.valid).toBe(false)
      expect(other.checks.integrity.result).toBe('fail')
    })

    it(`${kind}: through the framework, the QR text reads as the notary's format 1 and verifies`, () => {
      const certified = certifiedFromQr(text(`${kind}.qr.txt`), VERIFIERS)
      expect(certified).toMatchObject({ registry: 'notary', format: 1 })
      const r = verifyCertified({ certified, trust, subjectHash: want.documentHash }, VERIFIERS)
      expect(r).toMatchObject({ valid: true, verdict: 'valid-as-of', record: { number: want.number } })
      const b = bundleFromJson(JSON.parse(text(`${kind}.bundle.json`)))
      const withGrant = verifyCertified({ certified: notaryCertified(b.proof, b.grant), trust, subjectHash: want.documentHash }, VERIFIERS)
      expect(withGrant.valid).toBe(true)
    })

    it(`${kind}: the bundle file verifies, with the issuer's grant`, () => {
      const b = bundleFromJson(JSON.parse(text(`${kind}.bundle.json`)))
      const r = verifyNotary({ trust, proof: b.proof, grant: b.grant, documentHash: want.documentHash })
      expect(r.valid).toBe(true)
      expect(r.checks.issuer.detail).toMatch(/grant of that credential/)
    })

    for (const lang of ['ko', 'en'] as const) {
      it(`${kind}-${lang}.pdf: its attached bundle and its printed QR code verify`, async () => {
        const pdf = new Uint8Array(read(`${kind}-${lang}.pdf`))
        const att = (await readAttachments(pdf)).find((a) => a.name === 'proof-bundle.json')!
        const b = bundleFromJson(JSON.parse(new TextDecoder().decode(att.bytes)))
        const r = verifyNotary({ trust, proof: b.proof, grant: b.grant, documentHash: want.documentHash })
        expect(r.valid).toBe(true)
        expect(r.record!.number).toBe(want.number)
        const qr = await readQr(pdf)
        expect(qr).toBe(text(`${kind}.qr.txt`).trim())
      })
    }
  }
})
