/**
 * The consumer's side through the real `daejang` CLI against a running node (docs/adr/0045): an animal's life from
 * birth to the shop (farm, tagger, slaughterhouse, grader, packer with a mixed bundle, shop); `livestock lookup` reads
 * its history in Korean and English and a bundle's animals; `livestock label` writes the 60 × 40 mm PDF;
 * `daejang verify` verifies it offline (the PDF, and the QR text alone); a label whose file was edited is refused
 * with its code; after a later record, `livestock head-proof` and `verify --status-proof` say it is no longer current.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachment } from '../../src/ledger/cert/attachment'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { cli, startNode, stopAll, tempHome } from './harness'
import { reportLives } from './livestock-life'

describe('daejang livestock lookup and label', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const COW = withCheckDigit('00200000011')
  const COW2 = withCheckDigit('00200000012')
  const BUNDLE = 'L12612030000001'
  const ok = (args: string[]) => {
    const r = cli([...args, '--home', home, '--json'])
    expect(r.code, `${args.join(' ')}: ${r.stderr}${r.stdout}`).toBe(0)
    return r.json
  }

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'mafra', '--agency-name', '농림축산식품부', '--json']).code).toBe(0)
    await startNode(home)
    Object.assign(keys, reportLives(home, [COW, COW2], BUNDLE))
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('looks an animal up in Korean and English, and a bundle; a mistyped number is refused in words', { timeout: 5 * 60_000 }, () => {
    const a = ok(['livestock', 'lookup', COW, '--lang', 'en'])
    expect(a.kind).toBe('animal')
    expect(Object.fromEntries(a.text.facts)).toMatchObject({ Breed: 'Hanwoo', Grade: 'quality 1++, yield A (carcass 432.5 kg)', Inspection: 'Passed' })
    expect(a.text.lines.map((l: { kind: string }) => l.kind)).toEqual(['birth', 'tag', 'slaughter', 'grade', 'pack', 'sale'])
    expect(a.sites.map((s: { name: string }) => s.name)).toContain('우리 정육점')
    const ko = cli(['livestock', 'lookup', COW, '--home', home, '--lang', 'ko'])
    expect(ko.code, ko.stderr).toBe(0)
    expect(ko.stdout).toContain('품종: 한우')
    expect(ko.stdout).toContain('포장: 등심')
    expect(ko.stdout).toContain('우리 정육점')
    const b = ok(['livestock', 'lookup', BUNDLE.toLowerCase()])
    expect(b.animals.map((x: { animal: string }) => x.animal)).toEqual([COW, COW2])
    const bad = cli(['livestock', 'lookup', COW.slice(0, 11) + String((Number(COW[11]) + 1) % 10), '--home', home, '--json'])
    expect(bad.code).toBe(1)
    expect(bad.json.error.code).toBe('LIVESTOCK_BAD_NUMBER')
    const unknown = cli(['livestock', 'lookup', withCheckDigit('00299999999'), '--home', home, '--json'])
    expect(unknown.json.error.code).toBe('LIVESTOCK_UNKNOWN_ANIMAL')
  })

  it('writes the label PDF and verifies it offline: the PDF, and the QR text alone', { timeout: 5 * 60_000 }, async () => {
    for (const lang of ['ko', 'en']) {
      const x = ok(['livestock', 'label', COW, '--lang', lang, '--out', f(`label-${lang}.pdf`)])
      expect(x).toMatchObject({ animal: COW, lang, size: { width: 60, height: 40 } })
      expect(x.qr.version).toBeLessThanOrEqual(25)
      const v = cli(['verify', '--trust', f('trust.json'), '--certificate', f(`label-${lang}.pdf`), '--json'])
      expect(v.code, v.stderr + v.stdout).toBe(0)
      expect(v.json).toMatchObject({ valid: true, verdict: 'valid-as-of', registry: 'livestock' })
    }
    const bundle = JSON.parse(new TextDecoder().decode(await readAttachment(readFileSync(f('label-ko.pdf')), 'livestock-label-bundle.json'))) as { qr: string }
    const q = cli(['verify', '--trust', f('trust.json'), '--qr', bundle.qr, '--json'])
    expect(q.code, q.stderr + q.stdout).toBe(0)
    expect(q.json).toMatchObject({ valid: true, registry: 'livestock' })
  })

  it('a label whose file says another grade is refused with its code', { timeout: 5 * 60_000 }, async () => {
    const bytes = await readAttachment(readFileSync(f('label-ko.pdf')), 'livestock-label-bundle.json')
    const bundle = JSON.parse(new TextDecoder().decode(bytes)) as { label: { facts: Array<[string, string]> } }
    bundle.label.facts = bundle.label.facts.map(([k, v]) => [k, k === '등급' ? v.replace('1++', '1+') : v])
    writeFileSync(f('forged.json'), JSON.stringify(bundle))
    const v = cli(['verify', '--trust', f('trust.json'), '--bundle', f('forged.json'), '--json'])
    expect(v.code).toBe(1)
    expect(v.json.checks.history).toMatchObject({ ok: false, code: 'LIVESTOCK_LABEL_FACT_CHANGED' })
  })

  it('says whether the label is still current, given a later proof of the animal', { timeout: 5 * 60_000 }, () => {
    // a DNA mismatch recorded after the label
    ok(['livestock', 'dna', '--key', 'lab', '--sample', 'SHOP-0001', '--animal', COW, '--shop', '500001', '--result', 'mismatch'])
    expect(ok(['livestock', 'head-proof', COW, '--out', f('head.json')]).animal).toBe(COW)
    const v = cli(['verify', '--trust', f('trust.json'), '--certificate', f('label-en.pdf'), '--status-proof', f('head.json'), '--json'])
    expect(v.code, v.stderr + v.stdout).toBe(0)
    expect(v.json.checks.status).toMatchObject({ ok: true, current: false, code: 'LIVESTOCK_LABEL_CHANGED' })
    expect(v.json.checks.status.detail).toContain('1 DNA mismatch alert raised')
  })
})
