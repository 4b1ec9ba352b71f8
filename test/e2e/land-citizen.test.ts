/// <reference lib="dom" />
/**
 * A citizen at a registry office's public terminal (issue 12): a key made in the app that holds no role finds a
 * register by its address, reads it (full, entries in force), issues a certified extract, and is told in words what
 * anyone may do here; the examination queue stays the registrars' (the role gate, no application shown), in Korean
 * and English. The register is opened with the CLI (land-setup.ts).
 */
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { stopAll } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, createKey, unlockKey } from './keys-ui'
import { LONG, type LandNode, RAW, landNode, openRegister, setLanguage } from './land-setup'

const PASS = 'citizen passphrase 1'

describe('a citizen with no role: look a register up, read it, issue an extract; not the queue', () => {
  let l: LandNode
  let browser: Browser
  let page: Page
  let number = ''

  beforeAll(async () => {
    ensureUiBuilt()
    l = await landNode(['owner'])
    number = openRegister(l, 7, { name: '박서준', key: l.keys.owner! })
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, locale: 'en-US', acceptDownloads: true })
    await page.goto(`${l.node.url}/#token=${l.node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    l?.cleanup()
  })

  it('a key with no role finds the register by its address and reads it', { timeout: 180_000 }, async () => {
    const citizen = await createKey(page, '시민 홍길동', PASS, [])
    await unlockKey(page, citizen, PASS)
    await closeNotifications(page)
    await setLanguage(page, 'en')
    // the land screen is not locked for it
    await expect.poll(() => page.getByTestId('nav-land').locator('.app-nav__locked').count(), LONG).toBe(0)
    await page.getByTestId('nav-land').click()
    await expect.poll(() => page.getByTestId('land-citizen').innerText(), LONG).toContain('anyone, with no role, can find a register by its address or number')
    expect(await page.getByTestId('role-gate').count()).toBe(0)
    const input = page.getByTestId('land-lookup-input')
    await input.fill('서울 종로구 세종로 7-3')
    await input.press('Enter')
    const hit = page.locator(`[data-testid="land-lookup-hit"][data-number="${number}"]`)
    await expect.poll(() => hit.count(), LONG).toBe(1)
    await hit.getByRole('link').click()
    const reg = page.getByTestId('land-register')
    await expect.poll(() => reg.getAttribute('data-number'), LONG).toBe(number)
    expect(await reg.getByTestId('land-head').innerText()).toContain('서울특별시 종로구 세종로 7-3')
    await expect.poll(() => reg.locator('[data-testid="land-entry"][data-section="A"][data-rank="1"]').innerText(), LONG).toContain('박서준')
    // the entries in force
    await reg.getByTestId('land-current-only').click()
    await expect.poll(() => reg.getAttribute('data-view'), LONG).toBe('current')
    expect(await reg.innerText()).not.toMatch(RAW)
    // and a certified extract, issued with no role
    const extract = page.getByTestId('land-extract')
    await extract.getByTestId('land-extract-lang').selectOption('en')
    const [download] = await Promise.all([page.waitForEvent('download', LONG), extract.getByTestId('land-extract-issue').click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${number}-(full|current)-en\\.pdf$`))
    await expect.poll(() => extract.getByTestId('land-extract-saved').count(), LONG).toBe(1)
  })

  it('cannot reach the examination queue: the role gate names the registrar, no application shows', { timeout: 120_000 }, async () => {
    // no tab offers it to a citizen; reached by its address, the gate names the role
    expect(await page.getByTestId('land-tab-queue').count()).toBe(0)
    expect(await page.getByTestId('land-tab-owners').count()).toBe(0)
    expect(await page.getByTestId('land-tab-follow').count()).toBe(1)
    await page.evaluate(() => {
      location.hash = '#/land/queue'
    })
    const gate = page.getByTestId('role-gate')
    await expect.poll(() => gate.getAttribute('data-requires'), LONG).toBe('registrar')
    expect(await gate.innerText()).toContain('Registrar')
    expect(await page.getByTestId('land-application').count()).toBe(0)
    // the same in Korean: the lookup's line for a citizen, and the queue still gated
    await setLanguage(page, 'ko')
    await expect.poll(() => gate.innerText(), LONG).toContain('등기관')
    await page.getByTestId('nav-land').click()
    await expect.poll(() => page.getByTestId('land-citizen').innerText(), LONG).toContain('역할이 없어도 누구나')
    expect(await page.getByTestId('land-citizen').innerText()).toContain('「검증」 화면')
  })
})
