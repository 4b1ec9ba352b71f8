/// <reference lib="dom" />
/**
 * Consortium governance in Chromium against a local consortium node (one agency, one validator of power 10): the UI
 * takes the local administrator key; on the Consortium screen the administrator proposes to raise the agency's own
 * voting power 10 → 20 (its agency holds all the power, so the proposal is approved in the same block), sees it
 * committed and approved, the set scheduled "from height N", and the current set updated once the chain passes N.
 * Then, by keyboard, admits a second agency without a validator (so the node alone keeps producing blocks). Saves
 * docs/screenshots/governance.png.
 */
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, api, startNode, stopAll, tempHome, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'

const PASS = 'local admin passphrase 1'
const LONG = { timeout: 45_000 }
const OTHER_ADMIN = 'ab'.repeat(32)

describe('consortium governance in Chromium', () => {
  const t = tempHome()
  let node: StartedNode
  let browser: Browser
  let page: Page
  let proposalId = ''
  let effective = 0

  const height = async (): Promise<number> => (await api(node, 'GET', '/api/v1/status')).body.height as number

  beforeAll(async () => {
    ensureUiBuilt()
    node = await startNode(join(t.dir, 'node'), ['--ui', '--init-if-missing', '--heartbeat-ms', '300'])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    await page.goto(`${node.url}/#token=${node.token}`)
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('shows the validator set and no proposals to everyone, and no governance actions without an administrator key', async () => {
    await page.getByTestId('nav-consortium').click()
    const rows = page.getByTestId('consortium-validators').getByTestId('validator-row')
    await expect.poll(() => rows.count(), LONG).toBe(1)
    expect(await rows.first().getAttribute('data-agency')).toBe('local-agency')
    expect(await rows.first().getAttribute('data-power')).toBe('10')
    expect(await page.getByTestId('scheduled-none').count()).toBe(1)
    expect(await page.getByTestId('proposals-none').count()).toBe(1)
    expect(await page.getByTestId('proposals-admin-hint').count()).toBe(1)
    expect(await page.getByTestId('proposal-new').count()).toBe(0)
  })

  it('takes the local administrator key', async () => {
    await page.getByTestId('nav-keys').click()
    const local = page.getByTestId('first-run-local')
    await expect.poll(() => local.count(), LONG).toBe(1)
    await local.getByTestId('local-admin-passphrase').fill(PASS)
    await local.getByTestId('local-admin-passphrase2').fill(PASS)
    await local.getByTestId('local-admin-submit').click()
    const card = page.getByTestId('key-card')
    await expect.poll(() => card.count(), LONG).toBe(1)
    await expect.poll(() => card.first().getAttribute('data-unlocked'), LONG).toBe('true')
    await expect.poll(async () => (await card.first().getByTestId('key-admin-of').textContent())?.trim() ?? '', LONG).not.toBe('')
  })

  it('proposes the agency’s own power 10 → 20: committed, approved at once, scheduled from its height', async () => {
    await page.getByTestId('nav-consortium').click()
    await page.getByTestId('proposal-new').click()
    const form = page.getByTestId('proposal-form')
    await form.getByTestId('proposal-kind-validator').click()
    expect(await form.getByTestId('validator-agency').inputValue()).toBe('local-agency')
    // the key is prefilled with the agency's validator; only the power changes
    expect(await form.getByTestId('validator-key').inputValue()).toMatch(/^[0-9a-f]{64}$/)
    await form.getByTestId('validator-power').fill('20')
    const suggested = Number(await form.getByTestId('proposal-height').inputValue())
    const now = await height()
    expect(suggested).toBeGreaterThanOrEqual(now + 15)
    expect(suggested).toBeLessThanOrEqual(now + 20)

    // too soon: refused in the form, nothing sent
    await form.getByTestId('proposal-height').fill(String(now))
    await form.getByTestId('proposal-height').press('Tab')
    await form.getByTestId('proposal-submit').click()
    await expect.poll(() => form.getByTestId('proposal-problems').innerText()).toMatch(/must be \d+ or later/)
    expect(await page.getByTestId('proposal-result').count()).toBe(0)

    effective = (await height()) + 20
    await form.getByTestId('proposal-height').fill(String(effective))
    await form.getByTestId('proposal-height').press('Tab')
    await form.getByTestId('proposal-note').fill('more weight for the local node')
    expect(await form.getByTestId('proposal-preview').innerText()).toContain('power 20')
    expect(await form.getByTestId('proposal-liveness').count()).toBe(0)
    await form.getByTestId('proposal-submit').click()

    const result = form.getByTestId('proposal-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')
    proposalId = (await result.getAttribute('data-hash'))!

    const item = page.locator(`[data-testid="proposal"][data-id="${proposalId}"]`)
    await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('approved')
    expect(await item.getByTestId('proposal-status').innerText()).toBe('Approved')
    expect(await item.getByTestId('proposal-effective').innerText()).toBe(`Takes effect at height ${effective}`)
    expect(await item.getByTestId('proposal-approvals').innerText()).toContain('Local')
    expect(await item.innerText()).toContain('more weight for the local node')
    // one agency, one administrator: nothing left to approve
    expect(await item.getByTestId('proposal-approve').count()).toBe(0)

    const scheduled = page.locator(`[data-testid="scheduled-set"][data-from-height="${effective}"]`)
    await expect.poll(() => scheduled.count(), LONG).toBe(1)
    expect(await scheduled.innerText()).toContain(`From height ${effective}:`)
    const change = scheduled.getByTestId('scheduled-change')
    expect(await change.getAttribute('data-kind')).toBe('power')
    expect(await change.innerText()).toMatch(/voting power changes from 10 to 20/)

    await page.getByTestId('proposal-new').click() // close the form for the picture
    await page.setViewportSize({ width: 1280, height: 1500 })
    await page.mouse.move(1279, 1499)
    await page.getByTestId('validator-set').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'governance.png') })
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('shows the new set once the chain passes the effective height', async () => {
    const row = page.getByTestId('consortium-validators').getByTestId('validator-row').first()
    await expect.poll(() => row.getAttribute('data-power'), LONG).toBe('20')
    expect(Number(await page.getByTestId('validator-set').getAttribute('data-from-height'))).toBe(effective)
    expect(await page.getByTestId('scheduled-none').count()).toBe(1)
    expect(await page.getByTestId('consortium-total-power').innerText()).toBe('20')
    expect(await page.getByTestId('agency-power-local-agency').innerText()).toContain('20')
    const api1 = (await api(node, 'GET', '/api/v1/validators')).body
    expect(api1.validators[0].power).toBe(20)
    // the set shown is the one that signs the next block
    expect((await height()) + 1).toBeGreaterThanOrEqual(effective)
  })

  it('admits a second agency without a validator, by keyboard; warns before adding a validator the node does not run', async () => {
    await page.getByTestId('proposal-new').click()
    const form = page.getByTestId('proposal-form')
    await form.getByTestId('proposal-kind-admit').click()
    await form.getByTestId('admit-id').fill('busan-land')
    await form.getByTestId('admit-name').fill('Busan Land Office')
    await form.getByTestId('admit-admins').fill(OTHER_ADMIN)
    // with a validator this node does not run, the local chain would stop: the form says so
    await form.getByTestId('admit-with-validator').click()
    await form.getByTestId('admit-key').fill('cd'.repeat(32))
    await expect.poll(() => form.getByTestId('proposal-liveness').count()).toBe(1)
    expect(await form.getByTestId('proposal-liveness').innerText()).toMatch(/no block can be made/)
    await form.getByTestId('admit-with-validator').click()
    expect(await form.getByTestId('proposal-liveness').count()).toBe(0)

    effective = (await height()) + 20
    await form.getByTestId('proposal-height').fill(String(effective))
    await form.getByTestId('proposal-note').focus()
    await page.keyboard.type('second agency')
    await page.keyboard.press('Enter') // submits the form
    const result = form.getByTestId('proposal-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')
    const id = (await result.getAttribute('data-hash'))!
    const item = page.locator(`[data-testid="proposal"][data-id="${id}"]`)
    await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('approved')
    expect(await item.getByTestId('proposal-summary').innerText()).toBe('Admit agency Busan Land Office (busan-land) without a validator')
    // membership changes at approval; the validators stay the same
    await expect.poll(() => page.getByTestId('consortium-agencies').locator('tbody tr').count(), LONG).toBe(2)
    const scheduled = page.locator(`[data-testid="scheduled-set"][data-from-height="${effective}"]`)
    await expect.poll(() => scheduled.count(), LONG).toBe(1)
    expect(await scheduled.innerText()).toContain('The validators stay the same')
    // both proposals listed, newest first
    expect(await page.getByTestId('proposal').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')))).toEqual([id, proposalId])
  })

  it('speaks Korean too', async () => {
    await page.getByTestId('lang-switch').selectOption('ko')
    await expect.poll(() => page.getByTestId('proposals').innerText()).toContain('거버넌스 제안')
    expect(await page.getByTestId('proposals').innerText()).toContain('승인됨')
    expect(await page.getByTestId('validator-set').innerText()).toContain('검증자 구성')
    await page.getByTestId('lang-switch').selectOption('en')
  })
})
