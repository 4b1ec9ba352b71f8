/// <reference lib="dom" />
/**
 * What the land journeys share (land-apply.test.ts, land-clerk.test.ts): a node with a registry office and a
 * registrar made with the CLI, a land register opened for an owner, applications made, co-signed and submitted with
 * the CLI, and the steps on the app's land screens (the register read in the application form, an act passed from
 * one key to another through the outbox's file export and import).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { type StartedNode, cli, startNode, tempHome } from '../integration/harness'

export const LONG = { timeout: 60_000 }
/** what entering an application would meet today: its own line, or a finding of receipt marked as still holding */
export const FINDING_NOW = '[data-testid="land-finding-now"], [data-testid="land-finding"][data-now="true"]'
export const OFFICE = '1101'
/** codes, tx types, payload keys and ids that must never show on a land screen */
export const RAW = /ownership\.|right\.|restriction\.|provisional\.|land\.\w|building-site|new-building|\bjeonse\b|agency-\w|LAND_[A-Z_]+|idHash|causeOn/

export interface LandNode {
  node: StartedNode
  home: string
  dir: string
  year: string
  /** two days ago, the cause's day */
  causeOn: string
  /** CLI keys by name */
  keys: Record<string, string>
  number: (seq: number) => string
  file: (name: string) => string
  cleanup: () => void
}

export const holder = (name: string, key: string, id = '800101-1******') => ({
  kind: 'person',
  name,
  id,
  idHash: null,
  address: '서울특별시 종로구 사직로 161',
  key,
  agency: null,
  share: null,
})

export function request(register: string, causeOn: string, o: Record<string, unknown>): Record<string, unknown> {
  return {
    register,
    purpose: 'ownership.transfer',
    cause: 'sale',
    causeOn,
    holders: [],
    of: null,
    portion: null,
    amount: null,
    debtor: null,
    target: null,
    caseNo: null,
    mandate: null,
    ...o,
  }
}

/** A node (blocks every 300 ms, the UI served) with office 1101 and a registrar key `registrar` made with the CLI. */
export async function landNode(cliKeys: readonly string[]): Promise<LandNode> {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const kst = new Date(Date.now() + 9 * 3600_000)
  const year = kst.toISOString().slice(0, 4)
  const causeOn = new Date(Date.now() + 9 * 3600_000 - 2 * 86_400_000).toISOString().slice(0, 10)
  expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'court', '--agency-name', '대법원 법원행정처', '--json']).code).toBe(0)
  const node = await startNode(home, ['--ui'])
  const keys: Record<string, string> = {}
  for (const name of ['registrar', ...cliKeys]) {
    const k = cli(['keys', 'create', '--home', home, '--name', name, '--json'])
    expect(k.code, k.stderr).toBe(0)
    keys[name] = k.json.publicKey
  }
  expect(cli(['role', 'grant', '--home', home, '--subject', keys.registrar!, '--role', 'registrar', '--label', '등기관 김영희', '--json']).code).toBe(0)
  expect(cli(['land', 'office', 'define', '--home', home, '--office', OFFICE, '--name', '서울중앙지방법원 등기국', '--json']).code).toBe(0)
  return {
    node,
    home,
    dir: t.dir,
    year,
    causeOn,
    keys,
    number: (seq) => `${OFFICE}-${year}-${String(seq).padStart(6, '0')}`,
    file: (name) => join(t.dir, name),
    cleanup: t.cleanup,
  }
}

/** Opens a land register at 서울 종로구 세종로 <main>-3 owned by `owner` (its key); returns its number. */
export function openRegister(l: LandNode, main: number, owner: { name: string; key: string }): string {
  writeFileSync(
    l.file(`open-${main}.json`),
    JSON.stringify({
      office: OFFICE,
      head: { kind: 'land', location: { sido: '서울특별시', sigungu: '종로구', dong: '세종로', ri: null, mountain: false, main, sub: 3 }, road: null, category: 'building-site', area: '330.00' },
      owners: [holder(owner.name, owner.key)],
      cause: 'new-building',
      causeOn: l.causeOn,
    }),
  )
  const o = cli(['land', 'open', '--home', l.home, '--key', 'registrar', '--file', l.file(`open-${main}.json`), '--json'])
  expect(o.code, o.stderr).toBe(0)
  return o.json.number as string
}

/** A CLI key signs an application naming `cosigners`; the act is written to `<file>-act.json` (not submitted). */
export function prepareAct(l: LandNode, signer: string, file: string, req: Record<string, unknown>, cosigners: readonly string[]): string {
  writeFileSync(l.file(`${file}.json`), JSON.stringify(req))
  const out = l.file(`${file}-act.json`)
  const a = cli(['land', 'apply', '--home', l.home, '--key', signer, '--file', l.file(`${file}.json`), ...cosigners.flatMap((c) => ['--cosigner', c]), '--out', out, '--json'])
  expect(a.code, a.stderr).toBe(0)
  return readFileSync(out, 'utf8')
}

/** Applies with the CLI (the signer, a CLI co-signer), submits and waits; returns the receipt number given. */
export function applyByCli(l: LandNode, signer: string, file: string, req: Record<string, unknown>, cosigner: string): number {
  prepareAct(l, signer, file, req, [l.keys[cosigner]!])
  expect(cli(['tx', 'cosign', l.file(`${file}-act.json`), '--home', l.home, '--key', cosigner, '--yes', '--json']).code).toBe(0)
  const s = cli(['tx', 'submit', l.file(`${file}-act.json`), '--home', l.home, '--wait', '--json'])
  expect(s.code, s.stdout + s.stderr).toBe(0)
  const q = cli(['land', 'queue', '--home', l.home, '--office', OFFICE, '--json'])
  return Math.max(...q.json.map((x: { receipt: number }) => x.receipt))
}

/** In the app: imports an act's text (of `type`) in the outbox, signs it with the unlocked key and sends it; waits until committed. */
export async function cosignInOutbox(page: Page, actText: string, type = 'land.apply'): Promise<void> {
  await page.getByTestId('nav-outbox').click()
  const act = page.getByTestId('act-item')
  await page.getByTestId('acts-import').click()
  await page.getByTestId('acts-import-text').locator('textarea').fill(actText)
  await page.getByTestId('acts-import-confirm').click()
  // the import dialog closes once the act is saved on this device (it is listed a moment before)
  await expect.poll(() => page.getByTestId('acts-import-dialog').count(), LONG).toBe(0)
  await expect.poll(() => act.count(), LONG).toBe(1)
  await act.getByTestId('act-sign').click()
  await page.getByTestId('act-sign-confirm').click()
  await expect.poll(() => page.getByTestId('act-sign-dialog').count(), LONG).toBe(0)
  // signed, or the reason it was not (a notification) in the failure message
  await expect
    .poll(async () => `${await act.getAttribute('data-complete')} ${(await page.locator('.n-message').allInnerTexts()).join(' | ')}`, LONG)
    .toMatch(/^true/)
  await act.getByTestId('act-send').click()
  await expect.poll(() => act.count(), LONG).toBe(0)
  const item = page.locator(`[data-testid="outbox-item"][data-type="${type}"]`).first()
  await expect.poll(() => item.getAttribute('data-status'), LONG).toBe('committed')
}

/** The land screens' language: the switch, then wait for the page to say it. */
export async function setLanguage(page: Page, lang: 'ko' | 'en'): Promise<void> {
  await page.getByTestId('lang-switch').selectOption(lang)
  await expect.poll(() => page.evaluate(() => document.documentElement.lang), LONG).toBe(lang)
}

/** Opens "Follow my application" for a register and returns its items' locator. */
export async function followRegister(page: Page, number: string) {
  await page.getByTestId('nav-land-apply').click()
  await page.getByTestId('land-tab-follow').click()
  const input = page.getByTestId('land-follow-register')
  await expect.poll(() => input.count(), LONG).toBe(1)
  await input.fill(number)
  await input.press('Enter')
  return page.getByTestId('land-follow-item')
}
