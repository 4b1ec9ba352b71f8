/// <reference lib="dom" />
/**
 * A licensed agent's application under the parties' signed mandates, in Chromium against a running node (docs/adr/0033
 * "Agents and their mandates", 0039), in Korean. Two devices (browser contexts, each its own key store): the agent's
 * office and the parties' device. The agent (a key made in the app, granted the land-agent credential with the CLI)
 * prepares the sale of the seller's register to the buyer and exports it for the parties' mandates. On their device
 * the seller and the buyer each import it, read in words which agent, office and act it mandates, confirm and sign
 * (a key that is no party to it cannot); each mandate file goes back to the agent, who attaches them (one for
 * another application is refused in words) and signs alone: nobody else co-signs. The registrar's queue shows it was
 * filed under the parties' mandates, and enters it: the buyer owns the register.
 */
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, createKey, unlockKey } from './keys-ui'
import { LONG, type LandNode, OFFICE, RAW, landNode, openRegister, setLanguage } from './land-setup'

const PASS_AGENT = 'agent passphrase 1'
const PASS_SELLER = 'seller passphrase 2'
const PASS_BUYER = 'buyer passphrase 3'
const PASS_REGISTRAR = 'registrar passphrase 4'

describe('the licensed agent: the parties sign mandates, the agent files, the registrar enters', () => {
  let l: LandNode
  let browser: Browser
  /** the agent's office */
  let office: Page
  /** the parties' device (and, later, the registrar's) */
  let parties: Page
  let agent = ''
  let seller = ''
  let buyer = ''
  /** a key on the parties' device that is no party to the sale */
  let other = ''
  let number = ''
  let requestText = ''
  const mandates: string[] = []

  beforeAll(async () => {
    ensureUiBuilt()
    l = await landNode([])
    browser = await launch()
    const open = async (): Promise<Page> => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'ko-KR', acceptDownloads: true })
      const p = await ctx.newPage()
      await p.goto(`${l.node.url}/#token=${l.node.token}`)
      return p
    }
    office = await open()
    parties = await open()
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('the keys are made in the app; the agent is granted its credential; the seller owns a register', { timeout: 180_000 }, async () => {
    agent = await createKey(office, '법무사 최유진', PASS_AGENT, [])
    buyer = await createKey(parties, '김민지', PASS_BUYER, [])
    seller = await createKey(parties, '박서준', PASS_SELLER, [buyer])
    const g = cli(['role', 'grant', '--home', l.home, '--subject', agent, '--role', 'land-agent', '--label', '법무사 최유진', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    number = openRegister(l, 1, { name: '박서준', key: seller })
    await office.reload()
    await unlockKey(office, agent, PASS_AGENT)
    await closeNotifications(office)
    await setLanguage(office, 'ko')
    await closeNotifications(parties)
    await setLanguage(parties, 'ko')
  })

  it('the agent prepares the sale and exports it for the parties\' mandates', { timeout: 180_000 }, async () => {
    await office.getByTestId('nav-land-apply').click()
    const reg = office.getByTestId('land-apply-register')
    await expect.poll(() => reg.count(), LONG).toBe(1)
    await reg.fill(number)
    await reg.press('Enter')
    const form = office.getByTestId('land-apply-form')
    await expect.poll(() => form.count(), LONG).toBe(1)
    // the agent's part is offered to a key with the credential
    await expect.poll(() => form.getByTestId('land-apply-agent').count(), LONG).toBe(1)
    expect(await form.getByTestId('land-apply-export-request').isDisabled()).toBe(true)
    await form.getByTestId('land-apply-amount').fill('850,000,000')
    await form.getByTestId('land-apply-party-name').fill('김민지')
    await form.getByTestId('land-apply-party-number').fill('900202-2345678')
    await form.getByTestId('land-apply-party-address').fill('서울특별시 중구 세종대로 110')
    await form.getByTestId('land-apply-party-key').fill(buyer)
    await expect.poll(() => office.getByTestId('land-apply-signers').innerText(), LONG).toContain('나(이 기기의 키), 박서준, 김민지')
    const [download] = await Promise.all([office.waitForEvent('download'), form.getByTestId('land-apply-export-request').click()])
    const file = l.file('mandate-request.json')
    await download.saveAs(file)
    requestText = readFileSync(file, 'utf8')
    const parsed = JSON.parse(requestText)
    expect(parsed).toMatchObject({ kind: 'daejang/land/mandate-request/1', agent, office: OFFICE })
    expect(parsed.request.register).toBe(number)
    expect(requestText).not.toContain('2345678')
    expect(await office.getByTestId('land-apply').innerText()).not.toMatch(RAW)
  })

  it('a key that is no party to it reads it but cannot sign a mandate', { timeout: 120_000 }, async () => {
    other = await createKey(parties, '이도윤', 'other passphrase 5', [buyer, seller])
    expect(other).toMatch(/^[0-9a-f]{64}$/)
    await parties.getByTestId('nav-land-apply').click()
    await parties.getByTestId('land-tab-mandate').click()
    const page = parties.getByTestId('land-mandate')
    await expect.poll(() => page.count(), LONG).toBe(1)
    // not a request file: said in words
    await page.getByTestId('land-mandate-text').locator('textarea').fill('{"type":"land.apply"}')
    await page.getByTestId('land-mandate-read').click()
    await expect.poll(() => page.getByTestId('land-mandate-file-problem').innerText(), LONG).toBe('법무사가 내보낸 위임받을 신청 파일이 아닙니다.')
    await page.getByTestId('land-mandate-text').locator('textarea').fill(requestText)
    await page.getByTestId('land-mandate-read').click()
    await expect.poll(() => page.getByTestId('land-mandate-not-party').count(), LONG).toBe(1)
    expect(await page.getByTestId('land-mandate-sign').isDisabled()).toBe(true)
  })

  for (const who of ['seller', 'buyer'] as const) {
    it(`the ${who} reads in words what it mandates, confirms and signs the mandate`, { timeout: 120_000 }, async () => {
      await unlockKey(parties, who === 'seller' ? seller : buyer, who === 'seller' ? PASS_SELLER : PASS_BUYER)
      await parties.getByTestId('nav-land-apply').click()
      await parties.getByTestId('land-tab-mandate').click()
      const page = parties.getByTestId('land-mandate')
      await expect.poll(() => page.count(), LONG).toBe(1)
      await page.getByTestId('land-mandate-text').locator('textarea').fill(requestText)
      await page.getByTestId('land-mandate-read').click()
      const facts = page.getByTestId('land-mandate-facts')
      await expect.poll(() => facts.innerText(), LONG).toContain('법무사 최유진 — 법무사 자격이 확인되었습니다.')
      await expect.poll(() => facts.innerText(), LONG).toContain('서울중앙지방법원 등기국 (1101)')
      const shown = await facts.innerText()
      expect(shown).toContain('소유권이전')
      expect(shown).toContain('금 850,000,000원')
      expect(shown).toContain('김민지 900202-2******')
      expect(shown).toContain(who === 'seller' ? '박서준' : '김민지')
      expect(await page.innerText()).not.toMatch(RAW)
      expect(await page.getByTestId('land-mandate-not-party').count()).toBe(0)
      await page.getByTestId('land-mandate-sign').click()
      expect(await confirmIrreversible(parties, 'land-mandate-confirm')).toBe(number)
      await expect.poll(() => page.getByTestId('land-mandate-signed').count(), LONG).toBe(1)
      let text = await page.getByTestId('land-mandate-out').locator('textarea').inputValue()
      if (who === 'seller') {
        // handed over as a file
        const [download] = await Promise.all([parties.waitForEvent('download'), page.getByTestId('land-mandate-download').click()])
        const file = l.file('mandate-seller.json')
        await download.saveAs(file)
        text = readFileSync(file, 'utf8')
      }
      const m = JSON.parse(text)
      expect(m).toMatchObject({ party: who === 'seller' ? seller : buyer, agent, office: OFFICE })
      expect(m.sig).toMatch(/^[0-9a-f]{128}$/)
      mandates.push(text)
    })
  }

  it('the agent attaches both mandates (one for another application refused) and files it alone', { timeout: 180_000 }, async () => {
    const form = office.getByTestId('land-apply-form')
    const attach = async (text: string): Promise<void> => {
      await form.getByTestId('land-apply-mandate-text').locator('textarea').fill(text)
      await form.getByTestId('land-apply-mandate-attach').click()
    }
    // a mandate altered to another office is no mandate for this application
    const altered = JSON.stringify({ ...JSON.parse(mandates[0]!), office: '1102' })
    await attach(altered)
    const items = form.getByTestId('land-apply-mandate')
    await expect.poll(() => items.count(), LONG).toBe(1)
    await expect.poll(() => items.first().innerText(), LONG).toContain('다른 등기소에 내는 신청의 위임장입니다.')
    await items.first().getByTestId('land-apply-mandate-remove').click()
    await expect.poll(() => items.count(), LONG).toBe(0)

    await attach(mandates[0]!)
    await attach(mandates[1]!)
    await expect.poll(() => items.count(), LONG).toBe(2)
    await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-ok'))), LONG).toEqual(['true', 'true'])
    // the application changed: the mandates no longer serve it
    await form.getByTestId('land-apply-amount').fill('900,000,000')
    await expect.poll(() => form.getByTestId('land-apply-mandate-problem').count(), LONG).toBe(2)
    expect(await form.getByTestId('land-apply-mandate-problem').first().innerText()).toContain('다른 신청(또는 고치기 전의 신청)의 위임장입니다.')
    await form.getByTestId('land-apply-amount').fill('850,000,000')
    await expect.poll(() => form.getByTestId('land-apply-mandate-problem').count(), LONG).toBe(0)

    const signers = office.getByTestId('land-apply-signers')
    await expect.poll(() => signers.innerText(), LONG).toContain('위임장으로 서명한 당사자: 박서준, 김민지')
    expect(await signers.innerText()).toContain('다른 당사자의 서명 없이 바로 보냅니다.')
    expect(await office.getByTestId('land-apply').innerText()).not.toMatch(RAW)
    await form.getByTestId('land-apply-submit').click()
    expect(await confirmIrreversible(office, 'land-apply-confirm')).toBe(number)
    await expect.poll(() => office.getByTestId('land-apply-result').getAttribute('data-status'), LONG).toBe('committed')
    const queue = cli(['land', 'queue', '--home', l.home, '--office', OFFICE, '--json'])
    const app = queue.json.find((a: { purpose: string }) => a.purpose === 'ownership.transfer')
    expect(app.parties).toEqual([agent])
    expect(app.mandates.map((m: { party: string }) => m.party)).toEqual([seller, buyer])
  })

  it('the registrar sees it was filed under the parties\' mandates and enters it', { timeout: 180_000 }, async () => {
    const registrar = await createKey(parties, '등기관 이수진', PASS_REGISTRAR, [buyer, seller, other])
    const g = cli(['role', 'grant', '--home', l.home, '--subject', registrar, '--role', 'registrar', '--label', '등기관 이수진', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    await parties.reload()
    await unlockKey(parties, registrar, PASS_REGISTRAR)
    await closeNotifications(parties)
    await expect.poll(() => parties.getByTestId('nav-land').locator('.app-nav__locked').count(), LONG).toBe(0)
    await parties.getByTestId('nav-land').click()
    await parties.getByTestId('land-tab-queue').click()
    const sale = parties.locator('[data-testid="land-application"]', { hasText: '소유권이전' })
    await expect.poll(() => sale.count(), LONG).toBe(1)
    await expect.poll(() => sale.getByTestId('land-mandates').innerText(), LONG).toContain('법무사가 박서준, 김민지의 위임장을 받아 신청했습니다.')
    expect(await parties.getByTestId('land-queue').innerText()).not.toMatch(RAW)
    await sale.getByTestId('land-enter').click()
    await confirmIrreversible(parties, 'land-confirm')
    await expect.poll(() => parties.getByTestId('land-decision-result').getAttribute('data-status'), LONG).toBe('committed')
    const shown = cli(['land', 'show', number, '--home', l.home, '--json'])
    expect(shown.json.owners.map((o: { holder: { name: string } }) => o.holder.name)).toEqual(['김민지'])
  })
})
