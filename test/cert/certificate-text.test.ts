/**
 * The certificate reads as an official act: its text, extracted from the PDF as a reader (or a screen reader) gets
 * it (pdftotext, poppler-utils), names the agency (never its id), lays an apostille out as the HCCH model's ten
 * numbered items, gives times in KST with the zone named, and says how to verify in words, with no command line.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { formatTime, jurisdictionOf } from '../../src/ledger/cert/jurisdiction'
import { documentProofs } from '../../src/ledger/registries/notary/bundle'
import { notaryCertificate } from '../../src/ledger/registries/notary/certificate'
import { Cleanup, tempDir } from '../ledger/helpers'
import { certChain } from './fixture'

const cleanup = new Cleanup()
afterEach(() => cleanup.run())

function pdfText(dir: string, name: string, pdf: Uint8Array): string {
  const file = join(dir, name)
  writeFileSync(file, pdf)
  // -raw: in the order drawn, one line per drawn line (the two columns of the form stay apart)
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
}

/** Lines as drawn, whitespace folded. */
const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean)

describe('the notary certificate, as text', () => {
  it('an apostille: the agency by name, the ten HCCH items in Korean and English, KST named, how to verify in words', async () => {
    const c = await certChain(cleanup, 'text')
    const p = await documentProofs(c.node, c.single)
    expect(p.document.act).toBe('apostille')
    expect(p.agency).toMatchObject({ id: 'agency-a', name: 'Agency A' })
    const dir = tempDir(cleanup)
    for (const lang of ['ko', 'en'] as const) {
      const text = pdfText(dir, `apostille-${lang}.pdf`, (await notaryCertificate(p, lang, certificateFonts())).pdf)
      const l = lines(text)
      expect(l).toContain('APOSTILLE')
      expect(l).toContain('(Convention de La Haye du 5 octobre 1961)')
      // the ten items, numbered, in the model's order, each bilingual
      const items = [
        '1. 국가 / Country',
        '2. 서명자 / has been signed by',
        '3. 서명자의 자격 / acting in the capacity of',
        '4. 날인 기관 / bears the seal/stamp of',
        '5. 장소 / at',
        '6. 일자 / the',
        '7. 확인 기관 / by',
        '8. 번호 / No.',
        '9. 인장 / Seal/stamp',
        '10. 서명 / Signature',
      ]
      const at = items.map((i) => text.indexOf(i))
      expect(at.every((x) => x >= 0), `items missing: ${items.filter((_, k) => at[k]! < 0).join(', ')}`).toBe(true)
      expect([...at].sort((a, b) => a - b)).toEqual(at)
      expect(text.indexOf('이 공문서는 / This public document')).toBeGreaterThan(at[0]!)
      expect(text.indexOf('확인 / Certified')).toBeLessThan(at[4]!)
      // the values under them: the country, the signer, the issuing authority, the agency by name, the number
      expect(text).toMatch(/대한민국 \/ Republic of Korea|Republic of Korea \/ 대한민국/)
      expect(text).toContain(p.document.signerName)
      expect(text).toContain(p.document.issuingAuthority)
      expect(text).toContain(p.document.number)
      expect(text).toContain('Agency A')
      // the document's language in words, never its tag
      const language = lines(text).find((x) => x.startsWith(lang === 'ko' ? '문서 언어' : 'Language'))
      expect(language).toBe(lang === 'ko' ? '문서 언어 한국어' : 'Language Korean')
      // never the agency's id, never a command line
      expect(text).not.toContain('agency-a')
      expect(text).not.toMatch(/\bdaejang [a-z]/) // the CLI (the product is "Daejang", capitalised, in words)
      expect(text).not.toMatch(/--(trust|home|certificate|qr)\b/)
      // the registration time in KST, the zone named
      const kst = formatTime(p.document.time, jurisdictionOf(p.agency), lang)
      expect(kst).toMatch(lang === 'ko' ? /KST\(한국 표준시, UTC\+9\)$/ : /KST \(Korea Standard Time, UTC\+9\)$/)
      const hour = new Date(p.document.time + 9 * 3_600_000).getUTCHours()
      expect(kst).toContain(`${String(hour).padStart(2, '0')}:`)
      expect(text.replace(/\s+/g, ' ')).toContain(kst)
      expect(text).not.toContain('UTC\n')
      expect(text).not.toMatch(/\d\d:\d\d:\d\d UTC/)
      // how to verify, in words
      expect(text).toContain(lang === 'ko' ? '이 확인서를 검증하는 방법' : 'How to verify this certificate')
      expect(text).toMatch(lang === 'ko' ? /QR 코드를 Daejang 검증기로 스캔/ : /Scan the QR code .* with the Daejang verifier/)
      expect(text).toMatch(lang === 'ko' ? /Daejang 검증 페이지/ : /Daejang verifier page/)
    }
  })

  it('a notarization: a plain layout (no HCCH items), the agency by name; a removed agency is named in words', async () => {
    const c = await certChain(cleanup, 'text2')
    const p = await documentProofs(c.node, c.single)
    const dir = tempDir(cleanup)
    const notarization = { ...p, document: { ...p.document, act: 'notarization' as const } }
    const text = pdfText(dir, 'n.pdf', (await notaryCertificate(notarization, 'ko', certificateFonts())).pdf)
    expect(text).toContain('공증 확인서')
    expect(text).not.toContain('APOSTILLE')
    expect(text).not.toContain('1. 국가 / Country')
    expect(text).toContain('Agency A')
    expect(text).not.toContain('agency-a')
    const gone = pdfText(dir, 'gone.pdf', (await notaryCertificate({ ...p, agency: null }, 'en', certificateFonts())).pdf)
    expect(gone).toContain('an agency that has left the consortium')
    expect(gone).not.toContain('agency-a')
  })
})
