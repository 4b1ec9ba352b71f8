/// <reference lib="dom" />
/**
 * Consortium governance in Chromium against a local consortium node (one agency, one validator of power 10): the UI
 * takes the local administrator key; on the Consortium screen the administrator proposes to raise the agency's own
 * voting power 10 → 20 (its agency holds all the power, so the proposal is approved in the same block), sees it
 * committed and approved, the set scheduled "from height N", and the current set updated once the chain passes N.
 * Then, by keyboard, admits a second agency without a validator (so the node alone keeps producing blocks), whose
 * administrator is a second key made in the UI. That agency holds no power: its two proposals stay open until the
 * local administrator approves one with the Approve button; the other, effective earlier, can then no longer be
 * approved — the screen says why, and the node's reason when the approval is sent anyway. Saves
 * docs/screenshots/governance.png and governance-proposals.png.
 */
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, api, startNode, stopAll, tempHome, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, createKey, keyCard, takeLocalAdminKey, unlockKey } from './keys-ui'

const PASS = 'local admin passphrase 1'
const PASS_BUSAN = 'busan admin passphrase 2'
const LONG = { timeout: 45_000 }
/**
 * How far ahead a proposal takes effect. The chain makes a block every 300 ms, so the steps between reading the
 * height and the proposal's commit (or approval) must take less than LEAD × 0.3 s: 20 blocks (the form's default)
 * was not enough on a loaded machine (issue 9 item 22), where a proposal committed after its height is refused.
 */
const LEAD = 60

describe('consortium governance in Chromium', () => {
  const t = tempHome()
  let node: StartedNode
  let browser: Browser
  let page: Page
  let proposalId = ''
  let effective = 0
  let adminKey = ''
  let busanKey = ''

  const height = async (): Promise<number> => (await api(node, 'GET', '/api/v1/status')).body.height as number
  const card = (publicKey: string): Locator => keyCard(page, publicKey)
  const proposalItem = (id: string): Locator => page.locator(`[data-testid="proposal"][data-id="${id}"]`)

  const unlock = (publicKey: string, passphrase: string): Promise<void> => unlockKey(page, publicKey, passphrase)

  /** Proposes a power for the local agency's validator from `at`, with the unlocked key; returns the proposal id. */
  async function proposePower(power: number, at: number): Promise<string> {
    await page.getByTestId('nav-consortium').click()
    await page.getByTestId('proposal-new').click()
    const form = page.getByTestId('proposal-form')
    await form.getByTestId('proposal-kind-validator').click()
    await form.getByTestId('validator-agency').selectOption('local-agency')
    await form.getByTestId('validator-power').fill(String(power))
    await form.getByTestId('proposal-height').fill(String(at))
    await form.getByTestId('proposal-submit').click()
    const result = form.getByTestId('proposal-result')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')
    const id = (await result.getAttribute('data-hash'))!
    await page.getByTestId('proposal-new').click() // closes the form
    return id
  }

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
    adminKey = await takeLocalAdminKey(page, PASS)
    await expect.poll(async () => (await card(adminKey).getByTestId('key-admin-of').textContent())?.trim() ?? '', LONG).not.toBe('')
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
    // the form suggests the height it knew when it opened + 20; the hint names the height it knows now, which can
    // only have grown since, and the node's can only be ahead of that (checked without assuming how many blocks the
    // steps take: on a loaded machine, more than 5 of 300 ms)
    const suggested = Number(await form.getByTestId('proposal-height').inputValue())
    const hint = await form.locator('[id$="-height-hint"]').innerText()
    const head = Number(/at height ([\d,]+)/.exec(hint)?.[1]?.replace(/,/g, ''))
    const now = await height()
    expect(suggested - 20).toBeGreaterThan(0)
    expect(suggested - 20).toBeLessThanOrEqual(head)
    expect(head).toBeLessThanOrEqual(now)

    // too soon: refused in the form, nothing sent
    await form.getByTestId('proposal-height').fill(String(now))
    await form.getByTestId('proposal-height').press('Tab')
    await form.getByTestId('proposal-submit').click()
    await expect.poll(() => form.getByTestId('proposal-problems').innerText()).toMatch(/must be \d+ or later/)
    expect(await page.getByTestId('proposal-result').count()).toBe(0)

    effective = (await height()) + LEAD
    await form.getByTestId('proposal-height').fill(String(effective))
    await form.getByTestId('proposal-height').press('Tab')
    await form.getByTestId('proposal-note').fill('more weight for the local node')
    expect(await form.getByTestId('proposal-preview').innerText()).toContain('power 20')
    expect(await form.getByTestId('proposal-liveness').count()).toBe(0)

    // too soon once more, refused; then corrected without leaving the field, and signed with one click
    await form.getByTestId('proposal-height').fill(String(now))
    await form.getByTestId('proposal-height').press('Tab')
    await form.getByTestId('proposal-submit').click()
    await expect.poll(() => form.getByTestId('proposal-problems').innerText()).toMatch(/must be \d+ or later/)
    effective = (await height()) + 20
    await form.getByTestId('proposal-height').fill(String(effective))
    // the first click after the error signs: the field commits its value as the mouse goes down on the button, the
    // problems go and the preview comes back — below the button, which does not move from under the pointer
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
    // the chain makes LEAD blocks of 300 ms first
    await expect.poll(() => row.getAttribute('data-power'), { timeout: LONG.timeout + LEAD * 300 * 2 }).toBe('20')
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
    // the new agency's administrator: a second key made here (it is unlocked once made; the local one is unlocked again)
    busanKey = await createKey(page, 'Busan admin', PASS_BUSAN, [adminKey])
    expect(busanKey).toMatch(/^[0-9a-f]{64}$/)
    await unlock(adminKey, PASS)

    await page.getByTestId('nav-consortium').click()
    await page.getByTestId('proposal-new').click()
    const form = page.getByTestId('proposal-form')
    await form.getByTestId('proposal-kind-admit').click()
    await form.getByTestId('admit-id').fill('busan-land')
    await form.getByTestId('admit-name').fill('Busan Land Office')
    await form.getByTestId('admit-admins').fill(busanKey)
    // with a validator this node does not run, the local chain would stop: the form says so
    await form.getByTestId('admit-with-validator').click()
    await form.getByTestId('admit-key').fill('cd'.repeat(32))
    await expect.poll(() => form.getByTestId('proposal-liveness').count()).toBe(1)
    expect(await form.getByTestId('proposal-liveness').innerText()).toMatch(/no block can be made/)
    await form.getByTestId('admit-with-validator').click()
    expect(await form.getByTestId('proposal-liveness').count()).toBe(0)

    effective = (await height()) + LEAD
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
    await page.getByTestId('proposal-new').click() // closes the form
  })

  // two unlocks, two proposals, an approval and a refused one: many more steps than the other cases
  it('approves with the button; shows why a proposal that comes before a scheduled change cannot be approved, and the node\'s reason', { timeout: 180_000 }, async () => {
    // the second agency's administrator proposes twice; its agency holds no power, so both stay open
    await unlock(busanKey, PASS_BUSAN)
    const h = await height()
    const later = await proposePower(30, h + 2 * LEAD)
    const earlier = await proposePower(40, h + 2 * LEAD - 10)
    for (const id of [later, earlier]) {
      const item = proposalItem(id)
      await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('open')
      expect(await item.getByTestId('approval-meter').getAttribute('data-approved')).toBe('0')
      expect(await item.getByTestId('approval-meter').innerText()).toMatch(/0 of 20 voting power approved .* \(14 or more\)/)
      expect(await item.getByTestId('proposal-approvals').innerText()).toContain('Busan Land Office')
      // its agency has approved already: no button for this key
      expect(await item.getByTestId('proposal-approve').count()).toBe(0)
    }

    // the local administrator approves the later one, by keyboard: 100 % of the power, scheduled
    await unlock(adminKey, PASS)
    await page.getByTestId('nav-consortium').click()
    const approve = proposalItem(later).getByTestId('proposal-approve')
    await expect.poll(() => approve.count(), LONG).toBe(1)
    expect(await approve.innerText()).toBe('Approve as Local agency (this computer)')
    await approve.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => proposalItem(later).getAttribute('data-status'), LONG).toBe('approved')
    await expect.poll(() => page.locator(`[data-testid="scheduled-set"][data-from-height="${h + 2 * LEAD}"]`).count(), LONG).toBe(1)

    // the earlier one can no longer come before it: said on the screen, and by the node when approved anyway
    const blocked = proposalItem(earlier)
    await expect.poll(() => blocked.getAttribute('data-blocked'), LONG).toBe('true')
    expect(await blocked.getByTestId('proposal-blocked').innerText()).toContain(`a change taking effect at height ${h + 2 * LEAD} is already scheduled`)
    await blocked.getByTestId('proposal-approve').click()
    const ours = blocked.getByTestId('proposal-our-approval')
    await expect.poll(() => ours.getAttribute('data-status'), LONG).toBe('rejected')
    // in words (the code's sentence), the node's own detail behind "Details"
    expect(await ours.innerText()).toMatch(/rejected: The register's rules do not allow this/)
    expect(await ours.innerText()).not.toContain('RULE_VIOLATION')
    expect(await ours.locator('[data-code]').getAttribute('data-code')).toBe('RULE_VIOLATION')
    expect(await ours.locator('details').textContent()).toMatch(/already scheduled/)
    expect(await blocked.getAttribute('data-status')).toBe('open')
    // the picture: without the notifications (they arrive on a timer: close them until none is left)
    await closeNotifications(page)
    await page.setViewportSize({ width: 1280, height: 1300 })
    await page.mouse.move(1279, 1299)
    await page.getByTestId('proposals').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'governance-proposals.png') })
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('speaks Korean too', async () => {
    await page.getByTestId('lang-switch').selectOption('ko')
    await expect.poll(() => page.getByTestId('proposals').innerText()).toContain('거버넌스 제안')
    expect(await page.getByTestId('proposals').innerText()).toContain('승인됨')
    expect(await page.getByTestId('validator-set').innerText()).toContain('검증자 구성')
    await page.getByTestId('lang-switch').selectOption('en')
  })
})
