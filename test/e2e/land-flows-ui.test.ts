/// <reference lib="dom" />
/**
 * Issue 12's "done when" in the app, in Chromium against a running node (docs/adr/0039), by the roles that do them:
 * 1. a sale with a mortgage: the buyer co-signs the sale; a bank officer prepares the bank's 근저당권 filed together
 *    with that sale (picked from the register's pending sales, in words), the buyer co-signs it; the registrar enters
 *    the sale, then the mortgage; the register shows the new owner and the 근저당권;
 * 2. a seizure and its release: a court's officer commissions a 가압류 on the commission screen, the registrar enters
 *    it; a sale then meets it (the queue says so in words and entering is not offered); the court commissions the
 *    cancellation, the registrar enters it, then the sale;
 * 3. a condominium unit's transfer prepared on the unit's register, co-signed and entered.
 * The keys are made in the app; the registry office, the registers and the other side's CLI keys with the CLI.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, cli, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import { FINDING_NOW, LONG, type LandNode, OFFICE, RAW, cosignInOutbox, holder, landNode, openRegister, prepareAct, request, setLanguage } from './land-setup'

const PASS = { buyer: 'buyer passphrase 1', officer: 'officer passphrase 2', judge: 'judge passphrase 3', registrar: 'registrar passphrase 4', unit: 'unit buyer passphrase 5' }

describe('the flows of issue 12 in the app: a sale with a mortgage, a seizure and its release, a unit', () => {
  let l: LandNode
  let browser: Browser
  let page: Page
  let number = ''
  const k: Record<string, string> = {}

  const show = (n: string) => {
    const r = cli(['land', 'show', n, '--home', l.home, '--json'])
    expect(r.code, r.stderr).toBe(0)
    return r.json as { owners: Array<{ holder: { name: string } }>; live: Array<{ section: string; rank: string; purpose: string }> }
  }
  const lastReceipt = (): number => Math.max(...cli(['land', 'queue', '--home', l.home, '--office', OFFICE, '--json']).json.map((x: { receipt: number }) => x.receipt))
  const row = (receipt: number) => page.locator(`[data-testid="land-application"][data-key="${OFFICE}-${l.year}-${receipt}"]`)
  const grant = (subject: string, role: string, label: string) => {
    const g = cli(['role', 'grant', '--home', l.home, '--subject', subject, '--role', role, '--label', label, '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
  }
  /** the registrar (unlocked) enters an application from the queue, confirmed by office-year-receipt */
  async function enterInQueue(receipt: number): Promise<void> {
    await page.getByTestId('nav-land').click()
    await page.getByTestId('land-tab-queue').click()
    const r = row(receipt)
    await expect.poll(() => r.count(), LONG).toBe(1)
    await expect.poll(() => r.getByTestId('land-enter').isDisabled(), LONG).toBe(false)
    await r.getByTestId('land-enter').click()
    expect(await confirmIrreversible(page, 'land-confirm')).toBe(`${OFFICE}-${l.year}-${receipt}`)
    await expect.poll(() => page.getByTestId('land-decision-result').getAttribute('data-status'), LONG).toBe('committed')
    await expect.poll(() => r.count(), LONG).toBe(0)
  }
  /** signs the act waiting in the outbox with the unlocked key and sends it */
  async function signAndSend(): Promise<void> {
    await page.getByTestId('nav-outbox').click()
    const act = page.getByTestId('act-item')
    await expect.poll(() => act.count(), LONG).toBe(1)
    await act.getByTestId('act-sign').click()
    await page.getByTestId('act-sign-confirm').click()
    await expect.poll(() => act.getAttribute('data-complete'), LONG).toBe('true')
    await act.getByTestId('act-send').click()
    await expect.poll(() => act.count(), LONG).toBe(0)
  }

  beforeAll(async () => {
    ensureUiBuilt()
    l = await landNode(['seller', 'third'])
    number = openRegister(l, 1, { name: '박서준', key: l.keys.seller! })
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'ko-KR' })
    await page.goto(`${l.node.url}/#token=${l.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('makes the keys in the app: the buyer, a bank officer, a court officer, a registrar, a unit buyer', { timeout: 300_000 }, async () => {
    k.buyer = await createKey(page, '김민지', PASS.buyer, [])
    k.officer = await createKey(page, '국민은행 대출 담당 정하나', PASS.officer, [k.buyer])
    k.judge = await createKey(page, '서울중앙지방법원 집행관 오세훈', PASS.judge, [k.buyer, k.officer])
    k.registrar = await createKey(page, '등기관 이수진', PASS.registrar, [k.buyer, k.officer, k.judge])
    k.unit = await createKey(page, '최유나', PASS.unit, [k.buyer, k.officer, k.judge, k.registrar])
    grant(k.officer, 'bank-officer', '국민은행 대출 담당')
    grant(k.judge, 'land-authority', '서울중앙지방법원')
    grant(k.registrar, 'registrar', '등기관 이수진')
    await page.reload()
    await closeNotifications(page)
    await setLanguage(page, 'ko')
  })

  let sale = 0
  let mortgage = 0
  it('a sale with a mortgage: the bank files the 근저당권 together with the sale; the registrar enters both in order', { timeout: 300_000 }, async () => {
    // the seller prepares the sale (CLI); the buyer co-signs and sends it in the app
    await unlockKey(page, k.buyer!, PASS.buyer)
    await cosignInOutbox(page, prepareAct(l, 'seller', 'sale', request(number, l.causeOn, { holders: [holder('김민지', k.buyer!)], amount: '850000000' }), [k.buyer!]))
    sale = lastReceipt()

    // the bank officer prepares the mortgage in the bank's name, filed together with that sale
    await unlockKey(page, k.officer!, PASS.officer)
    await page.getByTestId('nav-land-apply').click()
    await page.getByTestId('land-apply-register').fill(number)
    await page.getByTestId('land-apply-register').press('Enter')
    const form = page.getByTestId('land-apply-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    await form.getByTestId('land-apply-purpose').selectOption('right.mortgage')
    await expect.poll(() => form.getByTestId('land-apply-as-bank').count(), LONG).toBe(1)
    await form.getByTestId('land-apply-as-bank').click()
    await form.getByTestId('land-apply-bank-name').fill('주식회사 국민은행')
    await form.getByTestId('land-apply-bank-number').fill('110111-2365321')
    await form.getByTestId('land-apply-bank-address').fill('서울특별시 영등포구 국제금융로8길 26')
    await form.getByTestId('land-apply-amount').fill('600,000,000')
    await form.getByTestId('land-apply-debtor-name').fill('김민지')
    await form.getByTestId('land-apply-debtor-address').fill('서울특별시 종로구 사직로 161')
    // without the link, the current owner would grant it; the pending sale is offered in words
    await expect.poll(() => page.getByTestId('land-apply-signers').innerText(), LONG).toContain('박서준')
    const together = form.getByTestId('land-apply-together')
    await expect.poll(() => together.count(), LONG).toBe(1)
    const option = `${l.year}년 제${sale}호 소유권이전 → 김민지`
    expect(await together.locator('option').allInnerTexts()).toContain(option)
    await together.selectOption({ label: option })
    await expect.poll(() => page.getByTestId('land-apply-signers').innerText(), LONG).toContain('김민지')
    expect(await page.getByTestId('land-apply-signers').innerText()).not.toContain('박서준')
    expect(await page.getByTestId('land-apply').innerText()).not.toMatch(RAW)
    await form.getByTestId('land-apply-submit').click()
    const dialog = page.getByTestId('land-apply-confirm')
    await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
    expect(await dialog.innerText()).toContain(option)
    await confirmIrreversible(page, 'land-apply-confirm')
    await expect.poll(() => page.getByTestId('land-apply-made').count(), LONG).toBe(1)

    // the buyer co-signs it (the bank's counter: the same device) and sends it
    await unlockKey(page, k.buyer!, PASS.buyer)
    await signAndSend()
    await expect.poll(() => lastReceipt(), LONG).toBe(sale + 1)
    mortgage = sale + 1
    const queued = cli(['land', 'queue', '--home', l.home, '--office', OFFICE, '--json']).json.find((a: { receipt: number }) => a.receipt === mortgage)
    expect(queued.together).toEqual({ office: OFFICE, year: Number(l.year), receipt: sale })
    expect(queued.parties).toEqual([k.officer, k.buyer])

    // the registrar enters the sale, then the mortgage
    await unlockKey(page, k.registrar!, PASS.registrar)
    await page.getByTestId('nav-land').click()
    await page.getByTestId('land-tab-queue').click()
    await expect.poll(() => row(mortgage).getByTestId('land-together').count(), LONG).toBe(1)
    expect(await row(mortgage).getByTestId('land-together').innerText()).toContain(`${l.year}년 제${sale}호 신청과 함께 접수되었습니다`)
    await enterInQueue(sale)
    await enterInQueue(mortgage)
    const reg = show(number)
    expect(reg.owners.map((o) => o.holder.name)).toEqual(['김민지'])
    expect(reg.live.map((x) => `${x.section}:${x.purpose}`)).toEqual(['B:right.mortgage'])
    await page.evaluate((n) => (location.hash = `#/land/registers/${n}`), number)
    await expect.poll(() => page.getByTestId('register-land').innerText(), LONG).toContain('근저당권설정')
    expect(await page.getByTestId('register-land').innerText()).toContain('주식회사 국민은행')
  })

  it('a seizure and its release: the court commissions a 가압류, a sale meets it, the court cancels it, the sale enters', { timeout: 400_000 }, async () => {
    // the court's officer commissions the attachment
    await unlockKey(page, k.judge!, PASS.judge)
    await page.getByTestId('nav-land').click()
    await page.getByTestId('land-tab-commission').click()
    const panel = page.getByTestId('land-commission')
    await expect.poll(() => panel.getByTestId('land-commission-authority').count(), LONG).toBe(1)
    expect(await panel.getByTestId('land-commission-authority').innerText()).toContain('대법원 법원행정처')
    await panel.getByTestId('land-commission-register').fill(number)
    await panel.getByTestId('land-commission-register').press('Enter')
    const form = panel.getByTestId('land-commission-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    await form.getByTestId('land-commission-amount').fill('50,000,000')
    // no case number: refused in words, nothing signed
    await form.getByTestId('land-commission-submit').click()
    await expect.poll(() => form.innerText(), LONG).toContain('사건번호를 입력하십시오.')
    expect(await page.getByTestId('land-commission-confirm').isVisible()).toBe(false)
    await form.getByTestId('land-commission-case').fill('2026카단1234')
    await form.getByTestId('land-commission-submit').click()
    const dialog = page.getByTestId('land-commission-confirm')
    await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
    expect(await dialog.innerText()).toContain('가압류를 촉탁합니다')
    expect(await dialog.innerText()).toContain('금 50,000,000원')
    expect(await confirmIrreversible(page, 'land-commission-confirm')).toBe(number)
    await expect.poll(() => page.getByTestId('land-commission-result').getAttribute('data-status'), LONG).toBe('committed')
    expect(await panel.innerText()).not.toMatch(RAW)
    const attachment = lastReceipt()

    await unlockKey(page, k.registrar!, PASS.registrar)
    await enterInQueue(attachment)
    const restricted = show(number).live.find((x) => x.purpose === 'restriction.provisional-attachment')
    expect(restricted).toBeDefined()

    // the owner sells on: the queue says what stands in the way, and entering is not offered
    await unlockKey(page, k.buyer!, PASS.buyer)
    await cosignInOutbox(page, prepareAct(l, 'third', 'onward', request(number, l.causeOn, { holders: [holder('이도윤', l.keys.third!)], amount: '900000000' }), [k.buyer!]))
    const onward = lastReceipt()
    await unlockKey(page, k.registrar!, PASS.registrar)
    await page.getByTestId('nav-land').click()
    await page.getByTestId('land-tab-queue').click()
    const r = row(onward)
    await expect.poll(() => r.locator(FINDING_NOW).count(), LONG).toBe(1)
    expect(await r.locator(FINDING_NOW).innerText()).toContain('가압류')
    expect(await r.getByTestId('land-enter').isDisabled()).toBe(true)
    expect(await r.innerText()).not.toMatch(RAW)
    // the README's picture of the registrar's queue: a sale held by a court's 가압류, in words
    await closeNotifications(page)
    await expect.poll(() => page.locator('.n-message').count(), LONG).toBe(0)
    await r.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'land-queue.png') })
    // the CLI's enter is refused too, and nothing changes
    const refused = cli(['land', 'enter', '--home', l.home, '--office', OFFICE, '--year', l.year, '--receipt', String(onward), '--yes', '--json'])
    expect(refused.code).toBe(1)
    expect(refused.json.error.code).toBe('LAND_RESTRICTED')
    expect(show(number).owners.map((o) => o.holder.name)).toEqual(['김민지'])

    // the court commissions the cancellation of its attachment, picked from the register's restrictions
    await unlockKey(page, k.judge!, PASS.judge)
    await page.getByTestId('nav-land').click()
    await page.getByTestId('land-tab-commission').click()
    await expect.poll(() => panel.getByTestId('land-commission-register').count(), LONG).toBe(1)
    await panel.getByTestId('land-commission-register').fill(number)
    await panel.getByTestId('land-commission-register').press('Enter')
    await expect.poll(() => form.count(), LONG).toBe(1)
    await form.getByTestId('land-commission-what').selectOption('cancel')
    const target = form.getByTestId('land-commission-target')
    await expect.poll(() => target.count(), LONG).toBe(1)
    await target.selectOption(restricted!.rank)
    expect(await target.locator('option:checked').innerText()).toContain('가압류')
    await form.getByTestId('land-commission-case').fill('2026카단1234')
    await form.getByTestId('land-commission-submit').click()
    expect(await confirmIrreversible(page, 'land-commission-confirm')).toBe(number)
    await expect.poll(() => page.getByTestId('land-commission-result').getAttribute('data-status'), LONG).toBe('committed')
    const release = lastReceipt()

    await unlockKey(page, k.registrar!, PASS.registrar)
    await enterInQueue(release)
    await enterInQueue(onward)
    const reg = show(number)
    expect(reg.owners.map((o) => o.holder.name)).toEqual(['이도윤'])
    expect(reg.live.map((x) => x.purpose)).toEqual(['right.mortgage'])
  })

  it('a condominium unit: its transfer prepared on the unit register, co-signed and entered', { timeout: 300_000 }, async () => {
    const location = { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 5, sub: 0 }
    writeFileSync(
      l.file('complex.json'),
      JSON.stringify({
        office: OFFICE,
        complex: {
          name: '세종아파트 제101동',
          location,
          road: '서울특별시 종로구 세종대로 175',
          structure: '철근콘크리트조',
          floors: [{ floor: '1층', area: '800.00' }],
          lands: [{ location, category: 'building-site', area: '2000.00' }],
        },
      }),
    )
    const cx = cli(['land', 'complex', 'define', '--home', l.home, '--key', 'registrar', '--file', l.file('complex.json'), '--json'])
    expect(cx.code, cx.stderr).toBe(0)
    writeFileSync(
      l.file('unit.json'),
      JSON.stringify({
        office: OFFICE,
        head: { kind: 'unit', complex: cx.json.number, unit: '제101동 제12층 제1203호', floor: '제12층', structure: '철근콘크리트조', area: '84.50', landRight: { kind: 'ownership', share: '4567/123456' } },
        owners: [holder('김민지', k.buyer!)],
        cause: 'new-building',
        causeOn: l.causeOn,
      }),
    )
    const opened = cli(['land', 'open', '--home', l.home, '--key', 'registrar', '--file', l.file('unit.json'), '--json'])
    expect(opened.code, opened.stderr).toBe(0)
    const unit = opened.json.number as string

    // the owner prepares the transfer on the unit's register in the app
    await unlockKey(page, k.buyer!, PASS.buyer)
    await page.getByTestId('nav-land-apply').click()
    await page.getByTestId('land-apply-register').fill(unit)
    await page.getByTestId('land-apply-register').press('Enter')
    await expect.poll(() => page.getByTestId('land-apply-owner').innerText(), LONG).toContain('김민지')
    const form = page.getByTestId('land-apply-form')
    await form.getByTestId('land-apply-amount').fill('1,200,000,000')
    await form.getByTestId('land-apply-party-name').fill('최유나')
    await form.getByTestId('land-apply-party-number').fill('900202-2345678')
    await form.getByTestId('land-apply-party-address').fill('서울특별시 마포구 월드컵로 1')
    await form.getByTestId('land-apply-party-key').fill(k.unit!)
    await expect.poll(() => page.getByTestId('land-apply-signers').innerText(), LONG).toContain('최유나')
    await form.getByTestId('land-apply-submit').click()
    await confirmIrreversible(page, 'land-apply-confirm')
    await expect.poll(() => page.getByTestId('land-apply-made').count(), LONG).toBe(1)
    // the unit's buyer co-signs and sends it
    await unlockKey(page, k.unit!, PASS.unit)
    await signAndSend()
    const receipt = lastReceipt()
    const queued = cli(['land', 'queue', '--home', l.home, '--office', OFFICE, '--json']).json.find((a: { receipt: number }) => a.receipt === receipt)
    expect(queued.register).toBe(unit)
    expect(queued.request.holders[0]).toMatchObject({ name: '최유나', id: '900202-2******' })

    await unlockKey(page, k.registrar!, PASS.registrar)
    await enterInQueue(receipt)
    expect(show(unit).owners.map((o) => o.holder.name)).toEqual(['최유나'])
  })
})
