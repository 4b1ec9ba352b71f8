/// <reference lib="dom" />
/**
 * Two pages of the same origin (two windows of the app) over one outbox in IndexedDB, against a real headless node:
 * both show a rejected transaction; one edits and re-signs it, the other sees the new version without a reload, and
 * its own edit of the old version (dialog still open) is refused — the two edits can never both be sent.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../src/ledger/codec/bytes'
import { publicKeyFromSeed } from '../../src/ledger/crypto/ed25519'
import { generateSeed } from '../../src/renderer/lib/keystore'
import { startNode, stopAll, tempHome, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { confirmIrreversible } from './keys-ui'

const PASS = 'local admin passphrase 1'
const LONG = { timeout: 30_000 }

describe('the outbox in two windows of the same origin', () => {
  const t = tempHome()
  let node: StartedNode
  let browser: Browser
  let context: BrowserContext
  let one: Page
  let two: Page

  const rejected = (page: Page): Locator => page.locator('[data-testid="outbox-item"][data-status="rejected"]')
  const hashes = (page: Page): Promise<string[]> =>
    page.getByTestId('outbox-list').getByTestId('outbox-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-hash') ?? ''))

  beforeAll(async () => {
    ensureUiBuilt()
    node = await startNode(t.dir, ['--ui', '--init-if-missing', '--heartbeat-ms', '300'])
    browser = await launch()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    one = await context.newPage()
    await one.goto(`${node.url}/#token=${node.token}`)
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('shows an edit made in one window in the other, and refuses the second edit', async () => {
    // window one: take the local administrator key, and sign a revoke the node rejects
    await one.getByTestId('nav-keys').click()
    const local = one.getByTestId('first-run-local')
    await expect.poll(() => local.count(), LONG).toBe(1)
    await local.getByTestId('local-admin-passphrase').fill(PASS)
    await local.getByTestId('local-admin-passphrase2').fill(PASS)
    await local.getByTestId('local-admin-submit').click()
    await expect.poll(() => one.getByTestId('key-card').count(), LONG).toBe(1)

    await one.getByTestId('nav-roles').click()
    const form = one.getByTestId('revoke-form')
    await form.getByTestId('revoke-subject').fill(toHex(publicKeyFromSeed(generateSeed())))
    await form.getByTestId('revoke-role').selectOption('auditor') // not held: rejected
    await form.getByTestId('revoke-reason').fill('test')
    await form.getByTestId('revoke-submit').click()
    await confirmIrreversible(one, 'revoke-confirm')
    await expect.poll(() => form.getByTestId('revoke-result').getAttribute('data-status'), LONG).toBe('rejected')
    await one.getByTestId('nav-outbox').click()
    await expect.poll(() => rejected(one).count(), LONG).toBe(1)
    const oldHash = (await rejected(one).getAttribute('data-hash'))!

    // window two: same origin, same outbox; opens the editor on the same rejected item (unlocking the key there)
    two = await context.newPage()
    await two.goto(`${node.url}/#token=${node.token}`)
    await two.getByTestId('nav-outbox').click()
    await expect.poll(() => rejected(two).count(), LONG).toBe(1)
    expect(await rejected(two).getAttribute('data-hash')).toBe(oldHash)
    await rejected(two).getByTestId('outbox-edit').click()
    // the rejected revocation re-opens in its form; the key that signed it is unlocked there, in place
    const formTwo = two.getByTestId('revoke-form')
    await expect.poll(() => two.getByTestId('unlock-passphrase').count(), LONG).toBe(1)
    await two.getByTestId('unlock-passphrase').fill(PASS)
    await two.getByTestId('unlock-submit').click()
    await expect.poll(() => formTwo.getByTestId('revoke-role').count(), LONG).toBe(1)
    await expect.poll(() => formTwo.getByTestId('revoke-role').inputValue(), LONG).toBe('auditor')
    await formTwo.getByTestId('revoke-role').selectOption('notary')

    // window one edits first
    await one.bringToFront()
    await rejected(one).getByTestId('outbox-edit').click()
    const formOne = one.getByTestId('revoke-form')
    await expect.poll(() => one.getByTestId('resubmit-banner').count(), LONG).toBe(1)
    await formOne.getByTestId('revoke-role').selectOption('registrar')
    await formOne.getByTestId('revoke-submit').click()
    await confirmIrreversible(one, 'revoke-confirm')
    await expect.poll(() => one.getByTestId('resubmit-banner').count(), LONG).toBe(0)
    await one.getByTestId('nav-outbox').click()
    await expect.poll(() => hashes(one), LONG).not.toContain(oldHash)
    const [newHash] = await hashes(one)

    // window two's edit of the old version is refused (nothing new is signed), and it shows the new version
    await two.bringToFront()
    await formTwo.getByTestId('revoke-submit').click()
    await confirmIrreversible(two, 'revoke-confirm')
    await expect.poll(() => formTwo.locator('.problems').textContent(), LONG).toMatch(/changed in another window/)
    await two.getByTestId('nav-outbox').click()
    await expect.poll(() => hashes(two), LONG).toEqual([newHash])
    // still one item, the first window's edit
    expect(await hashes(two)).toEqual([newHash])
    expect(await hashes(one)).toEqual([newHash])
  }, 3 * 60_000) // two windows, two key unlocks (scrypt), two confirmations
})
