/// <reference lib="dom" />
/**
 * What the livestock reporting journeys share (livestock-farmer.test.ts, livestock-slaughterhouse.test.ts): a node
 * (blocks every 300 ms, the UI served) whose agency is the ministry, roles granted and reports signed with the CLI
 * where a journey only needs them done, and the steps on the livestock screens (a tab opened, a report signed and
 * followed until the node decides).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'
import { type StartedNode, cli, startNode, tempHome } from '../integration/harness'
import { LONG } from './land-setup'

/** codes, tx types, payload keys and role ids that must never show on a livestock screen */
export const RAW_LIVESTOCK = /livestock\.\w|LIVESTOCK_[A-Z_]+|livestockReport\.|\bhanwoo\b|\bdnaSample\b|\bweightKg\b|\btoKeeper\b|\bslaughterhouse\b|\bfmd\b/

export interface LivestockNode {
  node: StartedNode
  home: string
  /** CLI keys by name */
  keys: Record<string, string>
  file: (name: string) => string
  cleanup: () => void
}

export async function livestockNode(cliKeys: readonly string[] = []): Promise<LivestockNode> {
  const t = tempHome()
  const home = join(t.dir, 'node')
  expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'mafra', '--agency-name', '농림축산식품부', '--json']).code).toBe(0)
  const node = await startNode(home, ['--ui'])
  const keys: Record<string, string> = {}
  for (const name of cliKeys) {
    const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
    expect(k.code, k.stderr).toBe(0)
    keys[name] = k.json.publicKey
  }
  return { node, home, keys, file: (name) => join(t.dir, name), cleanup: t.cleanup }
}

/** The agency's administrator grants a role to a key (made in the app or with the CLI). */
export function grant(l: LivestockNode, subject: string, role: string, label: string): void {
  const g = cli(['role', 'grant', '--home', l.home, '--subject', subject, '--role', role, '--label', label, '--json'])
  expect(g.code, g.stdout + g.stderr).toBe(0)
}

/** A CLI key signs a report and submits it, waiting until it is committed. */
export function signed(l: LivestockNode, key: string, type: string, payload: unknown): void {
  const out = l.file(`tx-${Date.now()}-${Math.random().toString(36).slice(2)}.json`)
  writeFileSync(`${out}.payload`, JSON.stringify(payload))
  const s = cli(['tx', 'sign', '--home', l.home, '--key', key, '--type', type, '--payload-file', `${out}.payload`, '--out', out, '--json'])
  expect(s.code, s.stdout + s.stderr).toBe(0)
  const sub = cli(['tx', 'submit', out, '--home', l.home, '--wait', '--json'])
  expect(sub.code, sub.stdout + sub.stderr + readFileSync(out, 'utf8')).toBe(0)
}

/**
 * Opens a livestock screen (livestock-report, livestock-sites, livestock-standstills): by its tab, or — where the
 * session has one screen only, and the frame shows no tabs — at its address.
 */
export async function openScreen(page: Page, name: string): Promise<void> {
  await page.getByTestId('nav-livestock').click()
  await expect.poll(() => page.getByTestId('register-livestock').count(), LONG).toBe(1)
  const tab = page.getByTestId(`livestock-tab-${name}`)
  if ((await page.getByTestId('register-livestock').locator('nav.tabs').count()) > 0) await tab.click()
  else await page.evaluate((path) => (location.hash = `#/livestock/${path}`), name.replace(/^livestock-/, ''))
  await expect.poll(() => page.getByTestId(name).count(), LONG).toBe(1)
}

export const reportKind = (page: Page): Locator => page.getByTestId('livestock-report-kind')

/** Signs the report form as filled (through the confirmation when it asks), and waits for the node's decision. */
export async function report(page: Page, expected: 'committed' | 'rejected'): Promise<void> {
  const status = await decided(page, 'livestock-report-result', async () => {
    const result = page.getByTestId('livestock-report-result')
    const before = (await result.count()) > 0 ? await result.getAttribute('data-hash') : null
    await page.getByTestId('livestock-report-submit').click()
    const confirm = page.getByTestId('livestock-report-confirm')
    await expect.poll(async () => (await confirm.isVisible()) || ((await result.count()) > 0 && (await result.getAttribute('data-hash')) !== before), LONG).toBe(true)
    if (await confirm.isVisible()) {
      const expectedText = (await confirm.getByTestId('livestock-report-confirm-expected').innerText()).trim()
      await confirm.getByTestId('livestock-report-confirm-input').fill(expectedText)
      await confirm.getByTestId('livestock-report-confirm-input').press('Enter')
    }
  })
  expect(status).toBe(expected)
}

/**
 * Does `act` (a click that signs), then waits until the form's result (FormSent, test id `testid`) is a new
 * transaction and the node has decided it: returns its status.
 */
export async function decided(page: Page, testid: string, act: () => Promise<void>): Promise<string | null> {
  const result = page.getByTestId(testid)
  const before = (await result.count()) > 0 ? await result.getAttribute('data-hash') : null
  await act()
  await expect
    .poll(async () => {
      if ((await result.count()) === 0 || (await result.getAttribute('data-hash')) === before) return false
      const status = await result.getAttribute('data-status')
      return status === 'committed' || status === 'rejected'
    }, LONG)
    .toBe(true)
  return result.getAttribute('data-status')
}
