/// <reference lib="dom" />
/**
 * A governance proposal signed by two agencies' administrators, in Chromium against a local consortium node
 * (docs/adr/0020): a second agency (without a validator) is admitted, its administrator a second key made in the UI.
 * The local administrator proposes a third agency naming the second administrator as co-signer: the act waits in the
 * outbox with the second administrator's signature missing; it is exported as a file, imported again (as the other
 * party would on their machine), signed with the second key, sent, and committed with both agencies' approvals.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, startNode, stopAll, tempHome, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { confirmIrreversible, createKey, takeLocalAdminKey, unlockKey } from './keys-ui'

const PASS = 'local admin passphrase 1'
const PASS_B = 'second admin passphrase 2'
const LONG = { timeout: 45_000 }
/** blocks every 300 ms: a proposal takes effect far enough ahead for the steps between (see governance.test.ts) */
const LEAD = 200

describe('a co-signed governance proposal in Chromium', () => {
  const t = tempHome()
  let node: StartedNode
  let browser: Browser
  let page: Page
  let adminKey = ''
  let secondKey = ''

  const height = async (): Promise<number> => (await api(node, 'GET', '/api/v1/status')).body.height as number

  async function propose(fill: (form: ReturnType<Page['getByTestId']>) => Promise<void>): Promise<void> {
    await page.getByTestId('nav-consortium').click()
    await page.getByTestId('proposal-new').click()
    const form = page.getByTestId('proposal-form')
    await form.getByTestId('proposal-kind-admit').click()
    await fill(form)
    await form.getByTestId('proposal-height').fill(String((await height()) + LEAD))
    await form.getByTestId('proposal-height').press('Tab')
    await form.getByTestId('proposal-submit').click()
  }

  beforeAll(async () => {
    ensureUiBuilt()
    node = await startNode(join(t.dir, 'node'), ['--ui', '--init-if-missing', '--heartbeat-ms', '300'])
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 180_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('export → import → co-sign → commit', { timeout: 240_000 }, async () => {
    // the local administrator key, and a second key that administers a second agency
    adminKey = await takeLocalAdminKey(page, PASS)
    secondKey = await createKey(page, 'Second admin', PASS_B, [adminKey])
    await unlockKey(page, adminKey, PASS)
    await propose(async (form) => {
      await form.getByTestId('admit-id').fill('second-agency')
      await form.getByTestId('admit-name').fill('Second Agency')
      await form.getByTestId('admit-admins').fill(secondKey)
    })
    const result = page.getByTestId('proposal-form').getByTestId('proposal-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')
    await page.getByTestId('proposal-new').click() // closes the form

    // the joint proposal: signed here, waiting for the second administrator
    await propose(async (form) => {
      await form.getByTestId('admit-id').fill('third-agency')
      await form.getByTestId('admit-name').fill('Third Agency')
      await form.getByTestId('admit-admins').fill(secondKey)
      await form.getByTestId('proposal-cosigner').fill(secondKey)
    })
    await expect.poll(() => page.getByTestId('proposal-joint-made').count(), LONG).toBe(1)

    await page.getByTestId('nav-outbox').click()
    const act = page.getByTestId('act-item')
    await expect.poll(() => act.count(), LONG).toBe(1)
    expect(await act.getAttribute('data-complete')).toBe('false')
    expect(await act.getByTestId('act-missing').count()).toBe(1)
    expect(await act.getByTestId('act-parties').innerText()).toMatch(/Co-signing key: Second admin .* not signed yet/)

    // export as a file (the download), then import it as the other party would
    const [download] = await Promise.all([page.waitForEvent('download'), act.getByTestId('act-export').click()])
    const file = join(t.dir, 'act.json')
    await download.saveAs(file)
    const text = readFileSync(file, 'utf8')
    expect(JSON.parse(text).cosigners).toEqual([{ key: secondKey, sig: null }])
    await act.getByTestId('act-remove').click()
    await expect.poll(() => act.count(), LONG).toBe(0)

    await unlockKey(page, secondKey, PASS_B)
    await page.getByTestId('nav-outbox').click()
    await page.getByTestId('acts-import').click()
    await page.getByTestId('acts-import-text').locator('textarea').fill(text)
    await page.getByTestId('acts-import-confirm').click()
    await expect.poll(() => act.count(), LONG).toBe(1)
    await act.getByTestId('act-sign').click()
    await page.getByTestId('act-sign-confirm').click()
    await expect.poll(() => act.getAttribute('data-complete'), LONG).toBe('true')
    await act.getByTestId('act-send').click()
    await expect.poll(() => act.count(), LONG).toBe(0)

    const item = page.locator('[data-testid="outbox-item"][data-type="governance.proposal.submit"]').first()
    await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('committed')
    const hash = (await item.getAttribute('data-hash'))!
    const p = (await api(node, 'GET', `/api/v1/governance/proposals/${hash}`)).body
    expect(p.approvals.map((a: { agency: string; by: string }) => [a.agency, a.by])).toEqual([
      ['local-agency', adminKey],
      ['second-agency', secondKey],
    ])
  })

  it('withdraws an open proposal: its proposer confirms, and it takes no more approvals', { timeout: 120_000 }, async () => {
    // the second agency holds no voting power: its proposal stays open
    await propose(async (form) => {
      await form.getByTestId('admit-id').fill('fourth-agency')
      await form.getByTestId('admit-name').fill('Fourth Agency')
      await form.getByTestId('admit-admins').fill(secondKey)
    })
    const result = page.getByTestId('proposal-form').getByTestId('proposal-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')
    const id = (await result.getAttribute('data-hash'))!
    await page.getByTestId('proposal-new').click() // closes the form
    const item = page.locator(`[data-testid="proposal"][data-id="${id}"]`)
    await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('open')
    await item.getByTestId('proposal-withdraw').click()
    expect(await confirmIrreversible(page, 'withdraw-confirm')).toBe('Fourth Agency')
    await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('withdrawn')
    expect(await item.getByTestId('proposal-status').innerText()).toBe('Withdrawn')
    expect(await item.getByTestId('proposal-withdraw').count()).toBe(0)
  })
})
