/// <reference lib="dom" />
/**
 * Keys, roles, signing and the outbox in Chromium against a real headless node (local consortium, fixed port so the
 * page's IndexedDB survives a node restart): first run takes the local administrator key under a passphrase; its roles
 * show on /keys; a second key is created and issued a role (committed); with the node killed another credential waits
 * in the outbox (pending, counted in the status bar), survives a reload and is committed once the node is back; a
 * revoke of a role the key does not hold is rejected with the reason, then edited, re-signed and committed.
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STAFF_ROLES } from '../../src/ledger/registries'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { parseKeyFile, unlockSeed } from '../../src/ledger/crypto/keystore'
import { ROOT, kill9, startNode, stopAll, tempHome, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, confirmIrreversible, keyCard, unlockKey } from './keys-ui'

const PASS_ADMIN = 'local admin passphrase 1'
const PASS_CLERK = 'clerk passphrase 2'
const LONG = { timeout: 30_000 }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

describe('keys, roles and the outbox in Chromium', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  let port = 0
  let node: StartedNode
  let browser: Browser
  let page: Page
  let adminKey = ''
  let clerkKey = ''

  const start = async (): Promise<StartedNode> =>
    startNode(home, ['--ui', '--init-if-missing', '--port', String(port), '--heartbeat-ms', '300'])

  const go = async (navId: string): Promise<void> => {
    await page.getByTestId(`nav-${navId}`).click()
  }

  const card = (publicKey: string): Locator => keyCard(page, publicKey)

  const outboxItems = (): Locator => page.getByTestId('outbox-list').getByTestId('outbox-item')

  const statuses = async (): Promise<string[]> =>
    outboxItems().evaluateAll((els) => els.map((e) => e.getAttribute('data-status') ?? ''))

  const outboxCount = async (): Promise<number> =>
    Number((await page.getByTestId('status-outbox').textContent())?.replace(/\D/g, '') || 0)

  /** Closes the notifications (they may cover buttons at the top right) and shows the page from its top. */
  async function tidy(height = 900): Promise<void> {
    await closeNotifications(page)
    await page.setViewportSize({ width: 1280, height })
    await page.locator('#main').evaluate((el) => el.scrollTo({ top: 0 }))
  }

  const unlock = (publicKey: string, passphrase: string): Promise<void> => unlockKey(page, publicKey, passphrase)

  async function grant(subject: string, role: string): Promise<Locator> {
    await go('roles')
    const form = page.getByTestId('grant-form')
    await form.getByTestId('grant-subject').fill(subject)
    await form.getByTestId('grant-role').selectOption(role)
    await form.getByTestId('grant-label').fill('Clerk Kim, front desk')
    await form.getByTestId('grant-submit').click()
    return form.getByTestId('grant-result')
  }

  beforeAll(async () => {
    ensureUiBuilt()
    port = await freePort()
    node = await start()
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    await page.goto(`${node.url}/#token=${node.token}`)
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('first run: takes the local administrator key under a passphrase and shows its roles', async () => {
    await go('keys')
    await expect.poll(() => page.getByTestId('first-run').count(), LONG).toBe(1)
    const local = page.getByTestId('first-run-local')
    await expect.poll(() => local.count(), LONG).toBe(1)
    expect(await page.getByTestId('local-consortium-badge').textContent()).toMatch(/on this computer only/)
    // in a browser there is no OS secure storage: say so
    expect(await page.getByTestId('passphrase-only-notice').first().isVisible()).toBe(true)

    await local.getByTestId('local-admin-passphrase').fill(PASS_ADMIN)
    await local.getByTestId('local-admin-passphrase2').fill(PASS_ADMIN + 'x')
    await local.getByTestId('local-admin-submit').click()
    await expect.poll(() => local.getByRole('alert').textContent()).toMatch(/differ/)
    await local.getByTestId('local-admin-passphrase2').fill(PASS_ADMIN)
    await local.getByTestId('local-admin-submit').click()

    const cards = page.getByTestId('key-card')
    await expect.poll(() => cards.count(), LONG).toBe(1)
    adminKey = (await cards.first().getAttribute('data-public-key'))!
    expect(adminKey).toMatch(/^[0-9a-f]{64}$/)
    // the card shows once the key is stored; it is unlocked just after (a condition, not an instant)
    await expect.poll(() => card(adminKey).getAttribute('data-unlocked'), LONG).toBe('true')
    expect(await card(adminKey).getByTestId('key-public-key').textContent()).toBe(adminKey)
    expect(await card(adminKey).getByTestId('key-protection').getAttribute('data-protection')).toBe('passphrase')
    // every role, active, and the local agency administered
    const roles = card(adminKey).getByTestId('key-role')
    await expect.poll(() => roles.count(), LONG).toBe(STAFF_ROLES.length)
    expect(new Set(await roles.evaluateAll((els) => els.map((e) => e.getAttribute('data-state'))))).toEqual(new Set(['active']))
    expect((await card(adminKey).getByTestId('key-admin-of').textContent())?.trim()).not.toBe('')
    // the seed is never shown
    expect(await page.locator('body').innerText()).not.toMatch(/seed/i)
  })

  it('creates a second key and issues it a role, committed through the outbox', async () => {
    const form = page.getByTestId('create-key-form')
    await form.getByTestId('create-key-name').fill('Clerk Kim')
    await form.getByTestId('create-key-passphrase').fill(PASS_CLERK)
    expect(Number(await form.getByTestId('passphrase-strength').getAttribute('data-level'))).toBeGreaterThan(0)
    await form.getByTestId('create-key-passphrase2').fill(PASS_CLERK)
    await form.getByTestId('create-key-submit').click()
    await expect.poll(() => page.getByTestId('key-card').count(), LONG).toBe(2)
    clerkKey = (await page
      .getByTestId('key-card')
      .filter({ has: page.getByTestId('key-name').getByText('Clerk Kim', { exact: true }) })
      .getAttribute('data-public-key'))!
    expect(clerkKey).toMatch(/^[0-9a-f]{64}$/)
    expect(clerkKey).not.toBe(adminKey)
    await expect.poll(() => card(clerkKey).getByTestId('key-no-roles').count(), LONG).toBe(1)

    // the new key is the unlocked one now; the administrator unlocks theirs to issue roles (a wrong passphrase first)
    const admin = card(adminKey)
    await admin.getByTestId('key-use').click()
    await admin.getByTestId('unlock-passphrase').fill('not the passphrase')
    await admin.getByTestId('unlock-submit').click()
    await expect.poll(() => admin.getByTestId('unlock-error').count(), LONG).toBe(1)
    expect(await admin.getAttribute('data-unlocked')).toBe('false')
    await unlock(adminKey, PASS_ADMIN)
    const result = await grant(clerkKey, 'registrar')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('committed')

    await go('outbox')
    await expect.poll(statuses, LONG).toEqual(['committed'])
    await expect.poll(outboxCount).toBe(0)
    await go('keys')
    await card(clerkKey).getByTestId('key-refresh').click()
    await expect
      .poll(() => card(clerkKey).locator('[data-testid="key-role"][data-role="registrar"]').getAttribute('data-state'), LONG)
      .toBe('active')
  })

  it('keeps a credential signed while the node is down, across a reload, and commits it when the node is back', async () => {
    await kill9(node)
    const result = await grant(clerkKey, 'notary')
    await expect.poll(() => result.getAttribute('data-status'), LONG).toBe('pending')
    await go('outbox')
    await expect.poll(statuses, LONG).toEqual(['pending', 'committed'])
    await expect.poll(outboxCount, LONG).toBeGreaterThanOrEqual(1)
    await expect.poll(() => page.getByTestId('outbox-last-error').count(), LONG).toBe(1)
    await page.getByTestId('outbox-retry').click() // still down: stays pending
    await expect.poll(statuses).toEqual(['pending', 'committed'])

    // the node comes back on the same home and port, with a new session token: the open tab says its session ended
    // and how to get back (a new sign-in link), rather than a bare "Error"
    node = await start()
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true))
    const notice = page.getByTestId('session-notice')
    await expect.poll(() => notice.getAttribute('data-kind'), LONG).toBe('session-ended')
    expect(await notice.innerText()).toMatch(/daejang open/)
    expect(await page.getByTestId('status-sync').innerText()).not.toMatch(/Error/)
    // a new link opened in the same tab signs in again without reloading the page, and the outbox goes on
    await page.goto(`${node.url}/#token=${node.token}`)
    await expect.poll(() => notice.count(), LONG).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true)
    await go('outbox')
    await expect.poll(statuses, LONG).toEqual(['committed', 'committed'])
    await expect.poll(outboxCount, LONG).toBe(0)
    // the status bar's committed count is the outbox's, and a reload keeps it
    const committedCount = async (): Promise<string> => (await page.getByTestId('status-committed').innerText()).trim()
    await expect.poll(committedCount, LONG).toBe('2')
    await page.reload()
    await expect.poll(committedCount, LONG).toBe('2')
  })

  it('shows a rejection with its reason, and commits the edited, re-signed transaction', async () => {
    // after the reload every key is locked again; signing needs the administrator key
    await unlock(adminKey, PASS_ADMIN)
    await go('roles')
    const form = page.getByTestId('revoke-form')
    await form.getByTestId('revoke-subject').fill(clerkKey)
    await form.getByTestId('revoke-role').selectOption('auditor') // not held by the clerk
    await form.getByTestId('revoke-reason').fill('moved to another office')
    await form.getByTestId('revoke-submit').click()
    await confirmIrreversible(page, 'revoke-confirm')
    await expect.poll(() => form.getByTestId('revoke-result').getAttribute('data-status'), LONG).toBe('rejected')

    await go('outbox')
    const rejected = page.locator('[data-testid="outbox-item"][data-status="rejected"]')
    await expect.poll(() => rejected.count(), LONG).toBe(1)
    const reason = rejected.getByTestId('outbox-rejection')
    expect(await reason.getAttribute('data-code')).toBe('RULE_VIOLATION')
    expect(await reason.textContent()).toMatch(/auditor/)
    expect(await rejected.locator('.outbox-item__type').textContent()).toBe('Role revocation')
    await tidy()
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'outbox.png') })
    const oldHash = await rejected.getAttribute('data-hash')

    // the rejected revocation re-opens in the revoke form it was made with, pre-filled and checked as there
    await rejected.getByTestId('outbox-edit').click()
    const form2 = page.getByTestId('revoke-form')
    await expect.poll(() => page.getByTestId('resubmit-banner').count(), LONG).toBe(1)
    // the reason in words, the node's own detail (naming the role) behind Details
    const banner = page.getByTestId('resubmit-banner')
    expect(await banner.locator('[data-code]').getAttribute('data-code')).toBe('RULE_VIOLATION')
    expect(await banner.getByTestId('error-sentence').innerText()).toContain("The register's rules do not allow this.")
    expect(await banner.textContent()).toMatch(/auditor/)
    expect(await form2.getByTestId('revoke-subject').inputValue()).toBe(clerkKey)
    expect(await form2.getByTestId('revoke-role').inputValue()).toBe('auditor')
    expect(await form2.getByTestId('revoke-reason').inputValue()).toBe('moved to another office')
    await form2.getByTestId('revoke-role').selectOption('notary')
    await form2.getByTestId('revoke-submit').click()
    await confirmIrreversible(page, 'revoke-confirm')
    await expect.poll(() => page.getByTestId('resubmit-banner').count(), LONG).toBe(0)
    await go('outbox')

    await expect.poll(statuses, LONG).toEqual(['committed', 'committed', 'committed'])
    expect(await outboxItems().evaluateAll((els) => els.map((e) => e.getAttribute('data-hash')))).not.toContain(oldHash)

    await go('keys')
    await card(clerkKey).getByTestId('key-refresh').click()
    const notary = card(clerkKey).locator('[data-testid="key-role"][data-role="notary"]')
    await expect.poll(() => notary.getAttribute('data-state'), LONG).toBe('revoked')
    expect(await notary.textContent()).toMatch(/moved to another office/)
    await tidy(1900)
    await page.screenshot({ path: join(ROOT, 'docs', 'screenshots', 'keys.png') })
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('exports an encrypted backup the CLI can open, and deletes a key after confirmation', async () => {
    await go('keys')
    // notifications of the earlier steps drain slowly and may cover the key's buttons
    await tidy()
    const [download] = await Promise.all([page.waitForEvent('download'), card(clerkKey).getByTestId('key-export').click()])
    expect(download.suggestedFilename()).toMatch(/^daejang-key-Clerk-Kim-[0-9a-f]{8}\.json$/)
    const file = parseKeyFile(JSON.parse(readFileSync((await download.path())!, 'utf8')))
    expect(file.publicKey).toBe(clerkKey)
    expect(file.secret.kind).toBe('scrypt-aes256gcm')
    expect(toHex(publicKeyFromSeed(unlockSeed(file, PASS_CLERK)))).toBe(clerkKey)

    await card(clerkKey).getByTestId('key-delete').click()
    await page.getByTestId('key-delete-confirm').click()
    await expect.poll(() => page.getByTestId('key-card').count()).toBe(1)
    expect(await card(adminKey).count()).toBe(1)
  })

  it('speaks Korean too', async () => {
    await page.getByTestId('lang-switch').selectOption('ko')
    await go('outbox')
    await expect.poll(() => page.getByTestId('outbox-page').innerText()).toContain('보낼 편지함')
    expect(await page.getByTestId('outbox-page').innerText()).toContain('역할 회수')
    await go('keys')
    await expect.poll(() => page.getByTestId('keys-page').innerText()).toContain('키와 역할')
    expect(await page.getByTestId('keys-page').innerText()).toContain('암호문으로만 보호됩니다')
    await page.getByTestId('lang-switch').selectOption('en')
  })

  it('clears committed items from the outbox, by keyboard', async () => {
    await go('outbox')
    const clear = page.getByTestId('outbox-clear-committed')
    await clear.focus()
    expect(await clear.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('Enter')
    await expect.poll(() => outboxItems().count()).toBe(0)
  })
})
