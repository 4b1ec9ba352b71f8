/// <reference lib="dom" />
/**
 * The clerk's journey in Chromium against a running node (docs/adr/0039), in English, and the party reading the
 * outcome in Korean. Two applications wait on one register: a sale made and co-signed with the CLI, and a jeonse the
 * owner prepared with the CLI for a tenant whose key is in the app (the tenant imports the act, co-signs and sends
 * it). The registrar examines the queue: enters the sale (confirmed by retyping office-year-receipt), then rejects the
 * jeonse — refused without a reason, then with one; the rules' finding about it is shown in words. The tenant follows
 * the application and reads the rejection and its reason.
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import {
  FINDING_NOW,
  LONG,
  type LandNode,
  OFFICE,
  RAW,
  applyByCli,
  cosignInOutbox,
  followRegister,
  holder,
  landNode,
  openRegister,
  prepareAct,
  request,
  setLanguage,
} from './land-setup'

const PASS_REGISTRAR = 'registrar passphrase 1'
const PASS_TENANT = 'tenant passphrase 2'
const REASON = '전세권설정계약서 원본이 첨부되지 않았습니다.'

describe('the clerk: examine, enter, reject with a reason; the party sees the rejection', () => {
  let l: LandNode
  let browser: Browser
  let page: Page
  let number = ''
  let tenant = ''
  let registrar = ''
  let saleReceipt = 0
  let jeonseReceipt = 0

  beforeAll(async () => {
    ensureUiBuilt()
    l = await landNode(['seller', 'buyer'])
    number = openRegister(l, 1, { name: '박서준', key: l.keys.seller! })
    saleReceipt = applyByCli(l, 'buyer', 'sale', request(number, l.causeOn, { holders: [holder('김민지', l.keys.buyer!)], amount: '850000000' }), 'seller')
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US' })
    await page.goto(`${l.node.url}/#token=${l.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('the tenant co-signs the jeonse the owner prepared with the CLI, from the outbox', { timeout: 180_000 }, async () => {
    tenant = await createKey(page, '이도윤', PASS_TENANT, [])
    const act = prepareAct(
      l,
      'seller',
      'jeonse',
      request(number, l.causeOn, { purpose: 'right.jeonse', cause: 'contract', holders: [holder('이도윤', tenant)], amount: '300000000' }),
      [tenant],
    )
    await closeNotifications(page)
    await cosignInOutbox(page, act)
    const q = cli(['land', 'queue', '--home', l.home, '--office', OFFICE, '--json'])
    jeonseReceipt = Math.max(...q.json.map((x: { receipt: number }) => x.receipt))
    expect(jeonseReceipt).toBe(saleReceipt + 1)
  })

  it('a registrar key made in the app is granted the role', { timeout: 120_000 }, async () => {
    registrar = await createKey(page, '등기관 이수진', PASS_REGISTRAR, [tenant])
    const g = cli(['role', 'grant', '--home', l.home, '--subject', registrar, '--role', 'registrar', '--label', '등기관 이수진', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    await page.reload()
    await unlockKey(page, registrar, PASS_REGISTRAR)
    await closeNotifications(page)
  })

  it('examines the queue and enters the sale, confirmed by office, year and receipt', { timeout: 180_000 }, async () => {
    await expect.poll(() => page.getByTestId('nav-land').locator('.app-nav__locked').count(), LONG).toBe(0)
    await page.getByTestId('nav-land').click()
    await page.getByTestId('land-tab-queue').click()
    const sale = page.locator(`[data-testid="land-application"][data-key="${OFFICE}-${l.year}-${saleReceipt}"]`)
    const jeonse = page.locator(`[data-testid="land-application"][data-key="${OFFICE}-${l.year}-${jeonseReceipt}"]`)
    await expect.poll(() => sale.count(), LONG).toBe(1)
    expect(await jeonse.count()).toBe(1)
    expect(await sale.getByTestId('land-no-findings').innerText()).toBe('No rule stands in the way.')
    await sale.getByTestId('land-enter').click()
    const dialog = page.getByTestId('land-confirm')
    await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
    expect(await dialog.innerText()).toContain(`Enter application no. ${saleReceipt} of ${l.year} at 서울중앙지방법원 등기국(${OFFICE}) on the register`)
    // the receipt number alone does not confirm: the office and year are part of it
    await dialog.getByTestId('land-confirm-input').fill(String(saleReceipt))
    expect(await dialog.getByTestId('land-confirm-confirm').isDisabled()).toBe(true)
    expect(await confirmIrreversible(page, 'land-confirm')).toBe(`${OFFICE}-${l.year}-${saleReceipt}`)
    await expect.poll(() => page.getByTestId('land-decision-result').getAttribute('data-status'), LONG).toBe('committed')
    await expect.poll(() => sale.count(), LONG).toBe(0)
    const shown = cli(['land', 'show', number, '--home', l.home, '--json'])
    expect(shown.json.owners.map((o: { holder: { name: string } }) => o.holder.name)).toEqual(['김민지'])
  })

  it('rejects the jeonse: a reason is required, the finding is in words; confirmed by office, year and receipt', { timeout: 180_000 }, async () => {
    const jeonse = page.locator(`[data-testid="land-application"][data-key="${OFFICE}-${l.year}-${jeonseReceipt}"]`)
    // the seller no longer owns it: what entering it would meet now, said in words
    await expect.poll(() => jeonse.locator(FINDING_NOW).count(), LONG).toBe(1)
    expect(await jeonse.getByTestId('land-enter').isDisabled()).toBe(true)
    expect(await jeonse.innerText()).not.toMatch(RAW)
    await jeonse.getByTestId('land-reject').click()
    await expect.poll(() => jeonse.innerText(), LONG).toContain('Give the reason for the rejection')
    expect(await page.getByTestId('land-confirm').isVisible()).toBe(false)
    await jeonse.getByTestId('land-reject-reason').fill(REASON)
    await jeonse.getByTestId('land-reject').click()
    expect(await confirmIrreversible(page, 'land-confirm')).toBe(`${OFFICE}-${l.year}-${jeonseReceipt}`)
    await expect.poll(() => page.getByTestId('land-decision-result').getAttribute('data-status'), LONG).toBe('committed')
    await expect.poll(() => jeonse.count(), LONG).toBe(0)
    // both decided, in the list of all statuses
    await page.getByTestId('land-queue-status').selectOption('')
    const decided = page.getByTestId('land-application')
    await expect.poll(() => decided.count(), LONG).toBe(2)
    expect(await page.locator(`[data-testid="land-application"][data-key="${OFFICE}-${l.year}-${jeonseReceipt}"]`).getAttribute('data-status')).toBe('rejected')
  })

  it('the tenant follows the jeonse and reads the rejection and its reason, in Korean', { timeout: 120_000 }, async () => {
    await unlockKey(page, tenant, PASS_TENANT)
    await setLanguage(page, 'ko')
    await followRegister(page, number)
    const item = page.locator(`[data-testid="land-follow-item"][data-receipt="${OFFICE}-${l.year}-${jeonseReceipt}"]`)
    await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('rejected')
    expect(await item.getAttribute('data-mine')).toBe('true')
    expect(await item.getByTestId('land-follow-state').innerText()).toBe(`각하되었습니다. 사유: ${REASON}`)
    expect(await item.getByTestId('land-follow-withdraw').count()).toBe(0)
    const sale = page.locator(`[data-testid="land-follow-item"][data-receipt="${OFFICE}-${l.year}-${saleReceipt}"]`)
    expect(await sale.getAttribute('data-status')).toBe('entered')
    expect(await sale.getAttribute('data-mine')).toBe('false')
    expect(await sale.getByTestId('land-follow-state').innerText()).toBe('등기부에 기입되었습니다.')
    const text = await page.getByTestId('land-follow').innerText()
    expect(text).toContain('전세권설정')
    expect(text).not.toMatch(RAW)
    // only mine: the sale leaves the list
    await page.getByTestId('land-follow-only-mine').click()
    await expect.poll(() => page.getByTestId('land-follow-item').count(), LONG).toBe(1)
    await setLanguage(page, 'en')
    expect(await item.getByTestId('land-follow-state').innerText()).toBe(`Rejected. Reason: ${REASON}`)
  })
})
