/**
 * Certified land extracts through the real `daejang` CLI against a running node (docs/adr/0036): `land extract`
 * writes the PDF (full or current, Korean or English) through the extract route; `daejang verify --certificate`
 * verifies it offline with the trust list (the land verifier, declared in the registry's barrel); after a later entry,
 * `land range-proof` and `verify --status-proof`, or `verify --home`, say the extract is no longer current and what
 * changed; an extract whose attached bundle was edited is refused with its code.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachment } from '../../src/ledger/cert/attachment'
import { cli, startNode, stopAll, tempHome } from './harness'

describe('daejang land extract', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const kst = new Date(Date.now() + 9 * 3600_000)
  const year = kst.toISOString().slice(0, 4)
  const causeOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const NUMBER = `1101-${year}-000001`
  const holder = (name: string, key: string) => ({ kind: 'person', name, id: '800101-1******', idHash: null, address: '서울특별시 종로구 사직로 161', key, agency: null, share: null })

  beforeAll(async () => {
    expect(cli(['init', '--home', home, '--heartbeat-ms', '200', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']).code).toBe(0)
    await startNode(home)
    for (const name of ['registrar', 'seller', 'buyer']) {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      keys[name] = k.json.publicKey
    }
    expect(cli(['role', 'grant', '--home', home, '--subject', keys.registrar!, '--role', 'registrar', '--label', '등기관 김영희', '--json']).code).toBe(0)
    expect(cli(['land', 'office', 'define', '--home', home, '--office', '1101', '--name', '서울중앙지방법원 등기국', '--json']).code).toBe(0)
    const open = (main: number) => ({
      office: '1101',
      head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main, sub: 3 }, road: null, category: 'building-site', area: '330.00' },
      owners: [holder('박서준', keys.seller!)],
      cause: 'new-building',
      causeOn,
    })
    writeFileSync(f('open.json'), JSON.stringify(open(1)))
    writeFileSync(f('open2.json'), JSON.stringify(open(2)))
    const o = cli(['land', 'open', '--home', home, '--key', 'registrar', '--file', f('open.json'), '--json'])
    expect(o.code, o.stderr).toBe(0)
    expect(o.json.number).toBe(NUMBER)
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)
  }, 5 * 60_000)

  afterAll(async () => {
    await stopAll()
    t.cleanup()
  })

  it('writes the extract PDF and verifies it offline, Korean and English', { timeout: 5 * 60_000 }, () => {
    for (const lang of ['ko', 'en']) {
      const x = cli(['land', 'extract', NUMBER, '--home', home, '--lang', lang, '--out', f(`extract-${lang}.pdf`), '--json'])
      expect(x.code, x.stderr).toBe(0)
      expect(x.json).toMatchObject({ number: NUMBER, view: 'full', lang })
      expect(x.json.qr.version).toBeLessThanOrEqual(25)
      const v = cli(['verify', '--trust', f('trust.json'), '--certificate', f(`extract-${lang}.pdf`), '--json'])
      expect(v.code, v.stderr).toBe(0)
      expect(v.json).toMatchObject({ valid: true, verdict: 'valid-as-of', registry: 'land', number: NUMBER, source: 'certificate' })
    }
    // the PDF as the command's argument, and the answer in words
    const byArg = cli(['verify', f('extract-ko.pdf'), '--trust', f('trust.json'), '--lang', 'en'])
    expect(byArg.code, byArg.stderr).toBe(0)
    expect(byArg.stdout).toContain(`VALID`)
    expect(byArg.stdout).toContain(`entries: the entry printed is the register's`)
    const c = cli(['land', 'extract', NUMBER, '--home', home, '--current', '--out', f('current.pdf')])
    expect(c.code, c.stderr).toBe(0)
    expect(cli(['verify', '--trust', f('trust.json'), '--certificate', f('current.pdf'), '--json']).json.valid).toBe(true)
    // a number that is not one, and a register that does not exist: refused with their codes
    expect(cli(['land', 'extract', '12-34', '--home', home, '--out', f('x.pdf'), '--json']).json.error.code).toBe('SCHEMA_INVALID')
    expect(cli(['land', 'extract', `1101-${year}-000099`, '--home', home, '--out', f('x.pdf'), '--json']).json.error.code).toBe('LAND_REGISTER_UNKNOWN')
  })

  it('an extract whose bundle says another owner is refused with its code', { timeout: 5 * 60_000 }, async () => {
    const bytes = await readAttachment(readFileSync(f('extract-ko.pdf')), 'land-extract-bundle.json')
    const bundle = JSON.parse(new TextDecoder().decode(bytes)) as { text: { sections: { A: Array<{ details: string[] }> } } }
    bundle.text.sections.A[0]!.details = bundle.text.sections.A[0]!.details.map((d) => d.replace('박서준', '최하은'))
    writeFileSync(f('forged.json'), JSON.stringify(bundle))
    const v = cli(['verify', '--trust', f('trust.json'), '--bundle', f('forged.json'), '--json'])
    expect(v.code).toBe(1)
    expect(v.json.checks.entries).toMatchObject({ ok: false, code: 'LAND_EXTRACT_ENTRY_CHANGED' })
    // the same text through a PDF made with the forged bundle attached
    const { PDFDocument } = await import('pdf-lib')
    const doc = await PDFDocument.create()
    doc.addPage()
    await doc.attach(new TextEncoder().encode(JSON.stringify(bundle)), 'land-extract-bundle.json', { mimeType: 'application/json' })
    writeFileSync(f('forged.pdf'), await doc.save())
    expect(cli(['verify', '--trust', f('trust.json'), '--certificate', f('forged.pdf'), '--json']).json.checks.entries.code).toBe('LAND_EXTRACT_ENTRY_CHANGED')
  })

  it('says whether the extract is still current: from a range-proof file offline, and from the node', { timeout: 5 * 60_000 }, () => {
    const rp = cli(['land', 'range-proof', NUMBER, '--home', home, '--out', f('range-1.json'), '--json'])
    expect(rp.code, rp.stderr).toBe(0)
    // a change to the register after the extract: the seller sells to the buyer (co-signed), and it is entered
    const sale = { register: NUMBER, purpose: 'ownership.transfer', cause: 'sale', causeOn, holders: [holder('김민지', keys.buyer!)], of: null, portion: null, amount: '850000000', debtor: null, target: null, caseNo: null, mandate: null }
    writeFileSync(f('sale.json'), JSON.stringify(sale))
    expect(cli(['land', 'apply', '--home', home, '--key', 'buyer', '--file', f('sale.json'), '--cosigner', keys.seller!, '--out', f('act.json'), '--json']).code).toBe(0)
    expect(cli(['tx', 'cosign', f('act.json'), '--home', home, '--key', 'seller', '--yes', '--json']).code).toBe(0)
    expect(cli(['tx', 'submit', f('act.json'), '--home', home, '--wait', '--json']).code).toBe(0)
    const e = cli(['land', 'enter', '--home', home, '--key', 'registrar', '--office', '1101', '--year', year, '--receipt', '2', '--yes', '--json'])
    expect(e.code, e.stderr).toBe(0)
    expect(cli(['land', 'range-proof', NUMBER, '--home', home, '--out', f('range-2.json'), '--json']).code).toBe(0)
    const v = cli(['verify', '--trust', f('trust.json'), '--certificate', f('extract-en.pdf'), '--status-proof', f('range-2.json'), '--json'])
    expect(v.code, v.stderr).toBe(0)
    expect(v.json.checks.status).toMatchObject({ ok: true, current: false, code: 'LAND_EXTRACT_CHANGED' })
    expect(v.json.checks.status.detail).toMatch(/no longer current: .*1 entry entered \(section A \(갑구\) 2: Transfer of ownership\)/)
    const live = cli(['verify', '--trust', f('trust.json'), '--certificate', f('extract-en.pdf'), '--home', home, '--json'])
    expect(live.code, live.stderr).toBe(0)
    expect(live.json.checks.status).toMatchObject({ current: false, live: true })
    // a fresh extract is current, asked live: the verdict is "valid"
    expect(cli(['land', 'extract', NUMBER, '--home', home, '--out', f('fresh.pdf')]).code).toBe(0)
    const fresh = cli(['verify', '--trust', f('trust.json'), '--certificate', f('fresh.pdf'), '--home', home, '--json'])
    expect(fresh.json.checks.status).toMatchObject({ live: true })
  })
})
