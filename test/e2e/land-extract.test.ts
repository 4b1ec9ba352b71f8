/// <reference lib="dom" />
/**
 * Certified land extracts in Chromium against a running node (docs/adr/0036): on the register screen a registrar
 * issues the extract (English, then Korean) — the PDF is saved — and the Verify screen verifies it: the land result
 * panel says it is valid and still current (the node's range proof as of its head, proven), in English and in
 * Korean, with no code, key, hash or payload key shown; the standalone page verifies it offline with the trust list.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedNode, cli, startNode, stopAll, tempHome } from '../integration/harness'
import { VERIFIER_PAGE, ensureUiBuilt, launch } from './browser'
import { closeNotifications, createKey, unlockKey } from './keys-ui'

const LONG = { timeout: 60_000 }
const PASS = 'registrar passphrase 1'
const RAW = /LAND_[A-Z_]+|[0-9a-f]{32}|ld\/r\/|ownership\.|right\.|restriction\.|building-site|new-building/

describe('land extract: issued on the register screen, verified on the Verify screen', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const kst = new Date(Date.now() + 9 * 3600_000)
  const year = kst.toISOString().slice(0, 4)
  const causeOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const NUMBER = `1101-${year}-000001`
  const holder = (name: string, key: string) => ({ kind: 'person', name, id: '800101-1******', idHash: null, address: '서울특별시 종로구 사직로 161', key, agency: null, share: null })
  const request = (o: Record<string, unknown>) => ({
    register: NUMBER,
    purpose: 'ownership.transfer',
    cause: 'sale',
    causeOn,
    holders: [],
    of: null,
    portion: null,
    amount: null,
    debtor: null,
    target: null,
    caseNo: null,
    mandate: null,
    ...o,
  })
  const applyAndEnter = (name: string, file: string, req: Record<string, unknown>, cosigner: string): void => {
    writeFileSync(f(`${file}.json`), JSON.stringify(req))
    expect(cli(['land', 'apply', '--home', home, '--key', name, '--file', f(`${file}.json`), '--cosigner', keys[cosigner]!, '--out', f(`${file}-act.json`), '--json']).code).toBe(0)
    expect(cli(['tx', 'cosign', f(`${file}-act.json`), '--home', home, '--key', cosigner, '--yes', '--json']).code).toBe(0)
    expect(cli(['tx', 'submit', f(`${file}-act.json`), '--home', home, '--wait', '--json']).code).toBe(0)
    const q = cli(['land', 'queue', '--home', home, '--office', '1101', '--json'])
    const receipt = Math.max(...q.json.map((x: { receipt: number }) => x.receipt))
    expect(cli(['land', 'enter', '--home', home, '--key', 'registrar', '--office', '1101', '--year', year, '--receipt', String(receipt), '--yes', '--json']).code).toBe(0)
  }
  let node: StartedNode
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    ensureUiBuilt()
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    for (const name of ['registrar', 'seller', 'tenant']) {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      keys[name] = k.json.publicKey
    }
    expect(cli(['role', 'grant', '--home', home, '--subject', keys.registrar!, '--role', 'registrar', '--label', '등기관 김영희', '--json']).code).toBe(0)
    expect(cli(['land', 'office', 'define', '--home', home, '--office', '1101', '--name', '서울중앙지방법원 등기국', '--json']).code).toBe(0)
    writeFileSync(
      f('open.json'),
      JSON.stringify({
        office: '1101',
        head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 }, road: null, category: 'building-site', area: '330.00' },
        owners: [holder('박서준', keys.seller!)],
        cause: 'new-building',
        causeOn,
      }),
    )
    expect(cli(['land', 'open', '--home', home, '--key', 'registrar', '--file', f('open.json'), '--json']).code).toBe(0)
    // 을구 1: a jeonse right, then its cancellation: a struck entry on the full extract
    applyAndEnter('tenant', 'jeonse', request({ purpose: 'right.jeonse', cause: 'contract', holders: [holder('이도윤', keys.tenant!)], amount: '300000000' }), 'seller')
    applyAndEnter('seller', 'release', request({ purpose: 'cancellation', cause: 'termination', target: { section: 'B', rank: '1' } }), 'tenant')
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)

    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('a registrar issues the extract from the register screen, in English and in Korean', async () => {
    const admin = await createKey(page, '등기관 이수진', PASS, [])
    expect(cli(['role', 'grant', '--home', home, '--subject', admin, '--role', 'registrar', '--label', '등기관 이수진', '--json']).code).toBe(0)
    await page.reload()
    await unlockKey(page, admin, PASS)
    await closeNotifications(page)
    await expect.poll(() => page.getByTestId('nav-land').locator('.app-nav__locked').count(), LONG).toBe(0)
    await page.getByTestId('nav-land').click()
    const input = page.getByTestId('land-lookup-input')
    await expect.poll(() => input.count(), LONG).toBe(1)
    await input.fill(NUMBER)
    await input.press('Enter')
    await expect.poll(() => page.getByTestId('land-register').getAttribute('data-number'), LONG).toBe(NUMBER)
    const extract = page.getByTestId('land-extract')
    await expect.poll(() => extract.count(), LONG).toBe(1)
    for (const lang of ['en', 'ko'] as const) {
      await extract.getByTestId('land-extract-lang').selectOption(lang)
      const [download] = await Promise.all([page.waitForEvent('download', LONG), extract.getByTestId('land-extract-issue').click()])
      expect(download.suggestedFilename()).toBe(`${NUMBER}-full-${lang}.pdf`)
      await download.saveAs(f(`extract-${lang}.pdf`))
      await expect.poll(() => extract.getByTestId('land-extract-saved').count(), LONG).toBe(1)
    }
    expect(await extract.innerText()).not.toMatch(RAW)
  })

  it('the Verify screen verifies it: valid and still current, in English and Korean, nothing raw', async () => {
    await page.getByTestId('nav-verify').click()
    await page.getByTestId('verify-drop-input').setInputFiles(f('extract-en.pdf'))
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid')
    expect(await result.getAttribute('data-registry')).toBe('land')
    const checks = await result.getByTestId('verify-check').evaluateAll((els) => els.map((e) => [e.getAttribute('data-check'), e.getAttribute('data-result')]))
    expect(checks).toEqual([['proof', 'pass'], ['register', 'pass'], ['entries', 'pass'], ['status', 'pass']])
    const en = await result.innerText()
    expect(en).toContain('A valid extract of the register')
    expect(en).toContain(`Register No. ${NUMBER}`)
    expect(en).toMatch(/Nothing has changed as of block \d+/)
    expect(en).not.toMatch(RAW)

    await page.getByTestId('lang-switch').selectOption('ko')
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), LONG).toBe('ko')
    await page.getByTestId('verify-drop-input').setInputFiles(f('extract-ko.pdf'))
    await expect.poll(() => result.innerText(), LONG).toContain('유효한 등기사항증명서입니다')
    const ko = await result.innerText()
    expect(ko).toContain(`부동산고유번호 ${NUMBER} · 등기사항전부증명서`)
    expect(ko).toMatch(/블록 \d+\(.+\) 기준으로 바뀐 것이 없습니다/)
    expect(ko).not.toMatch(RAW)
  })

  it('the standalone page verifies it offline with the trust list', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const standalone = await context.newPage()
    await standalone.goto(pathToFileURL(VERIFIER_PAGE).href)
    await standalone.getByTestId('verify-drop-input').setInputFiles([f('trust.json'), f('extract-en.pdf')])
    const result = standalone.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of')
    expect(await result.getAttribute('data-registry')).toBe('land')
    const text = await result.innerText()
    expect(text).toContain('No later proof was given')
    expect(text).not.toMatch(RAW)
    await context.close()
  })
})
