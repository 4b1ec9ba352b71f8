/// <reference lib="dom" />
/**
 * The standalone verifier page checks a livestock label offline in Chromium (docs/adr/0045): the label's PDF (its
 * attached file: the whole history) and the QR text as a scanner types it, each with the trust list, with the same
 * portable verifier as the Verify screen; a label whose printed grade was changed is refused. The label is issued
 * in-process on a 4-validator chain (the livestock label test's fixture); the page is `npm run build`'s
 * (scripts/build-verifier.mjs), built here if missing. Nothing but the page is loaded (no network).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { certificateFonts } from '../../src/ledger/cert/fonts-node'
import { toHex } from '../../src/ledger/codec/bytes'
import { buildLabel } from '../../src/ledger/registries/livestock/label'
import { renderLabel } from '../../src/ledger/registries/livestock/label-pdf'
import { ROOT } from '../integration/harness'
import { COW, chainSource, livestockChain } from '../ledger/livestock-label-fixture'
import { VERIFIER_PAGE, launch } from './browser'

const LONG = { timeout: 60_000 }
const RAW = /LIVESTOCK_[A-Z_]+|[0-9a-f]{32}|lv\/a\/|castrated|hanwoo/

describe('livestock label on the standalone verifier page, offline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lv-standalone-'))
  const f = (name: string): string => join(dir, name)
  let browser: Browser
  let qr = ''

  beforeAll(async () => {
    if (!existsSync(VERIFIER_PAGE)) {
      for (const script of ['build-font.mjs', 'build-verifier.mjs']) {
        const r = spawnSync(process.execPath, [join(ROOT, 'scripts', script)], { cwd: ROOT, encoding: 'utf8' })
        if (r.status !== 0) throw new Error(`${script} failed: ${r.stderr}${r.stdout}`)
      }
    }
    const chain = await livestockChain()
    const x = await buildLabel(chainSource(chain), COW, { lang: 'en' })
    qr = x.qr
    writeFileSync(f('label.pdf'), (await renderLabel(x, certificateFonts())).pdf)
    const tampered = JSON.parse(JSON.stringify(x.bundle)) as typeof x.bundle
    tampered.label.facts = tampered.label.facts.map(([k, v]) => [k, k === 'Grade' ? v.replace('1++', '1+') : v])
    // a forged label: the same QR code, the grade printed and attached changed
    writeFileSync(f('label-tampered.pdf'), (await renderLabel({ ...x, label: tampered.label, bundle: tampered }, certificateFonts())).pdf)
    const trust = {
      format: 'daejang-trust/2',
      chainId: chain.trust.chainId,
      height: chain.height(),
      sets: chain.trust.sets.map((s) => ({ fromHeight: s.fromHeight, validators: s.validators.map((v) => ({ publicKey: toHex(v.publicKey), power: v.power })) })),
    }
    writeFileSync(f('trust.json'), JSON.stringify(trust))
    browser = await launch()
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("verifies the label's PDF and its QR text with the trust list, refuses a changed grade, and loads nothing else", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const page = await context.newPage()
    const url = pathToFileURL(VERIFIER_PAGE).href
    const requests: string[] = []
    page.on('request', (q) => requests.push(q.url()))
    await page.goto(url)
    const result = page.getByTestId('verify-result')

    // the PDF: its attached file proves the whole history
    await page.getByTestId('verify-drop-input').setInputFiles([f('trust.json'), f('label.pdf')])
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of')
    expect(await result.getAttribute('data-registry')).toBe('livestock')
    const checks = await result.getByTestId('verify-check').evaluateAll((els) => els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-result')]))
    expect(checks).toEqual([['proof', 'pass'], ['animal', 'pass'], ['history', 'pass'], ['status', 'pass']])
    const text = await result.innerText()
    expect(text).toContain('A valid livestock label')
    expect(text).toContain('1++')
    expect(text).not.toMatch(RAW)

    // the QR text alone, as a scanner types it
    await page.getByTestId('verify-clear').click()
    await page.getByTestId('verify-drop-input').setInputFiles(f('trust.json'))
    await page.getByTestId('verify-qr').fill(qr)
    await page.getByTestId('verify-submit').click()
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of')
    expect(await result.getAttribute('data-registry')).toBe('livestock')
    expect(await result.innerText()).not.toMatch(RAW)

    // a forged label: the grade changed in its file
    await page.getByTestId('verify-clear').click()
    await page.getByTestId('verify-drop-input').setInputFiles([f('trust.json'), f('label-tampered.pdf')])
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    const failedChecks = await result.getByTestId('verify-check').evaluateAll((els) => els.filter((e) => e.getAttribute('data-result') === 'fail').map((e) => e.getAttribute('data-check')))
    expect(failedChecks).toEqual(['history'])
    expect(await result.innerText()).not.toMatch(RAW)

    // besides the page, at most its hashing worker started from a blob: URL
    expect(requests.filter((r) => !r.startsWith('blob:'))).toEqual([url])
    await context.close()
  })
})
