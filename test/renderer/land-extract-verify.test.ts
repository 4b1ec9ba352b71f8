/**
 * A land extract on the Verify screen (docs/adr/0036): the PDF dropped is read by the land verifier's attachment (no
 * notary bundle in it), verified through the screen's run, and shown by the land feature's result panel in Korean and
 * English — the verdict, the register, each check in words; a forged extract by what its code means — with no raw
 * code, key or hash on the screen.
 */
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { createI18n } from 'vue-i18n'
import { renderToString } from 'vue/server-renderer'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import type { LedgerNode } from '../../src/ledger/node/node'
import { buildExtract, registerRangeProof } from '../../src/ledger/registries/land/extract'
import { renderExtract } from '../../src/ledger/registries/land/extract-pdf'
import ExtractVerifyResult from '../../src/renderer/features/land/ExtractVerifyResult.vue'
import { FEATURES } from '../../src/renderer/features/registry'
import { withFullRegistries } from '../../src/renderer/features/verify-features'
import { otherCertifiedOf } from '../../src/renderer/features/verify/evidence'
import { verifyRegistriesOf } from '../../src/renderer/features/verify/registries'
import { type VerifiedOutcome, runVerification } from '../../src/renderer/features/verify/run'
import { setConnectionEnv } from '../../src/renderer/stores/connection'
import { NUMBER, cancelMortgage, cleanup, landNode, sourceOf } from '../cert/land-extract-fixture'
import { useVerifyInputs } from '../../src/renderer/features/verify/inputs'

setConnectionEnv(() => ({ location: { origin: 'http://127.0.0.1', pathname: '/', search: '', hash: '' }, storage: null, replaceUrl: () => undefined }))

let node: LedgerNode
beforeAll(async () => {
  node = await landNode()
}, 60_000)
afterAll(() => cleanup.run())

async function mount(outcome: VerifiedOutcome, locale: 'ko' | 'en'): Promise<string> {
  setActivePinia(createPinia())
  const i18n = createI18n({ legacy: false, locale, fallbackLocale: 'en', messages: { ko: {}, en: {} } })
  const html = await renderToString(createSSRApp({ render: () => h(ExtractVerifyResult, { outcome }) }).use(i18n))
  return html.replace(/<!--[^]*?-->/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
}

async function verifyPdf(pdf: Uint8Array, laterOther: unknown[] = []): Promise<VerifiedOutcome> {
  const registries = verifyRegistriesOf(await withFullRegistries(FEATURES))
  const other = await otherCertifiedOf(pdf, registries.verifiers)
  expect(other?.registry).toBe('land')
  const out = await runVerification({
    node: null,
    trustFile: { name: 'trust.json', list: node.trustList(), error: null },
    cert: { name: 'extract.pdf', size: pdf.length, evidence: null, number: NUMBER, error: null, other },
    documentHash: null,
    qr: '',
    number: '',
    time: (ms) => new Date(ms).toISOString(),
    noTrust: 'no trust list',
    verifiers: registries.verifiers,
    laterOther,
  })
  if (out.kind !== 'certified') throw new Error(out.kind)
  expect(registries.panels.has('land')).toBe(true)
  return out
}

describe('a land extract on the Verify screen', () => {
  it('verifies the PDF and says so in Korean and English, with no raw code, key or hash', async () => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'ko' })
    const out = await verifyPdf((await renderExtract(x, certificateFonts())).pdf)
    expect(out.verification.verdict).toBe('valid-as-of')
    const ko = await mount(out, 'ko')
    expect(ko).toContain('유효한 등기사항증명서입니다 — 블록')
    expect(ko).toContain(`부동산고유번호 ${NUMBER} · 등기사항전부증명서`)
    expect(ko).toContain('인쇄된 모든 등기가 증명된 등기기록과 같습니다.')
    const en = await mount(out, 'en')
    expect(en).toContain('A valid extract of the register — as of block')
    expect(en).toContain('No later proof was given')
    for (const text of [ko, en]) {
      expect(text).not.toMatch(/LAND_EXTRACT|[0-9a-f]{32}|ld\/r\//)
    }
  })

  it('refuses a forged extract and says why in words', async () => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'en' })
    x.bundle.text.sections.A[0]!.details = x.bundle.text.sections.A[0]!.details.map((d) => d.replace('박서준', '최하은'))
    const out = await verifyPdf((await renderExtract(x, certificateFonts())).pdf)
    expect(out.verification.verdict).toBe('invalid')
    const ko = await mount(out, 'ko')
    expect(ko).toContain('이 등기사항증명서는 검증되지 않습니다')
    expect(ko).toContain('증명서의 등기 내용(권리자, 금액, 일자 등)이 등기기록과 다릅니다.')
    const en = await mount(out, 'en')
    expect(en).toContain('An entry on the extract (a holder, an amount, a date) differs from the register.')
    expect(en).not.toMatch(/LAND_EXTRACT/)
  })
})

describe('a later range proof dropped with the extract (offline)', () => {
  it('is sorted into the later proofs and tells what changed since the extract, in words', async () => {
    const x = await buildExtract(sourceOf(node), NUMBER, { view: 'full', lang: 'ko' })
    const pdf = (await renderExtract(x, certificateFonts())).pdf
    await cancelMortgage(node)
    const range = await registerRangeProof(sourceOf(node), NUMBER)
    const registries = verifyRegistriesOf(await withFullRegistries(FEATURES))
    const inputs = useVerifyInputs((e) => String(e), { stale: () => undefined, ready: () => undefined, verifiers: registries.verifiers })
    await inputs.addFiles([new File([JSON.stringify(range)], 'range.json', { type: 'application/json' })])
    const later = inputs.statusProofs.value.flatMap((p) => (p.other !== undefined ? [p.other] : []))
    expect(later).toHaveLength(1)
    const out = await verifyPdf(pdf, later)
    expect(out.verification.verdict).toBe('valid-as-of')
    const ko = await mount(out, 'ko')
    expect(ko).toMatch(/블록 \d+\(.+\) 기준으로 등기기록이 바뀌었습니다\. 새 등기 1건, 말소된 등기 1건/)
    const en = await mount(out, 'en')
    expect(en).toMatch(/The register has changed as of block \d+ \(.+\)\. 1 new entry, 1 entry cancelled/)
    expect(en).not.toMatch(/LAND_EXTRACT|[0-9a-f]{32}/)
  })
})
