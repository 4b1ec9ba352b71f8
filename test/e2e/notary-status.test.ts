/// <reference lib="dom" />
/**
 * Proven status on the Verify screen and the standalone verifier page, in Chromium (docs/adr/0027). A node with a
 * state tree prints format-2 certificates: on the Verify screen one verifies, "in force as of block N (date)" from the
 * node's own status proof. The record is then revoked (by the CLI); offline, the standalone page reads a later status
 * proof from its status-proof slot and says the record is revoked as of that block — in English and in Korean — and a
 * status proof changed by hand (revoked turned back to issued) is refused in words. The app's slot does the same.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAttachments } from '../../src/ledger/cert/attachment'
import { fromHex, toHex } from '../../src/ledger/codec/bytes'
import { type Canonical, decodeCanonical, encodeCanonical } from '../../src/ledger/codec/canonical'
import { type StartedNode, cli, startNode, stopAll, tempHome } from '../integration/harness'
import { VERIFIER_PAGE, ensureUiBuilt, launch } from './browser'

const LONG = { timeout: 60_000 }
const REASON = '위조된 날인 forged seal'

const checkResults = async (page: Page): Promise<Record<string, string | null>> => {
  const out: Record<string, string | null> = {}
  for (const c of await page.getByTestId('verify-check').all()) out[(await c.getAttribute('data-check'))!] = await c.getAttribute('data-result')
  return out
}
const statusCheck = (page: Page): Locator => page.locator('[data-testid="verify-check"][data-check="status"]')
/** the status check's sentences, one a line */
const statusText = async (page: Page): Promise<string> => (await statusCheck(page).getByTestId('verify-check-text').allInnerTexts()).join('\n')

describe('proven status on the Verify screen and the standalone page', () => {
  const t = tempHome()
  const home = join(t.dir, 'node')
  const f = (name: string): string => join(t.dir, name)
  let node: StartedNode
  let browser: Browser
  let page: Page
  let number = ''
  let registeredAt = 0
  let revokedAt = 0 // the block of the later status proof showing the revocation

  beforeAll(async () => {
    ensureUiBuilt()
    expect(cli(['init', '--home', home, '--heartbeat-ms', '300', '--agency-id', 'mofa', '--agency-name', '외교부 MOFA', '--json']).code).toBe(0)
    node = await startNode(home, ['--ui'])
    const k = cli(['keys', 'create', '--home', home, '--name', 'notary', '--json'])
    const g = cli(['role', 'grant', '--home', home, '--subject', k.json.publicKey, '--role', 'notary', '--label', '공증인 김영희', '--json'])
    expect(g.code, g.stderr).toBe(0)
    writeFileSync(f('diploma.pdf'), '%PDF-1.4\n% diploma of Hong Gildong (proven status)\n%%EOF\n')
    const r = cli(['notary', 'register', '--home', home, '--key', 'notary', '--file', f('diploma.pdf'), '--type', 'Diploma', '--holder', '홍길동', '--json'])
    expect(r.code, r.stderr).toBe(0)
    number = r.json.number
    registeredAt = r.json.height
    expect(cli(['notary', 'certificate', '--home', home, '--number', number, '--out', f('cert.pdf'), '--lang', 'en', '--json']).code).toBe(0)
    const [att] = await readAttachments(readFileSync(f('cert.pdf')))
    expect(JSON.parse(new TextDecoder().decode(att!.bytes)).qr).toMatch(/^DJ:NOTARY\/2:/) // format 2
    expect(cli(['trust', 'export', '--home', home, '--out', f('trust.json')]).code).toBe(0)
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    await page.goto(`${node.url}/#token=${node.token}`)
  }, 5 * 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopAll()
    t.cleanup()
  })

  it('the Verify screen: a format-2 certificate verifies, in force as of block N (date) from the node’s status proof', async () => {
    await page.getByTestId('nav-verify').click()
    await page.getByTestId('verify-drop-input').setInputFiles([f('diploma.pdf'), f('cert.pdf')])
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid')
    expect(await checkResults(page)).toEqual({ integrity: 'pass', status: 'pass', issuer: 'pass' })
    expect(await page.getByTestId('verify-status-mode').getAttribute('data-live')).toBe('true')
    const m = /^In force as of block (\d+) \((.+)\), proven by a state proof\.$/m.exec(await statusText(page))
    expect(m).not.toBeNull()
    expect(Number(m![1])).toBeGreaterThanOrEqual(registeredAt)
    expect(m![2]).toMatch(/\d{4}/) // a date, in words
  })

  it('after a revocation, the standalone page reads a later status proof offline: revoked, as of that block (English)', async () => {
    const r = cli(['notary', 'revoke', '--home', home, '--key', 'notary', '--number', number, '--reason', REASON, '--json'])
    expect(r.code, r.stderr).toBe(0)
    const sp = cli(['notary', 'status-proof', '--home', home, '--number', number, '--out', f('status-revoked.json'), '--json'])
    expect(sp.code, sp.stderr).toBe(0)
    revokedAt = sp.json.height
    expect(revokedAt).toBeGreaterThan(registeredAt)
    // the same proof, its status turned back to "issued" by hand: header and signatures untouched
    const json = JSON.parse(readFileSync(f('status-revoked.json'), 'utf8'))
    const st = json.state.proof.entries.find((e: { key: string }) => e.key.endsWith('/st'))
    const value = decodeCanonical(fromHex(st.value)) as { status: string }
    expect(value.status).toBe('revoked')
    st.value = toHex(encodeCanonical({ ...value, status: 'issued' } as Canonical))
    writeFileSync(f('status-forged.json'), JSON.stringify(json))

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const standalone = await context.newPage()
    const requests: string[] = []
    standalone.on('request', (q) => requests.push(q.url()))
    await standalone.goto(pathToFileURL(VERIFIER_PAGE).href)
    await standalone.getByTestId('verify-drop-input').setInputFiles([f('trust.json'), f('cert.pdf'), f('diploma.pdf')])
    const result = standalone.getByTestId('verify-result')
    // the certificate alone: in force as of the registering block, amber
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('valid-as-of')
    expect(await standalone.getByTestId('verify-status-mode').getAttribute('data-proven-later')).toBe('false')
    // the later status proof, in its own slot
    await standalone.getByTestId('verify-status-proof-input').setInputFiles(f('status-revoked.json'))
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    expect(await standalone.getByTestId('verify-slot-status-proof').innerText()).toContain('status-revoked.json')
    expect(await checkResults(standalone)).toEqual({ integrity: 'pass', status: 'fail', issuer: 'pass' })
    const text = await statusText(standalone)
    expect(text).toContain('Revoked on')
    expect(text).toContain(REASON)
    expect(text).toContain(`(As of block ${revokedAt} (`)
    // the status line names the status proof's block, not "the registering block"
    const mode = standalone.getByTestId('verify-status-mode')
    expect(await mode.getAttribute('data-proven-later')).toBe('true')
    expect(await mode.innerText()).toContain(`as of block ${revokedAt} (`)
    expect(await mode.innerText()).not.toContain('registering block')
    expect(await standalone.getByTestId('verify-verdict').innerText()).toBe('Not valid')
    expect(requests.filter((q) => !q.startsWith('blob:') && !q.startsWith('file:'))).toEqual([])
    await context.close()
  })

  it('the standalone page refuses a forged status proof, in words (English)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' })
    const standalone = await context.newPage()
    await standalone.goto(pathToFileURL(VERIFIER_PAGE).href)
    await standalone.getByTestId('verify-drop-input').setInputFiles([f('trust.json'), f('cert.pdf'), f('diploma.pdf'), f('status-forged.json')])
    const result = standalone.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    expect(await checkResults(standalone)).toEqual({ integrity: 'pass', status: 'fail', issuer: 'pass' })
    const text = await statusText(standalone)
    expect(text).toContain('A status proof was refused')
    expect(text).not.toContain('In force')
    await context.close()
  })

  it('in Korean: revoked as of that block, and a forged status proof refused', async () => {
    const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' })
    const standalone = await context.newPage()
    await standalone.goto(pathToFileURL(VERIFIER_PAGE).href)
    await standalone.getByTestId('verify-drop-input').setInputFiles([f('trust.json'), f('cert.pdf'), f('diploma.pdf')])
    await standalone.getByTestId('verify-status-proof-input').setInputFiles(f('status-revoked.json'))
    const result = standalone.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    const text = await statusText(standalone)
    expect(text).toContain('취소되었습니다')
    expect(text).toContain(REASON)
    expect(text).toContain(`(블록 ${revokedAt}(`)
    expect(await standalone.getByTestId('verify-status-mode').innerText()).toContain(`블록 ${revokedAt}(`)
    expect(await standalone.getByTestId('verify-verdict').innerText()).toBe('유효하지 않습니다')

    await standalone.getByTestId('verify-clear').click()
    await standalone.getByTestId('verify-drop-input').setInputFiles([f('cert.pdf'), f('diploma.pdf'), f('status-forged.json')])
    await expect.poll(async () => (await checkResults(standalone)).status, LONG).toBe('fail')
    await expect.poll(() => statusText(standalone), LONG).toContain('상태 증명을 거부했습니다')
    await context.close()
  })

  it('the Verify screen’s status-proof slot: a forged file is refused in words, the revoked one shows the revocation', async () => {
    await page.getByTestId('verify-clear').click()
    await page.getByTestId('verify-drop-input').setInputFiles([f('diploma.pdf'), f('cert.pdf')])
    await page.getByTestId('verify-status-proof-input').setInputFiles(f('status-forged.json'))
    const result = page.getByTestId('verify-result')
    await expect.poll(() => result.getAttribute('data-verdict'), LONG).toBe('invalid')
    await expect.poll(() => statusText(page), LONG).toContain('A status proof was refused')
    expect(await checkResults(page)).toEqual({ integrity: 'pass', status: 'fail', issuer: 'pass' })

    await page.getByTestId('verify-slot-status-proof').getByRole('button').click()
    await page.getByTestId('verify-status-proof-input').setInputFiles(f('status-revoked.json'))
    await expect.poll(() => statusText(page), LONG).toContain('Revoked on')
    expect(await statusText(page)).toContain(REASON)
    expect(await result.getAttribute('data-verdict')).toBe('invalid')
    // asked live too: the node's own status proof, as new as or newer than the file's
    const m = /\(As of block (\d+) \(/.exec(await statusText(page))
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(revokedAt)
  })
})
