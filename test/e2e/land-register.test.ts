/// <reference lib="dom" />
/**
 * The land screens in Chromium against a running node (docs/adr/0033, "Screens"): a register with a jeonse right and
 * its cancellation, and a sale waiting in the queue, all made with the CLI (office, open, apply, tx cosign/submit,
 * enter). In the app, the registrar looks the register up by its address, reads it with the cancelled right struck
 * through ("cancelled by entry 2"), current entries only and as of the block it was opened; then enters the sale
 * from the examination queue, confirmed by retyping office, year and receipt number and signed through the outbox, and the
 * register shows the new owner. Keyboard only for the lookup (type, Enter).
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedNode, cli, startNode, stopAll, tempHome } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'

const LONG = { timeout: 60_000 }
const PASS = 'registrar passphrase 1'

describe('land screens: lookup, the register, the examination queue', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const kst = new Date(Date.now() + 9 * 3600_000)
  const year = kst.toISOString().slice(0, 4)
  const causeOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const NUMBER = `1101-${year}-000001`
  const holder = (name: string, key: string) => ({
    kind: 'person',
    name,
    id: '800101-1******',
    idHash: null,
    address: '서울특별시 종로구 사직로 161',
    key,
    agency: null,
    share: null,
  })
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
  /** applies (the signer, the co-signer), submits and returns the receipt number given */
  const apply = (name: string, file: string, req: Record<string, unknown>, cosigner?: string): number => {
    writeFileSync(f(`${file}.json`), JSON.stringify(req))
    const a = cli(['land', 'apply', '--home', home, '--key', name, '--file', f(`${file}.json`), ...(cosigner ? ['--cosigner', keys[cosigner]!] : []), '--out', f(`${file}-act.json`), '--json'])
    expect(a.code, a.stderr).toBe(0)
    if (cosigner) expect(cli(['tx', 'cosign', f(`${file}-act.json`), '--home', home, '--key', cosigner, '--yes', '--json']).code).toBe(0)
    const s = cli(['tx', 'submit', f(`${file}-act.json`), '--home', home, '--wait', '--json'])
    expect(s.code, s.stdout + s.stderr).toBe(0)
    const q = cli(['land', 'queue', '--home', home, '--office', '1101', '--json'])
    return Math.max(...q.json.map((x: { receipt: number }) => x.receipt))
  }
  const enter = (receipt: number): void => {
    const e = cli(['land', 'enter', '--home', home, '--key', 'registrar', '--office', '1101', '--year', year, '--receipt', String(receipt), '--yes', '--json'])
    expect(e.code, e.stderr).toBe(0)
  }
  let node: StartedNode
  let browser: Browser
  let page: Page
  let openedAt = 0
  let saleReceipt = 0

  beforeAll(async () => {
    ensureUiBuilt()
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    for (const name of ['registrar', 'seller', 'buyer', 'tenant']) {
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
    const o = cli(['land', 'open', '--home', home, '--key', 'registrar', '--file', f('open.json'), '--json'])
    expect(o.code, o.stderr).toBe(0)
    expect(o.json.number).toBe(NUMBER)
    openedAt = o.json.height
    // 을구 1: a jeonse right (owner and tenant), then its cancellation (owner and tenant): entry 1 struck, cancelled by 2
    enter(apply('tenant', 'jeonse', request({ purpose: 'right.jeonse', cause: 'contract', holders: [holder('이도윤', keys.tenant!)], amount: '300000000' }), 'seller'))
    enter(apply('seller', 'release', request({ purpose: 'cancellation', cause: 'termination', target: { section: 'B', rank: '1' } }), 'tenant'))
    // the sale waits in the queue
    saleReceipt = apply('buyer', 'sale', request({ holders: [holder('김민지', keys.buyer!)], amount: '850000000' }), 'seller')

    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('makes a key in the app, granted the registrar role by the agency', async () => {
    const admin = await createKey(page, '등기관 이수진', PASS, [])
    const g = cli(['role', 'grant', '--home', home, '--subject', admin, '--role', 'registrar', '--label', '등기관 이수진', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    // the key's roles are read again once it is unlocked anew
    await page.reload()
    await unlockKey(page, admin, PASS)
    await closeNotifications(page)
  })

  it('looks the register up by address, with the keyboard', async () => {
    await expect.poll(() => page.getByTestId('nav-land').locator('.app-nav__locked').count(), LONG).toBe(0)
    await page.getByTestId('nav-land').click()
    const input = page.getByTestId('land-lookup-input')
    await expect.poll(() => input.count(), LONG).toBe(1)
    await input.fill('서울 종로구 세종로 1-3번지')
    await input.press('Enter')
    const hit = page.locator(`[data-testid="land-lookup-hit"][data-number="${NUMBER}"]`)
    await expect.poll(() => hit.count(), LONG).toBe(1)
    await hit.getByRole('link').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('land-register').getAttribute('data-number'), LONG).toBe(NUMBER)
  })

  it('shows the sections with the cancelled right struck through, current-only, and as of a block', async () => {
    const reg = page.getByTestId('land-register')
    const b1 = reg.locator('[data-testid="land-entry"][data-section="B"][data-rank="1"]')
    await expect.poll(() => b1.getAttribute('data-struck'), LONG).toBe('true')
    expect(await b1.locator('s').count()).toBeGreaterThan(0)
    expect(await b1.getByTestId('land-cancelled-by').innerText()).toBe('Cancelled by entry 2')
    expect(await b1.getByTestId('land-amount').innerText()).toBe('KRW 300,000,000')
    expect(await reg.getByTestId('land-head').innerText()).toContain('서울특별시 종로구 세종로 1-3')
    // current entries only: 을구 is empty
    await reg.getByTestId('land-current-only').click()
    await expect.poll(() => reg.getAttribute('data-view'), LONG).toBe('current')
    await expect.poll(() => reg.getByTestId('land-section-B-empty').count(), LONG).toBe(1)
    await reg.getByTestId('land-current-only').click()
    await expect.poll(() => reg.locator('[data-testid="land-entry"][data-section="B"]').count(), LONG).toBe(2)
    // as of the opening block: only the preservation
    await reg.getByTestId('land-as-of').fill(String(openedAt))
    await reg.getByTestId('land-as-of').press('Enter')
    await expect.poll(() => reg.getAttribute('data-height'), LONG).toBe(String(openedAt))
    await expect.poll(() => reg.getByTestId('land-entry').count(), LONG).toBe(1)
    await reg.getByTestId('land-as-of-latest').click()
    await expect.poll(() => reg.locator('[data-testid="land-entry"][data-section="B"]').count(), LONG).toBe(2)
  })

  it('the registrar enters the sale from the queue, confirmed by office, year and receipt number, and the register shows it', async () => {
    await page.getByTestId('land-tab-queue').click()
    const app = page.locator(`[data-testid="land-application"][data-receipt="${saleReceipt}"]`)
    await expect.poll(() => app.count(), LONG).toBe(1)
    expect(await app.getByTestId('land-no-findings').innerText()).toBe('No rule stands in the way.')
    await app.getByTestId('land-enter').click()
    expect(await confirmIrreversible(page, 'land-confirm')).toBe(`1101-${year}-${saleReceipt}`)
    await expect.poll(() => page.getByTestId('land-decision-result').getAttribute('data-status'), LONG).toBe('committed')
    // the queue of received applications no longer holds it
    await expect.poll(() => app.count(), LONG).toBe(0)
    const shown = cli(['land', 'show', NUMBER, '--home', home, '--json'])
    expect(shown.json.owners.map((o: { holder: { name: string } }) => o.holder.name)).toEqual(['김민지'])
    await page.getByTestId('land-tab-lookup').click()
    await page.getByTestId('land-lookup-input').fill(NUMBER)
    await page.getByTestId('land-lookup-input').press('Enter')
    const a2 = page.locator('[data-testid="land-entry"][data-section="A"][data-rank="2"]')
    await expect.poll(() => a2.count(), LONG).toBe(1)
    expect(await a2.innerText()).toContain('김민지')
    expect(await a2.getByTestId('land-amount').innerText()).toBe('KRW 850,000,000')
  })

  it('reads the same register in Korean, with no code, payload key or id shown raw in either language', async () => {
    const reg = page.getByTestId('land-register')
    const raw = /ownership\.|right\.|restriction\.|provisional\.|building-site|new-building|\bjeonse\b|agency-\w|LAND_[A-Z_]+/
    expect(await reg.innerText()).not.toMatch(raw)
    await page.getByTestId('lang-switch').selectOption('ko')
    await expect.poll(() => page.evaluate(() => document.documentElement.lang), LONG).toBe('ko')
    const b1 = reg.locator('[data-testid="land-entry"][data-section="B"][data-rank="1"]')
    await expect.poll(() => b1.getByTestId('land-cancelled-by').innerText(), LONG).toBe('2번 등기로 말소')
    expect(await b1.getByTestId('land-amount').innerText()).toBe('금 300,000,000원')
    const a2 = reg.locator('[data-testid="land-entry"][data-section="A"][data-rank="2"]')
    expect(await a2.getByTestId('land-amount').innerText()).toBe('금 850,000,000원')
    const text = await reg.innerText()
    expect(text).toContain('소유권이전')
    expect(text).toContain('전세권설정')
    expect(text).not.toMatch(raw)
    // a height that is not one says so in words, and the register stays as it was (the latest, both rights)
    await reg.getByTestId('land-as-of').fill('열')
    await reg.getByTestId('land-as-of').press('Enter')
    await expect.poll(() => page.getByTestId('land-as-of-form').innerText(), LONG).toContain('블록 높이는 0 이상의 정수입니다.')
    expect(await reg.locator('[data-testid="land-entry"][data-section="B"]').count()).toBe(2)
    await reg.getByTestId('land-as-of').fill('')
    // a register number that is not one says so in words, and nothing is looked up
    await page.getByTestId('land-tab-lookup').click()
    await page.getByTestId('land-lookup-input').fill('1101-2026-00')
    await page.getByTestId('land-lookup-input').press('Enter')
    const lookup = page.getByTestId('land-lookup')
    await expect.poll(() => lookup.innerText(), LONG).toContain('부동산고유번호는 등기소 4자리-연도 4자리-일련번호 6자리입니다')
    expect(await page.getByTestId('land-lookup-results').count()).toBe(0)
    expect(await lookup.innerText()).not.toMatch(raw)
    await page.getByTestId('lang-switch').selectOption('en')
  })
})
