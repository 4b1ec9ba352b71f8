/// <reference lib="dom" />
/**
 * The consumer's journey in Chromium against a running node (docs/adr/0045): an animal's life is reported with the
 * CLI (farm, tagger, slaughterhouse, grader, packer with a mixed bundle, shop); a key with no role looks the animal up
 * by the number as the ear tag prints it, reads its history in English and Korean (no code, tx type or payload key
 * shown), opens the bundle, downloads the label PDF; the Verify screen verifies it (the livestock verifier, loaded
 * with the screen), and refuses a label whose attached file says another grade.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachment } from '../../src/ledger/cert/attachment'
import { withCheckDigit } from '../../src/ledger/registries/livestock/portable/identifiers'
import { type StartedNode, cli, startNode, stopAll, tempHome } from '../integration/harness'
import { reportLives } from '../integration/livestock-life'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, createKey, unlockKey } from './keys-ui'
import { setLanguage } from './land-setup'

const LONG = { timeout: 60_000 }
const PASS = 'consumer passphrase 1'
const RAW = /LIVESTOCK_[A-Z_]+|livestock\.\w|\bdnaSample\b|\bweightKg\b|\bcastrated\b|\bhanwoo\b|[0-9a-f]{32}|lv\/a\//

describe('a consumer looks an animal up, reads its history, downloads and verifies its label', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const COW = withCheckDigit('00200000021')
  const COW2 = withCheckDigit('00200000022')
  const BUNDLE = 'L12612030000002'
  let node: StartedNode
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    ensureUiBuilt()
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'mafra', '--agency-name', '농림축산식품부', '--json']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    Object.assign(keys, reportLives(home, [COW, COW2], BUNDLE))
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US', acceptDownloads: true })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('looks the animal up by the ear tag’s number and reads its history in English and Korean', { timeout: 180_000 }, async () => {
    const consumer = await createKey(page, '소비자 김하늘', PASS, [])
    await unlockKey(page, consumer, PASS)
    await closeNotifications(page)
    await setLanguage(page, 'en')
    await expect.poll(() => page.getByTestId('nav-livestock').locator('.app-nav__locked').count(), LONG).toBe(0)
    await page.getByTestId('nav-livestock').click()
    const input = page.getByTestId('livestock-lookup-input')
    await expect.poll(() => input.count(), LONG).toBe(1)
    // a mistyped digit is refused in words
    await input.fill(COW.slice(0, 11) + String((Number(COW[11]) + 1) % 10))
    await input.press('Enter')
    await expect.poll(() => page.getByTestId('livestock-lookup').innerText(), LONG).toContain('check digit')
    await input.fill(`KOR 410 ${COW.slice(0, 3)} ${COW.slice(3, 7)} ${COW.slice(7, 11)} ${COW.slice(11)}`)
    await input.press('Enter')
    const animal = page.getByTestId('livestock-animal')
    await expect.poll(() => animal.getAttribute('data-number'), LONG).toBe(COW)
    const facts = animal.getByTestId('livestock-animal-facts')
    await expect.poll(() => facts.innerText(), LONG).toContain('Hanwoo')
    const en = await animal.innerText()
    expect(en).toContain('quality 1++, yield A (carcass 432.5 kg)')
    expect(en).toContain('Packed: sirloin')
    expect(en).toContain('우리 정육점')
    const kinds = await animal.getByTestId('livestock-animal-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))
    expect(kinds).toEqual(['birth', 'tag', 'slaughter', 'grade', 'pack', 'sale'])
    expect(en).not.toMatch(RAW)

    await setLanguage(page, 'ko')
    await expect.poll(() => facts.innerText(), LONG).toContain('한우')
    const ko = await animal.innerText()
    expect(ko).toContain('육질 1++, 육량 A (도체중 432.5 kg)')
    expect(ko).toContain('포장: 등심')
    expect(ko).not.toMatch(RAW)
  })

  it('opens the mixed bundle and its animals', { timeout: 120_000 }, async () => {
    await page.getByTestId('nav-livestock').click()
    const input = page.getByTestId('livestock-lookup-input')
    await input.fill(BUNDLE)
    await input.press('Enter')
    const rows = page.getByTestId('livestock-bundle-animal')
    await expect.poll(() => rows.count(), LONG).toBe(2)
    expect(await page.getByTestId('livestock-bundle').innerText()).toContain('한빛 포장처리')
  })

  it('downloads the label and the Verify screen verifies it; a label with another grade is refused', { timeout: 180_000 }, async () => {
    await setLanguage(page, 'en')
    await page.getByTestId('nav-livestock').click()
    const input = page.getByTestId('livestock-lookup-input')
    await input.fill(COW)
    await input.press('Enter')
    const label = page.getByTestId('livestock-label')
    await expect.poll(() => label.count(), LONG).toBe(1)
    const [download] = await Promise.all([page.waitForEvent('download', LONG), label.getByTestId('livestock-label-download').click()])
    expect(download.suggestedFilename()).toBe(`${COW}-label-en.pdf`)
    await download.saveAs(f('label.pdf'))
    await expect.poll(() => label.getByTestId('livestock-label-saved').count(), LONG).toBe(1)

    await page.getByTestId('nav-verify').click()
    await page.getByTestId('verify-drop-input').setInputFiles(f('label.pdf'))
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toMatch(/^valid/)
    expect(await result.getAttribute('data-registry')).toBe('livestock')
    // the label's panel: the verdict, the facts as proven and each check in words
    const checks = await result.getByTestId('verify-check').evaluateAll((els) => els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-result')]))
    expect(checks).toEqual([['proof', 'pass'], ['animal', 'pass'], ['history', 'pass'], ['status', 'pass']])
    const verified = await result.innerText()
    expect(verified).toContain('A valid livestock label')
    expect(verified).toContain('quality 1++, yield A (carcass 432.5 kg)')
    expect(verified).not.toMatch(RAW)

    // the same label with its attached file saying 1+ instead of 1++
    const bundle = JSON.parse(new TextDecoder().decode(await readAttachment(readFileSync(f('label.pdf')), 'livestock-label-bundle.json'))) as { label: { facts: Array<[string, string]> } }
    bundle.label.facts = bundle.label.facts.map(([k, v]) => [k, k === 'Grade' ? v.replace('1++', '1+') : v])
    const { PDFDocument } = await import('pdf-lib')
    const doc = await PDFDocument.create()
    doc.addPage([170, 113])
    await doc.attach(new TextEncoder().encode(JSON.stringify(bundle)), 'livestock-label-bundle.json', { mimeType: 'application/json' })
    writeFileSync(f('forged.pdf'), await doc.save())
    await page.getByTestId('verify-drop-input').setInputFiles(f('forged.pdf'))
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    expect(await result.locator('[data-check="history"]').getAttribute('data-result')).toBe('fail')
    expect(await result.innerText()).toContain('A fact on the label (breed, farms, slaughter, grade…) differs from the proven history.')
  })
})
