/**
 * Certified land extracts (docs/adr/0036): built on a node from the range proof of the register's group, verified by
 * the land verifier through the framework and the build's registry list; the tamper corpus (an entry removed, an
 * owner changed, a cancelled entry shown as live, a proof of another register, the QR code of another extract) each
 * refused with its stable code; "still current?" from later proofs; the PDF's text (pdftotext) and QR (zbarimg).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachment } from '../../src/ledger/cert/attachment'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { verifyNode } from '../../src/ledger/crypto/ed25519-node'
import type { LedgerNode } from '../../src/ledger/node/node'
import type { TrustList } from '../../src/ledger/proofs/proof'
import { REGISTRIES } from '../../src/ledger/registries'
import { buildExtract, registerRangeProof } from '../../src/ledger/registries/land/extract'
import { renderExtract } from '../../src/ledger/registries/land/extract-pdf'
import { landPortable } from '../../src/ledger/registries/land/portable'
import { getRegister } from '../../src/ledger/registries/land/queries'
import type { ExtractChecks } from '../../src/ledger/registries/land/portable/verify'
import { EXTRACT_BUNDLE_FILE, type ExtractBundleJson, laterFromJson } from '../../src/ledger/registries/land/portable/verify-format'
import type { Canonical } from '../../src/ledger/codec/canonical'
import { stateProofFromJson, stateProofToJson } from '../../src/ledger/proofs/state-proof'
import { type CertifiedVerification, verifyCertified } from '../../src/ledger/verify/framework'
import { certifiedFromQr } from '../../src/ledger/verify/qr'
import { verifiersOf } from '../../src/ledger/verify/verifiers'
import { NUMBER, OTHER, cancelMortgage, cleanup, landNode, sourceOf } from './land-extract-fixture'

const verifiers = verifiersOf(REGISTRIES)
let node: LedgerNode
let trust: TrustList
let dir = ''

beforeAll(async () => {
  node = await landNode()
  trust = node.trustList()
  dir = mkdtempSync(join(tmpdir(), 'land-extract-'))
}, 60_000)
afterAll(async () => {
  await cleanup.run()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

type V = CertifiedVerification<unknown, ExtractChecks>
const verifyBundle = (json: unknown, later: unknown[] = [], live: { height: number; time: number } | null = null): V => {
  const v = verifiers.find((x) => x.registry === 'land')!
  return verifyCertified({ certified: v.bundle!(json), trust, later: later.map((l) => v.later!(l)), live, verify: verifyNode }, verifiers) as V
}
const clone = <T,>(x: T): T => JSON.parse(JSON.stringify(x)) as T
/** The bundle with its proven entries edited (values are canonical CBOR in hex in the JSON). */
function editProof(b: ExtractBundleJson, edit: (entries: Array<[string, Canonical]>) => Array<[string, Canonical]>): ExtractBundleJson {
  const out = clone(b)
  const st = out.state as { proof: unknown }
  const p = stateProofFromJson(st.proof)
  if (p.kind !== 'range') throw new Error('not a range proof')
  st.proof = stateProofToJson({ ...p, entries: edit(p.entries) })
  return out
}
const failed = (r: V): Array<[string, string | null]> =>
  Object.entries(r.checks)
    .filter(([, c]) => !c.ok)
    .map(([n, c]) => [n, c.code])

describe('land extract: issued and verified', () => {
  it('the land registry declares the verifier in its portable barrel, reached through the registry list', () => {
    expect(landPortable.verifier?.registry).toBe('land')
    expect(verifiers.map((v) => v.registry)).toContain('land')
  })

  it('a full extract (Korean) verifies: every entry printed is the register’s, cancelled ones struck', async () => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'ko' })
    const r = verifyBundle(x.bundle)
    expect(failed(r)).toEqual([])
    expect(r.verdict).toBe('valid-as-of')
    expect(x.text.sections.A.map((e) => [e.rank, e.purpose, e.struck])).toEqual([
      ['1', '소유권보존', false],
      ['2', '소유권이전', false],
      ['3', '압류', true],
      ['4', '3번압류등기말소', false],
    ])
    expect(x.text.sections.B.map((e) => [e.rank, e.purpose, e.struck])).toEqual([['1', '근저당권설정', false]])
    const sale = x.text.sections.A[1]!
    expect(sale.details.join('\n')).toContain('금 850,000,000원')
    expect(sale.details.join('\n')).toContain('800101-1******')
    expect(x.text.sections.B[0]!.details.join('\n')).toContain('채권최고액  금 600,000,000원')
    // the same rows, in the same order and struck the same, as the register's read model (queries.ts)
    const dto = await getRegister(node.store, null, NUMBER, { view: 'full' })
    for (const s of ['A', 'B'] as const) {
      expect(x.text.sections[s].map((e) => [e.rank, e.struck, e.cancelledBy])).toEqual(dto.sections[s].map((e) => [e.rank, e.struck, e.cancelledBy]))
    }
  })

  it('the current extract (현재 유효사항, English) leaves out what is cancelled, as the read model does', async () => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'current', lang: 'en' })
    expect(failed(verifyBundle(x.bundle))).toEqual([])
    const dto = await getRegister(node.store, null, NUMBER, { view: 'current' })
    expect(x.text.sections.A.map((e) => e.rank)).toEqual(dto.sections.A.map((e) => e.rank))
    expect(x.text.sections.A.map((e) => e.rank)).toEqual(['2'])
    expect(x.text.sections.A[0]!.details.join('\n')).toContain('KRW 850,000,000')
    expect(x.text.sections.B.map((e) => e.rank)).toEqual(['1'])
  })

  it('the QR code carries the digest, not the entries, and names the extract the bundle holds', async () => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'ko' })
    expect(x.qr.startsWith('DJ:LAND/1:')).toBe(true)
    expect(x.qr).not.toContain('850')
    const c = certifiedFromQr(x.qr, verifiers, trust)
    // read alone, the QR code is refused in words: its entries are in the PDF's bundle
    const r = verifyCertified({ certified: c, trust, verify: verifyNode }, verifiers) as V
    expect(r.refused).toBe('unreadable')
    expect(r.checks.proof.code).toBe('LAND_EXTRACT_QR_ONLY')
  })
})

describe('land extract: the tamper corpus', () => {
  let bundle: ExtractBundleJson
  beforeAll(async () => {
    bundle = (await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'ko' })).bundle
  })

  it('an entry removed from the printed text: LAND_EXTRACT_ENTRY_MISSING', () => {
    const b = clone(bundle)
    b.text.sections.B = []
    const r = verifyBundle(b)
    expect(r.valid).toBe(false)
    expect(r.checks.entries.code).toBe('LAND_EXTRACT_ENTRY_MISSING')
    expect(r.checks.entries.detail).toMatch(/entry 1 of section B .* missing from the extract/)
  })

  it('an entry removed from the proof as well: the range proof no longer verifies (LAND_EXTRACT_PROOF)', () => {
    const b = editProof(bundle, (es) => es.filter(([, v]) => (v as { purpose?: string }).purpose !== 'right.mortgage'))
    expect((b.state as { proof: { entries: unknown[] } }).proof.entries.length).toBe(6)
    b.text.sections.B = []
    const r = verifyBundle(b)
    expect(r.valid).toBe(false)
    expect(r.checks.proof.code).toBe('LAND_EXTRACT_PROOF')
  })

  it('an owner changed in the printed text: LAND_EXTRACT_ENTRY_CHANGED', () => {
    const b = clone(bundle)
    b.text.sections.A[1]!.details = b.text.sections.A[1]!.details.map((d) => d.replace('김민지', '최하은'))
    const r = verifyBundle(b)
    expect(r.checks.entries.code).toBe('LAND_EXTRACT_ENTRY_CHANGED')
    expect(r.checks.entries.detail).toMatch(/entry 2 of section A .* differs/)
  })

  it('an owner changed in the proven values: LAND_EXTRACT_PROOF', () => {
    const b = editProof(bundle, (es) => es.map(([k, v]) => [k, JSON.parse(JSON.stringify(v).replaceAll('김민지', '최하은')) as Canonical]))
    b.text = JSON.parse(JSON.stringify(b.text).replaceAll('김민지', '최하은')) as ExtractBundleJson['text']
    expect(JSON.stringify(b)).not.toContain('김민지')
    const r = verifyBundle(b)
    expect(r.valid).toBe(false)
    expect(r.checks.proof.code).toBe('LAND_EXTRACT_PROOF')
  })

  it('a cancelled entry shown as live: LAND_EXTRACT_CANCELLED_SHOWN_LIVE', () => {
    const b = clone(bundle)
    const seizure = b.text.sections.A[2]!
    seizure.struck = false
    seizure.cancelledBy = null
    seizure.details = seizure.details.filter((d) => !d.includes('말소'))
    const r = verifyBundle(b)
    expect(r.checks.entries.code).toBe('LAND_EXTRACT_CANCELLED_SHOWN_LIVE')
    expect(r.checks.entries.detail).toMatch(/entry 3 of section A .* cancelled on the register but shown as in force/)
  })

  it('a cancelled entry hidden from the full extract with its cancellation: LAND_EXTRACT_ENTRY_MISSING', () => {
    const b = clone(bundle)
    b.text.sections.A = b.text.sections.A.filter((e) => e.rank !== '3' && e.rank !== '4')
    expect(verifyBundle(b).checks.entries.code).toBe('LAND_EXTRACT_ENTRY_MISSING')
  })

  it('an entry added to the printed text: LAND_EXTRACT_ENTRY_ADDED', () => {
    const b = clone(bundle)
    b.text.sections.B.push({ ...b.text.sections.B[0]!, rank: '2' })
    expect(verifyBundle(b).checks.entries.code).toBe('LAND_EXTRACT_ENTRY_ADDED')
  })

  it('the property described otherwise: LAND_EXTRACT_HEAD_CHANGED', () => {
    const b = clone(bundle)
    b.text.head = b.text.head.map(([l, v]) => [l, l === '면적' ? '3300.00㎡' : v])
    expect(verifyBundle(b).checks.entries.code).toBe('LAND_EXTRACT_HEAD_CHANGED')
  })

  it('a proof of another register: LAND_EXTRACT_OTHER_REGISTER (and the QR code is not that proof’s)', async () => {
    const other = await buildExtract(sourceOf(node), OTHER, { view: 'full', lang: 'ko' })
    const b = clone(bundle)
    b.state = other.bundle.state
    const r = verifyBundle(b)
    expect(r.valid).toBe(false)
    expect(r.checks.register.code).toBe('LAND_EXTRACT_OTHER_REGISTER')
    expect(r.checks.register.detail).toContain(`register ${OTHER}, not of register ${NUMBER}`)
    expect(r.checks.proof.code).toBe('LAND_EXTRACT_QR')
  })

  it('the QR code of another extract: LAND_EXTRACT_QR', async () => {
    const other = await buildExtract(sourceOf(node), OTHER, { view: 'full', lang: 'ko' })
    const b = clone(bundle)
    b.qr = other.qr
    expect(verifyBundle(b).checks.proof.code).toBe('LAND_EXTRACT_QR')
    const c = clone(bundle)
    c.view = 'current'
    c.text.view = 'current'
    expect(failed(verifyBundle(c)).map(([n]) => n)).toContain('proof')
  })

  it('a bundle that is not one is refused with PROOF_INVALID, never a crash', () => {
    const v = verifiers.find((x) => x.registry === 'land')!
    for (const bad of [null, 7, 'x', {}, { ...bundle, text: 'no' }, { ...bundle, state: { format: 'x' } }, { ...bundle, extra: 1 }]) {
      expect(() => v.bundle!(bad)).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }) as Error)
    }
    const huge = clone(bundle)
    huge.text.sections.A = Array.from({ length: 6000 }, () => bundle.text.sections.A[0]!)
    expect(() => v.bundle!(huge)).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }) as Error)
  })
})

describe('land extract: still current?', () => {
  it('a later proof shows the register unchanged, then what changed; a proof of another register is refused', async () => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'en' })
    const unchanged = await registerRangeProof(sourceOf(node), NUMBER)
    let r = verifyBundle(x.bundle, [unchanged])
    // the later proof is of the same block: no later change can be seen
    expect(r.checks.status.current).toBeNull()

    await cancelMortgage(node)
    const later = await registerRangeProof(sourceOf(node), NUMBER)
    r = verifyBundle(x.bundle, [later])
    expect(r.valid).toBe(true)
    expect(r.verdict).toBe('valid-as-of')
    expect(r.checks.status.current).toBe(false)
    expect(r.checks.status.code).toBe('LAND_EXTRACT_CHANGED')
    expect(r.checks.status.detail).toMatch(/no longer current: .*1 entry entered \(section B \(을구\) 2: Cancellation of entry 1 \(Mortgage \(maximum amount\)\)\); section B \(을구\) 1 cancelled/)
    expect(r.checks.status.changes?.cancelled).toEqual([{ section: 'B', rank: '1', by: '2' }])

    // a later extract (its bundle) is a later proof too; as of the node's head, asked now, the answer is live
    const y = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'ko' })
    const head = { height: node.chain.head().height, time: 0 }
    r = verifyBundle(y.bundle, [later], head)
    expect(r.checks.status.current).toBeNull()
    r = verifyBundle(x.bundle, [y.bundle], head)
    expect(r.checks.status).toMatchObject({ current: false, live: true })

    const other = await registerRangeProof(sourceOf(node), OTHER)
    r = verifyBundle(x.bundle, [other])
    expect(r.valid).toBe(false)
    expect(r.checks.status.code).toBe('LAND_EXTRACT_LATER_REFUSED')
    // a later proof whose values were changed does not verify
    const forged = editProof(y.bundle, (es) => es.map(([k, v]) => [k, JSON.parse(JSON.stringify(v).replaceAll('한빛은행', '두빛은행')) as Canonical]))
    expect(verifyBundle(x.bundle, [forged]).checks.status.code).toBe('LAND_EXTRACT_LATER_REFUSED')
    expect(() => laterFromJson({ format: 'something' })).toThrow(expect.objectContaining({ code: 'PROOF_INVALID' }) as Error)
  })
})

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

describe('land extract: the PDF', () => {
  it.each(['ko', 'en'] as const)('the %s PDF prints the register’s sections and carries the bundle, which verifies', async (lang) => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang })
    const r = await renderExtract(x, certificateFonts())
    expect(r.qr.version).toBeLessThanOrEqual(25)
    const bytes = await readAttachment(r.pdf, EXTRACT_BUNDLE_FILE)
    expect(failed(verifyBundle(JSON.parse(new TextDecoder().decode(bytes))))).toEqual([])
    const file = join(dir, `extract-${lang}.pdf`)
    writeFileSync(file, r.pdf)
    if (!has('pdftotext')) return
    const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout
    const words =
      lang === 'ko'
        ? ['등기사항전부증명서', '표 제 부', '갑 구', '을 구', '순위번호', '등기목적', '권리자 및 기타사항', '금 850,000,000원', '800101-1******', '3번압류등기말소', NUMBER]
        : ['Certified extract of the register', 'Section A', 'Section B', 'Holders and particulars', 'KRW 850,000,000', '800101-1******', NUMBER]
    for (const w of words) expect(text, w).toContain(w)
    // no key, no identifier hash, no transaction hash: only masked identifiers and words
    expect(text).not.toMatch(/[0-9a-f]{32}/)
    if (!has('zbarimg') || !has('pdftoppm')) return
    spawnSync('pdftoppm', ['-r', '200', '-f', '1', '-l', '1', '-png', file, join(dir, `page-${lang}`)])
    const png = spawnSync('sh', ['-c', `ls ${dir}/page-${lang}*.png`], { encoding: 'utf8' }).stdout.trim().split('\n')[0]!
    const scanned = spawnSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' }).stdout.trim()
    expect(scanned).toBe(x.qr)
  })
})

describe('land extract: hostile files', () => {
  it('an attached bundle that inflates past the limit, a PDF that is not one, a bundle that is not JSON: stable codes, no crash', async () => {
    const { PDFDocument } = await import('pdf-lib')
    const { otherCertifiedOf } = await import('../../src/renderer/features/verify/evidence')
    const doc = await PDFDocument.create()
    doc.addPage()
    // 9 MiB of zeros compress to a few KiB: over the attachments' inflate budget (cert/attachment.ts)
    await doc.attach(new Uint8Array(9 << 20), EXTRACT_BUNDLE_FILE, { mimeType: 'application/json' })
    const bomb = await doc.save()
    expect(bomb.length).toBeLessThan(1 << 20)
    await expect(readAttachment(bomb, EXTRACT_BUNDLE_FILE)).rejects.toMatchObject({ code: 'PDF_TOO_COMPLEX' })
    await expect(otherCertifiedOf(bomb, verifiers)).rejects.toMatchObject({ reason: 'too-complex' })
    // not a PDF we can read: no extract in it (the screen reports the notary reader's "not a readable PDF")
    await expect(otherCertifiedOf(new TextEncoder().encode('%PDF-1.7 not really'), verifiers)).resolves.toBeNull()
    const notJson = await PDFDocument.create()
    notJson.addPage()
    await notJson.attach(new TextEncoder().encode('{"format":"daejang-land-extract/1",'), EXTRACT_BUNDLE_FILE, { mimeType: 'application/json' })
    await expect(otherCertifiedOf(await notJson.save(), verifiers)).rejects.toMatchObject({ reason: 'bad-bundle' })
    const deep = await PDFDocument.create()
    deep.addPage()
    await deep.attach(new TextEncoder().encode('['.repeat(100_000) + ']'.repeat(100_000)), EXTRACT_BUNDLE_FILE, { mimeType: 'application/json' })
    await expect(otherCertifiedOf(await deep.save(), verifiers)).rejects.toMatchObject({ reason: 'bad-bundle' })
  })
})
