/// <reference lib="dom" />
/**
 * The UI served by a real headless node, in Chromium: the status bar's height rises, the node overview and recent
 * blocks fill in, the token leaves the address bar, Korean/English switch persists, keyboard focus is visible.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, cli, startNode, stopAll, tempHome, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'

describe('the app frame in Chromium', () => {
  const t = tempHome()
  let node: StartedNode
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    ensureUiBuilt()
    const home = join(t.dir, 'node')
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    // the way a user arrives: a one-time sign-in link, as `daejang start` prints and `daejang open` opens
    const { code } = (await api(node, 'POST', '/api/v1/session/code')).body
    await page.goto(`${node.url}/#code=${code}`)
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('shows the node height rising in the status bar', async () => {
    const height = page.getByTestId('status-height')
    await expect.poll(async () => Number((await height.textContent())?.replace(/\D/g, '') || 0), { timeout: 15_000 }).toBeGreaterThan(0)
    const first = Number((await height.textContent())!.replace(/\D/g, ''))
    await expect.poll(async () => Number((await height.textContent())?.replace(/\D/g, '') || 0), { timeout: 15_000 }).toBeGreaterThan(first)
    await expect.poll(async () => (await page.getByTestId('status-sync').textContent())?.toLowerCase(), { timeout: 10_000 }).toContain('synced')
  })

  it('removes the sign-in code from the address bar and fills the overview and recent blocks', async () => {
    expect(page.url()).not.toContain('code=')
    expect(page.url()).not.toContain('token=')
    await expect.poll(() => page.getByTestId('node-chain-id').textContent(), { timeout: 10_000 }).toMatch(/^daejang-/)
    await expect.poll(() => page.getByTestId('recent-blocks').locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0)
  })

  it('switches between Korean and English and remembers the choice', async () => {
    const sw = page.getByTestId('lang-switch')
    await sw.selectOption('ko')
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ko')
    await expect.poll(() => page.locator('body').innerText()).toContain('언어')
    await page.reload()
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ko')
    await page.getByTestId('lang-switch').selectOption('en')
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en')
    await expect.poll(() => page.locator('body').innerText()).toContain('Language')
  })

  it('can be driven by keyboard with visible focus', async () => {
    await page.keyboard.press('Tab')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null
      if (!el || el === document.body) return null
      const s = getComputedStyle(el)
      return { tag: el.tagName, outline: s.outlineStyle !== 'none' || s.boxShadow !== 'none' }
    })
    expect(focused).not.toBeNull()
    expect(focused!.outline).toBe(true)
  })

  it('points a device without a key to the first-run screen', async () => {
    await page.goto(`${node.url}/#/`)
    const banner = page.getByTestId('first-run-banner')
    await expect.poll(() => banner.isVisible(), { timeout: 10_000 }).toBe(true)
    await page.getByTestId('first-run-banner-link').click()
    await expect.poll(() => page.getByTestId('welcome-page').isVisible(), { timeout: 10_000 }).toBe(true)
  })
})
