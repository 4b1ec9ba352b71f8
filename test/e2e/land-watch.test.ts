/// <reference lib="dom" />
/**
 * The bank's watch list and owner lookup in Chromium against a running node (docs/adr/0038). A bank officer's key is
 * made in the app and granted its role; the officer opens a register and watches it from its page; a sale is applied
 * and entered with the CLI; the watch list then shows the application received and the entry entered, in words with
 * the block, unread until read. The officer finds the buyer's register by registration number, the lookup signed with
 * the device's key. No code, payload key or raw id is shown, in English or Korean.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identifierHash } from '../../src/ledger/registries/land/portable/identifiers'
import { type StartedNode, cli, startNode, stopAll, tempHome } from '../integration/harness'
import { ensureUiBuilt, launch } from './browser'
import { closeNotifications, createKey, unlockKey } from './keys-ui'

const LONG = { timeout: 60_000 }
const PASS = 'bank officer passphrase 1'
const PEPPER_HEX = '5e'.repeat(32)
const BUYER_ID = '900202-2345678'
/** codes, payload keys and ids a person must never read */
const RAW = /ownership\.|right\.|restriction\.|building-site|new-building|LAND_[A-Z_]+|land\.(?:apply|enter)|\b[0-9a-f]{64}\b|\b[0-9a-f]{12}…/

describe('land screens: the bank watches a register and looks up an owner', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  const keys: Record<string, string> = {}
  const kst = new Date(Date.now() + 9 * 3600_000)
  const year = kst.toISOString().slice(0, 4)
  const causeOn = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)
  const NUMBER = `1101-${year}-000001`
  const holder = (name: string, key: string, id: string | null = null) => ({
    kind: 'person',
    name,
    id: id === null ? '800101-1******' : `${id.slice(0, 8)}******`,
    idHash: id === null ? null : identifierHash(Buffer.from(PEPPER_HEX, 'hex'), id),
    address: '서울특별시 종로구 사직로 161',
    key,
    agency: null,
    share: null,
  })
  let node: StartedNode
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    ensureUiBuilt()
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']).code).toBe(0)
    // the consortium's pepper, given to the bank's node outside the ledger
    writeFileSync(join(home, 'land-pepper'), PEPPER_HEX + '\n')
    node = await startNode(home, ['--ui'])
    for (const name of ['registrar', 'seller', 'buyer']) {
      const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
      expect(k.code, k.stderr).toBe(0)
      keys[name] = k.json.publicKey
    }
    expect(cli(['role', 'grant', '--home', home, '--subject', keys.registrar!, '--role', 'registrar', '--label', '등기관 김영희', '--json']).code).toBe(0)
    expect(cli(['land', 'office', 'define', '--home', home, '--office', '1101', '--name', '서울중앙지방법원 등기국', '--json']).code).toBe(0)
    writeFileSync(
      f('open.json'),
      JSON.stringify({
        office: '1101',
        head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main: 1, sub: 3 }, road: null, category: 'building-site', area: '330.00' },
        owners: [holder('박서준', keys.seller!)],
        cause: 'new-building',
        causeOn,
      }),
    )
    const o = cli(['land', 'open', '--home', home, '--key', 'registrar', '--file', f('open.json'), '--json'])
    expect(o.code, o.stderr).toBe(0)
    expect(o.json.number).toBe(NUMBER)

    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 10 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('makes a key in the app, granted the bank-officer role', async () => {
    const officer = await createKey(page, '은행 담당자 한지민', PASS, [])
    const g = cli(['role', 'grant', '--home', home, '--subject', officer, '--role', 'bank-officer', '--label', '한빛은행 담당자', '--json'])
    expect(g.code, g.stdout + g.stderr).toBe(0)
    await page.reload()
    await unlockKey(page, officer, PASS)
    await closeNotifications(page)
  })

  it('watches the register from its page', async () => {
    await expect.poll(() => page.getByTestId('nav-land').locator('.app-nav__locked').count(), LONG).toBe(0)
    await page.getByTestId('nav-land').click()
    const input = page.getByTestId('land-lookup-input')
    await expect.poll(() => input.count(), LONG).toBe(1)
    await input.fill(NUMBER)
    await input.press('Enter')
    await expect.poll(() => page.getByTestId('land-register').getAttribute('data-number'), LONG).toBe(NUMBER)
    const button = page.getByTestId('land-watch-button')
    await expect.poll(() => button.getAttribute('data-watched'), LONG).toBe('false')
    await page.getByTestId('land-watch-this').click()
    await expect.poll(() => button.getAttribute('data-watched'), LONG).toBe('true')
    await page.getByTestId('land-watch-link').click()
    await expect.poll(() => page.locator(`[data-testid="land-watch-item"][data-number="${NUMBER}"]`).count(), LONG).toBe(1)
    expect(await page.getByTestId('land-watch-no-changes').count()).toBe(1)
  })

  it('shows the sale entered with the CLI as change notices, unread until read', async () => {
    const request = {
      register: NUMBER,
      purpose: 'ownership.transfer',
      cause: 'sale',
      causeOn,
      holders: [holder('김민지', keys.buyer!, BUYER_ID)],
      of: null,
      portion: null,
      amount: '850000000',
      debtor: null,
      target: null,
      caseNo: null,
      mandate: null,
    }
    writeFileSync(f('sale.json'), JSON.stringify(request))
    const a = cli(['land', 'apply', '--home', home, '--key', 'buyer', '--file', f('sale.json'), '--cosigner', keys.seller!, '--out', f('sale-act.json'), '--json'])
    expect(a.code, a.stderr).toBe(0)
    expect(cli(['tx', 'cosign', f('sale-act.json'), '--home', home, '--key', 'seller', '--yes', '--json']).code).toBe(0)
    expect(cli(['tx', 'submit', f('sale-act.json'), '--home', home, '--wait', '--json']).code).toBe(0)
    const q = cli(['land', 'queue', '--home', home, '--office', '1101', '--json'])
    const receipt = Math.max(...q.json.map((x: { receipt: number }) => x.receipt))
    const e = cli(['land', 'enter', '--home', home, '--key', 'registrar', '--office', '1101', '--year', year, '--receipt', String(receipt), '--yes', '--json'])
    expect(e.code, e.stderr).toBe(0)

    const changes = page.getByTestId('land-watch-changes')
    const notes = page.getByTestId('land-watch-note')
    await expect.poll(() => notes.count(), LONG).toBe(2)
    await expect.poll(() => changes.getAttribute('data-unread'), LONG).toBe('2')
    expect(await notes.nth(0).getAttribute('data-kind')).toBe('entry')
    expect(await notes.nth(0).getByTestId('land-watch-note-words').innerText()).toBe('Transfer of ownership was entered at section A, rank 2.')
    expect(await notes.nth(1).getByTestId('land-watch-note-words').innerText()).toBe(`An application for transfer of ownership was received (receipt no. ${receipt}).`)
    expect(await notes.nth(0).innerText()).toMatch(/Block \d+/)
    expect(await page.getByTestId('land-watch-unread').innerText()).toBe('2 unread')
    expect(await page.getByTestId('land-watch').innerText()).not.toMatch(RAW)
    // read one, then the rest
    await notes.nth(1).getByTestId('land-watch-note-read').click()
    await expect.poll(() => changes.getAttribute('data-unread'), LONG).toBe('1')
    await page.getByTestId('land-watch-read-all').click()
    await expect.poll(() => changes.getAttribute('data-unread'), LONG).toBe('0')
    // in Korean
    await page.getByTestId('lang-switch').selectOption('ko')
    await expect.poll(() => notes.nth(0).getByTestId('land-watch-note-words').innerText(), LONG).toBe('갑구 2번에 소유권이전 등기가 기입되었습니다.')
    expect(await page.getByTestId('land-watch-unread').innerText()).toBe('읽지 않은 알림 0건')
    expect(await page.getByTestId('land-watch').innerText()).not.toMatch(RAW)
    await page.getByTestId('lang-switch').selectOption('en')
  })

  it('finds the buyer’s register by registration number, signed with the device’s key, and keeps the number off the screen', async () => {
    await page.getByTestId('land-tab-owners').click()
    const input = page.getByTestId('land-owners-input')
    await expect.poll(() => input.count(), LONG).toBe(1)
    await input.fill(BUYER_ID)
    await page.getByTestId('land-owners-submit').click()
    const row = page.locator(`[data-testid="land-owners-row"][data-number="${NUMBER}"]`)
    await expect.poll(() => row.count(), LONG).toBe(1)
    expect(await row.innerText()).toContain('Owner 김민지 (sole)')
    const screen = await page.getByTestId('land-owners').innerText()
    expect(screen).not.toContain('2345678')
    expect(await input.inputValue()).toBe('')
    expect(screen).not.toMatch(RAW)
  })
})
