/// <reference lib="dom" />
/**
 * The app's screens in Chromium, served by a local consortium node made on first start (`--init-if-missing`): the
 * node grants its administrator every role at start, so the chain holds identity.role.grant transactions to explore.
 * Keyboard-only navigation through the main screens, the explorer down to a transaction whose inclusion proof the
 * page verifies itself, the consortium's agency with its voting power, settings. Saves the docs' screenshots.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, api, startNode, stopAll, tempHome, waitFor, type StartedNode } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { STAFF_ROLES } from '../../src/ledger/registries'

const SHOTS = join(ROOT, 'docs', 'screenshots')
const PROOF_CHECKS = ['transaction', 'inclusion', 'chain', 'validators', 'commit']

/** Presses Tab until the element with this testid has focus (wrapping around the page if need be). */
async function tabTo(page: Page, testid: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testid) return
  }
  throw new Error(`Tab never reached ${testid}`)
}

/** The focused element shows a focus ring (outline or box shadow). */
function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return false
    const s = getComputedStyle(el)
    return (s.outlineStyle !== 'none' && s.outlineWidth !== '0px') || s.boxShadow !== 'none'
  })
}

/** Screenshots without a hover highlight where the mouse happened to be. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.mouse.move(1279, 799)
  await page.screenshot({ path: join(SHOTS, name) })
}

const routeOf = (page: Page): string => new URL(page.url()).hash.replace(/^#/, '') || '/'

describe('the app in Chromium (local consortium)', () => {
  const t = tempHome()
  let home: string
  let node: StartedNode
  let browser: Browser
  let page: Page
  let admin: string

  beforeAll(async () => {
    ensureUiBuilt()
    home = join(t.dir, 'local')
    node = await startNode(home, ['--ui', '--init-if-missing', '--heartbeat-ms', '500'])
    const agencies = (await api(node, 'GET', '/api/v1/identity/agencies')).body
    admin = agencies[0].admins[0]
    // the node grants its administrator every role at start
    await waitFor(
      async () => {
        const info = (await api(node, 'GET', `/api/v1/identity/keys/${admin}`)).body
        return info.roles.filter((r: { active: boolean }) => r.active).length >= STAFF_ROLES.length
      },
      30_000,
      'the administrator holds every role',
    )
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
    await page.goto(`${node.url}/#token=${node.token}`)
    await page.waitForSelector('[data-testid="status-sync"][data-state="synced"]', { timeout: 15_000 })
  })

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('opens on the overview, marked as a local consortium', async () => {
    expect(routeOf(page)).toBe('/')
    expect(page.url()).not.toContain('token=')
    await expect.poll(() => page.getByTestId('local-badge').first().textContent()).toContain('Local consortium')
    await expect.poll(() => page.getByTestId('recent-blocks').locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0)
    await shoot(page, 'overview.png')
  })

  it('reaches every main screen by keyboard alone, with visible focus', async () => {
    const screens: [string, string][] = [
      ['land', '/land'],
      ['documents', '/documents'],
      ['verify', '/verify'],
      ['livestock', '/livestock'],
      ['elections', '/elections'],
      ['consortium', '/consortium'],
      ['explorer', '/explorer'],
      ['keys', '/keys'],
      ['outbox', '/outbox'],
      ['settings', '/settings'],
      ['overview', '/'],
    ]
    // from a fresh page, the skip link comes first and moves focus to the content
    await page.reload()
    await page.waitForSelector('[data-testid="status-sync"][data-state="synced"]', { timeout: 15_000 })
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip-link')
    expect(await focusVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    for (const [id, path] of screens) {
      await tabTo(page, `nav-${id}`)
      expect(await focusVisible(page)).toBe(true)
      await page.keyboard.press('Enter')
      // the screen's chunk loads first; on a loaded machine the start's deferred work (ADR 0032) may still be running
      await expect.poll(() => routeOf(page), { timeout: 10_000 }).toBe(path)
      await expect.poll(() => page.getByTestId(`nav-${id}`).getAttribute('aria-current'), { timeout: 10_000 }).toBe('page')
      // the window title names the screen
      expect(await page.title()).toMatch(/· Daejang$/)
    }
  })

  it('explains on a register screen which role is needed and how to get it', async () => {
    // the land lookup is public (a citizen with no role); its owner lookup is not
    await page.getByTestId('nav-land').click()
    await expect.poll(() => page.getByTestId('land-citizen').count(), { timeout: 10_000 }).toBe(1)
    expect(await page.getByTestId('role-gate').count()).toBe(0)
    // a citizen is not offered the tabs of a role; reached by its address, the screen's gate says which role it takes
    expect(await page.getByTestId('land-tab-owners').count()).toBe(0)
    expect(await page.getByTestId('land-tab-apply').count()).toBe(1)
    await page.evaluate(() => {
      location.hash = '#/land/owners'
    })
    const gate = page.getByTestId('role-gate')
    await expect.poll(() => gate.getAttribute('data-requires')).toBe('registrar bank-officer land-authority')
    const text = await gate.innerText()
    expect(text).toContain('Registrar, Bank officer, or Commissioning authority')
    expect(text).toContain('Keys & roles')
  })

  it('shows the elections with no made-up records, and opens the livestock reports to a holder of a reporting role, with no made-up records', async () => {
    // Stand in for unlocking a key that holds the role (the keys feature does it for real: keys-outbox.test.ts):
    // the session's identity, and the key's record read from the node (until it is read, a gate says "checking")
    await page.evaluate((key) => {
      const app = (document.querySelector('#app') as any).__vue_app__
      const stores = app.config.globalProperties.$pinia._s
      const keys = stores.get('keys')
      keys.infos = { ...keys.infos, [key]: { publicKey: key, nonce: 0, adminOf: [], roles: [] } }
      stores.get('session').setIdentity(key, ['trustee', 'vet'], false)
    }, admin)
    // the elections are open to every key; none is made up
    await page.getByTestId('nav-elections').click()
    await expect.poll(() => page.getByTestId('elections-empty').count()).toBe(1)
    expect(await page.getByTestId('register-elections').locator('table').count()).toBe(0)
    await page.getByTestId('nav-livestock').click()
    await expect.poll(() => page.getByTestId('register-livestock').count()).toBe(1)
    // a holder of a reporting role is not told reports are for others, and reaches the report screen
    expect(await page.getByTestId('livestock-citizen').count()).toBe(0)
    await page.evaluate(() => (location.hash = '#/livestock/report'))
    await expect.poll(() => page.getByTestId('livestock-report').count()).toBe(1)
    expect(await page.getByTestId('register-livestock').locator('table').count()).toBe(0)
    // still gated where the key lacks the role, and the key to hand over is shown
    await page.getByTestId('nav-documents').click()
    await expect.poll(() => page.getByTestId('role-gate-key').innerText()).toBe(admin)
    expect(await page.getByTestId('nav-elections').locator('.app-nav__locked').count()).toBe(0)
    // the livestock lookup is open to every key (a consumer)
    expect(await page.getByTestId('nav-livestock').locator('.app-nav__locked').count()).toBe(0)
    expect(await page.getByTestId('nav-documents').locator('.app-nav__locked').count()).toBe(1)
    // the land lookup is open to every key
    expect(await page.getByTestId('nav-land').locator('.app-nav__locked').count()).toBe(0)
    await page.evaluate(() => {
      const app = (document.querySelector('#app') as any).__vue_app__
      app.config.globalProperties.$pinia._s.get('session').clear()
    })
  })

  it('uses the explorer by keyboard: search for a block, then its transactions', async () => {
    await page.getByTestId('nav-explorer').focus()
    await page.keyboard.press('Enter')
    // empty blocks (one per heartbeat) are hidden by default: every row holds transactions; unticked, they show
    const txCounts = async (): Promise<number[]> =>
      (await page.getByTestId('explorer-blocks').locator('tbody tr td:nth-child(3)').allInnerTexts()).map((x) => Number(x.replace(/\D/g, '')))
    await expect.poll(async () => (await txCounts()).length, { timeout: 10_000 }).toBeGreaterThan(0)
    expect((await txCounts()).every((n) => n > 0)).toBe(true)
    await page.getByTestId('explorer-hide-empty').click()
    await expect.poll(async () => (await txCounts()).some((n) => n === 0), { timeout: 10_000 }).toBe(true)
    await page.getByTestId('explorer-hide-empty').click()
    await expect.poll(async () => (await txCounts()).every((n) => n > 0), { timeout: 10_000 }).toBe(true)
    await shoot(page, 'explorer.png')
    await tabTo(page, 'explorer-search')
    expect(await focusVisible(page)).toBe(true)
    // the block that holds the administrator's first role grant
    const hashes = (await api(node, 'GET', `/api/v1/signers/${admin}/txs?limit=50`)).body as string[]
    const height = String((await api(node, 'GET', `/api/v1/txs/${hashes[hashes.length - 1]}`)).body.height)
    await page.keyboard.type(height)
    await page.keyboard.press('Enter')
    await expect.poll(() => routeOf(page)).toBe(`/explorer/blocks/${height}`)
    await expect.poll(() => page.getByTestId('block-detail').getAttribute('data-height')).toBe(height)
    await expect.poll(() => page.getByTestId('block-txs').locator('tbody tr').count()).toBeGreaterThan(0)
    expect(await page.getByTestId('block-txs').innerText()).toContain('Role grant')
    // each row also says what the transaction did, in words (the identity registry's describe), role and agency by name
    const line = await page.getByTestId('block-txs').getByTestId('tx-describe').first().innerText()
    expect(line).toMatch(/^Role “[A-Z][^”]*” granted to key [0-9a-f]{8}… of .+, (until \d{4}-\d{2}-\d{2}|with no expiry)$/)
    expect(line).not.toMatch(/“[a-z-]+”/)
  })

  it('shows a transaction, its payload in words and its inclusion proof verified in the page', async () => {
    const first = page.getByTestId('block-txs').locator('tbody tr').first().locator('a').first()
    const hash = (await first.getAttribute('aria-label'))!
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    await first.focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => routeOf(page)).toBe(`/explorer/txs/${hash}`)
    const detail = page.getByTestId('tx-detail')
    await expect.poll(() => page.getByTestId('tx-status').getAttribute('data-status')).toBe('committed')
    await expect.poll(() => page.getByTestId('tx-hash').textContent()).toContain(hash)
    expect(await page.getByTestId('tx-payload').getAttribute('data-renderer')).toBe('identity.role.grant')
    expect(await page.getByTestId('tx-summary').innerText()).toMatch(/granted the role “.+” to key/)
    expect(await detail.innerText()).toContain('Signed at')

    const result = page.getByTestId('proof-result')
    await expect.poll(() => result.getAttribute('data-valid'), { timeout: 15_000 }).toBe('true')
    expect(await result.innerText()).toContain('valid')
    for (const name of PROOF_CHECKS) {
      expect(await page.getByTestId(`proof-check-${name}`).getAttribute('data-ok')).toBe('true')
    }
    await page.setViewportSize({ width: 1280, height: 1500 })
    await shoot(page, 'tx-detail.png')
    await page.setViewportSize({ width: 1280, height: 800 })

    // the raw JSON opens in a dialog that Escape closes
    await page.getByTestId('tx-raw').click()
    await expect.poll(() => page.locator('.n-modal pre').innerText()).toContain('"identity.role.grant"')
    await page.keyboard.press('Escape')
    await expect.poll(() => page.locator('.n-modal').count()).toBe(0)
  })

  it("finds a signer by public key and lists the transactions it signed", async () => {
    await page.getByTestId('explorer-search').fill(admin)
    await page.getByTestId('explorer-search').press('Enter')
    await expect.poll(() => routeOf(page)).toBe(`/explorer/signers/${admin}`)
    await expect.poll(() => page.getByTestId('signer-txs').locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(14)
    expect(await page.getByTestId('signer-roles').innerText()).toContain('Registrar')
    expect(await page.getByTestId('signer-txs').getByTestId('tx-describe').count()).toBeGreaterThanOrEqual(14)
    await page.getByTestId('explorer-search').fill('no-such-thing')
    await page.getByTestId('explorer-search').press('Enter')
    await expect.poll(() => page.getByTestId('explorer-search-problem').innerText()).toContain('No block, transaction or signer')
  })

  it('lists the agency of the consortium with its voting power', async () => {
    await page.getByTestId('nav-consortium').click()
    const agencies = page.getByTestId('consortium-agencies')
    await expect.poll(() => agencies.locator('tbody tr').count(), { timeout: 10_000 }).toBe(1)
    expect(await agencies.innerText()).toContain('local-agency')
    const power = await page.getByTestId('agency-power-local-agency').innerText()
    expect(power).toContain('10')
    expect(power).toContain('100%')
    const status = (await api(node, 'GET', '/api/v1/status')).body
    expect(await page.getByTestId('consortium-chain-id').innerText()).toBe(status.chainId)
    expect(await page.getByTestId('consortium-label').innerText()).toContain('Local consortium')
    expect(await page.getByTestId('consortium-validators').innerText()).toContain('100%')
    expect(await page.getByTestId('consortium-admins').innerText()).toContain(admin.slice(0, 8))
    // one validator holds all the power: none of it may fail
    expect(await page.getByTestId('consortium-tolerance').innerText()).toContain('if any one stops')
    await shoot(page, 'consortium.png')
    // the local agency by its name in the UI language, in every table (its id only in the id column)
    await page.getByTestId('lang-switch').selectOption('ko')
    await expect.poll(() => agencies.innerText()).toContain('이 컴퓨터의 시험용 기관')
    expect(await agencies.innerText()).not.toContain('Local agency (this computer)')
    expect(await page.getByTestId('consortium-admins').innerText()).toContain('이 컴퓨터의 시험용 기관')
    await page.getByTestId('lang-switch').selectOption('en')
    await expect.poll(() => page.getByTestId('nav-settings').innerText()).toBe('Settings')
  })

  it('shows the data folder, node version, chain, label and API address in settings', async () => {
    await page.getByTestId('nav-settings').click()
    await expect.poll(() => page.getByTestId('settings-data-dir').innerText(), { timeout: 10_000 }).toContain(home)
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version
    expect(await page.getByTestId('settings-node-version').innerText()).toBe(version)
    expect(await page.getByTestId('settings-chain-id').innerText()).toMatch(/^daejang-local-/)
    expect(await page.getByTestId('settings-label').getAttribute('data-label')).toBe('local')
    expect(await page.getByTestId('settings-api-address').innerText()).toBe(node.url)
    await shoot(page, 'settings.png')
    // the language switch there follows vue-i18n, and the header's follows it
    await page.getByTestId('settings-language-ko').click()
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('ko')
    await expect.poll(() => page.getByTestId('nav-settings').innerText()).toBe('설정')
    expect(await page.getByTestId('lang-switch').inputValue()).toBe('ko')
    await page.getByTestId('lang-switch').selectOption('en')
    await expect.poll(() => page.getByTestId('nav-settings').innerText()).toBe('Settings')
  })
})
