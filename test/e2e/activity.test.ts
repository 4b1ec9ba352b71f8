/// <reference lib="dom" />
/**
 * The Activity screen (issue 15, "never silent"), in Chromium: a governance act committed on the node shows in words,
 * in Korean and in English, never as a type or a code; the kinds filter keeps what is asked for and says so when
 * nothing of that kind was recorded; the filter is kept in the address.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type StartedNode, cli, startNode, stopAll, tempHome } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { LONG, setLanguage } from './land-setup'

describe('the Activity screen', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  let node: StartedNode
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    ensureUiBuilt()
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--json']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    const k = cli(['keys', 'create', '--home', home, '--name', 'moj-admin', '--json'])
    const f = join(t.dir, 'agency.json')
    writeFileSync(f, JSON.stringify({ id: 'moj', name: '법무부', admins: [k.json.publicKey], validator: null }))
    expect(cli(['governance', 'propose', '--home', home, '--admit', f, '--in-blocks', '20', '--json']).code).toBe(0)
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('shows the governance act in words, filters by kind, in both languages', { timeout: 120_000 }, async () => {
    await page.getByTestId('nav-activity').click()
    const rows = page.getByTestId('activity-row')
    await expect.poll(() => rows.count(), LONG).toBeGreaterThan(0)
    const gov = page.locator('[data-testid="activity-row"][data-kind="governance"]')
    await expect.poll(() => gov.count(), LONG).toBeGreaterThan(0)
    const text = await page.getByTestId('activity-table').innerText()
    expect(text).toContain('거버넌스:')
    expect(text).not.toMatch(/governance\.\w|[A-Z]+_[A-Z_]+/)

    // only errors: none recorded, said so; the choice is in the address
    await page.getByTestId('activity-filter-error').check()
    await expect.poll(() => page.getByTestId('activity-empty').innerText(), LONG).toContain('고른 종류의 기록이 없습니다.')
    expect(await page.evaluate(() => location.hash)).toContain('kinds=error')
    await page.getByTestId('activity-filter-governance').check()
    await expect.poll(() => gov.count(), LONG).toBeGreaterThan(0)
    expect(await page.locator('[data-testid="activity-row"]:not([data-kind="governance"])').count()).toBe(0)

    await setLanguage(page, 'en')
    await expect.poll(() => page.getByTestId('activity-table').innerText(), LONG).toContain('Governance:')
    await page.getByTestId('activity-filter-all').check()
    await expect.poll(() => page.evaluate(() => location.hash), LONG).not.toContain('kinds=')
  })
})
