/// <reference lib="dom" />
/**
 * The party's journey in Chromium against a running node (docs/adr/0039), in Korean: the seller, a key made in the
 * app and the owner on a register the registrar opened with the CLI, prepares the sale — the register read by its
 * number, the fields refused in words until right, the buyer's resident number masked on the device (the clear
 * number is in no act) — signs it, and the act waits in the outbox for the buyer. It goes to the buyer as a file; the
 * buyer (another key on this device, as on another machine) imports it, co-signs and sends it; both follow it:
 * received with its receipt number and time. Then a second application, a jeonse handed to the buyer as a QR code,
 * is withdrawn by the seller from "follow", confirmed by retyping its receipt; in English the screens say the same.
 * Last, a bank officer applies for a mortgage in the bank's name and the owner co-signs it.
 */
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import { LONG, type LandNode, OFFICE, RAW, cosignInOutbox, followRegister, landNode, openRegister, setLanguage } from './land-setup'

const PASS_SELLER = 'seller passphrase 1'
const PASS_BUYER = 'buyer passphrase 2'
const PASS_OFFICER = 'officer passphrase 3'

describe('the party: prepare a sale, co-sign it, send it, follow it', () => {
  let l: LandNode
  let browser: Browser
  let page: Page
  let seller = ''
  let buyer = ''
  let number = ''
  /** the sale's receipt number (opening the register took one before it) */
  let saleReceipt = 0

  beforeAll(async () => {
    ensureUiBuilt()
    l = await landNode([])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ko-KR', acceptDownloads: true })
    await page.goto(`${l.node.url}/#token=${l.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('makes the two parties\' keys in the app; the registrar opens the seller\'s register', { timeout: 120_000 }, async () => {
    buyer = await createKey(page, '김민지', PASS_BUYER, [])
    seller = await createKey(page, '박서준', PASS_SELLER, [buyer])
    number = openRegister(l, 1, { name: '박서준', key: seller })
    await closeNotifications(page)
    await setLanguage(page, 'ko')
  })

  it('the seller prepares the sale: the register read, each field refused in words, the buyer masked, signed', { timeout: 180_000 }, async () => {
    await unlockKey(page, seller, PASS_SELLER)
    await page.getByTestId('nav-land-apply').click()
    const reg = page.getByTestId('land-apply-register')
    await expect.poll(() => reg.count(), LONG).toBe(1)
    // a number that is not one: said, nothing read
    await reg.fill('1101-2026-00')
    await reg.press('Enter')
    const panel = page.getByTestId('land-apply')
    await expect.poll(() => panel.innerText(), LONG).toContain('부동산고유번호는 등기소 4자리-연도 4자리-일련번호 6자리입니다')
    await reg.fill(number)
    await reg.press('Enter')
    await expect.poll(() => page.getByTestId('land-apply-owner').innerText(), LONG).toContain('박서준')
    expect(await page.getByTestId('land-apply-owner').innerText()).toContain('800101-1******')

    const form = page.getByTestId('land-apply-form')
    expect(await form.getByTestId('land-apply-purpose').inputValue()).toBe('ownership.transfer')
    // wrong values are refused field by field, in words
    await form.getByTestId('land-apply-amount').fill('팔억')
    await form.getByTestId('land-apply-party-number').fill('801301-1234567')
    await form.getByTestId('land-apply-party-key').fill('not a key')
    await expect.poll(() => form.innerText(), LONG).toContain('금액은 0보다 큰 원 단위 정수입니다')
    expect(await form.innerText()).toContain('주민등록번호는 생년월일 6자리-7자리입니다')
    expect(await form.innerText()).toContain('공개 키는 64자리 16진수입니다')
    await form.getByTestId('land-apply-submit').click()
    await expect.poll(() => form.innerText(), LONG).toContain('성명 또는 명칭을 적으십시오')
    expect(await page.getByTestId('land-apply-confirm').count()).toBe(0)

    // now right: the buyer's number shown masked as it will be printed
    await form.getByTestId('land-apply-amount').fill('850,000,000')
    await expect.poll(() => form.innerText(), LONG).toContain('금 850,000,000원')
    await form.getByTestId('land-apply-party-name').fill('김민지')
    await form.getByTestId('land-apply-party-number').fill('900202-2345678')
    await expect.poll(() => form.innerText(), LONG).toContain('등기부에 적힐 번호: 900202-2******')
    await form.getByTestId('land-apply-party-address').fill('서울특별시 중구 세종대로 110')
    await form.getByTestId('land-apply-party-key').fill(buyer)
    await expect.poll(() => page.getByTestId('land-apply-signers').innerText(), LONG).toContain('나(이 기기의 키), 김민지')
    expect(await panel.innerText()).not.toMatch(RAW)
    await form.getByTestId('land-apply-submit').click()
    expect(await confirmIrreversible(page, 'land-apply-confirm')).toBe(number)
    await expect.poll(() => page.getByTestId('land-apply-made').count(), LONG).toBe(1)
    // the same application is not signed twice
    expect(await form.getByTestId('land-apply-submit').isDisabled()).toBe(true)
  })

  it('the act goes to the buyer as a file, without the clear number; the buyer co-signs and sends it', { timeout: 180_000 }, async () => {
    await page.getByTestId('land-apply-to-outbox').click()
    const act = page.getByTestId('act-item')
    await expect.poll(() => act.count(), LONG).toBe(1)
    expect(await act.getAttribute('data-complete')).toBe('false')
    expect(await act.getByTestId('act-parties').innerText()).toContain('김민지')
    const [download] = await Promise.all([page.waitForEvent('download'), act.getByTestId('act-export').click()])
    const file = l.file('sale-act.json')
    await download.saveAs(file)
    const text = readFileSync(file, 'utf8')
    const parsed = JSON.parse(text)
    expect(parsed.type).toBe('land.apply')
    expect(parsed.signer).toBe(seller)
    expect(parsed.cosigners).toEqual([{ key: buyer, sig: null }])
    expect(parsed.payload.request.holders[0].id).toBe('900202-2******')
    expect(text).not.toContain('2345678')
    await act.getByTestId('act-remove').click()
    await expect.poll(() => act.count(), LONG).toBe(0)

    await unlockKey(page, buyer, PASS_BUYER)
    await cosignInOutbox(page, text)
  })

  it('the buyer follows it: received, with its receipt number and time, no rule in the way', { timeout: 120_000 }, async () => {
    const items = await followRegister(page, number)
    await expect.poll(() => items.count(), LONG).toBe(1)
    const item = items.first()
    const receipt = (await item.getAttribute('data-receipt'))!
    expect(receipt).toMatch(new RegExp(`^${OFFICE}-${l.year}-\\d+$`))
    saleReceipt = Number(receipt.split('-')[2])
    expect(await item.getAttribute('data-status')).toBe('received')
    expect(await item.getAttribute('data-mine')).toBe('true')
    await expect.poll(() => item.getByTestId('land-follow-received').innerText(), LONG).toMatch(new RegExp(`^접수되었습니다: ${l.year}년 제${saleReceipt}호, .*\\d{1,2}:\\d{2}`))
    expect(await item.getByTestId('land-follow-state').innerText()).toBe('등기 규칙에 걸리는 사항이 없습니다. 등기관의 기입을 기다립니다.')
    const shown = await page.getByTestId('land-follow').innerText()
    expect(shown).toContain('소유권이전')
    expect(shown).toContain('김민지 900202-2******')
    expect(shown).not.toMatch(RAW)
  })

  it('a second application, handed over as a QR code and co-signed, is withdrawn by the seller after retyping its receipt; in English', { timeout: 180_000 }, async () => {
    // a jeonse for the buyer, prepared by the seller; the buyer co-signs it from the same outbox (both keys on this device)
    await unlockKey(page, seller, PASS_SELLER)
    await page.getByTestId('nav-land-apply').click()
    // the register found by its address this time
    await page.getByTestId('land-apply-register').fill('서울 종로구 세종로 1-3')
    await page.getByTestId('land-apply-register').press('Enter')
    const hit = page.locator(`[data-testid="land-apply-hit"][data-number="${number}"]`)
    await expect.poll(() => hit.count(), LONG).toBe(1)
    await hit.focus()
    await page.keyboard.press('Enter')
    expect(await page.getByTestId('land-apply-register').inputValue()).toBe(number)
    const form = page.getByTestId('land-apply-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    await form.getByTestId('land-apply-purpose').selectOption('right.jeonse')
    await form.getByTestId('land-apply-amount').fill('300000000')
    await form.getByTestId('land-apply-party-name').fill('김민지')
    await form.getByTestId('land-apply-party-number').fill('900202-2345678')
    await form.getByTestId('land-apply-party-key').fill(buyer)
    await form.getByTestId('land-apply-submit').click()
    await confirmIrreversible(page, 'land-apply-confirm')
    await page.getByTestId('land-apply-to-outbox').click()
    const act = page.getByTestId('act-item')
    await expect.poll(() => act.count(), LONG).toBe(1)
    // handed over as a QR code this time: its text is what the buyer's camera would read
    await act.getByTestId('act-qr').click()
    await expect.poll(() => page.getByTestId('act-qr-code').count(), LONG).toBe(1)
    const qr = await page.getByTestId('act-qr-text').locator('textarea').inputValue()
    expect(qr.startsWith('DJACT1:')).toBe(true)
    expect(qr).not.toContain('2345678')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('act-qr-code').count(), LONG).toBe(0)
    await act.getByTestId('act-remove').click()
    await expect.poll(() => act.count(), LONG).toBe(0)
    await unlockKey(page, buyer, PASS_BUYER)
    await cosignInOutbox(page, qr)

    await unlockKey(page, seller, PASS_SELLER)
    await setLanguage(page, 'en')
    const items = await followRegister(page, number)
    const second = page.locator(`[data-testid="land-follow-item"][data-receipt="${OFFICE}-${l.year}-${saleReceipt + 1}"]`)
    await expect.poll(() => second.count(), LONG).toBe(1)
    expect(await items.count()).toBe(2)
    expect(await second.getByTestId('land-follow-received').innerText()).toMatch(new RegExp(`^Received: no\\. ${saleReceipt + 1} of ${l.year}, `))
    await second.getByTestId('land-follow-withdraw').click()
    expect(await confirmIrreversible(page, 'land-follow-confirm')).toBe(`${OFFICE}-${l.year}-${saleReceipt + 1}`)
    await expect.poll(() => second.getAttribute('data-status'), LONG).toBe('withdrawn')
    expect(await second.getByTestId('land-follow-state').innerText()).toBe('Withdrawn.')
    expect(await second.getByTestId('land-follow-withdraw').count()).toBe(0)
    // the sale is untouched
    const first = page.locator(`[data-testid="land-follow-item"][data-receipt="${OFFICE}-${l.year}-${saleReceipt}"]`)
    expect(await first.getAttribute('data-status')).toBe('received')
    expect(await page.getByTestId('land-follow').innerText()).not.toMatch(RAW)
  })
  it("a bank officer applies for a mortgage in the bank's name; the owner co-signs; in Korean", { timeout: 180_000 }, async () => {
    const officer = await createKey(page, '국민은행 대출 담당 정하나', PASS_OFFICER, [buyer, seller])
    const g = cli(['role', 'grant', '--home', l.home, '--subject', officer, '--role', 'bank-officer', '--label', '국민은행 대출 담당', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    await page.reload()
    await unlockKey(page, officer, PASS_OFFICER)
    await closeNotifications(page)
    await setLanguage(page, 'ko')
    await page.getByTestId('nav-land-apply').click()
    await page.getByTestId('land-apply-register').fill(number)
    await page.getByTestId('land-apply-register').press('Enter')
    const form = page.getByTestId('land-apply-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    await form.getByTestId('land-apply-purpose').selectOption('right.mortgage')
    await expect.poll(() => form.getByTestId('land-apply-as-bank').count(), LONG).toBe(1)
    await form.getByTestId('land-apply-as-bank').click()
    await expect.poll(() => form.getByTestId('land-apply-bank').count(), LONG).toBe(1)
    expect(await form.getByTestId('land-apply-party').count()).toBe(0)
    await form.getByTestId('land-apply-bank-name').fill('주식회사 국민은행')
    await form.getByTestId('land-apply-bank-number').fill('110111-2365322')
    await expect.poll(() => form.innerText(), LONG).toContain('법인등록번호는 6자리-7자리이고 마지막 자리가 검증번호와 맞아야 합니다.')
    await form.getByTestId('land-apply-bank-number').fill('110111-2365321')
    await form.getByTestId('land-apply-bank-address').fill('서울특별시 영등포구 국제금융로8길 26')
    await form.getByTestId('land-apply-amount').fill('120,000,000')
    await form.getByTestId('land-apply-debtor-name').fill('박서준')
    await form.getByTestId('land-apply-debtor-address').fill('서울특별시 종로구 사직로 161')
    await expect.poll(() => page.getByTestId('land-apply-signers').innerText(), LONG).toContain('나(이 기기의 키), 박서준')
    await form.getByTestId('land-apply-submit').click()
    await confirmIrreversible(page, 'land-apply-confirm')
    await page.getByTestId('land-apply-to-outbox').click()
    const act = page.getByTestId('act-item')
    await expect.poll(() => act.count(), LONG).toBe(1)
    // the owner signs it too (the same device here, as the bank's counter would have it)
    await unlockKey(page, seller, PASS_SELLER)
    await page.getByTestId('nav-outbox').click()
    await act.getByTestId('act-sign').click()
    await page.getByTestId('act-sign-confirm').click()
    await expect.poll(() => act.getAttribute('data-complete'), LONG).toBe('true')
    await act.getByTestId('act-send').click()
    await expect.poll(() => act.count(), LONG).toBe(0)
    await followRegister(page, number)
    const mortgage = page.locator('[data-testid="land-follow-item"]', { hasText: '근저당권설정' })
    await expect.poll(() => mortgage.count(), LONG).toBe(1)
    expect(await mortgage.getAttribute('data-status')).toBe('received')
    expect(await mortgage.innerText()).toContain('주식회사 국민은행 110111-2365321')
    expect(await page.getByTestId('land-follow').innerText()).not.toMatch(RAW)
    const queue = cli(['land', 'queue', '--home', l.home, '--office', OFFICE, '--json'])
    const app = queue.json.find((a: { purpose: string }) => a.purpose === 'right.mortgage')
    expect(app.request.holders[0]).toMatchObject({ name: '주식회사 국민은행', key: null, agency: 'court' })
    expect(app.request.amount).toBe('120000000')
    expect(app.parties).toEqual([officer, seller])
  })
})
