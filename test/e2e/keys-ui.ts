/// <reference lib="dom" />
/** Steps the e2e tests share on the app's screens: unlocking a key on Keys & roles, closing the notifications. */
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

const LONG = { timeout: 30_000 }

export const keyCard = (page: Page, publicKey: string): Locator => page.locator(`[data-testid="key-card"][data-public-key="${publicKey}"]`)

/** Opens Keys & roles and unlocks the key with this passphrase (nothing to do if it is unlocked already). */
export async function unlockKey(page: Page, publicKey: string, passphrase: string): Promise<void> {
  await page.getByTestId('nav-keys').click()
  const c = keyCard(page, publicKey)
  await expect.poll(() => c.count(), LONG).toBe(1)
  if ((await c.getAttribute('data-unlocked')) === 'true') return
  if ((await c.getByTestId('unlock-form').count()) === 0) await c.getByTestId('key-use').click()
  await c.getByTestId('unlock-passphrase').fill(passphrase)
  await c.getByTestId('unlock-submit').click()
  await expect.poll(() => c.getAttribute('data-unlocked'), LONG).toBe('true')
}

/** Closes the notifications (they may cover the top right); they arrive on a slow drain timer: until none is left. */
export async function closeNotifications(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      for (const close of await page.locator('.n-notification .n-base-close').all()) await close.click({ timeout: 1_000 }).catch(() => undefined)
      return page.locator('.n-notification').count()
    }, LONG)
    .toBe(0)
}

/**
 * Passes the confirmation of an irreversible act (components/ConfirmIrreversible): the sign button stays disabled
 * until the expected text is retyped, then signs. Returns the text that had to be retyped.
 */
export async function confirmIrreversible(page: Page, testid: string): Promise<string> {
  const dialog = page.getByTestId(testid)
  await expect.poll(() => dialog.isVisible(), LONG).toBe(true)
  const expected = (await dialog.getByTestId(`${testid}-expected`).innerText()).trim()
  const confirm = dialog.getByTestId(`${testid}-confirm`)
  expect(await confirm.isDisabled()).toBe(true)
  await dialog.getByTestId(`${testid}-input`).fill(expected.slice(0, -1))
  expect(await confirm.isDisabled()).toBe(true)
  await dialog.getByTestId(`${testid}-input`).fill(expected)
  await expect.poll(() => confirm.isEnabled(), LONG).toBe(true)
  await dialog.getByTestId(`${testid}-input`).press('Enter')
  await expect.poll(() => dialog.count(), LONG).toBe(0)
  return expected
}

/** On Keys & roles of a local consortium: takes the local administrator key with this passphrase; returns its key. */
export async function takeLocalAdminKey(page: Page, passphrase: string): Promise<string> {
  await page.getByTestId('nav-keys').click()
  const local = page.getByTestId('first-run-local')
  await expect.poll(() => local.count(), LONG).toBe(1)
  await local.getByTestId('local-admin-passphrase').fill(passphrase)
  await local.getByTestId('local-admin-passphrase2').fill(passphrase)
  await local.getByTestId('local-admin-submit').click()
  const cards = page.getByTestId('key-card')
  await expect.poll(() => cards.count(), LONG).toBe(1)
  const key = (await cards.first().getAttribute('data-public-key'))!
  await expect.poll(() => keyCard(page, key).getAttribute('data-unlocked'), LONG).toBe('true')
  return key
}

/** Makes a key on Keys & roles (it is unlocked once made); returns its public key (the one not in `known`). */
export async function createKey(page: Page, name: string, passphrase: string, known: readonly string[]): Promise<string> {
  await page.getByTestId('nav-keys').click()
  const create = page.getByTestId('create-key-form')
  await create.getByTestId('create-key-name').fill(name)
  await create.getByTestId('create-key-passphrase').fill(passphrase)
  await create.getByTestId('create-key-passphrase2').fill(passphrase)
  await create.getByTestId('create-key-submit').click()
  await expect.poll(() => page.getByTestId('key-card').count(), LONG).toBe(known.length + 1)
  return (await page.getByTestId('key-card').evaluateAll((els, k) => els.map((e) => e.getAttribute('data-public-key')).find((x) => x !== null && !k.includes(x)), [...known]))!
}
